/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The simulated host memory manager: host physical frames (PFNs) behind the
 * VMM's guest memory, and the things Linux's mm does to them behind a VM's
 * back: reclaim (swap out), migration, NUMA balancing, KSM merging and THP
 * splitting, each announced first through MMU-notifier callbacks.
 *
 * As in Linux, the VMM's userspace mapping of a memslot never moves: what
 * changes is the host frame behind each guest page, or whether there is one.
 * The bytes of a resident page live in the slot's userspace memory (the one
 * mapping Unicorn has). A page that is swapped out has its bytes saved in
 * swap storage and its in-place bytes SCRIBBLED with a pattern, so anything
 * that touches a non-resident page without faulting it in first corrupts
 * guest memory visibly.
 *
 * Per-page state lives per 2 MiB chunk and is allocated on the chunk's first
 * touch; a chunk backed by one huge (THP) frame has no per-page array at all.
 * Untouched memory costs one 24-byte chunk record per 2 MiB. Deterministic;
 * not thread-safe.
 */
#ifndef HOST_MM_H
#define HOST_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum host_mm_err {
	HOST_MM_OK = 0,
	HOST_MM_EINVAL = -1,	/* bad argument */
	HOST_MM_ENOMEM = -2,	/* allocation failed, or no free host frame */
	HOST_MM_ENOENT = -3,	/* no slot holds the gfn */
	HOST_MM_EBUSY = -4,	/* the page is pinned (or the op is refused) */
	HOST_MM_EOVERLAP = -5,	/* slots overlap */
};
const char *host_mm_strerror(int err);

#define HOST_MM_PAGE_SIZE	4096u
#define HOST_MM_CHUNK_PAGES	512u		/* 2 MiB THP */
#define HOST_MM_GIANT_PAGES	(512u * 512u)	/* 1 GiB */
#define HOST_MM_NO_PFN		UINT64_MAX

/* What the host does, for the notifier and the storm's event list. */
enum host_mm_event_kind {
	HOST_MM_EV_RECLAIM,	/* swap out */
	HOST_MM_EV_MIGRATE,	/* new frame, same bytes */
	HOST_MM_EV_NUMA,	/* unmap to sample access; the hinting fault migrates */
	HOST_MM_EV_KSM,		/* merge with an identical page, copy-on-write */
	HOST_MM_EV_THP_SPLIT,	/* a 2 MiB frame becomes 512 small pages */
	HOST_MM_EV_COW,		/* a write broke a KSM share (from a fault) */
	HOST_MM_EV_KINDS
};
const char *host_mm_event_name(enum host_mm_event_kind k);

/*
 * MMU notifier (Linux's mmu_notifier_ops, range style): start is called
 * before anything changes for [gfn, gfn + npages) and the listener must drop
 * every translation of the range (stage-2 entries); end after the change.
 */
struct host_mm_notifier {
	void *ctx;
	void (*invalidate_range_start)(void *ctx, uint64_t gfn, uint64_t npages,
				       enum host_mm_event_kind why);
	void (*invalidate_range_end)(void *ctx, uint64_t gfn, uint64_t npages,
				     enum host_mm_event_kind why);
};

struct host_mm_config {
	uint64_t nframes;	/* host physical memory, in 4 KiB frames */
	uint64_t seed;		/* storm seed */
	uint32_t rate;		/* storm events per million guest instructions */
};

/* A resident page as host_mm_fault_in() returns it. */
struct host_mm_page {
	uint64_t pfn;		/* host frame of the page */
	uint8_t order;		/* backing: 0 small, 9 THP (2 MiB), 18 1 GiB */
	uint64_t head_pfn;	/* first frame of the backing block (pfn for order 0) */
	bool writable;		/* false for a KSM page (copy-on-write) */
};

struct host_mm_stats {
	uint64_t frames_used, frames_total;
	uint64_t resident_pages, swapped_pages, ksm_shared_pages;
	uint64_t huge_chunks, giant_regions;
	uint64_t faults, swap_ins, cow_breaks, numa_faults;
	uint64_t pins, unpins;		/* pin/unpin calls (pages) */
	uint64_t pinned_pages;		/* pages with a pin count now */
	uint64_t events[HOST_MM_EV_KINDS];	/* storm events applied, by kind */
	uint64_t skipped_pinned;	/* storm events refused because the page is pinned */
	uint64_t skipped_other;		/* storm events with nothing to do (absent page ...) */
	uint64_t event_hash;		/* FNV-1a over the (kind, gfn, applied) list */
	uint64_t meta_bytes;		/* bytes of per-page state and swap held now */
};

struct host_mm;

int host_mm_create(const struct host_mm_config *cfg, struct host_mm **out);
void host_mm_destroy(struct host_mm *mm);

/* A slot: guest pages [gfn, gfn + npages) live at hva. thp: 2 MiB-aligned
 * chunks may be backed by one huge frame (the VMA allows THP). */
int host_mm_add_slot(struct host_mm *mm, uint64_t gfn, uint64_t npages, void *hva, bool thp);
/* Where gfn's bytes live in the VMM (whether or not it is resident). */
void *host_mm_hva(const struct host_mm *mm, uint64_t gfn);

int host_mm_set_notifier(struct host_mm *mm, const struct host_mm_notifier *n);

/* Make gfn resident (swap-in restores its bytes; a NUMA hint migrates it; a
 * write to a KSM page breaks the share) and describe its frame. */
int host_mm_fault_in(struct host_mm *mm, uint64_t gfn, bool write, struct host_mm_page *out);
/* The page's frame now, without faulting: HOST_MM_NO_PFN if not resident
 * (or waiting for a NUMA hinting fault). */
uint64_t host_mm_pfn(const struct host_mm *mm, uint64_t gfn);

/*
 * pin_user_pages(FOLL_LONGTERM) and unpin: fault in and hold [gfn, gfn+n)
 * so that nothing moves it. Untouched THP chunks are allocated whole and an
 * untouched, 1 GiB-aligned run of them from one 1 GiB-aligned frame range,
 * without touching the bytes. A pin on a THP frame pins the whole frame.
 */
int host_mm_pin(struct host_mm *mm, uint64_t gfn, uint64_t npages, bool write);
int host_mm_unpin(struct host_mm *mm, uint64_t gfn, uint64_t npages);
bool host_mm_pinned(const struct host_mm *mm, uint64_t gfn);

/* One host operation on one page (the storm's primitives, also for tests).
 * HOST_MM_EBUSY when pinned; 1 when there was nothing to do. */
int host_mm_reclaim(struct host_mm *mm, uint64_t gfn);
int host_mm_migrate(struct host_mm *mm, uint64_t gfn);
int host_mm_numa_unmap(struct host_mm *mm, uint64_t gfn);
int host_mm_ksm_merge(struct host_mm *mm, uint64_t gfn);
int host_mm_thp_split(struct host_mm *mm, uint64_t gfn);

/*
 * The storm: events at cfg->rate per million guest instructions, kinds and
 * target pages drawn from cfg->seed. Call with the instructions executed
 * since the last call; returns the number of events generated.
 */
uint64_t host_mm_storm(struct host_mm *mm, uint64_t instructions);
/* One storm event as generated (for the event log). */
struct host_mm_event {
	uint64_t gfn;
	uint8_t kind;		/* enum host_mm_event_kind */
	int8_t result;		/* 0 applied, 1 nothing to do, or a host_mm_err */
};
/* Record the next cap storm events into log (NULL stops); see
 * host_mm_event_log_len(). The caller owns the buffer. */
int host_mm_set_event_log(struct host_mm *mm, struct host_mm_event *log, size_t cap);
size_t host_mm_event_log_len(const struct host_mm *mm);

/* Generate exactly n events now. */
void host_mm_storm_events(struct host_mm *mm, uint64_t n);

void host_mm_get_stats(const struct host_mm *mm, struct host_mm_stats *st);

/* The storm generator (seeded state and the event remainder), for snapshots. */
void host_mm_storm_state_get(const struct host_mm *mm, uint64_t *rng, uint64_t *acc);
int host_mm_storm_state_set(struct host_mm *mm, uint64_t rng, uint64_t acc);

#endif
