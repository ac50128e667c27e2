// SPDX-License-Identifier: GPL-2.0-only
/*
 * hyp_mem + host_mm in the running VM (docs/mmint.md): a profiled guest
 * (the SPE API test guest, api/tests/spe-guest.S) under an aggressive
 * memory storm loses no record when its buffer is pinned (all, buffer)
 * and loses records when nothing is pinned (none); the CPUs never see a
 * page the storm took away.
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

#include "spe_box.h"

#define ITER	20000ull
#define BUF	0x40100000ull
/* Records the guest writes without any storm (test_spe_hyp: (2 + 5 * iter) / 1025). */
#define RECORDS	((2 + 5 * ITER) / 1025)

struct outcome {
	struct hyp_spe_stats spe;
	struct vspe_vm_mm_stats mm;
	uint64_t pmbsr;
};

static void storm_run(uint32_t pin, uint32_t rate, struct outcome *o)
{
	struct vspe_vm_mm_config mm = { .pin = pin, .storm_seed = 7,
					.storm_rate = rate };
	struct box b;

	box_open(&b, 2, 2, 2000, ITER, BUF, &mm);
	box_run(&b);
	hyp_vm_spe_stats(b.vm, &o->spe);
	assert_int_equal(hyp_vm_mm_stats(b.vm, &o->mm), 0);
	o->pmbsr = get(b.v, CORE64(x[21]));
	box_close(&b);
}

static void test_pinned_lose_nothing(void **state)
{
	struct outcome o;

	(void)state;
	for (uint32_t pin = VSPE_SPE_PIN_BUFFER; pin <= VSPE_SPE_PIN_ALL; pin++) {
		storm_run(pin, 200000, &o);
		print_message("pin %u: records %llu lost %llu storm %llu refaults %llu pinned %llu "
			      "s2 cpu %llu spe %llu unexpected %llu refused %llu\n", pin,
			      (unsigned long long)o.spe.records, (unsigned long long)o.mm.records_lost,
			      (unsigned long long)o.mm.storm_events,
			      (unsigned long long)o.mm.cpu_refaults,
			      (unsigned long long)o.mm.pinned_pages,
			      (unsigned long long)o.mm.s2_faults_cpu,
			      (unsigned long long)o.mm.s2_faults_spe,
			      (unsigned long long)o.mm.unexpected_faults,
			      (unsigned long long)o.mm.storm_refused);
		assert_int_equal(o.mm.records_lost, 0);
		assert_int_equal(o.spe.lost, 0);
		assert_int_equal(o.spe.records, RECORDS);
		assert_int_equal(o.mm.s2_faults_spe, 0);
		assert_int_equal(o.mm.unexpected_faults, 0);
		assert_int_equal(o.pmbsr, 0);
		/*
		 * The storm went for the resident pages and was refused them: the
		 * buffer's pin holds its whole THP frame, where the code lives too.
		 */
		assert_true(o.mm.storm_refused > 1000);
	}
}

static void test_unpinned_loses_records(void **state)
{
	struct outcome o, again;

	(void)state;
	storm_run(VSPE_SPE_PIN_NONE, 200000, &o);
	print_message("none: records %llu lost %llu s2 spe %llu storm %llu refaults %llu "
		      "restarts %llu\n",
		      (unsigned long long)o.spe.records, (unsigned long long)o.mm.records_lost,
		      (unsigned long long)o.mm.s2_faults_spe, (unsigned long long)o.mm.storm_events,
		      (unsigned long long)o.mm.cpu_refaults, (unsigned long long)o.mm.spe_restarts);
	assert_true(o.mm.records_lost > 0);
	assert_int_equal(o.mm.pinned_pages, 0);
	/* Every lost record was a stage-2 fault the hypervisor fixed and restarted. */
	assert_int_equal(o.mm.spe_restarts, o.mm.s2_faults_spe);
	assert_int_equal(o.pmbsr, 0);
	/* Deterministic: the same seed gives the same outcome. */
	storm_run(VSPE_SPE_PIN_NONE, 200000, &again);
	assert_memory_equal(&o.mm, &again.mm, sizeof(o.mm));
	assert_int_equal(o.spe.records, again.spe.records);
}

static void test_config_checked(void **state)
{
	struct vspe_vm_mm_config bad = { .pin = 4 };
	struct vspe_vm_mm_stats st;
	struct box b;

	(void)state;
	box_open(&b, 1, 2, 0, 100, BUF, NULL);
	assert_int_equal(hyp_vm_set_mm(b.vm, &bad), -EINVAL);
	bad.pin = 0;
	bad.storm_rate = 1000001;
	assert_int_equal(hyp_vm_set_mm(b.vm, &bad), -EINVAL);
	bad.storm_rate = 0;
	bad.pin_limit = 4095;
	bad.pin = VSPE_SPE_PIN_BUFFER;
	assert_int_equal(hyp_vm_set_mm(b.vm, &bad), -EINVAL);
	bad.pin_limit = 1 << 20;
	bad.pin = VSPE_SPE_PIN_ALL;	/* a limit means nothing to ALL */
	assert_int_equal(hyp_vm_set_mm(b.vm, &bad), -EINVAL);
	assert_int_equal(hyp_vm_mm_stats(b.vm, &st), -ENODEV);
	box_run(&b);
	/* The default: hyp_mem with ALL (an SPE vCPU), every page pinned. */
	assert_int_equal(hyp_vm_mm_stats(b.vm, &st), 0);
	assert_int_equal(st.pin, VSPE_SPE_PIN_ALL);
	assert_int_equal(st.pinned_pages, RAM_SIZE / 4096);
	assert_int_equal(st.records_lost, 0);
	bad.pin_limit = 0;
	bad.storm_rate = 0;
	assert_int_equal(hyp_vm_set_mm(b.vm, &bad), -EBUSY);
	box_close(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pinned_lose_nothing),
		cmocka_unit_test(test_unpinned_loses_records),
		cmocka_unit_test(test_config_checked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
