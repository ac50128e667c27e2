// SPDX-License-Identifier: GPL-2.0-only
/* Guests end to end through the public API: console, PSCI, traps, SMP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common.h"
#include "arch/bits.h"

static void test_hello(void **state)
{
	struct machine m;
	struct vspe_vcpu *v, *who;
	struct vspe_run *run;

	(void)state;
	assert_int_equal(machine_open(&m, 2), 0);
	assert_int_equal(vcpu_start(&m, 0, RAM_BASE, false, &v), 0);
	run = machine_run(&m, &who);
	assert_non_null(run);
	assert_ptr_equal(who, v);
	assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
	assert_int_equal(run->system_event.type, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(m.out_len, 6);
	assert_memory_equal(m.out, "hello\n", 6);
	/* ldr, adr; 6 * (ldrb, cbz, strb, b); ldrb, cbz; ldr, hvc */
	assert_int_equal(vspe_vm_instructions(m.vm), 2 + 6 * 4 + 2 + 2);
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(pc)), RAM_BASE + 0x20);	/* after the hvc */
	machine_close(&m);
}

static void test_smp_psci(void **state)
{
	struct machine m;
	struct vspe_vcpu *v0, *v1, *who;
	struct vspe_run *run;

	(void)state;
	assert_int_equal(machine_open(&m, 2), 0);
	assert_int_equal(vcpu_start(&m, 0, RAM_BASE + 0x100, false, &v0), 0);
	assert_int_equal(vcpu_start(&m, 1, 0, true, &v1), 0);
	run = machine_run(&m, &who);
	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
	assert_ptr_equal(who, v0);
	assert_int_equal(m.out_len, 2);
	assert_memory_equal(m.out, "BA", 2);
	assert_int_equal(vcpu_reg(v0, VSPE_REG_CORE(x[19])), 0);	/* CPU_ON: SUCCESS */
	machine_close(&m);
}

static void test_probe(void **state)
{
	struct machine m;
	struct vspe_vcpu *v, *who;
	struct vspe_run *run;
	uint64_t dfr0;

	(void)state;
	assert_int_equal(machine_open(&m, 1), 0);
	assert_int_equal(vcpu_start(&m, 0, RAM_BASE + 0x300, false, &v), 0);
	run = machine_run(&m, &who);
	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
	assert_int_equal(run->system_event.type, VSPE_SYSTEM_EVENT_RESET);
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[20])), 0x10000);	/* PSCI 1.0 */
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[21])), 0);
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[22])), (uint64_t)-1);
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[23])), (uint64_t)-1);
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[24])), 0x410fd083);	/* Cortex-A72 */
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[25])), 0x80000000);
	dfr0 = vcpu_reg(v, VSPE_REG_CORE(x[26]));
	assert_int_equal((dfr0 >> 32) & 0xf, 0);			/* PMSVer: no SPE */
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[28])), 1u << 25);	/* EC 0, IL */
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[29])), RAM_BASE + 0x34c + 4);	/* the UNDEF mrs, + 4 */
	machine_close(&m);
}

static void test_runaway(void **state)
{
	struct machine m;
	struct vspe_vcpu *v, *who;
	struct vspe_run *run;

	(void)state;
	assert_int_equal(machine_open(&m, 1), 0);
	assert_int_equal(vcpu_start(&m, 0, RAM_BASE + 0x400, false, &v), 0);
	run = machine_run(&m, &who);
	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_INTERNAL_ERROR);
	assert_int_equal(run->internal.suberror, VSPE_INTERNAL_ERROR_RUNAWAY);
	machine_close(&m);
}

static void test_count(void **state)
{
	struct machine m;
	struct vspe_vcpu *v, *who;
	struct vspe_run *run;

	(void)state;
	assert_int_equal(machine_open(&m, 3), 0);
	assert_int_equal(vcpu_start(&m, 0, RAM_BASE + 0x480, false, &v), 0);
	run = machine_run(&m, &who);
	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
	assert_int_equal(vspe_vm_instructions(m.vm), 2 + 3 * 100000 + 2);
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[0])), 0x84000008);
	machine_close(&m);
}

static void test_psci_edges(void **state)
{
	struct machine m;
	struct vspe_vcpu *v, *who;
	struct vspe_run *run;

	(void)state;
	assert_int_equal(machine_open(&m, 1), 0);
	assert_int_equal(vcpu_start(&m, 0, RAM_BASE + 0x600, false, &v), 0);
	run = machine_run(&m, &who);
	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
	assert_int_equal(run->system_event.type, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[20])), (uint64_t)-2);
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[21])), (uint64_t)-4);
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[22])), (uint64_t)-2);
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[23])), 2);
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[24])), 0x10001);
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[25])), 0x10000);
	/* BRK #5: EC 0x3c, IL, imm16 = 5; ELR = the BRK. */
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[28])), (0x3cull << 26) | (1u << 25) | 5);
	machine_close(&m);
}

/* WFI with only a timer event ahead: virtual time jumps to it, no spinning. */
static void test_wfi_time_jump(void **state)
{
	struct machine m;
	struct vspe_vcpu *v, *who;
	struct vspe_run *run;
	uint64_t cval, now;

	(void)state;
	assert_int_equal(machine_open(&m, 1), 0);
	assert_int_equal(vcpu_start(&m, 0, RAM_BASE + 0x700, false, &v), 0);
	run = machine_run(&m, &who);
	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
	cval = vcpu_reg(v, VSPE_REG_CORE(x[4]));
	now = vcpu_reg(v, VSPE_REG_CORE(x[5]));
	assert_int_equal(cval, vcpu_reg(v, VSPE_REG_CORE(x[3])) + 100000);
	/* Woken exactly at the event: the next instruction reads the same count. */
	assert_int_equal(now, cval);
	/* ...and the guest itself ran only a few dozen instructions. */
	assert_true(vspe_vm_instructions(m.vm) < 40);
	machine_close(&m);
}

/* Code rewritten on one physical CPU runs new on another (IC IVAU replayed). */
static void test_ic_broadcast(void **state)
{
	struct machine m;
	struct vspe_vcpu *v0, *v1, *who;
	struct vspe_run *run;

	(void)state;
	assert_int_equal(machine_open(&m, 2), 0);
	assert_int_equal(vcpu_start(&m, 0, RAM_BASE + 0xc00, false, &v0), 0);
	assert_int_equal(vcpu_start(&m, 1, 0, true, &v1), 0);
	run = machine_run(&m, &who);
	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
	assert_int_equal(vcpu_reg(v0, VSPE_REG_CORE(x[20])), 1);
	assert_int_equal(vcpu_reg(v0, VSPE_REG_CORE(x[21])), 2);
	machine_close(&m);
}

static void set_sysreg(struct vspe_vcpu *v, uint32_t key, uint64_t val)
{
	assert_int_equal(vspe_set_one_reg(v, &(struct vspe_one_reg){
		.id = VSPE_REG_SYSREG(key), .addr = (uintptr_t)&val }), 0);
}

/*
 * A TLBI broadcast by one physical CPU reaches the others: vCPU 0 (MMU on)
 * reads X, vCPU 1 remaps X and issues TLBI VMALLE1IS, vCPU 0 reads X again.
 * Tables (39-bit VA, 4 KiB): L1 at +0x600000, L2 at +0x601000 (2 MiB blocks
 * for the code, a table for X), L3 at +0x602000.
 */
static void test_tlbi_broadcast(void **state)
{
	struct machine m;
	struct vspe_vcpu *v0, *v1, *who;
	struct vspe_run *run;
	uint64_t *l1, *l2, *l3;

	(void)state;
	assert_int_equal(machine_open(&m, 2), 0);
	l1 = (uint64_t *)((uint8_t *)m.ram + 0x600000);
	l2 = (uint64_t *)((uint8_t *)m.ram + 0x601000);
	l3 = (uint64_t *)((uint8_t *)m.ram + 0x602000);
	l1[1] = (RAM_BASE + 0x601000) | 3;		/* table */
	l2[0] = RAM_BASE | 0x401;			/* block, AF, MAIR 0 */
	l2[2] = (RAM_BASE + 0x602000) | 3;		/* X's 2 MiB: table */
	l2[3] = (RAM_BASE + 0x600000) | 0x401;		/* the tables themselves */
	l3[0] = (RAM_BASE + 0x500000) | 0x403;		/* X -> page A */
	*(uint64_t *)((uint8_t *)m.ram + 0x500000) = 0x1111;
	*(uint64_t *)((uint8_t *)m.ram + 0x501000) = 0x2222;
	assert_int_equal(vcpu_start(&m, 0, RAM_BASE + 0xd00, false, &v0), 0);
	assert_int_equal(vcpu_start(&m, 1, 0, true, &v1), 0);
	set_sysreg(v0, ARCH_SYSREG(3, 0, 10, 2, 0), 0xff);		/* MAIR_EL1 */
	set_sysreg(v0, ARCH_SYSREG(3, 0, 2, 0, 0), RAM_BASE + 0x600000);	/* TTBR0_EL1 */
	/* TCR_EL1: T0SZ 25, EPD1, TG0 4K, IPS 40 bits */
	set_sysreg(v0, ARCH_SYSREG(3, 0, 2, 0, 2), 25 | (1u << 23) | (2ull << 32));
	set_sysreg(v0, ARCH_SYSREG(3, 0, 1, 0, 0), 0x30d00801);	/* SCTLR_EL1.M */
	run = machine_run(&m, &who);
	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
	assert_int_equal(vcpu_reg(v0, VSPE_REG_CORE(x[20])), 0x1111);
	assert_int_equal(vcpu_reg(v0, VSPE_REG_CORE(x[21])), 0x2222);
	machine_close(&m);
}

/* The paravirtual channel: QUERY in the hypervisor, TRACE_WRITE to the VMM. */
static void test_hypercalls(void **state)
{
	struct machine m;
	struct vspe_vcpu *v, *who;
	struct vspe_run *run;

	(void)state;
	assert_int_equal(machine_open(&m, 1), 0);
	assert_int_equal(vcpu_start(&m, 0, RAM_BASE + 0x780, false, &v), 0);
	run = machine_run(&m, &who);
	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_HYPERCALL);
	assert_int_equal(run->hypercall.nr, VSPE_HC_TRACE_WRITE);
	assert_int_equal(run->hypercall.args[0], RAM_BASE + 0x1000);
	assert_int_equal(run->hypercall.args[1], 64);
	assert_int_equal(run->hypercall.args[2], 1);
	assert_int_equal(run->hypercall.args[3], 0);
	assert_int_equal(run->hypercall.args[4], 5);
	assert_int_equal(run->hypercall.args[5], 6);
	run->hypercall.ret = 0x55;
	run = machine_run(&m, &who);
	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[20])), VSPE_HC_MAGIC);
	assert_int_equal(vcpu_reg(v, VSPE_REG_CORE(x[21])), 0x55);
	machine_close(&m);
}

/* vspe_run: one vCPU, one time slice at a time. */
static void test_single_vcpu_run(void **state)
{
	struct machine m;
	struct vspe_vcpu *v;
	struct vspe_run *run = NULL;
	unsigned int slices = 0;

	(void)state;
	assert_int_equal(machine_open(&m, 1), 0);
	assert_int_equal(vcpu_start(&m, 0, RAM_BASE + 0x480, false, &v), 0);
	for (; slices < 100; slices++) {
		assert_int_equal(vspe_run(v), 0);
		run = vspe_vcpu_run_struct(v);
		if (run->exit_reason != VSPE_EXIT_INTR)
			break;
	}
	assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
	/*
	 * 300,004 instructions; a slice ends at the first block boundary at or
	 * past the quantum (100,000), so the third slice reaches the end.
	 */
	assert_int_equal(slices, 2);
	assert_int_equal(vspe_vm_instructions(m.vm), 2 + 3 * 100000 + 2);
	machine_close(&m);
}

/* The same guest and seed give the same counts; placements follow the seed. */
static void test_deterministic(void **state)
{
	uint64_t counts[3];

	(void)state;
	for (unsigned int i = 0; i < 3; i++) {
		struct machine m;
		struct vspe_vcpu *v0, *v1, *who;
		struct vspe_run *run;

		assert_int_equal(machine_open(&m, 3), 0);
		assert_int_equal(vcpu_start(&m, 0, RAM_BASE + 0x100, false, &v0), 0);
		assert_int_equal(vcpu_start(&m, 1, 0, true, &v1), 0);
		run = machine_run(&m, &who);
		assert_non_null(run);
		assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
		assert_memory_equal(m.out, "BA", 2);
		counts[i] = vspe_vm_instructions(m.vm);
		machine_close(&m);
	}
	assert_int_equal(counts[0], counts[1]);
	assert_int_equal(counts[1], counts[2]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hello),
		cmocka_unit_test(test_smp_psci),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_runaway),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_psci_edges),
		cmocka_unit_test(test_single_vcpu_run),
		cmocka_unit_test(test_wfi_time_jump),
		cmocka_unit_test(test_ic_broadcast),
		cmocka_unit_test(test_tlbi_broadcast),
		cmocka_unit_test(test_hypercalls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
