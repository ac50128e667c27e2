#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Live migration end to end (docs/migration.md), loopback only: the spe-smp
# guest (4 vCPUs profiling) under a host memory storm migrates ten times
# along a chain of eleven vspe processes, each destination listening on a
# port the kernel chose (port 0); the last one's trace must be
# byte-identical to a run that never moved.
set -eu
VSPE=$1 ELF=$2 OUT=$3
[ -f "$ELF" ] || { echo "no $ELF: guests not built"; exit 77; }
mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT"/*.data
M="--spe --cpus 4 --host-cpus 3 --quantum 2000 --mm-storm=5000 --seed 5"
timeout 120 "$VSPE" run --quiet $M -o "$OUT/ref.data" "$ELF" >"$OUT/ref.log" 2>&1 ||
	{ head -c 4000 "$OUT/ref.log"; exit 1; }
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
. "$(dirname "$0")/port.sh"
# Destinations 10 .. 1; destination k moves the VM on at 300,000 + 500,000 k.
next=""
for k in 10 9 8 7 6 5 4 3 2 1; do
	fwd=""
	[ -n "$next" ] && fwd="--migrate-to tcp:127.0.0.1:$next --migrate-at $((300000 + 500000 * k))"
	: >"$OUT/d$k.log"	# exists before port_of reads it
	timeout 180 "$VSPE" run --incoming tcp:127.0.0.1:0 -o "$OUT/d$k.data" $fwd \
		>>"$OUT/d$k.log" 2>&1 &
	pids="$pids $!"
	next=$(wait_port "$OUT/d$k.log")
done
timeout 180 "$VSPE" run $M -o "$OUT/s.data" --migrate-to tcp:127.0.0.1:$next --migrate-at 300000 \
	"$ELF" >"$OUT/s.log" 2>&1 || { echo "source failed"; head -c 4000 "$OUT/s.log"; exit 1; }
rc=0
for p in $pids; do wait "$p" || rc=$?; done
pids=""
[ $rc -eq 0 ] || { echo "a destination failed ($rc)"; tail -n 5 "$OUT"/d*.log | head -c 8000; exit 1; }
moves=$(cat "$OUT/s.log" "$OUT"/d*.log | grep -c "vspe: migrated to")
[ "$moves" -eq 10 ] || { echo "$moves migrations, expected 10"; grep -h "migrat" "$OUT"/*.log | head -40; exit 1; }
grep -q "EXIT: STATUS=0" "$OUT/d10.log" || { echo "the guest did not finish at the end"; tail -5 "$OUT/d10.log"; exit 1; }
cmp "$OUT/ref.data" "$OUT/d10.data" || { echo "the migrated trace differs from the unmigrated one"; exit 1; }
grep -h "vspe: migrated to" "$OUT/s.log" "$OUT"/d*.log | sed 's/.*instructions: //' | head -10
echo "10 migrations: trace identical ($(wc -c <"$OUT/ref.data") bytes)"
