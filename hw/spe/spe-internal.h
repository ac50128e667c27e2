/* SPDX-License-Identifier: GPL-2.0-only */
/* The SPE unit's state, shared by the files of hw/spe (not a public header). */
#ifndef HW_SPE_INTERNAL_H
#define HW_SPE_INTERNAL_H

#include "hw/spe.h"
#include "errata.h"

/* The interval counter and its generator: a value type, so it can be copied to look ahead. */
struct spe_sampler {
	uint32_t count;		/* PMSICR_EL1.COUNT */
	uint8_t ecount;		/* PMSICR_EL1.ECOUNT (ERnd) */
	uint64_t rng;		/* splitmix64 state */
};

struct spe_unit {
	struct spe_config cfg;
	struct spe_ctx ctx;
	struct spe_mem_port port;
	struct spe_timing *timing;
	struct spe_unit_record_format fmt;

	/* Registers, RES0 bits already dropped. */
	uint64_t pmscr_el1, pmscr_el2;
	uint64_t pmsnevfr, pmsirr, pmsfcr, pmsevfr, pmslatfr;
	uint64_t pmblimitr, pmbptr, pmbsr;
	struct spe_sampler smp;

	uint64_t busy;		/* members left while the last sample is in flight */
	struct spe_errata_state er;
	bool serror;
	struct spe_unit_stats st;
};

/* sampler.c */
void spe_sampler_seed(struct spe_sampler *s, uint64_t seed);
/*
 * Advances over up to n members under PMSIRR_EL1 = irr and ERnd = ernd;
 * stops right after a selected member. Returns the members consumed; sets
 * *selected when the last one consumed was selected.
 */
uint64_t spe_sampler_advance(struct spe_sampler *s, uint64_t irr, bool ernd, uint64_t n,
			     bool *selected);
/* One member by the letter of the Arm ARM pseudocode (reference for tests). */
bool spe_sampler_step(struct spe_sampler *s, uint64_t irr, bool ernd);

/* filter.c: true when the sample passes every enabled filter (SPECollectRecord). */
bool spe_filter_pass(const struct spe_unit *u, const struct spe_op *op, uint64_t events,
		     uint32_t total_lat);

/* buffer.c: writes one encoded record at PMBPTR_EL1 and raises events. */
void spe_buffer_write(struct spe_unit *u, const uint8_t *rec, size_t len);
bool spe_buffer_enabled(const struct spe_unit *u);
bool spe_buffer_discard(const struct spe_unit *u);
uint8_t spe_buffer_owner(const struct spe_unit *u);

/* sysreg.c: register reset values and masks; the table's order (tests). */
void spe_regs_reset(struct spe_unit *u);
bool spe_sysreg_table_sorted(void);

#endif
