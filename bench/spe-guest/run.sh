#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Guest instructions per second with SPE off and on (intervals 256, 1024,
# 4096; passing vs exact stops only; identity stage 2), and the unit register
# accesses per vCPU switch: bench/spe-guest/run.sh BUILD [callgrind]
# With "callgrind" (and valgrind installed) it also prints host instructions
# inside hyp_vm_run per mode for 2 M guest instructions: deterministic, so
# the ratios do not move with the load of the shared machine (minutes).
set -eu
BUILD=${1:-build}
BIN="$BUILD/bin/bench_spe_guest"
[ -x "$BIN" ] || { echo "bench/spe-guest: build $BIN first" >&2; exit 1; }
"$BIN"
[ "${2:-}" = callgrind ] || exit 0
command -v valgrind > /dev/null || { echo "bench/spe-guest: no valgrind" >&2; exit 0; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
off=""
offi=""
printf '%-8s %16s %9s\n' mode "host insns" "vs off"
for m in off 256 1024 4096 256x 1024x 4096x offi 4096i; do
	n=$(timeout 900 valgrind --tool=callgrind --toggle-collect=hyp_vm_run \
		--callgrind-out-file="$out/cg.$m" "$BIN" 400000 "$m" 2>&1 |
		sed -n 's/.*refs: *//p' | tr -d ,)
	[ "$m" = off ] && off=$n
	[ "$m" = offi ] && offi=$n
	base=$off
	case $m in *i) base=$offi ;; esac
	awk -v m="$m" -v n="$n" -v b="$base" 'BEGIN { printf "%-8s %16d %8.3fx\n", m, n, n / b }'
done
