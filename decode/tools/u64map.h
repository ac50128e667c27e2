/* SPDX-License-Identifier: GPL-2.0-only */
/* An open-addressing counter map u64 -> u64 for the report (private). */
#ifndef DECODE_TOOLS_U64MAP_H
#define DECODE_TOOLS_U64MAP_H

#include <stddef.h>
#include <stdint.h>

/* One slot: key, count and "in use" together, one cache line per probe. */
struct u64slot {
	uint64_t key;
	uint64_t val;
	uint64_t used;
};

struct u64map {
	struct u64slot *slot;
	size_t cap;	/* power of two */
	size_t nr;
	int oom;	/* an insert failed for lack of memory */
};

struct u64pair {
	uint64_t key;
	uint64_t val;
};

void u64map_init(struct u64map *m);
void u64map_free(struct u64map *m);
/* Insert a key not yet present (the slow path of u64map_add). */
void u64map_insert(struct u64map *m, uint64_t key, uint64_t n);
/* All entries, sorted by count descending then key; caller frees. */
struct u64pair *u64map_sorted(const struct u64map *m, size_t *nr);

static inline size_t u64map_hash(uint64_t key, size_t cap)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdull;
	key ^= key >> 33;
	return (size_t)key & (cap - 1);
}

/* Add n to key's count (inline: called for every record of a trace). */
static inline void u64map_add(struct u64map *m, uint64_t key, uint64_t n)
{
	if (m->cap) {
		for (size_t s = u64map_hash(key, m->cap); m->slot[s].used;
		     s = (s + 1) & (m->cap - 1)) {
			if (m->slot[s].key == key) {
				m->slot[s].val += n;
				return;
			}
		}
	}
	u64map_insert(m, key, n);
}

#endif
