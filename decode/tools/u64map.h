/* SPDX-License-Identifier: GPL-2.0-only */
/* An open-addressing counter map u64 -> u64 for the report (private). */
#ifndef DECODE_TOOLS_U64MAP_H
#define DECODE_TOOLS_U64MAP_H

#include <stddef.h>
#include <stdint.h>

struct u64map {
	uint64_t *keys;
	uint64_t *vals;
	uint8_t *used;
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
/* Add n to key's count. */
void u64map_add(struct u64map *m, uint64_t key, uint64_t n);
/* All entries, sorted by count descending then key; caller frees. */
struct u64pair *u64map_sorted(const struct u64map *m, size_t *nr);

#endif
