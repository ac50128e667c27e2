// SPDX-License-Identifier: GPL-2.0-only
// The guest of the host-profiling tests (tests/hostprof/test_hostprof.c),
// loaded at 0x40000000, MMU off (buffer VA = PA). It probes, profiles and is
// profiled in turn, stopping at each phase with a vspe hypercall the test
// answers (starting or stopping the host's session):
//   x0 = loop iterations per phase, x1 = PMSIRR_EL1, x2 = buffer (1 MiB)
//   x23 = UNDEFs taken, x24/x25 = PMBIDR_EL1 at the first/second probe,
//   x26 = PMSIDR_EL1 of the first probe, x19/x21 = PMBPTR/PMBSR at the end.
	.include "gic-ppi21.inc"
	.equ PSCI_SYSTEM_OFF, 0x84000008
	.equ HC_PHASE, 0xc6000020	// an unknown vspe id: exits to the test
	.equ BUF_SIZE, 0x100000
	.equ DATA, 0x40080000
	.text
	.org 0x000
phases:
	mov x27, x0			// iterations per phase
	mov x28, x1
	mov x20, x2
	adr x0, vectors
	msr vbar_el1, x0
	isb
	mov x23, #0
	mov x26, #0
	// Phase 0: probe as Linux does, PMSIDR_EL1 only if the buffer is ours.
	mrs x24, s3_0_c9_c10_7		// PMBIDR_EL1
	tbnz x24, #4, 1f		// P = 1: refuse, no session
	mrs x26, s3_0_c9_c9_7		// PMSIDR_EL1
	msr s3_0_c9_c9_2, xzr		// PMSICR_EL1
	msr s3_0_c9_c9_3, x28		// PMSIRR_EL1
	msr s3_0_c9_c9_4, xzr		// PMSFCR_EL1
	msr s3_0_c9_c10_1, x20		// PMBPTR_EL1
	ldr x0, =BUF_SIZE + 1
	add x0, x0, x20
	msr s3_0_c9_c10_0, x0		// PMBLIMITR_EL1: 1 MiB, E
	mov x0, #0x32			// PMSCR_EL1: E1SPE | PA | TS
	msr s3_0_c9_c9_0, x0
	isb
1:	mov x0, x27
	bl loop
	ldr x0, =HC_PHASE		// phase 1: the test may start the host's session
	mov x1, #1
	hvc #0
	mov x0, x27
	bl loop
	// Probe again while the host may profile: P, then a buffer register.
	mrs x25, s3_0_c9_c10_7		// PMBIDR_EL1
	mrs x0, s3_0_c9_c10_1		// PMBPTR_EL1 (UNDEF under exclusive-host)
	ldr x0, =HC_PHASE		// phase 2: the test may stop it
	mov x1, #2
	hvc #0
	mov x0, x27
	bl loop
	tbnz x24, #4, 2f		// no session to stop
	msr s3_0_c9_c9_0, xzr		// PMSCR_EL1: off
	isb
	hint #17			// PSB CSYNC
	dsb sy
	mrs x19, s3_0_c9_c10_1		// PMBPTR_EL1
	mrs x21, s3_0_c9_c10_3		// PMBSR_EL1
2:	ldr x0, =PSCI_SYSTEM_OFF
	hvc #0
	b .
	.ltorg

	.org 0x200
loop:				// x0 iterations of a load, an add, a store (5 instructions)
	mov x22, x0
	ldr x3, =DATA
3:	ldr x4, [x3]
	add x4, x4, #1
	str x4, [x3]
	subs x22, x22, #1
	b.ne 3b
	ret
	.ltorg

	.org 0x300
irqwait:			// x0 = iterations per phase; x27 = interrupts taken
	mov x26, x0
	adr x0, vectors
	msr vbar_el1, x0
	mov x27, #0
	ldr x1, =0x080a0000		// GICR_WAKER of CPU 0: awake
	ldr w2, [x1, #0x14]
	bic w2, w2, #2
	str w2, [x1, #0x14]
	gic_enable_ppi21
	msr daifclr, #2			// IRQs on
	mov x22, x26
4:	subs x22, x22, #1
	b.ne 4b
	ldr x0, =HC_PHASE		// phase 2: x27 so far; the test may stop the host
	mov x1, #2
	hvc #0
	mov x22, x26
5:	subs x22, x22, #1
	b.ne 5b
	msr daifset, #2
	ldr x0, =PSCI_SYSTEM_OFF
	hvc #0
	b .
	.ltorg

	.balign 2048
vectors:
	.org vectors + 0x200		// current EL, SP_ELx, synchronous: UNDEF
	add x23, x23, #1
	mrs x0, elr_el1
	add x0, x0, #4
	msr elr_el1, x0
	eret
	.org vectors + 0x280		// current EL, SP_ELx, IRQ: count, mask the PPI (a level)
	mrs x0, s3_0_c12_c12_0		// ICC_IAR1_EL1
	add x27, x27, #1
	ldr x1, =0x080b0000
	mov w2, #(1 << 21)
	str w2, [x1, #0x180]		// GICR_ICENABLER0: PPI 21 off
	msr s3_0_c12_c12_1, x0		// ICC_EOIR1_EL1
	eret
	.ltorg
