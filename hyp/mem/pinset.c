// SPDX-License-Identifier: GPL-2.0-only
/* The pinned-page bitmap of a memslot (see include/hyp/pinset.h). */
#include <stdlib.h>
#include <string.h>

#include "hyp/mem-err.h"
#include "hyp/pinset.h"

#define LEAF_BITS	512u
#define LEAF_WORDS	(LEAF_BITS / 64)

static uint64_t full_leaf[LEAF_WORDS] = {
	UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX,
	UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX,
};

void pinset_init(struct pinset *ps, uint64_t npages)
{
	memset(ps, 0, sizeof(*ps));
	ps->npages = npages;
	ps->nleaves = (npages + LEAF_BITS - 1) / LEAF_BITS;
}

void pinset_fini(struct pinset *ps)
{
	if (ps->leaf)
		for (uint64_t i = 0; i < ps->nleaves; i++)
			if (ps->leaf[i] != full_leaf)
				free(ps->leaf[i]);
	free(ps->leaf);
	free(ps->count);
	memset(ps, 0, sizeof(*ps));
}

static int top_alloc(struct pinset *ps)
{
	if (ps->leaf)
		return 0;
	ps->leaf = calloc(ps->nleaves, sizeof(*ps->leaf));
	ps->count = calloc(ps->nleaves, sizeof(*ps->count));
	if (!ps->leaf || !ps->count) {
		free(ps->leaf);
		free(ps->count);
		ps->leaf = NULL;
		ps->count = NULL;
		return HYP_MEM_ENOMEM;
	}
	ps->bytes += ps->nleaves * (sizeof(*ps->leaf) + sizeof(*ps->count));
	return 0;
}

/* Bits [lo, hi) of one word, lo < hi <= 64. */
static uint64_t word_mask(unsigned lo, unsigned hi)
{
	uint64_t m = hi == 64 ? UINT64_MAX : (UINT64_C(1) << hi) - 1;

	return m & ~((UINT64_C(1) << lo) - 1);
}

/* Set or clear bits [lo, hi) of leaf l; returns bits changed. */
static int64_t leaf_update(struct pinset *ps, uint64_t l, unsigned lo, unsigned hi, bool set)
{
	uint64_t *w = ps->leaf[l];
	int64_t changed = 0;

	if (set && ps->count[l] == LEAF_BITS)
		return 0;
	if (!set && !ps->count[l])
		return 0;
	if (set && lo == 0 && hi == LEAF_BITS) {
		/* The whole leaf: no bitmap needed. */
		changed = LEAF_BITS - ps->count[l];
		if (w) {
			free(w);
			ps->bytes -= sizeof(full_leaf);
		}
		ps->leaf[l] = full_leaf;
		ps->count[l] = LEAF_BITS;
		return changed;
	}
	if (!set && lo == 0 && hi == LEAF_BITS) {
		changed = ps->count[l];
		if (w != full_leaf) {
			free(w);
			ps->bytes -= sizeof(full_leaf);
		}
		ps->leaf[l] = NULL;
		ps->count[l] = 0;
		return -changed;
	}
	if (!w || w == full_leaf) {
		uint64_t *nw = malloc(sizeof(full_leaf));

		if (!nw)
			return INT64_MIN;
		memcpy(nw, w ? full_leaf : (uint64_t[LEAF_WORDS]){ 0 }, sizeof(full_leaf));
		ps->bytes += sizeof(full_leaf);
		ps->leaf[l] = w = nw;
	}
	for (unsigned i = lo / 64; i <= (hi - 1) / 64; i++) {
		unsigned a = i * 64 > lo ? 0 : lo % 64;
		unsigned b = (i + 1) * 64 <= hi ? 64 : hi % 64;
		uint64_t m = word_mask(a, b);
		uint64_t old = w[i];

		w[i] = set ? old | m : old & ~m;
		changed += __builtin_popcountll(old ^ w[i]);
	}
	ps->count[l] = (uint16_t)(ps->count[l] + (set ? changed : -changed));
	if (ps->count[l] == 0 || ps->count[l] == LEAF_BITS) {
		free(w);
		ps->bytes -= sizeof(full_leaf);
		ps->leaf[l] = ps->count[l] ? full_leaf : NULL;
	}
	return set ? changed : -changed;
}

static int64_t range_update(struct pinset *ps, uint64_t first, uint64_t n, bool set)
{
	int64_t total = 0;
	uint64_t end = first + n;

	if (first > ps->npages || n > ps->npages - first)
		return HYP_MEM_EINVAL;
	if (!n)
		return 0;
	if (!ps->leaf) {
		if (!set)
			return 0;
		if (top_alloc(ps))
			return HYP_MEM_ENOMEM;
	}
	while (first < end) {
		uint64_t l = first / LEAF_BITS;
		unsigned lo = (unsigned)(first % LEAF_BITS);
		unsigned hi = end - l * LEAF_BITS >= LEAF_BITS ? LEAF_BITS
							    : (unsigned)(end - l * LEAF_BITS);
		int64_t c = leaf_update(ps, l, lo, hi, set);

		if (c == INT64_MIN)
			return HYP_MEM_ENOMEM;
		total += set ? c : -c;
		first = l * LEAF_BITS + hi;
	}
	ps->pinned = set ? ps->pinned + (uint64_t)total : ps->pinned - (uint64_t)total;
	return total;
}

int64_t pinset_set(struct pinset *ps, uint64_t first, uint64_t n)
{
	return range_update(ps, first, n, true);
}

int64_t pinset_clear(struct pinset *ps, uint64_t first, uint64_t n)
{
	return range_update(ps, first, n, false);
}

bool pinset_test(const struct pinset *ps, uint64_t i)
{
	const uint64_t *w;

	if (!ps->leaf || i >= ps->npages)
		return false;
	w = ps->leaf[i / LEAF_BITS];
	return w && (w[(i % LEAF_BITS) / 64] >> (i % 64) & 1);
}

uint64_t pinset_count(const struct pinset *ps, uint64_t first, uint64_t n)
{
	uint64_t c = 0;

	if (!ps->leaf)
		return 0;
	for (uint64_t i = first; i < first + n && i < ps->npages;) {
		uint64_t l = i / LEAF_BITS;

		if (!(i % LEAF_BITS) && first + n - i >= LEAF_BITS) {
			c += ps->count[l];
			i += LEAF_BITS;
		} else {
			c += pinset_test(ps, i);
			i++;
		}
	}
	return c;
}
