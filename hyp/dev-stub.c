// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stand-ins for hw/dev's GICv3 and timer models, built only while hw/dev
 * is not in the tree (CMake checks): no interrupt is ever pending, ICC
 * registers UNDEF, GIC MMIO is RAZ/WI, and the timer keeps its registers
 * and fires by the same rules (so WFI-with-timeout guests work).
 */
#include <stdlib.h>

#include "hw/gicv3.h"
#include "hw/timer.h"
#include "arch/bits.h"

struct gicv3 {
	unsigned int nr_cpus;
};

const char *gicv3_strerror(int err) { return err ? "GIC stub" : "success"; }
struct gicv3 *gicv3_create(unsigned int nr_cpus, unsigned int nr_spis)
{
	struct gicv3 *g = calloc(1, sizeof(*g));

	(void)nr_spis;
	if (g)
		g->nr_cpus = nr_cpus;
	return g;
}
void gicv3_destroy(struct gicv3 *gic) { free(gic); }
int gicv3_set_cpu_affinity(struct gicv3 *g, unsigned int c, uint64_t m) { (void)g; (void)c; (void)m; return 0; }
int gicv3_dist_read(struct gicv3 *g, uint64_t o, unsigned int l, uint64_t *v) { (void)g; (void)o; (void)l; *v = 0; return 0; }
int gicv3_dist_write(struct gicv3 *g, uint64_t o, unsigned int l, uint64_t v) { (void)g; (void)o; (void)l; (void)v; return 0; }
int gicv3_redist_read(struct gicv3 *g, uint64_t o, unsigned int l, uint64_t *v) { (void)g; (void)o; (void)l; *v = 0; return 0; }
int gicv3_redist_write(struct gicv3 *g, uint64_t o, unsigned int l, uint64_t v) { (void)g; (void)o; (void)l; (void)v; return 0; }
int gicv3_icc_read(struct gicv3 *g, unsigned int c, uint32_t k, uint64_t *v) { (void)g; (void)c; (void)k; (void)v; return GICV3_ENOENT; }
int gicv3_icc_write(struct gicv3 *g, unsigned int c, uint32_t k, uint64_t v) { (void)g; (void)c; (void)k; (void)v; return GICV3_ENOENT; }
int gicv3_set_ppi_level(struct gicv3 *g, unsigned int c, unsigned int i, bool l) { (void)g; (void)c; (void)i; (void)l; return 0; }
int gicv3_set_spi_level(struct gicv3 *g, unsigned int i, bool l) { (void)g; (void)i; (void)l; return 0; }
bool gicv3_irq_pending(const struct gicv3 *g, unsigned int c) { (void)g; (void)c; return false; }

const char *timer_strerror(int err) { return err ? "timer stub" : "success"; }
void timer_reset(struct arch_timer *t) { *t = (struct arch_timer){ 0 }; }

static uint64_t *timer_reg(struct arch_timer *t, uint32_t key)
{
	switch (key) {
	case ARCH_SYSREG(3, 0, 14, 1, 0): return &t->cntkctl;
	case ARCH_SYSREG(3, 3, 14, 2, 1): return &t->cntp_ctl;
	case ARCH_SYSREG(3, 3, 14, 2, 2): return &t->cntp_cval;
	case ARCH_SYSREG(3, 3, 14, 3, 1): return &t->cntv_ctl;
	case ARCH_SYSREG(3, 3, 14, 3, 2): return &t->cntv_cval;
	default: return NULL;
	}
}

static bool fired(uint64_t ctl, uint64_t cval, uint64_t count)
{
	return (ctl & 1) && count >= cval;
}

int timer_sysreg_read(const struct arch_timer *t, uint32_t key, uint64_t now, uint64_t *val)
{
	uint64_t *r = timer_reg((struct arch_timer *)t, key), vnow = now - t->cntvoff;

	switch (key) {
	case ARCH_SYSREG(3, 3, 14, 0, 0): *val = TIMER_CNTFRQ_HZ; return 0;
	case ARCH_SYSREG(3, 3, 14, 0, 1): *val = now; return 0;
	case ARCH_SYSREG(3, 3, 14, 0, 2): *val = vnow; return 0;
	case ARCH_SYSREG(3, 3, 14, 2, 0): *val = (uint32_t)(t->cntp_cval - now); return 0;
	case ARCH_SYSREG(3, 3, 14, 3, 0): *val = (uint32_t)(t->cntv_cval - vnow); return 0;
	case ARCH_SYSREG(3, 3, 14, 2, 1):
		*val = (t->cntp_ctl & 3) | (fired(t->cntp_ctl, t->cntp_cval, now) ? 4 : 0);
		return 0;
	case ARCH_SYSREG(3, 3, 14, 3, 1):
		*val = (t->cntv_ctl & 3) | (fired(t->cntv_ctl, t->cntv_cval, vnow) ? 4 : 0);
		return 0;
	default:
		if (!r)
			return TIMER_ENOENT;
		*val = *r;
		return 0;
	}
}

int timer_sysreg_write(struct arch_timer *t, uint32_t key, uint64_t now, uint64_t val)
{
	uint64_t *r = timer_reg(t, key);

	switch (key) {
	case ARCH_SYSREG(3, 3, 14, 2, 0):
		t->cntp_cval = now + (uint64_t)(int64_t)(int32_t)val;
		return 0;
	case ARCH_SYSREG(3, 3, 14, 3, 0):
		t->cntv_cval = now - t->cntvoff + (uint64_t)(int64_t)(int32_t)val;
		return 0;
	case ARCH_SYSREG(3, 3, 14, 2, 1):
	case ARCH_SYSREG(3, 3, 14, 3, 1):
		*r = val & 3;
		return 0;
	default:
		if (!r)
			return TIMER_ENOENT;
		*r = val;
		return 0;
	}
}

struct timer_levels timer_levels(const struct arch_timer *t, uint64_t now)
{
	return (struct timer_levels){
		.virt = fired(t->cntv_ctl, t->cntv_cval, now - t->cntvoff) && !(t->cntv_ctl & 2),
		.phys = fired(t->cntp_ctl, t->cntp_cval, now) && !(t->cntp_ctl & 2),
	};
}

uint64_t timer_next_event(const struct arch_timer *t, uint64_t now)
{
	uint64_t next = TIMER_NEVER;

	if ((t->cntv_ctl & 3) == 1 && t->cntv_cval + t->cntvoff > now)
		next = t->cntv_cval + t->cntvoff;
	if ((t->cntp_ctl & 3) == 1 && t->cntp_cval > now && t->cntp_cval < next)
		next = t->cntp_cval;
	return next;
}
