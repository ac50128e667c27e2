/* SPDX-License-Identifier: GPL-2.0-only */
/* host_mm's private state, shared by mm.c (slots, faults, pins), frame.c,
 * ops.c (what the host does to pages) and storm.c. */
#ifndef HOST_MM_INTERNAL_H
#define HOST_MM_INTERNAL_H

#include "host/mm.h"

/*
 * A page entry (64 bits) of a split chunk: 0 = never touched.
 *   PRESENT: resident, low bits = pfn    SWAPPED: low bits = swap slot
 *   KSM: resident and shared, low bits = KSM entry index
 *   NUMA: resident (low bits = pfn) but unmapped for a hinting fault
 *   bits 40..55: pin count
 */
#define PE_PRESENT	(UINT64_C(1) << 63)
#define PE_SWAPPED	(UINT64_C(1) << 62)
#define PE_KSM		(UINT64_C(1) << 61)
#define PE_NUMA		(UINT64_C(1) << 60)
#define PE_PIN_SHIFT	40
#define PE_PIN_MAX	UINT64_C(0xffff)
#define PE_PIN_MASK	(PE_PIN_MAX << PE_PIN_SHIFT)
#define PE_LOW_MASK	((UINT64_C(1) << PE_PIN_SHIFT) - 1)

#define PE_PINS(e)	(((e) & PE_PIN_MASK) >> PE_PIN_SHIFT)
#define PE_LOW(e)	((e) & PE_LOW_MASK)

enum chunk_state { CH_EMPTY, CH_HUGE, CH_SMALL };

struct chunk {
	uint64_t *pages;	/* CH_SMALL: 512 page entries */
	uint64_t huge_pfn;	/* CH_HUGE: first frame of the 2 MiB frame */
	uint32_t pins;		/* CH_HUGE: pins on any subpage (a compound pin count) */
	uint8_t state;
	bool numa;		/* CH_HUGE: unmapped for a NUMA hinting fault */
};

struct slot {
	uint64_t gfn, npages;
	uint8_t *hva;
	bool thp;
	struct chunk *chunks;
	uint64_t nchunks;
	uint8_t *giant;		/* per 1 GiB region: one 1 GiB frame range backs it */
	uint64_t nregions;
};

struct u64vec {
	uint64_t *v;
	uint64_t n, cap;
};

struct ksm_entry {
	uint64_t pfn;		/* the shared frame */
	uint64_t hash;		/* FNV-1a of the content */
	uint32_t refs;		/* pages sharing it; 0 = dead entry */
	uint8_t *bytes;		/* the frame's content (what every sharer holds) */
};

struct frames {
	uint64_t total, bump, used;
	struct u64vec small_free, huge_free;
};

struct host_mm {
	struct host_mm_config cfg;
	struct slot *slots;
	unsigned nslots;
	uint64_t total_pages;
	struct frames fr;
	struct host_mm_notifier notifier;
	bool has_notifier;
	/* swap storage: slots of 4 KiB, reused through a free list */
	uint8_t **swap;
	uint64_t nswap, swap_cap;
	struct u64vec swap_free;
	/* KSM: stable entries, a hash index over them, and the unstable index */
	struct ksm_entry *ksm;
	uint64_t nksm, ksm_cap;
	uint32_t *ksm_index;	/* open addressing: entry index + 1, 0 empty */
	uint64_t ksm_index_cap;
	uint64_t *unstable;	/* hash % cap -> gfn + 1 of a candidate page */
	uint64_t unstable_cap;
	/* storm */
	uint64_t rng, acc;
	struct host_mm_event *log;
	size_t log_cap, log_len;
	struct host_mm_stats st;
};

int u64vec_push(struct u64vec *v, uint64_t x);

/* frame.c: the host frame allocator. */
uint64_t frame_alloc_small(struct host_mm *mm);
uint64_t frame_alloc_huge(struct host_mm *mm);
uint64_t frame_alloc_giant(struct host_mm *mm);
void frame_free_small(struct host_mm *mm, uint64_t pfn);
void frame_free_huge(struct host_mm *mm, uint64_t head);

/* mm.c */
struct slot *mm_slot_of(const struct host_mm *mm, uint64_t gfn);
bool chunk_thp_ok(const struct slot *s, uint64_t ci);
int chunk_make_small(struct host_mm *mm, struct slot *s, uint64_t ci);
void giant_clear(struct slot *s, uint64_t ci);
void notify_start(struct host_mm *mm, uint64_t gfn, uint64_t n, enum host_mm_event_kind k);
void notify_end(struct host_mm *mm, uint64_t gfn, uint64_t n, enum host_mm_event_kind k);
uint64_t page_hash(const uint8_t *p);

/* ops.c */
int mm_ksm_break(struct host_mm *mm, struct slot *s, uint64_t *e, uint64_t gfn);
int mm_swap_in(struct host_mm *mm, struct slot *s, uint64_t *e, uint64_t gfn);

#endif
