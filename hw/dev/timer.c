// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Arm generic timer of one CPU (Arm ARM D11, the Generic Timer): two
 * EL1 timers, each a 64-bit compare value against a counter. The state is
 * only what software can write; ISTATUS, TVAL and the counters are derived
 * from the physical count the caller passes, so the model keeps no time.
 */
#include "hw/timer.h"

#include "arch/sysreg.h"

static const char *const timer_errs[] = {
	[0] = "success",
	[1] = "invalid argument",
	[2] = "not a generic timer register",
};

const char *timer_strerror(int err)
{
	if (err > 0 || err < TIMER_ENOENT)
		return "unknown timer error";
	return timer_errs[-err];
}

void timer_reset(struct arch_timer *t)
{
	if (!t)
		return;
	/* CTL.ENABLE resets to 0 (Arm ARM, CNTV_CTL_EL0); the rest is UNKNOWN, we pick 0. */
	*t = (struct arch_timer){ 0 };
}

static bool timer_fired(uint64_t ctl, uint64_t cval, uint64_t count)
{
	/* Arm ARM D11, the timer condition: count >= CVAL, a 64-bit unsigned compare. */
	return CNTV_CTL_EL0_ENABLE_GET(ctl) && count >= cval;
}

static uint64_t timer_ctl_value(uint64_t ctl, uint64_t cval, uint64_t count)
{
	uint64_t v = ctl & (CNTV_CTL_EL0_ENABLE_MASK | CNTV_CTL_EL0_IMASK_MASK);

	if (timer_fired(ctl, cval, count))
		v |= CNTV_CTL_EL0_ISTATUS_MASK;
	return v;
}

/* TVAL reads the low 32 bits of CVAL - count: a signed down-counter (CNTV_TVAL_EL0). */
static uint64_t timer_tval_value(uint64_t cval, uint64_t count)
{
	return (uint32_t)(cval - count);
}

/* Writing TVAL sets CVAL = count + SignExtend(TVAL[31:0]). */
static uint64_t timer_tval_to_cval(uint64_t val, uint64_t count)
{
	int64_t delta = (int32_t)(uint32_t)val;

	return count + (uint64_t)delta;
}

static uint64_t timer_vcount(const struct arch_timer *t, uint64_t now)
{
	return now - t->cntvoff;
}

int timer_sysreg_read(const struct arch_timer *t, uint32_t key, uint64_t now, uint64_t *val)
{
	if (!t || !val)
		return TIMER_EINVAL;
	switch (key) {
	case SYS_CNTFRQ_EL0:
		*val = TIMER_CNTFRQ_HZ;
		return TIMER_OK;
	case SYS_CNTPCT_EL0:
		*val = now;
		return TIMER_OK;
	case SYS_CNTVCT_EL0:
		*val = timer_vcount(t, now);
		return TIMER_OK;
	case SYS_CNTKCTL_EL1:
		*val = t->cntkctl;
		return TIMER_OK;
	case SYS_CNTP_CTL_EL0:
		*val = timer_ctl_value(t->cntp_ctl, t->cntp_cval, now);
		return TIMER_OK;
	case SYS_CNTP_CVAL_EL0:
		*val = t->cntp_cval;
		return TIMER_OK;
	case SYS_CNTP_TVAL_EL0:
		*val = timer_tval_value(t->cntp_cval, now);
		return TIMER_OK;
	case SYS_CNTV_CTL_EL0:
		*val = timer_ctl_value(t->cntv_ctl, t->cntv_cval, timer_vcount(t, now));
		return TIMER_OK;
	case SYS_CNTV_CVAL_EL0:
		*val = t->cntv_cval;
		return TIMER_OK;
	case SYS_CNTV_TVAL_EL0:
		*val = timer_tval_value(t->cntv_cval, timer_vcount(t, now));
		return TIMER_OK;
	default:
		return TIMER_ENOENT;
	}
}

/* Only ENABLE and IMASK are writable; ISTATUS is read-only (Arm ARM, CNTx_CTL_EL0). */
#define TIMER_CTL_WRITABLE	(CNTV_CTL_EL0_ENABLE_MASK | CNTV_CTL_EL0_IMASK_MASK)
#define TIMER_CNTKCTL_WRITABLE	(CNTKCTL_EL1_EL0PCTEN_MASK | CNTKCTL_EL1_EL0VCTEN_MASK | \
				 CNTKCTL_EL1_EVNTEN_MASK | CNTKCTL_EL1_EVNTDIR_MASK | \
				 CNTKCTL_EL1_EVNTI_MASK | CNTKCTL_EL1_EL0VTEN_MASK | \
				 CNTKCTL_EL1_EL0PTEN_MASK)

int timer_sysreg_write(struct arch_timer *t, uint32_t key, uint64_t now, uint64_t val)
{
	if (!t)
		return TIMER_EINVAL;
	switch (key) {
	case SYS_CNTKCTL_EL1:
		/* EVNTIS needs FEAT_ECV, which the model does not offer: RES0. */
		t->cntkctl = val & TIMER_CNTKCTL_WRITABLE;
		return TIMER_OK;
	case SYS_CNTP_CTL_EL0:
		t->cntp_ctl = val & TIMER_CTL_WRITABLE;
		return TIMER_OK;
	case SYS_CNTP_CVAL_EL0:
		t->cntp_cval = val;
		return TIMER_OK;
	case SYS_CNTP_TVAL_EL0:
		t->cntp_cval = timer_tval_to_cval(val, now);
		return TIMER_OK;
	case SYS_CNTV_CTL_EL0:
		t->cntv_ctl = val & TIMER_CTL_WRITABLE;
		return TIMER_OK;
	case SYS_CNTV_CVAL_EL0:
		t->cntv_cval = val;
		return TIMER_OK;
	case SYS_CNTV_TVAL_EL0:
		t->cntv_cval = timer_tval_to_cval(val, timer_vcount(t, now));
		return TIMER_OK;
	default:
		/*
		 * CNTFRQ_EL0 is writable only at the highest EL, the counters are
		 * read-only, and CNTVOFF_EL2 is the hypervisor's (struct field).
		 */
		return TIMER_ENOENT;
	}
}

bool timer_el0_access_ok(const struct arch_timer *t, uint32_t key)
{
	uint64_t k;

	if (!t)
		return false;
	k = t->cntkctl;
	/* CNTKCTL_EL1 gates each EL0 view (Arm ARM, CNTKCTL_EL1). */
	switch (key) {
	case SYS_CNTFRQ_EL0:
		return CNTKCTL_EL1_EL0PCTEN_GET(k) || CNTKCTL_EL1_EL0VCTEN_GET(k);
	case SYS_CNTPCT_EL0:
		return CNTKCTL_EL1_EL0PCTEN_GET(k);
	case SYS_CNTVCT_EL0:
		return CNTKCTL_EL1_EL0VCTEN_GET(k);
	case SYS_CNTP_CTL_EL0:
	case SYS_CNTP_CVAL_EL0:
	case SYS_CNTP_TVAL_EL0:
		return CNTKCTL_EL1_EL0PTEN_GET(k);
	case SYS_CNTV_CTL_EL0:
	case SYS_CNTV_CVAL_EL0:
	case SYS_CNTV_TVAL_EL0:
		return CNTKCTL_EL1_EL0VTEN_GET(k);
	default:
		return false;	/* CNTKCTL_EL1 and anything else: EL1 only */
	}
}

static bool timer_level(uint64_t ctl, uint64_t cval, uint64_t count)
{
	return timer_fired(ctl, cval, count) && !CNTV_CTL_EL0_IMASK_GET(ctl);
}

struct timer_levels timer_levels(const struct arch_timer *t, uint64_t now)
{
	struct timer_levels l = { false, false };

	if (!t)
		return l;
	l.virt = timer_level(t->cntv_ctl, t->cntv_cval, timer_vcount(t, now));
	l.phys = timer_level(t->cntp_ctl, t->cntp_cval, now);
	return l;
}

/*
 * The physical count at which one timer's output rises, or TIMER_NEVER when
 * it is off, masked, already high, or would rise only after the physical
 * count wraps.
 */
static uint64_t timer_rise(uint64_t ctl, uint64_t cval, uint64_t count, uint64_t now)
{
	uint64_t delta;

	if (!CNTV_CTL_EL0_ENABLE_GET(ctl) || CNTV_CTL_EL0_IMASK_GET(ctl) || count >= cval)
		return TIMER_NEVER;
	delta = cval - count;
	if (delta >= TIMER_NEVER - now)
		return TIMER_NEVER;
	return now + delta;
}

uint64_t timer_next_event(const struct arch_timer *t, uint64_t now)
{
	uint64_t v, p;

	if (!t)
		return TIMER_NEVER;
	v = timer_rise(t->cntv_ctl, t->cntv_cval, timer_vcount(t, now), now);
	p = timer_rise(t->cntp_ctl, t->cntp_cval, now, now);
	return v < p ? v : p;
}
