#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# One Linux guest test: boot the initramfs (run.sh) in MODE and check the
# console markers that MODE must print there, what the kernel said about
# the machine, then the perf.data if any.
#   boot-test.sh SRCDIR DIR qemu|qemu-dtb|VSPE MODE CPUS NAME [vspe run flags]
# qemu-dtb: QEMU boots with the device tree `VSPE run --dump-dtb` writes for
# the flags (VSPE from $LINUX_VSPE): Linux itself checks vspe's tree.
# vspe runs skip (77) unless LINUX_VSPE_ENABLED=1 (CMake VSPE_LINUX_VSPE, on
# by default).
src=${1:?usage: boot-test.sh SRCDIR DIR qemu|qemu-dtb|VSPE MODE CPUS NAME [flags]}
dir=${2:?}; emu=${3:?}; mode=${4:?}; cpus=${5:?}; name=${6:?}
shift 6
[ -f "$dir/initramfs.cpio" ] || { echo "boot-test: no $dir/initramfs.cpio (linux-prepare failed?)"; exit 1; }
log="$dir/$name.log"
case "$emu" in
qemu) ;;
qemu-dtb)
	vspe=${LINUX_VSPE:?qemu-dtb needs LINUX_VSPE}
	"$vspe" run --mem 256M --cpus "$cpus" "$@" --dump-dtb "$dir/$name.dtb" || exit 1
	QEMU_EXTRA="-dtb $dir/$name.dtb"; export QEMU_EXTRA
	set --;;
*)
	if [ "${LINUX_VSPE_ENABLED:-0}" != 1 ]; then
		echo "boot-test: skipped: configured with -DVSPE_LINUX_VSPE=OFF"
		exit 77
	fi;;
esac
"$src/scripts/linux/run.sh" "${emu%-dtb}" "$dir" "$dir/initramfs.cpio" "$mode" "$log" "$cpus" "$@"
rc=$?
[ $rc = 77 ] && exit 77
[ $rc = 0 ] || { echo "boot-test: the emulator exited with $rc"; tail -c 3000 "$log"; exit 1; }

# kernel_said "LINE" ...: each fixed string is in the kernel's log.
kernel_said() {
	for k in "$@"; do
		tr -d '\r' <"$log" | grep -aqF -- "$k" ||
			{ echo "boot-test: the kernel never said: $k"; tail -c 3000 "$log"; exit 1; }
		echo "boot-test: kernel: $k"
	done
}
# The machine as vspe's device tree describes it (not QEMU's own tree).
if [ "$emu" != qemu ]; then
	kernel_said "Machine model: vspe virt" "psci: PSCIv1" "psci: Trusted OS migration not required" \
		"SMP: Total of $cpus processors activated" "9000000.pl011: ttyAMA0 at MMIO 0x9000000" \
		"arch_timer: cp15 timer(s) running at"
fi
# A partitioned SPE interrupt (SPE_PARTITION, set by the test): the GICv3
# driver names the partition's CPUs; without it there must be none.
part=$(tr -d '\r' <"$log" | grep -a 'GIC: PPI partition' | head -n 1)
if [ -n "${SPE_PARTITION:-}" ]; then
	case "$part" in *"$SPE_PARTITION"*) echo "boot-test: kernel: ${part#*] }";;
	*) echo "boot-test: expected the SPE PPI partition '$SPE_PARTITION', the kernel said '$part'"; exit 1;;
	esac
elif [ -n "$part" ]; then
	echo "boot-test: unexpected PPI partition: $part"; exit 1
fi

chk="$src/tests/linux/check-markers.sh"
base="init mode=$mode.cpus=$cpus"
case "$emu:$mode" in
*:boot)	"$chk" "$log" $base poweroff;;
qemu*:spe)	# QEMU has no SPE: the driver loads, finds nothing, the run ends cleanly.
	"$chk" "$log" $base "perf version" "insmod arm_spe_pmu.ko ok" no-spe poweroff &&
	if [ -n "${SPE_PROBED_CPU:-}" ]; then
		# arm_spe_pmu probes one CPU of its interrupt's partition.
		grep -aqE "arm_spe_pmu spe-pmu: unsupported ID_AA64DFR0_EL1.PMSVer \[0\] on CPU $SPE_PROBED_CPU" "$log" ||
			{ echo "boot-test: arm_spe_pmu did not probe a CPU matching $SPE_PROBED_CPU"; exit 1; }
		echo "boot-test: arm_spe_pmu probed CPU $SPE_PROBED_CPU"
	fi;;
qemu:sw)
	"$chk" "$log" $base "perf version" "insmod arm_spe_pmu.ko ok" no-spe \
		"perf record -e cpu-clock" perf-rc=0 "perf.data end" poweroff &&
	"$src/tests/linux/check-perf.sh" "$log" "$dir/initramfs.cpio.root" sw;;
*:spe)
	# vspe --stats: the records its SPE units wrote for the guest's vCPUs;
	# the guest's perf.data must hold exactly as many.
	unit=$(tr -d '\r' <"$log" | sed -n 's/^vspe: spe total: records \([0-9]*\),.*/\1/p' | tail -n 1)
	[ -n "$unit" ] || { echo "boot-test: no 'vspe: spe total' line (--stats)"; exit 1; }
	"$chk" "$log" $base "perf version" "insmod arm_spe_pmu.ko ok" "spe arm_spe_0" \
		"perf record -e arm_spe_0" perf-rc=0 "perf.data end" poweroff &&
	"$src/tests/linux/check-perf.sh" "$log" "$dir/initramfs.cpio.root" spe "$unit";;
*)	echo "boot-test: no expectations for $emu:$mode"; exit 1;;
esac
