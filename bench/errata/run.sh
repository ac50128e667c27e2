#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# N1 erratum 1694299's model: its cost on the unit's CPU path (bench_errata)
# and end to end, the spe-errata guest on N1 r4p1 (no erratum) and r3p1,
# alternated 3 times so the ratio holds on a shared machine.
# usage: bench/errata/run.sh [BUILD_DIR]
set -eu
BUILD=${1:-build}
"$BUILD/bin/bench_errata" | sed 's/^/  /'
elf=$BUILD/guest/spe-errata.elf
if [ ! -f "$elf" ]; then
	echo "  (no $elf: guests not built, end-to-end part skipped)"
	exit 0
fi
ns() { date +%s%N; }
for i in 1 2 3; do
	for m in neoverse-n1:r4p1 neoverse-n1; do
		t0=$(ns)
		timeout 120 "$BUILD/vspe" run --quiet --spe --cpu "$m" --append "errata=0" "$elf" \
			>/dev/null 2>&1 || true
		t1=$(ns)
		printf '  guest spe-errata --cpu %-17s %6.2f s\n' "$m" \
			"$(echo "($t1 - $t0) / 1000000000" | bc -l)"
	done
done
