// SPDX-License-Identifier: GPL-2.0-only
/* The pinned-page bitmap of a memslot (see include/hyp/pinset.h). */
#include <stdlib.h>
#include <string.h>

#include "hyp/mem-err.h"
#include "hyp/pinset.h"

#define LEAF_BYTES	(PINSET_LEAF_WORDS * sizeof(uint64_t))

static uint64_t full_leaf[PINSET_LEAF_WORDS] = {
	UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX,
	UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX,
};
static const uint64_t zero_leaf[PINSET_LEAF_WORDS];

/* The shared "all 1 GiB pinned" mid; its fields are never read as owned. */
static struct pinset_mid full_mid;

void pinset_init(struct pinset *ps, uint64_t npages)
{
	memset(ps, 0, sizeof(*ps));
	ps->npages = npages;
	ps->nmids = (npages + PINSET_MID_PAGES - 1) / PINSET_MID_PAGES;
}

static void mid_free(struct pinset *ps, struct pinset_mid *md)
{
	if (!md || md == &full_mid)
		return;
	for (unsigned l = 0; l < PINSET_MID_LEAVES; l++)
		if (md->leaf[l] && md->leaf[l] != full_leaf) {
			free(md->leaf[l]);
			ps->bytes -= LEAF_BYTES;
		}
	free(md);
	ps->bytes -= sizeof(*md);
}

void pinset_fini(struct pinset *ps)
{
	if (ps->mid)
		for (uint64_t i = 0; i < ps->nmids; i++)
			mid_free(ps, ps->mid[i]);
	free(ps->mid);
	memset(ps, 0, sizeof(*ps));
}

/* Bits [lo, hi) of one word, lo < hi <= 64. */
static uint64_t word_mask(unsigned lo, unsigned hi)
{
	uint64_t m = hi == 64 ? UINT64_MAX : (UINT64_C(1) << hi) - 1;

	return m & ~((UINT64_C(1) << lo) - 1);
}

/* Set or clear bits [lo, hi) of leaf l of md; returns bits changed, -1 on ENOMEM. */
static int64_t leaf_update(struct pinset *ps, struct pinset_mid *md, unsigned l, unsigned lo,
			   unsigned hi, bool set)
{
	uint64_t *w = md->leaf[l];
	unsigned changed = 0;

	if (set ? md->count[l] == PINSET_LEAF_BITS : md->count[l] == 0)
		return 0;
	if (lo == 0 && hi == PINSET_LEAF_BITS) {
		/* The whole leaf: no bitmap needed either way. */
		changed = set ? PINSET_LEAF_BITS - md->count[l] : md->count[l];
		if (w && w != full_leaf) {
			free(w);
			ps->bytes -= LEAF_BYTES;
		}
		md->leaf[l] = set ? full_leaf : NULL;
		md->count[l] = set ? PINSET_LEAF_BITS : 0;
		return changed;
	}
	if (!w || w == full_leaf) {
		uint64_t *nw = malloc(LEAF_BYTES);

		if (!nw)
			return -1;
		memcpy(nw, w ? full_leaf : zero_leaf, LEAF_BYTES);
		ps->bytes += LEAF_BYTES;
		md->leaf[l] = w = nw;
	}
	for (unsigned i = lo / 64; i <= (hi - 1) / 64; i++) {
		unsigned a = i * 64 > lo ? 0 : lo % 64;
		unsigned b = (i + 1) * 64 <= hi ? 64 : hi % 64;
		uint64_t old = w[i], m = word_mask(a, b);

		w[i] = set ? old | m : old & ~m;
		changed += (unsigned)__builtin_popcountll(old ^ w[i]);
	}
	md->count[l] = (uint16_t)(set ? md->count[l] + changed : md->count[l] - changed);
	if (md->count[l] == 0 || md->count[l] == PINSET_LEAF_BITS) {
		free(w);
		ps->bytes -= LEAF_BYTES;
		md->leaf[l] = md->count[l] ? full_leaf : NULL;
	}
	return changed;
}

/* A private, changeable mid for slot 1 GiB index m (copying the shared full one). */
static struct pinset_mid *mid_own(struct pinset *ps, uint64_t m)
{
	struct pinset_mid *md = ps->mid[m];

	if (md && md != &full_mid)
		return md;
	md = calloc(1, sizeof(*md));
	if (!md)
		return NULL;
	ps->bytes += sizeof(*md);
	if (ps->mid[m] == &full_mid) {
		for (unsigned l = 0; l < PINSET_MID_LEAVES; l++) {
			md->leaf[l] = full_leaf;
			md->count[l] = PINSET_LEAF_BITS;
		}
		md->pinned = PINSET_MID_PAGES;
	}
	ps->mid[m] = md;
	return md;
}

/* Update [lo, hi) inside mid m; returns bits changed or -1 (ENOMEM). */
static int64_t mid_update(struct pinset *ps, uint64_t m, uint64_t lo, uint64_t hi, bool set)
{
	struct pinset_mid *md = ps->mid[m];
	int64_t total = 0;

	if (set ? md == &full_mid : md == NULL)
		return 0;
	if (lo == 0 && hi == PINSET_MID_PAGES) {
		total = set ? PINSET_MID_PAGES - (md ? md->pinned : 0) : md->pinned;
		if (md == &full_mid)
			total = PINSET_MID_PAGES;
		mid_free(ps, md);
		ps->mid[m] = set ? &full_mid : NULL;
		return total;
	}
	md = mid_own(ps, m);
	if (!md)
		return -1;
	while (lo < hi) {
		unsigned l = (unsigned)(lo / PINSET_LEAF_BITS);
		uint64_t lend = (uint64_t)(l + 1) * PINSET_LEAF_BITS;
		uint64_t e = hi < lend ? hi : lend;
		int64_t c = leaf_update(ps, md, l, (unsigned)(lo % PINSET_LEAF_BITS),
					(unsigned)(e - (uint64_t)l * PINSET_LEAF_BITS), set);

		if (c < 0)
			return -1;
		md->pinned = (uint32_t)(set ? md->pinned + c : md->pinned - c);
		total += c;
		lo = e;
	}
	if (md->pinned == 0 || md->pinned == PINSET_MID_PAGES) {
		bool full = md->pinned != 0;

		mid_free(ps, md);
		ps->mid[m] = full ? &full_mid : NULL;
	}
	return total;
}

static int64_t range_update(struct pinset *ps, uint64_t first, uint64_t n, bool set)
{
	uint64_t end = first + n;
	int64_t total = 0;

	if (first > ps->npages || n > ps->npages - first)
		return HYP_MEM_EINVAL;
	if (!n || (!ps->mid && !set))
		return 0;
	if (!ps->mid) {
		ps->mid = calloc(ps->nmids, sizeof(*ps->mid));
		if (!ps->mid)
			return HYP_MEM_ENOMEM;
		ps->bytes += ps->nmids * sizeof(*ps->mid);
	}
	while (first < end) {
		uint64_t m = first / PINSET_MID_PAGES, base = m * PINSET_MID_PAGES;
		uint64_t e = end < base + PINSET_MID_PAGES ? end : base + PINSET_MID_PAGES;
		int64_t c = mid_update(ps, m, first - base, e - base, set);

		if (c < 0)
			return HYP_MEM_ENOMEM;
		total += c;
		ps->pinned = set ? ps->pinned + (uint64_t)c : ps->pinned - (uint64_t)c;
		first = e;
	}
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
	const struct pinset_mid *md;
	const uint64_t *w;

	if (!ps->mid || i >= ps->npages)
		return false;
	md = ps->mid[i / PINSET_MID_PAGES];
	if (!md)
		return false;
	if (md == &full_mid)
		return true;
	w = md->leaf[(i % PINSET_MID_PAGES) / PINSET_LEAF_BITS];
	return w && (w[(i % PINSET_LEAF_BITS) / 64] >> (i % 64) & 1);
}

uint64_t pinset_count(const struct pinset *ps, uint64_t first, uint64_t n)
{
	uint64_t c = 0, end = first + n < ps->npages ? first + n : ps->npages;

	if (!ps->mid)
		return 0;
	for (uint64_t i = first; i < end;) {
		const struct pinset_mid *md = ps->mid[i / PINSET_MID_PAGES];

		if (!(i % PINSET_MID_PAGES) && end - i >= PINSET_MID_PAGES) {
			c += !md ? 0 : md == &full_mid ? PINSET_MID_PAGES : md->pinned;
			i += PINSET_MID_PAGES;
		} else if (!(i % PINSET_LEAF_BITS) && end - i >= PINSET_LEAF_BITS) {
			unsigned l = (unsigned)((i % PINSET_MID_PAGES) / PINSET_LEAF_BITS);

			c += !md ? 0 : md == &full_mid ? PINSET_LEAF_BITS : md->count[l];
			i += PINSET_LEAF_BITS;
		} else {
			c += pinset_test(ps, i);
			i++;
		}
	}
	return c;
}
