// SPDX-License-Identifier: GPL-2.0-only
// Prints a few lines, then "EXIT: STATUS=42" without polling the UART, then
// PSCI SYSTEM_OFF: vspe must exit with 42 and show the lines in order.
	.section .text, "ax"
	.global _start
_start:
	adr	x1, msg
	bl	puts
	ldr	x0, =0x84000008		// PSCI SYSTEM_OFF
	hvc	#0
1:	b	1b

// puts(x1): bytes to the PL011 data register until NUL.
puts:	ldr	x2, =0x09000000
2:	ldrb	w3, [x1], #1
	cbz	w3, 3f
	strb	w3, [x2]
	b	2b
3:	ret

msg:	.ascii	"line one\n"
	.ascii	"line two\n"
	.asciz	"EXIT: STATUS=42\n"
	.balign	8
	.ltorg
