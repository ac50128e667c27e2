// SPDX-License-Identifier: GPL-2.0-only
// A symbol-only guest image for the perf tests: eight 256-byte functions
// from 0x40080000, matching spe_synth's default text layout.
	.text
	.macro func name
	.globl \name
	.type \name, %function
	.balign 256
\name:
	.rept 63
	nop
	.endr
	ret
	.size \name, . - \name
	.endm
	.globl _start
_start:
	func guest_main
	func hash_lookup
	func list_walk
	func memcpy_fwd
	func spin_lock
	func matrix_mul
	func uart_putc
	func idle_loop
