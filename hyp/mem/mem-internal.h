/* SPDX-License-Identifier: GPL-2.0-only */
/* hyp_mem's private state (mem.c, buffer.c, spe_port.c). */
#ifndef HYP_MEM_INTERNAL_H
#define HYP_MEM_INTERNAL_H

#include "hyp/mem.h"
#include "hyp/pinset.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	UINT64_C(4096)

struct memslot {
	uint64_t gfn, npages;
	uint8_t *hva;
	bool locked, locked_write;
	struct pinset pins;	/* pages pinned by any strategy (VM-wide view) */
};

/* A contiguous run of guest pages one vCPU's buffer holds pinned. */
struct pin_range {
	uint64_t gfn, npages;
	bool write;
};

struct vcpu_mem {
	struct hyp_mem *m;
	unsigned id;
	struct hyp_mem_s1 s1;
	struct spe_mem_port port;
	bool has_fault;
	struct s1_fault last_fault;
	/* BUFFER: what is pinned now, and for which registers */
	struct pin_range *ranges;
	unsigned nranges;
	bool buf_pinned;
	bool buf_stale;			/* the guest invalidated its TLB since the walk */
	uint64_t buf_lo, buf_hi;	/* pinned VA range [lo, hi) */
	struct hyp_mem_s1 buf_s1;	/* the stage-1 controls it was walked with */
};

#define WARN_RING	16u

struct hyp_mem {
	struct hyp_mem_config cfg;
	uint64_t warn_ipa[WARN_RING];	/* unexpected faults, a ring */
	struct host_mm *mm;
	struct stage2 *s2;
	struct memslot *slots;
	unsigned nslots;
	struct vcpu_mem *vcpus;
	struct hyp_mem_stats st;
};

struct memslot *mem_slot_of(const struct hyp_mem *m, uint64_t gfn);
uint64_t mem_pinned_total(const struct hyp_mem *m);
uint64_t mem_total_pages(const struct hyp_mem *m);
void mem_track_bytes(struct hyp_mem *m);
/* Fault gfn in from the host and map it at stage 2 (the largest block the
 * backing allows if block is set, else one page). */
int mem_map_gfn(struct hyp_mem *m, uint64_t gfn, bool write, bool block);
void buffer_release(struct vcpu_mem *v);
/* spe_port.c: struct spe_mem_port's write for a vcpu_mem ctx. */
int spe_port_write(void *ctx, const struct spe_regime *regime, uint64_t va, const void *buf,
		   size_t len, struct spe_xlate_fault *fault);
int spe_port_probe(void *ctx, const struct spe_regime *regime, uint64_t va, size_t len);

#endif
