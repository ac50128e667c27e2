// SPDX-License-Identifier: GPL-2.0-only
// Guests for the API tests, loaded at 0x40000000 (entry offsets in test_run.c).
	.equ UART, 0x09000000
	.equ PSCI_SYSTEM_OFF, 0x84000008
	.equ PSCI_SYSTEM_RESET, 0x84000009
	.text
	.org 0x000
hello:				// "hello\n" on the UART, then SYSTEM_OFF
	ldr x1, =UART
	adr x2, msg
1:	ldrb w3, [x2], #1
	cbz w3, 2f
	strb w3, [x1]
	b 1b
2:	ldr x0, =PSCI_SYSTEM_OFF
	hvc #0
	b .
msg:	.asciz "hello\n"
	.balign 8
	.ltorg

	.org 0x100
smp:				// CPU_ON vcpu 1, wait until it is off, print 'A'
	ldr x0, =0xc4000003
	mov x1, #1
	ldr x2, =0x40000200
	mov x3, #0x42
	hvc #0
	mov x19, x0
3:	ldr x0, =0xc4000004
	mov x1, #1
	mov x2, #0
	hvc #0
	cmp x0, #1
	b.ne 3b
	ldr x1, =UART
	mov w3, #'A'
	strb w3, [x1]
	ldr x0, =PSCI_SYSTEM_OFF
	hvc #0
	b .
	.ltorg

	.org 0x200
secondary:			// x0 = context id 0x42 = 'B'
	ldr x1, =UART
	strb w0, [x1]
	ldr x0, =0x84000002	// CPU_OFF
	hvc #0
	b .
	.ltorg

	.org 0x300
probe:				// PSCI and ID registers, an UNDEF through the vectors
	ldr x0, =0x40000800
	msr vbar_el1, x0
	ldr x0, =0x84000000	// PSCI_VERSION
	hvc #0
	mov x20, x0
	ldr x0, =0x8400000a	// PSCI_FEATURES(SYSTEM_OFF)
	ldr x1, =PSCI_SYSTEM_OFF
	hvc #0
	mov x21, x0
	ldr x0, =0x8400000a	// PSCI_FEATURES(unknown)
	ldr x1, =0x12345678
	hvc #0
	mov x22, x0
	ldr x0, =0x8400ffff	// unknown function
	hvc #0
	mov x23, x0
	mrs x24, midr_el1
	mrs x25, mpidr_el1
	mrs x26, id_aa64dfr0_el1
	mrs x27, s3_0_c15_c0_0	// no such register: UNDEF
	ldr x0, =PSCI_SYSTEM_RESET
	hvc #0
	b .
	.ltorg

	.org 0x400
nothing:			// jump into nothing: an exception loop
	ldr x0, =0x10000000
	br x0
	.ltorg

	.org 0x480
count:				// a compute loop: 2 + 3 * 100000 + 2 instructions to hvc
	mov x0, #0
	ldr x1, =100000
4:	add x0, x0, #3
	subs x1, x1, #1
	b.ne 4b
	ldr x0, =PSCI_SYSTEM_OFF
	hvc #0
	.ltorg

	.org 0x600
psci_edges:			// PSCI errors, SMC conduit, BRK through the vectors
	ldr x0, =0x40000800
	msr vbar_el1, x0
	ldr x0, =0xc4000003	// CPU_ON of a vCPU that does not exist
	mov x1, #5
	mov x2, #0
	hvc #0
	mov x20, x0		// INVALID_PARAMETERS (-2)
	ldr x0, =0xc4000003	// CPU_ON of itself
	mov x1, #0
	hvc #0
	mov x21, x0		// ALREADY_ON (-4)
	ldr x0, =0xc4000004	// AFFINITY_INFO, lowest level 1
	mov x1, #0
	mov x2, #1
	hvc #0
	mov x22, x0		// INVALID_PARAMETERS (-2)
	ldr x0, =0x84000006	// MIGRATE_INFO_TYPE
	hvc #0
	mov x23, x0		// 2
	ldr x0, =0x80000000	// SMCCC_VERSION
	hvc #0
	mov x24, x0		// 0x10001
	ldr x0, =0x84000000	// PSCI_VERSION through SMC
	smc #0
	mov x25, x0		// 0x10000
	brk #5
	ldr x0, =0x84000008
	smc #0			// SYSTEM_OFF through SMC
	b .
	.ltorg

	.org 0x700
timer_wfi:			// all vCPUs asleep: the clock jumps to the timer event
	ldr x1, =0x08000000	// GICD_CTLR: ARE, EnableGrp1NS
	mov w2, #0x12
	str w2, [x1]
	ldr x1, =0x080b0080	// GICR_IGROUPR0 (SGI_base + 0x80): PPI 27 in group 1
	mov w2, #(1 << 27)
	str w2, [x1]
	ldr x1, =0x080b0100	// GICR_ISENABLER0: enable PPI 27
	str w2, [x1]
	mov x0, #0xff
	msr s3_0_c4_c6_0, x0	// ICC_PMR_EL1
	mov x0, #1
	msr s3_0_c12_c12_7, x0	// ICC_IGRPEN1_EL1
	mrs x3, cntvct_el0
	ldr x0, =100000
	add x4, x3, x0		// 100,000 counts = 1.6 M instructions ahead
	msr cntv_cval_el0, x4
	mov x0, #1
	msr cntv_ctl_el0, x0	// enabled, not masked
	wfi			// PSTATE.I is set: wakes without taking the IRQ
	mrs x5, cntvct_el0
	ldr x0, =0x84000008
	hvc #0
	.ltorg

	.org 0x780
hypercalls:			// the paravirtual channel
	ldr x0, =0xc6000000	// VSPE_HC_QUERY: answered by the hypervisor
	hvc #0
	mov x20, x0
	ldr x0, =0xc6000010	// VSPE_HC_TRACE_WRITE: exits to the VMM
	ldr x1, =0x40001000
	mov x2, #64
	mov x3, #1
	mov x4, #0
	mov x5, #5
	mov x6, #6
	hvc #0
	mov x21, x0		// the VMM's answer
	ldr x0, =0x84000008
	hvc #0
	.ltorg

	.org 0x800
vectors:
	.org 0xa00		// current EL, SP_ELx, synchronous
	mrs x28, esr_el1
	mrs x29, elr_el1
	add x29, x29, #4
	msr elr_el1, x29
	eret

	.org 0xc00
ic_main:			// vCPU 0: run ic_func, let vCPU 1 rewrite it, run it again
	bl ic_func
	mov x20, x0		// 1
	ldr x0, =0xc4000003	// CPU_ON vCPU 1 at ic_writer
	mov x1, #1
	ldr x2, =0x40000c80
	mov x3, #0
	hvc #0
	adr x5, ic_flag
5:	ldr x6, [x5]
	cbz x6, 5b
	isb
	bl ic_func
	mov x21, x0		// 2: the other CPU's IC IVAU reached this one
	ldr x0, =0x84000008
	hvc #0
	.ltorg

	.org 0xc60
ic_func:
	mov x0, #1
	ret

	.org 0xc70
ic_flag:
	.quad 0

	.org 0xc80
ic_writer:			// vCPU 1: new code, then the architected maintenance
	adr x1, ic_func
	ldr w2, =0xd2800040	// mov x0, #2
	str w2, [x1]
	dc cvau, x1
	dsb ish
	ic ivau, x1
	dsb ish
	adr x5, ic_flag
	mov x6, #1
	str x6, [x5]
	ldr x0, =0x84000002	// CPU_OFF
	hvc #0
	.ltorg

	.org 0xd00
tlbi_main:			// vCPU 0, MMU on: X = 0x40400000 maps page A, then B
	ldr x7, =0x40400000
	ldr x20, [x7]		// A's first word: 0x1111
	ldr x0, =0xc4000003	// CPU_ON vCPU 1 at tlbi_writer
	mov x1, #1
	ldr x2, =0x40000d80
	mov x3, #0
	hvc #0
	adr x5, tlbi_flag
6:	ldr x6, [x5]
	cbz x6, 6b
	ldr x21, [x7]		// B's first word: 0x2222 (the TLBI reached this CPU)
	ldr x0, =0x84000008
	hvc #0
	.ltorg

	.org 0xd70
tlbi_flag:
	.quad 0

	.org 0xd80
tlbi_writer:			// vCPU 1, MMU off: remap X to page B, TLBI broadcast
	ldr x1, =0x40602000	// the L3 entry of X
	ldr x2, =0x40501403	// page B, AF, inner shareable, page descriptor
	str x2, [x1]
	dsb ish
	tlbi vmalle1is
	dsb ish
	adr x5, tlbi_flag
	mov x6, #1
	str x6, [x5]
	ldr x0, =0x84000002	// CPU_OFF
	hvc #0
	.ltorg
