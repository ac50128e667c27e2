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
	uint64_t pmbsr, pmbptr, counter;
	uint64_t code_sum, buf_sum;	/* FNV-1a of the guest's code and of its records */
};

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

/* The guest as loaded: its binary, read again from the file. */
static uint64_t guest_code_sum(size_t *len)
{
	static uint8_t bin[64 << 10];
	FILE *f = fopen(SPE_GUEST_BIN, "rb");

	assert_non_null(f);
	*len = fread(bin, 1, sizeof(bin), f);
	fclose(f);
	return fnv1a(bin, *len);
}

static void storm_run(uint32_t pin, uint32_t rate, struct outcome *o)
{
	struct vspe_vm_mm_config mm = { .pin = pin, .storm_seed = 7,
					.storm_rate = rate };
	struct box b;

	size_t code;

	guest_code_sum(&code);
	box_open(&b, 2, 2, 2000, ITER, BUF, rate || pin ? &mm : NULL);
	box_run(&b);
	hyp_vm_spe_stats(b.vm, &o->spe);
	assert_int_equal(hyp_vm_mm_stats(b.vm, &o->mm), 0);
	o->pmbsr = get(b.v, CORE64(x[21]));
	o->pmbptr = get(b.v, CORE64(x[19]));
	/* What the storm moved is back: the counter, the code, the records. */
	memcpy(&o->counter, (uint8_t *)b.ram + 0x80000, 8);
	o->code_sum = fnv1a(b.ram, code);
	assert_true(o->pmbptr >= BUF && o->pmbptr - BUF <= (1u << 20));
	o->buf_sum = fnv1a((uint8_t *)b.ram + (BUF - RAM_BASE), o->pmbptr - BUF);
	box_close(&b);
}

static void test_pinned_lose_nothing(void **state)
{
	struct outcome o, calm;
	size_t code;
	uint64_t code_sum = guest_code_sum(&code);

	(void)state;
	/* The reference: the default (ALL: this vCPU has SPE), no storm. */
	storm_run(VSPE_SPE_PIN_AUTO, 0, &calm);
	assert_int_equal(calm.mm.pin, VSPE_SPE_PIN_ALL);
	assert_int_equal(calm.spe.records, RECORDS);
	assert_int_equal(calm.counter, ITER);
	assert_int_equal(calm.code_sum, code_sum);
	for (uint32_t pin = VSPE_SPE_PIN_BUFFER; pin <= VSPE_SPE_PIN_ALL; pin++) {
		storm_run(pin, 200000, &o);
		/* Contents survive every move: same code, same count, the same records byte for byte. */
		assert_int_equal(o.counter, ITER);
		assert_int_equal(o.code_sum, code_sum);
		assert_int_equal(o.pmbptr, calm.pmbptr);
		assert_int_equal(o.buf_sum, calm.buf_sum);
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
	/* The CPU's accesses met the storm too: faulted back per access, counted as CPU. */
	assert_true(o.mm.s2_faults_cpu > 0);
	assert_int_equal(o.counter, ITER);
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

/* buffer over pin_limit: VSPE_EXIT_RLIMIT with the numbers, again on every run. */
static void test_pin_limit_exit(void **state)
{
	struct vspe_vm_mm_config mm = { .pin = VSPE_SPE_PIN_BUFFER, .pin_limit = 64 << 10 };
	struct vspe_vm_mm_stats st;
	struct box b;

	(void)state;
	box_open(&b, 1, 2, 0, 100, BUF, &mm);
	for (unsigned int k = 0; k < 2; k++) {
		struct hyp_vcpu *who;
		struct vspe_run *run;
		unsigned int i;

		for (i = 0; i < 100; i++) {
			assert_int_equal(hyp_vm_run(b.vm, &who), 0);
			run = hyp_vcpu_run_struct(who);
			if (run->exit_reason != VSPE_EXIT_INTR)
				break;
		}
		assert_int_equal(run->exit_reason, VSPE_EXIT_RLIMIT);
		assert_int_equal(run->rlimit.limit, 64 << 10);
		assert_int_equal(run->rlimit.needed, 1 << 20);	/* the guest's 1 MiB buffer */
		assert_int_equal(run->rlimit.buffer_va, BUF);
	}
	assert_int_equal(hyp_vm_mm_stats(b.vm, &st), 0);
	assert_int_equal(st.limit_exits, 2);
	assert_int_equal(st.pinned_pages, 0);
	assert_int_equal(st.records_lost, 0);
	box_close(&b);
}

/*
 * KVM v4 locked memslots by taking every vCPU's mutex (lockdep stopped it
 * past 48): here 256 SPE vCPUs cost the lock nothing. Only vCPU 0 runs; the
 * others were never loaded, and all memory is pinned before it runs.
 */
static void test_256_vcpus_lock(void **state)
{
	uint32_t feat[7] = { (1u << VSPE_ARM_VCPU_PSCI_0_2) | (1u << VSPE_ARM_VCPU_SPE) };
	struct vspe_vm_mm_stats st;
	struct hyp_spe_stats spe;
	struct box b;
	int irq = 21;

	(void)state;
	box_open(&b, 2, 2, 0, 2000, BUF, NULL);
	for (unsigned int i = 1; i < 256; i++) {
		struct hyp_vcpu *v;

		feat[0] |= 1u << VSPE_ARM_VCPU_POWER_OFF;
		assert_int_equal(hyp_vcpu_create(b.vm, i, &v), 0);
		assert_int_equal(hyp_vcpu_init(v, feat), 0);
		assert_int_equal(hyp_vcpu_spe_attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL,
						   VSPE_ARM_VCPU_SPE_IRQ, &irq), 0);
		assert_int_equal(hyp_vcpu_spe_attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL,
						   VSPE_ARM_VCPU_SPE_INIT, NULL), 0);
	}
	box_run(&b);
	assert_int_equal(hyp_vm_mm_stats(b.vm, &st), 0);
	hyp_vm_spe_stats(b.vm, &spe);
	assert_int_equal(st.pin, VSPE_SPE_PIN_ALL);
	assert_int_equal(st.pinned_pages, RAM_SIZE / 4096);
	assert_int_equal(st.pin_ops, 1);	/* one batch: the 16 MiB slot */
	assert_int_equal(st.s2_faults_cpu + st.s2_faults_spe, 0);
	assert_int_equal(spe.lost, 0);
	box_close(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pinned_lose_nothing),
		cmocka_unit_test(test_unpinned_loses_records),
		cmocka_unit_test(test_config_checked),
		cmocka_unit_test(test_pin_limit_exit),
		cmocka_unit_test(test_256_vcpus_lock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
