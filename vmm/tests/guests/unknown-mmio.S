// SPDX-License-Identifier: GPL-2.0-only
// Writes and reads an address with no device (0x0a000000, QEMU's virtio
// area): the read must give 0. Prints EXIT: STATUS=0 if so, 1 otherwise.
	.section .text, "ax"
	.global _start
_start:
	ldr	x4, =0x0a000000
	mov	w5, #0x55
	str	w5, [x4]
	mvn	w6, wzr			// w6 = 0xffffffff, overwritten by the load
	ldr	w6, [x4]
	adr	x1, pass
	cbz	w6, 1f
	adr	x1, fail
1:	ldr	x2, =0x09000000
2:	ldrb	w3, [x1], #1
	cbz	w3, 3f
	strb	w3, [x2]
	b	2b
3:	ldr	x0, =0x84000008		// PSCI SYSTEM_OFF
	hvc	#0
4:	b	4b

pass:	.asciz	"EXIT: STATUS=0\n"
fail:	.asciz	"EXIT: STATUS=1\n"
	.balign	8
	.ltorg
