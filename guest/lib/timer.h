/* SPDX-License-Identifier: GPL-2.0-only */
/* The generic timer (Arm ARM D11): counter reads and the EL1 timers. */
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H
#include <stdint.h>
#include "sysreg.h"

static inline uint64_t timer_freq(void)
{
	return CNTFRQ_EL0_ClockFreq_GET(read_sysreg(cntfrq_el0));
}

/* The virtual count, ordered after earlier instructions. */
static inline uint64_t timer_count(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

/* A deadline ms milliseconds from now (frequency 0 gives 1 tick per ms). */
uint64_t timer_deadline_ms(uint64_t ms);
static inline int timer_expired(uint64_t deadline)
{
	return timer_count() >= deadline;
}
/* Busy-wait ms milliseconds of virtual counter time. */
void timer_delay_ms(uint64_t ms);

#endif
