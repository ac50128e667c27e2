#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Check a console log for init.sh's markers, in order.
#   check-markers.sh LOG "marker" ...   (each a grep -E pattern after "VSPE-LINUX: ")
log=${1:?usage: check-markers.sh LOG MARKER...}; shift
[ -f "$log" ] || { echo "check: no log $log"; exit 1; }
got=$(tr -d '\r' <"$log" | grep -a '^VSPE-LINUX: ')
echo "$got" | head -n 40
n=0
for m in "$@"; do
	n=$((n + 1))
	line=$(echo "$got" | grep -n -E "^VSPE-LINUX: $m" | head -n 1 | cut -d: -f1)
	[ -n "$line" ] || { echo "check: marker $n \"$m\" missing"; tail -c 3000 "$log"; exit 1; }
	got=$(echo "$got" | sed "1,${line}d")
done
echo "check: all $n markers found"
