/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The deterministic timing model behind SPE latencies, events and data
 * sources (docs/timing-model.md): a set-associative L1D and last-level
 * cache indexed by PA, a set-associative data TLB tagged by VA page, a
 * bimodal branch predictor with a branch target buffer, and a short
 * history of recent misses that stalls issue. No clock, no randomness:
 * the same sequence of calls gives the same numbers.
 */
#ifndef HW_SPE_TIMING_H
#define HW_SPE_TIMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/spe-op.h"

struct spe_timing_config {
	/* Geometry: sets and ways are powers of two, line 64 bytes. */
	uint32_t l1d_sets, l1d_ways;
	uint32_t llc_sets, llc_ways;
	uint32_t tlb_sets, tlb_ways;	/* 4 KiB pages */
	uint32_t bp_entries;		/* 2-bit counters and BTB entries */
	/* Latencies in cycles. */
	uint32_t issue_base;		/* every op */
	uint32_t issue_per_miss;	/* per L1D miss among the last 8 accesses */
	uint32_t l1d_hit;
	uint32_t llc_hit;		/* added to l1d_hit on an L1D miss */
	uint32_t dram;			/* added on an LLC miss */
	uint32_t tlb_hit;		/* translation latency of a TLB hit */
	uint32_t tlb_walk;		/* translation latency of a walk */
	uint32_t mispredict;		/* added to a mispredicted branch */
	uint32_t exec;			/* execution of a non-memory op */
};

/* Fills c with the documented defaults (32 KiB 4-way L1D, 2 MiB 16-way LLC ...). */
void spe_timing_config_default(struct spe_timing_config *c);

/* What the model says about one sampled operation. */
struct spe_timing_result {
	uint32_t total_lat;
	uint32_t issue_lat;
	uint32_t xlat_lat;		/* loads/stores only */
	uint64_t events;		/* SPE_EV_BIT() of arch/spe-packet.h */
	uint16_t data_source;		/* SPE_DS_* (loads) */
	bool has_xlat;
	bool has_data_source;
};

struct spe_timing;

/* Returns SPE_UNIT_OK or SPE_UNIT_EINVAL (geometry not powers of two, zero) / SPE_UNIT_ENOMEM. */
int spe_timing_create(const struct spe_timing_config *c, struct spe_timing **out);
void spe_timing_free(struct spe_timing *t);
/* Empties caches, TLB and predictor. */
void spe_timing_reset(struct spe_timing *t);

/* A data access the CPU performed (not sampled): warms caches and TLB. */
void spe_timing_access(struct spe_timing *t, uint64_t va, uint64_t pa, size_t size, bool is_write);
/* A branch the CPU executed (not sampled): trains the predictor. */
void spe_timing_branch(struct spe_timing *t, const struct spe_op *op);
/* A sampled op: computes its latencies, events and data source, and updates state. */
void spe_timing_sample(struct spe_timing *t, const struct spe_op *op, struct spe_timing_result *r);

/*
 * Snapshots (docs/migration.md): the whole state as bytes; load needs a
 * model of the same configuration (the size says so). SPE_UNIT_EINVAL on a
 * wrong size or impossible values.
 */
size_t spe_timing_state_size(const struct spe_timing *t);
int spe_timing_state_save(const struct spe_timing *t, void *buf, size_t len);
int spe_timing_state_load(struct spe_timing *t, const void *buf, size_t len);

#endif
