// SPDX-License-Identifier: GPL-2.0-only
/*
 * Snapshot of one physical SPE unit (docs/migration.md). A migrated machine
 * must sample the very operations it would have sampled had it not moved,
 * so everything that decides the next sample travels: the interval counter
 * and its jitter generator (PMSICR_EL1, the RND source), a sample still in
 * flight (the collision window), a modelled erratum's pending selection,
 * the registers and the timing model.
 * Layout: a fixed array of 64-bit words, then the timing model's bytes.
 */
#include <string.h>

#include "errata.h"
#include "spe-internal.h"

enum {
	W_MAGIC, W_CTX0, W_CNTVOFF,
	W_PMSCR1, W_PMSCR2, W_NEVFR, W_IRR, W_FCR, W_EVFR, W_LATFR, W_LIMITR, W_PTR, W_SR,
	W_COUNT, W_ECOUNT, W_RNG, W_BUSY, W_SERROR, W_ERRATA,
	W_STATS,
	W_NR = W_STATS + sizeof(struct spe_unit_stats) / sizeof(uint64_t)
};

#define SPE_STATE_MAGIC	0x5350455354415432ull	/* "SPESTAT2" */

_Static_assert(sizeof(struct spe_unit_stats) % sizeof(uint64_t) == 0,
	       "unit statistics are whole 64-bit counters");

size_t spe_unit_state_size(const struct spe_unit *u)
{
	return W_NR * sizeof(uint64_t) + spe_timing_state_size(u->timing);
}

static uint64_t ctx_pack(const struct spe_ctx *c)
{
	return (uint64_t)c->el | (uint64_t)c->el2_enabled << 8 | (uint64_t)c->e2h << 9 |
	       (uint64_t)c->tge << 10 | (uint64_t)c->tpms << 11 | (uint64_t)c->e2pb << 16;
}

int spe_unit_state_save(const struct spe_unit *u, void *buf, size_t len)
{
	uint64_t w[W_NR];

	if (!u || !buf || len != spe_unit_state_size(u))
		return SPE_UNIT_EINVAL;
	w[W_MAGIC] = SPE_STATE_MAGIC;
	w[W_CTX0] = ctx_pack(&u->ctx);
	w[W_CNTVOFF] = u->ctx.cntvoff;
	w[W_PMSCR1] = u->pmscr_el1;
	w[W_PMSCR2] = u->pmscr_el2;
	w[W_NEVFR] = u->pmsnevfr;
	w[W_IRR] = u->pmsirr;
	w[W_FCR] = u->pmsfcr;
	w[W_EVFR] = u->pmsevfr;
	w[W_LATFR] = u->pmslatfr;
	w[W_LIMITR] = u->pmblimitr;
	w[W_PTR] = u->pmbptr;
	w[W_SR] = u->pmbsr;
	w[W_COUNT] = u->smp.count;
	w[W_ECOUNT] = u->smp.ecount;
	w[W_RNG] = u->smp.rng;
	w[W_BUSY] = u->busy;
	w[W_SERROR] = u->serror;
	w[W_ERRATA] = (uint64_t)u->er.since_target | (uint64_t)u->er.prev_taken << 8 |
		      (uint64_t)u->er.deferred << 9 | (uint64_t)u->er.wait_left << 16;
	memcpy(&w[W_STATS], &u->st, sizeof(u->st));
	memcpy(buf, w, sizeof(w));
	return spe_timing_state_save(u->timing, (uint8_t *)buf + sizeof(w), len - sizeof(w));
}

int spe_unit_state_load(struct spe_unit *u, const void *buf, size_t len)
{
	uint64_t w[W_NR];
	int err;

	if (!u || !buf || len != spe_unit_state_size(u))
		return SPE_UNIT_EINVAL;
	memcpy(w, buf, sizeof(w));
	if (w[W_MAGIC] != SPE_STATE_MAGIC || (w[W_CTX0] & 0xff) > 2 ||
	    (w[W_CTX0] >> 16) > 3 || (w[W_CTX0] & 0xf000f000ull) ||
	    w[W_COUNT] > UINT32_MAX || w[W_ECOUNT] > 0xff || w[W_SERROR] > 1 ||
	    (w[W_ERRATA] & ~0xff03ffull))
		return SPE_UNIT_EINVAL;
	err = spe_timing_state_load(u->timing, (const uint8_t *)buf + sizeof(w),
				    len - sizeof(w));
	if (err)
		return err;
	u->ctx = (struct spe_ctx){
		.el = (uint8_t)(w[W_CTX0] & 0xff), .el2_enabled = w[W_CTX0] >> 8 & 1,
		.e2h = w[W_CTX0] >> 9 & 1, .tge = w[W_CTX0] >> 10 & 1,
		.tpms = w[W_CTX0] >> 11 & 1, .e2pb = (uint8_t)(w[W_CTX0] >> 16 & 3),
		.cntvoff = w[W_CNTVOFF],
	};
	u->pmscr_el1 = w[W_PMSCR1];
	u->pmscr_el2 = w[W_PMSCR2];
	u->pmsnevfr = w[W_NEVFR];
	u->pmsirr = w[W_IRR];
	u->pmsfcr = w[W_FCR];
	u->pmsevfr = w[W_EVFR];
	u->pmslatfr = w[W_LATFR];
	u->pmblimitr = w[W_LIMITR];
	u->pmbptr = w[W_PTR];
	u->pmbsr = w[W_SR];
	u->smp.count = (uint32_t)w[W_COUNT];
	u->smp.ecount = (uint8_t)w[W_ECOUNT];
	u->smp.rng = w[W_RNG];
	u->busy = w[W_BUSY];
	u->serror = w[W_SERROR];
	u->er = (struct spe_errata_state){
		.since_target = (uint8_t)(w[W_ERRATA] & 0xff), .prev_taken = w[W_ERRATA] >> 8 & 1,
		.deferred = w[W_ERRATA] >> 9 & 1, .wait_left = (uint8_t)(w[W_ERRATA] >> 16),
	};
	memcpy(&u->st, &w[W_STATS], sizeof(u->st));
	return SPE_UNIT_OK;
}
