// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host profiling end to end through the public API (docs/host-profiling.md):
 * a guest (hostprof-guest.S) probes, profiles, and is profiled by the host
 * in turn, under each policy and each switching mode; the records of both
 * buffers are decoded and checked one by one.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/sysreg.h"
#include "decode/spe_record.h"
#include "vspe/vspe.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(16ull << 20)
#define BUF		0x40100000ull
#define DATA		0x40080000ull
#define LOOP_PC		0x40000208ull	/* the loop's first instruction */
#define CODE_END	0x40000400ull
#define HC_PHASE	0xc6000020ull
#define HOST_BYTES	(4u << 20)
#define CORE64(f)	(VSPE_REG_CORE(f) | VSPE_REG_SIZE_U64)

struct scenario {
	uint64_t entry;		/* offset of the guest's entry point */
	uint64_t pmbsr;		/* PMBSR_EL1 set with ONE_REG before the run (0: none) */
	uint32_t policy;	/* VSPE_SPE_POLICY_* */
	uint32_t sw;		/* VSPE_SPE_SWITCH_* */
	int host_from;		/* phase the host starts at: 0 before the run, 1, or -1 never */
	int host_until;		/* phase it stops at: 2, or 3 = the end */
	uint32_t target, id;	/* the host's target */
	uint64_t iters;		/* loop iterations per phase */
	uint64_t quantum;
	uint32_t ver;		/* the units' SPE version (0: v1p1) */
	unsigned int pcpus;	/* physical CPUs (0: 1) */
	uint32_t sched;		/* enum vspe_sched (0: affine) */
};

struct outcome {
	uint8_t *host;		/* all pieces, CPU 0 then others (one vCPU here) */
	size_t host_len;
	uint8_t *guest;
	size_t guest_len;
	uint64_t ptr1, ptr2;	/* the guest's PMBPTR_EL1 at the phase stops */
	uint64_t x19, x21, x23, x24, x25, x26;
	uint64_t irqs2;		/* x27 at the phase-2 stop */
	uint64_t x27;
	struct vspe_vm_spe_stats st;
	uint64_t cpu_mask;	/* physical CPUs that drained host pieces */
};

static void drain(void *arg, unsigned int cpu, const void *bytes, size_t len)
{
	struct outcome *o = arg;

	o->cpu_mask |= 1ull << cpu;
	assert_true(o->host_len + len <= HOST_BYTES);
	memcpy(o->host + o->host_len, bytes, len);
	o->host_len += len;
}

static uint64_t get(struct vspe_vcpu *v, uint64_t id)
{
	uint64_t val = 0;
	struct vspe_one_reg r = { .id = id, .addr = (uintptr_t)&val };

	assert_int_equal(vspe_get_one_reg(v, &r), 0);
	return val;
}

static void set(struct vspe_vcpu *v, uint64_t id, uint64_t val)
{
	struct vspe_one_reg r = { .id = id, .addr = (uintptr_t)&val };

	assert_int_equal(vspe_set_one_reg(v, &r), 0);
}

static void host_start(struct vspe_vm *vm, const struct scenario *sc, struct outcome *o)
{
	struct vspe_host_prof_config hc = { .target = sc->target, .id = sc->id,
		.interval = 1024, .buffer_size = 16384, .drain = drain, .arg = o };

	assert_int_equal(vspe_vm_host_prof_start(vm, &hc), 0);
}

static void load_guest(void *ram)
{
	FILE *f = fopen(HOSTPROF_GUEST_BIN, "rb");

	assert_non_null(f);
	assert_true(fread(ram, 1, RAM_SIZE, f) > 0);
	fclose(f);
}

static void run(const struct scenario *sc, struct outcome *o)
{
	struct vspe_host_config hc;
	struct vspe_system *sys;
	struct vspe_vm *vm;
	struct vspe_vcpu *v, *who;
	struct vspe_vcpu_init init;
	struct vspe_userspace_memory_region mr;
	int irq = 21;
	struct vspe_device_attr a_irq = { .group = VSPE_ARM_VCPU_SPE_CTRL,
		.attr = VSPE_ARM_VCPU_SPE_IRQ, .addr = (uintptr_t)&irq };
	struct vspe_device_attr a_init = { .group = VSPE_ARM_VCPU_SPE_CTRL,
		.attr = VSPE_ARM_VCPU_SPE_INIT };
	void *ram = aligned_alloc(4096, RAM_SIZE);
	bool host = false, done = false;

	memset(o, 0, sizeof(*o));
	o->host = malloc(HOST_BYTES);
	assert_non_null(o->host);
	assert_non_null(ram);
	memset(ram, 0, RAM_SIZE);
	load_guest(ram);
	vspe_host_config_default(&hc);
	hc.nr_cpus = sc->pcpus ? sc->pcpus : 1;
	for (unsigned int i = 0; i < hc.nr_cpus; i++)
		hc.cpus[i].spe = sc->ver ? (enum vspe_spe_version)sc->ver : VSPE_SPE_V1P1;
	hc.quantum = sc->quantum;
	hc.seed = 5;
	hc.spe_switch = sc->sw;
	hc.sched = sc->sched;
	assert_int_equal(vspe_open(&hc, &sys), 0);
	assert_int_equal(vspe_create_vm(sys, &vm), 0);
	mr = (struct vspe_userspace_memory_region){ .guest_phys_addr = RAM_BASE,
		.memory_size = RAM_SIZE, .userspace_addr = (uintptr_t)ram };
	assert_int_equal(vspe_set_user_memory_region(vm, &mr), 0);
	assert_int_equal(vspe_create_vcpu(vm, 0, &v), 0);
	assert_int_equal(vspe_arm_preferred_target(vm, &init), 0);
	init.features[0] |= (1u << VSPE_ARM_VCPU_PSCI_0_2) | (1u << VSPE_ARM_VCPU_SPE);
	assert_int_equal(vspe_vcpu_init(v, &init), 0);
	assert_int_equal(vspe_vcpu_set_device_attr(v, &a_irq), 0);
	assert_int_equal(vspe_vcpu_set_device_attr(v, &a_init), 0);
	set(v, CORE64(pc), RAM_BASE + sc->entry);
	if (sc->pmbsr)
		set(v, VSPE_REG_SYSREG(SYS_PMBSR_EL1), sc->pmbsr);
	set(v, CORE64(x[0]), sc->iters);
	set(v, CORE64(x[1]), 1024);
	set(v, CORE64(x[2]), BUF);
	assert_int_equal(vspe_vm_set_spe_policy(vm, sc->policy), 0);
	if (sc->host_from == 0) {
		host_start(vm, sc, o);
		host = true;
	}
	for (unsigned int i = 0; i < 100000 && !done; i++) {
		struct vspe_run *r;

		assert_int_equal(vspe_vm_run(vm, &who), 0);
		r = vspe_vcpu_run_struct(who);
		switch (r->exit_reason) {
		case VSPE_EXIT_INTR:
			break;
		case VSPE_EXIT_HYPERCALL:
			assert_int_equal(r->hypercall.nr, HC_PHASE);
			if (r->hypercall.args[0] == 1) {
				o->ptr1 = get(v, VSPE_REG_SYSREG(SYS_PMBPTR_EL1));
				if (sc->host_from == 1) {
					host_start(vm, sc, o);
					host = true;
				}
			} else {
				o->ptr2 = get(v, VSPE_REG_SYSREG(SYS_PMBPTR_EL1));
				o->irqs2 = get(v, CORE64(x[27]));
				if (host && sc->host_until == 2) {
					assert_int_equal(vspe_vm_host_prof_stop(vm), 0);
					host = false;
				}
			}
			r->hypercall.ret = 0;
			break;
		case VSPE_EXIT_SYSTEM_EVENT:
			done = true;
			break;
		default:
			fail_msg("exit reason %u", r->exit_reason);
		}
	}
	assert_true(done);
	if (host)
		assert_int_equal(vspe_vm_host_prof_stop(vm), 0);
	assert_int_equal(vspe_vm_host_prof_stop(vm), -ENOENT);
	o->x19 = get(v, CORE64(x[19]));
	o->x21 = get(v, CORE64(x[21]));
	o->x23 = get(v, CORE64(x[23]));
	o->x24 = get(v, CORE64(x[24]));
	o->x25 = get(v, CORE64(x[25]));
	o->x26 = get(v, CORE64(x[26]));
	o->x27 = get(v, CORE64(x[27]));
	assert_int_equal(vspe_vm_spe_stats(vm, &o->st), 0);
	if (o->x19 > BUF) {
		o->guest_len = (size_t)(o->x19 - BUF);
		assert_true(o->guest_len < (1u << 20));
		o->guest = malloc(o->guest_len);
		assert_non_null(o->guest);
		memcpy(o->guest, (uint8_t *)ram + (BUF - RAM_BASE), o->guest_len);
	}
	vspe_close(sys);
	free(ram);
}

static void outcome_free(struct outcome *o)
{
	free(o->host);
	free(o->guest);
}

/* What a buffer holds: records by context, and the loop PC runs. */
struct census {
	size_t records, with_ctx2, bad_ctx2, outside, bad_va;
	uint64_t first_pc;
	size_t same_pc;		/* records (first and last excepted) at the most common PC */
};

static void count(const uint8_t *buf, size_t len, uint64_t lo, uint64_t hi, uint32_t ctx2,
		  struct census *c)
{
	struct spe_record_decoder *d;
	struct spe_record r;
	uint64_t pcs[8] = { 0 };
	size_t hits[8] = { 0 }, i = 0;

	memset(c, 0, sizeof(*c));
	if (!len)
		return;
	d = spe_rec_alloc(buf, len);
	assert_non_null(d);
	while (spe_rec_next(d, &r) == 0) {
		uint64_t off = r.offset;

		if (off < lo || off >= hi)
			continue;
		c->records++;
		if (r.valid & SPE_REC_CONTEXT_EL2) {
			c->with_ctx2++;
			if (r.context[1] != ctx2)
				c->bad_ctx2++;
		}
		if (!(r.valid & SPE_REC_PC) || r.pc < RAM_BASE || r.pc >= CODE_END || r.pc_el != 1)
			c->outside++;
		if ((r.valid & SPE_REC_DATA_VA) && r.data_va != DATA)
			c->bad_va++;
		for (i = 0; i < 8 && pcs[i] && pcs[i] != r.pc; i++)
			;
		if (i < 8) {
			pcs[i] = r.pc;
			hits[i]++;
		}
	}
	assert_int_equal(spe_rec_next(d, &r), -SPE_ERR_EOS);
	spe_rec_free(d);
	for (i = 0; i < 8; i++)
		if (hits[i] > c->same_pc) {
			c->same_pc = hits[i];
			c->first_pc = pcs[i];
		}
}

static const struct scenario share = {
	.policy = VSPE_SPE_POLICY_SHARE, .host_from = 1, .host_until = 2,
	.iters = 200000, .quantum = 30001,	/* not a multiple of the 5-instruction loop */
};

/*
 * share: host and guest profile the same vCPU at once for a million
 * instructions (phase 1). Neither buffer holds a record of the other; the
 * guest's session pauses and resumes; both intervals are honoured.
 */
static void test_share(void **state)
{
	struct outcome o;
	struct census g, g1, h;
	size_t expect = (5 * share.iters) / 1025;

	(void)state;
	run(&share, &o);
	assert_int_equal(o.x23, 0);			/* no UNDEF */
	assert_int_equal(o.x24 & PMBIDR_EL1_P_MASK, 0);
	assert_int_equal(o.x25 & PMBIDR_EL1_P_MASK, 0);	/* never a higher EL's */
	assert_int_equal(o.x21, 0);			/* no buffer event */
	assert_true(o.ptr1 > BUF && o.ptr2 > o.ptr1 && o.x19 > o.ptr2);
	count(o.guest, o.guest_len, 0, o.guest_len, 0, &g);
	count(o.host, o.host_len, 0, o.host_len, 0x10000, &h);
	/* No foreign record: CONTEXTIDR_EL2 only in the host's, always VM 1 vCPU 0. */
	assert_int_equal(g.with_ctx2, 0);
	assert_int_equal(h.with_ctx2, h.records);
	assert_int_equal(h.bad_ctx2, 0);
	assert_int_equal(g.outside + h.outside + g.bad_va + h.bad_va, 0);
	/* Phase 1 (a million loop instructions): the two sessions share the samples. */
	count(o.guest, o.guest_len, o.ptr1 - BUF, o.ptr2 - BUF, 0, &g1);
	assert_true(g1.records > 100 && h.records > 100);
	assert_true(g1.records + h.records >= expect - 2 && g1.records + h.records <= expect + 2);
	/*
	 * Intervals across the gaps: each session counts only the members of its
	 * own slices and keeps PMSICR_EL1 across the other's, so its records are
	 * its instructions / (R + 1). A counter restarted at every switch would
	 * lose about half an interval per slice (~16 records here).
	 */
	printf("share: guest %zu records in %llu instructions, host %zu in %llu, %llu contested\n",
	       g.records, (unsigned long long)o.st.guest_insns, h.records,
	       (unsigned long long)o.st.host_insns, (unsigned long long)o.st.contested);
	assert_true(g.records + 1 >= o.st.guest_insns / 1025 && g.records <= o.st.guest_insns / 1025);
	assert_true(h.records + 1 >= o.st.host_insns / 1025 && h.records <= o.st.host_insns / 1025);
	assert_true(g1.first_pc >= LOOP_PC && g1.first_pc < LOOP_PC + 20);
	assert_true(o.st.contested > 0 && o.st.host_slices > 0 && o.st.guest_slices > 0);
	assert_int_equal(o.st.host_faults, 0);
	assert_int_equal(o.st.host_bytes, o.host_len);
	outcome_free(&o);
}

/* Eager and lazy switching: the same bytes in both buffers, fewer accesses lazily. */
static void test_eager_equals_lazy(void **state)
{
	struct scenario sc[2] = { share, share };
	struct outcome o[2];

	(void)state;
	sc[0].sw = VSPE_SPE_SWITCH_LAZY;
	sc[1].sw = VSPE_SPE_SWITCH_EAGER;
	for (int k = 0; k < 3; k++) {
		/* share and exclusive-host on v1p1 units; share on v1p2 (PMSNEVFR_EL1 too). */
		uint32_t pol = k == 1 ? VSPE_SPE_POLICY_EXCLUSIVE_HOST : VSPE_SPE_POLICY_SHARE;
		uint32_t ver = k == 2 ? VSPE_SPE_V1P2 : VSPE_SPE_V1P1;

		sc[0].policy = sc[1].policy = pol;
		sc[0].ver = sc[1].ver = ver;
		run(&sc[0], &o[0]);
		run(&sc[1], &o[1]);
		assert_int_equal(o[0].guest_len, o[1].guest_len);
		assert_memory_equal(o[0].guest, o[1].guest, o[0].guest_len);
		assert_int_equal(o[0].host_len, o[1].host_len);
		assert_memory_equal(o[0].host, o[1].host, o[0].host_len);
		assert_int_equal(o[0].x23, o[1].x23);
		assert_int_equal(o[0].ptr2, o[1].ptr2);
		assert_true(o[0].st.switch_sysregs < o[1].st.switch_sysregs);
		/* Eager: all registers out and in at entry and at exit (10, or 11 on v1p2). */
		assert_int_equal(o[1].st.switch_sysregs,
				 (ver == VSPE_SPE_V1P2 ? 44 : 40) * o[1].st.entries);
		assert_int_equal(o[0].st.entries, o[1].st.entries);
		printf("%s, v1p%u: %zu guest + %zu host bytes identical; switch accesses lazy %llu, "
		       "eager %llu\n", pol ? "exclusive-host" : "share", ver - 1, o[0].guest_len,
		       o[0].host_len, (unsigned long long)o[0].st.switch_sysregs,
		       (unsigned long long)o[1].st.switch_sysregs);
		outcome_free(&o[0]);
		outcome_free(&o[1]);
	}
}

/*
 * exclusive-host: while the host profiles, the guest reads P = 1, its
 * PMBPTR_EL1 read UNDEFs, and its session is stopped (no record between
 * the phase stops); it resumes with the registers as they were.
 */
static void test_exclusive_host(void **state)
{
	struct scenario sc = share;
	struct outcome o;
	struct census g, h;
	size_t expect = (5 * sc.iters) / 1025;

	(void)state;
	sc.policy = VSPE_SPE_POLICY_EXCLUSIVE_HOST;
	run(&sc, &o);
	assert_int_equal(o.x24 & PMBIDR_EL1_P_MASK, 0);
	assert_int_equal(o.x25 & PMBIDR_EL1_P_MASK, PMBIDR_EL1_P_MASK);
	assert_int_equal(o.x25 & ~PMBIDR_EL1_P_MASK, o.x24);	/* the same unit otherwise */
	assert_int_equal(o.x23, 1);				/* the PMBPTR_EL1 read */
	assert_int_equal(o.ptr2, o.ptr1);			/* stopped: nothing written */
	assert_true(o.x19 > o.ptr2);				/* resumed after */
	assert_int_equal(o.x21, 0);
	count(o.guest, o.guest_len, 0, o.guest_len, 0, &g);
	count(o.host, o.host_len, 0, o.host_len, 0x10000, &h);
	assert_int_equal(g.with_ctx2, 0);
	assert_int_equal(h.with_ctx2, h.records);
	assert_int_equal(h.bad_ctx2 + h.outside + g.outside + g.bad_va + h.bad_va, 0);
	/* The host had every slice of phase 1: one sample per 1025 loop instructions. */
	assert_true(h.records >= expect - 1 && h.records <= expect + 1);
	assert_true(h.same_pc >= h.records - 2);
	assert_int_equal(o.st.contested, 0);
	outcome_free(&o);
}

/* exclusive-host from boot: the probe sees P = 1 and refuses; no guest session at all. */
static void test_exclusive_probe_refused(void **state)
{
	struct scenario sc = share;
	struct outcome o;
	struct census h;

	(void)state;
	sc.policy = VSPE_SPE_POLICY_EXCLUSIVE_HOST;
	sc.host_from = 0;
	sc.host_until = 3;
	sc.iters = 20000;
	run(&sc, &o);
	assert_int_equal(o.x24 & PMBIDR_EL1_P_MASK, PMBIDR_EL1_P_MASK);
	assert_int_equal(o.x26, 0);		/* PMSIDR_EL1 never read */
	assert_int_equal(o.x23, 1);		/* only the phase-2 PMBPTR_EL1 read */
	assert_int_equal(o.ptr1, 0);
	assert_int_equal(o.x19, 0);
	count(o.host, o.host_len, 0, o.host_len, 0x10000, &h);
	assert_true(h.records >= (3 * 5 * sc.iters) / 1025 - 1);
	assert_int_equal(h.with_ctx2, h.records);
	assert_int_equal(o.st.guest_slices, 0);
	outcome_free(&o);
}

/*
 * exclusive-host and a pending buffer interrupt: while the host's session
 * runs the interrupt is EL2's (line low for the guest); when it ends the
 * guest's PMBSR_EL1.S raises its line again.
 */
static void test_exclusive_irq_deferred(void **state)
{
	struct scenario sc = share;
	struct outcome o;

	(void)state;
	sc.entry = 0x300;	/* irqwait */
	sc.pmbsr = PMBSR_EL1_S_MASK | PMBSR_MSS_BSC_FULL;
	sc.policy = VSPE_SPE_POLICY_EXCLUSIVE_HOST;
	sc.host_from = 0;
	sc.host_until = 2;
	sc.iters = 50000;
	run(&sc, &o);
	assert_int_equal(o.irqs2, 0);
	assert_int_equal(o.x27, 1);
	outcome_free(&o);
	/* The same under share: the interrupt is the guest's at once. */
	sc.policy = VSPE_SPE_POLICY_SHARE;
	run(&sc, &o);
	assert_int_equal(o.irqs2, 1);
	assert_int_equal(o.x27, 1);
	outcome_free(&o);
}

/*
 * cpu:1 on a two-CPU host, the vCPU moving every slice: the host samples
 * only the slices on CPU 1 (its own buffer there, nothing from CPU 0),
 * and the guest gets its unit back on CPU 0.
 */
static void test_cpu_target(void **state)
{
	struct scenario sc = share;
	struct outcome o;
	struct census g, h;

	(void)state;
	sc.target = VSPE_HOST_PROF_CPU;
	sc.id = 1;
	sc.pcpus = 2;
	sc.sched = VSPE_SCHED_RR;	/* the vCPU visits both CPUs */
	run(&sc, &o);
	count(o.guest, o.guest_len, 0, o.guest_len, 0, &g);
	count(o.host, o.host_len, 0, o.host_len, 0x10000, &h);
	printf("cpu:1: host %zu records in %llu instructions, guest %zu in %llu\n", h.records,
	       (unsigned long long)o.st.host_insns, g.records,
	       (unsigned long long)o.st.guest_insns);
	assert_int_equal(o.cpu_mask, 2);
	assert_true(h.records > 100);
	assert_int_equal(h.with_ctx2, h.records);
	assert_int_equal(g.with_ctx2, 0);
	assert_int_equal(h.bad_ctx2 + h.outside + g.outside, 0);
	assert_true(h.records + 1 >= o.st.host_insns / 1025 && h.records <= o.st.host_insns / 1025);
	assert_true(o.st.guest_slices > o.st.host_slices);	/* every CPU 0 slice, half of CPU 1's */
	outcome_free(&o);
}

/* A host session on a vCPU that does not exist changes nothing: same guest bytes. */
static void test_other_target(void **state)
{
	struct scenario sc = share, none = share;
	struct outcome o, n;

	(void)state;
	sc.target = VSPE_HOST_PROF_VCPU;
	sc.id = 7;
	sc.iters = 20000;
	none.host_from = -1;
	none.iters = 20000;
	run(&sc, &o);
	run(&none, &n);
	assert_int_equal(o.host_len, 0);
	assert_int_equal(o.guest_len, n.guest_len);
	assert_memory_equal(o.guest, n.guest, n.guest_len);
	assert_int_equal(o.st.host_slices, 0);
	outcome_free(&o);
	outcome_free(&n);
}

/*
 * Two vCPUs moving between two physical CPUs every slice, both profiling,
 * the host profiling the VM (share): each record is in the buffer of the
 * session that sampled it, the host's carry the right vCPU, and eager and
 * lazy switching write the same bytes into all three.
 */
struct smp_outcome {
	uint8_t *host, *guest[2];
	size_t host_len, guest_len[2];
	struct vspe_vm_spe_stats st;
};

static void run_smp(uint32_t sw, struct smp_outcome *o)
{
	struct vspe_host_config hc;
	struct vspe_system *sys;
	struct vspe_vm *vm;
	struct vspe_vcpu *v[2], *who;
	struct vspe_vcpu_init init;
	struct vspe_userspace_memory_region mr;
	struct vspe_host_prof_config pc = { .target = VSPE_HOST_PROF_VM, .interval = 1024,
		.buffer_size = 16384, .drain = drain };
	struct outcome sink;
	int irq = 21, off = 0;
	void *ram = aligned_alloc(4096, RAM_SIZE);

	memset(o, 0, sizeof(*o));
	memset(&sink, 0, sizeof(sink));
	sink.host = malloc(HOST_BYTES);
	assert_non_null(sink.host);
	pc.arg = &sink;
	assert_non_null(ram);
	memset(ram, 0, RAM_SIZE);
	load_guest(ram);
	vspe_host_config_default(&hc);
	hc.nr_cpus = 2;
	hc.cpus[0].spe = hc.cpus[1].spe = VSPE_SPE_V1P1;
	hc.quantum = 30001;
	hc.seed = 5;
	hc.spe_switch = sw;
	hc.sched = VSPE_SCHED_RR;	/* the schedule these checks were written for */
	assert_int_equal(vspe_open(&hc, &sys), 0);
	assert_int_equal(vspe_create_vm(sys, &vm), 0);
	mr = (struct vspe_userspace_memory_region){ .guest_phys_addr = RAM_BASE,
		.memory_size = RAM_SIZE, .userspace_addr = (uintptr_t)ram };
	assert_int_equal(vspe_set_user_memory_region(vm, &mr), 0);
	assert_int_equal(vspe_arm_preferred_target(vm, &init), 0);
	init.features[0] |= (1u << VSPE_ARM_VCPU_PSCI_0_2) | (1u << VSPE_ARM_VCPU_SPE);
	for (unsigned int i = 0; i < 2; i++) {
		struct vspe_device_attr a_irq = { .group = VSPE_ARM_VCPU_SPE_CTRL,
			.attr = VSPE_ARM_VCPU_SPE_IRQ, .addr = (uintptr_t)&irq };
		struct vspe_device_attr a_init = { .group = VSPE_ARM_VCPU_SPE_CTRL,
			.attr = VSPE_ARM_VCPU_SPE_INIT };

		assert_int_equal(vspe_create_vcpu(vm, i, &v[i]), 0);
		assert_int_equal(vspe_vcpu_init(v[i], &init), 0);
		assert_int_equal(vspe_vcpu_set_device_attr(v[i], &a_irq), 0);
		assert_int_equal(vspe_vcpu_set_device_attr(v[i], &a_init), 0);
		set(v[i], CORE64(pc), RAM_BASE);
		set(v[i], CORE64(x[0]), 100000);
		set(v[i], CORE64(x[1]), 1024);
		set(v[i], CORE64(x[2]), BUF + i * (2u << 20));	/* 1 MiB each, apart */
	}
	assert_int_equal(vspe_vm_host_prof_start(vm, &pc), 0);
	for (unsigned int n = 0; n < 100000 && off < 2; n++) {
		struct vspe_run *r;

		assert_int_equal(vspe_vm_run(vm, &who), 0);
		r = vspe_vcpu_run_struct(who);
		if (r->exit_reason == VSPE_EXIT_HYPERCALL) {
			r->hypercall.ret = 0;
		} else if (r->exit_reason == VSPE_EXIT_SYSTEM_EVENT) {
			/* The first vCPU to finish powers the machine off: stop there. */
			off = 2;
		} else {
			assert_int_equal(r->exit_reason, VSPE_EXIT_INTR);
		}
	}
	assert_int_equal(off, 2);
	assert_int_equal(vspe_vm_host_prof_stop(vm), 0);
	assert_int_equal(vspe_vm_spe_stats(vm, &o->st), 0);
	for (unsigned int i = 0; i < 2; i++) {
		uint64_t ptr = get(v[i], VSPE_REG_SYSREG(SYS_PMBPTR_EL1));
		uint64_t base = BUF + i * (2u << 20);

		assert_true(ptr > base && ptr - base < (1u << 20));
		o->guest_len[i] = (size_t)(ptr - base);
		o->guest[i] = malloc(o->guest_len[i]);
		assert_non_null(o->guest[i]);
		memcpy(o->guest[i], (uint8_t *)ram + (base - RAM_BASE), o->guest_len[i]);
	}
	o->host = sink.host;
	o->host_len = sink.host_len;
	vspe_close(sys);
	free(ram);
}

static void smp_free(struct smp_outcome *o)
{
	free(o->host);
	free(o->guest[0]);
	free(o->guest[1]);
}

/* Records of a buffer by CONTEXTIDR_EL2 value (low 16 bits: the vCPU). */
static void by_vcpu(const uint8_t *buf, size_t len, size_t n[3])
{
	struct spe_record_decoder *d = spe_rec_alloc(buf, len);
	struct spe_record r;

	n[0] = n[1] = n[2] = 0;
	assert_non_null(d);
	while (spe_rec_next(d, &r) == 0) {
		if (!(r.valid & SPE_REC_CONTEXT_EL2))
			n[2]++;		/* none */
		else if (r.context[1] == 0x10000 || r.context[1] == 0x10001)
			n[r.context[1] & 1]++;
		else
			fail_msg("CONTEXTIDR_EL2 0x%x", r.context[1]);
	}
	spe_rec_free(d);
}

static void test_share_smp(void **state)
{
	struct smp_outcome l, e;
	size_t h[3], g0[3], g1[3];

	(void)state;
	run_smp(VSPE_SPE_SWITCH_LAZY, &l);
	run_smp(VSPE_SPE_SWITCH_EAGER, &e);
	by_vcpu(l.host, l.host_len, h);
	by_vcpu(l.guest[0], l.guest_len[0], g0);
	by_vcpu(l.guest[1], l.guest_len[1], g1);
	printf("smp share: host %zu (vCPU 0) + %zu (vCPU 1), guests %zu + %zu records; "
	       "switch accesses lazy %llu, eager %llu\n", h[0], h[1], g0[2], g1[2],
	       (unsigned long long)l.st.switch_sysregs, (unsigned long long)e.st.switch_sysregs);
	assert_true(h[0] > 50 && h[1] > 50);
	assert_int_equal(h[2], 0);			/* every host record names its vCPU */
	assert_int_equal(g0[0] + g0[1] + g1[0] + g1[1], 0);	/* no host record in a guest's */
	assert_true(g0[2] > 50 && g1[2] > 50);
	assert_true(l.st.contested > 0);
	assert_int_equal(l.host_len, e.host_len);
	assert_memory_equal(l.host, e.host, l.host_len);
	for (unsigned int i = 0; i < 2; i++) {
		assert_int_equal(l.guest_len[i], e.guest_len[i]);
		assert_memory_equal(l.guest[i], e.guest[i], l.guest_len[i]);
	}
	assert_true(l.st.switch_sysregs < e.st.switch_sysregs);
	smp_free(&l);
	smp_free(&e);
}

static void test_api_errors(void **state)
{
	struct vspe_host_config hc;
	struct vspe_system *sys;
	struct vspe_vm *vm;
	struct vspe_host_prof_config pc = { .target = VSPE_HOST_PROF_VM };

	(void)state;
	vspe_host_config_default(&hc);
	hc.spe_switch = 2;
	assert_int_equal(vspe_open(&hc, &sys), -EINVAL);
	hc.spe_switch = 0;
	hc.nr_cpus = 2;
	hc.cpus[0].spe = VSPE_SPE_V1P1;		/* CPU 1 has no unit */
	assert_int_equal(vspe_open(&hc, &sys), 0);
	assert_int_equal(vspe_create_vm(sys, &vm), 0);
	assert_int_equal(vspe_vm_host_prof_start(vm, NULL), -EINVAL);
	assert_int_equal(vspe_vm_host_prof_stop(vm), -ENOENT);
	assert_int_equal(vspe_vm_set_spe_policy(vm, 2), -EINVAL);
	pc.target = 3;
	assert_int_equal(vspe_vm_host_prof_start(vm, &pc), -EINVAL);
	pc.target = VSPE_HOST_PROF_VM;
	pc.flags = 1u << 5;
	assert_int_equal(vspe_vm_host_prof_start(vm, &pc), -EINVAL);
	pc.flags = 0;
	pc.interval = 300;
	assert_int_equal(vspe_vm_host_prof_start(vm, &pc), -EINVAL);
	pc.interval = 0;
	pc.target = VSPE_HOST_PROF_CPU;
	pc.id = 1;
	assert_int_equal(vspe_vm_host_prof_start(vm, &pc), -ENODEV);
	assert_non_null(strstr(vspe_last_error(), "CPU 1 has no SPE unit"));
	pc.id = 0;
	assert_int_equal(vspe_vm_host_prof_start(vm, &pc), 0);
	assert_int_equal(vspe_vm_host_prof_start(vm, &pc), -EBUSY);
	assert_int_equal(vspe_vm_host_prof_stop(vm), 0);
	vspe_close(sys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_api_errors),
		cmocka_unit_test(test_share),
		cmocka_unit_test(test_exclusive_host),
		cmocka_unit_test(test_exclusive_probe_refused),
		cmocka_unit_test(test_exclusive_irq_deferred),
		cmocka_unit_test(test_cpu_target),
		cmocka_unit_test(test_other_target),
		cmocka_unit_test(test_eager_equals_lazy),
		cmocka_unit_test(test_share_smp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
