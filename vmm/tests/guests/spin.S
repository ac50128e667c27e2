// SPDX-License-Identifier: GPL-2.0-only
// Loops forever without an exit: only --max-insns stops it (exit 124).
	.section .text, "ax"
	.global _start
_start:
	mov	x0, #0
1:	add	x0, x0, #1
	b	1b
