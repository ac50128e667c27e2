/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The generic timer (Arm ARM D11): counter reads, deadlines, and the two
 * EL1 timers (virtual: CNTV_*, PPI 27; physical: CNTP_*, PPI 30).
 */
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H
#include <stdint.h>
#include "sysreg.h"

enum timer_id {
	TIMER_VIRT = 0,
	TIMER_PHYS = 1,
};

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

/* The counter timer t compares with (CNTVCT or CNTPCT). */
uint64_t timer_now(enum timer_id t);
unsigned int timer_intid(enum timer_id t);
uint64_t timer_get_cval(enum timer_id t);
void timer_set_cval(enum timer_id t, uint64_t cval);
/* TVAL: CVAL - count as a signed 32-bit value (D11.2.4). */
int32_t timer_get_tval(enum timer_id t);
void timer_set_tval(enum timer_id t, int32_t tval);
/* CTL: ENABLE, IMASK, ISTATUS (CNTV_CTL_EL0 and CNTP_CTL_EL0 share it). */
uint64_t timer_get_ctl(enum timer_id t);
void timer_set_ctl(enum timer_id t, uint64_t ctl);
/* Fire ticks from now (CVAL = now + ticks, enabled, unmasked). */
void timer_arm(enum timer_id t, uint64_t ticks);
/* Disable: the output goes low. */
void timer_stop(enum timer_id t);

#endif
