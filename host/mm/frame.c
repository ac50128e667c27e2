// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host frame allocator: a bump pointer over [0, nframes) plus free lists of
 * small frames and 2 MiB frames. Freed small frames are not coalesced back
 * into huge ones (a fragmenting host, as after long uptime); skipped
 * frames from alignment go to the free lists, never lost.
 */
#include <stdlib.h>

#include "mm-internal.h"

int u64vec_push(struct u64vec *v, uint64_t x)
{
	if (v->n == v->cap) {
		uint64_t ncap = v->cap ? v->cap * 2 : 64;
		uint64_t *nv = realloc(v->v, ncap * sizeof(*nv));

		if (!nv)
			return HOST_MM_ENOMEM;
		v->v = nv;
		v->cap = ncap;
	}
	v->v[v->n++] = x;
	return HOST_MM_OK;
}

/* Hand frames [from, to) to the free lists (2 MiB-aligned parts as huge). */
static void frames_release_range(struct host_mm *mm, uint64_t from, uint64_t to)
{
	while (from < to) {
		if (!(from % HOST_MM_CHUNK_PAGES) && to - from >= HOST_MM_CHUNK_PAGES) {
			if (u64vec_push(&mm->fr.huge_free, from))
				return;
			from += HOST_MM_CHUNK_PAGES;
		} else {
			if (u64vec_push(&mm->fr.small_free, from))
				return;
			from++;
		}
	}
}

uint64_t frame_alloc_small(struct host_mm *mm)
{
	struct frames *f = &mm->fr;
	uint64_t pfn;

	if (f->small_free.n) {
		pfn = f->small_free.v[--f->small_free.n];
	} else if (f->bump < f->total) {
		pfn = f->bump++;
	} else if (f->huge_free.n) {
		pfn = f->huge_free.v[--f->huge_free.n];
		for (uint64_t i = HOST_MM_CHUNK_PAGES - 1; i >= 1; i--)
			if (u64vec_push(&f->small_free, pfn + i))
				break;
	} else {
		return HOST_MM_NO_PFN;
	}
	f->used++;
	return pfn;
}

uint64_t frame_alloc_huge(struct host_mm *mm)
{
	struct frames *f = &mm->fr;
	uint64_t pfn;

	if (f->huge_free.n) {
		pfn = f->huge_free.v[--f->huge_free.n];
	} else {
		uint64_t a = (f->bump + HOST_MM_CHUNK_PAGES - 1) / HOST_MM_CHUNK_PAGES *
			     HOST_MM_CHUNK_PAGES;

		if (a + HOST_MM_CHUNK_PAGES > f->total)
			return HOST_MM_NO_PFN;
		frames_release_range(mm, f->bump, a);
		pfn = a;
		f->bump = a + HOST_MM_CHUNK_PAGES;
	}
	f->used += HOST_MM_CHUNK_PAGES;
	return pfn;
}

uint64_t frame_alloc_giant(struct host_mm *mm)
{
	struct frames *f = &mm->fr;
	uint64_t a = (f->bump + HOST_MM_GIANT_PAGES - 1) / HOST_MM_GIANT_PAGES * HOST_MM_GIANT_PAGES;

	if (a + HOST_MM_GIANT_PAGES > f->total)
		return HOST_MM_NO_PFN;
	frames_release_range(mm, f->bump, a);
	f->bump = a + HOST_MM_GIANT_PAGES;
	f->used += HOST_MM_GIANT_PAGES;
	return a;
}

void frame_free_small(struct host_mm *mm, uint64_t pfn)
{
	mm->fr.used--;
	(void)u64vec_push(&mm->fr.small_free, pfn);
}

void frame_free_huge(struct host_mm *mm, uint64_t head)
{
	mm->fr.used -= HOST_MM_CHUNK_PAGES;
	(void)u64vec_push(&mm->fr.huge_free, head);
}
