// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest instructions per second with SPE off and on, in one run so the
 * ratios compare like with like, and the cost of a vCPU switch of an SPE
 * vCPU in unit register accesses.
 *
 *   bench_spe_guest [iterations]     (default 2,000,000 loop iterations:
 *                                     10 M guest instructions, 2 in 5 memory)
 *
 * Rates use the process's CPU time (the host is shared), the best of three
 * interleaved rounds; the record counts are exact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hyp/hyp.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(16ull << 20)
#define E_SAMPLE	0x000
#define E_PLAIN		0x780
#define BUF		0x40100000ull
#define CORE64(f)	(VSPE_REG_CORE(f) | VSPE_REG_SIZE_U64)

struct result {
	double seconds;
	uint64_t insns;
	struct hyp_spe_stats st;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int set(struct hyp_vcpu *v, uint64_t id, uint64_t val)
{
	return hyp_vcpu_set_reg(v, id, &val);
}

/* One run: spe = feature on; interval 0 = the plain loop without SPE. */
static int bench(void *image, size_t image_len, unsigned int nr, uint64_t quantum, bool spe,
		 uint64_t interval, uint64_t iter, struct result *r)
{
	struct hyp_vm_config cfg = { .nr_pcpus = nr, .quantum = quantum, .seed = 1 };
	uint32_t feat[7] = { 1u << VSPE_ARM_VCPU_PSCI_0_2 };
	struct hyp_vm *vm;
	struct hyp_vcpu *v;
	void *ram = aligned_alloc(4096, RAM_SIZE);
	int irq = 21, err = -1;
	double t0;

	if (!ram)
		return -1;
	memset(ram, 0, RAM_SIZE);
	memcpy(ram, image, image_len);
	for (unsigned int i = 0; i < nr; i++)
		cfg.spe[i] = VSPE_SPE_V1P1;
	if (spe)
		feat[0] |= 1u << VSPE_ARM_VCPU_SPE;
	if (hyp_vm_create(&cfg, &vm)) {
		free(ram);
		return -1;
	}
	if (hyp_vm_set_memslot(vm, 0, 0, RAM_BASE, RAM_SIZE, ram) ||
	    hyp_vcpu_create(vm, 0, &v) || hyp_vcpu_init(v, feat))
		goto out;
	if (spe && (hyp_vcpu_spe_attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, &irq) ||
		    hyp_vcpu_spe_attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_INIT, NULL)))
		goto out;
	if (set(v, CORE64(pc), RAM_BASE + (interval ? E_SAMPLE : E_PLAIN)) ||
	    set(v, CORE64(x[0]), iter) || set(v, CORE64(x[1]), interval) ||
	    set(v, CORE64(x[2]), BUF))
		goto out;
	t0 = now();
	for (unsigned int i = 0; i < 100000; i++) {
		struct hyp_vcpu *who;
		struct vspe_run *run;

		if (hyp_vm_run(vm, &who))
			goto out;
		run = hyp_vcpu_run_struct(who);
		if (run->exit_reason == VSPE_EXIT_INTR)
			continue;
		if (run->exit_reason == VSPE_EXIT_SYSTEM_EVENT)
			err = 0;
		break;
	}
	r->seconds = now() - t0;
	r->insns = hyp_vm_instructions(vm);
	hyp_vm_spe_stats(vm, &r->st);
out:
	hyp_vm_destroy(vm);
	free(ram);
	return err;
}

int main(int argc, char **argv)
{
	uint64_t iter = argc > 1 ? strtoull(argv[1], NULL, 0) : 2000000;
	static uint8_t image[64 << 10];
	struct result off, idle, on4k, on1k, sw;
	size_t len;
	FILE *f = fopen(SPE_GUEST_BIN, "rb");

	if (!f) {
		fprintf(stderr, "bench_spe_guest: cannot open %s\n", SPE_GUEST_BIN);
		return 1;
	}
	len = fread(image, 1, sizeof(image), f);
	fclose(f);
	if (iter == 0 || iter > 20000000) {
		fprintf(stderr, "bench_spe_guest: iterations must be 1..20000000\n");
		return 2;
	}
	for (unsigned int round = 0; round < 3; round++) {
		struct result r[4];

		if (bench(image, len, 1, 0, false, 0, iter, &r[0]) ||
		    bench(image, len, 1, 0, true, 0, iter, &r[1]) ||
		    bench(image, len, 1, 0, true, 4096, iter, &r[2]) ||
		    bench(image, len, 1, 0, true, 1024, iter, &r[3])) {
			fprintf(stderr, "bench_spe_guest: a run failed\n");
			return 1;
		}
		if (round == 0 || r[0].seconds < off.seconds)
			off = r[0];
		if (round == 0 || r[1].seconds < idle.seconds)
			idle = r[1];
		if (round == 0 || r[2].seconds < on4k.seconds)
			on4k = r[2];
		if (round == 0 || r[3].seconds < on1k.seconds)
			on1k = r[3];
	}
	if (bench(image, len, 2, 2000, true, 4096, iter / 10, &sw)) {
		fprintf(stderr, "bench_spe_guest: a run failed\n");
		return 1;
	}
	printf("guest instructions: %llu per run (loop of 5, 1 load + 1 store)\n",
	       (unsigned long long)off.insns);
	printf("%-34s %10s %9s %9s %8s\n", "mode", "MIPS", "vs off", "records", "chunks");
#define ROW(name, r) printf("%-34s %10.1f %8.2fx %9llu %8llu\n", name,			\
			    (double)(r).insns / (r).seconds / 1e6, (r).seconds / off.seconds,	\
			    (unsigned long long)(r).st.records, (unsigned long long)(r).st.chunks)
	ROW("SPE off (vCPU without SPE)", off);
	ROW("SPE vCPU, plain loop (no sampling)", idle);
	ROW("SPE on, interval 4096", on4k);
	ROW("SPE on, interval 1024", on1k);
	printf("per sample at 1024: %.2f us; at 4096: %.2f us\n",
	       (on1k.seconds - off.seconds) / (double)on1k.st.records * 1e6,
	       (on4k.seconds - off.seconds) / (double)on4k.st.records * 1e6);
	printf("switches (2 pCPUs, 2000-instruction slices, 4096): %llu loads %llu puts, "
	       "%llu unit register accesses = %.2f per load+put pair\n",
	       (unsigned long long)sw.st.loads, (unsigned long long)sw.st.puts,
	       (unsigned long long)sw.st.switch_sysregs,
	       (double)sw.st.switch_sysregs / (double)sw.st.puts);
	return 0;
}
