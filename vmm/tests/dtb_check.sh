#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# vspe run --dump-dtb, decompiled by dtc without warnings, holds the nodes
# and values a 2-vCPU, 256 MiB guest relies on.
set -eu
VSPE=$1 DTC=$2 OUT=$3
"$VSPE" run --cpus 2 --mem 256M --append "console=ttyAMA0" --dump-dtb "$OUT"
dts=$("$DTC" -I dtb -O dts "$OUT" 2>"$OUT.warn")
if [ -s "$OUT.warn" ]; then cat "$OUT.warn"; exit 1; fi
for want in \
	'reg = <0x00 0x40000000 0x00 0x10000000>;' \
	'cpu@1 {' \
	'compatible = "arm,psci-1.0\0arm,psci-0.2";' \
	'method = "hvc";' \
	'reg = <0x00 0x8000000 0x00 0x10000 0x00 0x80a0000 0x00 0x40000>;' \
	'interrupts = <0x01 0x0d 0x04 0x01 0x0e 0x04 0x01 0x0b 0x04 0x01 0x0a 0x04>;' \
	'compatible = "arm,pl011\0arm,primecell";' \
	'clock-frequency = <0x16e3600>;' \
	'stdout-path = "/pl011@9000000";' \
	'bootargs = "console=ttyAMA0";'
do
	if ! printf '%s\n' "$dts" | grep -qF -- "$want"; then
		echo "missing: $want"; printf '%s\n' "$dts"; exit 1
	fi
done
echo "device tree OK"
