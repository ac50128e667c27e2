// SPDX-License-Identifier: GPL-2.0-only
// GICv3 with affinity routing (ARE = 1) and system-register access: the
// distributor handles SPIs, each CPU's redistributor its SGIs and PPIs.
// Every wait on the hardware is bounded.
#include "gic.h"
#include "io.h"
#include "layout.h"
#include "sysreg.h"

#define GIC_POLLS		100000
#define GIC_MAX_REDIST		64

static uintptr_t redist[GUEST_NR_CPUS];
static unsigned int nr_spis;

static void gicd_wait_rwp(void)
{
	for (int i = 0; i < GIC_POLLS; i++) {
		if (!GICD_CTLR_RWP_GET(mmio_read32(GUEST_GICD_BASE + GICD_CTLR)))
			return;
	}
}

uintptr_t gic_redist_base(unsigned int cpu)
{
	if (cpu >= GUEST_NR_CPUS)
		return 0;
	if (redist[cpu])
		return redist[cpu];
	/* Walk the frames until GICR_TYPER.Last (IHI 0069 9.6). */
	uintptr_t base = GUEST_GICR_BASE;

	for (int i = 0; i < GIC_MAX_REDIST; i++) {
		uint64_t typer = mmio_read64(base + GICR_TYPER);
		uint64_t aff = GICR_TYPER_Affinity_Value_GET(typer);

		if (GIC_AFFINITY_Aff0_GET(aff) == cpu && GIC_AFFINITY_Aff1_GET(aff) == 0 &&
		    GIC_AFFINITY_Aff2_GET(aff) == 0 && GIC_AFFINITY_Aff3_GET(aff) == 0) {
			redist[cpu] = base;
			return base;
		}
		if (GICR_TYPER_Last_GET(typer))
			break;
		base += GICR_FRAME_STRIDE;
	}
	return 0;
}

/* Where the 32 private interrupts' registers of this CPU live. */
static uintptr_t gic_sgi_base(void)
{
	uintptr_t rd = gic_redist_base(cpu_index());

	return rd ? rd + GICR_SGI_BASE : 0;
}

int gic_init(void)
{
	uintptr_t d = GUEST_GICD_BASE;

	mmio_write32(d + GICD_CTLR, 0);
	gicd_wait_rwp();
	nr_spis = 32 * ((unsigned int)GICD_TYPER_ITLinesNumber_GET(
		mmio_read32(d + GICD_TYPER)) + 1) - 32;
	if (nr_spis > 988)
		nr_spis = 988;
	for (unsigned int i = 32; i < 32 + nr_spis; i += 32) {
		mmio_write32(d + GICD_ICENABLER + i / 8, 0xffffffff);
		mmio_write32(d + GICD_ICPENDR + i / 8, 0xffffffff);
		mmio_write32(d + GICD_ICACTIVER + i / 8, 0xffffffff);
		mmio_write32(d + GICD_IGROUPR + i / 8, 0xffffffff);
	}
	for (unsigned int i = 32; i < 32 + nr_spis; i += 4)
		mmio_write32(d + GICD_IPRIORITYR + i, 0x01010101u * GIC_DEFAULT_PRIORITY);
	gicd_wait_rwp();
	mmio_write32(d + GICD_CTLR, (uint32_t)(GICD_CTLR_ARE_PREP(1) |
		GICD_CTLR_EnableGrp1_PREP(1)));
	gicd_wait_rwp();
	for (unsigned int i = 32; i < 32 + nr_spis; i++)
		gic_spi_route(i, cpu_index());
	return gic_cpu_init();
}

int gic_cpu_init(void)
{
	uintptr_t rd = gic_redist_base(cpu_index());

	if (!rd)
		return -1;
	/* Redistributors come up awake; waking one again is harmless. */
	uint32_t waker = mmio_read32(rd + GICR_WAKER);

	if (GICR_WAKER_ProcessorSleep_GET(waker)) {
		mmio_write32(rd + GICR_WAKER, waker & ~(uint32_t)GICR_WAKER_ProcessorSleep_MASK);
		for (int i = 0; i < GIC_POLLS; i++) {
			if (!GICR_WAKER_ChildrenAsleep_GET(mmio_read32(rd + GICR_WAKER)))
				break;
		}
	}
	uintptr_t sgi = rd + GICR_SGI_BASE;

	mmio_write32(sgi + GICR_ICENABLER0, 0xffffffff);
	mmio_write32(sgi + GICR_ICPENDR0, 0xffffffff);
	mmio_write32(sgi + GICR_ICACTIVER0, 0xffffffff);
	mmio_write32(sgi + GICR_IGROUPR0, 0xffffffff);
	for (unsigned int i = 0; i < 32; i += 4)
		mmio_write32(sgi + GICR_IPRIORITYR + i, 0x01010101u * GIC_DEFAULT_PRIORITY);

	/* The CPU interface: SRE is already 1 on our machines (checked). */
	if (!ICC_SRE_EL1_SRE_GET(read_sysreg(icc_sre_el1))) {
		write_sysreg(icc_sre_el1, read_sysreg(icc_sre_el1) | ICC_SRE_EL1_SRE_MASK);
		isb();
	}
	write_sysreg(icc_pmr_el1, 0xff);
	write_sysreg(icc_bpr1_el1, 0);
	write_sysreg(icc_ctlr_el1, read_sysreg(icc_ctlr_el1) & ~ICC_CTLR_EL1_EOImode_MASK);
	write_sysreg(icc_igrpen1_el1, ICC_IGRPEN1_EL1_Enable_MASK);
	isb();
	return 0;
}

/* The register bank and bit of intid for 1-bit-per-interrupt registers. */
static uintptr_t gic_bank(unsigned int intid, uint32_t gicd_off, uint32_t gicr_off)
{
	if (intid < GIC_NR_PRIVATE) {
		uintptr_t sgi = gic_sgi_base();

		return sgi ? sgi + gicr_off : 0;
	}
	if (intid >= 32 + nr_spis)
		return 0;
	return GUEST_GICD_BASE + gicd_off + (intid / 32) * 4;
}

void gic_irq_enable(unsigned int intid)
{
	uintptr_t r = gic_bank(intid, GICD_ISENABLER, GICR_ISENABLER0);

	if (r)
		mmio_write32(r, 1u << (intid % 32));
}

void gic_irq_disable(unsigned int intid)
{
	uintptr_t r = gic_bank(intid, GICD_ICENABLER, GICR_ICENABLER0);

	if (r)
		mmio_write32(r, 1u << (intid % 32));
	if (intid >= GIC_NR_PRIVATE)
		gicd_wait_rwp();
}

bool gic_irq_is_pending(unsigned int intid)
{
	uintptr_t r = gic_bank(intid, GICD_ISPENDR, GICR_ISPENDR0);

	return r && (mmio_read32(r) >> (intid % 32)) & 1;
}

bool gic_irq_is_enabled(unsigned int intid)
{
	uintptr_t r = gic_bank(intid, GICD_ISENABLER, GICR_ISENABLER0);

	return r && (mmio_read32(r) >> (intid % 32)) & 1;
}

bool gic_irq_is_active(unsigned int intid)
{
	uintptr_t r = gic_bank(intid, GICD_ISACTIVER, GICR_ISACTIVER0);

	return r && (mmio_read32(r) >> (intid % 32)) & 1;
}

void gic_irq_set_pending(unsigned int intid)
{
	uintptr_t r = gic_bank(intid, GICD_ISPENDR, GICR_ISPENDR0);

	if (r)
		mmio_write32(r, 1u << (intid % 32));
}

void gic_irq_clear_pending(unsigned int intid)
{
	uintptr_t r = gic_bank(intid, GICD_ICPENDR, GICR_ICPENDR0);

	if (r)
		mmio_write32(r, 1u << (intid % 32));
}

unsigned int gic_nr_spis(void)
{
	return nr_spis;
}

void gic_irq_set_priority(unsigned int intid, uint8_t prio)
{
	uintptr_t base;

	if (intid < GIC_NR_PRIVATE) {
		base = gic_sgi_base();
		if (!base)
			return;
		base += GICR_IPRIORITYR;
	} else if (intid < 32 + nr_spis) {
		base = GUEST_GICD_BASE + GICD_IPRIORITYR;
	} else {
		return;
	}
	/* Byte-accessible register (IHI 0069 12.9.18). */
	mmio_write8(base + intid, prio);
}

void gic_irq_set_edge(unsigned int intid, bool edge)
{
	uintptr_t reg;

	if (intid < GIC_NR_SGI)
		return;		/* SGIs are always edge-triggered */
	if (intid < GIC_NR_PRIVATE) {
		uintptr_t sgi = gic_sgi_base();

		if (!sgi)
			return;
		reg = sgi + GICR_ICFGR1;	/* PPIs 16-31 */
	} else if (intid < 32 + nr_spis) {
		reg = GUEST_GICD_BASE + GICD_ICFGR + (intid / 16) * 4;
	} else {
		return;
	}
	unsigned int shift = (intid % 16) * 2 + 1;	/* Int_config[1] */
	uint32_t v = mmio_read32(reg);

	v = edge ? v | (1u << shift) : v & ~(1u << shift);
	mmio_write32(reg, v);
}

void gic_spi_route(unsigned int intid, unsigned int cpu)
{
	if (intid < GIC_NR_PRIVATE || intid >= 32 + nr_spis)
		return;
	mmio_write64(GUEST_GICD_BASE + GICD_IROUTER + 8 * intid, GICD_IROUTER_Aff0_PREP(cpu));
}

unsigned int gic_ack(void)
{
	unsigned int intid = (unsigned int)ICC_IAR1_EL1_INTID_GET(read_sysreg(icc_iar1_el1));

	dsb(sy);
	return intid;
}

void gic_eoi(unsigned int intid)
{
	write_sysreg(icc_eoir1_el1, intid);
	isb();
}

void gic_sgi_send(unsigned int cpu, unsigned int sgi)
{
	if (cpu >= 16 || sgi >= GIC_NR_SGI)
		return;
	dsb(ishst);
	write_sysreg(icc_sgi1r_el1, ICC_SGI1R_EL1_INTID_PREP(sgi) |
		     ICC_SGI1R_EL1_TargetList_PREP(1u << cpu));
	isb();
}
