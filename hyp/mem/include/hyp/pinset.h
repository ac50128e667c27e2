/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which pages of a memslot are pinned: a two-level bitmap. The top level
 * has one pointer per 2 MiB (512 pages) of the slot, allocated on the first
 * pin; a leaf is 512 bits (8 words), allocated when its first page is
 * pinned and freed when its last is unpinned. A leaf whose 512 pages are
 * all pinned is replaced by a shared all-ones leaf, so a fully pinned slot
 * (pin-all) costs only the top level: 1/8 bit per page. Worst case, about
 * 1.2 bits per page of the slot (KVM v4's list: 24+ bytes per pinned page).
 * Ranges are set and cleared a word at a time.
 */
#ifndef HYP_PINSET_H
#define HYP_PINSET_H

#include <stdbool.h>
#include <stdint.h>

struct pinset {
	uint64_t npages;
	uint64_t nleaves;
	uint64_t **leaf;	/* NULL until the first pin */
	uint16_t *count;	/* pinned pages per leaf (0..512) */
	uint64_t pinned;	/* pages pinned in the slot */
	uint64_t bytes;		/* heap bytes held (top level + leaves) */
};

void pinset_init(struct pinset *ps, uint64_t npages);
void pinset_fini(struct pinset *ps);
/* Mark [first, first + n) pinned / not pinned; returns the number of bits
 * that changed, or -HYP_MEM_ENOMEM as a negative hyp_mem error. */
int64_t pinset_set(struct pinset *ps, uint64_t first, uint64_t n);
int64_t pinset_clear(struct pinset *ps, uint64_t first, uint64_t n);
bool pinset_test(const struct pinset *ps, uint64_t i);
/* Pinned pages in [first, first + n). */
uint64_t pinset_count(const struct pinset *ps, uint64_t first, uint64_t n);

#endif
