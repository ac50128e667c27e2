// SPDX-License-Identifier: GPL-2.0-only
// Guests for the SPE API tests, loaded at 0x40000000 (entry offsets in
// test_spe.c). MMU off: the buffer's VA is its PA.
	.include "gic-ppi21.inc"
	.equ PSCI_SYSTEM_OFF, 0x84000008
	.equ BUF, 0x40100000		// 1 MiB profiling buffer
	.equ BUF_SIZE, 0x100000
	.equ DATA, 0x40080000
	.equ UNDEF_LOG, 0x40090000
	.text
	.org 0x000
sample:				// x0 = loop iterations, x1 = PMSIRR_EL1, x2 = buffer
	mov x22, x0
	mov x20, x2
	msr s3_0_c9_c9_2, xzr		// PMSICR_EL1: COUNT 0
	msr s3_0_c9_c9_3, x1		// PMSIRR_EL1
	msr s3_0_c9_c9_4, xzr		// PMSFCR_EL1: no filter
	msr s3_0_c9_c10_1, x20		// PMBPTR_EL1
	ldr x0, =BUF_SIZE + 1
	add x0, x0, x2			// LIMIT = buffer + 1 MiB, FM fill, E
	msr s3_0_c9_c10_0, x0		// PMBLIMITR_EL1
	mov x0, #0x32			// PMSCR_EL1: E1SPE | PA | TS
	msr s3_0_c9_c9_0, x0
	isb
	ldr x3, =DATA
1:	ldr x4, [x3]
	add x4, x4, #1
	str x4, [x3]
	subs x22, x22, #1
	b.ne 1b
	msr s3_0_c9_c9_0, xzr		// PMSCR_EL1: off
	isb
	hint #17			// PSB CSYNC
	dsb sy
	mrs x19, s3_0_c9_c10_1		// PMBPTR_EL1
	mrs x21, s3_0_c9_c10_3		// PMBSR_EL1
	ldr x0, =PSCI_SYSTEM_OFF
	hvc #0
	b .
	.ltorg

	.org 0x200
probe:				// reads every SPE register: UNDEF counted in x23
	adr x0, vectors
	msr vbar_el1, x0
	isb
	mov x23, #0
	mrs x24, id_aa64dfr0_el1
	mrs x0, s3_0_c9_c9_0		// PMSCR_EL1
	mrs x0, s3_0_c9_c9_1		// PMSNEVFR_EL1
	mrs x0, s3_0_c9_c9_2		// PMSICR_EL1
	mrs x0, s3_0_c9_c9_3		// PMSIRR_EL1
	mrs x0, s3_0_c9_c9_4		// PMSFCR_EL1
	mrs x0, s3_0_c9_c9_5		// PMSEVFR_EL1
	mrs x0, s3_0_c9_c9_6		// PMSLATFR_EL1
	mrs x25, s3_0_c9_c9_7		// PMSIDR_EL1
	mrs x0, s3_0_c9_c10_0		// PMBLIMITR_EL1
	mrs x0, s3_0_c9_c10_1		// PMBPTR_EL1
	mrs x0, s3_0_c9_c10_3		// PMBSR_EL1
	mrs x26, s3_0_c9_c10_7		// PMBIDR_EL1
	msr s3_0_c9_c9_0, xzr
	msr s3_0_c9_c9_2, xzr
	msr s3_0_c9_c10_0, xzr
	msr s3_0_c9_c10_3, xzr
	msr s3_0_c9_c9_7, xzr		// PMSIDR_EL1 is read-only
	msr s3_0_c9_c10_7, xzr		// PMBIDR_EL1 is read-only
	mrs x0, s3_5_c9_c9_0		// PMSCR_EL12: EL2 only
	mrs x0, s3_4_c9_c9_0		// PMSCR_EL2: EL2 only
	ldr x0, =PSCI_SYSTEM_OFF
	hvc #0
	b .
	.ltorg

	.org 0x400
hcall:				// the paravirtual channel
	ldr x0, =0xc6000000		// VSPE_HC_QUERY
	hvc #0
	mov x19, x0
	ldr x0, =0xc6000010		// VSPE_HC_TRACE_WRITE
	mov x1, #0x1000
	mov x2, #64
	mov x3, #1
	mov x4, #0
	hvc #0
	mov x20, x0
	ldr x0, =0xc60000ff		// unknown vspe id
	hvc #0
	mov x21, x0
	ldr x0, =PSCI_SYSTEM_OFF
	hvc #0
	b .
	.ltorg

	.org 0x600
full:				// a one-page buffer that fills: the virtual PPI
	adr x0, vectors
	msr vbar_el1, x0
	mov x27, #0			// interrupts taken
	mov x28, #0			// last PMBSR_EL1 seen by the handler
	// GICv3: redistributor of CPU 0 wake, group 1 enable for the PPI
	ldr x1, =0x080a0000
	ldr w2, [x1, #0x14]		// GICR_WAKER
	bic w2, w2, #2
	str w2, [x1, #0x14]
	ldr x1, =0x080b0000		// SGI frame
	mov w2, #0xffffffff
	str w2, [x1, #0x80]		// GICR_IGROUPR0: all group 1
	mov w2, #(1 << 21)
	str w2, [x1, #0x100]		// GICR_ISENABLER0: PPI 21
	ldr x1, =0x08000000
	mov w2, #0x12			// GICD_CTLR: ARE, EnableGrp1NS
	str w2, [x1]
	mov x0, #0xff
	msr s3_0_c4_c6_0, x0		// ICC_PMR_EL1
	mov x0, #1
	msr s3_0_c12_c12_7, x0		// ICC_IGRPEN1_EL1
	msr s3_0_c12_c12_5, x0		// ICC_SRE_EL1 (already set)
	isb
	ldr x20, =BUF
	msr s3_0_c9_c9_2, xzr
	mov x1, #256
	msr s3_0_c9_c9_3, x1		// PMSIRR_EL1 = 256
	msr s3_0_c9_c9_4, xzr
	msr s3_0_c9_c10_1, x20
	ldr x0, =BUF + 0x1000 + 1	// one page
	msr s3_0_c9_c10_0, x0
	mov x0, #0x32
	msr s3_0_c9_c9_0, x0
	isb
	msr daifclr, #2			// IRQs on
	ldr x22, =200000
2:	subs x22, x22, #1
	cbz x27, 3f
	b 4f
3:	b.ne 2b
4:	msr daifset, #2
	msr s3_0_c9_c9_0, xzr
	mrs x19, s3_0_c9_c10_1		// PMBPTR_EL1
	mrs x21, s3_0_c9_c10_3		// PMBSR_EL1 after the handler cleared it
	ldr x0, =PSCI_SYSTEM_OFF
	hvc #0
	b .
	.ltorg

	.org 0x780
plain:				// the sampled loop without SPE: x0 = iterations
	mov x22, x0
	ldr x3, =DATA
1:	ldr x4, [x3]
	add x4, x4, #1
	str x4, [x3]
	subs x22, x22, #1
	b.ne 1b
	ldr x0, =PSCI_SYSTEM_OFF
	hvc #0
	b .
	.ltorg

	.balign 2048
vectors:
	.org vectors + 0x200		// current EL, SP_ELx, synchronous: UNDEF
	mrs x0, elr_el1
	ldr x1, =UNDEF_LOG		// the PC of each UNDEF, in order
	str x0, [x1, x23, lsl #3]
	add x23, x23, #1
	add x0, x0, #4
	msr elr_el1, x0
	eret
	.org vectors + 0x280		// current EL, SP_ELx, IRQ
	b irq_handler
	.org vectors + 0x400		// lower EL, AArch64, synchronous: the SVC
	b el1_back

	.org 0x1000
service:			// software writes PMBSR_EL1.S = 1: the PPI must fire
	adr x0, vectors
	msr vbar_el1, x0
	mov x27, #0
	mov x28, #0
	gic_enable_ppi21
	ldr x0, =(1 << 17) | 5		// S = 1, EC buffer, MSS 5
	msr s3_0_c9_c10_3, x0		// PMBSR_EL1
	mrs x20, s3_0_c9_c10_3		// reads back as written
	msr daifclr, #2
	mov x22, #10000
5:	cbnz x27, 6f
	subs x22, x22, #1
	b.ne 5b
6:	msr daifset, #2
	mrs x21, s3_0_c9_c10_3		// 0: the handler cleared it
	ldr x0, =PSCI_SYSTEM_OFF
	hvc #0
	b .
	.ltorg

	.org 0x1200
el0test:			// x0 = N; sampling at EL1 only, N-iteration loops at EL1, EL0, EL1
	adr x1, vectors
	msr vbar_el1, x1
	mov x21, x0
	ldr x20, =BUF
	msr s3_0_c9_c9_2, xzr		// PMSICR_EL1
	mov x1, #1024
	msr s3_0_c9_c9_3, x1		// PMSIRR_EL1
	msr s3_0_c9_c9_4, xzr		// PMSFCR_EL1
	msr s3_0_c9_c10_1, x20		// PMBPTR_EL1
	ldr x0, =BUF + BUF_SIZE + 1
	msr s3_0_c9_c10_0, x0		// PMBLIMITR_EL1
	mov x0, #0x32			// PMSCR_EL1: E1SPE (not E0SPE) | PA | TS
	msr s3_0_c9_c9_0, x0
	isb				// members from here: 1
	mov x22, x21			// 1
7:	subs x22, x22, #1		// 2 per iteration
	b.ne 7b
	adr x1, el0code			// 5 to the ERET included
	msr elr_el1, x1
	mov x1, #0			// SPSR: EL0t
	msr spsr_el1, x1
	eret
el0code:			// not members: sampling is off at EL0
	mov x22, x21
8:	subs x22, x22, #1
	b.ne 8b
	svc #0
el1_back:			// members: the vector's branch, then 1 + 2 per iteration
	mov x22, x21
9:	subs x22, x22, #1
	b.ne 9b
	msr s3_0_c9_c9_0, xzr		// off
	isb
	mrs x19, s3_0_c9_c10_1		// PMBPTR_EL1
	ldr x0, =PSCI_SYSTEM_OFF
	hvc #0
	b .
	.ltorg

irq_handler:
	mrs x0, s3_0_c12_c12_0		// ICC_IAR1_EL1
	mrs x28, s3_0_c9_c10_3		// PMBSR_EL1
	msr s3_0_c9_c10_3, xzr		// clear S: the line falls
	msr s3_0_c12_c12_1, x0		// ICC_EOIR1_EL1
	add x27, x27, #1
	eret
	.ltorg
