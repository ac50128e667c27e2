// SPDX-License-Identifier: GPL-2.0-only
/*
 * SPE virtualization seen from inside the hypervisor: the cost of a vCPU
 * switch in unit register accesses, and the stage-2 fault counter (zero
 * with memslot memory, one for a buffer outside it). Guests: the SPE API
 * test guest (api/tests/spe-guest.S).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hyp/hyp.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(16ull << 20)

struct box {
	struct hyp_vm *vm;
	struct hyp_vcpu *v;
	void *ram;
};

static void set(struct hyp_vcpu *v, uint64_t id, uint64_t val)
{
	assert_int_equal(hyp_vcpu_set_reg(v, id, &val), 0);
}

static uint64_t get(struct hyp_vcpu *v, uint64_t id)
{
	uint64_t val = 0;

	assert_int_equal(hyp_vcpu_get_reg(v, id, &val), 0);
	return val;
}

#define CORE64(f)	(VSPE_REG_CORE(f) | VSPE_REG_SIZE_U64)

/* nr SPE CPUs of version ver; the sample loop with x0..x2. */
static void box_open(struct box *b, unsigned int nr, unsigned int ver, uint64_t quantum,
		     uint64_t iter, uint64_t buf)
{
	struct hyp_vm_config cfg = { .nr_pcpus = nr, .quantum = quantum, .seed = 3 };
	uint32_t feat[7] = { (1u << VSPE_ARM_VCPU_PSCI_0_2) | (1u << VSPE_ARM_VCPU_SPE) };
	int irq = 21;
	FILE *f;

	for (unsigned int i = 0; i < nr; i++)
		cfg.spe[i] = (uint8_t)ver;
	assert_int_equal(hyp_vm_create(&cfg, &b->vm), 0);
	b->ram = aligned_alloc(4096, RAM_SIZE);
	assert_non_null(b->ram);
	memset(b->ram, 0, RAM_SIZE);
	f = fopen(SPE_GUEST_BIN, "rb");
	assert_non_null(f);
	assert_true(fread(b->ram, 1, RAM_SIZE, f) > 0);
	fclose(f);
	assert_int_equal(hyp_vm_set_memslot(b->vm, 0, 0, RAM_BASE, RAM_SIZE, b->ram), 0);
	assert_int_equal(hyp_vcpu_create(b->vm, 0, &b->v), 0);
	assert_int_equal(hyp_vcpu_init(b->v, feat), 0);
	assert_int_equal(hyp_vcpu_spe_attr(b->v, 0, VSPE_ARM_VCPU_SPE_CTRL,
					   VSPE_ARM_VCPU_SPE_IRQ, &irq), 0);
	assert_int_equal(hyp_vcpu_spe_attr(b->v, 0, VSPE_ARM_VCPU_SPE_CTRL,
					   VSPE_ARM_VCPU_SPE_INIT, NULL), 0);
	set(b->v, CORE64(pc), RAM_BASE);
	set(b->v, CORE64(x[0]), iter);
	set(b->v, CORE64(x[1]), 1024);
	set(b->v, CORE64(x[2]), buf);
}

static void box_run(struct box *b)
{
	for (unsigned int i = 0; i < 10000; i++) {
		struct hyp_vcpu *who;
		struct vspe_run *run;

		assert_int_equal(hyp_vm_run(b->vm, &who), 0);
		run = hyp_vcpu_run_struct(who);
		if (run->exit_reason == VSPE_EXIT_INTR)
			continue;
		assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
		return;
	}
	fail();
}

static void box_close(struct box *b)
{
	hyp_vm_destroy(b->vm);
	free(b->ram);
}

static void test_switch_cost(void **state)
{
	struct hyp_spe_stats st;
	struct box b;

	(void)state;
	/* Two v1p1 CPUs, 2000-instruction slices: the vCPU moves every slice. */
	box_open(&b, 2, 2, 2000, 20000, 0x40100000);
	box_run(&b);
	hyp_vm_spe_stats(b.vm, &st);
	assert_true(st.loads > 40);
	assert_true(st.puts + 1 >= st.loads && st.puts <= st.loads);
	/*
	 * Load: PMSCR_EL2, six PMS* (no PMSNEVFR in v1p1), PMBPTR, PMBSR,
	 * PMBLIMITR = 10 writes. Put: PMSICR and PMBPTR read, PMBLIMITR and
	 * PMSCR written = 4 (everything else is trapped, so the shadow has it).
	 */
	assert_int_equal(st.switch_sysregs, 10 * st.loads + 4 * st.puts);
	assert_int_equal(st.stage2_faults, 0);
	assert_int_equal(st.events, 0);
	assert_int_equal(st.lost, 0);
	assert_int_equal(st.records, (2 + 5 * 20000) / 1025);
	assert_int_equal(get(b.v, CORE64(x[21])), 0);
	box_close(&b);

	/* v1p2 adds PMSNEVFR_EL1 to the load. */
	box_open(&b, 2, 3, 2000, 20000, 0x40100000);
	box_run(&b);
	hyp_vm_spe_stats(b.vm, &st);
	assert_int_equal(st.switch_sysregs, 11 * st.loads + 4 * st.puts);
	box_close(&b);
}

static void test_stage2_fault_counted(void **state)
{
	struct hyp_spe_stats st;
	struct box b;

	(void)state;
	box_open(&b, 1, 2, 0, 10000, 0x50000000);
	box_run(&b);
	hyp_vm_spe_stats(b.vm, &st);
	assert_int_equal(st.stage2_faults, 1);
	assert_int_equal(st.events, 1);
	assert_int_equal(st.records, 0);
	assert_int_equal(get(b.v, CORE64(x[21])),
			 (0x24ull << 26) | (1u << 18) | (1u << 17) | 0x10);
	box_close(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_switch_cost),
		cmocka_unit_test(test_stage2_fault_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
