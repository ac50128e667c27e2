// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cost of Neoverse N1 erratum 1694299's model (docs/errata.md): the
 * unit asks the CPU to describe the 4 operations before every selection
 * and those a moved selection waits through. A 4-operation loop (LDR,
 * ADD, STR, B.NE) runs through the unit's CPU protocol on N1 r4p1 (no
 * erratum) and N1 r3p1 (erratum), in one run so the ratio is meaningful
 * on a shared machine. Prints descriptions per sample and ns per member.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hw/spe-errata.h"

#include "arch/sysreg.h"

#define N_OPS	100000000ull
#define ROUNDS	3	/* alternated; the fastest of each counts */
#define BUF	(1u << 20)

static uint8_t *mem;

static int port_write(void *ctx, const struct spe_regime *regime, uint64_t va, const void *buf,
		      size_t len, struct spe_xlate_fault *fault)
{
	(void)ctx; (void)regime; (void)fault;
	memcpy(mem + (va % BUF), buf, len);
	return 0;
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void loop_ops(struct spe_op op[4])
{
	static const uint8_t kind[4] = { SPE_OPK_LOAD, SPE_OPK_OTHER, SPE_OPK_STORE, SPE_OPK_BRANCH };

	memset(op, 0, 4 * sizeof(*op));
	for (int i = 0; i < 4; i++) {
		op[i].pc = 0x100000 + 4 * (uint64_t)i;
		op[i].el = 1;
		op[i].kind = kind[i];
		op[i].data_va = op[i].data_pa = 0x200000;
		op[i].size = 8;
	}
	op[3].flags = SPE_OPF_COND | SPE_OPF_TAKEN;
	op[3].target = 0x100000;
}

/* Buffer [0x1000, 0x1000 + BUF), interval 1024, EL1 sampled. */
static void arm_unit(struct spe_unit *u)
{
	spe_unit_sysreg_write(u, SYS_PMBPTR_EL1, 0x1000);
	spe_unit_sysreg_write(u, SYS_PMBLIMITR_EL1, (0x1000 + BUF) | PMBLIMITR_EL1_E_MASK);
	spe_unit_sysreg_write(u, SYS_PMSIRR_EL1, PMSIRR_EL1_INTERVAL_PREP(4));
	spe_unit_sysreg_write(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK);
}

static int run(const char *model, double *ns_per_op, double *desc_per_sample)
{
	struct spe_mem_port port = { .write = port_write };
	struct spe_ctx ctx = { .el = 1 };
	struct spe_unit_stats st;
	struct spe_cpu_model m;
	struct spe_config c;
	struct spe_unit *u;
	struct spe_op op[4];
	uint64_t done = 0, described = 0;
	unsigned int p = 0;
	double t0;

	if (spe_cpu_model_find(model, &m))
		return -1;
	spe_config_for_cpu(&c, m.version, m.midr, SPE_ERRATA_KNOWN);
	if (spe_unit_create(&c, &port, &u))
		return -1;
	spe_unit_set_ctx(u, &ctx);
	loop_ops(op);
	arm_unit(u);
	t0 = now();
	while (done < N_OPS) {
		uint64_t k = spe_unit_ops_until_sample(u);
		uint64_t ptr = 0;

		/* Keep the buffer open: rewind it before it fills. */
		spe_unit_sysreg_read(u, SYS_PMBPTR_EL1, &ptr);
		if (ptr > 0x1000 + BUF / 2)
			spe_unit_sysreg_write(u, SYS_PMBPTR_EL1, 0x1000);
		if (k > 0) {
			if (k > N_OPS - done)
				k = N_OPS - done;
			spe_unit_count(u, k, 1);
			done += k;
			p = (unsigned int)((p + k) % 4);
			continue;
		}
		spe_unit_observe(u, &op[p]);
		described++;
		p = (p + 1) % 4;
		done++;
	}
	*ns_per_op = (now() - t0) * 1e9 / (double)N_OPS;
	spe_unit_stats(u, &st);
	*desc_per_sample = st.records ? (double)described / (double)st.records : 0;
	printf("%-18s %8llu records %8llu moved %6.2f descriptions/sample %7.3f ns/member\n",
	       model, (unsigned long long)st.records, (unsigned long long)st.errata_moved,
	       *desc_per_sample, *ns_per_op);
	fflush(stdout);
	spe_unit_free(u);
	return 0;
}

int main(void)
{
	double base = 0, erratum = 0, d0 = 0, d1 = 0;

	mem = calloc(1, BUF);
	if (!mem)
		return 1;
	for (int r = 0; r < ROUNDS; r++) {
		double b, e;

		if (run("neoverse-n1:r4p1", &b, &d0) || run("neoverse-n1", &e, &d1))
			return 1;
		base = r == 0 || b < base ? b : base;
		erratum = r == 0 || e < erratum ? e : erratum;
	}
	printf("erratum model / none (fastest of %d): %.2fx per member, %.2fx descriptions per sample\n",
	       ROUNDS, erratum / base, d1 / d0);
	free(mem);
	return 0;
}
