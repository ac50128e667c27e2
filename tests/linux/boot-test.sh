#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# One Linux guest test: boot the initramfs (run.sh) in MODE and check the
# console markers that MODE must print there, then the perf.data if any.
#   boot-test.sh SRCDIR DIR qemu|VSPE MODE CPUS NAME [vspe run flags]
# Flags written "?--flag value" are passed only when `vspe run --help`
# lists --flag (e.g. heterogeneous hosts); otherwise the test is skipped.
src=${1:?usage: boot-test.sh SRCDIR DIR qemu|VSPE MODE CPUS NAME [flags]}
dir=${2:?}; emu=${3:?}; mode=${4:?}; cpus=${5:?}; name=${6:?}
shift 6
[ -f "$dir/initramfs.cpio" ] || { echo "boot-test: no $dir/initramfs.cpio (linux-prepare failed?)"; exit 1; }
if [ $# -gt 0 ] && [ -x "$emu" ]; then
	for f in "$@"; do
		case "$f" in --*)
			"$emu" run --help 2>&1 | grep -q -- "$f" ||
				{ echo "boot-test: 'vspe run' has no $f yet: skipped"; exit 77; };;
		esac
	done
fi
log="$dir/$name.log"
"$src/scripts/linux/run.sh" "$emu" "$dir" "$dir/initramfs.cpio" "$mode" "$log" "$cpus" "$@"
rc=$?
[ $rc = 77 ] && exit 77
[ $rc = 0 ] || { echo "boot-test: the emulator exited with $rc"; tail -c 3000 "$log"; exit 1; }

chk="$src/tests/linux/check-markers.sh"
base="init mode=$mode.cpus=$cpus"
case "$emu:$mode" in
*:boot)	"$chk" "$log" $base poweroff;;
qemu:spe)	# QEMU has no SPE: the driver loads, finds nothing, the run ends cleanly.
	"$chk" "$log" $base "perf version" "insmod arm_spe_pmu.ko ok" no-spe poweroff;;
qemu:sw)
	"$chk" "$log" $base "perf version" "insmod arm_spe_pmu.ko ok" no-spe \
		"perf record -e cpu-clock" perf-rc=0 "perf.data end" poweroff &&
	"$src/tests/linux/check-perf.sh" "$log" "$dir/initramfs.cpio.root" sw;;
*:spe)
	"$chk" "$log" $base "perf version" "insmod arm_spe_pmu.ko ok" "spe arm_spe_0" \
		"perf record -e arm_spe_0" perf-rc=0 "perf.data end" poweroff &&
	"$src/tests/linux/check-perf.sh" "$log" "$dir/initramfs.cpio.root" spe;;
*)	echo "boot-test: no expectations for $emu:$mode"; exit 1;;
esac
