#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# What the trace channel costs, in one run: the SPE demo guest (10.5 M
# instructions, 4,219 records in 137 KB, 3 TRACE_WRITE pieces) and spe-smp
# (4 vCPUs, 8 pieces) under `vspe run --spe` without -o (the driver's calls
# return NOT_SUPPORTED) and with -o (perf.data written), best of REPEAT
# wall-clock runs each (the machine is shared), then the ratios.
#   bench/spe-vmm/run.sh [BUILD] [REPEAT]
set -eu
BUILD=${1:-build}
REPEAT=${2:-5}
VSPE=$BUILD/vspe
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

best() {	# best wall time in ms of REPEAT runs of "$@"
	b=""
	i=0
	while [ $i -lt "$REPEAT" ]; do
		t0=$(date +%s%N)
		timeout 120 "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
		t1=$(date +%s%N)
		ms=$(( (t1 - t0) / 1000000 ))
		if [ -z "$b" ] || [ "$ms" -lt "$b" ]; then b=$ms; fi
		i=$((i + 1))
	done
	echo "$b"
}

for g in "spe-demo --cpus 1 --quantum 1000000" "spe-smp --cpus 4 --host-cpus 4"; do
	set -- $g
	name=$1
	shift
	elf=$BUILD/guest/$name.elf
	plain=$(best "$VSPE" run --quiet --spe "$@" "$elf")
	traced=$(best "$VSPE" run --quiet --spe "$@" -o "$OUT/$name.data" "$elf")
	bytes=$(wc -c < "$OUT/$name.data")
	echo "$name: without -o ${plain} ms, with -o ${traced} ms ($bytes-byte perf.data)," \
	     "ratio $(awk "BEGIN { printf \"%.2f\", $traced / ($plain ? $plain : 1) }")"
done
t=$(best "$VSPE" report "$OUT/spe-demo.data" --elf "$BUILD/guest/spe-demo.elf")
echo "vspe report of the demo trace: ${t} ms"
