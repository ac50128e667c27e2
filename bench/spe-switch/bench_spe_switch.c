// SPDX-License-Identifier: GPL-2.0-only
/*
 * SPE register switching, eager (KVM's nVHE: everything at every entry and
 * exit) against lazy (only when the host profiles or the guest's session
 * is active): unit register accesses per slice entry, for each mix of
 * host and guest profiling, with the vCPU staying on one physical CPU or
 * moving between two every slice (pCPUs 2: the scheduler takes the next CPU
 * at every slice, so every slice is a vcpu_put + vcpu_load). The records
 * written must be the same
 * in both modes; the table says so per row.
 *
 *   bench_spe_switch [iterations]   (default 400,000: 2 M guest instructions,
 *                                    2,000-instruction slices)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/prof.h"
#include "bench/hyp_run.h"
#include "hyp/hyp.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(16ull << 20)
#define E_SAMPLE	0x000
#define E_PLAIN		0x780
#define BUF		0x40100000ull
#define QUANTUM		2000
#define CORE64(f)	(VSPE_REG_CORE(f) | VSPE_REG_SIZE_U64)

struct scenario {
	const char *name;
	bool spe;		/* the vCPU has the SPE feature */
	bool guest;		/* the guest profiles (interval 4096) */
	bool host;		/* the host profiles the VM (interval 4096) */
	unsigned int policy;
};

struct result {
	struct hyp_spe_stats st;
	uint64_t host_sum;	/* a checksum of the host's pieces */
	uint64_t guest_sum;	/* ... and of the guest's buffer */
};

static uint64_t fnv(uint64_t h, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static void drain(void *arg, unsigned int cpu, const void *bytes, size_t len)
{
	uint64_t *sum = arg;

	*sum = fnv(*sum ^ cpu, bytes, len);
}

static int set(struct hyp_vcpu *v, uint64_t id, uint64_t val)
{
	return hyp_vcpu_set_reg(v, id, &val);
}

static int run(const uint8_t *image, size_t len, const struct scenario *sc, unsigned int nr,
	       uint8_t sw, uint64_t iter, struct result *r)
{
	/* Round-robin: with 2 pCPUs the vCPU moves every slice. */
	struct hyp_vm_config cfg = { .nr_pcpus = nr, .quantum = QUANTUM, .seed = 1,
				     .spe_switch = sw, .sched = VSPE_SCHED_RR };
	uint32_t feat[7] = { 1u << VSPE_ARM_VCPU_PSCI_0_2 };
	struct host_prof_config hc = { .target = HOST_PROF_VM, .interval = 4096,
				       .buffer_size = 65536, .drain = drain };
	uint8_t *ram = aligned_alloc(4096, RAM_SIZE);
	struct hyp_vm *vm;
	struct hyp_vcpu *v;
	int irq = 21, err = -1;

	if (!ram)
		return -1;
	memset(ram, 0, RAM_SIZE);
	memcpy(ram, image, len);
	memset(r, 0, sizeof(*r));
	r->host_sum = r->guest_sum = 0xcbf29ce484222325ull;
	hc.arg = &r->host_sum;
	for (unsigned int i = 0; i < nr; i++)
		cfg.spe[i] = VSPE_SPE_V1P1;
	if (sc->spe)
		feat[0] |= 1u << VSPE_ARM_VCPU_SPE;
	if (hyp_vm_create(&cfg, &vm)) {
		free(ram);
		return -1;
	}
	if (hyp_vm_set_memslot(vm, 0, 0, RAM_BASE, RAM_SIZE, ram) ||
	    hyp_vcpu_create(vm, 0, &v) || hyp_vcpu_init(v, feat) ||
	    hyp_vm_set_spe_policy(vm, sc->policy))
		goto out;
	if (sc->spe && (hyp_vcpu_spe_attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_IRQ, &irq) ||
			hyp_vcpu_spe_attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_INIT, NULL)))
		goto out;
	if (set(v, CORE64(pc), RAM_BASE + (sc->guest ? E_SAMPLE : E_PLAIN)) ||
	    set(v, CORE64(x[0]), iter) || set(v, CORE64(x[1]), 4096) || set(v, CORE64(x[2]), BUF))
		goto out;
	if (sc->host && hyp_vm_host_prof_start(vm, &hc, 1))
		goto out;
	err = bench_run_to_power_off(vm, 1000000);
	if (sc->host && hyp_vm_host_prof_stop(vm))
		err = -1;
	hyp_vm_spe_stats(vm, &r->st);
	r->guest_sum = fnv(r->guest_sum, ram + (BUF - RAM_BASE), 1u << 20);
out:
	hyp_vm_destroy(vm);
	free(ram);
	return err;
}

int main(int argc, char **argv)
{
	static const struct scenario sc[] = {
		{ "vCPU without SPE, host idle", false, false, false, 0 },
		{ "SPE vCPU idle, host idle", true, false, false, 0 },
		{ "guest profiles, host idle", true, true, false, 0 },
		{ "host profiles, guest idle", true, false, true, 0 },
		{ "both profile, share", true, true, true, 0 },
		/* (a guest that profiles here would UNDEF: spe-guest.S has no handler for it) */
		{ "host profiles, exclusive-host", true, false, true, 1 },
		{ "host profiles a vCPU without SPE", false, false, true, 0 },
	};
	uint64_t iter = argc > 1 ? strtoull(argv[1], NULL, 0) : 400000;
	static uint8_t image[64 << 10];
	size_t len;
	FILE *f = fopen(SPE_GUEST_BIN, "rb");
	bool all_same = true;

	if (!f) {
		fprintf(stderr, "bench_spe_switch: cannot open %s\n", SPE_GUEST_BIN);
		return 1;
	}
	len = fread(image, 1, sizeof(image), f);
	fclose(f);
	if (iter == 0 || iter > 20000000) {
		fprintf(stderr, "bench_spe_switch: iterations must be 1..20000000\n");
		return 2;
	}
	printf("SPE register accesses per slice entry (world switch), %llu guest instructions, "
	       "%u-instruction slices\n", (unsigned long long)(5 * iter), QUANTUM);
	printf("%-34s %-5s %6s %9s %9s %8s %8s %8s %9s %s\n", "scenario", "pCPUs", "slices",
	       "eager", "lazy", "eager/sl", "lazy/sl", "records", "host B", "same bytes");
	for (size_t i = 0; i < sizeof(sc) / sizeof(sc[0]); i++) {
		for (unsigned int nr = 1; nr <= 2; nr++) {
			struct result e, l;
			bool same;

			if (run(image, len, &sc[i], nr, VSPE_SPE_SWITCH_EAGER, iter, &e) ||
			    run(image, len, &sc[i], nr, VSPE_SPE_SWITCH_LAZY, iter, &l)) {
				fprintf(stderr, "bench_spe_switch: a run failed (%s)\n", sc[i].name);
				return 1;
			}
			same = e.host_sum == l.host_sum && e.guest_sum == l.guest_sum &&
			       e.st.records == l.st.records && e.st.entries == l.st.entries;
			all_same &= same;
			printf("%-34s %-5u %6llu %9llu %9llu %8.2f %8.2f %8llu %9llu %s\n",
			       sc[i].name, nr, (unsigned long long)e.st.entries,
			       (unsigned long long)e.st.switch_sysregs,
			       (unsigned long long)l.st.switch_sysregs,
			       e.st.entries ? (double)e.st.switch_sysregs / (double)e.st.entries : 0,
			       l.st.entries ? (double)l.st.switch_sysregs / (double)l.st.entries : 0,
			       (unsigned long long)l.st.records,
			       (unsigned long long)l.st.host_bytes, same ? "yes" : "NO");
		}
	}
	printf("eager and lazy wrote the same bytes in every row: %s\n", all_same ? "yes" : "NO");
	return all_same ? 0 : 1;
}
