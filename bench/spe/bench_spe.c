// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_spe [ops]: how fast the SPE unit model is.
 *   1. records encoded per second (spe_unit_record_encode of a full load record);
 *   2. population members per second through the CPU's path (bulk
 *      spe_unit_count to the sample point, spe_unit_observe there) at
 *      intervals 256, 1024 and 4096 on a synthetic stream, writing records
 *      into a 1 MiB buffer that is recycled like a driver would;
 *      (the rate of samples is the meaningful number: bulk counting is O(1));
 *   3. spe_timing_access() per second (a CPU feeding every access);
 *   4. the same stream with every operation described (spe_unit_observe
 *      per op), the cost of a CPU that cannot count in bulk.
 * Wall-clock time is measured here only; nothing the model outputs uses it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hw/spe.h"

#include "arch/spe-packet.h"
#include "arch/sysreg.h"

#define BUF_BASE	0x80000000ull
#define BUF_SIZE	(1u << 20)

static uint8_t mem[BUF_SIZE];

static int bench_write(void *ctx, const struct spe_regime *regime, uint64_t va,
		       const void *buf, size_t len, struct spe_xlate_fault *fault)
{
	(void)ctx;
	(void)regime;
	(void)fault;
	memcpy(mem + (va - BUF_BASE), buf, len);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void make_op(uint64_t i, struct spe_op *op)
{
	memset(op, 0, sizeof(*op));
	op->pc = 0xffff800000100000ull + 4 * (i & 0xffff);
	op->el = 1;
	op->cntpct = i;
	switch (i % 4) {
	case 0:
	case 1:
		op->kind = i % 4 ? SPE_OPK_STORE : SPE_OPK_LOAD;
		op->data_va = 0xffff000000200000ull + ((i * 64) & 0x3fffff);
		op->data_pa = 0x40200000ull + ((i * 64) & 0x3fffff);
		op->size = 8;
		op->flags = SPE_OPF_PA_VALID;
		break;
	case 2:
		op->kind = SPE_OPK_BRANCH;
		op->flags = SPE_OPF_COND | ((i >> 3) & 1 ? SPE_OPF_TAKEN : 0);
		op->target = op->pc - 64;
		break;
	default:
		op->kind = SPE_OPK_OTHER;
		break;
	}
}

static void reg(struct spe_unit *u, uint32_t key, uint64_t v)
{
	if (spe_unit_sysreg_write(u, key, v) != SPE_UNIT_OK) {
		fprintf(stderr, "bench_spe: register write failed\n");
		exit(1);
	}
}

/* A driver's interrupt handler: restart at the base when the buffer filled. */
static void service(struct spe_unit *u)
{
	if (spe_unit_irq_level(u)) {
		reg(u, SYS_PMBPTR_EL1, BUF_BASE);
		reg(u, SYS_PMBSR_EL1, 0);
	}
}

static struct spe_unit *start(uint32_t interval)
{
	struct spe_mem_port port = { .write = bench_write };
	struct spe_config c;
	struct spe_unit *u;

	spe_config_default(&c, SPE_V1P2);
	if (spe_unit_create(&c, &port, &u) != SPE_UNIT_OK) {
		fprintf(stderr, "bench_spe: cannot create the unit\n");
		exit(1);
	}
	reg(u, SYS_PMBPTR_EL1, BUF_BASE);
	reg(u, SYS_PMBLIMITR_EL1, (BUF_BASE + BUF_SIZE) | PMBLIMITR_EL1_E_MASK);
	reg(u, SYS_PMSIRR_EL1, interval);
	reg(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_TS_MASK | PMSCR_EL1_PA_MASK);
	return u;
}

static void bench_encode(uint64_t n)
{
	struct spe_unit_record r = {
		.present = SPE_UREC_LAT_TOTAL | SPE_UREC_LAT_ISSUE | SPE_UREC_LAT_XLAT | SPE_UREC_PC |
			   SPE_UREC_DATA_VA | SPE_UREC_DATA_PA | SPE_UREC_DATA_SOURCE | SPE_UREC_OP_TYPE |
			   SPE_UREC_EVENTS | SPE_UREC_TIMESTAMP,
		.pc = 0xffff800010002000ull, .pc_el = 1, .ns = true, .data_va = 0xffff000000200000ull,
		.data_pa = 0x40200000, .lat_total = 210, .lat_issue = 1, .lat_xlat = 25,
		.op_class = SPE_OP_CLASS_LDST, .events = 0x33e, .data_source = SPE_DS_DRAM,
	};
	struct spe_unit_record_format f = { .count_bits = 12, .events_bytes = 2,
				       .data_source_bytes = 2, .max_size = 64 };
	uint8_t out[64];
	uint64_t bytes = 0, check = 0;
	double t0 = now(), dt;

	for (uint64_t i = 0; i < n; i++) {
		r.timestamp = i;
		bytes += (uint64_t)spe_unit_record_encode(&r, &f, out, sizeof(out));
		check += out[45];	/* keeps the encoder's work observable */
	}
	dt = now() - t0;
	printf("encode: %llu records, %llu bytes (check %llu) in %.3f s: %.1f M records/s, "
	       "%.0f MB/s\n", (unsigned long long)n, (unsigned long long)bytes,
	       (unsigned long long)check, dt, n / dt / 1e6, bytes / dt / 1e6);
}

static double bench_observe(uint32_t interval, uint64_t n, bool every)
{
	struct spe_unit *u = start(interval);
	struct spe_unit_stats st;
	struct spe_op op;
	double t0 = now(), dt;
	uint64_t i = 0;

	if (every) {
		for (i = 0; i < n; i++) {
			make_op(i, &op);
			spe_unit_observe(u, &op);
			service(u);
		}
	} else {
		while (i < n) {
			uint64_t k = spe_unit_ops_until_sample(u);

			if (k >= n - i) {
				spe_unit_count(u, n - i, 1);
				break;
			}
			spe_unit_count(u, k, 1);
			i += k;
			make_op(i, &op);
			spe_unit_observe(u, &op);
			service(u);
			i++;
		}
	}
	dt = now() - t0;
	spe_unit_stats(u, &st);
	printf("%-8s interval %5u: %llu ops, %llu samples, %llu records in %.3f s: "
	       "%.1f M ops/s, %.2f M samples/s\n", every ? "every-op" : "bulk", interval,
	       (unsigned long long)st.population, (unsigned long long)st.selected,
	       (unsigned long long)st.records, dt, st.population / dt / 1e6,
	       st.selected / dt / 1e6);
	spe_unit_free(u);
	return dt;
}

/* spe_timing_access() per second: 8-byte accesses walking 4 MiB, as a CPU would feed them. */
static void bench_timing(uint64_t n)
{
	struct spe_timing_config c;
	struct spe_timing *t;
	double t0, dt;

	spe_timing_config_default(&c);
	if (spe_timing_create(&c, &t) != SPE_UNIT_OK) {
		fprintf(stderr, "bench_spe: cannot create the timing model\n");
		exit(1);
	}
	t0 = now();
	for (uint64_t i = 0; i < n; i++) {
		uint64_t a = 0x40000000 + ((i * 8) & 0x3fffff);

		spe_timing_access(t, a, a, 8, i & 1);
	}
	dt = now() - t0;
	printf("timing: %llu accesses in %.3f s: %.1f M accesses/s\n", (unsigned long long)n, dt,
	       n / dt / 1e6);
	spe_timing_free(t);
}

int main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 2000000000ull;
	static const uint32_t intervals[] = { 256, 1024, 4096 };
	double bulk[3], every[3];

	bench_encode(n / 400);
	bench_timing(n / 100);
	for (int i = 0; i < 3; i++)
		bulk[i] = bench_observe(intervals[i], n, false);
	for (int i = 0; i < 3; i++)
		every[i] = bench_observe(intervals[i], n / 200, true);
	printf("ratios: bulk time 256:1024:4096 = %.2f : %.2f : 1; "
	       "every-op / bulk per op at 1024 = %.1f\n", bulk[0] / bulk[2], bulk[1] / bulk[2],
	       every[1] * 200 / bulk[1]);
	return 0;
}
