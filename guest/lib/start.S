// SPDX-License-Identifier: GPL-2.0-only
// Entry points, exception vectors and the EL0 round trip (Arm ARM D1.10).
#include "layout.h"

	.section .text.boot, "ax"
	.global _start
// Primary CPU: entered at EL1h, MMU off, x0 = device tree address (or 0).
_start:
	msr	daifset, #0xf
	mov	x19, x0
	mrs	x0, mpidr_el1
	and	x0, x0, #0xff
	bl	stack_setup
	// .bss holds the stacks too: clear it before any C code runs.
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	mov	x0, x19
	bl	runtime_start
	b	cpu_park

// Secondary CPUs: PSCI CPU_ON enters here with x0 = context = CPU index.
	.global secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	bl	stack_setup
	mov	x0, x19
	bl	secondary_start
	b	cpu_park

// x0 = CPU index: point SP_EL1 at the top of its stack, install vectors.
// Clobbers x1-x2; an index out of range parks the CPU.
stack_setup:
	cmp	x0, #GUEST_NR_CPUS
	b.hs	cpu_park
	msr	spsel, #1
	adrp	x1, cpu_stacks
	add	x1, x1, :lo12:cpu_stacks
	add	x2, x0, #1
	add	x1, x1, x2, lsl #GUEST_STACK_SHIFT
	mov	sp, x1
	msr	tpidr_el1, x0
	adrp	x1, exception_vectors
	add	x1, x1, :lo12:exception_vectors
	msr	vbar_el1, x1
	isb
	ret

	.global cpu_park
cpu_park:
	msr	daifset, #0xf
1:	wfi
	b	1b

// ---- exception vectors: 16 entries of 0x80 bytes, table 2 KiB aligned ----
.macro vector kind
	.balign	0x80
	sub	sp, sp, #EXC_FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x0, #\kind
	b	exception_save
.endm

	.text
	.balign	0x800
	.global exception_vectors
exception_vectors:
	vector	0	// current EL, SP_EL0: sync
	vector	1	// irq
	vector	2	// fiq
	vector	3	// serror
	vector	4	// current EL, SP_ELx: sync
	vector	5	// irq
	vector	6	// fiq
	vector	7	// serror
	vector	8	// lower EL, AArch64: sync
	vector	9	// irq
	vector	10	// fiq
	vector	11	// serror
	vector	12	// lower EL, AArch32: sync
	vector	13	// irq
	vector	14	// fiq
	vector	15	// serror

// Save the interrupted context as a struct exc_frame and call
// exception_entry(kind, frame); the handler may edit the frame (ELR, SPSR,
// registers, SP_EL0) and the edited context is restored.
exception_save:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x2, spsr_el1
	tst	x2, #0xf		// SPSR.M[3:0] == EL0t: from EL0
	b.ne	1f
	mrs	x3, sp_el0
	b	2f
1:	add	x3, sp, #EXC_FRAME_SIZE
2:	stp	x30, x3, [sp, #240]
	mrs	x3, elr_el1
	stp	x3, x2, [sp, #EXC_FRAME_ELR]
	mrs	x3, esr_el1
	mrs	x4, far_el1
	stp	x3, x4, [sp, #EXC_FRAME_ESR]
	mov	x1, sp
	bl	exception_entry
	ldp	x3, x2, [sp, #EXC_FRAME_ELR]
	msr	elr_el1, x3
	msr	spsr_el1, x2
	tst	x2, #0xf
	b.ne	3f
	ldr	x3, [sp, #EXC_FRAME_SP]
	msr	sp_el0, x3
3:	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	ldr	x30, [sp, #240]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #EXC_FRAME_SIZE
	eret

// ---- EL0 round trip ----
// uint64_t el0_enter(struct el0_context *ctx, uint64_t (*fn)(uint64_t),
//                    uint64_t arg, uint64_t sp_el0)
// Saves the callee-saved EL1 state in ctx and erets to fn(arg) at EL0t with
// interrupts masked; fn returns into el0_return_svc, whose SVC brings the
// CPU back to EL1, where el0.c calls el0_resume().
	.global el0_enter
el0_enter:
	stp	x19, x20, [x0, #0]
	stp	x21, x22, [x0, #16]
	stp	x23, x24, [x0, #32]
	stp	x25, x26, [x0, #48]
	stp	x27, x28, [x0, #64]
	stp	x29, x30, [x0, #80]
	mov	x9, sp
	mrs	x10, daif
	stp	x9, x10, [x0, #96]
	msr	sp_el0, x3
	msr	elr_el1, x1
	mov	x9, #0x3c0		// SPSR: D, A, I, F masked; M = EL0t
	msr	spsr_el1, x9
	mov	x0, x2
	adr	x30, el0_return_svc
	mov	x1, xzr
	mov	x2, xzr
	mov	x3, xzr
	eret

	.global el0_return_svc
el0_return_svc:
	svc	#0
	b	el0_return_svc

// void el0_resume(struct el0_context *ctx, uint64_t ret): back into the
// el0_enter() caller, on its stack, with ret as the return value.
	.global el0_resume
el0_resume:
	ldp	x19, x20, [x0, #0]
	ldp	x21, x22, [x0, #16]
	ldp	x23, x24, [x0, #32]
	ldp	x25, x26, [x0, #48]
	ldp	x27, x28, [x0, #64]
	ldp	x29, x30, [x0, #80]
	ldp	x9, x10, [x0, #96]
	mov	sp, x9
	msr	daif, x10
	mov	x0, x1
	ret

	.bss
	.balign	16
	.global cpu_stacks
cpu_stacks:
	.space	GUEST_NR_CPUS * GUEST_STACK_SIZE

	/* No executable stack (keeps the linker quiet). */
	.section .note.GNU-stack, "", %progbits
