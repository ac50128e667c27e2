// SPDX-License-Identifier: GPL-2.0-only
/* Counter map for the report (see u64map.h). */
#include <stdlib.h>
#include <string.h>

#include "u64map.h"

static size_t slot(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdull;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

void u64map_init(struct u64map *m)
{
	memset(m, 0, sizeof(*m));
}

void u64map_free(struct u64map *m)
{
	free(m->keys);
	free(m->vals);
	free(m->used);
	memset(m, 0, sizeof(*m));
}

static int grow(struct u64map *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1024;
	uint64_t *k = calloc(ncap, sizeof(*k)), *v = calloc(ncap, sizeof(*v));
	uint8_t *u = calloc(ncap, 1);

	if (!k || !v || !u) {
		free(k);
		free(v);
		free(u);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++) {
		size_t s;

		if (!m->used[i])
			continue;
		for (s = slot(m->keys[i], ncap); u[s]; s = (s + 1) & (ncap - 1))
			;
		u[s] = 1;
		k[s] = m->keys[i];
		v[s] = m->vals[i];
	}
	free(m->keys);
	free(m->vals);
	free(m->used);
	m->keys = k;
	m->vals = v;
	m->used = u;
	m->cap = ncap;
	return 0;
}

void u64map_add(struct u64map *m, uint64_t key, uint64_t n)
{
	size_t s;

	if ((m->nr + 1) * 2 > m->cap && grow(m)) {
		m->oom = 1;
		return;
	}
	for (s = slot(key, m->cap); m->used[s]; s = (s + 1) & (m->cap - 1)) {
		if (m->keys[s] == key) {
			m->vals[s] += n;
			return;
		}
	}
	m->used[s] = 1;
	m->keys[s] = key;
	m->vals[s] = n;
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
		if (m->used[i]) {
			p[n].key = m->keys[i];
			p[n].val = m->vals[i];
			n++;
		}
	}
	qsort(p, n, sizeof(*p), pair_cmp);
	*nr = n;
	return p;
}
