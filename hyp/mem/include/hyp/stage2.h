/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The stage-2 translation table the hypervisor owns (Arm ARM D8, VMSAv8-64
 * stage 2, 4 KiB granule): IPA -> host PA, descriptors in the S2PTE format
 * of arch/sysreg/exception.reg. 3 levels (start level 1) for IPA sizes up to
 * 39 bits, 4 levels (start level 0) up to 48 bits; no concatenated roots.
 *
 * Leaves are 4 KiB pages (level 3), 2 MiB blocks (level 2) or 1 GiB blocks
 * (level 1). Table pages live in the hypervisor's own memory (like KVM's
 * linear-map pages: never moved, never swapped); a table descriptor's output
 * address is the table page's index in the table pool shifted by 12, the
 * "physical address" of that page in the hypervisor's table space.
 *
 * Memory use is proportional to what is mapped: a table page is allocated
 * when the first entry below it is mapped and freed when its last entry is
 * unmapped.
 *
 * Not thread-safe: the caller serialises (KVM's mmu_lock).
 */
#ifndef HYP_STAGE2_H
#define HYP_STAGE2_H

#include <stdbool.h>
#include <stdint.h>

#include "hyp/mem-err.h"

#define STAGE2_PAGE_SIZE	UINT64_C(0x1000)
#define STAGE2_BLOCK_2M		UINT64_C(0x200000)
#define STAGE2_BLOCK_1G		UINT64_C(0x40000000)

/* Permissions, stored as S2AP (Arm ARM D8.4.4 "Stage 2 data access permissions"). */
enum stage2_prot {
	STAGE2_PROT_R = 1,
	STAGE2_PROT_W = 2,
	STAGE2_PROT_RW = 3,
};

/* The result of a walk: a translation, or the fault the access would take. */
struct stage2_xlate {
	bool fault;
	uint8_t level;		/* level of the leaf, or of the fault */
	uint8_t fsc;		/* ESR_ELx.DFSC when fault (ESR_ISS_DABT_DFSC_*) */
	uint64_t pa;		/* output address of the access (no fault) */
	uint64_t size;		/* size of the leaf mapping (no fault) */
	unsigned prot;		/* enum stage2_prot bits of the leaf */
	uint64_t desc;		/* the leaf descriptor, or the invalid one met */
};

struct stage2_stats {
	uint64_t table_pages;	/* table pages allocated now (root included) */
	uint64_t leaves[4];	/* valid leaf entries now, per level */
	uint64_t maps, unmaps, splits, wrprotects;
	uint64_t tlbi;		/* invalidations issued (one per break of a valid entry range) */
};

struct stage2;

int stage2_create(unsigned ipa_bits, struct stage2 **out);
void stage2_destroy(struct stage2 *s2);
unsigned stage2_ipa_bits(const struct stage2 *s2);
unsigned stage2_start_level(const struct stage2 *s2);

/*
 * Map [ipa, ipa + size) to [pa, pa + size) with one leaf: size is 4 KiB,
 * 2 MiB or 1 GiB and ipa, pa are aligned to it. An existing leaf or table
 * there is replaced (break-before-make: the old entry is invalidated first);
 * a larger block covering the range is split first.
 */
int stage2_map(struct stage2 *s2, uint64_t ipa, uint64_t pa, uint64_t size, unsigned prot);

/* Unmap a page-aligned range; blocks partly inside it are split first. */
int stage2_unmap(struct stage2 *s2, uint64_t ipa, uint64_t size);

/* Replace the block leaf covering ipa by a table of next-level leaves with
 * the same output and permissions. HYP_MEM_EINVAL if ipa is not in a block. */
int stage2_split(struct stage2 *s2, uint64_t ipa);

/* Clear write permission on a page-aligned range (blocks partly inside are split). */
int stage2_wrprotect(struct stage2 *s2, uint64_t ipa, uint64_t size);

/*
 * Translate ipa for a read or write as the table is now. Returns 0 when it
 * translates, 1 when the access faults (x->fault, fsc, level filled), or
 * a negative error. Faults: translation (no entry at a level, or an IPA
 * beyond the input size: level 0), permission (S2AP), access flag (AF = 0).
 */
int stage2_walk(const struct stage2 *s2, uint64_t ipa, bool write, struct stage2_xlate *x);

/* Incremented on every invalidation, so a cached translation can be checked. */
uint64_t stage2_tlb_gen(const struct stage2 *s2);
/* The same counter, for a cache that checks it on every use (hw/cpu's access reports). */
const uint64_t *stage2_tlb_gen_ptr(const struct stage2 *s2);
void stage2_get_stats(const struct stage2 *s2, struct stage2_stats *st);

#endif
