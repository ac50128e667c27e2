// SPDX-License-Identifier: GPL-2.0-only
// Trap-table guest, loaded at 0x40000000: hidden registers UNDEF, stored
// registers keep values, EL0 may not read MIDR_EL1.
	.text
	ldr x0, =0x40000800
	msr vbar_el1, x0
	mov x28, #0
	mrs x1, s3_0_c9_c9_0	// PMSCR_EL1: hidden (no SPE) -> UNDEF
	mrs x2, s3_0_c9_c10_7	// PMBIDR_EL1: hidden -> UNDEF
	mrs x3, mdscr_el1	// stored, reset 0
	mov x4, #1
	msr oslar_el1, x4	// lock the OS lock
	mrs x5, oslsr_el1	// OSLM = 0b10, OSLK = 1
	mrs x6, pmcr_el0	// IMP 'A', N = 0
	mov x7, #0x5a
	msr mdscr_el1, x7
	mrs x8, ctr_el0
	mrs x9, cntfrq_el0
	msr spsr_el1, xzr	// to EL0t at el0
	ldr x0, =0x40000100
	msr elr_el1, x0
	eret
	.ltorg

	.org 0x100
el0:
	mrs x10, midr_el1	// EL1 register at EL0 -> UNDEF to EL1
	mrs x11, cntvct_el0	// CNTKCTL_EL1.EL0VCTEN = 0 -> trapped (EC 0x18)
	wfi			// SCTLR_EL1.nTWI = 0: traps to EL1 (EC 0x01)
	b .

	.org 0x800
	.org 0xa00		// current EL, SP_ELx, synchronous: count and skip
	add x28, x28, #1
	mrs x29, elr_el1
	add x29, x29, #4
	msr elr_el1, x29
	eret
	.org 0xc00		// lower EL, synchronous: log ESR/ELR at 0xf00/0xf80, skip
	ldr x19, =0x40000f00
	mrs x0, esr_el1
	str x0, [x19, x22, lsl #3]
	add x20, x19, #0x80
	mrs x0, elr_el1
	str x0, [x20, x22, lsl #3]
	add x22, x22, #1
	cmp x22, #3
	b.eq 8f
	add x0, x0, #4
	msr elr_el1, x0
	eret
8:	ldr x0, =0x84000008
	hvc #0
	.ltorg
