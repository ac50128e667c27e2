#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# bench/linux/run.sh [BUILD]: Debian's arm64 Linux to /init and through a
# whole `perf record` run, under QEMU (-M virt,gic-version=3 -cpu
# cortex-a72) and under vspe, on the same Image and initramfs, side by side.
# Needs BUILD/linux from the linux-prepare test. Columns:
#   wall-init   host seconds from start to /init's first marker
#   wall-end    host seconds for the whole emulator process
#   perf-s      host seconds inside `perf record` (marker to marker)
#   insn-init   guest instructions (all vCPUs) at /init, in millions
#   insn-perf   guest instructions inside `perf record`, in millions
#   insn-end    guest instructions of the whole run, in millions
#   clk-init    the kernel's uptime at /init in guest nanoseconds, millions:
#               on both, one nanosecond of guest time per instruction (vspe:
#               16 per 62.5 MHz tick; QEMU: -icount shift=0), plus idle
#               time skipped; comparable between the two
# vspe counts instructions exactly (`vspe run --mark`). QEMU's come from a
# second run under -icount shift=0,sleep=off, where a guest nanosecond is
# one instruction: the kernel's uptime, so they leave out what runs before
# its clock starts (~95 M instructions of early boot for this kernel and
# 256 MB; vspe's insn-init includes them), and count skipped idle time in
# (the -icount run's own times are not shown). QEMU has no SPE: its perf run
# records cpu-clock (init.sh's sw mode); vspe runs it with SPE off (sw) and
# with SPE on (arm_spe_0). Rows that fail say so and the table goes on.
# Environment: CPUS (2), BENCH_TIMEOUT (600 s per run), QEMU_ROWS and
# VSPE_ROWS (1; 0 skips those rows: vspe's while the CPU layer cannot boot
# the kernel). A failed run's console is kept as BUILD/bench-linux-NAME.log.
set -u
B=${1:-build}
D="$B/linux"
here=$(cd "$(dirname "$0")" && pwd)
run="$here/../../scripts/linux/run.sh"
cpus=${CPUS:-2}
[ -f "$D/initramfs.cpio" ] || { echo "bench/linux: no $D/initramfs.cpio: run ctest -R linux-prepare first" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

now() { date +%s.%N; }
# stamp LOG: copies stdin to LOG, noting when /init's markers pass by.
stamp() {
	: >"$1.t"
	while IFS= read -r line; do
		printf '%s\n' "$line" >>"$1"
		case "$line" in
		"VSPE-LINUX: init "*) echo "init $(now)" >>"$1.t";;
		"VSPE-LINUX: perf record "*) echo "perf0 $(now)" >>"$1.t";;
		"VSPE-LINUX: perf-rc="*) echo "perf1 $(now)" >>"$1.t";;
		esac
	done
}
t_of() { sed -n "s/^$2 //p" "$1.t" | head -n 1; }
# vspe's "--mark" lines: the instruction count at a marker.
insn_at() {
	tr -d '\r' <"$1" | grep -a "^vspe: mark at .* instructions: VSPE-LINUX: $2" | head -n 1 |
		sed 's/^vspe: mark at \([0-9]*\) instructions.*/\1/'
}
# QEMU -icount: the uptime= on a marker, in guest seconds = G instructions.
uptime_at() {
	tr -d '\r' <"$1" | grep -a "^VSPE-LINUX: $2" | head -n 1 | sed -n 's/.*uptime=\([0-9.]*\).*/\1/p'
}
sub() { awk -v a="${1:-}" -v b="${2:-}" -v s="${3:-1}" 'BEGIN {
	if (a == "" || b == "") print "-"; else printf "%.2f", (a - b) / s }'; }
show() { awk -v a="${1:-}" -v s="${2:-1}" 'BEGIN { if (a == "") print "-"; else printf "%.0f", a / s }'; }

# row NAME EMU MODE [SPE]: one run, timed; SPE 0/1: vspe's --spe.
row() {
	name=$1 emu=$2 mode=$3 spe=${4:-0}
	log="$out/$name.log"
	: >"$log"
	t0=$(now)
	if [ "$emu" = qemu ]; then
		LINUX_TIMEOUT=${BENCH_TIMEOUT:-600} "$run" qemu "$D" "$D/initramfs.cpio" "$mode" - "$cpus" 2>>"$log.err" |
			stamp "$log"
	else
		LINUX_TIMEOUT=${BENCH_TIMEOUT:-600} LINUX_SPE=$spe "$run" "$emu" "$D" "$D/initramfs.cpio" \
			"$mode" - "$cpus" 2>>"$log.err" --mark "VSPE-LINUX: " | stamp "$log"
	fi
	t1=$(now)
	if ! grep -aq 'VSPE-LINUX: poweroff' "$log"; then
		printf "%-24s failed: %s; %s\n" "$name" "$(tail -n 1 "$log.err")" \
			"$(tr -d '\r' <"$log" | grep -a '^vspe' | grep -v '^vspe: spe' | tail -n 1)"
		cp "$log" "$B/bench-linux-$name.log" 2>/dev/null
		return 0
	fi
	ti=$(t_of "$log" init); p0=$(t_of "$log" perf0); p1=$(t_of "$log" perf1)
	if [ "$emu" = qemu ]; then
		# The same run again under -icount for the instruction counts.
		QEMU_EXTRA="-icount shift=0,sleep=off" LINUX_TIMEOUT=${BENCH_TIMEOUT:-600} \
			"$run" qemu "$D" "$D/initramfs.cpio" "$mode" "$out/$name.icount.log" "$cpus" >/dev/null
		ic="$out/$name.icount.log"
		ii=$(uptime_at "$ic" init); ia=$(uptime_at "$ic" "perf record"); ib=$(uptime_at "$ic" perf-rc)
		ie=$(uptime_at "$ic" poweroff)
		ii=$(show "$ii" 0.001); ie=$(show "$ie" 0.001); ip=$(sub "$ib" "$ia" 0.001); ci=$ii
		ip=${ip%.*}
	else
		ci=$(uptime_at "$log" init); ci=$(show "$ci" 0.001)
		ii=$(insn_at "$log" init); ia=$(insn_at "$log" "perf record"); ib=$(insn_at "$log" perf-rc)
		ie=$(tr -d '\r' <"$log" | sed -n 's/^vspe: \([0-9]*\) guest instructions.*/\1/p' | tail -n 1)
		ip=$(sub "$ib" "$ia" 1000000); ip=${ip%.*}
		ii=$(show "$ii" 1000000); ie=$(show "$ie" 1000000)
	fi
	printf '%-24s %9s %9s %9s %10s %10s %10s %9s\n' "$name" "$(sub "$ti" "$t0")" "$(sub "$t1" "$t0")" \
		"$(sub "$p1" "$p0")" "$ii" "$ip" "$ie" "$ci"
}

printf '%-24s %9s %9s %9s %10s %10s %10s %9s\n' case wall-init wall-end perf-s insn-init insn-perf insn-end clk-init
printf '%-24s %9s %9s %9s %10s %10s %10s %9s\n' '' s s s M M M M
if [ "${QEMU_ROWS:-1}" = 1 ]; then
	row "qemu-boot-${cpus}cpu" qemu boot
	row "qemu-perf-sw-${cpus}cpu" qemu sw
fi
if [ "${VSPE_ROWS:-1}" = 1 ]; then
	row "vspe-boot-${cpus}cpu" "$B/vspe" boot 0
	row "vspe-boot-spe-${cpus}cpu" "$B/vspe" boot 1
	row "vspe-perf-sw-${cpus}cpu" "$B/vspe" sw 0
	row "vspe-perf-spe-${cpus}cpu" "$B/vspe" spe 1
fi
