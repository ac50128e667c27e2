#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# `vspe run --kernel`: every bad input is refused with its own message and
# status before a guest runs, and --dump-dtb shows the /chosen a kernel gets.
# The files are crafted here byte by byte (no real kernel needed).
#   kernel_cli.sh VSPE DTC OUTDIR
set -u
VSPE=$1 DTC=$2 OUT=$3
mkdir -p "$OUT"
fails=0

le64() {	# VALUE -> 8 little-endian bytes
	v=$1; i=0
	while [ $i -lt 8 ]; do
		printf "\\$(printf %03o $((v & 255)))"
		v=$((v >> 8)); i=$((i + 1))
	done
}
zeros() { head -c "$1" /dev/zero; }

# image FILE IMAGE_SIZE [PE]: a 64-byte header (text_offset 0, flags 0xa,
# "ARM\x64"), with PE: an EFI stub whose one section ends at 0x3000, then
# code up to 0x1000 bytes in all.
image() {
	{
		if [ "${3:-}" = PE ]; then printf 'MZ'; else printf '\000\000'; fi
		zeros 6; le64 0; le64 "$2"; le64 10; zeros 24
		printf 'ARM\144'
		if [ "${3:-}" = PE ]; then
			printf '\100\000\000\000'			# PE header at 0x40
			printf 'PE\000\000\144\252\001\000'	# arm64, 1 section
			zeros 12; printf '\000\000\000\000'	# optional header size 0
			zeros 16					# section: name, virtual size, address
			printf '\000\040\000\000\000\020\000\000'	# raw 0x2000 at 0x1000
			zeros 16
		else
			zeros 4
		fi
	} >"$1"
	sz=$(wc -c <"$1")
	zeros $((0x1000 - sz)) >>"$1"
}

# expect RC REGEX ARGS...: vspe run ARGS exits RC and says REGEX (stderr);
# an empty REGEX: says nothing.
expect() {
	want=$1 re=$2
	shift 2
	"$VSPE" run "$@" >"$OUT/out" 2>&1
	rc=$?
	if [ -z "$re" ]; then said=$(test -s "$OUT/out" && echo no || echo yes)
	else said=$(grep -Eq -- "$re" "$OUT/out" && echo yes || echo no); fi
	if [ $rc != "$want" ] || [ $said = no ]; then
		echo "FAIL: vspe run $* -> $rc (want $want, /$re/):"; cat "$OUT/out"
		fails=$((fails + 1))
	else
		echo "ok: $(head -n 1 "$OUT/out")"
	fi
}

K=$OUT/k.img
image "$K" 0x10000
image "$OUT/pe.img" 0x10000 PE
{ cat "$OUT/pe.img"; zeros $((0x2000)); } >"$OUT/pe-whole.img"	# sections end at 0x3000
head -c $((0x2fff)) "$OUT/pe-whole.img" >"$OUT/pe-cut.img"
head -c 40 "$K" >"$OUT/short.img"
{ printf '070701'; zeros 4090; } >"$OUT/rd"
head -c $((3 << 20)) /dev/zero >"$OUT/rd-3m"
long=$(head -c 2048 /dev/zero | tr '\0' a)

# Files: missing, truncated, not arm64, too big for RAM.
expect 1 "kernel $OUT/none.img: No such file or directory" --kernel "$OUT/none.img"
expect 1 "initrd $OUT/none: No such file or directory" --kernel "$K" --initrd "$OUT/none"
expect 1 "kernel $OUT/short.img: Image: truncated: 40 bytes, the header alone is 64" --kernel "$OUT/short.img"
expect 1 "kernel $OUT/pe-cut.img: Image: truncated: the file has 0x2fff bytes, its sections end at 0x3000" \
	--kernel "$OUT/pe-cut.img"
expect 0 "" --kernel "$OUT/pe-whole.img" --dump-dtb "$OUT/x.dtb"
expect 1 "kernel $VSPE: not an arm64 Image .no \"ARM.x64\" magic at byte 56. .an ELF" --kernel "$VSPE"
expect 1 "kernel $OUT/rd: not an arm64 Image" --kernel "$OUT/rd"
# 8 MiB: the kernel at 0x40200000..0x40210000, the initrd from 0x40400000:
# 4 MiB of room, so 3 MiB fits and leaves room for the device tree...
expect 0 "" --mem 8M --kernel "$K" --initrd "$OUT/rd-3m" --dump-dtb "$OUT/x.dtb"
# ...but not in 6 MiB (2 MiB of room).
expect 1 "initrd $OUT/rd-3m: 3145728 bytes do not fit in RAM above the kernel .0x40400000..0x40600000 is 2097152 bytes." \
	--mem 6M --kernel "$K" --initrd "$OUT/rd-3m" --dump-dtb "$OUT/x.dtb"
# 7 MiB: the initrd fits, the device tree after it does not.
expect 1 "device tree: [0-9]+ bytes do not fit in RAM above the kernel and initrd .RAM ends at 0x40700000." \
	--mem 7M --kernel "$K" --initrd "$OUT/rd-3m"

# Usage: each a status 2 before any file is opened.
expect 2 "--params: 2048 bytes, Linux takes at most 2047" --kernel "$K" --params "$long"
expect 2 "--kernel $K and the guest ELF 'x.elf' cannot be combined" --kernel "$K" x.elf
expect 2 "--initrd needs --kernel" --initrd "$OUT/rd" x.elf
expect 2 "--params and --append are the same option" --kernel "$K" --params a --append b
expect 2 "--kernel: empty file name" --kernel ""

# --dump-dtb with a kernel: /chosen as the guest gets it (64 MiB of RAM:
# initrd at 0x40400000, 4096 bytes).
"$VSPE" run --mem 64M --kernel "$K" --initrd "$OUT/rd" --params "console=ttyAMA0 vspe.mode=boot" \
	--dump-dtb "$OUT/k.dtb" || { echo "FAIL: --dump-dtb with --kernel"; fails=$((fails + 1)); }
dts=$("$DTC" -I dtb -O dts "$OUT/k.dtb" 2>"$OUT/dtc.warn")
[ -s "$OUT/dtc.warn" ] && { cat "$OUT/dtc.warn"; fails=$((fails + 1)); }
for want in 'bootargs = "console=ttyAMA0 vspe.mode=boot";' \
	'linux,initrd-start = <0x00 0x40400000>;' 'linux,initrd-end = <0x00 0x40401000>;'; do
	printf '%s\n' "$dts" | grep -qF -- "$want" || { echo "FAIL: missing $want"; fails=$((fails + 1)); }
done
# Without --initrd: no initrd properties; the deprecated name still works.
"$VSPE" run --kernel "$K" --append "quiet" --dump-dtb "$OUT/k2.dtb"
dts=$("$DTC" -I dtb -O dts "$OUT/k2.dtb" 2>/dev/null)
printf '%s\n' "$dts" | grep -qF 'bootargs = "quiet";' || { echo "FAIL: --append"; fails=$((fails + 1)); }
printf '%s\n' "$dts" | grep -q 'initrd' && { echo "FAIL: initrd without --initrd"; fails=$((fails + 1)); }

echo "$fails failed"
[ $fails = 0 ]
