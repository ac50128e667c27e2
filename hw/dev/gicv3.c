// SPDX-License-Identifier: GPL-2.0-only
/*
 * GICv3 model (Arm IHI 0069): distributor, one redistributor and one CPU
 * interface per CPU, a single Security state (GICD_CTLR.DS = 1, affinity
 * routing always on). No LPIs, no ITS, no extended INTID ranges.
 *
 * The state of 32 interrupts lives in one bank of bitmaps, so finding the
 * highest-priority pending interrupt is a scan of words, not of INTIDs.
 * Pending is "latched | (line & level-sensitive)": a level line keeps an
 * interrupt pending while it is high, an edge latches (IHI 0069, the interrupt state machine).
 *
 * Priorities have 5 implemented bits (ICC_CTLR_EL1.PRIbits = 4), as KVM's
 * vgic offers, so one active-priority register per group (AP0R0, AP1R0)
 * holds all 32 preemption levels.
 */
#include "hw/gicv3.h"

#include <stdlib.h>
#include <string.h>

#include "arch/sysreg.h"

#define GIC_PRIO_BITS		5u
#define GIC_PRIO_MASK		((uint8_t)(0xffu << (8 - GIC_PRIO_BITS)))	/* 0xf8 */
#define GIC_IDLE_PRIO		0xffu
#define GIC_BPR0_MIN		(7u - GIC_PRIO_BITS)	/* 2: group priority = bits [7:3] */
#define GIC_BPR1_MIN		(GIC_BPR0_MIN + 1u)
#define GIC_MAX_CPUS		512u
#define GIC_MAX_SPIS		960u	/* largest multiple of 32 below 988 */
#define GIC_MAX_SPI_BANKS	(GIC_MAX_SPIS / 32u)
#define GIC_SGI_EDGE		0x0000ffffu	/* SGIs are always edge-triggered */
#define GIC_NR_SGIS		16u

/* IIDR: implementer Arm (JEP106 0x43b), product 'V' for vspe, r0p0. */
#define GIC_IIDR_VALUE		(GIC_IIDR_ProductID_PREP(0x56) | GIC_IIDR_Implementer_PREP(0x43b))
/* PIDR2.ArchRev = 3 (GICv3), JEDEC = 1, DES_1 = 3: the ID bytes Linux checks. */
#define GIC_PIDR2_VALUE		(GIC_PIDR2_ArchRev_PREP(3) | GIC_PIDR2_JEDEC_PREP(1) | \
				 GIC_PIDR2_DES_1_PREP(3))

/* INTIDs are grouped 32 to a bank: one bit of each word per interrupt. */
struct gic_bank {
	uint32_t group;		/* 1 = Group 1 */
	uint32_t enable;
	uint32_t pend;		/* latched pending (edge, ISPENDR, SGI) */
	uint32_t active;
	uint32_t level;		/* the input line */
	uint32_t edge;		/* 1 = edge-triggered (ICFGR Int_config[1]) */
};

struct gic_cpu {
	struct gic_bank priv;		/* SGIs and PPIs, in the redistributor */
	uint8_t prio[GIC_NR_PRIVATE];
	uint32_t aff;			/* Aff3.Aff2.Aff1.Aff0, as GICR_TYPER[63:32] */
	bool sleep;			/* GICR_WAKER.ProcessorSleep */
	/* CPU interface */
	uint8_t pmr, bpr0, bpr1;
	bool eoimode, cbpr, grpen[2];
	uint32_t apr[2];		/* ICC_AP0R0_EL1, ICC_AP1R0_EL1 */
};

struct gicv3 {
	unsigned int nr_cpus, nr_spis;
	uint32_t ctlr;			/* EnableGrp0 / EnableGrp1 only */
	struct gic_bank spi[GIC_MAX_SPI_BANKS];
	uint8_t spi_prio[GIC_MAX_SPIS];
	uint64_t spi_route[GIC_MAX_SPIS];	/* GICD_IROUTER<n> */
	int16_t spi_target[GIC_MAX_SPIS];	/* CPU the route names, or -1 */
	struct gic_cpu cpu[];
};

static const char *const gicv3_errs[] = {
	[0] = "success",
	[1] = "invalid argument (cpu, INTID or access size)",
	[2] = "not a register of the GICv3 model",
	[3] = "out of memory",
};

const char *gicv3_strerror(int err)
{
	if (err > 0 || err < GICV3_ENOMEM)
		return "unknown GICv3 error";
	return gicv3_errs[-err];
}

static unsigned int gic_ctz(uint32_t v)
{
	return (unsigned int)__builtin_ctz(v);
}

static size_t gic_alloc_size(unsigned int nr_cpus)
{
	return sizeof(struct gicv3) + (size_t)nr_cpus * sizeof(struct gic_cpu);
}

static uint32_t gic_mpidr_to_aff(uint64_t mpidr)
{
	/* MPIDR_EL1: Aff0 [7:0], Aff1 [15:8], Aff2 [23:16], Aff3 [39:32]. */
	return (uint32_t)(mpidr & 0xffffffu) | (uint32_t)(((mpidr >> 32) & 0xffu) << 24);
}

static uint32_t gic_route_to_aff(uint64_t route)
{
	return (uint32_t)(GICD_IROUTER_Aff0_GET(route) | GICD_IROUTER_Aff1_GET(route) << 8 |
			  GICD_IROUTER_Aff2_GET(route) << 16 | GICD_IROUTER_Aff3_GET(route) << 24);
}

static int16_t gic_aff_to_cpu(const struct gicv3 *gic, uint32_t aff)
{
	for (unsigned int i = 0; i < gic->nr_cpus; i++)
		if (gic->cpu[i].aff == aff)
			return (int16_t)i;
	return -1;
}

static void gic_update_targets(struct gicv3 *gic)
{
	for (unsigned int i = 0; i < gic->nr_spis; i++)
		gic->spi_target[i] = gic_aff_to_cpu(gic, gic_route_to_aff(gic->spi_route[i]));
}

static void gic_cpu_reset(struct gic_cpu *c, unsigned int index)
{
	*c = (struct gic_cpu){ 0 };
	/* Group 1 for every interrupt, as KVM's vgic-v3 resets them. */
	c->priv.group = ~0u;
	c->priv.edge = GIC_SGI_EDGE;
	c->aff = index;
	c->pmr = 0;
	c->bpr0 = GIC_BPR0_MIN;
	c->bpr1 = GIC_BPR1_MIN;
}

void gicv3_reset(struct gicv3 *gic)
{
	if (!gic)
		return;
	gic->ctlr = 0;
	/* Input lines are driven by the devices, not by the GIC: they survive. */
	for (unsigned int b = 0; b < GIC_MAX_SPI_BANKS; b++)
		gic->spi[b] = (struct gic_bank){ .group = ~0u, .level = gic->spi[b].level };
	memset(gic->spi_prio, 0, sizeof(gic->spi_prio));
	memset(gic->spi_route, 0, sizeof(gic->spi_route));
	for (unsigned int i = 0; i < gic->nr_cpus; i++) {
		uint32_t aff = gic->cpu[i].aff, level = gic->cpu[i].priv.level;

		gic_cpu_reset(&gic->cpu[i], i);
		gic->cpu[i].aff = aff;	/* affinity is wiring, not state */
		gic->cpu[i].priv.level = level;
	}
	gic_update_targets(gic);
}

struct gicv3 *gicv3_create(unsigned int nr_cpus, unsigned int nr_spis)
{
	struct gicv3 *gic;

	if (nr_cpus == 0 || nr_cpus > GIC_MAX_CPUS || nr_spis % 32 || nr_spis > GIC_MAX_SPIS)
		return NULL;
	gic = calloc(1, gic_alloc_size(nr_cpus));
	if (!gic)
		return NULL;
	gic->nr_cpus = nr_cpus;
	gic->nr_spis = nr_spis;
	for (unsigned int i = 0; i < nr_cpus; i++)
		gic->cpu[i].aff = i;
	gicv3_reset(gic);
	return gic;
}

void gicv3_destroy(struct gicv3 *gic)
{
	free(gic);
}

int gicv3_set_cpu_affinity(struct gicv3 *gic, unsigned int cpu, uint64_t mpidr)
{
	uint32_t aff;

	if (!gic || cpu >= gic->nr_cpus)
		return GICV3_EINVAL;
	aff = gic_mpidr_to_aff(mpidr);
	gic->cpu[cpu].aff = aff;
	/*
	 * Only SPIs that went to this CPU, or whose route names its new
	 * affinity, can change target: O(SPIs), not O(SPIs x CPUs).
	 */
	for (unsigned int i = 0; i < gic->nr_spis; i++) {
		uint32_t route = gic_route_to_aff(gic->spi_route[i]);

		if (gic->spi_target[i] == (int16_t)cpu || route == aff)
			gic->spi_target[i] = gic_aff_to_cpu(gic, route);
	}
	return GICV3_OK;
}

/* ---- interrupt state ---------------------------------------------------- */

static bool gic_intid_valid(const struct gicv3 *gic, uint32_t intid)
{
	return intid < GIC_NR_PRIVATE + gic->nr_spis;
}

/* The bank holding intid as seen by cpu; intid must be valid. */
static struct gic_bank *gic_bank_of(struct gicv3 *gic, unsigned int cpu, uint32_t intid)
{
	if (intid < GIC_NR_PRIVATE)
		return &gic->cpu[cpu].priv;
	return &gic->spi[(intid - GIC_NR_PRIVATE) / 32];
}

static uint32_t gic_bank_pending(const struct gic_bank *b)
{
	return b->pend | (b->level & ~b->edge);
}

static void gic_line_set(struct gic_bank *b, uint32_t bit, bool level)
{
	/* A rising edge latches an edge-triggered interrupt (IHI 0069, level and edge). */
	if (level && !(b->level & bit) && (b->edge & bit))
		b->pend |= bit;
	if (level)
		b->level |= bit;
	else
		b->level &= ~bit;
}

int gicv3_set_ppi_level(struct gicv3 *gic, unsigned int cpu, unsigned int intid, bool level)
{
	if (!gic || cpu >= gic->nr_cpus || intid < GIC_NR_SGIS || intid >= GIC_NR_PRIVATE)
		return GICV3_EINVAL;
	gic_line_set(&gic->cpu[cpu].priv, 1u << intid, level);
	return GICV3_OK;
}

int gicv3_set_spi_level(struct gicv3 *gic, unsigned int intid, bool level)
{
	if (!gic || intid < GIC_NR_PRIVATE || !gic_intid_valid(gic, intid))
		return GICV3_EINVAL;
	gic_line_set(gic_bank_of(gic, 0, intid), 1u << (intid % 32), level);
	return GICV3_OK;
}

/* ---- the CPU interface's view ------------------------------------------ */

struct gic_hppi {
	uint32_t intid;		/* GICV3_SPURIOUS when nothing is pending */
	unsigned int prio;
	unsigned int grp;
};

/* Pending, enabled, not active interrupts whose group the distributor enables. */
static uint32_t gic_bank_candidates(const struct gicv3 *gic, const struct gic_bank *b)
{
	uint32_t grp = 0;

	if (gic->ctlr & GICD_CTLR_EnableGrp1_MASK)
		grp |= b->group;
	if (gic->ctlr & GICD_CTLR_EnableGrp0_MASK)
		grp |= ~b->group;
	return gic_bank_pending(b) & b->enable & ~b->active & grp;
}

/*
 * The highest-priority pending interrupt for cpu (IHI 0069, prioritization); equal
 * priorities go to the lowest INTID, a deterministic choice.
 */
static struct gic_hppi gic_hppi(const struct gicv3 *gic, unsigned int cpu)
{
	const struct gic_cpu *c = &gic->cpu[cpu];
	struct gic_hppi best = { GICV3_SPURIOUS, 0x100, 0 };
	uint32_t cand = gic_bank_candidates(gic, &c->priv);

	while (cand) {
		unsigned int bit = gic_ctz(cand);

		cand &= cand - 1;
		if (c->prio[bit] < best.prio) {
			best.intid = bit;
			best.prio = c->prio[bit];
			best.grp = (c->priv.group >> bit) & 1u;
		}
	}
	for (unsigned int b = 0; b < gic->nr_spis / 32; b++) {
		const struct gic_bank *bank = &gic->spi[b];

		cand = gic_bank_candidates(gic, bank);
		while (cand) {
			unsigned int bit = gic_ctz(cand);
			unsigned int n = b * 32 + bit;

			cand &= cand - 1;
			if (gic->spi_target[n] != (int16_t)cpu || gic->spi_prio[n] >= best.prio)
				continue;
			best.intid = GIC_NR_PRIVATE + n;
			best.prio = gic->spi_prio[n];
			best.grp = (bank->group >> bit) & 1u;
		}
	}
	return best;
}

/* Group priority mask from the binary point (IHI 0069, priority grouping; ICC_BPR0/1_EL1). */
static unsigned int gic_gprio_mask(const struct gic_cpu *c, unsigned int grp)
{
	unsigned int bpr = c->bpr0;

	if (grp == 1 && !c->cbpr)
		bpr = c->bpr1 - 1u;
	return (0xffu << (bpr + 1u)) & 0xffu;
}

/* Running priority: the highest active group priority, or idle (ICC_RPR_EL1). */
static unsigned int gic_running_prio(const struct gic_cpu *c)
{
	uint32_t ap = c->apr[0] | c->apr[1];

	return ap ? gic_ctz(ap) << (8 - GIC_PRIO_BITS) : GIC_IDLE_PRIO;
}

static bool gic_can_signal(const struct gic_cpu *c, const struct gic_hppi *h)
{
	unsigned int mask = gic_gprio_mask(c, h->grp);

	if (h->intid == GICV3_SPURIOUS || !c->grpen[h->grp])
		return false;
	/*
	 * Unmasked by PMR, and preempting the running priority: only group
	 * priorities count, subpriorities never preempt (IHI 0069, preemption).
	 */
	return h->prio < c->pmr && (h->prio & mask) < (gic_running_prio(c) & mask);
}

bool gicv3_irq_pending(const struct gicv3 *gic, unsigned int cpu)
{
	struct gic_hppi h;

	if (!gic || cpu >= gic->nr_cpus)
		return false;
	h = gic_hppi(gic, cpu);
	/* With DS = 1, Group 0 is signalled as FIQ and Group 1 as IRQ. */
	return h.grp == 1 && gic_can_signal(&gic->cpu[cpu], &h);
}

bool gicv3_fiq_pending(const struct gicv3 *gic, unsigned int cpu)
{
	struct gic_hppi h;

	if (!gic || cpu >= gic->nr_cpus)
		return false;
	h = gic_hppi(gic, cpu);
	return h.grp == 0 && gic_can_signal(&gic->cpu[cpu], &h);
}

/* ICC_IAR{0,1}_EL1: acknowledge, making the interrupt active (IHI 0069, ICC_IAR1_EL1). */
static uint32_t gic_ack(struct gicv3 *gic, unsigned int cpu, unsigned int grp)
{
	struct gic_cpu *c = &gic->cpu[cpu];
	struct gic_hppi h = gic_hppi(gic, cpu);
	struct gic_bank *b;
	uint32_t bit;

	if (h.grp != grp || !gic_can_signal(c, &h))
		return GICV3_SPURIOUS;
	b = gic_bank_of(gic, cpu, h.intid);
	bit = 1u << (h.intid % 32);
	b->pend &= ~bit;	/* a level line still high keeps it pending */
	b->active |= bit;
	c->apr[grp] |= 1u << ((h.prio & gic_gprio_mask(c, grp)) >> (8 - GIC_PRIO_BITS));
	return h.intid;
}

static uint32_t gic_hppir(const struct gicv3 *gic, unsigned int cpu, unsigned int grp)
{
	struct gic_hppi h = gic_hppi(gic, cpu);

	/*
	 * HPPIR ignores PMR and the running priority, but not the group nor its
	 * CPU interface enable (IHI 0069 ICC_HPPIR1_EL1).
	 */
	if (h.intid == GICV3_SPURIOUS || h.grp != grp || !gic->cpu[cpu].grpen[grp])
		return GICV3_SPURIOUS;
	return h.intid;
}

static void gic_deactivate(struct gicv3 *gic, unsigned int cpu, uint32_t intid)
{
	if (gic_intid_valid(gic, intid))
		gic_bank_of(gic, cpu, intid)->active &= ~(1u << (intid % 32));
}

/*
 * ICC_EOIR{0,1}_EL1: drop the highest active priority, if it belongs to this
 * group, and with EOImode 0 also deactivate the INTID (IHI 0069,
 * ICC_EOIR1_EL1 and ICC_CTLR_EL1.EOImode).
 */
static void gic_eoi(struct gicv3 *gic, unsigned int cpu, unsigned int grp, uint32_t intid)
{
	struct gic_cpu *c = &gic->cpu[cpu];
	uint32_t ap = c->apr[0] | c->apr[1];
	uint32_t top;

	/*
	 * Special INTIDs (1020-1023) are ignored; an INTID the model lacks was
	 * never acknowledged (UNPREDICTABLE): ignored too, as QEMU does.
	 */
	if (!gic_intid_valid(gic, intid) || !ap)
		return;
	top = ap & -ap;
	if (!(c->apr[grp] & top))
		return;
	c->apr[grp] &= ~top;
	if (!c->eoimode)
		gic_deactivate(gic, cpu, intid);
}

static void gic_dir(struct gicv3 *gic, unsigned int cpu, uint32_t intid)
{
	/* With EOImode 0 a DIR write is UNPREDICTABLE; the model ignores it. */
	if (gic->cpu[cpu].eoimode && intid < GIC_INTID_SPECIAL)
		gic_deactivate(gic, cpu, intid);
}

/*
 * ICC_SGI{0,1}R_EL1 / ICC_ASGI1R_EL1: make an SGI pending on each target whose
 * copy of that SGI is in the requested group (IHI 0069 ICC_SGI1R_EL1; with DS = 1
 * ASGI1R requests Group 0).
 */
static void gic_sgi(struct gicv3 *gic, unsigned int cpu, uint64_t val, unsigned int grp)
{
	uint32_t bit = 1u << ICC_SGI1R_EL1_INTID_GET(val);
	uint32_t upper = (uint32_t)(ICC_SGI1R_EL1_Aff1_GET(val) << 8 |
				    ICC_SGI1R_EL1_Aff2_GET(val) << 16 |
				    ICC_SGI1R_EL1_Aff3_GET(val) << 24);
	unsigned int base = (unsigned int)ICC_SGI1R_EL1_RS_GET(val) * 16u;
	uint32_t list = (uint32_t)ICC_SGI1R_EL1_TargetList_GET(val);
	bool irm = ICC_SGI1R_EL1_IRM_GET(val);

	for (unsigned int t = 0; t < gic->nr_cpus; t++) {
		struct gic_cpu *c = &gic->cpu[t];

		if (irm) {
			if (t == cpu)
				continue;
		} else {
			unsigned int aff0 = c->aff & 0xffu;

			if ((c->aff & ~0xffu) != upper || aff0 < base || aff0 >= base + 16 ||
			    !(list & (1u << (aff0 - base))))
				continue;
		}
		if (((c->priv.group & bit) != 0) == (grp == 1))
			c->priv.pend |= bit;
	}
}

/* ---- ICC_* system registers: one row per register ---------------------- */

typedef int (*gic_icc_read_fn)(struct gicv3 *gic, unsigned int cpu, uint64_t *val);
typedef void (*gic_icc_write_fn)(struct gicv3 *gic, unsigned int cpu, uint64_t val);

struct gic_icc_reg {
	uint32_t key;
	gic_icc_read_fn read;		/* NULL: write-only, a read UNDEFs */
	gic_icc_write_fn write;		/* NULL: read-only, a write UNDEFs */
};

static int icc_pmr_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	*val = gic->cpu[cpu].pmr;
	return GICV3_OK;
}

static void icc_pmr_write(struct gicv3 *gic, unsigned int cpu, uint64_t val)
{
	gic->cpu[cpu].pmr = (uint8_t)(val & GIC_PRIO_MASK);
}

static int icc_iar0_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	*val = gic_ack(gic, cpu, 0);
	return GICV3_OK;
}

static int icc_iar1_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	*val = gic_ack(gic, cpu, 1);
	return GICV3_OK;
}

static void icc_eoir0_write(struct gicv3 *gic, unsigned int cpu, uint64_t val)
{
	gic_eoi(gic, cpu, 0, (uint32_t)ICC_EOIR0_EL1_INTID_GET(val));
}

static void icc_eoir1_write(struct gicv3 *gic, unsigned int cpu, uint64_t val)
{
	gic_eoi(gic, cpu, 1, (uint32_t)ICC_EOIR1_EL1_INTID_GET(val));
}

static int icc_hppir0_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	*val = gic_hppir(gic, cpu, 0);
	return GICV3_OK;
}

static int icc_hppir1_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	*val = gic_hppir(gic, cpu, 1);
	return GICV3_OK;
}

static int icc_bpr0_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	*val = gic->cpu[cpu].bpr0;
	return GICV3_OK;
}

static void icc_bpr0_write(struct gicv3 *gic, unsigned int cpu, uint64_t val)
{
	unsigned int v = (unsigned int)ICC_BPR0_EL1_BinaryPoint_GET(val);

	/* Values below the minimum read back as the minimum (ICC_BPR0_EL1). */
	gic->cpu[cpu].bpr0 = (uint8_t)(v < GIC_BPR0_MIN ? GIC_BPR0_MIN : v);
}

static int icc_bpr1_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	const struct gic_cpu *c = &gic->cpu[cpu];

	/* With CBPR set, BPR1 reads as BPR0 + 1, saturated (ICC_BPR1_EL1). */
	if (c->cbpr)
		*val = c->bpr0 + 1u > 7u ? 7u : c->bpr0 + 1u;
	else
		*val = c->bpr1;
	return GICV3_OK;
}

static void icc_bpr1_write(struct gicv3 *gic, unsigned int cpu, uint64_t val)
{
	struct gic_cpu *c = &gic->cpu[cpu];
	unsigned int v = (unsigned int)ICC_BPR1_EL1_BinaryPoint_GET(val);

	if (c->cbpr)
		return;
	c->bpr1 = (uint8_t)(v < GIC_BPR1_MIN ? GIC_BPR1_MIN : v);
}

static int icc_ap0r0_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	*val = gic->cpu[cpu].apr[0];
	return GICV3_OK;
}

static void icc_ap0r0_write(struct gicv3 *gic, unsigned int cpu, uint64_t val)
{
	gic->cpu[cpu].apr[0] = (uint32_t)ICC_AP0R0_EL1_P_GET(val);
}

static int icc_ap1r0_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	*val = gic->cpu[cpu].apr[1];
	return GICV3_OK;
}

static void icc_ap1r0_write(struct gicv3 *gic, unsigned int cpu, uint64_t val)
{
	gic->cpu[cpu].apr[1] = (uint32_t)ICC_AP1R0_EL1_P_GET(val);
}

/* AP{0,1}R{1,2,3}: only needed above 5 preemption bits; RAZ/WI here. */
static int icc_raz_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	(void)gic;
	(void)cpu;
	*val = 0;
	return GICV3_OK;
}

static void icc_wi_write(struct gicv3 *gic, unsigned int cpu, uint64_t val)
{
	(void)gic;
	(void)cpu;
	(void)val;
}

static void icc_dir_write(struct gicv3 *gic, unsigned int cpu, uint64_t val)
{
	gic_dir(gic, cpu, (uint32_t)ICC_DIR_EL1_INTID_GET(val));
}

static int icc_rpr_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	*val = gic_running_prio(&gic->cpu[cpu]);
	return GICV3_OK;
}

static void icc_sgi1r_write(struct gicv3 *gic, unsigned int cpu, uint64_t val)
{
	gic_sgi(gic, cpu, val, 1);
}

static void icc_sgi0r_write(struct gicv3 *gic, unsigned int cpu, uint64_t val)
{
	gic_sgi(gic, cpu, val, 0);
}

#define GIC_ICC_CTLR_FIXED	(ICC_CTLR_EL1_RSS_MASK | ICC_CTLR_EL1_A3V_MASK | \
				 ICC_CTLR_EL1_PRIbits_PREP(GIC_PRIO_BITS - 1) | \
				 ICC_CTLR_EL1_IDbits_PREP(0))

static int icc_ctlr_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	const struct gic_cpu *c = &gic->cpu[cpu];

	*val = GIC_ICC_CTLR_FIXED | ICC_CTLR_EL1_EOImode_PREP(c->eoimode) |
	       ICC_CTLR_EL1_CBPR_PREP(c->cbpr);
	return GICV3_OK;
}

static void icc_ctlr_write(struct gicv3 *gic, unsigned int cpu, uint64_t val)
{
	gic->cpu[cpu].eoimode = ICC_CTLR_EL1_EOImode_GET(val);
	gic->cpu[cpu].cbpr = ICC_CTLR_EL1_CBPR_GET(val);
}

static int icc_sre_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	(void)gic;
	(void)cpu;
	/* System-register interface only; IRQ/FIQ bypass disabled (RAO/WI). */
	*val = ICC_SRE_EL1_SRE_MASK | ICC_SRE_EL1_DFB_MASK | ICC_SRE_EL1_DIB_MASK;
	return GICV3_OK;
}

static int icc_igrpen0_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	*val = gic->cpu[cpu].grpen[0];
	return GICV3_OK;
}

static void icc_igrpen0_write(struct gicv3 *gic, unsigned int cpu, uint64_t val)
{
	gic->cpu[cpu].grpen[0] = ICC_IGRPEN0_EL1_Enable_GET(val);
}

static int icc_igrpen1_read(struct gicv3 *gic, unsigned int cpu, uint64_t *val)
{
	*val = gic->cpu[cpu].grpen[1];
	return GICV3_OK;
}

static void icc_igrpen1_write(struct gicv3 *gic, unsigned int cpu, uint64_t val)
{
	gic->cpu[cpu].grpen[1] = ICC_IGRPEN1_EL1_Enable_GET(val);
}

/* Sorted by key. */
static const struct gic_icc_reg gic_icc_regs[] = {
	{ SYS_ICC_PMR_EL1, icc_pmr_read, icc_pmr_write },
	{ SYS_ICC_IAR0_EL1, icc_iar0_read, NULL },
	{ SYS_ICC_EOIR0_EL1, NULL, icc_eoir0_write },
	{ SYS_ICC_HPPIR0_EL1, icc_hppir0_read, NULL },
	{ SYS_ICC_BPR0_EL1, icc_bpr0_read, icc_bpr0_write },
	{ SYS_ICC_AP0R0_EL1, icc_ap0r0_read, icc_ap0r0_write },
	{ SYS_ICC_AP0R1_EL1, icc_raz_read, icc_wi_write },
	{ SYS_ICC_AP0R2_EL1, icc_raz_read, icc_wi_write },
	{ SYS_ICC_AP0R3_EL1, icc_raz_read, icc_wi_write },
	{ SYS_ICC_AP1R0_EL1, icc_ap1r0_read, icc_ap1r0_write },
	{ SYS_ICC_AP1R1_EL1, icc_raz_read, icc_wi_write },
	{ SYS_ICC_AP1R2_EL1, icc_raz_read, icc_wi_write },
	{ SYS_ICC_AP1R3_EL1, icc_raz_read, icc_wi_write },
	{ SYS_ICC_DIR_EL1, NULL, icc_dir_write },
	{ SYS_ICC_RPR_EL1, icc_rpr_read, NULL },
	{ SYS_ICC_SGI1R_EL1, NULL, icc_sgi1r_write },
	{ SYS_ICC_ASGI1R_EL1, NULL, icc_sgi0r_write },
	{ SYS_ICC_SGI0R_EL1, NULL, icc_sgi0r_write },
	{ SYS_ICC_IAR1_EL1, icc_iar1_read, NULL },
	{ SYS_ICC_EOIR1_EL1, NULL, icc_eoir1_write },
	{ SYS_ICC_HPPIR1_EL1, icc_hppir1_read, NULL },
	{ SYS_ICC_BPR1_EL1, icc_bpr1_read, icc_bpr1_write },
	{ SYS_ICC_CTLR_EL1, icc_ctlr_read, icc_ctlr_write },
	{ SYS_ICC_SRE_EL1, icc_sre_read, icc_wi_write },
	{ SYS_ICC_IGRPEN0_EL1, icc_igrpen0_read, icc_igrpen0_write },
	{ SYS_ICC_IGRPEN1_EL1, icc_igrpen1_read, icc_igrpen1_write },
};

static const struct gic_icc_reg *gic_icc_find(uint32_t key)
{
	size_t lo = 0, hi = sizeof(gic_icc_regs) / sizeof(gic_icc_regs[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (gic_icc_regs[mid].key == key)
			return &gic_icc_regs[mid];
		if (gic_icc_regs[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int gicv3_icc_read(struct gicv3 *gic, unsigned int cpu, uint32_t key, uint64_t *val)
{
	const struct gic_icc_reg *r;

	if (!gic || !val || cpu >= gic->nr_cpus)
		return GICV3_EINVAL;
	r = gic_icc_find(key);
	if (!r || !r->read)
		return GICV3_ENOENT;
	return r->read(gic, cpu, val);
}

int gicv3_icc_write(struct gicv3 *gic, unsigned int cpu, uint32_t key, uint64_t val)
{
	const struct gic_icc_reg *r;

	if (!gic || cpu >= gic->nr_cpus)
		return GICV3_EINVAL;
	r = gic_icc_find(key);
	if (!r || !r->write)
		return GICV3_ENOENT;
	r->write(gic, cpu, val);
	return GICV3_OK;
}

/* ---- MMIO: shared pieces ------------------------------------------------ */

/* The seven bitmap registers, 0x80 bytes apart from IGROUPR at 0x80. */
enum gic_breg {
	GIC_IGROUPR, GIC_ISENABLER, GIC_ICENABLER, GIC_ISPENDR,
	GIC_ICPENDR, GIC_ISACTIVER, GIC_ICACTIVER,
};

static uint32_t gic_bank_read(const struct gic_bank *b, enum gic_breg r)
{
	switch (r) {
	case GIC_IGROUPR:
		return b->group;
	case GIC_ISENABLER:
	case GIC_ICENABLER:
		return b->enable;
	case GIC_ISPENDR:
	case GIC_ICPENDR:
		return gic_bank_pending(b);
	case GIC_ISACTIVER:
	case GIC_ICACTIVER:
		return b->active;
	}
	return 0;
}

static void gic_bank_write(struct gic_bank *b, enum gic_breg r, uint32_t v)
{
	switch (r) {
	case GIC_IGROUPR:
		b->group = v;
		break;
	case GIC_ISENABLER:
		b->enable |= v;
		break;
	case GIC_ICENABLER:
		b->enable &= ~v;
		break;
	case GIC_ISPENDR:
		b->pend |= v;
		break;
	case GIC_ICPENDR:
		/* A level line that is still high keeps the interrupt pending. */
		b->pend &= ~v;
		break;
	case GIC_ISACTIVER:
		b->active |= v;
		break;
	case GIC_ICACTIVER:
		b->active &= ~v;
		break;
	}
}

/* ICFGR: 2 bits per INTID, Int_config[1] = 1 for edge-triggered. */
static uint32_t gic_cfg_read(uint32_t edge16)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < 16; i++)
		if (edge16 & (1u << i))
			v |= 2u << (2 * i);
	return v;
}

static uint32_t gic_cfg_edges(uint32_t cfg)
{
	uint32_t e = 0;

	for (unsigned int i = 0; i < 16; i++)
		if (cfg & (2u << (2 * i)))
			e |= 1u << i;
	return e;
}

/* PIDR4..7, PIDR0..3, CIDR0..3 at 0xffd0..0xfffc. */
static uint32_t gic_id_reg(uint64_t off, uint32_t pidr0)
{
	static const uint32_t ids[12] = {
		0x44, 0, 0, 0, 0, 0xb4, GIC_PIDR2_VALUE, 0, 0x0d, 0xf0, 0x05, 0xb1,
	};
	unsigned int i = (unsigned int)((off - GICD_PIDR4) / 4);

	return i == 4 ? pidr0 : ids[i];
}

static bool gic_len_ok(unsigned int len)
{
	return len == 1 || len == 2 || len == 4 || len == 8;
}

/* 8-byte registers also take 4-byte accesses to either half. */
static uint64_t gic_read64(uint64_t reg, uint64_t off, unsigned int len)
{
	if (len == 8)
		return reg;
	return (off & 4) ? reg >> 32 : reg & 0xffffffffu;
}

static uint64_t gic_write64(uint64_t reg, uint64_t off, unsigned int len, uint64_t val)
{
	if (len == 8)
		return val;
	if (off & 4)
		return (reg & 0xffffffffu) | (val << 32);
	return (reg & ~0xffffffffull) | (val & 0xffffffffu);
}

/* ---- distributor -------------------------------------------------------- */

#define GIC_RANGE(off, base, size)	((off) >= (base) && (off) < (base) + (size))

static uint32_t gicd_typer(const struct gicv3 *gic)
{
	unsigned int cpus = gic->nr_cpus - 1 > 7 ? 7 : gic->nr_cpus - 1;

	/* 10 INTID bits (no LPIs), Aff3 and RS supported, no 1-of-N routing. */
	return (uint32_t)(GICD_TYPER_RSS_MASK | GICD_TYPER_No1N_MASK | GICD_TYPER_A3V_MASK |
			  GICD_TYPER_IDbits_PREP(9) | GICD_TYPER_CPUNumber_PREP(cpus) |
			  GICD_TYPER_ITLinesNumber_PREP((GIC_NR_PRIVATE + gic->nr_spis) / 32 - 1));
}

/* The SPI bank of distributor word n (INTIDs 32n..32n+31), or NULL (RAZ/WI). */
static struct gic_bank *gicd_bank(struct gicv3 *gic, unsigned int n)
{
	if (n == 0 || n > gic->nr_spis / 32)
		return NULL;	/* SGIs and PPIs live in the redistributor (ARE = 1) */
	return &gic->spi[n - 1];
}

static bool gicd_spi(const struct gicv3 *gic, uint64_t intid)
{
	return intid >= GIC_NR_PRIVATE && intid < GIC_NR_PRIVATE + gic->nr_spis;
}

static uint64_t gicd_read(struct gicv3 *gic, uint64_t off, unsigned int len)
{
	if (GIC_RANGE(off, GICD_IPRIORITYR, 0x400) && (len == 1 || len == 4)) {
		uint64_t v = 0;

		for (unsigned int i = 0; i < len; i++) {
			uint64_t intid = off - GICD_IPRIORITYR + i;

			if (gicd_spi(gic, intid))
				v |= (uint64_t)gic->spi_prio[intid - GIC_NR_PRIVATE] << (8 * i);
		}
		return v;
	}
	if (GIC_RANGE(off, GICD_IROUTER, 0x2000) && (len == 8 || len == 4)) {
		uint64_t intid = (off - GICD_IROUTER) / 8;

		if (!gicd_spi(gic, intid))
			return 0;
		return gic_read64(gic->spi_route[intid - GIC_NR_PRIVATE], off, len);
	}
	if (len != 4)
		return 0;
	if (GIC_RANGE(off, GICD_IGROUPR, 0x380)) {
		struct gic_bank *b = gicd_bank(gic, (unsigned int)(off & 0x7f) / 4);

		return b ? gic_bank_read(b, (enum gic_breg)((off - GICD_IGROUPR) / 0x80)) : 0;
	}
	if (GIC_RANGE(off, GICD_ICFGR, 0x100)) {
		unsigned int n = (unsigned int)(off - GICD_ICFGR) / 4;
		struct gic_bank *b = gicd_bank(gic, n / 2);

		return b ? gic_cfg_read((n & 1) ? b->edge >> 16 : b->edge & 0xffffu) : 0;
	}
	if (GIC_RANGE(off, GICD_PIDR4, 0x30))
		return gic_id_reg(off, 0x92);
	switch (off) {
	case GICD_CTLR:
		return gic->ctlr | GICD_CTLR_ARE_MASK | GICD_CTLR_DS_MASK;
	case GICD_TYPER:
		return gicd_typer(gic);
	case GICD_IIDR:
		return GIC_IIDR_VALUE;
	default:
		return 0;
	}
}

static void gicd_write(struct gicv3 *gic, uint64_t off, unsigned int len, uint64_t val)
{
	if (GIC_RANGE(off, GICD_IPRIORITYR, 0x400) && (len == 1 || len == 4)) {
		for (unsigned int i = 0; i < len; i++) {
			uint64_t intid = off - GICD_IPRIORITYR + i;

			if (gicd_spi(gic, intid))
				gic->spi_prio[intid - GIC_NR_PRIVATE] =
					(uint8_t)(val >> (8 * i)) & GIC_PRIO_MASK;
		}
		return;
	}
	if (GIC_RANGE(off, GICD_IROUTER, 0x2000) && (len == 8 || len == 4)) {
		uint64_t intid = (off - GICD_IROUTER) / 8;
		unsigned int n;
		uint64_t r;

		if (!gicd_spi(gic, intid))
			return;
		n = (unsigned int)(intid - GIC_NR_PRIVATE);
		/* IRM is RAZ/WI: GICD_TYPER.No1N = 1. */
		r = gic_write64(gic->spi_route[n], off, len, val) &
		    (GICD_IROUTER_Aff3_MASK | GICD_IROUTER_Aff2_MASK |
		     GICD_IROUTER_Aff1_MASK | GICD_IROUTER_Aff0_MASK);
		gic->spi_route[n] = r;
		gic->spi_target[n] = gic_aff_to_cpu(gic, gic_route_to_aff(r));
		return;
	}
	if (len != 4)
		return;
	if (GIC_RANGE(off, GICD_IGROUPR, 0x380)) {
		struct gic_bank *b = gicd_bank(gic, (unsigned int)(off & 0x7f) / 4);

		if (b)
			gic_bank_write(b, (enum gic_breg)((off - GICD_IGROUPR) / 0x80), (uint32_t)val);
		return;
	}
	if (GIC_RANGE(off, GICD_ICFGR, 0x100)) {
		unsigned int n = (unsigned int)(off - GICD_ICFGR) / 4;
		struct gic_bank *b = gicd_bank(gic, n / 2);
		uint32_t e = gic_cfg_edges((uint32_t)val);

		if (!b)
			return;
		if (n & 1)
			b->edge = (b->edge & 0xffffu) | e << 16;
		else
			b->edge = (b->edge & 0xffff0000u) | e;
		return;
	}
	if (off == GICD_CTLR)
		gic->ctlr = (uint32_t)val & (GICD_CTLR_EnableGrp0_MASK | GICD_CTLR_EnableGrp1_MASK);
}

int gicv3_dist_read(struct gicv3 *gic, uint64_t off, unsigned int len, uint64_t *val)
{
	if (!val)
		return GICV3_EINVAL;
	*val = 0;	/* also on a bad access: a caller that ignores errors reads 0 */
	if (!gic || !gic_len_ok(len))
		return GICV3_EINVAL;
	if (off % len || off >= GICV3_DIST_SIZE)
		return GICV3_OK;
	*val = gicd_read(gic, off, len);
	return GICV3_OK;
}

int gicv3_dist_write(struct gicv3 *gic, uint64_t off, unsigned int len, uint64_t val)
{
	if (!gic || !gic_len_ok(len))
		return GICV3_EINVAL;
	if (off % len || off >= GICV3_DIST_SIZE)
		return GICV3_OK;
	gicd_write(gic, off, len, val);
	return GICV3_OK;
}

/* ---- redistributor ------------------------------------------------------ */

static uint64_t gicr_typer(const struct gicv3 *gic, unsigned int cpu)
{
	return GICR_TYPER_Affinity_Value_PREP(gic->cpu[cpu].aff) |
	       GICR_TYPER_Processor_Number_PREP(cpu) |
	       GICR_TYPER_Last_PREP(cpu == gic->nr_cpus - 1);
}

static uint64_t gicr_rd_read(struct gicv3 *gic, unsigned int cpu, uint64_t off, unsigned int len)
{
	if (off == GICR_TYPER || off == GICR_TYPER + 4) {
		if (len == 8 && off == GICR_TYPER)
			return gicr_typer(gic, cpu);
		return len == 4 ? gic_read64(gicr_typer(gic, cpu), off, len) : 0;
	}
	if (len != 4)
		return 0;
	if (GIC_RANGE(off, GICD_PIDR4, 0x30))
		return gic_id_reg(off, 0x93);
	switch (off) {
	case GICR_IIDR:
		return GIC_IIDR_VALUE;
	case GICR_WAKER:
		/* Sleep takes effect at once: ChildrenAsleep follows ProcessorSleep. */
		return gic->cpu[cpu].sleep ?
		       GICR_WAKER_ProcessorSleep_MASK | GICR_WAKER_ChildrenAsleep_MASK : 0;
	default:
		return 0;	/* CTLR (no LPIs), STATUSR, PROPBASER, PENDBASER */
	}
}

static void gicr_rd_write(struct gicv3 *gic, unsigned int cpu, uint64_t off, unsigned int len,
			  uint64_t val)
{
	if (off == GICR_WAKER && len == 4)
		gic->cpu[cpu].sleep = GICR_WAKER_ProcessorSleep_GET(val);
}

static uint64_t gicr_sgi_read(struct gicv3 *gic, unsigned int cpu, uint64_t off, unsigned int len)
{
	struct gic_cpu *c = &gic->cpu[cpu];

	if (GIC_RANGE(off, GICR_IPRIORITYR, GIC_NR_PRIVATE) && (len == 1 || len == 4)) {
		uint64_t v = 0;

		for (unsigned int i = 0; i < len; i++)
			v |= (uint64_t)c->prio[off - GICR_IPRIORITYR + i] << (8 * i);
		return v;
	}
	if (len != 4)
		return 0;
	if (GIC_RANGE(off, GICR_IGROUPR0, 0x380) && (off & 0x7f) == 0)
		return gic_bank_read(&c->priv, (enum gic_breg)((off - GICR_IGROUPR0) / 0x80));
	if (off == GICR_ICFGR0)
		return gic_cfg_read(c->priv.edge & 0xffffu);
	if (off == GICR_ICFGR1)
		return gic_cfg_read(c->priv.edge >> 16);
	return 0;
}

static void gicr_sgi_write(struct gicv3 *gic, unsigned int cpu, uint64_t off, unsigned int len,
			   uint64_t val)
{
	struct gic_cpu *c = &gic->cpu[cpu];

	if (GIC_RANGE(off, GICR_IPRIORITYR, GIC_NR_PRIVATE) && (len == 1 || len == 4)) {
		for (unsigned int i = 0; i < len; i++)
			c->prio[off - GICR_IPRIORITYR + i] = (uint8_t)(val >> (8 * i)) & GIC_PRIO_MASK;
		return;
	}
	if (len != 4)
		return;
	if (GIC_RANGE(off, GICR_IGROUPR0, 0x380) && (off & 0x7f) == 0)
		gic_bank_write(&c->priv, (enum gic_breg)((off - GICR_IGROUPR0) / 0x80), (uint32_t)val);
	else if (off == GICR_ICFGR1)	/* ICFGR0: SGIs are always edge, RO */
		c->priv.edge = GIC_SGI_EDGE | gic_cfg_edges((uint32_t)val) << 16;
}

int gicv3_redist_read(struct gicv3 *gic, uint64_t off, unsigned int len, uint64_t *val)
{
	uint64_t cpu, frame;

	if (!val)
		return GICV3_EINVAL;
	*val = 0;	/* also on a bad access: a caller that ignores errors reads 0 */
	if (!gic || !gic_len_ok(len))
		return GICV3_EINVAL;
	cpu = off / GICV3_REDIST_STRIDE;
	frame = off % GICV3_REDIST_STRIDE;
	if (off % len || cpu >= gic->nr_cpus)
		return GICV3_OK;
	if (frame < GICR_SGI_BASE)
		*val = gicr_rd_read(gic, (unsigned int)cpu, frame, len);
	else
		*val = gicr_sgi_read(gic, (unsigned int)cpu, frame - GICR_SGI_BASE, len);
	return GICV3_OK;
}

int gicv3_redist_write(struct gicv3 *gic, uint64_t off, unsigned int len, uint64_t val)
{
	uint64_t cpu, frame;

	if (!gic || !gic_len_ok(len))
		return GICV3_EINVAL;
	cpu = off / GICV3_REDIST_STRIDE;
	frame = off % GICV3_REDIST_STRIDE;
	if (off % len || cpu >= gic->nr_cpus)
		return GICV3_OK;
	if (frame < GICR_SGI_BASE)
		gicr_rd_write(gic, (unsigned int)cpu, frame, len, val);
	else
		gicr_sgi_write(gic, (unsigned int)cpu, frame - GICR_SGI_BASE, len, val);
	return GICV3_OK;
}

/* ---- state save / load -------------------------------------------------- */

/*
 * Layout version 1, little-endian throughout:
 *   "VGI3" u32 version u32 nr_cpus u32 nr_spis u32 GICD_CTLR
 *   per SPI bank: group enable pend active level edge (u32 each)
 *   per SPI: priority (u8) ... then IROUTER (u64) ...
 *   per CPU: aff u32, sleep u8, its bank (6 x u32), 32 priorities (u8),
 *            pmr bpr0 bpr1 eoimode cbpr grpen0 grpen1 (u8), ap0r0 ap1r0 (u32)
 * The same walk sizes, saves and loads, so the three cannot disagree.
 */
#define GIC_STATE_MAGIC		0x33494756u	/* "VGI3" read as a little-endian u32 */
#define GIC_STATE_VERSION	1u

struct gic_cursor {
	uint8_t *out;		/* save: destination, or NULL to only count */
	const uint8_t *in;	/* load: source */
	size_t pos, len;
	bool bad;
};

static void gic_xfer(struct gic_cursor *cur, void *field, unsigned int size)
{
	uint64_t v = 0;

	if (cur->in) {
		if (cur->len - cur->pos < size) {
			cur->bad = true;
			return;
		}
		for (unsigned int i = 0; i < size; i++)
			v |= (uint64_t)cur->in[cur->pos + i] << (8 * i);
		switch (size) {
		case 1:
			*(uint8_t *)field = (uint8_t)v;
			break;
		case 4:
			*(uint32_t *)field = (uint32_t)v;
			break;
		default:
			*(uint64_t *)field = v;
			break;
		}
	} else {
		switch (size) {
		case 1:
			v = *(uint8_t *)field;
			break;
		case 4:
			v = *(uint32_t *)field;
			break;
		default:
			v = *(uint64_t *)field;
			break;
		}
		if (cur->out)
			for (unsigned int i = 0; i < size; i++)
				cur->out[cur->pos + i] = (uint8_t)(v >> (8 * i));
	}
	cur->pos += size;
}

static void gic_xfer_bool(struct gic_cursor *cur, bool *b)
{
	uint8_t v = *b;

	gic_xfer(cur, &v, 1);
	if (v > 1)
		cur->bad = true;
	if (cur->in)	/* sizing and saving only read the model */
		*b = v;
}

static void gic_xfer_bank(struct gic_cursor *cur, struct gic_bank *b)
{
	gic_xfer(cur, &b->group, 4);
	gic_xfer(cur, &b->enable, 4);
	gic_xfer(cur, &b->pend, 4);
	gic_xfer(cur, &b->active, 4);
	gic_xfer(cur, &b->level, 4);
	gic_xfer(cur, &b->edge, 4);
}

static void gic_xfer_prio(struct gic_cursor *cur, uint8_t *p)
{
	gic_xfer(cur, p, 1);
	if (*p & ~GIC_PRIO_MASK)
		cur->bad = true;
}

static void gic_xfer_all(struct gicv3 *gic, struct gic_cursor *cur)
{
	uint32_t magic = GIC_STATE_MAGIC, version = GIC_STATE_VERSION;
	uint32_t nr_cpus = gic->nr_cpus, nr_spis = gic->nr_spis;

	gic_xfer(cur, &magic, 4);
	gic_xfer(cur, &version, 4);
	gic_xfer(cur, &nr_cpus, 4);
	gic_xfer(cur, &nr_spis, 4);
	if (magic != GIC_STATE_MAGIC || version != GIC_STATE_VERSION ||
	    nr_cpus != gic->nr_cpus || nr_spis != gic->nr_spis) {
		cur->bad = true;
		return;
	}
	gic_xfer(cur, &gic->ctlr, 4);
	if (gic->ctlr & ~(uint32_t)(GICD_CTLR_EnableGrp0_MASK | GICD_CTLR_EnableGrp1_MASK))
		cur->bad = true;
	for (unsigned int b = 0; b < nr_spis / 32; b++)
		gic_xfer_bank(cur, &gic->spi[b]);
	for (unsigned int i = 0; i < nr_spis; i++)
		gic_xfer_prio(cur, &gic->spi_prio[i]);
	for (unsigned int i = 0; i < nr_spis; i++) {
		gic_xfer(cur, &gic->spi_route[i], 8);
		if (gic->spi_route[i] & ~(GICD_IROUTER_Aff3_MASK | GICD_IROUTER_Aff2_MASK |
					  GICD_IROUTER_Aff1_MASK | GICD_IROUTER_Aff0_MASK))
			cur->bad = true;
	}
	for (unsigned int i = 0; i < nr_cpus; i++) {
		struct gic_cpu *c = &gic->cpu[i];

		gic_xfer(cur, &c->aff, 4);
		gic_xfer_bool(cur, &c->sleep);
		gic_xfer_bank(cur, &c->priv);
		if ((c->priv.edge & GIC_SGI_EDGE) != GIC_SGI_EDGE)
			cur->bad = true;
		for (unsigned int j = 0; j < GIC_NR_PRIVATE; j++)
			gic_xfer_prio(cur, &c->prio[j]);
		gic_xfer_prio(cur, &c->pmr);
		gic_xfer(cur, &c->bpr0, 1);
		gic_xfer(cur, &c->bpr1, 1);
		if (c->bpr0 < GIC_BPR0_MIN || c->bpr0 > 7 || c->bpr1 < GIC_BPR1_MIN || c->bpr1 > 7)
			cur->bad = true;
		gic_xfer_bool(cur, &c->eoimode);
		gic_xfer_bool(cur, &c->cbpr);
		gic_xfer_bool(cur, &c->grpen[0]);
		gic_xfer_bool(cur, &c->grpen[1]);
		gic_xfer(cur, &c->apr[0], 4);
		gic_xfer(cur, &c->apr[1], 4);
	}
}

size_t gicv3_state_size(const struct gicv3 *gic)
{
	struct gic_cursor cur = { 0 };

	if (!gic)
		return 0;
	/* Counting only reads the model; the cast keeps one walk for all three uses. */
	gic_xfer_all((struct gicv3 *)gic, &cur);
	return cur.pos;
}

int gicv3_state_save(const struct gicv3 *gic, void *buf, size_t len)
{
	struct gic_cursor cur = { 0 };

	if (!gic || !buf || len < gicv3_state_size(gic))
		return GICV3_EINVAL;
	cur.out = buf;
	cur.len = len;
	gic_xfer_all((struct gicv3 *)gic, &cur);
	return GICV3_OK;
}

int gicv3_state_load(struct gicv3 *gic, const void *buf, size_t len)
{
	struct gic_cursor cur = { 0 };
	struct gicv3 *tmp;

	if (!gic || !buf || len != gicv3_state_size(gic))
		return GICV3_EINVAL;
	/* Decode into a copy so that a bad image leaves the model untouched. */
	tmp = malloc(gic_alloc_size(gic->nr_cpus));
	if (!tmp)
		return GICV3_ENOMEM;
	memcpy(tmp, gic, gic_alloc_size(gic->nr_cpus));
	cur.in = buf;
	cur.len = len;
	gic_xfer_all(tmp, &cur);
	if (cur.bad || cur.pos != len) {
		free(tmp);
		return GICV3_EINVAL;
	}
	gic_update_targets(tmp);
	memcpy(gic, tmp, gic_alloc_size(gic->nr_cpus));
	free(tmp);
	return GICV3_OK;
}
