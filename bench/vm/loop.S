// SPDX-License-Identifier: GPL-2.0-only
// A compute-bound guest for bench/vm: ITERS iterations of an 8-instruction
// ALU loop (no memory access, no exits), then "EXIT: STATUS=0" on the
// PL011 and PSCI SYSTEM_OFF over HVC. Runs unchanged on QEMU virt and vspe.
#ifndef ITERS
#error "build with -DITERS=<iterations>"
#endif
	.section .text.start, "ax"
	.global _start
_start:
	ldr	x0, =ITERS
	mov	x1, #1
	mov	x2, #3
1:	add	x1, x1, x2
	eor	x2, x2, x1, lsl #3
	mul	x3, x1, x2
	sub	x4, x3, x1
	orr	x5, x4, #1
	add	x2, x2, x5
	subs	x0, x0, #1
	b.ne	1b

	ldr	x6, =0x09000000		// PL011 data register
	adr	x7, msg
2:	ldrb	w8, [x7], #1
	cbz	w8, 3f
	strb	w8, [x6]
	b	2b
3:	ldr	x0, =0x84000008		// PSCI SYSTEM_OFF
	hvc	#0
4:	wfi
	b	4b

msg:	.asciz	"EXIT: STATUS=0\n"
	.balign	8
	.ltorg
