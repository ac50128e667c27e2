/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Walks SPE records (format 0) in a profiling buffer and counts what they
 * hold, with the packet constants of arch/spe-packet.h. For checking a
 * session inside the guest; the full decoder is on the host (decode/).
 */
#ifndef GUEST_SPE_TRACE_H
#define GUEST_SPE_TRACE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct spe_trace_stats {
	uint64_t records;		/* records ended by End or Timestamp */
	uint64_t timestamps;		/* ... of them by Timestamp */
	uint64_t pcs;			/* PC address packets */
	uint64_t pcs_in_range;		/* ... with VA in [pc_lo, pc_hi) */
	uint64_t pc_el[4];		/* ... by the EL field */
	uint64_t op_class[3];		/* operation type packets by class */
	uint64_t data_va;		/* data virtual address packets */
	uint64_t padding;		/* padding bytes */
	size_t bad_offset;		/* first malformed byte (when -1 returned) */
};

/*
 * Walks len bytes; PCs inside [pc_lo, pc_hi) are counted apart. Returns 0,
 * or -1 at an unknown header, a packet running past len, or a record left
 * open at the end (st->bad_offset says where).
 */
int spe_trace_walk(const uint8_t *buf, size_t len, uint64_t pc_lo, uint64_t pc_hi,
		   struct spe_trace_stats *st);

/* One record, as far as the guest's checks need it. */
struct spe_trace_record {
	uint64_t pc;			/* sign-extended from bit 55 */
	unsigned int el;
	int op_class;			/* 0 other, 1 load/store, 2 branch; -1 none */
	uint8_t op_subclass;
	uint64_t data_va;		/* as recorded (tag byte kept) */
	uint64_t events;
	uint16_t lat_total;
	uint32_t context;		/* CONTEXTIDR_EL1 (Context packet index 0) */
	uint64_t timestamp;
	bool has_pc, has_data_va, has_events, has_lat_total, has_context;
};

typedef void (*spe_trace_fn)(const struct spe_trace_record *rec, void *arg);

/* The same walk, calling fn for every record (when it ends); counts in *st. */
int spe_trace_each(const uint8_t *buf, size_t len, spe_trace_fn fn, void *arg,
		   struct spe_trace_stats *st);

#endif
