#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench/linux/run.sh BUILD [vspe]: time Debian's arm64 Linux to /init and
# through a whole `perf record` run. Needs BUILD/linux from the linux-prepare
# test (or scripts/linux/fetch.sh + mkinitramfs.sh). Columns:
#   wall      host seconds for the whole emulator process (boot to power-off)
#   init      guest uptime at /init's first marker
#   perf      guest seconds inside `perf record` (sw mode: cpu-clock, as
#             QEMU's cortex-a72 has no SPE)
#   end       guest uptime at power-off
# QEMU rows run twice: plain TCG (guest time ~ wall time) and -icount
# shift=0,sleep=off, where a guest nanosecond is one instruction, so "init"
# and "end" read as G instructions (idle periods are skipped forward, so
# they are an upper bound). The vspe row appears once `vspe run` has
# --kernel (pass "vspe" as the second argument).
set -eu
B=${1:-build}
D="$B/linux"
here=$(cd "$(dirname "$0")" && pwd)
run="$here/../../scripts/linux/run.sh"
[ -f "$D/initramfs.cpio" ] || { echo "bench/linux: no $D/initramfs.cpio: run ctest -R linux-prepare first" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

field() {	# LOG MARKER-REGEX -> the uptime= value on that marker line
	tr -d '\r' <"$1" | grep -a -E "^VSPE-LINUX: $2" | head -n 1 | sed -n 's/.*uptime=\([0-9.]*\).*/\1/p'
}
row() {	# NAME EMU MODE CPUS
	name=$1; emu=$2; mode=$3; cpus=$4
	t0=$(date +%s.%N)
	LINUX_TIMEOUT=600 "$run" "$emu" "$D" "$D/initramfs.cpio" "$mode" "$out/$name.log" "$cpus" >/dev/null || {
		echo "$name: failed (see the log)"; tail -c 1500 "$out/$name.log"; return 0; }
	t1=$(date +%s.%N)
	i=$(field "$out/$name.log" init); e=$(field "$out/$name.log" poweroff)
	ps=$(field "$out/$name.log" "perf record"); pe=$(field "$out/$name.log" perf-rc)
	perf=$(awk -v a="${ps:-0}" -v b="${pe:-0}" 'BEGIN { if (b > 0) printf "%.3f", b - a; else printf "-" }')
	printf '%-26s %8.2f %8s %8s %8s\n' "$name" "$(echo "$t1 $t0" | awk '{ print $1 - $2 }')" "$i" "$perf" "$e"
}
printf '%-26s %8s %8s %8s %8s\n' case wall init perf end
row qemu-boot-2cpu qemu boot 2
row qemu-perf-2cpu qemu sw 2
QEMU_EXTRA="-icount shift=0,sleep=off" row qemu-icount-boot-2cpu qemu boot 2
QEMU_EXTRA="-icount shift=0,sleep=off" row qemu-icount-perf-2cpu qemu sw 2
if [ "${2:-}" = vspe ]; then
	row vspe-boot-4cpu "$B/vspe" boot 4
	row vspe-spe-4cpu "$B/vspe" spe 4
fi
