// SPDX-License-Identifier: GPL-2.0-only
/*
 * The timer's outputs through the GIC, wired the way docs/devices.md tells
 * the hypervisor to: before each slice, timer_levels() drives PPIs 27/30
 * and timer_next_event() bounds the slice. A guest's periodic tick, exactly.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/sysreg.h"
#include "hw/gicv3.h"
#include "hw/timer.h"

struct machine {
	struct gicv3 *gic;
	struct arch_timer timer[2];
	uint64_t now;
};

static void sync_lines(struct machine *m)
{
	for (unsigned int c = 0; c < 2; c++) {
		struct timer_levels l = timer_levels(&m->timer[c], m->now);

		assert_int_equal(gicv3_set_ppi_level(m->gic, c, TIMER_PPI_VIRT, l.virt), GICV3_OK);
		assert_int_equal(gicv3_set_ppi_level(m->gic, c, TIMER_PPI_PHYS, l.phys), GICV3_OK);
	}
}

/* Run CPU cpu until its next timer event or the budget, whichever is first. */
static void run_slice(struct machine *m, unsigned int cpu, uint64_t budget)
{
	uint64_t next = timer_next_event(&m->timer[cpu], m->now);

	m->now = next - m->now < budget ? next : m->now + budget;
	sync_lines(m);
}

static void icc_w(struct machine *m, unsigned int cpu, uint32_t key, uint64_t v)
{
	assert_int_equal(gicv3_icc_write(m->gic, cpu, key, v), GICV3_OK);
}

static uint64_t icc_r(struct machine *m, unsigned int cpu, uint32_t key)
{
	uint64_t v;

	assert_int_equal(gicv3_icc_read(m->gic, cpu, key, &v), GICV3_OK);
	return v;
}

static void tmr_w(struct machine *m, unsigned int cpu, uint32_t key, uint64_t v)
{
	assert_int_equal(timer_sysreg_write(&m->timer[cpu], key, m->now, v), TIMER_OK);
	sync_lines(m);
}

static void test_periodic_tick(void **state)
{
	struct machine m = { .gic = gicv3_create(2, 32), .now = 1000 };
	uint64_t taken[5];
	unsigned int n = 0;

	(void)state;
	timer_reset(&m.timer[0]);
	timer_reset(&m.timer[1]);
	m.timer[1].cntvoff = 400;
	gicv3_dist_write(m.gic, GICD_CTLR, 4, GICD_CTLR_EnableGrp1_MASK);
	gicv3_redist_write(m.gic, GICV3_REDIST_STRIDE + GICR_SGI_BASE + GICR_ISENABLER0, 4,
			   1u << TIMER_PPI_VIRT);
	icc_w(&m, 1, SYS_ICC_PMR_EL1, 0xf0);
	icc_w(&m, 1, SYS_ICC_IGRPEN1_EL1, 1);
	/* CPU 1 arms its virtual timer 250 ticks ahead, every tick. */
	tmr_w(&m, 1, SYS_CNTV_TVAL_EL0, 250);
	tmr_w(&m, 1, SYS_CNTV_CTL_EL0, CNTV_CTL_EL0_ENABLE_MASK);
	while (n < 5) {
		run_slice(&m, 1, 100);		/* a 100-tick budget per slice */
		assert_false(gicv3_irq_pending(m.gic, 0));
		if (!gicv3_irq_pending(m.gic, 1))
			continue;
		/* The IRQ handler: acknowledge, rearm with TVAL, EOI. */
		assert_int_equal(icc_r(&m, 1, SYS_ICC_IAR1_EL1), TIMER_PPI_VIRT);
		taken[n++] = m.now;
		assert_int_equal(icc_r(&m, 1, SYS_ICC_RPR_EL1), 0);
		tmr_w(&m, 1, SYS_CNTV_TVAL_EL0, 250);
		icc_w(&m, 1, SYS_ICC_EOIR1_EL1, TIMER_PPI_VIRT);
		assert_false(gicv3_irq_pending(m.gic, 1));
	}
	/* Slices end exactly at the compare values: 1250, 1500, ... */
	for (unsigned int i = 0; i < 5; i++)
		assert_int_equal(taken[i], 1250 + 250 * i);
	gicv3_destroy(m.gic);
}

/* A handler that forgets to rearm: the level line keeps the interrupt coming. */
static void test_level_refires_until_masked(void **state)
{
	struct machine m = { .gic = gicv3_create(2, 32), .now = 0 };

	(void)state;
	timer_reset(&m.timer[0]);
	timer_reset(&m.timer[1]);
	gicv3_dist_write(m.gic, GICD_CTLR, 4, GICD_CTLR_EnableGrp1_MASK);
	gicv3_redist_write(m.gic, GICR_SGI_BASE + GICR_ISENABLER0, 4, 1u << TIMER_PPI_PHYS);
	icc_w(&m, 0, SYS_ICC_PMR_EL1, 0xf0);
	icc_w(&m, 0, SYS_ICC_IGRPEN1_EL1, 1);
	tmr_w(&m, 0, SYS_CNTP_CVAL_EL0, 10);
	tmr_w(&m, 0, SYS_CNTP_CTL_EL0, CNTP_CTL_EL0_ENABLE_MASK);
	run_slice(&m, 0, 1000);
	assert_int_equal(m.now, 10);
	for (unsigned int i = 0; i < 3; i++) {
		assert_true(gicv3_irq_pending(m.gic, 0));
		assert_int_equal(icc_r(&m, 0, SYS_ICC_IAR1_EL1), TIMER_PPI_PHYS);
		icc_w(&m, 0, SYS_ICC_EOIR1_EL1, TIMER_PPI_PHYS);
	}
	/* IMASK lowers the line: the interrupt is gone, no further event. */
	tmr_w(&m, 0, SYS_CNTP_CTL_EL0, CNTP_CTL_EL0_ENABLE_MASK | CNTP_CTL_EL0_IMASK_MASK);
	assert_false(gicv3_irq_pending(m.gic, 0));
	assert_int_equal(timer_next_event(&m.timer[0], m.now), TIMER_NEVER);
	gicv3_destroy(m.gic);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periodic_tick),
		cmocka_unit_test(test_level_refires_until_masked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
