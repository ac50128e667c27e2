// SPDX-License-Identifier: GPL-2.0-only
/* Counter map for the report (see u64map.h). */
#include <stdlib.h>
#include <string.h>

#include "u64map.h"

void u64map_init(struct u64map *m)
{
	memset(m, 0, sizeof(*m));
}

void u64map_free(struct u64map *m)
{
	free(m->slot);
	memset(m, 0, sizeof(*m));
}

static int grow(struct u64map *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024;
	struct u64slot *n = calloc(ncap, sizeof(*n));

	if (!n)
		return -1;
	for (size_t i = 0; i < m->cap; i++) {
		size_t s;

		if (!m->slot[i].used)
			continue;
		for (s = u64map_hash(m->slot[i].key, ncap); n[s].used; s = (s + 1) & (ncap - 1))
			;
		n[s] = m->slot[i];
	}
	free(m->slot);
	m->slot = n;
	m->cap = ncap;
	return 0;
}

void u64map_insert(struct u64map *m, uint64_t key, uint64_t n)
{
	size_t s;

	if ((m->nr + 1) * 2 > m->cap && grow(m)) {
		m->oom = 1;
		return;
	}
	for (s = u64map_hash(key, m->cap); m->slot[s].used; s = (s + 1) & (m->cap - 1)) {
		if (m->slot[s].key == key) {
			m->slot[s].val += n;
			return;
		}
	}
	m->slot[s].used = 1;
	m->slot[s].key = key;
	m->slot[s].val = n;
	m->nr++;
}

static int pair_cmp(const void *a, const void *b)
{
	const struct u64pair *x = a, *y = b;

	if (x->val != y->val)
		return x->val > y->val ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

struct u64pair *u64map_sorted(const struct u64map *m, size_t *nr)
{
	struct u64pair *p = malloc((m->nr ? m->nr : 1) * sizeof(*p));
	size_t n = 0;

	*nr = 0;
	if (!p)
		return NULL;
	for (size_t i = 0; i < m->cap; i++) {
		if (m->slot[i].used) {
			p[n].key = m->slot[i].key;
			p[n].val = m->slot[i].val;
			n++;
		}
	}
	qsort(p, n, sizeof(*p), pair_cmp);
	*nr = n;
	return p;
}
