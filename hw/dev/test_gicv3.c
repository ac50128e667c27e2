// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the GICv3 model: register values and interrupt flows, exactly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch/sysreg.h"
#include "hw/gicv3.h"

#define SGI(off)	(GICR_SGI_BASE + (off))
#define RD(cpu, off)	((uint64_t)(cpu) * GICV3_REDIST_STRIDE + (off))

static uint64_t dr(struct gicv3 *g, uint64_t off, unsigned int len)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(gicv3_dist_read(g, off, len, &v), GICV3_OK);
	return v;
}

static void dw(struct gicv3 *g, uint64_t off, unsigned int len, uint64_t v)
{
	assert_int_equal(gicv3_dist_write(g, off, len, v), GICV3_OK);
}

static uint64_t rr(struct gicv3 *g, unsigned int cpu, uint64_t off, unsigned int len)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(gicv3_redist_read(g, RD(cpu, off), len, &v), GICV3_OK);
	return v;
}

static void rw(struct gicv3 *g, unsigned int cpu, uint64_t off, unsigned int len, uint64_t v)
{
	assert_int_equal(gicv3_redist_write(g, RD(cpu, off), len, v), GICV3_OK);
}

static uint64_t ir(struct gicv3 *g, unsigned int cpu, uint32_t key)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(gicv3_icc_read(g, cpu, key, &v), GICV3_OK);
	return v;
}

static void iw(struct gicv3 *g, unsigned int cpu, uint32_t key, uint64_t v)
{
	assert_int_equal(gicv3_icc_write(g, cpu, key, v), GICV3_OK);
}

/* What a guest's GIC driver does: enable Group 1 everywhere, open PMR. */
static struct gicv3 *setup(unsigned int cpus, unsigned int spis)
{
	struct gicv3 *g = gicv3_create(cpus, spis);

	assert_non_null(g);
	dw(g, GICD_CTLR, 4, GICD_CTLR_EnableGrp1_MASK);
	for (unsigned int c = 0; c < cpus; c++) {
		iw(g, c, SYS_ICC_PMR_EL1, 0xf0);
		iw(g, c, SYS_ICC_IGRPEN1_EL1, 1);
	}
	return g;
}

static void enable_private(struct gicv3 *g, unsigned int cpu, unsigned int intid, uint8_t prio)
{
	rw(g, cpu, SGI(GICR_IPRIORITYR) + intid, 1, prio);
	rw(g, cpu, SGI(GICR_ISENABLER0), 4, 1u << intid);
}

static void enable_spi(struct gicv3 *g, unsigned int intid, uint8_t prio, uint64_t route)
{
	dw(g, GICD_IPRIORITYR + intid, 1, prio);
	dw(g, GICD_IROUTER + 8ull * intid, 8, route);
	dw(g, GICD_ISENABLER + 4ull * (intid / 32), 4, 1u << (intid % 32));
}

static void test_dist_reset(void **state)
{
	struct gicv3 *g = gicv3_create(2, 64);

	(void)state;
	assert_non_null(g);
	assert_int_equal(dr(g, GICD_CTLR, 4), 0x50);		/* ARE | DS */
	assert_int_equal(dr(g, GICD_TYPER, 4), 0x07480022);
	assert_int_equal(dr(g, GICD_IIDR, 4), 0x5600043b);
	assert_int_equal(dr(g, GICD_TYPER2, 4), 0);
	assert_int_equal(dr(g, GICD_PIDR2, 4), 0x3b);
	assert_int_equal(dr(g, GICD_PIDR0, 4), 0x92);
	assert_int_equal(dr(g, GICD_PIDR4, 4), 0x44);
	assert_int_equal(dr(g, GICD_CIDR0, 4), 0x0d);
	assert_int_equal(dr(g, GICD_CIDR0 + 4, 4), 0xf0);
	assert_int_equal(dr(g, GICD_CIDR0 + 8, 4), 0x05);
	assert_int_equal(dr(g, GICD_CIDR3, 4), 0xb1);
	/* INTIDs 0-31 belong to the redistributors with ARE = 1: RAZ. */
	assert_int_equal(dr(g, GICD_IGROUPR, 4), 0);
	assert_int_equal(dr(g, GICD_IGROUPR + 4, 4), 0xffffffff);
	assert_int_equal(dr(g, GICD_IGROUPR + 8, 4), 0xffffffff);
	/* Beyond ITLinesNumber: RAZ. */
	assert_int_equal(dr(g, GICD_IGROUPR + 12, 4), 0);
	assert_int_equal(dr(g, GICD_ISENABLER + 4, 4), 0);
	assert_int_equal(dr(g, GICD_ISPENDR + 4, 4), 0);
	assert_int_equal(dr(g, GICD_ISACTIVER + 4, 4), 0);
	assert_int_equal(dr(g, GICD_IPRIORITYR + 32, 4), 0);
	assert_int_equal(dr(g, GICD_ICFGR + 8, 4), 0);
	assert_int_equal(dr(g, GICD_IROUTER + 8 * 32, 8), 0);
	gicv3_destroy(g);

	/* TYPER scales with the SPIs and caps CPUNumber at 7. */
	g = gicv3_create(9, 960);
	assert_int_equal(dr(g, GICD_TYPER, 4) & 0xff, 0xfe);	/* CPUNumber 7, ITLines 30 */
	gicv3_destroy(g);
	g = gicv3_create(1, 0);
	assert_int_equal(dr(g, GICD_TYPER, 4) & 0xff, 0);
	gicv3_destroy(g);
}

static void test_redist_reset(void **state)
{
	struct gicv3 *g = gicv3_create(3, 32);

	(void)state;
	assert_int_equal(rr(g, 0, GICR_TYPER, 8), 0);
	assert_int_equal(rr(g, 1, GICR_TYPER, 8), 0x100000100ull);
	assert_int_equal(rr(g, 2, GICR_TYPER, 8), 0x200000210ull);	/* Last */
	assert_int_equal(rr(g, 2, GICR_TYPER, 4), 0x210);
	assert_int_equal(rr(g, 2, GICR_TYPER + 4, 4), 0x2);
	assert_int_equal(rr(g, 0, GICR_CTLR, 4), 0);
	assert_int_equal(rr(g, 0, GICR_IIDR, 4), 0x5600043b);
	assert_int_equal(rr(g, 0, GICR_WAKER, 4), 0);		/* awake */
	assert_int_equal(rr(g, 0, GICR_PIDR2, 4), 0x3b);
	assert_int_equal(rr(g, 1, GICD_PIDR0, 4), 0x93);
	assert_int_equal(rr(g, 1, SGI(GICR_IGROUPR0), 4), 0xffffffff);
	assert_int_equal(rr(g, 1, SGI(GICR_ISENABLER0), 4), 0);
	assert_int_equal(rr(g, 1, SGI(GICR_ISPENDR0), 4), 0);
	assert_int_equal(rr(g, 1, SGI(GICR_ISACTIVER0), 4), 0);
	assert_int_equal(rr(g, 1, SGI(GICR_ICFGR0), 4), 0xaaaaaaaa);
	assert_int_equal(rr(g, 1, SGI(GICR_ICFGR1), 4), 0);
	assert_int_equal(rr(g, 1, SGI(GICR_IPRIORITYR + 28), 4), 0);
	/* Past the last redistributor: RAZ/WI. */
	assert_int_equal(rr(g, 3, GICR_TYPER, 8), 0);
	rw(g, 3, SGI(GICR_ISENABLER0), 4, 1);
	gicv3_destroy(g);
}

static void test_icc_reset(void **state)
{
	struct gicv3 *g = gicv3_create(2, 32);

	(void)state;
	assert_int_equal(ir(g, 1, SYS_ICC_PMR_EL1), 0);
	assert_int_equal(ir(g, 1, SYS_ICC_CTLR_EL1), 0x48400);	/* RSS A3V PRIbits=4 */
	assert_int_equal(ir(g, 1, SYS_ICC_SRE_EL1), 7);
	assert_int_equal(ir(g, 1, SYS_ICC_BPR0_EL1), 2);
	assert_int_equal(ir(g, 1, SYS_ICC_BPR1_EL1), 3);
	assert_int_equal(ir(g, 1, SYS_ICC_IGRPEN0_EL1), 0);
	assert_int_equal(ir(g, 1, SYS_ICC_IGRPEN1_EL1), 0);
	assert_int_equal(ir(g, 1, SYS_ICC_RPR_EL1), 0xff);
	assert_int_equal(ir(g, 1, SYS_ICC_AP1R0_EL1), 0);
	assert_int_equal(ir(g, 1, SYS_ICC_AP0R0_EL1), 0);
	assert_int_equal(ir(g, 1, SYS_ICC_HPPIR1_EL1), GICV3_SPURIOUS);
	assert_int_equal(ir(g, 1, SYS_ICC_IAR1_EL1), GICV3_SPURIOUS);
	assert_int_equal(ir(g, 1, SYS_ICC_IAR0_EL1), GICV3_SPURIOUS);
	/* SRE is RAO/WI: system registers only. */
	iw(g, 1, SYS_ICC_SRE_EL1, 0);
	assert_int_equal(ir(g, 1, SYS_ICC_SRE_EL1), 7);
	assert_false(gicv3_irq_pending(g, 0));
	assert_false(gicv3_irq_pending(g, 1));
	gicv3_destroy(g);
}

/* Every ICC register of the table is found (the lookup needs it sorted). */
static void test_icc_table(void **state)
{
	static const uint32_t rw_keys[] = {
		SYS_ICC_PMR_EL1, SYS_ICC_BPR0_EL1, SYS_ICC_AP0R0_EL1, SYS_ICC_AP0R1_EL1,
		SYS_ICC_AP0R2_EL1, SYS_ICC_AP0R3_EL1, SYS_ICC_AP1R0_EL1, SYS_ICC_AP1R1_EL1,
		SYS_ICC_AP1R2_EL1, SYS_ICC_AP1R3_EL1, SYS_ICC_BPR1_EL1, SYS_ICC_CTLR_EL1,
		SYS_ICC_SRE_EL1, SYS_ICC_IGRPEN0_EL1, SYS_ICC_IGRPEN1_EL1,
	};
	static const uint32_t ro_keys[] = {
		SYS_ICC_IAR0_EL1, SYS_ICC_HPPIR0_EL1, SYS_ICC_RPR_EL1, SYS_ICC_IAR1_EL1,
		SYS_ICC_HPPIR1_EL1,
	};
	static const uint32_t wo_keys[] = {
		SYS_ICC_EOIR0_EL1, SYS_ICC_DIR_EL1, SYS_ICC_SGI1R_EL1, SYS_ICC_ASGI1R_EL1,
		SYS_ICC_SGI0R_EL1, SYS_ICC_EOIR1_EL1,
	};
	struct gicv3 *g = gicv3_create(1, 32);
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(rw_keys) / sizeof(rw_keys[0]); i++) {
		assert_int_equal(gicv3_icc_read(g, 0, rw_keys[i], &v), GICV3_OK);
		assert_int_equal(gicv3_icc_write(g, 0, rw_keys[i], v), GICV3_OK);
	}
	for (size_t i = 0; i < sizeof(ro_keys) / sizeof(ro_keys[0]); i++) {
		assert_int_equal(gicv3_icc_read(g, 0, ro_keys[i], &v), GICV3_OK);
		assert_int_equal(gicv3_icc_write(g, 0, ro_keys[i], 0), GICV3_ENOENT);
	}
	for (size_t i = 0; i < sizeof(wo_keys) / sizeof(wo_keys[0]); i++) {
		assert_int_equal(gicv3_icc_read(g, 0, wo_keys[i], &v), GICV3_ENOENT);
		assert_int_equal(gicv3_icc_write(g, 0, wo_keys[i], 0), GICV3_OK);
	}
	/* Not GIC registers at all. */
	assert_int_equal(gicv3_icc_read(g, 0, SYS_CNTV_CTL_EL0, &v), GICV3_ENOENT);
	assert_int_equal(gicv3_icc_write(g, 0, ARCH_SYSREG(3, 0, 12, 12, 8 & 7) + 8, 0), GICV3_ENOENT);
	assert_int_equal(gicv3_icc_read(g, 0, 0, &v), GICV3_ENOENT);
	assert_int_equal(gicv3_icc_read(g, 0, 0xffffffffu, &v), GICV3_ENOENT);
	gicv3_destroy(g);
}

static void test_icc_fields(void **state)
{
	struct gicv3 *g = gicv3_create(1, 32);

	(void)state;
	/* 5 priority bits: the low 3 bits of PMR are RAZ/WI. */
	iw(g, 0, SYS_ICC_PMR_EL1, 0x1ff);
	assert_int_equal(ir(g, 0, SYS_ICC_PMR_EL1), 0xf8);
	/* What Linux probes: BIT(8 - PRIbits) reads back. */
	iw(g, 0, SYS_ICC_PMR_EL1, 0x08);
	assert_int_equal(ir(g, 0, SYS_ICC_PMR_EL1), 0x08);
	/* Binary points saturate at the minimum. */
	iw(g, 0, SYS_ICC_BPR1_EL1, 0);
	assert_int_equal(ir(g, 0, SYS_ICC_BPR1_EL1), 3);
	iw(g, 0, SYS_ICC_BPR1_EL1, 0xf6);
	assert_int_equal(ir(g, 0, SYS_ICC_BPR1_EL1), 6);
	iw(g, 0, SYS_ICC_BPR0_EL1, 1);
	assert_int_equal(ir(g, 0, SYS_ICC_BPR0_EL1), 2);
	iw(g, 0, SYS_ICC_BPR0_EL1, 7);
	/* CBPR: BPR1 reads as BPR0 + 1 saturated, writes ignored. */
	iw(g, 0, SYS_ICC_CTLR_EL1, ~0ull);
	assert_int_equal(ir(g, 0, SYS_ICC_CTLR_EL1), 0x48403);
	assert_int_equal(ir(g, 0, SYS_ICC_BPR1_EL1), 7);
	iw(g, 0, SYS_ICC_BPR0_EL1, 4);
	assert_int_equal(ir(g, 0, SYS_ICC_BPR1_EL1), 5);
	iw(g, 0, SYS_ICC_BPR1_EL1, 3);
	iw(g, 0, SYS_ICC_CTLR_EL1, 0);
	assert_int_equal(ir(g, 0, SYS_ICC_BPR1_EL1), 6);
	iw(g, 0, SYS_ICC_IGRPEN1_EL1, 0xff);
	assert_int_equal(ir(g, 0, SYS_ICC_IGRPEN1_EL1), 1);
	iw(g, 0, SYS_ICC_AP1R0_EL1, 0x123456789ull);
	assert_int_equal(ir(g, 0, SYS_ICC_AP1R0_EL1), 0x23456789);
	assert_int_equal(ir(g, 0, SYS_ICC_RPR_EL1), 0);	/* bit 0 active */
	iw(g, 0, SYS_ICC_AP1R1_EL1, 0xff);
	assert_int_equal(ir(g, 0, SYS_ICC_AP1R1_EL1), 0);
	gicv3_destroy(g);
}

static void test_sgi_target_list(void **state)
{
	struct gicv3 *g = setup(4, 32);

	(void)state;
	for (unsigned int c = 0; c < 4; c++)
		enable_private(g, c, 3, 0x80);
	/* CPU 0 sends SGI 3 to Aff0 1 and 3 in cluster 0.0.0. */
	iw(g, 0, SYS_ICC_SGI1R_EL1, ICC_SGI1R_EL1_INTID_PREP(3) | 0xa);
	assert_int_equal(rr(g, 0, SGI(GICR_ISPENDR0), 4), 0);
	assert_int_equal(rr(g, 1, SGI(GICR_ISPENDR0), 4), 8);
	assert_int_equal(rr(g, 2, SGI(GICR_ISPENDR0), 4), 0);
	assert_int_equal(rr(g, 3, SGI(GICR_ISPENDR0), 4), 8);
	assert_false(gicv3_irq_pending(g, 0));
	assert_true(gicv3_irq_pending(g, 1));
	assert_false(gicv3_irq_pending(g, 2));
	assert_true(gicv3_irq_pending(g, 3));

	assert_int_equal(ir(g, 1, SYS_ICC_HPPIR1_EL1), 3);
	assert_int_equal(ir(g, 1, SYS_ICC_IAR1_EL1), 3);
	assert_int_equal(rr(g, 1, SGI(GICR_ISPENDR0), 4), 0);
	assert_int_equal(rr(g, 1, SGI(GICR_ISACTIVER0), 4), 8);
	assert_int_equal(ir(g, 1, SYS_ICC_RPR_EL1), 0x80);
	assert_int_equal(ir(g, 1, SYS_ICC_AP1R0_EL1), 1u << 16);
	assert_false(gicv3_irq_pending(g, 1));
	assert_int_equal(ir(g, 1, SYS_ICC_IAR1_EL1), GICV3_SPURIOUS);
	iw(g, 1, SYS_ICC_EOIR1_EL1, 3);
	assert_int_equal(rr(g, 1, SGI(GICR_ISACTIVER0), 4), 0);
	assert_int_equal(ir(g, 1, SYS_ICC_RPR_EL1), 0xff);
	assert_int_equal(ir(g, 1, SYS_ICC_AP1R0_EL1), 0);
	assert_false(gicv3_irq_pending(g, 1));
	/* CPU 3 still has its copy. */
	assert_int_equal(ir(g, 3, SYS_ICC_IAR1_EL1), 3);

	/* A disabled SGI is pending but not signalled. */
	iw(g, 0, SYS_ICC_SGI1R_EL1, ICC_SGI1R_EL1_INTID_PREP(9) | 0x4);
	assert_int_equal(rr(g, 2, SGI(GICR_ISPENDR0), 4), 1u << 9);
	assert_false(gicv3_irq_pending(g, 2));
	assert_int_equal(ir(g, 2, SYS_ICC_IAR1_EL1), GICV3_SPURIOUS);
	rw(g, 2, SGI(GICR_ISENABLER0), 4, 1u << 9);
	assert_int_equal(rr(g, 2, SGI(GICR_ISENABLER0), 4), (1u << 9) | 8);
	assert_true(gicv3_irq_pending(g, 2));
	assert_int_equal(ir(g, 2, SYS_ICC_IAR1_EL1), 9);
	gicv3_destroy(g);
}

static void test_sgi_broadcast(void **state)
{
	struct gicv3 *g = setup(4, 32);

	(void)state;
	/* IRM = 1: every PE but the sender; target fields are ignored. */
	iw(g, 2, SYS_ICC_SGI1R_EL1, ICC_SGI1R_EL1_IRM_MASK | ICC_SGI1R_EL1_INTID_PREP(5) |
				  ICC_SGI1R_EL1_Aff1_PREP(7) | 0x1);
	assert_int_equal(rr(g, 0, SGI(GICR_ISPENDR0), 4), 0x20);
	assert_int_equal(rr(g, 1, SGI(GICR_ISPENDR0), 4), 0x20);
	assert_int_equal(rr(g, 2, SGI(GICR_ISPENDR0), 4), 0);
	assert_int_equal(rr(g, 3, SGI(GICR_ISPENDR0), 4), 0x20);
	gicv3_destroy(g);
}

static void test_sgi_affinity(void **state)
{
	struct gicv3 *g = setup(4, 32);

	(void)state;
	assert_int_equal(gicv3_set_cpu_affinity(g, 1, 0x11), GICV3_OK);		/* Aff0 17 */
	assert_int_equal(gicv3_set_cpu_affinity(g, 2, 0x100), GICV3_OK);		/* 0.0.1.0 */
	assert_int_equal(gicv3_set_cpu_affinity(g, 3, 0x8000000101ull), GICV3_OK);	/* 128.0.1.1 */
	assert_int_equal(rr(g, 3, GICR_TYPER, 8), 0x8000010100000310ull);
	assert_int_equal(rr(g, 1, GICR_TYPER + 4, 4), 0x11);
	/* RS = 1 selects Aff0 16..31: bit 1 is CPU 1 (Aff0 17). */
	iw(g, 0, SYS_ICC_SGI1R_EL1, ICC_SGI1R_EL1_RS_PREP(1) | ICC_SGI1R_EL1_INTID_PREP(1) | 0x2);
	assert_int_equal(rr(g, 1, SGI(GICR_ISPENDR0), 4), 2);
	assert_int_equal(rr(g, 0, SGI(GICR_ISPENDR0), 4), 0);
	/* Aff1 = 1 and bit 0: CPU 2 only (CPU 3 is in Aff3 128). */
	iw(g, 0, SYS_ICC_SGI1R_EL1, ICC_SGI1R_EL1_Aff1_PREP(1) | ICC_SGI1R_EL1_INTID_PREP(2) | 0x3);
	assert_int_equal(rr(g, 2, SGI(GICR_ISPENDR0), 4), 4);
	assert_int_equal(rr(g, 3, SGI(GICR_ISPENDR0), 4), 0);
	iw(g, 0, SYS_ICC_SGI1R_EL1, ICC_SGI1R_EL1_Aff3_PREP(128) | ICC_SGI1R_EL1_Aff1_PREP(1) |
				  ICC_SGI1R_EL1_INTID_PREP(15) | 0x2);
	assert_int_equal(rr(g, 3, SGI(GICR_ISPENDR0), 4), 0x8000);
	assert_int_equal(rr(g, 2, SGI(GICR_ISPENDR0), 4), 4);
	/* No CPU at these affinities: nothing happens. */
	iw(g, 0, SYS_ICC_SGI1R_EL1, ICC_SGI1R_EL1_Aff2_PREP(9) | ICC_SGI1R_EL1_INTID_PREP(4) | 0xffff);
	for (unsigned int c = 0; c < 4; c++)
		assert_int_equal(rr(g, c, SGI(GICR_ISPENDR0), 4) & 0x10, 0);
	gicv3_destroy(g);
}

static void test_sgi_groups(void **state)
{
	struct gicv3 *g = setup(2, 32);

	(void)state;
	/* SGI 4 on CPU 1 is Group 0: SGI1R does not reach it, SGI0R does. */
	rw(g, 1, SGI(GICR_IGROUPR0), 4, ~0x10u);
	enable_private(g, 1, 4, 0x40);
	iw(g, 0, SYS_ICC_SGI1R_EL1, ICC_SGI1R_EL1_INTID_PREP(4) | 0x2);
	assert_int_equal(rr(g, 1, SGI(GICR_ISPENDR0), 4), 0);
	iw(g, 0, SYS_ICC_SGI0R_EL1, ICC_SGI1R_EL1_INTID_PREP(4) | 0x2);
	assert_int_equal(rr(g, 1, SGI(GICR_ISPENDR0), 4), 0x10);
	/* Group 0 needs its distributor and CPU interface enables, and is a FIQ. */
	assert_false(gicv3_fiq_pending(g, 1));
	dw(g, GICD_CTLR, 4, 3);
	assert_int_equal(dr(g, GICD_CTLR, 4), 0x53);
	assert_false(gicv3_fiq_pending(g, 1));
	iw(g, 1, SYS_ICC_IGRPEN0_EL1, 1);
	assert_true(gicv3_fiq_pending(g, 1));
	assert_false(gicv3_irq_pending(g, 1));
	assert_int_equal(ir(g, 1, SYS_ICC_HPPIR1_EL1), GICV3_SPURIOUS);
	assert_int_equal(ir(g, 1, SYS_ICC_HPPIR0_EL1), 4);
	assert_int_equal(ir(g, 1, SYS_ICC_IAR1_EL1), GICV3_SPURIOUS);
	assert_int_equal(ir(g, 1, SYS_ICC_IAR0_EL1), 4);
	assert_int_equal(ir(g, 1, SYS_ICC_AP0R0_EL1), 1u << 8);
	assert_int_equal(ir(g, 1, SYS_ICC_RPR_EL1), 0x40);
	/* EOIR1 cannot drop a Group 0 priority. */
	iw(g, 1, SYS_ICC_EOIR1_EL1, 4);
	assert_int_equal(ir(g, 1, SYS_ICC_RPR_EL1), 0x40);
	iw(g, 1, SYS_ICC_EOIR0_EL1, 4);
	assert_int_equal(ir(g, 1, SYS_ICC_RPR_EL1), 0xff);
	assert_int_equal(rr(g, 1, SGI(GICR_ISACTIVER0), 4), 0);
	/* ASGI1R with a single Security state generates Group 0 SGIs. */
	iw(g, 0, SYS_ICC_ASGI1R_EL1, ICC_SGI1R_EL1_INTID_PREP(4) | 0x2);
	assert_int_equal(rr(g, 1, SGI(GICR_ISPENDR0), 4), 0x10);
	gicv3_destroy(g);
}

static void test_ppi_level(void **state)
{
	struct gicv3 *g = setup(2, 32);

	(void)state;
	enable_private(g, 1, 27, 0xa0);
	enable_private(g, 0, 27, 0xa0);
	assert_int_equal(gicv3_set_ppi_level(g, 1, 27, true), GICV3_OK);
	assert_int_equal(rr(g, 1, SGI(GICR_ISPENDR0), 4), 1u << 27);
	assert_int_equal(rr(g, 0, SGI(GICR_ISPENDR0), 4), 0);
	assert_true(gicv3_irq_pending(g, 1));
	assert_false(gicv3_irq_pending(g, 0));
	/* Acknowledged while the line is high: active and pending. */
	assert_int_equal(ir(g, 1, SYS_ICC_IAR1_EL1), 27);
	assert_int_equal(rr(g, 1, SGI(GICR_ISPENDR0), 4), 1u << 27);
	assert_int_equal(rr(g, 1, SGI(GICR_ISACTIVER0), 4), 1u << 27);
	assert_false(gicv3_irq_pending(g, 1));
	/* EOI with the line still high: pending again at once. */
	iw(g, 1, SYS_ICC_EOIR1_EL1, 27);
	assert_true(gicv3_irq_pending(g, 1));
	assert_int_equal(ir(g, 1, SYS_ICC_IAR1_EL1), 27);
	/* The device lowers its line before the EOI: nothing left. */
	assert_int_equal(gicv3_set_ppi_level(g, 1, 27, false), GICV3_OK);
	iw(g, 1, SYS_ICC_EOIR1_EL1, 27);
	assert_false(gicv3_irq_pending(g, 1));
	assert_int_equal(rr(g, 1, SGI(GICR_ISPENDR0), 4), 0);
	assert_int_equal(rr(g, 1, SGI(GICR_ISACTIVER0), 4), 0);
	/* A level pulse that is gone before the CPU looks leaves nothing. */
	gicv3_set_ppi_level(g, 1, 27, true);
	gicv3_set_ppi_level(g, 1, 27, false);
	assert_false(gicv3_irq_pending(g, 1));
	/* ICPENDR cannot clear a level interrupt whose line is high. */
	gicv3_set_ppi_level(g, 1, 27, true);
	rw(g, 1, SGI(GICR_ICPENDR0), 4, 1u << 27);
	assert_int_equal(rr(g, 1, SGI(GICR_ISPENDR0), 4), 1u << 27);
	gicv3_set_ppi_level(g, 1, 27, false);
	/* ISPENDR latches a level interrupt until it is acknowledged. */
	rw(g, 1, SGI(GICR_ISPENDR0), 4, 1u << 27);
	assert_true(gicv3_irq_pending(g, 1));
	assert_int_equal(ir(g, 1, SYS_ICC_IAR1_EL1), 27);
	iw(g, 1, SYS_ICC_EOIR1_EL1, 27);
	assert_false(gicv3_irq_pending(g, 1));
	gicv3_destroy(g);
}

static void test_ppi_edge_config(void **state)
{
	struct gicv3 *g = setup(1, 32);

	(void)state;
	/* PPI 20 edge-triggered: Int_config[1] of ICFGR1 field 4. */
	rw(g, 0, SGI(GICR_ICFGR1), 4, 0xffffffff);
	assert_int_equal(rr(g, 0, SGI(GICR_ICFGR1), 4), 0xaaaaaaaa);
	rw(g, 0, SGI(GICR_ICFGR1), 4, 2u << 8);
	assert_int_equal(rr(g, 0, SGI(GICR_ICFGR1), 4), 0x200);
	/* SGIs stay edge-triggered. */
	rw(g, 0, SGI(GICR_ICFGR0), 4, 0);
	assert_int_equal(rr(g, 0, SGI(GICR_ICFGR0), 4), 0xaaaaaaaa);
	enable_private(g, 0, 20, 0x10);
	gicv3_set_ppi_level(g, 0, 20, true);
	gicv3_set_ppi_level(g, 0, 20, false);
	assert_true(gicv3_irq_pending(g, 0));
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 20);
	assert_false(gicv3_irq_pending(g, 0));
	iw(g, 0, SYS_ICC_EOIR1_EL1, 20);
	assert_false(gicv3_irq_pending(g, 0));
	/* Holding an edge line high does not re-pend. */
	gicv3_set_ppi_level(g, 0, 20, true);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 20);
	iw(g, 0, SYS_ICC_EOIR1_EL1, 20);
	gicv3_set_ppi_level(g, 0, 20, true);
	assert_false(gicv3_irq_pending(g, 0));
	gicv3_destroy(g);
}

static void test_spi_routing(void **state)
{
	struct gicv3 *g = setup(2, 64);

	(void)state;
	enable_spi(g, 40, 0x50, 1);	/* to the CPU with affinity 0.0.0.1 */
	assert_int_equal(dr(g, GICD_ISENABLER + 4, 4), 1u << 8);
	assert_int_equal(dr(g, GICD_IROUTER + 8 * 40, 8), 1);
	/* Edge-triggered: Int_config[1] for INTID 40 is bit 17 of ICFGR2. */
	dw(g, GICD_ICFGR + 8, 4, 2u << 16);
	assert_int_equal(dr(g, GICD_ICFGR + 8, 4), 2u << 16);
	assert_int_equal(gicv3_set_spi_level(g, 40, true), GICV3_OK);
	assert_int_equal(gicv3_set_spi_level(g, 40, false), GICV3_OK);
	assert_int_equal(dr(g, GICD_ISPENDR + 4, 4), 1u << 8);
	assert_false(gicv3_irq_pending(g, 0));
	assert_true(gicv3_irq_pending(g, 1));
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), GICV3_SPURIOUS);
	assert_int_equal(ir(g, 1, SYS_ICC_IAR1_EL1), 40);
	assert_int_equal(dr(g, GICD_ISACTIVER + 4, 4), 1u << 8);
	/* A new edge while active: active and pending, taken after the EOI. */
	gicv3_set_spi_level(g, 40, true);
	assert_int_equal(dr(g, GICD_ISPENDR + 4, 4), 1u << 8);
	assert_false(gicv3_irq_pending(g, 1));
	iw(g, 1, SYS_ICC_EOIR1_EL1, 40);
	assert_true(gicv3_irq_pending(g, 1));
	/* Re-routing moves the pending SPI to CPU 0. */
	dw(g, GICD_IROUTER + 8 * 40, 8, 0);
	assert_true(gicv3_irq_pending(g, 0));
	assert_false(gicv3_irq_pending(g, 1));
	/* A route that names no CPU delivers nowhere, until a CPU takes that affinity. */
	dw(g, GICD_IROUTER + 8 * 40, 8, 0x0000000700000000ull | 0x030201);
	assert_false(gicv3_irq_pending(g, 0));
	assert_false(gicv3_irq_pending(g, 1));
	assert_int_equal(gicv3_set_cpu_affinity(g, 1, 0x0000000700030201ull), GICV3_OK);
	assert_true(gicv3_irq_pending(g, 1));
	/* IROUTER halves; IRM (1 of N) is RAZ/WI since GICD_TYPER.No1N = 1. */
	dw(g, GICD_IROUTER + 8 * 41, 4, 0x80000002);
	dw(g, GICD_IROUTER + 8 * 41 + 4, 4, 0xff000005);
	assert_int_equal(dr(g, GICD_IROUTER + 8 * 41, 8), 0x500000002ull);
	assert_int_equal(dr(g, GICD_IROUTER + 8 * 41 + 4, 4), 5);
	/* IROUTER of INTIDs 0-31 is reserved. */
	dw(g, GICD_IROUTER + 8 * 5, 8, 1);
	assert_int_equal(dr(g, GICD_IROUTER + 8 * 5, 8), 0);
	/* A level SPI by default. */
	enable_spi(g, 63, 0x20, 0);
	gicv3_set_spi_level(g, 63, true);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 63);
	iw(g, 0, SYS_ICC_EOIR1_EL1, 63);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 63);
	gicv3_destroy(g);
}

/* The SPI follows the affinities as they change; with duplicates the lowest CPU wins. */
static void test_spi_retarget(void **state)
{
	struct gicv3 *g = setup(3, 32);
	static const struct { unsigned int cpu; uint64_t mpidr; int target; } steps[] = {
		{ 2, 5, 2 }, { 1, 5, 1 }, { 1, 7, 2 }, { 2, 9, -1 }, { 0, 5, 0 }, { 0, 0, -1 },
	};

	(void)state;
	enable_spi(g, 32, 0x40, 5);
	gicv3_set_spi_level(g, 32, true);
	for (unsigned int c = 0; c < 3; c++)
		assert_false(gicv3_irq_pending(g, c));
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		assert_int_equal(gicv3_set_cpu_affinity(g, steps[i].cpu, steps[i].mpidr), GICV3_OK);
		for (unsigned int c = 0; c < 3; c++)
			assert_int_equal(gicv3_irq_pending(g, c), (int)c == steps[i].target);
	}
	gicv3_destroy(g);
}

static void test_dist_group_enable(void **state)
{
	struct gicv3 *g = setup(1, 32);

	(void)state;
	enable_spi(g, 32, 0x00, 0);
	gicv3_set_spi_level(g, 32, true);
	assert_true(gicv3_irq_pending(g, 0));
	dw(g, GICD_CTLR, 4, 0);
	assert_false(gicv3_irq_pending(g, 0));
	assert_int_equal(ir(g, 0, SYS_ICC_HPPIR1_EL1), GICV3_SPURIOUS);
	dw(g, GICD_CTLR, 4, 2);
	iw(g, 0, SYS_ICC_IGRPEN1_EL1, 0);
	assert_false(gicv3_irq_pending(g, 0));
	assert_int_equal(ir(g, 0, SYS_ICC_HPPIR1_EL1), GICV3_SPURIOUS);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), GICV3_SPURIOUS);
	iw(g, 0, SYS_ICC_IGRPEN1_EL1, 1);
	/* An SPI moved to Group 0 is no longer an IRQ. */
	dw(g, GICD_IGROUPR + 4, 4, 0);
	assert_false(gicv3_irq_pending(g, 0));
	gicv3_destroy(g);
}

static void test_pmr_masking(void **state)
{
	struct gicv3 *g = setup(1, 32);

	(void)state;
	enable_private(g, 0, 1, 0x80);
	rw(g, 0, SGI(GICR_ISPENDR0), 4, 2);
	/* Signalled only when the priority is strictly higher than PMR. */
	iw(g, 0, SYS_ICC_PMR_EL1, 0x80);
	assert_false(gicv3_irq_pending(g, 0));
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), GICV3_SPURIOUS);
	/* HPPIR1 is not masked by PMR. */
	assert_int_equal(ir(g, 0, SYS_ICC_HPPIR1_EL1), 1);
	iw(g, 0, SYS_ICC_PMR_EL1, 0x88);
	assert_true(gicv3_irq_pending(g, 0));
	iw(g, 0, SYS_ICC_PMR_EL1, 0);
	assert_false(gicv3_irq_pending(g, 0));
	iw(g, 0, SYS_ICC_PMR_EL1, 0xff);
	assert_int_equal(ir(g, 0, SYS_ICC_PMR_EL1), 0xf8);
	assert_true(gicv3_irq_pending(g, 0));
	gicv3_destroy(g);
}

static void test_preemption(void **state)
{
	struct gicv3 *g = setup(1, 32);

	(void)state;
	iw(g, 0, SYS_ICC_PMR_EL1, 0xf8);
	enable_private(g, 0, 1, 0xa0);
	enable_private(g, 0, 2, 0x80);
	enable_private(g, 0, 3, 0xa0);
	enable_private(g, 0, 4, 0x98);
	rw(g, 0, SGI(GICR_ISPENDR0), 4, 0x2);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 1);
	assert_int_equal(ir(g, 0, SYS_ICC_RPR_EL1), 0xa0);
	/* Same priority does not preempt. */
	rw(g, 0, SGI(GICR_ISPENDR0), 4, 0x8);
	assert_false(gicv3_irq_pending(g, 0));
	assert_int_equal(ir(g, 0, SYS_ICC_HPPIR1_EL1), 3);
	/* Higher priority does: nested. */
	rw(g, 0, SGI(GICR_ISPENDR0), 4, 0x4);
	assert_true(gicv3_irq_pending(g, 0));
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 2);
	assert_int_equal(ir(g, 0, SYS_ICC_RPR_EL1), 0x80);
	assert_int_equal(ir(g, 0, SYS_ICC_AP1R0_EL1), (1u << 20) | (1u << 16));
	assert_int_equal(rr(g, 0, SGI(GICR_ISACTIVER0), 4), 0x6);
	/* The first EOI drops the highest active priority (0x80). */
	iw(g, 0, SYS_ICC_EOIR1_EL1, 2);
	assert_int_equal(ir(g, 0, SYS_ICC_RPR_EL1), 0xa0);
	assert_int_equal(rr(g, 0, SGI(GICR_ISACTIVER0), 4), 0x2);
	assert_false(gicv3_irq_pending(g, 0));
	iw(g, 0, SYS_ICC_EOIR1_EL1, 1);
	assert_int_equal(ir(g, 0, SYS_ICC_RPR_EL1), 0xff);
	assert_true(gicv3_irq_pending(g, 0));
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 3);
	iw(g, 0, SYS_ICC_EOIR1_EL1, 3);

	/* Binary point: with BPR1 = 5 the group priority is bits [7:5]. */
	iw(g, 0, SYS_ICC_BPR1_EL1, 5);
	rw(g, 0, SGI(GICR_ISPENDR0), 4, 0x2);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 1);		/* 0xa0 -> group 0xa0 */
	assert_int_equal(ir(g, 0, SYS_ICC_AP1R0_EL1), 1u << 20);
	rw(g, 0, SGI(GICR_ISPENDR0), 4, 0x10);			/* 0x98 -> group 0x80 */
	assert_true(gicv3_irq_pending(g, 0));
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 4);
	assert_int_equal(ir(g, 0, SYS_ICC_RPR_EL1), 0x80);
	assert_int_equal(ir(g, 0, SYS_ICC_AP1R0_EL1), (1u << 20) | (1u << 16));
	/* 0x80 is in the same group (0x80) as the running one: no preemption. */
	rw(g, 0, SGI(GICR_ISPENDR0), 4, 0x4);
	assert_false(gicv3_irq_pending(g, 0));
	iw(g, 0, SYS_ICC_EOIR1_EL1, 4);
	assert_true(gicv3_irq_pending(g, 0));
	gicv3_destroy(g);
}

/* A binary point raised while an interrupt is active masks both sides of the compare. */
static void test_bpr_change_while_active(void **state)
{
	struct gicv3 *g = setup(1, 32);

	(void)state;
	iw(g, 0, SYS_ICC_PMR_EL1, 0xf8);
	enable_private(g, 0, 1, 0x90);
	enable_private(g, 0, 2, 0x88);
	enable_private(g, 0, 3, 0x70);
	rw(g, 0, SGI(GICR_ISPENDR0), 4, 0x2);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 1);
	assert_int_equal(ir(g, 0, SYS_ICC_RPR_EL1), 0x90);
	iw(g, 0, SYS_ICC_BPR1_EL1, 5);
	/* 0x88 and 0x90 share group priority 0x80 now. */
	rw(g, 0, SGI(GICR_ISPENDR0), 4, 0x4);
	assert_false(gicv3_irq_pending(g, 0));
	rw(g, 0, SGI(GICR_ISPENDR0), 4, 0x8);
	assert_true(gicv3_irq_pending(g, 0));
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 3);
	assert_int_equal(ir(g, 0, SYS_ICC_AP1R0_EL1), (1u << 18) | (1u << 12));
	gicv3_destroy(g);
}

static void test_priority_order(void **state)
{
	struct gicv3 *g = setup(1, 64);

	(void)state;
	iw(g, 0, SYS_ICC_PMR_EL1, 0xf8);
	enable_private(g, 0, 20, 0x60);
	enable_spi(g, 50, 0x40, 0);
	enable_spi(g, 45, 0x40, 0);
	gicv3_set_ppi_level(g, 0, 20, true);
	gicv3_set_spi_level(g, 50, true);
	gicv3_set_spi_level(g, 45, true);
	/* Highest priority first; a tie goes to the lower INTID. */
	assert_int_equal(ir(g, 0, SYS_ICC_HPPIR1_EL1), 45);
	iw(g, 0, SYS_ICC_CTLR_EL1, ICC_CTLR_EL1_EOImode_MASK);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 45);
	iw(g, 0, SYS_ICC_EOIR1_EL1, 45);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 50);
	iw(g, 0, SYS_ICC_EOIR1_EL1, 50);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 20);
	iw(g, 0, SYS_ICC_EOIR1_EL1, 20);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), GICV3_SPURIOUS);
	gicv3_destroy(g);
}

static void test_eoimode1(void **state)
{
	struct gicv3 *g = setup(1, 32);

	(void)state;
	iw(g, 0, SYS_ICC_CTLR_EL1, ICC_CTLR_EL1_EOImode_MASK);
	enable_private(g, 0, 27, 0x80);
	gicv3_set_ppi_level(g, 0, 27, true);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 27);
	/* EOIR only drops the priority; the interrupt stays active. */
	iw(g, 0, SYS_ICC_EOIR1_EL1, 27);
	assert_int_equal(ir(g, 0, SYS_ICC_RPR_EL1), 0xff);
	assert_int_equal(rr(g, 0, SGI(GICR_ISACTIVER0), 4), 1u << 27);
	assert_false(gicv3_irq_pending(g, 0));
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), GICV3_SPURIOUS);
	/* DIR deactivates; the line is still high, so it is taken again. */
	iw(g, 0, SYS_ICC_DIR_EL1, 27);
	assert_int_equal(rr(g, 0, SGI(GICR_ISACTIVER0), 4), 0);
	assert_true(gicv3_irq_pending(g, 0));
	/* With EOImode 0, DIR is ignored and EOIR also deactivates. */
	iw(g, 0, SYS_ICC_CTLR_EL1, 0);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 27);
	iw(g, 0, SYS_ICC_DIR_EL1, 27);
	assert_int_equal(rr(g, 0, SGI(GICR_ISACTIVER0), 4), 1u << 27);
	iw(g, 0, SYS_ICC_EOIR1_EL1, 27);
	assert_int_equal(rr(g, 0, SGI(GICR_ISACTIVER0), 4), 0);
	gicv3_destroy(g);
}

static void test_spurious_and_eoi_edges(void **state)
{
	struct gicv3 *g = setup(1, 32);

	(void)state;
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), GICV3_SPURIOUS);
	/* EOI with nothing active: ignored. */
	iw(g, 0, SYS_ICC_EOIR1_EL1, 7);
	assert_int_equal(ir(g, 0, SYS_ICC_RPR_EL1), 0xff);
	enable_private(g, 0, 7, 0x30);
	rw(g, 0, SGI(GICR_ISPENDR0), 4, 0x80);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 7);
	/* EOI of a special INTID (1020-1023) is ignored: no priority drop. */
	iw(g, 0, SYS_ICC_EOIR1_EL1, GICV3_SPURIOUS);
	assert_int_equal(ir(g, 0, SYS_ICC_RPR_EL1), 0x30);
	/* EOI of an INTID beyond the model is ignored too. */
	iw(g, 0, SYS_ICC_EOIR1_EL1, 900);
	assert_int_equal(ir(g, 0, SYS_ICC_RPR_EL1), 0x30);
	/* EOI of another INTID drops the priority and deactivates that INTID. */
	iw(g, 0, SYS_ICC_EOIR1_EL1, 8);
	assert_int_equal(ir(g, 0, SYS_ICC_RPR_EL1), 0xff);
	assert_int_equal(rr(g, 0, SGI(GICR_ISACTIVER0), 4), 0x80);
	rw(g, 0, SGI(GICR_ICACTIVER0), 4, 0x80);
	assert_int_equal(rr(g, 0, SGI(GICR_ISACTIVER0), 4), 0);
	/* ISACTIVER: an active interrupt is not signalled again. */
	rw(g, 0, SGI(GICR_ISACTIVER0), 4, 0x80);
	rw(g, 0, SGI(GICR_ISPENDR0), 4, 0x80);
	assert_false(gicv3_irq_pending(g, 0));
	rw(g, 0, SGI(GICR_ICACTIVER0), 4, 0x80);
	assert_true(gicv3_irq_pending(g, 0));
	rw(g, 0, SGI(GICR_ICPENDR0), 4, 0x80);
	assert_false(gicv3_irq_pending(g, 0));
	/* ICENABLER. */
	rw(g, 0, SGI(GICR_ICENABLER0), 4, 0x80);
	assert_int_equal(rr(g, 0, SGI(GICR_ICENABLER0), 4), 0);
	gicv3_destroy(g);
}

static void test_priority_regs(void **state)
{
	struct gicv3 *g = gicv3_create(2, 64);

	(void)state;
	dw(g, GICD_IPRIORITYR + 32, 4, 0xffa05f07);
	assert_int_equal(dr(g, GICD_IPRIORITYR + 32, 4), 0xf8a05800);
	assert_int_equal(dr(g, GICD_IPRIORITYR + 34, 1), 0xa0);
	dw(g, GICD_IPRIORITYR + 35, 1, 0x11);
	assert_int_equal(dr(g, GICD_IPRIORITYR + 32, 4), 0x10a05800);
	/* Halfword access to IPRIORITYR is not supported: RAZ/WI. */
	dw(g, GICD_IPRIORITYR + 32, 2, 0xffff);
	assert_int_equal(dr(g, GICD_IPRIORITYR + 32, 2), 0);
	assert_int_equal(dr(g, GICD_IPRIORITYR + 32, 4), 0x10a05800);
	/* Private priorities live in the redistributor. */
	dw(g, GICD_IPRIORITYR + 4, 4, 0x80808080);
	assert_int_equal(dr(g, GICD_IPRIORITYR + 4, 4), 0);
	rw(g, 1, SGI(GICR_IPRIORITYR + 28), 4, 0x12345678);
	assert_int_equal(rr(g, 1, SGI(GICR_IPRIORITYR + 28), 4), 0x10305078);
	assert_int_equal(rr(g, 1, SGI(GICR_IPRIORITYR + 31), 1), 0x10);
	assert_int_equal(rr(g, 0, SGI(GICR_IPRIORITYR + 28), 4), 0);
	/* SPIs past nr_spis: RAZ/WI. */
	dw(g, GICD_IPRIORITYR + 96, 4, 0xffffffff);
	assert_int_equal(dr(g, GICD_IPRIORITYR + 96, 4), 0);
	gicv3_destroy(g);
}

static void test_waker(void **state)
{
	struct gicv3 *g = gicv3_create(1, 32);

	(void)state;
	rw(g, 0, GICR_WAKER, 4, GICR_WAKER_ProcessorSleep_MASK);
	assert_int_equal(rr(g, 0, GICR_WAKER, 4), 6);
	rw(g, 0, GICR_WAKER, 4, 0);
	assert_int_equal(rr(g, 0, GICR_WAKER, 4), 0);
	/* Read-only and unimplemented registers ignore writes. */
	rw(g, 0, GICR_TYPER, 8, ~0ull);
	assert_int_equal(rr(g, 0, GICR_TYPER, 8), 0x10);
	rw(g, 0, GICR_CTLR, 4, 1);
	assert_int_equal(rr(g, 0, GICR_CTLR, 4), 0);
	rw(g, 0, GICR_PROPBASER, 8, ~0ull);
	assert_int_equal(rr(g, 0, GICR_PROPBASER, 8), 0);
	dw(g, GICD_TYPER, 4, 0);
	assert_int_equal(dr(g, GICD_TYPER, 4), 0x07480001);
	dw(g, GICD_CTLR, 4, ~0ull);
	assert_int_equal(dr(g, GICD_CTLR, 4), 0x53);
	gicv3_destroy(g);
}

static void test_bad_args(void **state)
{
	struct gicv3 *g = gicv3_create(2, 32);
	uint64_t v = 5;

	(void)state;
	assert_null(gicv3_create(0, 32));
	assert_null(gicv3_create(1, 33));
	assert_null(gicv3_create(1, 992));
	assert_null(gicv3_create(513, 0));
	assert_int_equal(gicv3_set_cpu_affinity(g, 2, 0), GICV3_EINVAL);
	assert_int_equal(gicv3_set_cpu_affinity(NULL, 0, 0), GICV3_EINVAL);
	assert_int_equal(gicv3_icc_read(g, 2, SYS_ICC_IAR1_EL1, &v), GICV3_EINVAL);
	assert_int_equal(gicv3_icc_write(g, 2, SYS_ICC_EOIR1_EL1, 0), GICV3_EINVAL);
	assert_int_equal(gicv3_icc_read(g, 0, SYS_ICC_IAR1_EL1, NULL), GICV3_EINVAL);
	assert_int_equal(gicv3_icc_read(NULL, 0, SYS_ICC_IAR1_EL1, &v), GICV3_EINVAL);
	assert_int_equal(gicv3_set_ppi_level(g, 2, 27, true), GICV3_EINVAL);
	assert_int_equal(gicv3_set_ppi_level(g, 0, 15, true), GICV3_EINVAL);
	assert_int_equal(gicv3_set_ppi_level(g, 0, 32, true), GICV3_EINVAL);
	assert_int_equal(gicv3_set_ppi_level(NULL, 0, 27, true), GICV3_EINVAL);
	assert_int_equal(gicv3_set_spi_level(g, 31, true), GICV3_EINVAL);
	assert_int_equal(gicv3_set_spi_level(g, 64, true), GICV3_EINVAL);
	assert_int_equal(gicv3_set_spi_level(g, 1023, true), GICV3_EINVAL);
	assert_int_equal(gicv3_set_spi_level(NULL, 32, true), GICV3_EINVAL);
	assert_false(gicv3_irq_pending(g, 2));
	assert_false(gicv3_irq_pending(NULL, 0));
	assert_false(gicv3_fiq_pending(g, 7));
	/* Access sizes other than 1, 2, 4, 8 are bad arguments. */
	assert_int_equal(gicv3_dist_read(g, 0, 3, &v), GICV3_EINVAL);
	assert_int_equal(v, 0);		/* a caller that ignores the error reads 0 */
	v = 5;
	assert_int_equal(gicv3_redist_read(g, 0, 16, &v), GICV3_EINVAL);
	assert_int_equal(v, 0);
	assert_int_equal(gicv3_dist_read(g, 0, 16, &v), GICV3_EINVAL);
	assert_int_equal(gicv3_dist_read(g, 0, 0, &v), GICV3_EINVAL);
	assert_int_equal(gicv3_dist_write(g, 0, 3, 0), GICV3_EINVAL);
	assert_int_equal(gicv3_redist_read(g, 0, 5, &v), GICV3_EINVAL);
	assert_int_equal(gicv3_redist_write(g, 0, 6, 0), GICV3_EINVAL);
	assert_int_equal(gicv3_dist_read(g, 0, 4, NULL), GICV3_EINVAL);
	assert_int_equal(gicv3_redist_read(g, 0, 4, NULL), GICV3_EINVAL);
	assert_int_equal(gicv3_dist_read(NULL, 0, 4, &v), GICV3_EINVAL);
	assert_int_equal(gicv3_redist_write(NULL, 0, 4, 0), GICV3_EINVAL);
	/* Unaligned, wrong-size and out-of-range accesses: RAZ/WI. */
	assert_int_equal(dr(g, GICD_TYPER + 1, 2), 0);
	assert_int_equal(dr(g, GICD_TYPER, 2), 0);
	assert_int_equal(dr(g, GICD_TYPER, 1), 0);
	assert_int_equal(dr(g, GICD_CTLR, 8), 0);
	assert_int_equal(dr(g, GICV3_DIST_SIZE, 4), 0);
	assert_int_equal(dr(g, UINT64_MAX - 3, 4), 0);
	dw(g, GICD_ISENABLER + 4, 2, 0xffff);
	dw(g, GICD_ISENABLER + 5, 1, 0xff);
	assert_int_equal(dr(g, GICD_ISENABLER + 4, 4), 0);
	dw(g, GICD_IROUTER + 8 * 32 + 2, 2, 1);
	assert_int_equal(dr(g, GICD_IROUTER + 8 * 32, 8), 0);
	assert_int_equal(rr(g, 0, GICR_TYPER + 2, 2), 0);
	assert_int_equal(rr(g, 0, GICR_TYPER + 4, 8), 0);
	assert_int_equal(rr(g, 0, SGI(GICR_ISENABLER0 + 4), 4), 0);
	assert_int_equal(rr(g, 100000, 0, 4), 0);
	rw(g, 0, SGI(GICR_ISENABLER0), 8, ~0ull);
	assert_int_equal(rr(g, 0, SGI(GICR_ISENABLER0), 4), 0);
	assert_string_equal(gicv3_strerror(GICV3_OK), "success");
	assert_string_equal(gicv3_strerror(GICV3_EINVAL), "invalid argument (cpu, INTID or access size)");
	assert_string_equal(gicv3_strerror(GICV3_ENOENT), "not a register of the GICv3 model");
	assert_string_equal(gicv3_strerror(GICV3_ENOMEM), "out of memory");
	assert_string_equal(gicv3_strerror(-4), "unknown GICv3 error");
	assert_string_equal(gicv3_strerror(1), "unknown GICv3 error");
	gicv3_destroy(NULL);
	gicv3_reset(NULL);
	assert_int_equal(gicv3_state_size(NULL), 0);
	gicv3_destroy(g);
}

/* A busy state: something of every kind set. */
static struct gicv3 *busy_gic(void)
{
	struct gicv3 *g = setup(2, 64);

	gicv3_set_cpu_affinity(g, 1, 0x0000000300000105ull);
	enable_private(g, 0, 27, 0x80);
	enable_private(g, 1, 3, 0x40);
	enable_spi(g, 33, 0x20, 0x0000000300000105ull);
	enable_spi(g, 60, 0x90, 0);
	dw(g, GICD_ICFGR + 12, 4, 2u << 24);
	gicv3_set_ppi_level(g, 0, 27, true);
	gicv3_set_spi_level(g, 33, true);
	gicv3_set_spi_level(g, 60, true);
	iw(g, 0, SYS_ICC_SGI1R_EL1, ICC_SGI1R_EL1_IRM_MASK | ICC_SGI1R_EL1_INTID_PREP(3));
	iw(g, 1, SYS_ICC_BPR1_EL1, 4);
	iw(g, 1, SYS_ICC_CTLR_EL1, 2);
	assert_int_equal(ir(g, 1, SYS_ICC_IAR1_EL1), 33);
	rw(g, 1, GICR_WAKER, 4, 2);
	return g;
}

static void test_state_round_trip(void **state)
{
	struct gicv3 *g = busy_gic(), *h = gicv3_create(2, 64);
	size_t n = gicv3_state_size(g);
	uint8_t *a = malloc(n), *b = malloc(n);

	(void)state;
	/* 20 header + 2 banks x 24 + 64 prio + 64 x 8 routes + 2 CPUs x 76. */
	assert_int_equal(n, 796);
	assert_int_equal(gicv3_state_size(h), 796);
	{
		struct gicv3 *small = gicv3_create(1, 0), *big = gicv3_create(8, 960);

		assert_int_equal(gicv3_state_size(small), 20 + 76);
		assert_int_equal(gicv3_state_size(big), 20 + 30 * 24 + 960 + 960 * 8 + 8 * 76);
		gicv3_destroy(small);
		gicv3_destroy(big);
	}
	assert_int_equal(gicv3_state_save(g, a, n), GICV3_OK);
	assert_memory_equal(a, "VGI3\x01\0\0\0\x02\0\0\0\x40\0\0\0\x02\0\0\0", 20);
	assert_int_equal(gicv3_set_cpu_affinity(h, 1, 0x0000000300000105ull), GICV3_OK);
	assert_int_equal(gicv3_state_load(h, a, n), GICV3_OK);
	assert_int_equal(gicv3_state_save(h, b, n), GICV3_OK);
	assert_memory_equal(a, b, n);
	/* The restored model behaves as the original. */
	assert_int_equal(rr(h, 1, GICR_TYPER, 8), 0x0300010500000110ull);
	assert_int_equal(rr(h, 1, GICR_WAKER, 4), 6);
	assert_int_equal(ir(h, 1, SYS_ICC_CTLR_EL1), 0x48402);
	assert_int_equal(ir(h, 1, SYS_ICC_RPR_EL1), 0x20);
	assert_int_equal(dr(h, GICD_ISACTIVER + 4, 4), 2);
	for (unsigned int c = 0; c < 2; c++)
		assert_int_equal(gicv3_irq_pending(h, c), gicv3_irq_pending(g, c));
	assert_int_equal(ir(h, 0, SYS_ICC_IAR1_EL1), ir(g, 0, SYS_ICC_IAR1_EL1));
	assert_int_equal(ir(h, 0, SYS_ICC_IAR1_EL1), ir(g, 0, SYS_ICC_IAR1_EL1));
	assert_int_equal(ir(h, 1, SYS_ICC_IAR1_EL1), ir(g, 1, SYS_ICC_IAR1_EL1));
	/* Routing is resolved from the loaded IROUTER and affinities. */
	iw(h, 1, SYS_ICC_EOIR1_EL1, 33);
	iw(h, 1, SYS_ICC_DIR_EL1, 33);
	assert_int_equal(ir(h, 1, SYS_ICC_IAR1_EL1), 33);
	free(a);
	free(b);
	gicv3_destroy(g);
	gicv3_destroy(h);
}

static void test_state_bad_images(void **state)
{
	struct gicv3 *g = busy_gic(), *h = gicv3_create(2, 64), *other = gicv3_create(3, 64);
	size_t n = gicv3_state_size(g);
	uint8_t *img = malloc(n), *before = malloc(n), *after = malloc(n);
	/* Byte offsets of single fields in the 2-CPU, 64-SPI layout. */
	static const struct { size_t off; uint8_t val; } bad[] = {
		{ 0, 'X' },		/* magic */
		{ 4, 2 },		/* version */
		{ 8, 3 },		/* nr_cpus */
		{ 12, 32 },		/* nr_spis */
		{ 16, 0x10 },		/* GICD_CTLR bit outside the enables */
		{ 68, 0x07 },		/* SPI 32 priority low bits */
		{ 132 + 7, 0x80 },	/* IROUTER high reserved bits */
		{ 644 + 4, 2 },		/* CPU 0 sleep not a bool */
		{ 644 + 5 + 20, 0 },	/* CPU 0 edge: SGIs must stay edge */
		{ 644 + 61, 0x01 },	/* CPU 0 PMR low bits */
		{ 644 + 62, 1 },	/* CPU 0 BPR0 below minimum */
		{ 644 + 63, 8 },	/* CPU 0 BPR1 above 7 */
		{ 644 + 64, 3 },	/* CPU 0 EOImode not a bool */
	};

	(void)state;
	assert_int_equal(gicv3_state_save(g, img, n), GICV3_OK);
	assert_int_equal(gicv3_state_save(h, before, n), GICV3_OK);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t keep = img[bad[i].off];

		img[bad[i].off] = bad[i].val;
		assert_int_equal(gicv3_state_load(h, img, n), GICV3_EINVAL);
		img[bad[i].off] = keep;
		/* Nothing of the rejected image reached the model. */
		assert_int_equal(gicv3_state_save(h, after, n), GICV3_OK);
		assert_memory_equal(before, after, n);
	}
	assert_int_equal(gicv3_state_load(h, img, n - 1), GICV3_EINVAL);
	assert_int_equal(gicv3_state_load(h, img, n + 1), GICV3_EINVAL);
	assert_int_equal(gicv3_state_load(h, NULL, n), GICV3_EINVAL);
	assert_int_equal(gicv3_state_load(other, img, n), GICV3_EINVAL);
	assert_int_equal(gicv3_state_save(g, img, n - 1), GICV3_EINVAL);
	assert_int_equal(gicv3_state_save(g, NULL, n), GICV3_EINVAL);
	assert_int_equal(gicv3_state_load(h, img, n), GICV3_OK);
	free(img);
	free(before);
	free(after);
	gicv3_destroy(g);
	gicv3_destroy(h);
	gicv3_destroy(other);
}

static void test_reset(void **state)
{
	struct gicv3 *g = busy_gic(), *fresh = gicv3_create(2, 64);
	size_t n = gicv3_state_size(g);
	uint8_t *a = malloc(n), *b = malloc(n);

	(void)state;
	gicv3_set_cpu_affinity(fresh, 1, 0x0000000300000105ull);
	gicv3_reset(g);
	/* The input lines are still high: level-sensitive, so pending. */
	assert_int_equal(dr(g, GICD_ISPENDR + 4, 4), (1u << 1) | (1u << 28));
	assert_int_equal(rr(g, 0, SGI(GICR_ISPENDR0), 4), 1u << 27);
	assert_int_equal(dr(g, GICD_ISACTIVER + 4, 4), 0);
	assert_false(gicv3_irq_pending(g, 0));	/* nothing enabled after reset */
	/* Once the devices lower them, the state is that of a fresh GIC. */
	gicv3_set_ppi_level(g, 0, 27, false);
	gicv3_set_spi_level(g, 33, false);
	gicv3_set_spi_level(g, 60, false);
	assert_int_equal(gicv3_state_save(g, a, n), GICV3_OK);
	assert_int_equal(gicv3_state_save(fresh, b, n), GICV3_OK);
	assert_memory_equal(a, b, n);
	assert_int_equal(rr(g, 1, GICR_TYPER, 8), 0x0300010500000110ull);
	free(a);
	free(b);
	gicv3_destroy(g);
	gicv3_destroy(fresh);
}

/* The sequence a GICv3 driver runs (Linux irq-gic-v3 and the guest runtime), then a timer tick. */
static void test_driver_sequence(void **state)
{
	struct gicv3 *g = gicv3_create(2, 64);
	uint64_t v;

	(void)state;
	dw(g, GICD_CTLR, 4, 0);
	assert_int_equal(dr(g, GICD_CTLR, 4) & GICD_CTLR_RWP_MASK, 0);
	v = dr(g, GICD_TYPER, 4);
	assert_int_equal(32 * (GICD_TYPER_ITLinesNumber_GET(v) + 1) - 32, 64);
	for (unsigned int i = 32; i < 96; i += 32) {
		dw(g, GICD_ICENABLER + i / 8, 4, 0xffffffff);
		dw(g, GICD_ICPENDR + i / 8, 4, 0xffffffff);
		dw(g, GICD_ICACTIVER + i / 8, 4, 0xffffffff);
		dw(g, GICD_IGROUPR + i / 8, 4, 0xffffffff);
	}
	for (unsigned int i = 32; i < 96; i += 4)
		dw(g, GICD_IPRIORITYR + i, 4, 0xa0a0a0a0);
	for (unsigned int i = 32; i < 96; i += 16)
		dw(g, GICD_ICFGR + i / 4, 4, 0);
	dw(g, GICD_CTLR, 4, GICD_CTLR_ARE_MASK | GICD_CTLR_EnableGrp1_MASK | GICD_CTLR_EnableGrp0_MASK);
	assert_int_equal(dr(g, GICD_CTLR, 4), 0x53);
	for (unsigned int i = 32; i < 96; i++)
		dw(g, GICD_IROUTER + 8 * i, 8, 0);
	for (unsigned int c = 0; c < 2; c++) {
		/* Walk the frames until GICR_TYPER.Last, as the driver does. */
		v = rr(g, c, GICR_TYPER, 8);
		assert_int_equal(GICR_TYPER_Affinity_Value_GET(v), c);
		assert_int_equal(GICR_TYPER_Last_GET(v), c == 1);
		v = rr(g, c, GICR_WAKER, 4);
		rw(g, c, GICR_WAKER, 4, v & ~GICR_WAKER_ProcessorSleep_MASK);
		assert_int_equal(rr(g, c, GICR_WAKER, 4) & GICR_WAKER_ChildrenAsleep_MASK, 0);
		rw(g, c, SGI(GICR_ICACTIVER0), 4, 0xffffffff);
		rw(g, c, SGI(GICR_ICENABLER0), 4, 0xffff0000);
		rw(g, c, SGI(GICR_ISENABLER0), 4, 0x0000ffff);
		rw(g, c, SGI(GICR_IGROUPR0), 4, 0xffffffff);
		for (unsigned int i = 0; i < 32; i += 4)
			rw(g, c, SGI(GICR_IPRIORITYR + i), 4, 0xa0a0a0a0);
		/* The CPU interface: SRE, Linux's group 0 probe, PMR, BPR, EOImode, enable. */
		iw(g, c, SYS_ICC_SRE_EL1, ir(g, c, SYS_ICC_SRE_EL1) | ICC_SRE_EL1_SRE_MASK);
		assert_int_equal(ir(g, c, SYS_ICC_SRE_EL1) & ICC_SRE_EL1_SRE_MASK, 1);
		iw(g, c, SYS_ICC_PMR_EL1, 1u << (8 - (ICC_CTLR_EL1_PRIbits_GET(ir(g, c, SYS_ICC_CTLR_EL1)) + 1)));
		assert_int_equal(ir(g, c, SYS_ICC_PMR_EL1), 0x08);
		iw(g, c, SYS_ICC_PMR_EL1, 0xf0);
		iw(g, c, SYS_ICC_BPR1_EL1, 0);
		iw(g, c, SYS_ICC_CTLR_EL1, ir(g, c, SYS_ICC_CTLR_EL1) & ~ICC_CTLR_EL1_EOImode_MASK);
		iw(g, c, SYS_ICC_AP0R0_EL1, 0);
		iw(g, c, SYS_ICC_AP1R0_EL1, 0);
		iw(g, c, SYS_ICC_IGRPEN1_EL1, 1);
	}
	/* The kernel enables the virtual timer PPI on CPU 1; the line rises. */
	rw(g, 1, SGI(GICR_ISENABLER0), 4, 1u << 27);
	gicv3_set_ppi_level(g, 1, 27, true);
	assert_false(gicv3_irq_pending(g, 0));
	assert_true(gicv3_irq_pending(g, 1));
	assert_int_equal(ir(g, 1, SYS_ICC_IAR1_EL1), 27);
	assert_int_equal(ir(g, 1, SYS_ICC_RPR_EL1), 0xa0);
	/* The handler reprograms the timer (line falls), then EOIs. */
	gicv3_set_ppi_level(g, 1, 27, false);
	iw(g, 1, SYS_ICC_EOIR1_EL1, 27);
	assert_false(gicv3_irq_pending(g, 1));
	assert_int_equal(rr(g, 1, SGI(GICR_ISACTIVER0), 4), 0);
	/* An IPI from CPU 1 to CPU 0 (SGI 1, Aff0 0). */
	iw(g, 1, SYS_ICC_SGI1R_EL1, ICC_SGI1R_EL1_INTID_PREP(1) | 1);
	assert_true(gicv3_irq_pending(g, 0));
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 1);
	iw(g, 0, SYS_ICC_EOIR1_EL1, 1);
	assert_false(gicv3_irq_pending(g, 0));
	/* The UART's SPI (INTID 33), level, routed to CPU 0. */
	dw(g, GICD_ISENABLER + 4, 4, 2);
	gicv3_set_spi_level(g, 33, true);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), 33);
	gicv3_set_spi_level(g, 33, false);
	iw(g, 0, SYS_ICC_EOIR1_EL1, 33);
	assert_int_equal(ir(g, 0, SYS_ICC_IAR1_EL1), GICV3_SPURIOUS);
	gicv3_destroy(g);
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Seeded random guest and device activity: no crash, sane registers, same bytes twice. */
static unsigned int random_run(struct gicv3 *g, uint64_t seed, unsigned int steps)
{
	static const uint32_t keys[] = {
		SYS_ICC_PMR_EL1, SYS_ICC_IAR0_EL1, SYS_ICC_EOIR0_EL1, SYS_ICC_HPPIR0_EL1,
		SYS_ICC_BPR0_EL1, SYS_ICC_AP0R0_EL1, SYS_ICC_AP1R0_EL1, SYS_ICC_DIR_EL1,
		SYS_ICC_RPR_EL1, SYS_ICC_SGI1R_EL1, SYS_ICC_ASGI1R_EL1, SYS_ICC_SGI0R_EL1,
		SYS_ICC_IAR1_EL1, SYS_ICC_EOIR1_EL1, SYS_ICC_HPPIR1_EL1, SYS_ICC_BPR1_EL1,
		SYS_ICC_CTLR_EL1, SYS_ICC_SRE_EL1, SYS_ICC_IGRPEN0_EL1, SYS_ICC_IGRPEN1_EL1,
	};
	static const unsigned int lens[] = { 1, 2, 4, 8, 4, 4, 3 };
	uint64_t s = seed, v;
	unsigned int acks = 0;

	for (unsigned int i = 0; i < steps; i++) {
		uint64_t r = xorshift(&s), x = xorshift(&s);
		unsigned int cpu = (unsigned int)(r >> 8) % 3;	/* one past the last CPU too */
		unsigned int len = lens[(r >> 16) % 7];
		uint64_t off;

		switch (r % 8) {
		case 0:
			off = (x >> 40) % 0x10400;
			gicv3_dist_read(g, off & ~(uint64_t)((r >> 20) & 3), len, &v);
			break;
		case 1:
			off = (x >> 40) % 0x10400;
			/* Mostly the interesting registers, sometimes anywhere. */
			if ((r >> 24) & 1)
				off = (off % 0xd00) & ~3ull;
			gicv3_dist_write(g, off, len, x);
			break;
		case 2:
			off = (x >> 32) % (3 * GICV3_REDIST_STRIDE);
			gicv3_redist_read(g, off, len, &v);
			break;
		case 3:
			off = (x >> 32) % (3 * GICV3_REDIST_STRIDE);
			if ((r >> 24) & 1)
				off = (off / GICV3_REDIST_STRIDE) * GICV3_REDIST_STRIDE +
				      GICR_SGI_BASE + ((off % 0xd00) & ~3ull);
			gicv3_redist_write(g, off, len, x);
			break;
		case 4:
			if (gicv3_icc_read(g, cpu, keys[x % 20], &v) == GICV3_OK &&
			    (keys[x % 20] == SYS_ICC_IAR1_EL1 || keys[x % 20] == SYS_ICC_IAR0_EL1) &&
			    v != GICV3_SPURIOUS) {
				acks++;
				/* Mostly a well-behaved handler: EOI (and DIR) what it took. */
				if ((x >> 62) != 0) {
					gicv3_icc_write(g, cpu, keys[x % 20] == SYS_ICC_IAR1_EL1 ?
							SYS_ICC_EOIR1_EL1 : SYS_ICC_EOIR0_EL1, v);
					gicv3_icc_write(g, cpu, SYS_ICC_DIR_EL1, v);
				}
			}
			break;
		case 5: {
			uint32_t key = keys[x % 20];

			v = (r & 1) ? x >> 8 : (x >> 8) % 100;
			/* Rarely block everything (all AP bits set, groups off). */
			if ((x >> 60) != 0 && (key == SYS_ICC_AP0R0_EL1 || key == SYS_ICC_AP1R0_EL1))
				v = 0;
			if ((x >> 60) != 0 && key == SYS_ICC_IGRPEN1_EL1)
				v = 1;
			if ((x >> 60) != 0 && key == SYS_ICC_PMR_EL1)
				v = 0xf8;
			gicv3_icc_write(g, cpu, key, v);
			break;
		}
		case 6:
			gicv3_set_ppi_level(g, cpu, (unsigned int)(x % 40), (x >> 8) & 1);
			gicv3_set_spi_level(g, (unsigned int)((x >> 16) % 120), (x >> 24) & 1);
			break;
		default:
			for (unsigned int c = 0; c < 2; c++) {
				uint64_t rpr = ir(g, c, SYS_ICC_RPR_EL1);
				uint64_t h = ir(g, c, SYS_ICC_HPPIR1_EL1);

				assert_true(rpr == 0xff || (rpr % 8 == 0 && rpr <= 0xf8));
				assert_true(h == GICV3_SPURIOUS || h < 96);
				if (gicv3_irq_pending(g, c))
					assert_true(h < 96);
			}
			break;
		}
	}
	return acks;
}

/* Start from a booted machine: everything enabled, priorities spread out. */
static struct gicv3 *random_gic(void)
{
	struct gicv3 *g = setup(2, 64);

	for (unsigned int c = 0; c < 2; c++) {
		rw(g, c, SGI(GICR_ISENABLER0), 4, 0xffffffff);
		for (unsigned int i = 0; i < 32; i++)
			enable_private(g, c, i, (uint8_t)(i * 8));
	}
	for (unsigned int i = 32; i < 96; i++)
		enable_spi(g, i, (uint8_t)(i * 24), i & 1);
	return g;
}

static void test_random_activity(void **state)
{
	struct gicv3 *a = random_gic(), *b = random_gic();
	size_t n = gicv3_state_size(a);
	uint8_t *ia = malloc(n), *ib = malloc(n);

	(void)state;
	unsigned int acks = random_run(a, 0x9e3779b97f4a7c15ull, 200000);

	/* The exact count pins the model's behaviour: it changes only with its semantics. */
	assert_int_equal(acks, 348);
	assert_int_equal(random_run(b, 0x9e3779b97f4a7c15ull, 200000), acks);
	assert_int_equal(gicv3_state_save(a, ia, n), GICV3_OK);
	assert_int_equal(gicv3_state_save(b, ib, n), GICV3_OK);
	assert_memory_equal(ia, ib, n);
	/* Whatever state the guest reached is a valid image. */
	assert_int_equal(gicv3_state_load(b, ia, n), GICV3_OK);
	gicv3_destroy(a);
	gicv3_destroy(b);
	free(ia);
	free(ib);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dist_reset),
		cmocka_unit_test(test_redist_reset),
		cmocka_unit_test(test_icc_reset),
		cmocka_unit_test(test_icc_table),
		cmocka_unit_test(test_icc_fields),
		cmocka_unit_test(test_sgi_target_list),
		cmocka_unit_test(test_sgi_broadcast),
		cmocka_unit_test(test_sgi_affinity),
		cmocka_unit_test(test_sgi_groups),
		cmocka_unit_test(test_ppi_level),
		cmocka_unit_test(test_ppi_edge_config),
		cmocka_unit_test(test_spi_routing),
		cmocka_unit_test(test_spi_retarget),
		cmocka_unit_test(test_dist_group_enable),
		cmocka_unit_test(test_pmr_masking),
		cmocka_unit_test(test_preemption),
		cmocka_unit_test(test_bpr_change_while_active),
		cmocka_unit_test(test_priority_order),
		cmocka_unit_test(test_eoimode1),
		cmocka_unit_test(test_spurious_and_eoi_edges),
		cmocka_unit_test(test_priority_regs),
		cmocka_unit_test(test_waker),
		cmocka_unit_test(test_bad_args),
		cmocka_unit_test(test_state_round_trip),
		cmocka_unit_test(test_state_bad_images),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_driver_sequence),
		cmocka_unit_test(test_random_activity),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
