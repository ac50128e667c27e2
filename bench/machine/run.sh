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
