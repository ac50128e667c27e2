#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vspe run -o end to end: the spe-smp guest (4 vCPUs, each profiling its own
# loop and handing its pieces over the trace channel) twice; the perf.data
# files must be byte-identical (deterministic), and vspe report must find
# each CPU's 975 records in its own stream and its own loop symbol, the
# number the SPE units say they wrote for each vCPU (--stats).
set -eu
VSPE=$1 ELF=$2 OUT=$3
[ -f "$ELF" ] || { echo "no $ELF: guests not built"; exit 77; }
for i in 1 2; do
	timeout 120 "$VSPE" run --quiet --stats --spe --cpus 4 --host-cpus 4 -o "$OUT.$i" "$ELF" \
		> "$OUT.log.$i" 2>&1 || { head -c 20000 "$OUT.log.$i"; exit 1; }
done
cmp "$OUT.1" "$OUT.2" || { echo "two runs wrote different traces"; exit 1; }
json=$("$VSPE" report "$OUT.1" --elf "$ELF" --json)
for want in '"records": 3900' '"decode_errors": 0' '"truncated_buffers": 0' \
	'"cpus": {"0": 975, "1": 975, "2": 975, "3": 975}' \
	'{"symbol": "smp_work0", "samples": 975}' '{"symbol": "smp_work3", "samples": 975}'
do
	if ! printf '%s\n' "$json" | grep -qF -- "$want"; then
		echo "missing: $want"; printf '%s\n' "$json" | head -40; exit 1
	fi
done
for want in 'vspe: spe vCPU 0: records 975, lost 0, bytes 28266' \
	'vspe: spe vCPU 3: records 975, lost 0, bytes 28266' \
	'vspe: spe total: records 3900, lost 0, bytes 113064 (4 vCPUs)'
do
	grep -qF -- "$want" "$OUT.log.1" || { echo "missing: $want"; cat "$OUT.log.1"; exit 1; }
done
echo "trace OK"
