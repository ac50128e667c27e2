// SPDX-License-Identifier: GPL-2.0-only
// irq: interrupt delivery through the GICv3 (Arm IHI 0069 ch. 4): SPIs made
// pending by software are taken once, on the routed CPU, active while the
// handler runs; the priority mask (ICC_PMR_EL1) holds back lower priorities;
// two pending interrupts are taken in priority order; a disabled one waits;
// an SGI to oneself arrives; with nothing pending IAR1 reads 1023.
#include "console.h"
#include "gic.h"
#include "irq.h"
#include "report.h"
#include "runtime.h"
#include "sysreg.h"
#include "timer.h"

#define SPI_A		40
#define SPI_B		41
#define SGI_SELF	3
#define PRIO_LOW	0xa0
#define PRIO_HIGH	0x80
#define MAX_LOG		8

static volatile unsigned int log_len;
static volatile unsigned int log_intid[MAX_LOG];
static volatile uint64_t log_rpr[MAX_LOG];
static volatile bool log_active[MAX_LOG];

static void handler(unsigned int intid, void *arg)
{
	(void)arg;
	if (log_len < MAX_LOG) {
		log_intid[log_len] = intid;
		log_rpr[log_len] = read_sysreg(icc_rpr_el1);
		log_active[log_len] = gic_irq_is_active(intid);
		log_len++;
	}
}

/*
 * Unmask until expect interrupts were taken, or for 5 ms of counter time
 * when none should come (an interrupt that can be taken is taken at once;
 * the short wait keeps the "held back" cases cheap on an emulator).
 */
static void take_pending(unsigned int expect)
{
	uint64_t end = timer_deadline_ms(5);

	irq_enable();
	while (log_len < expect && !timer_expired(end))
		;
	irq_disable();
}

static void setup(unsigned int intid, uint8_t prio, bool edge)
{
	gic_irq_disable(intid);
	gic_irq_clear_pending(intid);
	gic_irq_set_edge(intid, edge);
	gic_irq_set_priority(intid, prio);
	irq_install(intid, handler, 0);
}

static void test_spi(bool edge)
{
	const char *kind = edge ? "edge" : "level";

	log_len = 0;
	setup(SPI_A, PRIO_LOW, edge);
	gic_spi_route(SPI_A, cpu_index());
	gic_irq_enable(SPI_A);
	gic_irq_set_pending(SPI_A);
	take_pending(1);
	report(log_len == 1 && log_intid[0] == SPI_A, "%s SPI %u taken once", kind, SPI_A);
	report(log_active[0], "%s SPI active in its handler", kind);
	report(log_rpr[0] == PRIO_LOW, "%s SPI: ICC_RPR_EL1 0x%llx == its priority 0x%x", kind,
	       (unsigned long long)log_rpr[0], PRIO_LOW);
	report(!gic_irq_is_active(SPI_A) && !gic_irq_is_pending(SPI_A),
	       "%s SPI neither active nor pending after EOI", kind);
	gic_irq_disable(SPI_A);
}

static void test_priority_mask(void)
{
	log_len = 0;
	setup(SPI_A, PRIO_LOW, true);
	gic_irq_enable(SPI_A);
	write_sysreg(icc_pmr_el1, PRIO_HIGH);	/* only priorities < 0x80 pass */
	isb();
	gic_irq_set_pending(SPI_A);
	take_pending(1);
	report(log_len == 0 && gic_irq_is_pending(SPI_A),
	       "PMR 0x%x holds back priority 0x%x (still pending)", PRIO_HIGH, PRIO_LOW);
	write_sysreg(icc_pmr_el1, 0xff);
	isb();
	take_pending(1);
	report(log_len == 1 && log_intid[0] == SPI_A, "taken once PMR is opened");
	gic_irq_disable(SPI_A);
}

static void test_priority_order(void)
{
	log_len = 0;
	setup(SPI_A, PRIO_LOW, true);
	setup(SPI_B, PRIO_HIGH, true);
	gic_irq_enable(SPI_A);
	gic_irq_enable(SPI_B);
	gic_irq_set_pending(SPI_A);
	gic_irq_set_pending(SPI_B);
	take_pending(2);
	report(log_len == 2 && log_intid[0] == SPI_B && log_intid[1] == SPI_A,
	       "higher priority (0x%x) taken before lower (0x%x)", PRIO_HIGH, PRIO_LOW);
	gic_irq_disable(SPI_A);
	gic_irq_disable(SPI_B);
}

static void test_disabled(void)
{
	log_len = 0;
	setup(SPI_A, PRIO_LOW, true);
	gic_irq_set_pending(SPI_A);
	take_pending(1);
	report(log_len == 0 && gic_irq_is_pending(SPI_A), "a disabled SPI stays pending");
	gic_irq_enable(SPI_A);
	take_pending(1);
	report(log_len == 1 && log_intid[0] == SPI_A, "taken once enabled");
	gic_irq_disable(SPI_A);
}

static void test_sgi_self(void)
{
	log_len = 0;
	setup(SGI_SELF, PRIO_LOW, true);
	gic_irq_enable(SGI_SELF);
	gic_sgi_send(cpu_index(), SGI_SELF);
	take_pending(1);
	report(log_len == 1 && log_intid[0] == SGI_SELF, "SGI %u to self taken", SGI_SELF);
	gic_irq_disable(SGI_SELF);
}

int main(void)
{
	if (gic_nr_spis() < SPI_B - 31) {
		report_skip("needs SPIs up to INTID %u", SPI_B);
		return report_summary();
	}
	report(gic_ack() == GIC_INTID_SPURIOUS, "ICC_IAR1_EL1 reads 1023 with nothing pending");
	test_spi(true);
	test_spi(false);
	test_priority_mask();
	test_priority_order();
	test_disabled();
	test_sgi_self();
	report(irq_unhandled_count() == 0, "no unhandled interrupts");
	return report_summary();
}
