// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cost of the GICv3 model on the hypervisor's hot paths: the
 * gicv3_irq_pending() check before every run slice, and a whole interrupt
 * (line up, check, IAR1, line down, EOIR1). Fixed iteration counts, so a
 * run is bounded; timings use the monotonic clock (they are the output).
 *
 * Usage: bench_gicv3 [iterations]   (default 2000000)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "arch/sysreg.h"
#include "hw/gicv3.h"

static volatile uint64_t sink;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static struct gicv3 *make_gic(unsigned int cpus, unsigned int spis)
{
	struct gicv3 *g = gicv3_create(cpus, spis);

	if (!g)
		return NULL;
	gicv3_dist_write(g, GICD_CTLR, 4, GICD_CTLR_EnableGrp1_MASK);
	for (unsigned int c = 0; c < cpus; c++) {
		gicv3_icc_write(g, c, SYS_ICC_PMR_EL1, 0xf0);
		gicv3_icc_write(g, c, SYS_ICC_IGRPEN1_EL1, 1);
		/* The timer PPIs, enabled as a guest kernel leaves them. */
		gicv3_redist_write(g, c * GICV3_REDIST_STRIDE + GICR_SGI_BASE + GICR_ISENABLER0, 4,
				   (1u << 27) | (1u << 30));
	}
	/* Every SPI enabled, spread over the CPUs, as after a busy boot. */
	for (unsigned int i = 0; i < spis; i++) {
		gicv3_dist_write(g, GICD_IROUTER + 8ull * (32 + i), 8, i % cpus);
		gicv3_dist_write(g, GICD_IPRIORITYR + 32 + i, 1, 0xa0);
	}
	for (unsigned int w = 1; w <= spis / 32; w++)
		gicv3_dist_write(g, GICD_ISENABLER + 4ull * w, 4, 0xffffffffu);
	return g;
}

/* gicv3_irq_pending() per second with nothing pending (the common case). */
static double bench_idle(struct gicv3 *g, unsigned int cpus, long n)
{
	uint64_t hits = 0;
	double t = now_s();

	for (long i = 0; i < n; i++)
		hits += gicv3_irq_pending(g, (unsigned int)i % cpus);
	t = now_s() - t;
	sink += hits;
	return (double)n / t;
}

/* Whole SPI interrupts per second: line up, check, IAR1, line down, EOIR1. */
static double bench_cycle(struct gicv3 *g, unsigned int cpus, unsigned int spis, long n)
{
	uint64_t acc = 0;
	double t = now_s();

	for (long i = 0; i < n; i++) {
		unsigned int spi = (unsigned int)i % spis;
		unsigned int cpu = spi % cpus;
		uint64_t intid = 0;

		gicv3_set_spi_level(g, 32 + spi, true);
		acc += gicv3_irq_pending(g, cpu);
		gicv3_icc_read(g, cpu, SYS_ICC_IAR1_EL1, &intid);
		gicv3_set_spi_level(g, 32 + spi, false);
		gicv3_icc_write(g, cpu, SYS_ICC_EOIR1_EL1, intid);
		acc += intid;
	}
	t = now_s() - t;
	sink += acc;
	return (double)n / t;
}

/* The same with the per-CPU timer PPI, which needs no SPI scan hit. */
static double bench_ppi_cycle(struct gicv3 *g, unsigned int cpus, long n)
{
	uint64_t acc = 0;
	double t = now_s();

	for (long i = 0; i < n; i++) {
		unsigned int cpu = (unsigned int)i % cpus;
		uint64_t intid = 0;

		gicv3_set_ppi_level(g, cpu, 27, true);
		acc += gicv3_irq_pending(g, cpu);
		gicv3_icc_read(g, cpu, SYS_ICC_IAR1_EL1, &intid);
		gicv3_set_ppi_level(g, cpu, 27, false);
		gicv3_icc_write(g, cpu, SYS_ICC_EOIR1_EL1, intid);
		acc += intid;
	}
	t = now_s() - t;
	sink += acc;
	return (double)n / t;
}

int main(int argc, char **argv)
{
	static const struct { unsigned int cpus, spis; } cfgs[] = {
		{ 1, 32 }, { 4, 256 }, { 8, 960 },
	};
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 2000000;
	double base = 0;

	if (n <= 0 || n > 1000000000L) {
		fprintf(stderr, "usage: %s [iterations 1..1e9]\n", argv[0]);
		return 2;
	}
	printf("%-14s %16s %16s %16s %10s\n", "cpus/spis", "pending/s (idle)",
	       "SPI irq/s", "PPI irq/s", "idle ratio");
	for (size_t i = 0; i < sizeof(cfgs) / sizeof(cfgs[0]); i++) {
		struct gicv3 *g = make_gic(cfgs[i].cpus, cfgs[i].spis);
		double idle, spi, ppi;
		char name[32];

		if (!g) {
			fprintf(stderr, "gicv3_create failed\n");
			return 1;
		}
		idle = bench_idle(g, cfgs[i].cpus, n);
		spi = bench_cycle(g, cfgs[i].cpus, cfgs[i].spis, n / 4);
		ppi = bench_ppi_cycle(g, cfgs[i].cpus, n / 4);
		if (i == 0)
			base = idle;
		snprintf(name, sizeof(name), "%u/%u", cfgs[i].cpus, cfgs[i].spis);
		printf("%-14s %16.3e %16.3e %16.3e %10.2f\n", name, idle, spi, ppi, base / idle);
		gicv3_destroy(g);
	}
	printf("idle ratio: cost of one gicv3_irq_pending() relative to the 1/32 machine\n");
	return sink == 0xdeadbeefcafeull;	/* never true: keeps the work alive */
}
