// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stage-2 translation table (Arm ARM D8.3, 4 KiB granule): descriptors are
 * built and decoded only with the S2PTE_* macros generated from
 * arch/sysreg/exception.reg.
 */
#include <stdlib.h>
#include <string.h>

#include "arch/sysreg.h"
#include "hyp/stage2.h"

#define ENTRIES		512u
#define NO_TABLE	UINT32_MAX

/* bits[1:0] of a descriptor: 0b01 block (levels 1-2), 0b11 table or page. */
#define DESC_TYPE_BLOCK	S2PTE_VALID_MASK
#define DESC_TYPE_TABLE	(S2PTE_VALID_MASK | S2PTE_TABLE_MASK)

/* Normal memory, Inner/Outer Write-Back Cacheable (MemAttr 0b1111, D8.5.5), Inner Shareable. */
#define S2_LEAF_ATTRS	(S2PTE_MEMATTR_PREP(0xf) | S2PTE_SH_PREP(3) | S2PTE_AF_MASK)

struct stage2 {
	unsigned ipa_bits;
	unsigned start_level;
	uint64_t **tables;	/* the table pool: index -> page of 512 descriptors */
	uint32_t ntables, cap;
	uint32_t *free_idx;	/* freed pool slots, reused first */
	uint32_t nfree, free_cap;
	uint32_t root;
	uint64_t tlb_gen;
	struct stage2_stats st;
};

static unsigned level_shift(unsigned level)
{
	return 12 + 9 * (3 - level);
}

static uint64_t level_size(unsigned level)
{
	return UINT64_C(1) << level_shift(level);
}

static unsigned level_index(uint64_t ipa, unsigned level)
{
	return (unsigned)((ipa >> level_shift(level)) & (ENTRIES - 1));
}

static bool desc_valid(uint64_t d)
{
	return (d & S2PTE_VALID_MASK) != 0;
}

static bool desc_is_table(uint64_t d, unsigned level)
{
	return level < 3 && (d & (S2PTE_VALID_MASK | S2PTE_TABLE_MASK)) == DESC_TYPE_TABLE;
}

static uint64_t leaf_desc(uint64_t pa, unsigned level, unsigned prot)
{
	uint64_t ap = S2PTE_S2AP_NONE;

	if ((prot & STAGE2_PROT_RW) == STAGE2_PROT_RW)
		ap = S2PTE_S2AP_RW;
	else if (prot & STAGE2_PROT_R)
		ap = S2PTE_S2AP_RO;
	else if (prot & STAGE2_PROT_W)
		ap = S2PTE_S2AP_WO;
	return S2PTE_ADDR_PREP(pa >> 12) | S2_LEAF_ATTRS | S2PTE_S2AP_PREP(ap) |
	       (level == 3 ? DESC_TYPE_TABLE : DESC_TYPE_BLOCK);
}

static unsigned desc_prot(uint64_t d)
{
	switch (S2PTE_S2AP_GET(d)) {
	case S2PTE_S2AP_RO: return STAGE2_PROT_R;
	case S2PTE_S2AP_WO: return STAGE2_PROT_W;
	case S2PTE_S2AP_RW: return STAGE2_PROT_RW;
	default: return 0;
	}
}

static uint64_t desc_pa(uint64_t d)
{
	return S2PTE_ADDR_GET(d) << 12;
}

static uint32_t table_alloc(struct stage2 *s2)
{
	uint32_t idx;
	uint64_t *page = aligned_alloc(STAGE2_PAGE_SIZE, STAGE2_PAGE_SIZE);

	if (!page)
		return NO_TABLE;
	memset(page, 0, STAGE2_PAGE_SIZE);
	if (s2->nfree) {
		idx = s2->free_idx[--s2->nfree];
	} else {
		if (s2->ntables == s2->cap) {
			uint32_t ncap = s2->cap ? s2->cap * 2 : 16;
			uint64_t **nt = realloc(s2->tables, ncap * sizeof(*nt));

			if (!nt) {
				free(page);
				return NO_TABLE;
			}
			s2->tables = nt;
			s2->cap = ncap;
		}
		idx = s2->ntables++;
	}
	s2->tables[idx] = page;
	s2->st.table_pages++;
	return idx;
}

static void table_release(struct stage2 *s2, uint32_t idx)
{
	free(s2->tables[idx]);
	s2->tables[idx] = NULL;
	s2->st.table_pages--;
	if (s2->nfree == s2->free_cap) {
		uint32_t ncap = s2->free_cap ? s2->free_cap * 2 : 16;
		uint32_t *nf = realloc(s2->free_idx, ncap * sizeof(*nf));

		if (!nf)
			return;	/* the slot is leaked in the pool index only */
		s2->free_idx = nf;
		s2->free_cap = ncap;
	}
	s2->free_idx[s2->nfree++] = idx;
}

static uint64_t *table_of(const struct stage2 *s2, uint64_t d)
{
	return s2->tables[S2PTE_ADDR_GET(d)];
}

/* Drop everything under a table descriptor (its leaves and tables). */
static void subtree_free(struct stage2 *s2, uint64_t d, unsigned level)
{
	uint64_t *t = table_of(s2, d);

	for (unsigned i = 0; i < ENTRIES; i++) {
		if (!desc_valid(t[i]))
			continue;
		if (desc_is_table(t[i], level + 1))
			subtree_free(s2, t[i], level + 1);
		else
			s2->st.leaves[level + 1]--;
	}
	table_release(s2, (uint32_t)S2PTE_ADDR_GET(d));
}

/* Invalidate one entry (break-before-make's "break" and its TLBI). */
static void entry_clear(struct stage2 *s2, uint64_t *e, unsigned level)
{
	if (!desc_valid(*e))
		return;
	if (desc_is_table(*e, level))
		subtree_free(s2, *e, level);
	else
		s2->st.leaves[level]--;
	*e = 0;
	s2->tlb_gen++;
	s2->st.tlbi++;
}

int stage2_create(unsigned ipa_bits, struct stage2 **out)
{
	struct stage2 *s2;

	if (!out || ipa_bits < 32 || ipa_bits > 48)
		return HYP_MEM_EINVAL;
	s2 = calloc(1, sizeof(*s2));
	if (!s2)
		return HYP_MEM_ENOMEM;
	s2->ipa_bits = ipa_bits;
	s2->start_level = ipa_bits > 39 ? 0 : 1;
	s2->root = table_alloc(s2);
	if (s2->root == NO_TABLE) {
		free(s2);
		return HYP_MEM_ENOMEM;
	}
	*out = s2;
	return HYP_MEM_OK;
}

void stage2_destroy(struct stage2 *s2)
{
	if (!s2)
		return;
	for (uint32_t i = 0; i < s2->ntables; i++)
		free(s2->tables[i]);
	free(s2->tables);
	free(s2->free_idx);
	free(s2);
}

unsigned stage2_ipa_bits(const struct stage2 *s2)
{
	return s2->ipa_bits;
}

unsigned stage2_start_level(const struct stage2 *s2)
{
	return s2->start_level;
}

static bool ipa_in_range(const struct stage2 *s2, uint64_t ipa, uint64_t size)
{
	uint64_t lim = UINT64_C(1) << s2->ipa_bits;

	return size && ipa < lim && size <= lim - ipa;
}

/* Replace a block leaf by a full next-level table with the same mapping. */
static int block_split(struct stage2 *s2, uint64_t *e, unsigned level)
{
	uint64_t old = *e, pa = desc_pa(old);
	unsigned prot = desc_prot(old);
	uint32_t idx = table_alloc(s2);
	uint64_t *t;

	if (idx == NO_TABLE)
		return HYP_MEM_ENOMEM;
	t = s2->tables[idx];
	for (unsigned i = 0; i < ENTRIES; i++)
		t[i] = leaf_desc(pa + i * level_size(level + 1), level + 1, prot);
	/* Break, then make: the block is invalidated before the table goes in. */
	*e = 0;
	s2->tlb_gen++;
	s2->st.tlbi++;
	s2->st.leaves[level]--;
	s2->st.leaves[level + 1] += ENTRIES;
	*e = S2PTE_ADDR_PREP(idx) | DESC_TYPE_TABLE;
	s2->st.splits++;
	return HYP_MEM_OK;
}

static int table_next(struct stage2 *s2, uint64_t *e, unsigned level, uint64_t **next)
{
	if (!desc_valid(*e)) {
		uint32_t idx = table_alloc(s2);

		if (idx == NO_TABLE)
			return HYP_MEM_ENOMEM;
		*e = S2PTE_ADDR_PREP(idx) | DESC_TYPE_TABLE;
	} else if (!desc_is_table(*e, level)) {
		int r = block_split(s2, e, level);

		if (r)
			return r;
	}
	*next = table_of(s2, *e);
	return HYP_MEM_OK;
}

int stage2_map(struct stage2 *s2, uint64_t ipa, uint64_t pa, uint64_t size, unsigned prot)
{
	unsigned target, level;
	uint64_t *t;

	if (!s2 || (prot & ~(unsigned)STAGE2_PROT_RW) || !ipa_in_range(s2, ipa, size))
		return HYP_MEM_EINVAL;
	if (size == STAGE2_PAGE_SIZE)
		target = 3;
	else if (size == STAGE2_BLOCK_2M)
		target = 2;
	else if (size == STAGE2_BLOCK_1G && s2->start_level <= 1)
		target = 1;
	else
		return HYP_MEM_EINVAL;
	if ((ipa | pa) & (size - 1) || pa >> 48)
		return HYP_MEM_EINVAL;
	t = s2->tables[s2->root];
	for (level = s2->start_level; level < target; level++) {
		int r = table_next(s2, &t[level_index(ipa, level)], level, &t);

		if (r)
			return r;
	}
	entry_clear(s2, &t[level_index(ipa, target)], target);
	t[level_index(ipa, target)] = leaf_desc(pa, target, prot);
	s2->st.leaves[target]++;
	s2->st.maps++;
	return HYP_MEM_OK;
}

static bool table_empty(const uint64_t *t)
{
	for (unsigned i = 0; i < ENTRIES; i++)
		if (desc_valid(t[i]))
			return false;
	return true;
}

enum range_op { OP_UNMAP, OP_WRPROTECT };

/* Apply op to [lo, hi) inside the table t at level that covers base. */
static int range_apply(struct stage2 *s2, uint64_t *t, unsigned level, uint64_t base,
		       uint64_t lo, uint64_t hi, enum range_op op)
{
	uint64_t sz = level_size(level);
	unsigned first = (unsigned)((lo - base) / sz), last = (unsigned)((hi - 1 - base) / sz);

	for (unsigned i = first; i <= last; i++) {
		uint64_t *e = &t[i], ebase = base + i * sz;
		bool whole = lo <= ebase && hi >= ebase + sz;
		int r;

		if (!desc_valid(*e))
			continue;
		if (!desc_is_table(*e, level)) {
			if (!whole) {
				r = block_split(s2, e, level);
				if (r)
					return r;
			} else if (op == OP_UNMAP) {
				entry_clear(s2, e, level);
				continue;
			} else {
				unsigned prot = desc_prot(*e);

				if (prot & STAGE2_PROT_W) {
					uint64_t pa = desc_pa(*e);

					/* Break before make: invalidate, then the read-only leaf. */
					*e = 0;
					s2->tlb_gen++;
					s2->st.tlbi++;
					*e = leaf_desc(pa, level, prot & ~(unsigned)STAGE2_PROT_W);
				}
				continue;
			}
		}
		if (whole && op == OP_UNMAP) {
			entry_clear(s2, e, level);
			continue;
		}
		r = range_apply(s2, table_of(s2, *e), level + 1, ebase,
				lo > ebase ? lo : ebase, hi < ebase + sz ? hi : ebase + sz, op);
		if (r)
			return r;
		if (op == OP_UNMAP && table_empty(table_of(s2, *e))) {
			table_release(s2, (uint32_t)S2PTE_ADDR_GET(*e));
			*e = 0;
		}
	}
	return HYP_MEM_OK;
}

static int range_op(struct stage2 *s2, uint64_t ipa, uint64_t size, enum range_op op)
{
	unsigned sl;

	if (!s2 || !ipa_in_range(s2, ipa, size) || (ipa | size) & (STAGE2_PAGE_SIZE - 1))
		return HYP_MEM_EINVAL;
	sl = s2->start_level;
	return range_apply(s2, s2->tables[s2->root], sl, 0, ipa, ipa + size, op);
}

int stage2_unmap(struct stage2 *s2, uint64_t ipa, uint64_t size)
{
	int r = range_op(s2, ipa, size, OP_UNMAP);

	if (!r)
		s2->st.unmaps++;
	return r;
}

int stage2_wrprotect(struct stage2 *s2, uint64_t ipa, uint64_t size)
{
	int r = range_op(s2, ipa, size, OP_WRPROTECT);

	if (!r)
		s2->st.wrprotects++;
	return r;
}

int stage2_split(struct stage2 *s2, uint64_t ipa)
{
	uint64_t *t;

	if (!s2 || !ipa_in_range(s2, ipa, 1))
		return HYP_MEM_EINVAL;
	t = s2->tables[s2->root];
	for (unsigned level = s2->start_level; level <= 3; level++) {
		uint64_t *e = &t[level_index(ipa, level)];

		if (!desc_valid(*e) || level == 3)
			return HYP_MEM_EINVAL;
		if (!desc_is_table(*e, level))
			return block_split(s2, e, level);
		t = table_of(s2, *e);
	}
	return HYP_MEM_EINVAL;
}

static int walk_fault(struct stage2_xlate *x, uint64_t fsc_base, unsigned level, uint64_t desc)
{
	x->fault = true;
	x->level = (uint8_t)level;
	x->fsc = (uint8_t)(fsc_base + level);
	x->desc = desc;
	return 1;
}

int stage2_walk(const struct stage2 *s2, uint64_t ipa, bool write, struct stage2_xlate *x)
{
	const uint64_t *t;

	if (!s2 || !x)
		return HYP_MEM_EINVAL;
	memset(x, 0, sizeof(*x));
	if (!ipa_in_range(s2, ipa, 1))
		return walk_fault(x, ESR_ISS_DABT_DFSC_TRANS_L0, 0, 0);
	t = s2->tables[s2->root];
	for (unsigned level = s2->start_level; level <= 3; level++) {
		uint64_t d = t[level_index(ipa, level)];
		unsigned prot;

		if (!desc_valid(d) || (level == 3 && (d & DESC_TYPE_TABLE) != DESC_TYPE_TABLE) ||
		    (level == 0 && !desc_is_table(d, 0)))
			return walk_fault(x, ESR_ISS_DABT_DFSC_TRANS_L0, level, d);
		if (desc_is_table(d, level)) {
			t = table_of(s2, d);
			continue;
		}
		if (!(d & S2PTE_AF_MASK))
			return walk_fault(x, ESR_ISS_DABT_DFSC_ACCESS_L1 - 1, level, d);
		prot = desc_prot(d);
		if (!(prot & (write ? STAGE2_PROT_W : STAGE2_PROT_R)))
			return walk_fault(x, ESR_ISS_DABT_DFSC_PERM_L1 - 1, level, d);
		x->level = (uint8_t)level;
		x->size = level_size(level);
		x->pa = desc_pa(d) | (ipa & (x->size - 1));
		x->prot = prot;
		x->desc = d;
		return 0;
	}
	return HYP_MEM_EINVAL;
}

uint64_t stage2_tlb_gen(const struct stage2 *s2)
{
	return s2->tlb_gen;
}

const uint64_t *stage2_tlb_gen_ptr(const struct stage2 *s2)
{
	return &s2->tlb_gen;
}

void stage2_get_stats(const struct stage2 *s2, struct stage2_stats *st)
{
	*st = s2->st;
}
