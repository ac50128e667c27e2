// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SPE part of a migration's downtime, through the public API: 4 vCPUs
 * profiling (interval 1024 with jitter) on 4 SPE CPUs, stopped in the
 * middle of their sessions; then, for each piece of state, its size and
 * the CPU time to save it at the source and restore it at a destination
 * (best of ROUNDS). Goal (issue 9): the SPE state under 1 ms of downtime.
 *
 *   bench_migrate
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arch/sysreg.h"
#include "hw/spe.h"
#include "vspe/vspe.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(16ull << 20)
#define BUF		0x40100000ull
#define NR		4
#define ROUNDS		20
#define MAX_REGS	1024

struct vm {
	struct vspe_system *sys;
	struct vspe_vm *vm;
	struct vspe_vcpu *v[NR];
	uint8_t *ram;
};

static double cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void die(const char *what)
{
	fprintf(stderr, "bench_migrate: %s: %s\n", what, vspe_last_error());
	exit(1);
}

static void set64(struct vspe_vcpu *v, uint64_t id, uint64_t val)
{
	struct vspe_one_reg r = { .id = id, .addr = (uintptr_t)&val };

	if (vspe_set_one_reg(v, &r))
		die("set register");
}

static void vm_open(struct vm *m, const uint8_t *image, size_t len)
{
	struct vspe_host_config cfg;
	struct vspe_userspace_memory_region r;
	struct vspe_vcpu_init init;
	int irq = 21;

	vspe_host_config_default(&cfg);
	cfg.nr_cpus = NR;
	cfg.seed = 3;
	cfg.quantum = 20000;
	for (unsigned int i = 0; i < NR; i++)
		cfg.cpus[i].spe = VSPE_SPE_V1P1;
	m->ram = aligned_alloc(4096, RAM_SIZE);
	if (!m->ram || vspe_open(&cfg, &m->sys) || vspe_create_vm(m->sys, &m->vm))
		die("open");
	memset(m->ram, 0, RAM_SIZE);
	memcpy(m->ram, image, len);
	r = (struct vspe_userspace_memory_region){ .guest_phys_addr = RAM_BASE,
		.memory_size = RAM_SIZE, .userspace_addr = (uintptr_t)m->ram };
	if (vspe_set_user_memory_region(m->vm, &r) || vspe_arm_preferred_target(m->vm, &init))
		die("memory");
	init.features[0] |= 1u << VSPE_ARM_VCPU_PSCI_0_2 | 1u << VSPE_ARM_VCPU_SPE;
	for (unsigned int i = 0; i < NR; i++) {
		struct vspe_device_attr a = { .group = VSPE_ARM_VCPU_SPE_CTRL,
			.attr = VSPE_ARM_VCPU_SPE_IRQ, .addr = (uintptr_t)&irq };
		struct vspe_device_attr b = { .group = VSPE_ARM_VCPU_SPE_CTRL,
			.attr = VSPE_ARM_VCPU_SPE_INIT };

		if (vspe_create_vcpu(m->vm, i, &m->v[i]) || vspe_vcpu_init(m->v[i], &init) ||
		    vspe_vcpu_set_device_attr(m->v[i], &a) || vspe_vcpu_set_device_attr(m->v[i], &b))
			die("vcpu");
	}
}

static void vm_close(struct vm *m)
{
	vspe_close(m->sys);
	free(m->ram);
}

static bool is_spe(uint64_t id)
{
	uint32_t key = (uint32_t)(id & 0xffff);

	if ((id & 0x0fff0000ull) == VSPE_REG_ARM_VSPE)
		return id == VSPE_REG_VSPE_SPE_STOP || id == VSPE_REG_VSPE_SPE_IRQ_LEVEL;
	return (id & 0x0fff0000ull) == VSPE_REG_ARM64_SYSREG && spe_sysreg_name(key);
}

struct regs {
	uint64_t id[NR][MAX_REGS];
	uint8_t val[NR][MAX_REGS][16];
	size_t n[NR];
};

static size_t reg_bytes(uint64_t id)
{
	return (size_t)1 << ((id >> 52) & 0xf);
}

/* Gets (or sets) the registers of each vCPU that spe selects; returns bytes. */
static size_t regs_io(struct vm *m, struct regs *r, int spe, bool set)
{
	size_t bytes = 0;

	for (unsigned int c = 0; c < NR; c++)
		for (size_t i = 0; i < r->n[c]; i++) {
			struct vspe_one_reg one = { .id = r->id[c][i], .addr = (uintptr_t)r->val[c][i] };

			if (spe >= 0 && is_spe(r->id[c][i]) != (spe == 1))
				continue;
			if (set ? vspe_set_one_reg(m->v[c], &one) : vspe_get_one_reg(m->v[c], &one))
				die(set ? "set" : "get");
			bytes += 8 + reg_bytes(r->id[c][i]);
		}
	return bytes;
}

static uint8_t *read_image(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = malloc(RAM_SIZE);

	if (!f || !p) {
		fprintf(stderr, "bench_migrate: %s: cannot read\n", path);
		exit(1);
	}
	*len = fread(p, 1, RAM_SIZE, f);
	fclose(f);
	return p;
}

/* The unit is never driven here: a write would be a stage-1 fault. */
static int no_write(void *ctx, const struct spe_regime *regime, uint64_t va, const void *buf,
		    size_t len, struct spe_xlate_fault *fault)
{
	(void)ctx; (void)regime; (void)va; (void)buf; (void)len;
	memset(fault, 0, sizeof(*fault));
	fault->stage = 1;
	return 1;
}

static void row(const char *what, size_t bytes, double save, double load)
{
	printf("%-44s %9zu %9.1f %9.1f\n", what, bytes, save, load);
}

int main(void)
{
	static struct regs r;
	struct vm src, dst;
	size_t len, blob_len = 0, spe_bytes = 0, other_bytes = 0;
	uint8_t *image = read_image(SPE_GUEST_BIN, &len), *blob;
	double best[6] = { 1e30, 1e30, 1e30, 1e30, 1e30, 1e30 };
	struct vspe_reg_list *l = malloc(sizeof(*l) + MAX_REGS * sizeof(uint64_t));
	struct vspe_vcpu *who;

	vm_open(&src, image, len);
	for (unsigned int i = 0; i < NR; i++) {
		set64(src.v[i], VSPE_REG_CORE(pc) | VSPE_REG_SIZE_U64, RAM_BASE);
		set64(src.v[i], VSPE_REG_CORE(x[0]) | VSPE_REG_SIZE_U64, 10000000);
		set64(src.v[i], VSPE_REG_CORE(x[1]) | VSPE_REG_SIZE_U64, 1024 | 1);
		set64(src.v[i], VSPE_REG_CORE(x[2]) | VSPE_REG_SIZE_U64, BUF + i * 0x200000ull);
	}
	while (vspe_vm_instructions(src.vm) < 2000000)
		if (vspe_vm_run(src.vm, &who))
			die("run");
	for (unsigned int c = 0; c < NR; c++) {
		l->n = MAX_REGS;
		if (!l || vspe_get_reg_list(src.v[c], l))
			die("reg list");
		r.n[c] = l->n;
		memcpy(r.id[c], l->reg, l->n * sizeof(uint64_t));
	}
	vspe_vm_save_state(src.vm, NULL, 0, &blob_len);
	blob = malloc(blob_len);
	for (int k = 0; k < ROUNDS; k++) {
		double t0, t1, t2, t3;

		t0 = cpu_us();
		spe_bytes = regs_io(&src, &r, 1, false);
		t1 = cpu_us();
		other_bytes = regs_io(&src, &r, 0, false);
		t2 = cpu_us();
		if (!blob || vspe_vm_save_state(src.vm, blob, blob_len, &blob_len))
			die("save state");
		t3 = cpu_us();
		best[0] = t1 - t0 < best[0] ? t1 - t0 : best[0];
		best[2] = t2 - t1 < best[2] ? t2 - t1 : best[2];
		best[4] = t3 - t2 < best[4] ? t3 - t2 : best[4];

		vm_open(&dst, image, len);
		memcpy(dst.ram, src.ram, RAM_SIZE);
		t0 = cpu_us();
		regs_io(&dst, &r, 0, true);
		t1 = cpu_us();
		regs_io(&dst, &r, 1, true);
		t2 = cpu_us();
		if (vspe_vm_prepare(dst.vm))
			die("prepare");
		t3 = cpu_us();
		if (vspe_vm_load_state(dst.vm, blob, blob_len))
			die("load state");
		best[3] = t1 - t0 < best[3] ? t1 - t0 : best[3];
		best[1] = t2 - t1 < best[1] ? t2 - t1 : best[1];
		best[5] = cpu_us() - t3 < best[5] ? cpu_us() - t3 : best[5];
		vm_close(&dst);
	}
	/* The physical units alone: what the VM blob spends on SPE. */
	{
		struct spe_config c;
		struct spe_unit *u;
		struct spe_mem_port port = { .write = no_write };
		double us = 1e30, ul = 1e30;
		size_t n;
		uint8_t *buf;

		spe_config_default(&c, SPE_V1P1);
		if (spe_unit_create(&c, &port, &u))
			die("unit");
		n = spe_unit_state_size(u);
		buf = malloc(n);
		for (int k = 0; k < ROUNDS && buf; k++) {
			double t0 = cpu_us(), t1, t2;

			spe_unit_state_save(u, buf, n);
			t1 = cpu_us();
			spe_unit_state_load(u, buf, n);
			t2 = cpu_us();
			us = t1 - t0 < us ? t1 - t0 : us;
			ul = t2 - t1 < ul ? t2 - t1 : ul;
		}
		printf("%-44s %9s %9s %9s\n", "state (4 vCPUs profiling, 4 SPE CPUs)", "bytes",
		       "save_us", "load_us");
		row("SPE registers of the vCPUs (ONE_REG)", spe_bytes, best[0], best[1]);
		row("SPE units (4): counters, RNG, in flight, timing", NR * n, NR * us, NR * ul);
		row("VM state blob (SPE units, GIC, clock, sched)", blob_len, best[4], best[5]);
		row("other vCPU registers (ONE_REG)", other_bytes, best[2], best[3]);
		printf("SPE-state downtime: %.1f us (goal < 1000 us)\n",
		       best[0] + best[1] + NR * (us + ul));
		free(buf);
		spe_unit_free(u);
	}
	vm_close(&src);
	free(blob);
	free(image);
	free(l);
	return 0;
}
