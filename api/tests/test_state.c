// SPDX-License-Identifier: GPL-2.0-only
/*
 * State for snapshots and migration through the public API
 * (docs/migration.md): every register of the list survives get -> set on a
 * fresh VM -> get; the vspe coproc refuses bad ids and values; a VM saved
 * and restored (memory, registers, VM state) in the middle of a profiling
 * session, ten times over, even under a host memory storm, writes exactly
 * the bytes of a run never interrupted; bad VM state blobs are refused
 * before anything changes; the dirty log reports exactly the written pages.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "common.h"

#define E_SAMPLE	0x000
#define BUF		0x40100000ull
#define ITER		100000u
#define PPI		21
#define QUANTUM		500u	/* under rr the vCPU moves every slice; 32,000 per vm_run */
#define MAX_REGS	1024

#define assert_fails(call, err) do {					\
		assert_int_equal((call), (err));			\
		assert_true(vspe_last_error()[0] != '\0');		\
	} while (0)

struct setup {
	unsigned int nr_pcpus;
	bool spe, storm;
	uint32_t sched;		/* enum vspe_sched */
};

static int set_reg(struct vspe_vcpu *v, uint64_t id, const void *val)
{
	struct vspe_one_reg r = { .id = id, .addr = (uintptr_t)val };

	return vspe_set_one_reg(v, &r);
}

static int get_reg(struct vspe_vcpu *v, uint64_t id, void *val)
{
	struct vspe_one_reg r = { .id = id, .addr = (uintptr_t)val };

	return vspe_get_one_reg(v, &r);
}

static int attr_set(struct vspe_vcpu *v, uint64_t a, void *addr)
{
	struct vspe_device_attr da = { .group = VSPE_ARM_VCPU_SPE_CTRL, .attr = a,
				       .addr = (uintptr_t)addr };

	return vspe_vcpu_set_device_attr(v, &da);
}

/* The VM of a setup with vCPU 0 created and initialized, the guest loaded. */
static struct vspe_vcpu *open_vm(struct machine *m, const struct setup *s)
{
	struct vspe_host_config cfg;
	struct vspe_vcpu_init init;
	struct vspe_vcpu *v;
	int irq = PPI;

	vspe_host_config_default(&cfg);
	cfg.nr_cpus = s->nr_pcpus;
	cfg.quantum = QUANTUM;
	cfg.seed = 11;
	cfg.sched = s->sched;
	for (unsigned int i = 0; s->spe && i < s->nr_pcpus; i++)
		cfg.cpus[i].spe = VSPE_SPE_V1P1;
	assert_int_equal(machine_open_cfg(m, &cfg, SPE_GUEST_BIN), 0);
	if (s->storm) {
		struct vspe_vm_mm_config mc = { .pin = VSPE_SPE_PIN_BUFFER,
						.storm_seed = 5, .storm_rate = 2000 };

		assert_int_equal(vspe_vm_set_mm(m->vm, &mc), 0);
	}
	assert_int_equal(vspe_create_vcpu(m->vm, 0, &v), 0);
	assert_int_equal(vspe_arm_preferred_target(m->vm, &init), 0);
	init.features[0] |= 1u << VSPE_ARM_VCPU_PSCI_0_2;
	if (s->spe)
		init.features[0] |= 1u << VSPE_ARM_VCPU_SPE;
	assert_int_equal(vspe_vcpu_init(v, &init), 0);
	if (s->spe) {
		assert_int_equal(attr_set(v, VSPE_ARM_VCPU_SPE_IRQ, &irq), 0);
		assert_int_equal(attr_set(v, VSPE_ARM_VCPU_SPE_INIT, NULL), 0);
	}
	return v;
}

static void boot(struct vspe_vcpu *v)
{
	/* PMSIRR_EL1: interval 1024 with RND, so each unit's generator matters. */
	uint64_t regs[4] = { RAM_BASE + E_SAMPLE, ITER, 1024 | 1, BUF };

	assert_int_equal(set_reg(v, VSPE_REG_CORE(pc), &regs[0]), 0);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(set_reg(v, VSPE_REG_CORE(x[i]), &regs[i + 1]), 0);
}

/* Runs until at least insns guest instructions have run (INTR exits only). */
static void run_until(struct machine *m, uint64_t insns)
{
	struct vspe_vcpu *who;

	for (unsigned int i = 0; i < 100000 && vspe_vm_instructions(m->vm) < insns; i++) {
		assert_int_equal(vspe_vm_run(m->vm, &who), 0);
		assert_int_equal(vspe_vcpu_run_struct(who)->exit_reason, VSPE_EXIT_INTR);
	}
}

static size_t reg_size(uint64_t id)
{
	return (size_t)1 << ((id >> 52) & 0xf);
}

/* Everything a VMM saves: the register list with values, RAM, the VM blob. */
struct snap {
	uint64_t ids[MAX_REGS];
	uint8_t vals[MAX_REGS][16];
	size_t nregs;
	uint8_t *ram;
	uint8_t *blob;
	size_t blob_len;
};

static void snap_save(struct machine *m, struct vspe_vcpu *v, struct snap *s)
{
	struct vspe_reg_list *l = calloc(1, sizeof(*l) + MAX_REGS * sizeof(uint64_t));

	assert_non_null(l);
	l->n = MAX_REGS;
	assert_int_equal(vspe_get_reg_list(v, l), 0);
	s->nregs = l->n;
	for (size_t i = 0; i < l->n; i++) {
		s->ids[i] = l->reg[i];
		memset(s->vals[i], 0, 16);
		assert_int_equal(get_reg(v, l->reg[i], s->vals[i]), 0);
	}
	free(l);
	s->ram = malloc(RAM_SIZE);
	assert_non_null(s->ram);
	memcpy(s->ram, m->ram, RAM_SIZE);
	assert_fails(vspe_vm_save_state(m->vm, NULL, 0, &s->blob_len), -E2BIG);
	s->blob = malloc(s->blob_len);
	assert_non_null(s->blob);
	assert_int_equal(vspe_vm_save_state(m->vm, s->blob, s->blob_len, &s->blob_len), 0);
}

static void snap_free(struct snap *s)
{
	free(s->ram);
	free(s->blob);
}

static void snap_restore(struct machine *m, struct vspe_vcpu *v, const struct snap *s)
{
	memcpy(m->ram, s->ram, RAM_SIZE);
	for (size_t i = 0; i < s->nregs; i++)
		if (set_reg(v, s->ids[i], s->vals[i]))
			fail_msg("set 0x%llx: %s", (unsigned long long)s->ids[i],
				 vspe_last_error());
	assert_int_equal(vspe_vm_load_state(m->vm, s->blob, s->blob_len), 0);
}

/* The trace the guest wrote (its buffer up to PMBPTR_EL1 = x19) and the run length. */
static size_t finish(struct machine *m, struct vspe_vcpu *v, uint8_t *out, uint64_t *insns)
{
	struct vspe_vcpu *who;
	struct vspe_run *run = machine_run(m, &who);
	uint64_t ptr = 0;

	assert_non_null(run);
	assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
	assert_int_equal(get_reg(v, VSPE_REG_CORE(x[19]), &ptr), 0);
	assert_true(ptr > BUF && ptr - BUF < (1u << 20));
	memcpy(out, (uint8_t *)m->ram + (BUF - RAM_BASE), ptr - BUF);
	*insns = vspe_vm_instructions(m->vm);
	return ptr - BUF;
}

static void test_reg_roundtrip(void **state)
{
	static struct snap s;
	const struct setup su = { .nr_pcpus = 2, .spe = true };
	struct machine m;
	struct vspe_vcpu *v;
	uint8_t back[16];

	(void)state;
	v = open_vm(&m, &su);
	boot(v);
	run_until(&m, 150000);
	snap_save(&m, v, &s);
	machine_close(&m);
	/* A fresh VM: every listed register takes the saved value and reads it back. */
	v = open_vm(&m, &su);
	snap_restore(&m, v, &s);
	for (size_t i = 0; i < s.nregs; i++) {
		memset(back, 0, sizeof(back));
		assert_int_equal(get_reg(v, s.ids[i], back), 0);
		if (memcmp(back, s.vals[i], reg_size(s.ids[i])))
			fail_msg("register 0x%llx differs after restore",
				 (unsigned long long)s.ids[i]);
	}
	/* The list holds the SPE registers and the vspe coproc, SPE rows included. */
	{
		bool pmbptr = false, level = false;

		for (size_t i = 0; i < s.nregs; i++) {
			pmbptr |= s.ids[i] == VSPE_REG_SYSREG(0xc4d1);	/* PMBPTR_EL1 3,0,9,10,1 */
			level |= s.ids[i] == VSPE_REG_VSPE_SPE_IRQ_LEVEL;
		}
		assert_true(pmbptr);
		assert_true(level);
	}
	machine_close(&m);
	snap_free(&s);
}

static void test_vspe_regs_refused(void **state)
{
	const struct setup spe = { .nr_pcpus = 2, .spe = true }, plain = { .nr_pcpus = 2 };
	struct machine m;
	struct vspe_vcpu *v;
	uint64_t val;

	(void)state;
	v = open_vm(&m, &spe);
	val = 3;
	assert_fails(set_reg(v, VSPE_REG_VSPE_STATE, &val), -EINVAL);
	assert_fails(set_reg(v, VSPE_REG_VSPE(VSPE_REG_VSPE_NR), &val), -ENOENT);
	assert_fails(get_reg(v, VSPE_REG_VSPE(0x123), &val), -ENOENT);
	/* A 32-bit id in the coproc does not exist. */
	assert_fails(get_reg(v, VSPE_REG_ARM64 | VSPE_REG_SIZE_U32 | VSPE_REG_ARM_VSPE, &val),
		     -ENOENT);
	val = 3;	/* an MMIO and a hypercall cannot both be pending */
	assert_fails(set_reg(v, VSPE_REG_VSPE_PENDING, &val), -EINVAL);
	val = 3;	/* a 3-byte access */
	assert_fails(set_reg(v, VSPE_REG_VSPE_MMIO_INFO, &val), -EINVAL);
	val = 4 | 40ull << 16;	/* register 40 */
	assert_fails(set_reg(v, VSPE_REG_VSPE_MMIO_INFO, &val), -EINVAL);
	val = 0;
	assert_fails(set_reg(v, VSPE_REG_VSPE_CPU_MASK, &val), -EINVAL);
	val = 1ull << 5;	/* a CPU the host lacks */
	assert_fails(set_reg(v, VSPE_REG_VSPE_CPU_MASK, &val), -EINVAL);
	val = VSPE_ARM_VCPU_SPE_RESUME;	/* a state, not a command */
	assert_fails(set_reg(v, VSPE_REG_VSPE_SPE_STOP, &val), -EINVAL);
	val = 1;	/* PMBSR_EL1.S is 0: the line cannot be high */
	assert_fails(set_reg(v, VSPE_REG_VSPE_SPE_IRQ_LEVEL, &val), -EINVAL);
	/* Good values are taken and read back. */
	val = VSPE_ARM_VCPU_SPE_STOP_EXIT;
	assert_int_equal(set_reg(v, VSPE_REG_VSPE_SPE_STOP, &val), 0);
	val = 0;
	assert_int_equal(get_reg(v, VSPE_REG_VSPE_SPE_STOP, &val), 0);
	assert_int_equal(val, VSPE_ARM_VCPU_SPE_STOP_EXIT);
	val = 0;
	assert_int_equal(set_reg(v, VSPE_REG_VSPE_SPE_STOP, &val), 0);
	assert_int_equal(get_reg(v, VSPE_REG_VSPE_SPE_STOP, &val), 0);
	assert_int_equal(val, 0);
	val = 0x1234;
	assert_int_equal(set_reg(v, VSPE_REG_VSPE_CNTVOFF, &val), 0);
	val = 0;
	assert_int_equal(get_reg(v, VSPE_REG_VSPE_CNTVOFF, &val), 0);
	assert_int_equal(val, 0x1234);
	/* Before the first run there is no VM state to save. */
	assert_fails(vspe_vm_save_state(m.vm, NULL, 0, &(size_t){ 0 }), -EINVAL);
	machine_close(&m);

	/* Without the feature the SPE rows of the coproc do not exist. */
	v = open_vm(&m, &plain);
	val = 0;
	assert_fails(get_reg(v, VSPE_REG_VSPE_SPE_STOP, &val), -ENOENT);
	assert_fails(set_reg(v, VSPE_REG_VSPE_SPE_IRQ_LEVEL, &val), -ENOENT);
	assert_int_equal(get_reg(v, VSPE_REG_VSPE_STATE, &val), 0);
	assert_int_equal(val, 0);	/* runnable */
	machine_close(&m);
}

/* A blob with its trailing checksum recomputed after an edit (hyp/state.c's sum). */
static void reseal(uint8_t *b, size_t len)
{
	uint64_t s1 = 1, s2 = 0, w, h;
	size_t i = 0, n = len - 8;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, b + i, 8);
		s1 += w;
		s2 += s1;
	}
	w = 0;
	memcpy(&w, b + i, n - i);
	s1 += w;
	s2 += s1;
	h = s1 ^ (s2 * 0x9e3779b97f4a7c15ull) ^ n;
	memcpy(b + n, &h, 8);
}

/*
 * The reference run, then the same run saved and restored into a new VM
 * every 40,000 instructions (ten times): the guest's trace bytes, its
 * buffer pointer and the instruction count must be identical. edit (or
 * NULL) changes each snapshot before it is restored.
 */
static void check_replay(const struct setup *su, void (*edit)(struct snap *s))
{
	static uint8_t ref[1 << 20], got[1 << 20];
	struct machine m;
	struct vspe_vcpu *v;
	size_t lref, lgot;
	uint64_t iref, igot;

	v = open_vm(&m, su);
	boot(v);
	lref = finish(&m, v, ref, &iref);
	machine_close(&m);

	v = open_vm(&m, su);
	boot(v);
	for (unsigned int k = 1; k <= 10; k++) {
		struct snap s;

		run_until(&m, 40000ull * k);
		snap_save(&m, v, &s);
		machine_close(&m);
		if (edit)
			edit(&s);
		v = open_vm(&m, su);
		snap_restore(&m, v, &s);
		snap_free(&s);
	}
	lgot = finish(&m, v, got, &igot);
	machine_close(&m);
	assert_true(lref > 100);
	assert_int_equal(lgot, lref);
	assert_memory_equal(got, ref, lref);
	assert_int_equal(igot, iref);
}

static void test_replay_identical(void **state)
{
	/* Round-robin on three CPUs: the vCPU moves every slice, and 64 slices
	 * a vm_run do not bring the scheduler back to its start. */
	const struct setup rr = { .nr_pcpus = 3, .spe = true, .sched = VSPE_SCHED_RR };
	/* Affinity: the vCPU stays on its CPU only if its home travels (a
	 * restore without it would move the vCPU to the next CPU, whose unit
	 * draws other random numbers). */
	const struct setup affine = { .nr_pcpus = 3, .spe = true, .sched = VSPE_SCHED_AFFINE };

	(void)state;
	check_replay(&rr, NULL);
	check_replay(&affine, NULL);
}

/*
 * A version 2 blob: before the scheduler tail, when every VM ran
 * round-robin. Cut this one's tail (rr, vCPU 0's home) and reseal it.
 */
static void to_version2(struct snap *s)
{
	uint64_t w[2];

	memcpy(w, s->blob + s->blob_len - 40, sizeof(w));
	assert_int_equal(w[0], VSPE_SCHED_RR);
	assert_int_equal(w[1], 1);
	s->blob_len -= 32;
	s->blob[8] = 2;
	reseal(s->blob, s->blob_len);
}

/* Version 2 blobs still load into a round-robin VM: the same bytes. */
static void test_version2_loads(void **state)
{
	const struct setup rr = { .nr_pcpus = 3, .spe = true, .sched = VSPE_SCHED_RR };

	(void)state;
	check_replay(&rr, to_version2);
}

static void test_replay_identical_storm(void **state)
{
	const struct setup rr = { .nr_pcpus = 3, .spe = true, .storm = true,
				  .sched = VSPE_SCHED_RR };
	const struct setup affine = { .nr_pcpus = 3, .spe = true, .storm = true };

	(void)state;
	check_replay(&rr, NULL);
	check_replay(&affine, NULL);
}

static void test_bad_blobs(void **state)
{
	const struct setup su = { .nr_pcpus = 2, .spe = true };
	struct machine m;
	struct vspe_vcpu *v;
	struct snap s;
	uint8_t *b;

	(void)state;
	v = open_vm(&m, &su);
	boot(v);
	run_until(&m, 50000);
	snap_save(&m, v, &s);
	machine_close(&m);
	b = malloc(s.blob_len);
	assert_non_null(b);

	v = open_vm(&m, &su);
	memcpy(m.ram, s.ram, RAM_SIZE);
	/* Truncated, a flipped byte anywhere, a version from the future. */
	assert_fails(vspe_vm_load_state(m.vm, s.blob, s.blob_len - 1), -EINVAL);
	assert_fails(vspe_vm_load_state(m.vm, s.blob, 16), -EINVAL);
	for (size_t off = 0; off < s.blob_len; off += s.blob_len / 7) {
		memcpy(b, s.blob, s.blob_len);
		b[off] ^= 0x10;
		assert_fails(vspe_vm_load_state(m.vm, b, s.blob_len), -EINVAL);
		assert_non_null(strstr(vspe_last_error(), "checksum"));
	}
	memcpy(b, s.blob, s.blob_len);
	b[8] = 4;
	reseal(b, s.blob_len);
	assert_fails(vspe_vm_load_state(m.vm, b, s.blob_len), -EINVAL);
	assert_non_null(strstr(vspe_last_error(), "version 4"));
	/*
	 * The scheduler tail (version 3): policy, count, (vCPU, home) pairs,
	 * then the checksum. vCPU 0 ran, so it has one home.
	 */
	{
		uint64_t w[4];

		memcpy(w, s.blob + s.blob_len - 40, sizeof(w));
		assert_int_equal(w[0], VSPE_SCHED_AFFINE);
		assert_int_equal(w[1], 1);
		assert_int_equal(w[2], 0);
		assert_true(w[3] < 2);
		/* A home on a CPU the host lacks, then a vCPU the VM lacks. */
		memcpy(b, s.blob, s.blob_len);
		b[s.blob_len - 16] = 2;
		reseal(b, s.blob_len);
		assert_fails(vspe_vm_load_state(m.vm, b, s.blob_len), -EINVAL);
		assert_non_null(strstr(vspe_last_error(), "scheduler state"));
		memcpy(b, s.blob, s.blob_len);
		b[s.blob_len - 24] = 1;
		reseal(b, s.blob_len);
		assert_fails(vspe_vm_load_state(m.vm, b, s.blob_len), -EINVAL);
		assert_non_null(strstr(vspe_last_error(), "scheduler state"));
		/* Saved under rr: this affine VM refuses it by name. */
		memcpy(b, s.blob, s.blob_len);
		b[s.blob_len - 40] = VSPE_SCHED_RR;
		reseal(b, s.blob_len);
		assert_fails(vspe_vm_load_state(m.vm, b, s.blob_len), -EINVAL);
		assert_non_null(strstr(vspe_last_error(), "saved under the rr scheduler"));
		/* Version 2 had no tail and ran round-robin only: an affine VM
		 * refuses it, saying so. */
		memcpy(b, s.blob, s.blob_len - 40);
		memcpy(b + s.blob_len - 40, s.blob + s.blob_len - 8, 8);
		b[8] = 2;
		reseal(b, s.blob_len - 32);
		assert_fails(vspe_vm_load_state(m.vm, b, s.blob_len - 32), -EINVAL);
		assert_non_null(strstr(vspe_last_error(), "rr scheduler (version 2)"));
	}
	/* A resealed blob naming a vCPU the VM lacks on a physical CPU. */
	memcpy(b, s.blob, s.blob_len);
	b[8 * 14] = 9;	/* pCPU 0's "holds vCPU id + 1" word */
	reseal(b, s.blob_len);
	assert_fails(vspe_vm_load_state(m.vm, b, s.blob_len), -EINVAL);
	/* pCPU 0's unit held by the host (its session never travels). */
	{
		uint64_t unit_len, owner = 2;	/* SPE_OWNER_HOST */

		memcpy(b, s.blob, s.blob_len);
		memcpy(&unit_len, b + 8 * 24, 8);	/* after id, loads, 8 driving words */
		assert_true(8 * 25 + unit_len + 8 <= s.blob_len);
		memcpy(b + 8 * 25 + unit_len, &owner, 8);
		reseal(b, s.blob_len);
		assert_fails(vspe_vm_load_state(m.vm, b, s.blob_len), -EINVAL);
		assert_non_null(strstr(vspe_last_error(), "holder"));
	}
	/* After every refusal the VM is untouched: the real blob still loads. */
	for (size_t i = 0; i < s.nregs; i++)
		assert_int_equal(set_reg(v, s.ids[i], s.vals[i]), 0);
	assert_int_equal(vspe_vm_load_state(m.vm, s.blob, s.blob_len), 0);
	assert_fails(vspe_vm_load_state(m.vm, s.blob, s.blob_len), -EBUSY);
	machine_close(&m);

	/* A host with another CPU count refuses it. */
	{
		const struct setup three = { .nr_pcpus = 3, .spe = true };

		v = open_vm(&m, &three);
		assert_fails(vspe_vm_load_state(m.vm, s.blob, s.blob_len), -EINVAL);
		assert_non_null(strstr(vspe_last_error(), "physical CPUs"));
		machine_close(&m);
	}
	free(b);
	snap_free(&s);
}

static void test_dirty_log(void **state)
{
	const struct setup su = { .nr_pcpus = 2, .spe = true };
	const uint64_t pages = RAM_SIZE / 4096;
	struct vspe_userspace_memory_region r;
	struct machine m;
	struct vspe_vcpu *v;
	uint64_t *bm = calloc(pages / 64, sizeof(uint64_t));
	uint8_t *before = malloc(RAM_SIZE);
	uint64_t n = 0, expect = 0;

	(void)state;
	assert_non_null(bm);
	assert_non_null(before);
	v = open_vm(&m, &su);
	boot(v);
	run_until(&m, 30000);
	assert_fails(vspe_vm_get_dirty_log(m.vm, 0, bm), -EINVAL);
	assert_fails(vspe_vm_get_dirty_log(m.vm, 5, bm), -ENOENT);
	r = (struct vspe_userspace_memory_region){ .slot = 0, .guest_phys_addr = RAM_BASE,
		.memory_size = RAM_SIZE, .userspace_addr = (uintptr_t)m.ram,
		.flags = VSPE_MEM_LOG_DIRTY_PAGES };
	assert_int_equal(vspe_set_user_memory_region(m.vm, &r), 0);
	memcpy(before, m.ram, RAM_SIZE);
	run_until(&m, 130000);
	/* The VMM writes too (a device): page 3000 is dirty with the guest's. */
	((uint8_t *)m.ram)[3000 * 4096 + 5] ^= 1;
	assert_int_equal(vspe_vm_get_dirty_log(m.vm, 0, bm), 0);
	for (uint64_t p = 0; p < pages; p++) {
		bool changed = memcmp(before + p * 4096, (uint8_t *)m.ram + p * 4096, 4096) != 0;

		n += bm[p / 64] >> (p % 64) & 1;
		expect += changed;
		assert_int_equal(bm[p / 64] >> (p % 64) & 1, changed);
	}
	assert_true(bm[3000 / 64] >> (3000 % 64) & 1);
	/* The SPE buffer's pages: the unit wrote records into them. */
	assert_true(bm[(BUF - RAM_BASE) / 4096 / 64] & 1);
	assert_int_equal(n, expect);
	assert_true(n >= 2);
	/* Nothing ran since: the log restarts empty. */
	assert_int_equal(vspe_vm_get_dirty_log(m.vm, 0, bm), 0);
	for (uint64_t i = 0; i < pages / 64; i++)
		assert_int_equal(bm[i], 0);
	r.flags = 0;
	assert_int_equal(vspe_set_user_memory_region(m.vm, &r), 0);
	assert_fails(vspe_vm_get_dirty_log(m.vm, 0, bm), -EINVAL);
	machine_close(&m);
	free(bm);
	free(before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reg_roundtrip),
		cmocka_unit_test(test_vspe_regs_refused),
		cmocka_unit_test(test_replay_identical),
		cmocka_unit_test(test_replay_identical_storm),
		cmocka_unit_test(test_bad_blobs),
		cmocka_unit_test(test_version2_loads),
		cmocka_unit_test(test_dirty_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
