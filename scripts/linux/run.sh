#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Boot the Linux test initramfs on QEMU or on vspe and save the console.
#
#   scripts/linux/run.sh qemu FETCHDIR CPIO MODE LOG [CPUS]
#   scripts/linux/run.sh VSPE FETCHDIR CPIO MODE LOG [CPUS [extra vspe run flags]]
#
# MODE is init.sh's vspe.mode (boot, spe, sw); LOG "-" is stdout. Exit
# status: the emulator's (124 after LINUX_TIMEOUT seconds, default 300); 77
# when the emulator is missing. vspe gets --spe unless LINUX_SPE=0.
set -u
how=${1:?usage: run.sh qemu|VSPE FETCHDIR CPIO MODE LOG [CPUS [flags]]}
fx=${2:?}; cpio=${3:?}; mode=${4:?}; log=${5:?}; cpus=${6:-2}
[ $# -gt 6 ] && shift 6 || shift $#
tmo=${LINUX_TIMEOUT:-300}
# nokaslr/kpti=off: arm_spe_pmu refuses to run under KPTI (guest-compat.md);
# cryptomgr.notests saves ~0.6 G instructions; panic=-1 makes a panic end
# the run instead of hanging it.
params="console=ttyAMA0 nokaslr kpti=off cryptomgr.notests panic=-1 vspe.mode=$mode"

# LOG "-": the console goes to stdout (a benchmark timestamps it as it comes).
[ "$log" = - ] && log=/dev/stdout
if [ "$how" = qemu ]; then
	command -v qemu-system-aarch64 >/dev/null || { echo "run: no qemu-system-aarch64: skipped"; exit 77; }
	# QEMU's cortex-a72 has no SPE: arm_spe_0 never appears there.
	timeout "$tmo" qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a72 \
		-smp "$cpus" -m 256M -nographic -no-reboot ${QEMU_EXTRA:-} \
		-kernel "$fx/Image" -initrd "$cpio" -append "$params" </dev/null >"$log" 2>&1
	rc=$?
else
	[ -x "$how" ] || { echo "run: $how is not built: skipped"; exit 77; }
	# --spe (unless LINUX_SPE=0) gives the host CPUs SPE units and the vCPUs
	# SPE; 256M like QEMU; --stats prints the records the SPE units wrote
	# (the SPE test compares them with the guest's perf.data).
	set -- --cpus "$cpus" --mem 256M --stats "$@"
	[ "${LINUX_SPE:-1}" = 1 ] && set -- --spe "$@"
	timeout "$tmo" "$how" run "$@" --kernel "$fx/Image" --initrd "$cpio" \
		--params "$params" </dev/null >"$log" 2>&1
	rc=$?
fi
if [ "$log" = /dev/stdout ]; then
	echo "run: exit status $rc" >&2
else
	echo "run: exit status $rc, $(wc -c <"$log") bytes of console in $log"
fi
exit $rc
