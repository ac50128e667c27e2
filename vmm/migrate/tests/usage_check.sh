#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The snapshot and migration flags' usage errors (exit 2, a message naming
# the problem) and bad addresses (exit 1): nothing runs in any case.
set -eu
VSPE=$1 ELF=$2 OUT=$3
[ -f "$ELF" ] || { echo "no $ELF: guests not built"; exit 77; }
mkdir -p "$OUT"
check() {	# check STATUS MESSAGE ARGS...
	want=$1 msg=$2; shift 2
	rc=0
	timeout 30 "$VSPE" run "$@" >"$OUT/out.log" 2>&1 || rc=$?
	[ "$rc" -eq "$want" ] || { echo "vspe run $*: status $rc, expected $want"; cat "$OUT/out.log"; exit 1; }
	grep -q -- "$msg" "$OUT/out.log" || { echo "vspe run $*: expected '$msg'"; cat "$OUT/out.log"; exit 1; }
	if grep -q "guest instructions" "$OUT/out.log"; then echo "vspe run $*: ran"; exit 1; fi
}
check 2 "exclude each other" --restore x.snap --incoming tcp:127.0.0.1:0
check 2 "brings its guest" --restore x.snap "$ELF"
check 2 "needs --incoming" --incoming-cut setup "$ELF"
check 2 "cannot be combined with --snapshot" --spe --host-profile --snapshot x.snap "$ELF"
check 2 "cannot be profiled by the host" --host-profile --restore x.snap
check 1 "expected tcp:HOST:PORT" --incoming 127.0.0.1:0
check 1 "port is not 0..65535" --incoming tcp:127.0.0.1:70000
check 1 "is not setup, precopy, final or ack" --incoming tcp:127.0.0.1:0 --incoming-cut never
echo "usage errors refused"
