#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# A migration whose connection breaks (docs/migration.md), loopback only:
# no listener, then the destination dropping the connection at each phase
# (setup: after CONF; precopy: after the first memory image; final: after
# the last image; ack: restored but before confirming). Each time the source says in which phase it
# failed, keeps running and writes exactly the trace of a run that never
# tried; the destination fails and never runs the guest.
set -eu
VSPE=$1 ELF=$2 OUT=$3
[ -f "$ELF" ] || { echo "no $ELF: guests not built"; exit 77; }
mkdir -p "$OUT"
M="--spe --cpus 4 --host-cpus 3 --quantum 5000 --mm-storm=5000 --seed 9"
timeout 120 "$VSPE" run --quiet $M -o "$OUT/ref.data" "$ELF" >"$OUT/ref.log" 2>&1 ||
	{ head -c 4000 "$OUT/ref.log"; exit 1; }
. "$(dirname "$0")/port.sh"
source_survives() {	# source_survives PORT PHASE
	timeout 120 "$VSPE" run $M -o "$OUT/s-$2.data" --migrate-to tcp:127.0.0.1:$1 \
		--migrate-at 1000000 "$ELF" >"$OUT/s-$2.log" 2>&1 ||
		{ echo "$2: the source failed"; head -c 4000 "$OUT/s-$2.log"; exit 1; }
	grep -q "migration failed in phase $3: .*the guest keeps running here" "$OUT/s-$2.log" ||
		{ echo "$2: no failure report for phase $3"; grep vspe "$OUT/s-$2.log"; exit 1; }
	grep -q "EXIT: STATUS=0" "$OUT/s-$2.log" || { echo "$2: the guest did not finish"; exit 1; }
	cmp "$OUT/ref.data" "$OUT/s-$2.data" || { echo "$2: the source's trace changed"; exit 1; }
}
# Port 1 on loopback: nothing listens (connection refused).
source_survives 1 connect setup
for phase in setup precopy final ack; do
	: >"$OUT/d-$phase.log"	# exists before the loop below reads it
	timeout 120 "$VSPE" run --incoming tcp:127.0.0.1:0 --incoming-cut $phase -o "$OUT/d-$phase.data" \
		>>"$OUT/d-$phase.log" 2>&1 &
	dst=$!
	port=$(wait_port "$OUT/d-$phase.log") || { kill $dst; exit 1; }
	# The source learns of a drop before DONE while it waits for DONE: phase final.
	want=$phase
	[ "$phase" = ack ] && want=final
	source_survives "$port" "$phase" "$want"
	if wait $dst; then echo "$phase: the destination claims success"; exit 1; fi
	if grep -q "EXIT:\|guest instructions" "$OUT/d-$phase.log"; then
		echo "$phase: the destination ran the guest"; cat "$OUT/d-$phase.log"; exit 1
	fi
	echo "$phase: $(grep -o 'migration failed in phase.*' "$OUT/s-$phase.log" | head -1)"
done
echo "cut at connect, setup, precopy, final, ack: the source ran on, traces identical"
