#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Guest MIPS of one compute-bound ELF under vspe and under QEMU TCG
# (qemu-system-aarch64 -M virt,gic-version=3 -cpu max), side by side.
# Each is timed at two loop lengths (best of REPEAT runs); the difference
# cancels start-up, so
#   MIPS = (instructions(big) - instructions(small)) / (time(big) - time(small)).
# Usage: bench/vm/run.sh [BUILD] [SMALL_ITERS] [BIG_ITERS]
set -eu
BUILD=${1:-build}
SMALL=${2:-5000000}
BIG=${3:-205000000}
VMS=${VMS:-vspe qemu}	# which to measure; the ratio needs both
REPEAT=${REPEAT:-3}	# runs per measurement; the fastest counts
BODY=8		# instructions per loop iteration (bench/vm/loop.S)
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$BUILD/bench-vm
VSPE=$BUILD/vspe
mkdir -p "$OUT"

MMIO_SMALL=${MMIO_SMALL:-20000}
MMIO_BIG=${MMIO_BIG:-220000}
build_guest() {	# build_guest SOURCE ITERS OUTPUT
	aarch64-linux-gnu-gcc -nostdlib -static -DITERS="$2" -Wl,-Ttext=0x40200000 \
		-Wl,-N -Wl,--no-warn-rwx-segments -Wl,--build-id=none -o "$3" "$HERE/$1"
}
for n in "$SMALL" "$BIG"; do
	build_guest loop.S "$n" "$OUT/loop-$n.elf"
done
for n in "$MMIO_SMALL" "$MMIO_BIG"; do
	build_guest mmio.S "$n" "$OUT/mmio-$n.elf"
done

now() { date +%s.%N; }

# time_run LABEL CMD...: the shortest wall time of REPEAT runs (the machine
# is shared: the minimum is the least disturbed); the guest must exit 0.
time_run() {
	label=$1; shift
	best=""
	i=0
	while [ $i -lt "$REPEAT" ]; do
		t0=$(now)
		if ! timeout 120 "$@" >"$OUT/$label.log" 2>&1; then
			echo "bench/vm: $label failed (see $OUT/$label.log)" >&2
			head -c 2000 "$OUT/$label.log" >&2
			exit 1
		fi
		t1=$(now)
		best=$(echo "$t0 $t1 $best" | awk '{ d = $2 - $1; if ($3 != "" && $3 < d) d = $3; printf "%.6f", d }')
		i=$((i + 1))
	done
	echo "$best"
}

QEMU="qemu-system-aarch64 -M virt,gic-version=3 -cpu max -m 128M -nographic -no-reboot -kernel"
insns=$(( (BIG - SMALL) * BODY ))
results=""
for vm in $VMS; do
	if [ "$vm" = vspe ]; then
		if [ ! -x "$VSPE" ]; then echo "bench/vm: $VSPE missing" >&2; exit 1; fi
		ts=$(time_run vspe-small "$VSPE" run --quiet "$OUT/loop-$SMALL.elf")
		tb=$(time_run vspe-big "$VSPE" run --quiet "$OUT/loop-$BIG.elf")
	else
		ts=$(time_run qemu-small $QEMU "$OUT/loop-$SMALL.elf")
		tb=$(time_run qemu-big $QEMU "$OUT/loop-$BIG.elf")
	fi
	mips=$(echo "$insns $ts $tb" | awk '{ d = $3 - $2; if (d <= 0) d = 1e-9; printf "%.1f", $1 / d / 1e6 }')
	printf '%-5s  small %8.3f s  big %8.3f s  guest MIPS %8s\n' "$vm" "$ts" "$tb" "$mips"
	results="$results $mips"
done
[ "$VMS" = "vspe qemu" ] || exit 0
echo "$results" | awk '{ printf "ratio vspe/qemu: %.3f (%d M instructions measured)\n", $1 / $2, '"$insns"' / 1e6 }'

# The guest developer's compute test (runtime + MMU + 10M-iteration ALU
# loop), whole-run wall time under both, when the build has it.
COMPUTE=$BUILD/guest/compute.elf
if [ "$VMS" = "vspe qemu" ] && [ -f "$COMPUTE" ]; then
	tv=$(time_run vspe-compute "$VSPE" run --quiet "$COMPUTE")
	tq=$(time_run qemu-compute $QEMU "$COMPUTE")
	echo "$tv $tq" | awk '{ printf "compute.elf wall time: vspe %.3f s, qemu %.3f s, ratio vspe/qemu time %.2f\n", $1, $2, $1 / $2 }'
fi

# Exit cost: a guest that writes MMIO_BIG - MMIO_SMALL more bytes to the
# UART; each is an exit to the VMM under vspe (a device access in QEMU).
if [ "$VMS" = "vspe qemu" ]; then
	vs=$(time_run vspe-mmio-small "$VSPE" run --quiet "$OUT/mmio-$MMIO_SMALL.elf")
	vb=$(time_run vspe-mmio-big "$VSPE" run --quiet "$OUT/mmio-$MMIO_BIG.elf")
	qs=$(time_run qemu-mmio-small $QEMU "$OUT/mmio-$MMIO_SMALL.elf")
	qb=$(time_run qemu-mmio-big $QEMU "$OUT/mmio-$MMIO_BIG.elf")
	echo "$vs $vb $qs $qb $((MMIO_BIG - MMIO_SMALL))" | awk '{
		v = ($2 - $1) / $5 * 1e6; q = ($4 - $3) / $5 * 1e6
		printf "UART MMIO write: vspe %.3f us/exit, qemu %.3f us/access, ratio %.2f\n", v, q, v / q }'
fi
