// SPDX-License-Identifier: GPL-2.0-only
/*
 * The machine's costs, measured in one run: guest MIPS of an ALU loop and
 * a load/store loop through the whole stack (vspe_vm_run), the cost of a
 * trapped system register, of an in-hypervisor MMIO access and of one that
 * exits to the VMM, and of a vCPU switch (vcpu_put + vcpu_load: context save, restore, TLB flush).
 * Wall-clock time is used only here, to report speed; no result depends on it.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hyp-internal.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(2ull << 20)

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct bench {
	struct hyp_vm *vm;
	struct hyp_vcpu *vcpu[2];
	uint8_t *ram;
};

/* mm: NULL for the default memory management, else this configuration. */
static int bench_open(struct bench *b, const char *bin, const struct vspe_vm_mm_config *mm)
{
	struct hyp_vm_config cfg = { .nr_pcpus = 2, .quantum = 1000000 };
	uint32_t features[7] = { 0 };
	FILE *f = fopen(bin, "rb");

	if (!f)
		return -1;
	b->ram = aligned_alloc(4096, RAM_SIZE);
	if (!b->ram) {
		fclose(f);
		return -1;
	}
	memset(b->ram, 0, RAM_SIZE);
	if (fread(b->ram, 1, 0x1000, f) == 0) {
		fclose(f);
		return -1;
	}
	fclose(f);
	if (hyp_vm_create(&cfg, &b->vm) ||
	    hyp_vm_set_memslot(b->vm, 0, 0, RAM_BASE, RAM_SIZE, b->ram) ||
	    (mm && hyp_vm_set_mm(b->vm, mm)))
		return -1;
	for (unsigned int i = 0; i < 2; i++)
		if (hyp_vcpu_create(b->vm, i, &b->vcpu[i]) ||
		    hyp_vcpu_init(b->vcpu[i], features))
			return -1;
	/* vCPU 1 stays off: the loops run on vCPU 0 alone. */
	hyp_vcpu_set_state(b->vcpu[1], VCPU_OFF);
	return 0;
}

static uint64_t core_id(unsigned int off_words)
{
	return VSPE_REG_ARM64 | VSPE_REG_SIZE_U64 | VSPE_REG_ARM_CORE | off_words;
}

/* Runs the loop at offset entry for iters iterations; returns seconds.
 * Not inlined: callgrind counts inside it (--toggle-collect=run_loop). */
static __attribute__((noinline)) double run_loop(struct bench *b, uint64_t entry, uint64_t iters, uint64_t *insns)
{
	uint64_t pc = RAM_BASE + entry, before = hyp_vm_instructions(b->vm);
	struct hyp_vcpu *who;
	double t0;

	hyp_vcpu_set_reg(b->vcpu[0], core_id(offsetof(struct vspe_core_regs, pc) / 4), &pc);
	hyp_vcpu_set_reg(b->vcpu[0], core_id(2 * 19), &iters);
	hyp_vcpu_set_state(b->vcpu[0], VCPU_RUNNABLE);
	t0 = now_s();
	for (;;) {
		if (hyp_vm_run(b->vm, &who))
			return -1;
		/* The VMM's part of an MMIO store is nothing: run on. */
		if (hyp_vcpu_run_struct(who)->exit_reason != VSPE_EXIT_INTR &&
		    hyp_vcpu_run_struct(who)->exit_reason != VSPE_EXIT_MMIO)
			break;
	}
	*insns = hyp_vm_instructions(b->vm) - before;
	return now_s() - t0;
}

/*
 * The hypervisor's stage 2 (docs/memory.md): the loops with no stage 2 at
 * all (identity, the machine before it was the default), with the default
 * (this VM has no SPE: pin none, every CPU access checked against stage 2)
 * and pinning all memory; MIPS and the ratio to identity, in one run.
 */
static const struct { const char *name; struct vspe_vm_mm_config cfg; bool dflt; } cfgs[] = {
		{ "identity (no stage 2)", { .identity = 1 }, false },
		{ "default (stage 2, none)", { 0 }, true },
		{ "stage 2, pin all", { .pin = VSPE_SPE_PIN_ALL }, false },
		{ "stage 2, pin none, storm 1000", { .pin = VSPE_SPE_PIN_NONE, .storm_rate = 1000 }, false },
};
enum { NCFG = sizeof(cfgs) / sizeof(cfgs[0]), ROUNDS = 5 };

/* One configuration's two loops, once (for callgrind: bench/machine/run.sh). */
static int mm_only(const char *bin, uint64_t iters, unsigned int c)
{
	struct bench b;
	uint64_t n[2];

	if (c >= NCFG || bench_open(&b, bin, cfgs[c].dflt ? NULL : &cfgs[c].cfg))
		return 1;
	run_loop(&b, 0x000, iters, &n[0]);
	run_loop(&b, 0x100, iters / 4, &n[1]);
	printf("mm-only %u (%s): %llu guest instructions\n", c, cfgs[c].name,
	       (unsigned long long)(n[0] + n[1]));
	hyp_vm_destroy(b.vm);
	free(b.ram);
	return 0;
}

static int mm_cost(const char *bin, uint64_t iters)
{
	double best[NCFG][2] = { { 0 } };

	/* Rounds interleave the configurations: the host's load hits them alike; best of 5. */
	for (unsigned int r = 0; r < ROUNDS; r++) {
		for (unsigned int c = 0; c < NCFG; c++) {
			struct bench b;
			uint64_t n;

			if (bench_open(&b, bin, cfgs[c].dflt ? NULL : &cfgs[c].cfg))
				return 1;
			for (unsigned int l = 0; l < 2; l++) {
				double t = run_loop(&b, l ? 0x100 : 0x000, l ? iters / 4 : iters, &n);
				double mips = (double)n / t / 1e6;

				if (mips > best[c][l])
					best[c][l] = mips;
			}
			hyp_vm_destroy(b.vm);
			free(b.ram);
		}
	}
	printf("guest MIPS by memory management (best of %d interleaved rounds; ratio to identity)\n",
	       ROUNDS);
	for (unsigned int c = 0; c < NCFG; c++)
		printf("  %-30s ALU %8.1f MIPS (%.3fx)   load/store %6.1f MIPS (%.3fx)\n",
		       cfgs[c].name, best[c][0], best[c][0] / best[0][0], best[c][1],
		       best[c][1] / best[0][1]);
	return 0;
}

int main(int argc, char **argv)
{
	struct bench b;
	uint64_t n, iters = argc > 2 ? strtoull(argv[2], NULL, 0) : 20000000;
	double t;
	struct hyp_pcpu *p0;
	const unsigned int switches = 200000;

	if (argc > 3 && !strcmp(argv[3], "exit-only")) {
		/* The MMIO exit loop alone (for a profile of the exit path). */
		if (bench_open(&b, argv[1], NULL))
			return 2;
		t = run_loop(&b, 0x400, iters, &n);
		printf("MMIO exit loop:    %10llu instructions %7.3f s %8.1f ns per exit\n",
		       (unsigned long long)n, t, t / (double)iters * 1e9);
		hyp_vm_destroy(b.vm);
		free(b.ram);
		return 0;
	}
	if (argc > 3 && !strncmp(argv[3], "mm-only=", 8))
		return mm_only(argv[1], iters, (unsigned int)strtoul(argv[3] + 8, NULL, 0));
	if (argc < 2 || bench_open(&b, argv[1], NULL)) {
		fprintf(stderr, "usage: bench_machine loops.bin [iterations [mm-only=N|exit-only]]\n");
		return 2;
	}
	printf("vspe machine benchmark (Unicorn %u.%u, 1 vCPU on 2 physical CPUs)\n",
	       cpu_engine_version() >> 8, cpu_engine_version() & 0xff);

	t = run_loop(&b, 0x000, iters, &n);
	printf("ALU loop:          %10llu instructions %7.3f s %8.1f MIPS\n",
	       (unsigned long long)n, t, (double)n / t / 1e6);
	t = run_loop(&b, 0x100, iters / 4, &n);
	printf("load/store loop:   %10llu instructions %7.3f s %8.1f MIPS\n",
	       (unsigned long long)n, t, (double)n / t / 1e6);
	t = run_loop(&b, 0x200, iters / 20, &n);
	printf("trapped MRS loop:  %10llu instructions %7.3f s %8.1f ns per MRS (CNTVCT_EL0)\n",
	       (unsigned long long)n, t, t / (double)(iters / 20) * 1e9);
	t = run_loop(&b, 0x300, iters / 200, &n);
	printf("GIC MMIO loop:     %10llu instructions %7.3f s %8.1f ns per MMIO read (GICD)\n",
	       (unsigned long long)n, t, t / (double)(iters / 200) * 1e9);

	t = run_loop(&b, 0x400, iters / 200, &n);
	printf("MMIO exit loop:    %10llu instructions %7.3f s %8.1f ns per exit to the VMM and back\n",
	       (unsigned long long)n, t, t / (double)(iters / 200) * 1e9);

	/* vCPU switch: put one vCPU and load the other on the same physical CPU. */
	p0 = &b.vm->pcpus[0];
	vcpu_load(b.vcpu[0], p0);
	t = now_s();
	for (unsigned int i = 0; i < switches; i++)
		vcpu_load(b.vcpu[(i + 1) & 1], p0);
	t = now_s() - t;
	printf("vCPU switch:       %10u switches     %7.3f s %8.1f ns per vcpu_put + vcpu_load\n",
	       switches, t, t / switches * 1e9);
	hyp_vm_destroy(b.vm);
	free(b.ram);
	return mm_cost(argv[1], iters);
}
