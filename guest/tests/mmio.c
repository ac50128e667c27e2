// SPDX-License-Identifier: GPL-2.0-only
// mmio: the devices answer at their addresses with their identification
// registers: PL011 PrimeCell IDs (DDI 0183 3.3), GICD_TYPER/IIDR/PIDR2 and
// the redistributor frames up to GICR_TYPER.Last (IHI 0069 12.9, 12.11).
#include "console.h"
#include "gic.h"
#include "io.h"
#include "layout.h"
#include "report.h"
#include "runtime.h"
#include "smp.h"
#include "sysreg.h"

#define MAX_FRAMES	64

/* Four 32-bit ID registers, one byte each, as one little-endian word. */
static uint32_t id_word(uintptr_t base)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < 4; i++)
		v |= (mmio_read32(base + 4 * i) & 0xff) << (8 * i);
	return v;
}

static void test_pl011(void)
{
	uint32_t periph = id_word(GUEST_UART_BASE + PL011_PERIPHID0);
	uint32_t cell = id_word(GUEST_UART_BASE + PL011_PCELLID0);

	report_info("PL011 PeriphID 0x%08x PCellID 0x%08x", periph, cell);
	report(AMBA_PERIPHID_PartNumber_GET(periph) == PL011_PARTNUMBER,
	       "PL011 part number 0x%03llx == 0x011",
	       (unsigned long long)AMBA_PERIPHID_PartNumber_GET(periph));
	report(AMBA_PERIPHID_Designer_GET(periph) == AMBA_DESIGNER_ARM,
	       "PL011 designer 0x%02llx == 0x41 (Arm)",
	       (unsigned long long)AMBA_PERIPHID_Designer_GET(periph));
	report(cell == AMBA_PCELLID, "PrimeCell ID 0x%08x == 0xb105f00d", cell);
	report(PL011_FR_TXFF_GET(mmio_read32(GUEST_UART_BASE + PL011_FR)) == 0,
	       "PL011 transmit FIFO not full");
}

static void test_gicd(void)
{
	uint32_t typer = mmio_read32(GUEST_GICD_BASE + GICD_TYPER);
	uint32_t iidr = mmio_read32(GUEST_GICD_BASE + GICD_IIDR);
	uint32_t pidr2 = mmio_read32(GUEST_GICD_BASE + GICD_PIDR2);
	uint32_t ctlr = mmio_read32(GUEST_GICD_BASE + GICD_CTLR);
	unsigned int lines = (unsigned int)GICD_TYPER_ITLinesNumber_GET(typer);

	report_info("GICD_TYPER 0x%08x IIDR 0x%08x PIDR2 0x%08x CTLR 0x%08x",
		    typer, iidr, pidr2, ctlr);
	report(lines >= 1 && lines <= 30, "GICD_TYPER.ITLinesNumber %u: %u SPIs",
	       lines, 32 * lines);
	report(GICD_TYPER_IDbits_GET(typer) >= 9,
	       "GICD_TYPER.IDbits %llu: at least 10 INTID bits",
	       (unsigned long long)GICD_TYPER_IDbits_GET(typer));
	report(GIC_IIDR_Implementer_GET(iidr) == GIC_IIDR_IMPLEMENTER_ARM,
	       "GICD_IIDR.Implementer 0x%03llx == 0x43b (Arm)",
	       (unsigned long long)GIC_IIDR_Implementer_GET(iidr));
	report(GIC_PIDR2_ArchRev_GET(pidr2) == 3, "GICD_PIDR2.ArchRev == 3 (GICv3)");
	report(GICD_CTLR_ARE_GET(ctlr) && GICD_CTLR_EnableGrp1_GET(ctlr),
	       "GICD_CTLR: affinity routing and Group 1 enabled by the runtime");

	/* An SPI's enable bit reads back as written. */
	gic_irq_enable(40);
	bool on = gic_irq_is_enabled(40);

	gic_irq_disable(40);
	report(on && !gic_irq_is_enabled(40), "GICD_ISENABLER/ICENABLER for SPI 40");
}

static void test_gicr(void)
{
	uintptr_t base = GUEST_GICR_BASE;
	unsigned int frames = 0;
	bool last = false, ids_ok = true, arch_ok = true;

	for (unsigned int i = 0; i < MAX_FRAMES && !last; i++) {
		uint64_t typer = mmio_read64(base + GICR_TYPER);
		uint32_t pidr2 = mmio_read32(base + GICR_PIDR2);
		uint64_t aff = GICR_TYPER_Affinity_Value_GET(typer);

		report_info("GICR frame %u at 0x%lx: TYPER 0x%016llx", i,
			    (unsigned long)base, (unsigned long long)typer);
		if (GICR_TYPER_Processor_Number_GET(typer) != i || aff != i)
			ids_ok = false;
		if (GIC_PIDR2_ArchRev_GET(pidr2) != 3)
			arch_ok = false;
		last = GICR_TYPER_Last_GET(typer);
		frames++;
		base += GICR_FRAME_STRIDE;
	}
	report(last, "GICR_TYPER.Last found after %u frame(s)", frames);
	report(frames == smp_nr_cpus(), "one redistributor per CPU (%u)", smp_nr_cpus());
	report(ids_ok, "GICR_TYPER.Processor_Number and Affinity == frame index");
	report(arch_ok, "GICR_PIDR2.ArchRev == 3 in every frame");

	uint32_t waker = mmio_read32(GUEST_GICR_BASE + GICR_WAKER);

	report(!GICR_WAKER_ProcessorSleep_GET(waker) && !GICR_WAKER_ChildrenAsleep_GET(waker),
	       "GICR_WAKER 0x%x: redistributor awake", waker);
	report(ICC_SRE_EL1_SRE_GET(read_sysreg(icc_sre_el1)),
	       "ICC_SRE_EL1.SRE == 1 (system register interface)");
}

int main(void)
{
	test_pl011();
	test_gicd();
	test_gicr();
	return report_summary();
}
