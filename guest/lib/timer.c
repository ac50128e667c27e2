// SPDX-License-Identifier: GPL-2.0-only
// Every register write is followed by an ISB so that the new timer
// condition is in effect before the caller goes on (e.g. into WFI).
#include "timer.h"

uint64_t timer_deadline_ms(uint64_t ms)
{
	uint64_t f = timer_freq();

	if (!f)
		f = 1000;
	return timer_count() + ms * (f / 1000);
}

void timer_delay_ms(uint64_t ms)
{
	uint64_t end = timer_deadline_ms(ms);

	while (!timer_expired(end))
		;
}

uint64_t timer_now(enum timer_id t)
{
	isb();
	return t == TIMER_PHYS ? read_sysreg(cntpct_el0) : read_sysreg(cntvct_el0);
}

unsigned int timer_intid(enum timer_id t)
{
	return t == TIMER_PHYS ? TIMER_PHYS_INTID : TIMER_VIRT_INTID;
}

uint64_t timer_get_cval(enum timer_id t)
{
	return t == TIMER_PHYS ? read_sysreg(cntp_cval_el0) : read_sysreg(cntv_cval_el0);
}

void timer_set_cval(enum timer_id t, uint64_t cval)
{
	if (t == TIMER_PHYS)
		write_sysreg(cntp_cval_el0, cval);
	else
		write_sysreg(cntv_cval_el0, cval);
	isb();
}

int32_t timer_get_tval(enum timer_id t)
{
	return (int32_t)(t == TIMER_PHYS ? read_sysreg(cntp_tval_el0) : read_sysreg(cntv_tval_el0));
}

void timer_set_tval(enum timer_id t, int32_t tval)
{
	if (t == TIMER_PHYS)
		write_sysreg(cntp_tval_el0, (uint32_t)tval);
	else
		write_sysreg(cntv_tval_el0, (uint32_t)tval);
	isb();
}

uint64_t timer_get_ctl(enum timer_id t)
{
	return t == TIMER_PHYS ? read_sysreg(cntp_ctl_el0) : read_sysreg(cntv_ctl_el0);
}

void timer_set_ctl(enum timer_id t, uint64_t ctl)
{
	if (t == TIMER_PHYS)
		write_sysreg(cntp_ctl_el0, ctl);
	else
		write_sysreg(cntv_ctl_el0, ctl);
	isb();
}

void timer_arm(enum timer_id t, uint64_t ticks)
{
	timer_set_cval(t, timer_now(t) + ticks);
	timer_set_ctl(t, CNTV_CTL_EL0_ENABLE_MASK);
}

void timer_stop(enum timer_id t)
{
	timer_set_ctl(t, 0);
}
