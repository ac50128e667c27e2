/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which pages of a memslot are pinned: a three-level bitmap.
 *   top:  one pointer per 1 GiB of the slot (allocated on the first pin)
 *   mid:  per 1 GiB, 512 leaf pointers and their pinned counts
 *   leaf: per 2 MiB, 512 bits (8 words)
 * Mids and leaves exist only where something is pinned and not everything
 * is: a fully pinned 2 MiB or 1 GiB points at one shared all-ones leaf or
 * mid, so pin-all costs 8 bytes per GiB, and a 16 MiB buffer in a 64 GiB
 * slot about 6 KiB. Never more than ~1.2 bits per page of the slot (KVM
 * v4's list: 32 bytes per pinned page). Ranges change a word at a time.
 */
#ifndef HYP_PINSET_H
#define HYP_PINSET_H

#include <stdbool.h>
#include <stdint.h>

#define PINSET_LEAF_BITS	512u
#define PINSET_LEAF_WORDS	(PINSET_LEAF_BITS / 64)
#define PINSET_MID_LEAVES	512u
#define PINSET_MID_PAGES	(PINSET_LEAF_BITS * PINSET_MID_LEAVES)

struct pinset_mid {
	uint64_t *leaf[PINSET_MID_LEAVES];
	uint16_t count[PINSET_MID_LEAVES];
	uint32_t pinned;
};

struct pinset {
	uint64_t npages;
	uint64_t nmids;
	struct pinset_mid **mid;	/* NULL until the first pin */
	uint64_t pinned;		/* pages pinned in the slot */
	uint64_t bytes;			/* heap bytes held (all levels) */
};

void pinset_init(struct pinset *ps, uint64_t npages);
void pinset_fini(struct pinset *ps);
/* Mark [first, first + n) pinned / not pinned; returns the number of bits
 * that changed, or a negative hyp_mem error (EINVAL, ENOMEM). */
int64_t pinset_set(struct pinset *ps, uint64_t first, uint64_t n);
int64_t pinset_clear(struct pinset *ps, uint64_t first, uint64_t n);
bool pinset_test(const struct pinset *ps, uint64_t i);
/* Pinned pages in [first, first + n). */
uint64_t pinset_count(const struct pinset *ps, uint64_t first, uint64_t n);

#endif
