#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vspe run --host-profile -o FILE, then vspe report (and Linux perf when
# installed) on it: records carry CONTEXTIDR_EL2 = VM 1, vCPU 0 and the
# guest's symbols; bad host-profiling flags are usage errors (exit 2).
set -eu
VSPE=$1
ELF=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

timeout 60 "$VSPE" run --spe --host-profile=vcpu:0 -o "$T/host.data" "$ELF" >"$T/out" 2>&1 || {
	cat "$T/out"; exit 1; }
grep -q "EXIT: STATUS=0" "$T/out"
grep -q "vspe: host profile $T/host.data: [1-9][0-9]* bytes" "$T/out"
timeout 60 "$VSPE" report "$T/host.data" >"$T/report"
grep -q "^  0x10000    vm 1    vcpu 0 " "$T/report" || { cat "$T/report"; exit 1; }
grep -q "branchy_run" "$T/report" || { cat "$T/report"; exit 1; }
# No record without the context: the table's one row is all of them.
grep -q "vcpu 0 .* 100.00%" "$T/report" || { cat "$T/report"; exit 1; }

for bad in --host-profile=cpu:9 --host-profile=vcpu:1 --host-profile=all \
	   --spe-policy=none --spe-switch=fast --host-interval=100 --host-interval=300; do
	rc=0
	"$VSPE" run --spe "$bad" "$ELF" >"$T/bad" 2>&1 || rc=$?
	if [ "$rc" -ne 2 ]; then
		echo "$bad: exit $rc, expected 2"; cat "$T/bad"; exit 1
	fi
done

if command -v perf >/dev/null 2>&1; then
	timeout 60 perf report -i "$T/host.data" --stdio -D 2>/dev/null | grep -q "CONTEXT 0x10000 el2" || {
		echo "perf does not see CONTEXTIDR_EL2 0x10000"; exit 1; }
fi
echo "cli-hostprof: ok"
