#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench/mm/run.sh BUILD: the memory table (docs/memory.md). Sections 1-4
# from bench_mm (tracking bytes, lock times, storm rates, strategies in the
# library); section 5 runs real guests through `vspe run` with each
# pinning strategy, without and with an aggressive storm, interleaved,
# best of 3: the guest's slowdown from the storm (ratio, same run) and the
# records lost (exact: the same seed gives the same counts).
set -eu
B=${1:-build}
RATE=${MM_BENCH_RATE:-200000}
timeout 300 "$B/bin/bench_mm"

ms() { echo $(( $(date +%s%N) / 1000000 )); }
# run GUEST PIN STORM -> "milliseconds|stats line"
run() {
	t0=$(ms)
	out=$(timeout 60 "$B/vspe" run --quiet --spe --stats --spe-pin="$2" $3 "$B/guest/$1.elf" 2>&1 || true)
	t1=$(ms)
	echo "$((t1 - t0))|$(echo "$out" | grep 'vspe: mm:' | head -1)"
}
field() { echo "$1" | sed -n "s/.*$2 \([0-9]*\).*/\1/p"; }

echo "5. guest slowdown from the storm ($RATE host events per million guest instructions), vspe run --spe"
printf '   %-12s %-7s %9s %9s %7s %6s %10s %10s %9s %9s\n' guest pin "calm ms" "storm ms" ratio lost \
	"storm ev" refused "cpu flt" "spe flt"
for g in spe-mm-move spe-demo; do
	for pin in none buffer all; do
		best_c=999999; best_s=999999; line=""
		for r in 1 2 3; do
			c=$(run "$g" "$pin" ""); s=$(run "$g" "$pin" "--mm-storm=$RATE")
			tc=${c%%|*}; ts=${s%%|*}; line=${s#*|}
			[ "$tc" -lt "$best_c" ] && best_c=$tc
			[ "$ts" -lt "$best_s" ] && best_s=$ts
		done
		printf '   %-12s %-7s %9d %9d %7s %6s %10s %10s %9s %9s\n' "$g" "$pin" "$best_c" "$best_s" \
			"$(awk "BEGIN { printf \"%.2fx\", $best_s / $best_c }")" \
			"$(field "$line" 'records lost')" "$(field "$line" 'storm events')" \
			"$(echo "$line" | sed -n 's/.*(refused \([0-9]*\)).*/\1/p')" \
			"$(field "$line" 'faults cpu')" "$(echo "$line" | sed -n 's/.*faults cpu [0-9]* spe \([0-9]*\).*/\1/p')"
	done
done
