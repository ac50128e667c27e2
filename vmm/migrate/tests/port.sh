# SPDX-License-Identifier: GPL-2.0-only
# Sourced by the migration scripts: wait_port LOG prints the port a
# `vspe run --incoming tcp:H:0` wrote to LOG (polled for at most 10 s).
wait_port() {
	for _ in $(seq 1 200); do
		p=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$1" 2>/dev/null)
		[ -n "$p" ] && { echo "$p"; return 0; }
		sleep 0.05
	done
	echo "no listening port in $1" >&2
	return 1
}
