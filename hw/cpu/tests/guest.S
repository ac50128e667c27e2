// SPDX-License-Identifier: GPL-2.0-only
// Small programs for the hw/cpu tests, at fixed offsets from the load
// address 0x40000000 (entry points named in test_cpu.c).
	.text
	.org 0x000
count:				// 3 + 4*1000 + 1 = 4004 instructions to the wfi
	mov x0, #1000
	mov x1, #0
	mov x2, #0
1:	add x1, x1, #1
	add x2, x2, x1
	subs x0, x0, #1
	b.ne 1b
	wfi
	b .

	.org 0x100
mmio:
	mov x10, #0x09000000
	mov x5, #0x41
	strb w5, [x10]		// MMIO write, 1 byte
	ldrsh x6, [x10, #2]	// MMIO read, sign-extended to 64
	ldr w7, [x10, #4]	// MMIO read, 4 bytes
	str x7, [x10, #8]!	// writeback: not emulable
	b .

	.org 0x200
traps:
	mrs x0, s3_0_c9_c9_7	// handler: DONE 0x1234
	msr s3_0_c9_c9_0, x0	// handler: DONE (recorded)
	mrs x1, s3_0_c15_c0_0	// handler: UNDEF
	b .

	.org 0x240
traps_mid:			// trapped accesses in the middle of a block
	mov x5, #1
	mov x6, #2
	mrs x0, s3_0_c9_c9_7	// handler: DONE 0x1234
	add x7, x0, x5
	mrs x1, s3_0_c15_c0_0	// handler: UNDEF
	b .

	.org 0x280
stops:
	hvc #0x12
	svc #0x34
	smc #0x56
	brk #0x78
	udf #0
	b .

	.org 0x2c0
alias:				// x9 = a VA that is not a PA: load and store through it
	ldr x1, [x9]
	str x1, [x9, #8]
	wfi

	.org 0x2e0
now:				// handler returns cpu_now() for MIDR_EL1 (a register QEMU has)
	mrs x0, midr_el1
	nop
	nop
	mrs x1, midr_el1
	mrs x2, midr_el1
	wfi

	.org 0x2fc
fp:				// with CPACR_EL1.FPEN = 0 this traps (EC 0x07)
	fmov d0, x1

	.org 0x300
exc:				// UDF goes through the vectors and comes back
	ldr x0, =0x40000800
	msr vbar_el1, x0
	mov x1, #0
	udf #1
	add x1, x1, #1		// resumes here: x1 = 1
	wfi
	.ltorg

	.org 0x400
mixed:				// x0 = iterations: every kind of sampled operation
	ldr x10, =0x40180000	// data page
	adr x7, 3f
	mov x2, #0
	mov x5, #0
	msr vbar_el1, x11	// x11 = the vectors (set by the test)
1:	mov x1, x10
	ldr x3, [x1], #8	// post-index writeback
	add x2, x2, x3
	str x2, [x1, #-8]!	// pre-index writeback
	ldp x3, x4, [x1]
	stp x4, x2, [x1, #16]
	add x12, x10, #64
	ldr x12, [x12]		// loads into its own base register
	cmp x2, x5
	csel x5, x2, x5, hi	// conditional select (needs NZCV before it)
	ccmp x4, x2, #4, ne	// conditional compare (writes NZCV)
	cbz x3, 2f
	tbz x2, #1, 2f
	add x5, x5, #1
2:	blr x7			// call and return
	ldxr x6, [x1]		// exclusive pair
	add x6, x6, #1
	stxr w8, x6, [x1]
	tst x0, #63
	b.ne 4f
	udf #2			// every 64th iteration: an exception and back
4:	subs x0, x0, #1
	b.ne 1b
	wfi
	b .
3:	add x9, x9, #1
	eor x2, x2, x9
	ret
	.ltorg

	.org 0x800
vectors:			// VBAR_EL1 = 0x40000800, EL1h sync at +0x200
	.org 0xa00
	mrs x2, esr_el1
	mrs x3, elr_el1
	add x3, x3, #4
	msr elr_el1, x3
	eret

	.org 0x1000
el0:				// EL0: svc then read an EL1 register (UNDEF)
	svc #7
	mrs x4, sctlr_el1
	wfi			// traps to EL1 when SCTLR_EL1.nTWI = 0
	wfe			// traps to EL1 when SCTLR_EL1.nTWE = 0
	b .

	.org 0x1100
hole:				// x9 = a VA whose PA has no RAM and no device
	mov x5, #0x5a
	strb w5, [x9]		// MMIO write through it
	ldr w6, [x9, #4]	// MMIO read through it
	mov x7, #1		// runs only after both complete
	wfi

	.org 0x1140
zva:				// x9: zero one DC ZVA block there
	dc zva, x9
	mov x7, #2
	wfi

	.org 0x1160
simd:				// x9: a SIMD structure load through it
	ld1 {v1.16b}, [x9]
	wfi

	.org 0x1180
jump:				// x9: run code there
	br x9
