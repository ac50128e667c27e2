#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Same guest, same seed, same bytes out: two runs of an SMP guest must print
# identical console output and the same instruction count.
set -eu
VSPE=$1 ELF=$2 OUT=$3
[ -f "$ELF" ] || { echo "no $ELF: guests not built"; exit 77; }
for i in 1 2; do
	timeout 120 "$VSPE" run --cpus 4 --host-cpus 2 --seed 7 --quantum 5000 "$ELF" >"$OUT.$i" 2>&1 || {
		echo "run $i failed:"; head -c 4000 "$OUT.$i"; exit 1; }
done
if ! cmp -s "$OUT.1" "$OUT.2"; then
	echo "the two runs differ:"; diff "$OUT.1" "$OUT.2" | head -40; exit 1
fi
grep -q "guest instructions, exit status 0" "$OUT.1"
echo "identical: $(tail -1 "$OUT.1")"
