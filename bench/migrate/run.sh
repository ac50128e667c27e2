#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Live migration between two vspe processes over loopback: total migration
# time, downtime and the destination's restore time against guest memory
# size and the guest's dirty rate (bench/migrate/dirty.S), then the SPE
# part of the downtime (bench_migrate). Wall times on a shared machine:
# compare within one run.
#   bench/migrate/run.sh [BUILD]      MEMS="64M 256M 1G" RATES="idle low high"
set -eu
BUILD=${1:-build}
MEMS=${MEMS:-64M 256M 1G}
RATES=${RATES:-idle low high}
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$BUILD/bench-migrate
VSPE=$BUILD/vspe
QUANTUM=10000		# one pre-copy round = 64 slices = 640,000 instructions
mkdir -p "$OUT"
. "$HERE/../../vmm/migrate/tests/port.sh"

# rate -> PAGES SPIN: idle stores nothing after the first pass; low ~160
# pages a round; high rewrites 4096 pages (16 MiB) faster than a round.
params() {
	case $1 in
	idle) echo "1 1000000" ;;
	low) echo "4096 2000" ;;
	high) echo "4096 50" ;;
	esac
}
for r in $RATES; do
	set -- $(params "$r")
	aarch64-linux-gnu-gcc -nostdlib -static -DPASSES=1000000 -DPAGES="$1" -DSPIN="$2" \
		-Wl,-Ttext=0x40200000 -Wl,-N -Wl,--no-warn-rwx-segments -Wl,--build-id=none \
		-o "$OUT/dirty-$r.elf" "$HERE/dirty.S"
done

printf '%-6s %-5s %7s %9s %8s %10s %11s %11s\n' mem rate rounds pages MiB total_ms downtime_us restore_us
for m in $MEMS; do
	for r in $RATES; do
		log=$OUT/$m-$r
		: >"$log.dst"
		rm -f "$log.src"
		timeout 120 "$VSPE" run --incoming tcp:127.0.0.1:0 --max-insns 1 \
			>>"$log.dst" 2>&1 &
		dst=$!
		port=$(wait_port "$log.dst") || { cat "$log.dst"; exit 1; }
		timeout 120 "$VSPE" run --mem "$m" --quantum $QUANTUM --migrate-to tcp:127.0.0.1:"$port" \
			--migrate-at 2000000 --max-insns 40000000 "$OUT/dirty-$r.elf" >"$log.src" 2>&1 || true
		wait "$dst" || true
		line=$(grep "vspe: migrated to" "$log.src" || true)
		[ -n "$line" ] || { echo "bench/migrate: $m $r did not migrate"; tail -5 "$log.src"; continue; }
		echo "$line" | awk -v m="$m" -v r="$r" '{
			for (i = 1; i <= NF; i++) {
				if ($(i + 1) == "rounds,") rounds = $i
				if ($(i + 1) == "pages,") pages = $i
				if ($(i + 1) == "MiB") mib = $i
				if ($i == "in" && $(i + 2) == "ms;") total = $(i + 1)
				if ($i == "downtime") down = $(i + 1)
				if ($i == "restore") rest = $(i + 1)
			}
			printf "%-6s %-5s %7s %9s %8s %10s %11s %11s\n", m, r, rounds, pages, mib, total, down, rest
		}'
	done
done
echo
"$BUILD/bin/bench_migrate"
