// SPDX-License-Identifier: GPL-2.0-only
// A tiny arm64 "Image" (header of Linux's booting.rst, built with objcopy
// -O binary) that checks how `vspe run --kernel` entered it:
//   1 the Image sits at a 2 MiB boundary (text_offset 0)
//   2 x0 is 2 MiB-aligned and holds the DTB magic 0xd00dfeed (big-endian)
//   3 x0 is where the layout puts it: the first 2 MiB boundary above the
//     footprint (image_size, BSS included), or, when an initrd starting
//     with "0707" (cpio newc) is there, the boundary after it (the test's
//     initrd is under 2 MiB: initrd + 2 MiB)
//   4 x1..x3 = 0
//   5 CurrentEL = EL1, SCTLR_EL1.M = 0 (MMU off), DAIF all masked
//   6 the BSS (image_size beyond the file) reads as zero
// Prints EXIT: STATUS=0 when all hold, else 1 + the failed check's number.
	.equ	IMAGE_SIZE, 0x10000
	.section .text, "ax"
	.global _start
_start:
	b	code			// code0
	.long	0			// code1
	.quad	0			// text_offset
	.quad	IMAGE_SIZE		// image_size: the file and a BSS
	.quad	0xa			// flags: LE, 4 KiB pages, anywhere
	.quad	0, 0, 0			// res2..res4
	.ascii	"ARM\x64"		// magic
	.long	0			// res5

code:
	mov	x9, #1
	adr	x10, _start
	tst	x10, #0x1fffff
	b.ne	fail
	mov	x9, #2
	tst	x0, #0x1fffff
	b.ne	fail
	ldr	w11, [x0]
	ldr	w12, =0xedfe0dd0	// 0xd00dfeed read little-endian
	cmp	w11, w12
	b.ne	fail
	mov	x9, #3
	adr	x10, _start
	add	x10, x10, #IMAGE_SIZE
	ldr	x11, =0x1fffff
	add	x10, x10, x11
	bic	x10, x10, x11	// initrd or DTB: the next 2 MiB boundary
	cmp	x0, x10
	b.eq	4f			// no initrd: the DTB is right there
	ldr	w11, [x10]
	ldr	w12, =0x37303730	// "0707"
	cmp	w11, w12
	b.ne	fail
	add	x10, x10, #0x200000
	cmp	x0, x10
	b.ne	fail
4:	mov	x9, #4
	orr	x13, x1, x2
	orr	x13, x13, x3
	cbnz	x13, fail
	mov	x9, #5
	mrs	x14, CurrentEL
	cmp	x14, #(1 << 2)
	b.ne	fail
	mrs	x14, sctlr_el1
	tbnz	x14, #0, fail
	mrs	x14, daif
	cmp	x14, #0x3c0
	b.ne	fail
	mov	x9, #6
	adr	x10, _file_end
	ldr	x11, [x10]
	adr	x10, _start
	add	x10, x10, #IMAGE_SIZE
	ldr	x12, [x10, #-8]
	orr	x11, x11, x12
	cbnz	x11, fail
	mov	x9, #0
#include "exit-digit.h"
	// The file ends here; image_size goes on to IMAGE_SIZE (a BSS the
	// loader zeroes and nothing else may be put on).
_file_end:
