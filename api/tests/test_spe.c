// SPDX-License-Identifier: GPL-2.0-only
/*
 * SPE for guests through the public API (docs/spe-guest.md): capability,
 * feature, SPE_CTRL and SCHED_CTRL with KVM's errors, placement on SPE
 * CPUs, sampling a known loop (exact record count, deterministic bytes),
 * migration between physical CPUs, UNDEF without the feature, the virtual
 * buffer interrupt, a stage-2 fault and the paravirtual channel.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "decode/spe_record.h"
#include "common.h"

#define E_SAMPLE	0x000
#define E_PROBE		0x200
#define E_HCALL		0x400
#define E_FULL		0x600
#define E_SERVICE	0x1000
#define E_EL0TEST	0x1200
#define BUF		0x40100000ull
#define LOOP_PC		0x40000034ull	/* first instruction of the sampled loop */
#define ITER		100000u
#define PPI		21

/* nr CPUs; bit n of spe_mask: CPU n has SPE of version ver[n] (default v1p1). */
static int spe_open_sched(struct machine *m, unsigned int nr, uint64_t spe_mask,
			  const enum vspe_spe_version *ver, uint64_t quantum, uint32_t sched)
{
	struct vspe_host_config cfg;

	vspe_host_config_default(&cfg);
	cfg.nr_cpus = nr;
	cfg.quantum = quantum;
	cfg.seed = 7;
	cfg.sched = sched;
	for (unsigned int i = 0; i < nr; i++)
		if (spe_mask >> i & 1)
			cfg.cpus[i].spe = ver ? ver[i] : VSPE_SPE_V1P1;
	return machine_open_cfg(m, &cfg, SPE_GUEST_BIN);
}

/* The default scheduler (affine). */
static int spe_open(struct machine *m, unsigned int nr, uint64_t spe_mask,
		    const enum vspe_spe_version *ver, uint64_t quantum)
{
	return spe_open_sched(m, nr, spe_mask, ver, quantum, VSPE_SCHED_AFFINE);
}

static int attr(struct vspe_vcpu *v, int op, uint32_t group, uint64_t a, void *addr)
{
	struct vspe_device_attr da = { .group = group, .attr = a, .addr = (uintptr_t)addr };

	return op == 0 ? vspe_vcpu_set_device_attr(v, &da) :
	       op == 1 ? vspe_vcpu_get_device_attr(v, &da) : vspe_vcpu_has_device_attr(v, &da);
}

static void set_x(struct vspe_vcpu *v, unsigned int n, uint64_t val)
{
	struct vspe_one_reg reg = { .id = VSPE_REG_CORE(x[n]), .addr = (uintptr_t)&val };

	assert_int_equal(vspe_set_one_reg(v, &reg), 0);
}

static uint64_t get_x(struct vspe_vcpu *v, unsigned int n)
{
	return vcpu_reg(v, VSPE_REG_CORE(x[n]));
}

/* A vCPU at entry, with or without SPE (IRQ PPI 21 and INIT when init_spe). */
static struct vspe_vcpu *spe_vcpu(struct machine *m, unsigned int id, uint64_t entry,
				  bool spe, bool init_spe)
{
	struct vspe_vcpu_init init;
	struct vspe_vcpu *v;
	uint64_t pc = RAM_BASE + entry;
	struct vspe_one_reg reg = { .id = VSPE_REG_CORE(pc), .addr = (uintptr_t)&pc };
	int irq = PPI;

	assert_int_equal(vspe_create_vcpu(m->vm, id, &v), 0);
	assert_int_equal(vspe_arm_preferred_target(m->vm, &init), 0);
	init.features[0] |= 1u << VSPE_ARM_VCPU_PSCI_0_2;
	if (spe)
		init.features[0] |= 1u << VSPE_ARM_VCPU_SPE;
	assert_int_equal(vspe_vcpu_init(v, &init), 0);
	assert_int_equal(vspe_set_one_reg(v, &reg), 0);
	if (init_spe) {
		assert_int_equal(attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, &irq), 0);
		assert_int_equal(attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_INIT, NULL),
				 0);
	}
	return v;
}

static void run_to_off(struct machine *m)
{
	struct vspe_vcpu *who;
	struct vspe_run *run = machine_run(m, &who);

	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
	assert_int_equal(run->system_event.type, VSPE_SYSTEM_EVENT_SHUTDOWN);
}

static void test_cap_and_feature(void **state)
{
	struct machine m;
	struct vspe_vcpu *v;
	struct vspe_vcpu_init init = { .target = VSPE_ARM_TARGET_GENERIC_V8 };

	(void)state;
	assert_int_equal(spe_open(&m, 2, 0, NULL, 0), 0);
	assert_int_equal(vspe_check_extension(m.sys, VSPE_CAP_ARM_SPE), 0);
	assert_int_equal(vspe_create_vcpu(m.vm, 0, &v), 0);
	init.features[0] = 1u << VSPE_ARM_VCPU_SPE;
	assert_fails(vspe_vcpu_init(v, &init), -EINVAL);
	assert_string_equal(vspe_last_error(),
			    "SPE not available: no physical CPU of the host has an SPE unit");
	machine_close(&m);

	assert_int_equal(spe_open(&m, 2, 0x2, NULL, 0), 0);
	assert_int_equal(vspe_check_extension(m.sys, VSPE_CAP_ARM_SPE), 1);
	v = spe_vcpu(&m, 0, E_SAMPLE, true, false);
	machine_close(&m);
}

static void test_spe_ctrl_errors(void **state)
{
	struct machine m;
	struct vspe_vcpu *a, *b, *plain;
	int irq = 0;

	(void)state;
	assert_int_equal(spe_open(&m, 1, 1, NULL, 0), 0);
	a = spe_vcpu(&m, 0, E_SAMPLE, true, false);
	b = spe_vcpu(&m, 1, E_SAMPLE, true, false);
	plain = spe_vcpu(&m, 2, E_SAMPLE, false, false);
	/* No SPE feature: every SPE attribute is -ENXIO. */
	assert_fails(attr(plain, 2, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, &irq), -ENXIO);
	assert_fails(attr(plain, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_INIT, NULL), -ENXIO);
	assert_int_equal(attr(a, 2, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, NULL), 0);
	assert_int_equal(attr(a, 2, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_INIT, NULL), 0);
	assert_int_equal(attr(a, 2, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_STOP, NULL), 0);
	assert_fails(attr(a, 2, VSPE_ARM_VCPU_SPE_CTRL, 99, NULL), -ENXIO);
	/* IRQ: read before set, bad pointer, not a PPI. */
	assert_fails(attr(a, 1, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, &irq), -ENXIO);
	assert_fails(attr(a, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, NULL), -EFAULT);
	irq = 32;
	assert_fails(attr(a, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, &irq), -EINVAL);
	irq = 15;
	assert_fails(attr(a, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, &irq), -EINVAL);
	/* INIT before IRQ. */
	assert_fails(attr(a, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_INIT, NULL), -ENXIO);
	irq = PPI;
	assert_int_equal(attr(a, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, &irq), 0);
	assert_fails(attr(a, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, &irq), -EBUSY);
	irq = 0;
	assert_int_equal(attr(a, 1, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, &irq), 0);
	assert_int_equal(irq, PPI);
	/* The same PPI on every vCPU. */
	irq = PPI + 1;
	assert_fails(attr(b, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, &irq), -EINVAL);
	irq = PPI;
	assert_int_equal(attr(b, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, &irq), 0);
	assert_int_equal(attr(a, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_INIT, NULL), 0);
	assert_fails(attr(a, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_INIT, NULL), -EBUSY);
	assert_fails(attr(a, 1, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_INIT, NULL), -ENXIO);
	/* First run with b not initialized: -EPERM, a clear error. */
	{
		struct vspe_vcpu *who;

		assert_fails(vspe_vm_run(m.vm, &who), -EPERM);
		assert_string_equal(vspe_last_error(), "vcpu 1 has the SPE feature but "
				    "SPE_CTRL/SPE_INIT was not done");
	}
	machine_close(&m);
}

static void test_timer_ppi_refused(void **state)
{
	struct machine m;
	struct vspe_vcpu *a;
	int irq = 27;

	(void)state;
	assert_int_equal(spe_open(&m, 1, 1, NULL, 0), 0);
	a = spe_vcpu(&m, 0, E_SAMPLE, true, false);
	assert_int_equal(attr(a, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, &irq), 0);
	assert_fails(attr(a, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_INIT, NULL), -ENXIO);
	machine_close(&m);
}

static void test_supported_cpus(void **state)
{
	struct machine m;
	struct vspe_vcpu *v, *who;
	struct vspe_run *run;
	uint64_t mask = 0;

	(void)state;
	/* The scheduler's choice: only CPUs 1 and 3 have SPE. */
	assert_int_equal(spe_open(&m, 4, 0xa, NULL, 2000), 0);
	v = spe_vcpu(&m, 0, E_SAMPLE, true, true);
	assert_int_equal(attr(v, 1, VSPE_ARM_VCPU_SCHED_CTRL, VSPE_ARM_VCPU_SUPPORTED_CPUS,
			      &mask), 0);
	assert_int_equal(mask, 0xa);
	mask = 0;
	assert_fails(attr(v, 0, VSPE_ARM_VCPU_SCHED_CTRL, VSPE_ARM_VCPU_SUPPORTED_CPUS, &mask),
		     -EINVAL);
	mask = 0x10;
	assert_fails(attr(v, 0, VSPE_ARM_VCPU_SCHED_CTRL, VSPE_ARM_VCPU_SUPPORTED_CPUS, &mask),
		     -EINVAL);
	set_x(v, 0, 20000);
	set_x(v, 1, 1024);
	set_x(v, 2, BUF);
	run_to_off(&m);
	assert_int_equal(get_x(v, 21), 0);
	assert_true(get_x(v, 19) > BUF);
	mask = 0xa;
	assert_fails(attr(v, 0, VSPE_ARM_VCPU_SCHED_CTRL, VSPE_ARM_VCPU_SUPPORTED_CPUS, &mask),
		     -EBUSY);
	machine_close(&m);

	/* A forced bad placement: CPU 2 has no SPE unit. */
	assert_int_equal(spe_open(&m, 4, 0xa, NULL, 0), 0);
	v = spe_vcpu(&m, 0, E_SAMPLE, true, true);
	mask = 0x4;
	assert_int_equal(attr(v, 0, VSPE_ARM_VCPU_SCHED_CTRL, VSPE_ARM_VCPU_SUPPORTED_CPUS,
			      &mask), 0);
	assert_int_equal(vspe_vm_run(m.vm, &who), 0);
	assert_ptr_equal(who, v);
	run = vspe_vcpu_run_struct(v);
	assert_int_equal(run->exit_reason, VSPE_EXIT_FAIL_ENTRY);
	assert_int_equal(run->fail_entry.hardware_entry_failure_reason,
			 VSPE_FAIL_ENTRY_CPU_UNSUPPORTED);
	assert_int_equal(run->fail_entry.cpu, 2);
	/* vspe_run() places it the same way. */
	assert_int_equal(vspe_run(v), 0);
	assert_int_equal(run->exit_reason, VSPE_EXIT_FAIL_ENTRY);
	assert_int_equal(run->fail_entry.cpu, 2);
	machine_close(&m);
}

/* Decodes the guest's buffer: count, and the loop's PCs in order. */
static size_t decode(const uint8_t *buf, size_t len, struct spe_record *recs, size_t cap)
{
	struct spe_record_decoder *d = spe_rec_alloc(buf, len);
	struct spe_record r;
	size_t n = 0;

	assert_non_null(d);
	while (spe_rec_next(d, &r) == 0) {
		if (n < cap)
			recs[n] = r;
		n++;
	}
	spe_rec_free(d);
	return n;
}

/* Runs the loop sampled at 1024; returns the bytes in the buffer. */
static size_t sample_run(struct machine *m, unsigned int nr, uint64_t quantum, uint32_t sched,
			 uint8_t *copy)
{
	struct vspe_vcpu *v;
	size_t len;

	assert_int_equal(spe_open_sched(m, nr, (1ull << nr) - 1, NULL, quantum, sched), 0);
	v = spe_vcpu(m, 0, E_SAMPLE, true, true);
	set_x(v, 0, ITER);
	set_x(v, 1, 1024);
	set_x(v, 2, BUF);
	run_to_off(m);
	assert_int_equal(get_x(v, 21), 0);		/* PMBSR_EL1: no event */
	len = get_x(v, 19) - BUF;
	assert_true(len < (1u << 20));
	memcpy(copy, (uint8_t *)m->ram + (BUF - RAM_BASE), len);
	return len;
}

#define MAX_RECS	1024

static void test_sample_count_deterministic(void **state)
{
	static uint8_t b1[1 << 20], b2[1 << 20];
	static struct spe_record r[MAX_RECS];
	struct machine m;
	size_t l1, l2, n;
	/*
	 * Members while sampling: the isb, the ldr of DATA, 5 per iteration,
	 * up to the MSR that turns it off. A selection every R + 1 = 1025.
	 */
	const size_t members = 2 + 5 * (size_t)ITER, expect = members / 1025;

	(void)state;
	l1 = sample_run(&m, 1, 0, VSPE_SCHED_AFFINE, b1);
	machine_close(&m);
	l2 = sample_run(&m, 1, 0, VSPE_SCHED_AFFINE, b2);
	machine_close(&m);
	assert_int_equal(l1, l2);
	assert_memory_equal(b1, b2, l1);
	n = decode(b1, l1, r, MAX_RECS);
	if (getenv("SPE_DUMP"))
		for (size_t i = 0; i < n && i < MAX_RECS; i++) if (r[i].pc != r[0].pc)
			printf("%zu pc %llx valid %x va %llx pa %llx ts %llu kind %d\n", i,
			       (unsigned long long)r[i].pc, r[i].valid,
			       (unsigned long long)r[i].data_va, (unsigned long long)r[i].data_pa,
			       (unsigned long long)r[i].timestamp, (int)spe_record_op_kind(&r[i]));
	assert_int_equal(n, expect);
	for (size_t i = 0; i < n && i < MAX_RECS; i++) {
		assert_true(r[i].pc >= LOOP_PC && r[i].pc < LOOP_PC + 20);
		assert_int_equal(r[i].pc_el, 1);
		if (r[i].pc == LOOP_PC || r[i].pc == LOOP_PC + 8) {
			assert_int_equal(r[i].data_va, 0x40080000);
			assert_int_equal(r[i].data_pa, 0x40080000);
		}
	}
}

static void test_migration(void **state)
{
	static uint8_t b1[1 << 20], b2[1 << 20];
	static struct spe_record r1[MAX_RECS], r2[MAX_RECS];
	struct machine m;
	size_t l1, l2, n1, n2;

	(void)state;
	l1 = sample_run(&m, 1, 0, VSPE_SCHED_AFFINE, b1);
	machine_close(&m);
	/* Two SPE CPUs, a 3000-instruction slice, round-robin: ~170 moves
	 * between them. */
	l2 = sample_run(&m, 2, 3000, VSPE_SCHED_RR, b2);
	machine_close(&m);
	n1 = decode(b1, l1, r1, MAX_RECS);
	n2 = decode(b2, l2, r2, MAX_RECS);
	assert_int_equal(n1, n2);
	/* Same operations sampled, same order, same times: nothing lost or mixed. */
	for (size_t i = 0; i < n1 && i < MAX_RECS; i++) {
		assert_int_equal(r1[i].pc, r2[i].pc);
		assert_int_equal(r1[i].data_va, r2[i].data_va);
		assert_int_equal(r1[i].timestamp, r2[i].timestamp);
	}
}

static void test_undef_without_spe(void **state)
{
	struct machine m;
	struct vspe_vcpu *v;

	(void)state;
	/* The host has SPE, this vCPU does not: every SPE register UNDEFs. */
	assert_int_equal(spe_open(&m, 1, 1, NULL, 0), 0);
	v = spe_vcpu(&m, 0, E_PROBE, false, false);
	run_to_off(&m);
	if (getenv("SPE_DUMP"))
		for (unsigned int i = 0; i < get_x(v, 23); i++)
			printf("undef at %llx\n", (unsigned long long)((uint64_t *)m.ram)[0x90000 / 8 + i]);
	assert_int_equal(get_x(v, 23), 20);	/* 12 MRS + 6 MSR + 2 EL2-only */
	assert_int_equal((get_x(v, 24) >> 32) & 0xf, 0);	/* PMSVer */
	machine_close(&m);

	/* Same without any SPE on the host (the CPU itself UNDEFs them). */
	assert_int_equal(spe_open(&m, 1, 0, NULL, 0), 0);
	v = spe_vcpu(&m, 0, E_PROBE, false, false);
	run_to_off(&m);
	assert_int_equal(get_x(v, 23), 20);
	machine_close(&m);
}

static void test_registers_with_spe(void **state)
{
	static const enum vspe_spe_version ver[2] = { VSPE_SPE_V1P2, VSPE_SPE_V1P1 };
	struct machine m;
	struct vspe_vcpu *v;

	(void)state;
	/* v1p2 and v1p1 CPUs: the vCPU is offered v1p1 (no PMSNEVFR_EL1). */
	assert_int_equal(spe_open(&m, 2, 3, ver, 0), 0);
	v = spe_vcpu(&m, 0, E_PROBE, true, true);
	run_to_off(&m);
	/* PMSNEVFR, the two ID writes, PMSCR_EL12 and PMSCR_EL2. */
	assert_int_equal(get_x(v, 23), 5);
	assert_int_equal((get_x(v, 24) >> 32) & 0xf, 2);
	/* PMSIDR_EL1 of the default v1p1 unit: FE FT FL ArchInst LDS, 256, 64 B, 12-bit. */
	assert_int_equal(get_x(v, 25), 0x2601f);
	assert_int_equal(get_x(v, 26), 0x100);	/* PMBIDR_EL1: EA ignored, P = 0 */
	machine_close(&m);
}

static void test_hypercalls(void **state)
{
	struct machine m;
	struct vspe_vcpu *v, *who;
	struct vspe_run *run;

	(void)state;
	assert_int_equal(spe_open(&m, 1, 0, NULL, 0), 0);
	v = spe_vcpu(&m, 0, E_HCALL, false, false);
	run = machine_run(&m, &who);
	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_HYPERCALL);
	assert_int_equal(run->hypercall.nr, VSPE_HC_TRACE_WRITE);
	assert_int_equal(run->hypercall.args[0], 0x1000);
	assert_int_equal(run->hypercall.args[1], 64);
	assert_int_equal(run->hypercall.args[2], 1);
	assert_int_equal(run->hypercall.args[3], 0);
	run->hypercall.ret = (uint64_t)-2;
	/* Any other vspe id exits too (the VMM answers); ret preset NOT_SUPPORTED. */
	run = machine_run(&m, &who);
	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_HYPERCALL);
	assert_int_equal(run->hypercall.nr, 0xc60000ff);
	assert_int_equal(run->hypercall.ret, (uint64_t)-1);
	run_to_off(&m);
	assert_int_equal(get_x(v, 19), VSPE_HC_MAGIC);
	assert_int_equal(get_x(v, 20), (uint64_t)-2);
	assert_int_equal(get_x(v, 21), (uint64_t)-1);
	machine_close(&m);
}

static void test_buffer_full_irq(void **state)
{
	struct machine m;
	struct vspe_vcpu *v;

	(void)state;
	assert_int_equal(spe_open(&m, 1, 1, NULL, 0), 0);
	v = spe_vcpu(&m, 0, E_FULL, true, true);
	run_to_off(&m);
	assert_true(get_x(v, 27) >= 1);
	/* S = 1, EC buffer, BSC full: what the handler read before clearing it. */
	assert_int_equal(get_x(v, 28), 0x20001);
	machine_close(&m);
}

static void test_pmbsr_write_irq(void **state)
{
	struct machine m;
	struct vspe_vcpu *v;

	(void)state;
	/* kvm-unit-tests' "service event": a written S = 1 raises the line. */
	assert_int_equal(spe_open(&m, 1, 1, NULL, 0), 0);
	v = spe_vcpu(&m, 0, E_SERVICE, true, true);
	run_to_off(&m);
	assert_int_equal(get_x(v, 20), 0x20005);
	assert_int_equal(get_x(v, 27), 1);		/* exactly one interrupt */
	assert_int_equal(get_x(v, 28), 0x20005);	/* the handler saw the syndrome */
	assert_int_equal(get_x(v, 21), 0);
	machine_close(&m);
}

static void test_stop(void **state)
{
	static uint8_t b1[1 << 20];
	struct machine m;
	struct vspe_vcpu *v, *who;
	struct vspe_run *run;
	int flag = 0;

	(void)state;
	/* Errors: before INIT, bad flags, NULL. */
	assert_int_equal(spe_open(&m, 1, 1, NULL, 0), 0);
	v = spe_vcpu(&m, 0, E_SAMPLE, true, false);
	flag = VSPE_ARM_VCPU_SPE_STOP_TRAP;
	assert_fails(attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_STOP, &flag), -EAGAIN);
	machine_close(&m);

	/* STOP_TRAP: the guest programs SPE, nothing is sampled. */
	assert_int_equal(spe_open(&m, 1, 1, NULL, 0), 0);
	v = spe_vcpu(&m, 0, E_SAMPLE, true, true);
	assert_int_equal(attr(v, 2, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_STOP, NULL), 0);
	assert_fails(attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_STOP, NULL), -EFAULT);
	flag = 0;
	assert_fails(attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_STOP, &flag), -EINVAL);
	flag = VSPE_ARM_VCPU_SPE_STOP_TRAP | VSPE_ARM_VCPU_SPE_STOP_EXIT;
	assert_fails(attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_STOP, &flag), -EINVAL);
	flag = VSPE_ARM_VCPU_SPE_STOP_TRAP;
	assert_int_equal(attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_STOP, &flag), 0);
	flag = 0;
	assert_int_equal(attr(v, 1, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_STOP, &flag), 0);
	assert_int_equal(flag, VSPE_ARM_VCPU_SPE_STOP_TRAP);
	set_x(v, 0, ITER);
	set_x(v, 1, 1024);
	set_x(v, 2, BUF);
	run_to_off(&m);
	assert_int_equal(get_x(v, 19), BUF);	/* PMBPTR_EL1 did not move */
	assert_int_equal(get_x(v, 21), 0);
	machine_close(&m);

	/* STOP_EXIT: the run fails entry once the guest profiles; RESUME goes on. */
	assert_int_equal(spe_open(&m, 1, 1, NULL, 0), 0);
	v = spe_vcpu(&m, 0, E_SAMPLE, true, true);
	flag = VSPE_ARM_VCPU_SPE_STOP_EXIT;
	assert_int_equal(attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_STOP, &flag), 0);
	set_x(v, 0, ITER);
	set_x(v, 1, 1024);
	set_x(v, 2, BUF);
	run = machine_run(&m, &who);
	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_FAIL_ENTRY);
	assert_int_equal(run->fail_entry.hardware_entry_failure_reason, 0);
	/* Still stopped: entry fails again at once. */
	assert_int_equal(vspe_vm_run(m.vm, &who), 0);
	assert_int_equal(run->exit_reason, VSPE_EXIT_FAIL_ENTRY);
	flag = VSPE_ARM_VCPU_SPE_RESUME;
	assert_int_equal(attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_STOP, &flag), 0);
	run_to_off(&m);
	assert_int_equal(get_x(v, 21), 0);
	memcpy(b1, (uint8_t *)m.ram + (BUF - RAM_BASE), get_x(v, 19) - BUF);
	/* Nothing lost: the same records as a run that was never stopped. */
	assert_int_equal(decode(b1, get_x(v, 19) - BUF, NULL, 0), (2 + 5 * (size_t)ITER) / 1025);
	machine_close(&m);
}

static void test_el_split(void **state)
{
	static uint8_t b1[1 << 20];
	static struct spe_record r[MAX_RECS];
	const uint64_t iter = 100000;
	struct machine m;
	struct vspe_vcpu *v;
	size_t n, len;

	(void)state;
	/* E1SPE only: an ERET to EL0 ends the chunk; EL0 code is never counted. */
	assert_int_equal(spe_open(&m, 1, 1, NULL, 0), 0);
	v = spe_vcpu(&m, 0, E_EL0TEST, true, true);
	set_x(v, 0, iter);
	run_to_off(&m);
	len = get_x(v, 19) - BUF;
	memcpy(b1, (uint8_t *)m.ram + (BUF - RAM_BASE), len);
	n = decode(b1, len, r, MAX_RECS);
	/* EL1 members: isb, mov, 2N, 5 to the ERET, the vector's b, mov, 2N. */
	assert_int_equal(n, (4 * iter + 9) / 1025);
	for (size_t i = 0; i < n && i < MAX_RECS; i++) {
		uint64_t off = r[i].pc - RAM_BASE;

		assert_int_equal(r[i].pc_el, 1);
		/* Not in el0code (E_EL0TEST + 0x48 .. + 0x58). */
		assert_false(off >= E_EL0TEST + 0x48 && off < E_EL0TEST + 0x58);
	}
	machine_close(&m);
}

static void test_stage2_fault(void **state)
{
	struct machine m;
	struct vspe_vcpu *v;

	(void)state;
	/* A buffer at an IPA no memslot backs: the unit reports a stage-2 fault. */
	assert_int_equal(spe_open(&m, 1, 1, NULL, 0), 0);
	v = spe_vcpu(&m, 0, E_SAMPLE, true, true);
	set_x(v, 0, 10000);
	set_x(v, 1, 1024);
	set_x(v, 2, 0x50000000);
	run_to_off(&m);
	/* KVM's choice: S = 1, EA = 1, EC stage-1 data abort, FSC 0x10. */
	assert_int_equal(get_x(v, 21), (0x24ull << 26) | (1u << 18) | (1u << 17) | 0x10);
	assert_int_equal(get_x(v, 19), 0x50000000);
	machine_close(&m);
}

static bool listed(struct vspe_vcpu *v, uint64_t id)
{
	static uint64_t buf[1 + 512];
	struct vspe_reg_list *l = (struct vspe_reg_list *)buf;

	l->n = 512;
	assert_int_equal(vspe_get_reg_list(v, l), 0);
	for (uint64_t i = 0; i < l->n; i++)
		if (l->reg[i] == id)
			return true;
	return false;
}

static void test_one_reg(void **state)
{
	/* ARCH_SYSREG(op0, op1, CRn, CRm, op2) keys of PMBPTR_EL1 and PMSIDR_EL1. */
	const uint64_t pmbptr = VSPE_REG_SYSREG((3u << 14) | (9u << 7) | (10u << 3) | 1);
	const uint64_t pmsidr = VSPE_REG_SYSREG((3u << 14) | (9u << 7) | (9u << 3) | 7);
	struct machine m;
	struct vspe_vcpu *a, *plain;
	uint64_t val = 0x40123000;
	struct vspe_one_reg r = { .id = pmbptr, .addr = (uintptr_t)&val };

	(void)state;
	assert_int_equal(spe_open(&m, 1, 1, NULL, 0), 0);
	a = spe_vcpu(&m, 0, E_SAMPLE, true, true);
	plain = spe_vcpu(&m, 1, E_SAMPLE, false, false);
	/* Migration state: the SPE registers are in the list of an SPE vCPU only. */
	assert_true(listed(a, pmbptr));
	assert_false(listed(plain, pmbptr));
	assert_fails(vspe_get_one_reg(plain, &r), -ENOENT);
	assert_int_equal(vspe_set_one_reg(a, &r), 0);
	val = 0;
	assert_int_equal(vspe_get_one_reg(a, &r), 0);
	assert_int_equal(val, 0x40123000);
	/* ID values: only what they are (the destination must match the source). */
	r.id = pmsidr;
	assert_int_equal(vspe_get_one_reg(a, &r), 0);
	assert_int_equal(val, 0x2601f);
	assert_int_equal(vspe_set_one_reg(a, &r), 0);
	val ^= 1;
	assert_fails(vspe_set_one_reg(a, &r), -EINVAL);
	machine_close(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cap_and_feature),
		cmocka_unit_test(test_spe_ctrl_errors),
		cmocka_unit_test(test_timer_ppi_refused),
		cmocka_unit_test(test_supported_cpus),
		cmocka_unit_test(test_sample_count_deterministic),
		cmocka_unit_test(test_migration),
		cmocka_unit_test(test_undef_without_spe),
		cmocka_unit_test(test_registers_with_spe),
		cmocka_unit_test(test_hypercalls),
		cmocka_unit_test(test_buffer_full_irq),
		cmocka_unit_test(test_pmbsr_write_irq),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_el_split),
		cmocka_unit_test(test_stage2_fault),
		cmocka_unit_test(test_one_reg),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
