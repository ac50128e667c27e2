#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench/sched/run.sh [BUILD]: the host scheduler's policies side by side
# (docs/machine.md, "Scheduling"): the same guest under `--sched rr` (a
# vCPU moves at every slice) and `--sched affine` (the default: it stays),
# in turn, ROUNDS times (default 3), one run at a time. Columns:
#   cpu-s     host CPU seconds (user+sys) of the vspe process, best round
#   wall-s    wall seconds of that round
#   insns     guest instructions (each policy's must be the same every round)
#   vs-rr     cpu-s against rr's in the same table
# Cases (they need BUILD/linux: ctest -R linux-prepare): Debian's Linux on
# 2 vCPUs and 4 host CPUs with scripts/linux/run.sh's command line, booted
# to power-off (mode boot) and through a cpu-clock `perf record` (mode sw).
set -u
B=${1:-build}
rounds=${ROUNDS:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# secs FILE: the children's user+sys seconds in the output of `times`.
secs() {
	sed -n 2p "$1" | tr 'ms' '  ' | awk '{ print $1 * 60 + $2 + $3 * 60 + $4 }'
}

# cpu_of CMD...: runs CMD (output to $out/log); prints "cpu wall".
cpu_of() {
	t0=$(date +%s.%N)
	times >"$out/t0"
	"$@" >"$out/log" 2>&1 </dev/null
	times >"$out/t1"
	t1=$(date +%s.%N)
	awk -v a="$(secs "$out/t0")" -v b="$(secs "$out/t1")" -v s="$t0" -v e="$t1" \
		'BEGIN { printf "%.2f %.2f\n", b - a, e - s }'
}

# bench NAME ARGS...: rr and affine in turn, ROUNDS times; the rows keep
# each policy's best round.
bench() {
	name=$1; shift
	best_rr="" wall_rr="" best_affine="" wall_affine="" insns_rr="" insns_affine=""
	for r in $(seq "$rounds"); do
		for pol in rr affine; do
			cpu_of timeout 300 "$B/vspe" run --sched "$pol" "$@" >"$out/res"
			n=$(tr -d '\r' <"$out/log" | sed -n 's/^vspe: \([0-9]*\) guest instructions.*/\1/p' | tail -n 1)
			if [ -z "$n" ]; then
				printf '%-22s %-7s failed: %s\n' "$name" "$pol" "$(tail -n 1 "$out/log")"
				return 0
			fi
			eval "i=\$insns_$pol"
			[ -z "$i" ] || [ "$i" = "$n" ] ||
				echo "bench/sched: $name $pol: $n guest instructions, $i the round before" >&2
			eval "insns_$pol=$n"
			read -r c w <"$out/res"
			eval "b=\$best_$pol"
			if [ -z "$b" ] || awk -v a="$c" -v b="$b" 'BEGIN { exit !(a < b) }'; then
				eval "best_$pol=$c wall_$pol=$w"
			fi
		done
	done
	for pol in rr affine; do
		eval "c=\$best_$pol w=\$wall_$pol i=\$insns_$pol"
		printf '%-22s %-7s %7s %7s %12s %6s\n' "$name" "$pol" "$c" "$w" "$i" \
			"$(awk -v a="$c" -v b="$best_rr" 'BEGIN { printf "%.2f", a / b }')"
	done
}

printf '%-22s %-7s %7s %7s %12s %6s\n' case sched cpu-s wall-s insns vs-rr
D="$B/linux"
[ -f "$D/initramfs.cpio" ] || { echo "bench/sched: no $D/initramfs.cpio: run ctest -R linux-prepare first" >&2; exit 1; }
for mode in boot sw; do
	bench "linux-$mode-2vcpu" --cpus 2 --host-cpus 4 --mem 256M --kernel "$D/Image" \
		--initrd "$D/initramfs.cpio" --params "console=ttyAMA0 nokaslr kpti=off \
cryptomgr.notests panic=-1 vspe.mode=$mode"
done
