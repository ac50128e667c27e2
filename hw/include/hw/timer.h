/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Arm generic timer of one CPU: the EL1 physical and virtual timers
 * (CNTP_*, CNTV_*), CNTKCTL_EL1 and the counters. Pure state: the caller
 * passes the current physical count (the machine's deterministic virtual
 * clock) to every call, and drives the PPIs from timer_levels().
 *   virtual count = physical count - CNTVOFF.
 * PPIs (INTIDs): virtual 27, non-secure physical 30.
 */
#ifndef HW_TIMER_H
#define HW_TIMER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TIMER_PPI_VIRT		27u
#define TIMER_PPI_PHYS		30u
#define TIMER_NEVER		UINT64_MAX

enum timer_err {
	TIMER_OK = 0,
	TIMER_EINVAL = -1,
	TIMER_ENOENT = -2,	/* not a timer register: caller UNDEFs */
};
const char *timer_strerror(int err);

struct arch_timer {
	uint64_t cntvoff;
	uint64_t cntkctl;
	uint64_t cntv_ctl, cntv_cval;
	uint64_t cntp_ctl, cntp_cval;
};

void timer_reset(struct arch_timer *t);

/*
 * System-register access (CNTFRQ_EL0, CNTPCT_EL0, CNTVCT_EL0, CNT{P,V}_{CTL,
 * CVAL,TVAL}_EL0, CNTKCTL_EL1) by key = ARCH_SYSREG(...), at physical count
 * now. CTL.ISTATUS is computed, TVAL is the signed 32-bit view of CVAL.
 * Writes to CNTFRQ/CNTPCT/CNTVCT, and CNTVOFF_EL2 (set t->cntvoff), give
 * TIMER_ENOENT: a guest at EL1 gets UNDEF.
 */
int timer_sysreg_read(const struct arch_timer *t, uint32_t key, uint64_t now, uint64_t *val);
int timer_sysreg_write(struct arch_timer *t, uint32_t key, uint64_t now, uint64_t val);

/*
 * May EL0 make this access? CNTKCTL_EL1's EL0PCTEN/EL0VCTEN/EL0PTEN/EL0VTEN
 * decide (CNTFRQ_EL0 with either counter enable); false means the access
 * UNDEFs (traps to EL1). Accesses from EL1 are always allowed.
 */
bool timer_el0_access_ok(const struct arch_timer *t, uint32_t key);

/* Output levels of the two timers at physical count now (ENABLE && !IMASK && fired). */
struct timer_levels {
	bool virt;
	bool phys;
};
struct timer_levels timer_levels(const struct arch_timer *t, uint64_t now);

/* The earliest physical count > now at which a level can rise, or TIMER_NEVER. */
uint64_t timer_next_event(const struct arch_timer *t, uint64_t now);

/* The counter frequency the machine advertises in CNTFRQ_EL0 (Hz). */
#define TIMER_CNTFRQ_HZ		62500000ull

#endif
