#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench/machine/run.sh BUILD: speed numbers, then the instruction cost of a
# vCPU switch counted by callgrind (exact, independent of the host's load).
set -eu
B=${1:-build}
timeout 300 "$B/bin/bench_machine" "$B/bench/machine/loops.bin"
if command -v valgrind >/dev/null 2>&1; then
	out=$(mktemp)
	timeout 600 valgrind --tool=callgrind --callgrind-out-file="$out" \
		--toggle-collect=vcpu_load "$B/bin/bench_machine" \
		"$B/bench/machine/loops.bin" 2000 >/dev/null 2>&1 || true
	# 200000 switches + 1 first load, all through vcpu_load
	awk '/^summary:/ { printf "callgrind: %.0f host instructions per vCPU switch\n", $2 / 200001 }' "$out"
	rm -f "$out"
fi
# The default stage 2's cost, exact: host instructions per guest instruction
# of the ALU + load/store loops under each memory configuration (callgrind
# counts only inside run_loop), and the ratio to the identity stage 2.
if command -v valgrind >/dev/null 2>&1; then
	base=""
	for c in 0 1 2 3; do
		out=$(mktemp)
		line=$(timeout 600 valgrind --tool=callgrind --callgrind-out-file="$out" \
			--toggle-collect=run_loop "$B/bin/bench_machine" \
			"$B/bench/machine/loops.bin" 400000 mm-only=$c 2>/dev/null || true)
		host=$(awk '/^summary:/ { print $2 }' "$out")
		rm -f "$out"
		guest=$(echo "$line" | sed -n 's/.*: \([0-9]*\) guest instructions/\1/p')
		name=$(echo "$line" | sed -n 's/^mm-only [0-9]* (\(.*\)):.*/\1/p')
		[ -n "$host" ] && [ -n "$guest" ] || continue
		[ -z "$base" ] && base=$(awk "BEGIN { print $host / $guest }")
		awk -v n="$name" -v h="$host" -v g="$guest" -v b="$base" 'BEGIN {
			printf "callgrind: %-30s %7.1f host instructions per guest instruction (%.3fx)\n",
			       n, h / g, h / g / b }'
	done
fi
