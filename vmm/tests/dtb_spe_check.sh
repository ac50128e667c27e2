#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The SPE node of vspe run --spe --dump-dtb, decompiled by dtc without
# warnings: a plain PPI 5 on a homogeneous host; on a heterogeneous one
# (--spe-cpus) a GICv3 PPI partition of the vCPUs and 4 interrupt cells.
set -eu
VSPE=$1 DTC=$2 OUT=$3
check() {
	dts=$("$DTC" -I dtb -O dts "$OUT" 2>"$OUT.warn")
	if [ -s "$OUT.warn" ]; then cat "$OUT.warn"; exit 1; fi
	shift 0
}
want() {
	if ! printf '%s\n' "$dts" | grep -qF -- "$1"; then
		echo "missing: $1"; printf '%s\n' "$dts"; exit 1
	fi
}
"$VSPE" run --spe --cpus 2 --dump-dtb "$OUT"
check
want 'compatible = "arm,statistical-profiling-extension-v1";'
want 'interrupts = <0x01 0x05 0x04>;'
want '#interrupt-cells = <0x03>;'
if printf '%s\n' "$dts" | grep -q 'ppi-partitions'; then echo "unexpected partition"; exit 1; fi

"$VSPE" run --spe --spe-cpus 0,2 --cpus 2 --dump-dtb "$OUT"
check
want '#interrupt-cells = <0x04>;'
want 'affinity = <0x10 0x11>;'
want 'interrupts = <0x01 0x05 0x04 0x03>;'
want 'interrupts = <0x00 0x01 0x04 0x00>;'
want 'interrupts = <0x01 0x0d 0x04 0x00 0x01 0x0e 0x04 0x00 0x01 0x0b 0x04 0x00 0x01 0x0a 0x04 0x00>;'
# --spe-vcpus on a homogeneous host: a partition of just those vCPUs.
"$VSPE" run --spe --spe-vcpus 2-3 --cpus 4 --dump-dtb "$OUT"
check
want '#interrupt-cells = <0x04>;'
want 'affinity = <0x12 0x13>;'
want 'interrupts = <0x01 0x05 0x04 0x03>;'
# Every vCPU named on a homogeneous host: a plain PPI again.
"$VSPE" run --spe --spe-vcpus 0-1 --cpus 2 --dump-dtb "$OUT"
check
want 'interrupts = <0x01 0x05 0x04>;'
if printf '%s\n' "$dts" | grep -q 'ppi-partitions'; then echo "unexpected partition"; exit 1; fi
echo "SPE device tree OK"
