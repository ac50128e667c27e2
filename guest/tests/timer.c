// SPDX-License-Identifier: GPL-2.0-only
// timer: the EL1 virtual timer (Arm ARM D11.2.4) raises PPI 27 through the
// GIC when CNTVCT reaches CVAL; TVAL is CVAL - CNTVCT as a signed 32-bit
// value; WFI wakes when the timer fires even with interrupts masked. The
// physical timer (PPI 30) is checked the same way.
#include "console.h"
#include "gic.h"
#include "irq.h"
#include "report.h"
#include "runtime.h"
#include "timer.h"

static const char *const names[] = { "vtimer", "ptimer" };
static volatile uint64_t irq_count, irq_late, irq_istatus;

static void timer_irq(unsigned int intid, void *arg)
{
	enum timer_id t = (enum timer_id)(uintptr_t)arg;

	(void)intid;
	irq_count++;
	irq_istatus = CNTV_CTL_EL0_ISTATUS_GET(timer_get_ctl(t));
	if (timer_now(t) >= timer_get_cval(t))
		irq_late++;
	/* The output is a level: mask it before the EOI or it fires again. */
	timer_set_ctl(t, CNTV_CTL_EL0_ENABLE_MASK | CNTV_CTL_EL0_IMASK_MASK);
}

/*
 * Waits with WFI (the armed timer wakes it) until n interrupts, or 2 s.
 * The check and the WFI run with PSTATE.I set: an interrupt taken between
 * an unmasked check and the WFI would leave the WFI with nothing to wake
 * it (the handler masks the timer). WFI wakes on a pending interrupt even
 * while masked; the handler runs in the unmasked window after it.
 */
static void wait_irqs(uint64_t n)
{
	uint64_t end = timer_deadline_ms(2000);

	irq_disable();
	while (irq_count < n && !timer_expired(end)) {
		wfi();
		irq_enable();
		isb();
		irq_disable();
	}
	irq_enable();
}

static void timer_irq_setup(enum timer_id t)
{
	timer_stop(t);
	irq_install(timer_intid(t), timer_irq, (void *)(uintptr_t)t);
	gic_irq_set_edge(timer_intid(t), false);
	gic_irq_set_priority(timer_intid(t), GIC_DEFAULT_PRIORITY);
	gic_irq_enable(timer_intid(t));
}

static void test_interrupts(enum timer_id t, uint64_t ticks, unsigned int rounds)
{
	const char *name = names[t];

	irq_count = irq_late = irq_istatus = 0;
	timer_irq_setup(t);
	irq_enable();
	for (unsigned int i = 0; i < rounds; i++) {
		timer_arm(t, ticks);
		wait_irqs(i + 1);
	}
	irq_disable();
	report(irq_count == rounds, "%s: %u interrupts for %u programmed CVALs (INTID %u)",
	       name, (unsigned int)irq_count, rounds, timer_intid(t));
	report(irq_late == irq_count, "%s: every interrupt came at or after CVAL", name);
	report(irq_istatus == 1, "%s: CTL.ISTATUS == 1 in the handler", name);
	timer_stop(t);
	gic_irq_disable(timer_intid(t));
}

static void test_tval(enum timer_id t, uint64_t freq)
{
	const char *name = names[t];
	int32_t set = (int32_t)(freq > 0x7fffffff ? 0x7fffffff : freq);	/* ~1 s */

	timer_stop(t);
	uint64_t before = timer_now(t);

	timer_set_tval(t, set);
	uint64_t after = timer_now(t);
	uint64_t cval = timer_get_cval(t);

	report(cval >= before + (uint64_t)set && cval <= after + (uint64_t)set,
	       "%s: writing TVAL sets CVAL = count + TVAL", name);
	int32_t tval = timer_get_tval(t);

	report(tval > 0 && tval <= set, "%s: TVAL %d counts down from %d", name, tval, set);

	/* After expiry TVAL goes negative and an enabled timer sets ISTATUS. */
	timer_set_cval(t, timer_now(t) - 1000);
	timer_set_ctl(t, CNTV_CTL_EL0_ENABLE_MASK | CNTV_CTL_EL0_IMASK_MASK);
	tval = timer_get_tval(t);
	report(tval <= -1000, "%s: TVAL %d is negative after CVAL passed", name, tval);
	report(CNTV_CTL_EL0_ISTATUS_GET(timer_get_ctl(t)) == 1,
	       "%s: ISTATUS == 1 once CVAL has passed (masked)", name);
	timer_stop(t);
}

static void test_wfi_wakeup(uint64_t freq)
{
	unsigned int wakeups = 0;

	irq_count = 0;
	irq_disable();		/* PSTATE.I masks delivery, not the WFI wake-up */
	timer_irq_setup(TIMER_VIRT);
	uint64_t cval = timer_now(TIMER_VIRT) + freq / 100;	/* 10 ms */

	timer_set_cval(TIMER_VIRT, cval);
	timer_set_ctl(TIMER_VIRT, CNTV_CTL_EL0_ENABLE_MASK);
	uint64_t end = timer_deadline_ms(2000);

	while (!gic_irq_is_pending(TIMER_VIRT_INTID) && !timer_expired(end) && wakeups < 1000) {
		wfi();
		wakeups++;
	}
	uint64_t now = timer_now(TIMER_VIRT);

	report(now >= cval && gic_irq_is_pending(TIMER_VIRT_INTID),
	       "WFI woke up with the timer interrupt pending (%u WFI)", wakeups);
	report(irq_count == 0, "no interrupt taken while PSTATE.I is set");
	irq_enable();
	uint64_t until = timer_deadline_ms(100);

	while (irq_count == 0 && !timer_expired(until))
		;
	irq_disable();
	report(irq_count == 1, "the interrupt is taken once PSTATE.I is clear");
	timer_stop(TIMER_VIRT);
	gic_irq_disable(TIMER_VIRT_INTID);
}

int main(void)
{
	uint64_t freq = timer_freq();

	report(freq != 0, "CNTFRQ_EL0 = %llu Hz", (unsigned long long)freq);
	if (!freq)
		return report_summary();
	uint64_t a = timer_count(), b = timer_count();

	report(b >= a, "CNTVCT_EL0 does not go backwards");
	test_interrupts(TIMER_VIRT, freq / 1000, 5);	/* 1 ms each */
	test_tval(TIMER_VIRT, freq);
	test_wfi_wakeup(freq);
	test_interrupts(TIMER_PHYS, freq / 1000, 2);
	test_tval(TIMER_PHYS, freq);
	report(irq_unhandled_count() == 0, "no unhandled interrupts");
	return report_summary();
}
