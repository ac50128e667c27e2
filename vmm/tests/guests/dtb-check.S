// SPDX-License-Identifier: GPL-2.0-only
// Checks the boot protocol: x0 = 0x40000000 holding the DTB magic
// (0xd00dfeed, big-endian), x1..x3 = 0, CurrentEL = EL1. EXIT: STATUS=0 if
// all hold; otherwise STATUS=<1 + index of the first failed check>.
	.section .text, "ax"
	.global _start
_start:
	mov	x9, #1
	ldr	x10, =0x40000000
	cmp	x0, x10
	b.ne	fail
	mov	x9, #2
	ldr	w11, [x0]
	ldr	w12, =0xedfe0dd0	// 0xd00dfeed read little-endian
	cmp	w11, w12
	b.ne	fail
	mov	x9, #3
	orr	x13, x1, x2
	orr	x13, x13, x3
	cbnz	x13, fail
	mov	x9, #4
	mrs	x14, CurrentEL
	cmp	x14, #(1 << 2)
	b.ne	fail
	mov	x9, #0
#include "exit-digit.h"
