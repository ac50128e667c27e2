/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hyp tests' SPE fixture: a VM with one SPE vCPU running the SPE API test
 * guest (api/tests/spe-guest.S, SPE_GUEST_BIN) from RAM at RAM_BASE.
 * Include after <cmocka.h>.
 */
#ifndef HYP_TESTS_SPE_BOX_H
#define HYP_TESTS_SPE_BOX_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hyp/hyp.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(16ull << 20)

struct box {
	struct hyp_vm *vm;
	struct hyp_vcpu *v;
	void *ram;
};

static inline void set(struct hyp_vcpu *v, uint64_t id, uint64_t val)
{
	assert_int_equal(hyp_vcpu_set_reg(v, id, &val), 0);
}

static inline uint64_t get(struct hyp_vcpu *v, uint64_t id)
{
	uint64_t val = 0;

	assert_int_equal(hyp_vcpu_get_reg(v, id, &val), 0);
	return val;
}

#define CORE64(f)	(VSPE_REG_CORE(f) | VSPE_REG_SIZE_U64)

/*
 * nr SPE CPUs of version ver; the sample loop with x0..x2; mm: NULL or the
 * VM's memory; sched: enum vspe_sched (box_open: the default, affine).
 */
static inline void box_open_sched(struct box *b, unsigned int sched, unsigned int nr,
				  unsigned int ver, uint64_t quantum, uint64_t iter, uint64_t buf,
				  const struct vspe_vm_mm_config *mm)
{
	struct hyp_vm_config cfg = { .nr_pcpus = nr, .quantum = quantum, .seed = 3,
				     .sched = (uint8_t)sched };
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
	if (mm)
		assert_int_equal(hyp_vm_set_mm(b->vm, mm), 0);
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

static inline void box_open(struct box *b, unsigned int nr, unsigned int ver, uint64_t quantum,
			    uint64_t iter, uint64_t buf, const struct vspe_vm_mm_config *mm)
{
	box_open_sched(b, VSPE_SCHED_AFFINE, nr, ver, quantum, iter, buf, mm);
}

static inline void box_run(struct box *b)
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

static inline void box_close(struct box *b)
{
	hyp_vm_destroy(b->vm);
	free(b->ram);
}

#endif
