// SPDX-License-Identifier: GPL-2.0-only
// An exit-bound guest for bench/vm: ITERS byte writes to the PL011 data
// register (each one an MMIO exit to the VMM under vspe), then
// "EXIT: STATUS=0" and PSCI SYSTEM_OFF.
#ifndef ITERS
#error "build with -DITERS=<iterations>"
#endif
	.section .text.start, "ax"
	.global _start
_start:
	ldr	x0, =ITERS
	ldr	x6, =0x09000000		// PL011 data register
	mov	w8, #'.'
1:	strb	w8, [x6]
	subs	x0, x0, #1
	b.ne	1b

	mov	w8, #'\n'
	strb	w8, [x6]
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
