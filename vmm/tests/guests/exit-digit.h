/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The end of the checking guests (dtb-check.S, kernel-check.S), included
 * where the checks fall through: `fail:` prints "EXIT: STATUS=<x9>" (one
 * decimal digit, the number of the failed check, 0 when all held) on the
 * PL011 and powers off with PSCI SYSTEM_OFF.
 */
fail:	adr	x1, exit_msg
	ldr	x2, =0x09000000
1:	ldrb	w3, [x1], #1
	cbz	w3, 2f
	strb	w3, [x2]
	b	1b
2:	add	w3, w9, #'0'
	strb	w3, [x2]
	mov	w3, #'\n'
	strb	w3, [x2]
	ldr	x0, =0x84000008		// PSCI SYSTEM_OFF
	hvc	#0
3:	b	3b

exit_msg:
	.asciz	"EXIT: STATUS="
	.balign	8
	.ltorg
