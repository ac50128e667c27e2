// SPDX-License-Identifier: GPL-2.0-only
// timer: the EL1 virtual timer (Arm ARM D11.2.4) raises PPI 27 through the
// GIC when CNTVCT reaches CVAL; TVAL is CVAL - CNTVCT as a signed 32-bit
// value; WFI wakes when the timer fires even with interrupts masked. The
// physical timer (PPI 30) is checked the same way once.
#include "console.h"
#include "gic.h"
#include "irq.h"
#include "report.h"
#include "runtime.h"
#include "timer.h"

/* One EL1 timer; CNTV_CTL and CNTP_CTL share the CTL layout. */
struct timer_regs {
	const char *name;
	unsigned int intid;
	uint64_t (*cval_get)(void);
	void (*cval_set)(uint64_t v);
	void (*tval_set)(int32_t v);
	int32_t (*tval_get)(void);
	uint64_t (*ctl_get)(void);
	void (*ctl_set)(uint64_t v);
};

static uint64_t vcval_get(void) { return read_sysreg(cntv_cval_el0); }
static void vcval_set(uint64_t v) { write_sysreg(cntv_cval_el0, v); isb(); }
static void vtval_set(int32_t v) { write_sysreg(cntv_tval_el0, (uint32_t)v); isb(); }
static int32_t vtval_get(void) { return (int32_t)read_sysreg(cntv_tval_el0); }
static uint64_t vctl_get(void) { return read_sysreg(cntv_ctl_el0); }
static void vctl_set(uint64_t v) { write_sysreg(cntv_ctl_el0, v); isb(); }
static uint64_t pcval_get(void) { return read_sysreg(cntp_cval_el0); }
static void pcval_set(uint64_t v) { write_sysreg(cntp_cval_el0, v); isb(); }
static void ptval_set(int32_t v) { write_sysreg(cntp_tval_el0, (uint32_t)v); isb(); }
static int32_t ptval_get(void) { return (int32_t)read_sysreg(cntp_tval_el0); }
static uint64_t pctl_get(void) { return read_sysreg(cntp_ctl_el0); }
static void pctl_set(uint64_t v) { write_sysreg(cntp_ctl_el0, v); isb(); }

static const struct timer_regs vtimer = {
	"vtimer", TIMER_VIRT_INTID, vcval_get, vcval_set, vtval_set, vtval_get,
	vctl_get, vctl_set,
};
static const struct timer_regs ptimer = {
	"ptimer", TIMER_PHYS_INTID, pcval_get, pcval_set, ptval_set, ptval_get,
	pctl_get, pctl_set,
};

static volatile uint64_t irq_count, irq_late, irq_istatus;

/* Counter (physical or virtual) the timer compares against. */
static uint64_t timer_now(const struct timer_regs *t)
{
	isb();
	return t == &vtimer ? read_sysreg(cntvct_el0) : read_sysreg(cntpct_el0);
}

static void timer_irq(unsigned int intid, void *arg)
{
	const struct timer_regs *t = arg;

	(void)intid;
	irq_count++;
	irq_istatus = CNTV_CTL_EL0_ISTATUS_GET(t->ctl_get());
	if (timer_now(t) >= t->cval_get())
		irq_late++;
	/* The output is a level: mask it before the EOI or it fires again. */
	t->ctl_set(CNTV_CTL_EL0_ENABLE_MASK | CNTV_CTL_EL0_IMASK_MASK);
}

/* Waits with WFI until n interrupts arrived or 2 s passed. */
static void wait_irqs(uint64_t n)
{
	uint64_t end = timer_deadline_ms(2000);

	while (irq_count < n && !timer_expired(end))
		wfi();
}

static void test_interrupts(const struct timer_regs *t, uint64_t ticks, unsigned int rounds)
{
	irq_count = irq_late = irq_istatus = 0;
	t->ctl_set(0);
	irq_install(t->intid, timer_irq, (void *)t);
	gic_irq_set_priority(t->intid, GIC_DEFAULT_PRIORITY);
	gic_irq_enable(t->intid);
	irq_enable();
	for (unsigned int i = 0; i < rounds; i++) {
		t->cval_set(timer_now(t) + ticks);
		t->ctl_set(CNTV_CTL_EL0_ENABLE_MASK);
		wait_irqs(i + 1);
	}
	irq_disable();
	report(irq_count == rounds, "%s: %u interrupts for %u programmed CVALs (INTID %u)",
	       t->name, (unsigned int)irq_count, rounds, t->intid);
	report(irq_late == irq_count, "%s: every interrupt came at or after CVAL", t->name);
	report(irq_istatus == 1, "%s: CTL.ISTATUS == 1 in the handler", t->name);
	t->ctl_set(0);
	gic_irq_disable(t->intid);
}

static void test_tval(const struct timer_regs *t, uint64_t freq)
{
	int32_t set = (int32_t)(freq > 0x7fffffff ? 0x7fffffff : freq);	/* ~1 s */

	t->ctl_set(0);
	uint64_t before = timer_now(t);

	t->tval_set(set);
	uint64_t after = timer_now(t);
	uint64_t cval = t->cval_get();

	report(cval >= before + (uint64_t)set && cval <= after + (uint64_t)set,
	       "%s: writing TVAL sets CVAL = count + TVAL", t->name);
	int32_t tval = t->tval_get();

	report(tval > 0 && tval <= set, "%s: TVAL %d counts down from %d", t->name, tval, set);

	/* After expiry TVAL goes negative and an enabled timer sets ISTATUS. */
	t->cval_set(timer_now(t) - 1000);
	t->ctl_set(CNTV_CTL_EL0_ENABLE_MASK | CNTV_CTL_EL0_IMASK_MASK);
	tval = t->tval_get();
	report(tval <= -1000, "%s: TVAL %d is negative after CVAL passed", t->name, tval);
	report(CNTV_CTL_EL0_ISTATUS_GET(t->ctl_get()) == 1,
	       "%s: ISTATUS == 1 once CVAL has passed (masked)", t->name);
	t->ctl_set(0);
}

static void test_wfi_wakeup(uint64_t freq)
{
	unsigned int wakeups = 0;

	irq_count = 0;
	irq_disable();		/* PSTATE.I masks delivery, not the WFI wake-up */
	vtimer.ctl_set(0);
	irq_install(vtimer.intid, timer_irq, (void *)&vtimer);
	gic_irq_enable(vtimer.intid);
	uint64_t cval = timer_now(&vtimer) + freq / 100;	/* 10 ms */

	vtimer.cval_set(cval);
	vtimer.ctl_set(CNTV_CTL_EL0_ENABLE_MASK);
	uint64_t end = timer_deadline_ms(2000);

	while (!gic_irq_is_pending(vtimer.intid) && !timer_expired(end) && wakeups < 1000) {
		wfi();
		wakeups++;
	}
	uint64_t now = timer_now(&vtimer);

	report(now >= cval && gic_irq_is_pending(vtimer.intid),
	       "WFI woke up with the timer interrupt pending (%u WFI)", wakeups);
	report(irq_count == 0, "no interrupt taken while PSTATE.I is set");
	irq_enable();
	uint64_t until = timer_deadline_ms(100);

	while (irq_count == 0 && !timer_expired(until))
		;
	irq_disable();
	report(irq_count == 1, "the interrupt is taken once PSTATE.I is clear");
	vtimer.ctl_set(0);
	gic_irq_disable(vtimer.intid);
}

int main(void)
{
	uint64_t freq = timer_freq();

	report(freq != 0, "CNTFRQ_EL0 = %llu Hz", (unsigned long long)freq);
	if (!freq)
		return report_summary();
	uint64_t a = timer_count(), b = timer_count();

	report(b >= a, "CNTVCT_EL0 does not go backwards");
	gic_irq_set_edge(TIMER_VIRT_INTID, false);
	test_interrupts(&vtimer, freq / 1000, 5);	/* 1 ms each */
	test_tval(&vtimer, freq);
	test_wfi_wakeup(freq);
	test_interrupts(&ptimer, freq / 1000, 2);
	test_tval(&ptimer, freq);
	report(irq_unhandled_count() == 0, "no unhandled interrupts");
	return report_summary();
}
