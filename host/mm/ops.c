// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the host does to a page behind the VM's back: reclaim (swap out),
 * migrate, NUMA-balancing unmap, KSM merge, THP split, and the two ways a
 * fault undoes them (swap-in, copy-on-write break). Every change is
 * bracketed by the MMU notifier: invalidate_range_start before anything
 * moves, invalidate_range_end after. Pinned pages are refused (EBUSY):
 * like Linux, a long-term pin holds a reference that migration, reclaim
 * and KSM respect.
 */
#include <stdlib.h>
#include <string.h>

#include "mm-internal.h"

/* In-place bytes of a non-resident page: any read of them is a bug. */
#define SCRIBBLE	UINT64_C(0xd15ea5edfee1dead)

struct loc {
	struct slot *s;
	struct chunk *c;
	uint64_t idx;		/* page index in the slot */
	uint64_t *e;		/* page entry when the chunk is small */
};

static int locate(struct host_mm *mm, uint64_t gfn, struct loc *l)
{
	l->s = mm ? mm_slot_of(mm, gfn) : NULL;
	if (!l->s)
		return HOST_MM_ENOENT;
	l->idx = gfn - l->s->gfn;
	l->c = &l->s->chunks[l->idx / HOST_MM_CHUNK_PAGES];
	l->e = l->c->state == CH_SMALL ? &l->c->pages[l->idx % HOST_MM_CHUNK_PAGES] : NULL;
	return HOST_MM_OK;
}

/*
 * A page an event may touch: 0 with l filled, or the event's answer (an
 * error for a bad gfn, 1 for an empty chunk, HOST_MM_EBUSY when pinned).
 */
static int locate_movable(struct host_mm *mm, uint64_t gfn, struct loc *l)
{
	int r = locate(mm, gfn, l);

	if (r)
		return r;
	if (l->c->state == CH_EMPTY)
		return 1;
	return host_mm_pinned(mm, gfn) ? HOST_MM_EBUSY : 0;
}

static uint8_t *page_bytes(const struct slot *s, uint64_t gfn)
{
	return s->hva + (gfn - s->gfn) * HOST_MM_PAGE_SIZE;
}

static uint64_t chunk_gfn(const struct loc *l)
{
	return l->s->gfn + l->idx / HOST_MM_CHUNK_PAGES * HOST_MM_CHUNK_PAGES;
}

static void ksm_put(struct host_mm *mm, uint64_t k)
{
	struct ksm_entry *ke = &mm->ksm[k];

	mm->st.ksm_shared_pages--;
	if (--ke->refs)
		return;
	frame_free_small(mm, ke->pfn);
	free(ke->bytes);
	ke->bytes = NULL;
	mm->st.meta_bytes -= HOST_MM_PAGE_SIZE;
}

static int64_t swap_slot_get(struct host_mm *mm)
{
	uint64_t i;

	if (mm->swap_free.n)
		return (int64_t)mm->swap_free.v[--mm->swap_free.n];
	if (mm->nswap == mm->swap_cap) {
		uint64_t ncap = mm->swap_cap ? mm->swap_cap * 2 : 64;
		uint8_t **ns = realloc(mm->swap, ncap * sizeof(*ns));

		if (!ns)
			return -1;
		mm->swap = ns;
		mm->swap_cap = ncap;
	}
	i = mm->nswap;
	mm->swap[i] = malloc(HOST_MM_PAGE_SIZE);
	if (!mm->swap[i])
		return -1;
	mm->nswap++;
	mm->st.meta_bytes += HOST_MM_PAGE_SIZE;
	return (int64_t)i;
}

int host_mm_thp_split(struct host_mm *mm, uint64_t gfn)
{
	struct loc l;
	uint64_t base;
	int r = locate(mm, gfn, &l);

	if (r)
		return r;
	if (l.c->state != CH_HUGE)
		return 1;
	if (l.c->pins)
		return HOST_MM_EBUSY;
	base = chunk_gfn(&l);
	notify_start(mm, base, HOST_MM_CHUNK_PAGES, HOST_MM_EV_THP_SPLIT);
	r = chunk_make_small(mm, l.s, l.idx / HOST_MM_CHUNK_PAGES);
	notify_end(mm, base, HOST_MM_CHUNK_PAGES, HOST_MM_EV_THP_SPLIT);
	if (r)
		return r;
	mm->st.events[HOST_MM_EV_THP_SPLIT]++;
	return HOST_MM_OK;
}

int host_mm_reclaim(struct host_mm *mm, uint64_t gfn)
{
	struct loc l;
	int64_t slot;
	uint8_t *p;
	int r = locate_movable(mm, gfn, &l);

	if (r)
		return r;
	if (l.c->state == CH_HUGE) {
		/* A THP is split before one of its pages goes to swap. */
		r = host_mm_thp_split(mm, gfn);
		if (r)
			return r;
		(void)locate(mm, gfn, &l);
	}
	if (!(*l.e & (PE_PRESENT | PE_KSM)))
		return 1;
	slot = swap_slot_get(mm);
	if (slot < 0)
		return HOST_MM_ENOMEM;
	notify_start(mm, gfn, 1, HOST_MM_EV_RECLAIM);
	p = page_bytes(l.s, gfn);
	memcpy(mm->swap[slot], p, HOST_MM_PAGE_SIZE);
	if (*l.e & PE_KSM)
		ksm_put(mm, PE_LOW(*l.e));
	else
		frame_free_small(mm, PE_LOW(*l.e));
	for (unsigned i = 0; i < HOST_MM_PAGE_SIZE / 8; i++) {
		uint64_t w = SCRIBBLE ^ gfn;

		memcpy(p + 8 * i, &w, 8);
	}
	*l.e = PE_SWAPPED | (uint64_t)slot;
	mm->st.resident_pages--;
	mm->st.swapped_pages++;
	notify_end(mm, gfn, 1, HOST_MM_EV_RECLAIM);
	mm->st.events[HOST_MM_EV_RECLAIM]++;
	return HOST_MM_OK;
}

int mm_swap_in(struct host_mm *mm, struct slot *s, uint64_t *e, uint64_t gfn)
{
	uint64_t pfn = frame_alloc_small(mm), slot = PE_LOW(*e);

	if (pfn == HOST_MM_NO_PFN)
		return HOST_MM_ENOMEM;
	memcpy(page_bytes(s, gfn), mm->swap[slot], HOST_MM_PAGE_SIZE);
	(void)u64vec_push(&mm->swap_free, slot);
	*e = (*e & PE_PIN_MASK) | PE_PRESENT | pfn;
	mm->st.resident_pages++;
	mm->st.swapped_pages--;
	mm->st.swap_ins++;
	return HOST_MM_OK;
}

int mm_ksm_break(struct host_mm *mm, struct slot *s, uint64_t *e, uint64_t gfn)
{
	uint64_t pfn;

	(void)s;
	notify_start(mm, gfn, 1, HOST_MM_EV_COW);
	pfn = frame_alloc_small(mm);
	if (pfn == HOST_MM_NO_PFN) {
		notify_end(mm, gfn, 1, HOST_MM_EV_COW);
		return HOST_MM_ENOMEM;
	}
	ksm_put(mm, PE_LOW(*e));
	/* The bytes already sit in this page's place: the copy is implicit. */
	*e = (*e & PE_PIN_MASK) | PE_PRESENT | pfn;
	mm->st.cow_breaks++;
	mm->st.events[HOST_MM_EV_COW]++;
	notify_end(mm, gfn, 1, HOST_MM_EV_COW);
	return HOST_MM_OK;
}

int host_mm_migrate(struct host_mm *mm, uint64_t gfn)
{
	struct loc l;
	uint64_t npfn;
	int r = locate_movable(mm, gfn, &l);

	if (r)
		return r;
	if (l.c->state == CH_HUGE) {
		uint64_t base = chunk_gfn(&l);

		if (l.c->numa)
			return 1;
		npfn = frame_alloc_huge(mm);
		if (npfn == HOST_MM_NO_PFN)
			return 1;
		notify_start(mm, base, HOST_MM_CHUNK_PAGES, HOST_MM_EV_MIGRATE);
		giant_clear(l.s, l.idx / HOST_MM_CHUNK_PAGES);
		frame_free_huge(mm, l.c->huge_pfn);
		l.c->huge_pfn = npfn;
		notify_end(mm, base, HOST_MM_CHUNK_PAGES, HOST_MM_EV_MIGRATE);
	} else {
		if ((*l.e & (PE_PRESENT | PE_NUMA)) != PE_PRESENT)
			return 1;
		npfn = frame_alloc_small(mm);
		if (npfn == HOST_MM_NO_PFN)
			return 1;
		notify_start(mm, gfn, 1, HOST_MM_EV_MIGRATE);
		frame_free_small(mm, PE_LOW(*l.e));
		*l.e = (*l.e & ~PE_LOW_MASK) | npfn;
		notify_end(mm, gfn, 1, HOST_MM_EV_MIGRATE);
	}
	mm->st.events[HOST_MM_EV_MIGRATE]++;
	return HOST_MM_OK;
}

int host_mm_numa_unmap(struct host_mm *mm, uint64_t gfn)
{
	struct loc l;
	int r = locate_movable(mm, gfn, &l);

	if (r)
		return r;
	if (l.c->state == CH_HUGE) {
		uint64_t base = chunk_gfn(&l);

		if (l.c->numa)
			return 1;
		notify_start(mm, base, HOST_MM_CHUNK_PAGES, HOST_MM_EV_NUMA);
		giant_clear(l.s, l.idx / HOST_MM_CHUNK_PAGES);
		l.c->numa = true;
		notify_end(mm, base, HOST_MM_CHUNK_PAGES, HOST_MM_EV_NUMA);
	} else {
		if ((*l.e & (PE_PRESENT | PE_NUMA)) != PE_PRESENT)
			return 1;
		notify_start(mm, gfn, 1, HOST_MM_EV_NUMA);
		*l.e |= PE_NUMA;
		notify_end(mm, gfn, 1, HOST_MM_EV_NUMA);
	}
	mm->st.events[HOST_MM_EV_NUMA]++;
	return HOST_MM_OK;
}

static int ksm_index_rebuild(struct host_mm *mm, uint64_t cap)
{
	uint32_t *ix = calloc(cap, sizeof(*ix));

	if (!ix)
		return HOST_MM_ENOMEM;
	for (uint64_t k = 0; k < mm->nksm; k++) {
		uint64_t h;

		if (!mm->ksm[k].refs)
			continue;
		for (h = mm->ksm[k].hash & (cap - 1); ix[h]; h = (h + 1) & (cap - 1))
			;
		ix[h] = (uint32_t)(k + 1);
	}
	free(mm->ksm_index);
	mm->ksm_index = ix;
	mm->ksm_index_cap = cap;
	return HOST_MM_OK;
}

static int64_t ksm_find(const struct host_mm *mm, uint64_t hash, const uint8_t *bytes)
{
	uint64_t cap = mm->ksm_index_cap;

	if (!cap)
		return -1;
	for (uint64_t h = hash & (cap - 1); mm->ksm_index[h]; h = (h + 1) & (cap - 1)) {
		const struct ksm_entry *ke = &mm->ksm[mm->ksm_index[h] - 1];

		if (ke->refs && ke->hash == hash && !memcmp(ke->bytes, bytes, HOST_MM_PAGE_SIZE))
			return mm->ksm_index[h] - 1;
	}
	return -1;
}

/* A new stable KSM frame with the content of bytes, held by pfn. */
static int64_t ksm_add(struct host_mm *mm, uint64_t hash, const uint8_t *bytes, uint64_t pfn)
{
	struct ksm_entry *ke;
	uint64_t h;

	if (mm->nksm == mm->ksm_cap) {
		uint64_t ncap = mm->ksm_cap ? mm->ksm_cap * 2 : 64;
		struct ksm_entry *nk = realloc(mm->ksm, ncap * sizeof(*nk));

		if (!nk)
			return -1;
		mm->ksm = nk;
		mm->ksm_cap = ncap;
	}
	if ((mm->nksm + 1) * 2 > mm->ksm_index_cap &&
	    ksm_index_rebuild(mm, mm->ksm_index_cap ? mm->ksm_index_cap * 2 : 128))
		return -1;
	ke = &mm->ksm[mm->nksm];
	ke->bytes = malloc(HOST_MM_PAGE_SIZE);
	if (!ke->bytes)
		return -1;
	memcpy(ke->bytes, bytes, HOST_MM_PAGE_SIZE);
	ke->hash = hash;
	ke->pfn = pfn;
	ke->refs = 0;
	for (h = hash & (mm->ksm_index_cap - 1); mm->ksm_index[h]; h = (h + 1) & (mm->ksm_index_cap - 1))
		;
	mm->ksm_index[h] = (uint32_t)(mm->nksm + 1);
	mm->st.meta_bytes += HOST_MM_PAGE_SIZE;
	return (int64_t)mm->nksm++;
}

/* Turn a resident small page into a sharer of KSM frame k. */
static void ksm_share(struct host_mm *mm, uint64_t *e, uint64_t gfn, uint64_t k, bool keep_frame)
{
	notify_start(mm, gfn, 1, HOST_MM_EV_KSM);
	if (!keep_frame)
		frame_free_small(mm, PE_LOW(*e));
	*e = (*e & PE_PIN_MASK) | PE_KSM | k;
	mm->ksm[k].refs++;
	mm->st.ksm_shared_pages++;
	notify_end(mm, gfn, 1, HOST_MM_EV_KSM);
}

static bool ksm_candidate(const struct host_mm *mm, const struct loc *l)
{
	(void)mm;
	return l->e && (*l->e & (PE_PRESENT | PE_NUMA | PE_PIN_MASK)) == PE_PRESENT;
}

int host_mm_ksm_merge(struct host_mm *mm, uint64_t gfn)
{
	struct loc l, o;
	uint64_t hash, *u, ogfn;
	const uint8_t *p;
	int64_t k;
	int r = locate(mm, gfn, &l);

	if (r)
		return r;
	if (host_mm_pinned(mm, gfn))
		return HOST_MM_EBUSY;
	if (!ksm_candidate(mm, &l))
		return 1;	/* KSM scans small, resident, unshared pages */
	p = page_bytes(l.s, gfn);
	hash = page_hash(p);
	k = ksm_find(mm, hash, p);
	if (k >= 0) {
		ksm_share(mm, l.e, gfn, (uint64_t)k, false);
		mm->st.events[HOST_MM_EV_KSM]++;
		return HOST_MM_OK;
	}
	/* The unstable tree: remember this page; merge with an earlier one. */
	u = &mm->unstable[hash % mm->unstable_cap];
	ogfn = *u ? *u - 1 : gfn;
	*u = gfn + 1;
	if (ogfn == gfn || locate(mm, ogfn, &o) || !ksm_candidate(mm, &o) ||
	    page_hash(page_bytes(o.s, ogfn)) != hash ||
	    memcmp(page_bytes(o.s, ogfn), p, HOST_MM_PAGE_SIZE))
		return 1;
	k = ksm_add(mm, hash, p, PE_LOW(*o.e));
	if (k < 0)
		return HOST_MM_ENOMEM;
	ksm_share(mm, o.e, ogfn, (uint64_t)k, true);
	ksm_share(mm, l.e, gfn, (uint64_t)k, false);
	*u = 0;
	mm->st.events[HOST_MM_EV_KSM]++;
	return HOST_MM_OK;
}
