// SPDX-License-Identifier: GPL-2.0-only
// Waits for an interrupt that can never come (no timer armed, GIC off):
// the hypervisor reports HALTED and vspe exits 1 with a message.
	.section .text, "ax"
	.global _start
_start:
	msr	daifset, #0xf
1:	wfi
	b	1b
