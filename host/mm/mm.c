// SPDX-License-Identifier: GPL-2.0-only
/*
 * host_mm: slots, per-chunk page state, the fault path and pinning.
 * See include/host/mm.h and docs/memory.md.
 */
#include <stdlib.h>
#include <string.h>

#include "mm-internal.h"

const char *host_mm_strerror(int err)
{
	switch (err) {
	case HOST_MM_OK: return "success";
	case HOST_MM_EINVAL: return "invalid argument";
	case HOST_MM_ENOMEM: return "out of memory or host frames";
	case HOST_MM_ENOENT: return "no slot holds that guest page";
	case HOST_MM_EBUSY: return "page is pinned";
	case HOST_MM_EOVERLAP: return "slots overlap";
	}
	return "unknown host_mm error";
}

const char *host_mm_event_name(enum host_mm_event_kind k)
{
	static const char *const names[HOST_MM_EV_KINDS] = {
		"reclaim", "migrate", "numa", "ksm", "thp-split", "cow",
	};

	return (unsigned)k < HOST_MM_EV_KINDS ? names[k] : "?";
}

/* FNV-1a, 64-bit: a content key for KSM and the event-list hash. */
uint64_t page_hash(const uint8_t *p)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (unsigned i = 0; i < HOST_MM_PAGE_SIZE; i++)
		h = (h ^ p[i]) * UINT64_C(0x100000001b3);
	return h;
}

int host_mm_create(const struct host_mm_config *cfg, struct host_mm **out)
{
	struct host_mm *mm;

	if (!cfg || !out || !cfg->nframes || cfg->nframes > (UINT64_C(1) << 36))
		return HOST_MM_EINVAL;
	mm = calloc(1, sizeof(*mm));
	if (!mm)
		return HOST_MM_ENOMEM;
	mm->cfg = *cfg;
	mm->fr.total = cfg->nframes;
	mm->rng = cfg->seed;
	mm->unstable_cap = 4096;
	mm->unstable = calloc(mm->unstable_cap, sizeof(*mm->unstable));
	if (!mm->unstable) {
		free(mm);
		return HOST_MM_ENOMEM;
	}
	mm->st.event_hash = UINT64_C(0xcbf29ce484222325);
	*out = mm;
	return HOST_MM_OK;
}

void host_mm_destroy(struct host_mm *mm)
{
	if (!mm)
		return;
	for (unsigned i = 0; i < mm->nslots; i++) {
		struct slot *s = &mm->slots[i];

		for (uint64_t c = 0; c < s->nchunks; c++)
			free(s->chunks[c].pages);
		free(s->chunks);
		free(s->giant);
	}
	free(mm->slots);
	for (uint64_t i = 0; i < mm->nswap; i++)
		free(mm->swap[i]);
	free(mm->swap);
	free(mm->swap_free.v);
	for (uint64_t i = 0; i < mm->nksm; i++)
		free(mm->ksm[i].bytes);
	free(mm->ksm);
	free(mm->ksm_index);
	free(mm->unstable);
	free(mm->fr.small_free.v);
	free(mm->fr.huge_free.v);
	free(mm);
}

int host_mm_add_slot(struct host_mm *mm, uint64_t gfn, uint64_t npages, void *hva, bool thp)
{
	struct slot *ns, *s;

	if (!mm || !hva || !npages || gfn + npages < gfn || gfn + npages > (UINT64_C(1) << 36))
		return HOST_MM_EINVAL;
	for (unsigned i = 0; i < mm->nslots; i++)
		if (gfn < mm->slots[i].gfn + mm->slots[i].npages && mm->slots[i].gfn < gfn + npages)
			return HOST_MM_EOVERLAP;
	ns = realloc(mm->slots, (mm->nslots + 1) * sizeof(*ns));
	if (!ns)
		return HOST_MM_ENOMEM;
	mm->slots = ns;
	s = &ns[mm->nslots];
	memset(s, 0, sizeof(*s));
	s->gfn = gfn;
	s->npages = npages;
	s->hva = hva;
	/* A THP frame must back a 2 MiB-aligned guest range (stage-2 blocks). */
	s->thp = thp && !(gfn % HOST_MM_CHUNK_PAGES);
	s->nchunks = (npages + HOST_MM_CHUNK_PAGES - 1) / HOST_MM_CHUNK_PAGES;
	s->nregions = (npages + HOST_MM_GIANT_PAGES - 1) / HOST_MM_GIANT_PAGES;
	s->chunks = calloc(s->nchunks, sizeof(*s->chunks));
	s->giant = calloc(s->nregions, 1);
	if (!s->chunks || !s->giant) {
		free(s->chunks);
		free(s->giant);
		return HOST_MM_ENOMEM;
	}
	mm->nslots++;
	mm->total_pages += npages;
	mm->st.meta_bytes += s->nchunks * sizeof(*s->chunks) + s->nregions;
	return HOST_MM_OK;
}

struct slot *mm_slot_of(const struct host_mm *mm, uint64_t gfn)
{
	for (unsigned i = 0; i < mm->nslots; i++)
		if (gfn >= mm->slots[i].gfn && gfn - mm->slots[i].gfn < mm->slots[i].npages)
			return &mm->slots[i];
	return NULL;
}

void *host_mm_hva(const struct host_mm *mm, uint64_t gfn)
{
	struct slot *s = mm ? mm_slot_of(mm, gfn) : NULL;

	return s ? s->hva + (gfn - s->gfn) * HOST_MM_PAGE_SIZE : NULL;
}

int host_mm_set_notifier(struct host_mm *mm, const struct host_mm_notifier *n)
{
	if (!mm)
		return HOST_MM_EINVAL;
	mm->has_notifier = n != NULL;
	if (n)
		mm->notifier = *n;
	return HOST_MM_OK;
}

void notify_start(struct host_mm *mm, uint64_t gfn, uint64_t n, enum host_mm_event_kind k)
{
	if (mm->has_notifier && mm->notifier.invalidate_range_start)
		mm->notifier.invalidate_range_start(mm->notifier.ctx, gfn, n, k);
}

void notify_end(struct host_mm *mm, uint64_t gfn, uint64_t n, enum host_mm_event_kind k)
{
	if (mm->has_notifier && mm->notifier.invalidate_range_end)
		mm->notifier.invalidate_range_end(mm->notifier.ctx, gfn, n, k);
}

bool chunk_thp_ok(const struct slot *s, uint64_t ci)
{
	return s->thp && (ci + 1) * HOST_MM_CHUNK_PAGES <= s->npages;
}

/* The 1 GiB region of chunk ci stops being one frame range. */
void giant_clear(struct slot *s, uint64_t ci)
{
	s->giant[ci / HOST_MM_CHUNK_PAGES] = 0;
}

/* Give chunk ci a per-page array (EMPTY: untouched pages; HUGE: the caller
 * has notified and turns the huge frame into 512 small ones). */
int chunk_make_small(struct host_mm *mm, struct slot *s, uint64_t ci)
{
	struct chunk *c = &s->chunks[ci];
	uint64_t *pages;

	if (c->state == CH_SMALL)
		return HOST_MM_OK;
	pages = calloc(HOST_MM_CHUNK_PAGES, sizeof(*pages));
	if (!pages)
		return HOST_MM_ENOMEM;
	if (c->state == CH_HUGE) {
		for (unsigned i = 0; i < HOST_MM_CHUNK_PAGES; i++)
			pages[i] = PE_PRESENT | (c->huge_pfn + i) | (c->numa ? PE_NUMA : 0);
		mm->st.huge_chunks--;
		giant_clear(s, ci);
	}
	c->pages = pages;
	c->state = CH_SMALL;
	c->numa = false;
	mm->st.meta_bytes += HOST_MM_CHUNK_PAGES * sizeof(*pages);
	return HOST_MM_OK;
}

/* Back an untouched THP-eligible chunk with one huge frame. */
static int chunk_populate_huge(struct host_mm *mm, struct slot *s, uint64_t ci, uint64_t pfn)
{
	struct chunk *c = &s->chunks[ci];

	if (pfn == HOST_MM_NO_PFN)
		pfn = frame_alloc_huge(mm);
	if (pfn == HOST_MM_NO_PFN)
		return HOST_MM_ENOMEM;
	c->huge_pfn = pfn;
	c->state = CH_HUGE;
	mm->st.huge_chunks++;
	mm->st.resident_pages += HOST_MM_CHUNK_PAGES;
	return HOST_MM_OK;
}

/* NUMA hinting fault on a huge chunk: move it to a new frame (if one is free). */
static void chunk_numa_fault(struct host_mm *mm, struct chunk *c)
{
	uint64_t npfn = frame_alloc_huge(mm);

	if (npfn != HOST_MM_NO_PFN) {
		frame_free_huge(mm, c->huge_pfn);
		c->huge_pfn = npfn;
	}
	c->numa = false;
	mm->st.numa_faults++;
}

uint64_t host_mm_pfn(const struct host_mm *mm, uint64_t gfn)
{
	struct slot *s = mm ? mm_slot_of(mm, gfn) : NULL;
	uint64_t idx, e;
	struct chunk *c;

	if (!s)
		return HOST_MM_NO_PFN;
	idx = gfn - s->gfn;
	c = &s->chunks[idx / HOST_MM_CHUNK_PAGES];
	if (c->state == CH_HUGE)
		return c->numa ? HOST_MM_NO_PFN : c->huge_pfn + idx % HOST_MM_CHUNK_PAGES;
	if (c->state != CH_SMALL)
		return HOST_MM_NO_PFN;
	e = c->pages[idx % HOST_MM_CHUNK_PAGES];
	if (e & PE_KSM)
		return mm->ksm[PE_LOW(e)].pfn;
	if (!(e & PE_PRESENT) || (e & PE_NUMA))
		return HOST_MM_NO_PFN;
	return PE_LOW(e);
}

int host_mm_fault_in(struct host_mm *mm, uint64_t gfn, bool write, struct host_mm_page *out)
{
	struct slot *s = mm ? mm_slot_of(mm, gfn) : NULL;
	uint64_t idx, ci, *e;
	struct chunk *c;
	int r;

	if (!mm || !out)
		return HOST_MM_EINVAL;
	if (!s)
		return HOST_MM_ENOENT;
	mm->st.faults++;
	idx = gfn - s->gfn;
	ci = idx / HOST_MM_CHUNK_PAGES;
	c = &s->chunks[ci];
	if (c->state == CH_EMPTY && chunk_thp_ok(s, ci))
		(void)chunk_populate_huge(mm, s, ci, HOST_MM_NO_PFN);	/* else small pages */
	if (c->state == CH_HUGE) {
		if (c->numa)
			chunk_numa_fault(mm, c);
		out->head_pfn = c->huge_pfn;
		out->order = 9;
		if (s->giant[ci / HOST_MM_CHUNK_PAGES]) {
			out->head_pfn = c->huge_pfn - (ci % HOST_MM_CHUNK_PAGES) * HOST_MM_CHUNK_PAGES;
			out->order = 18;
		}
		out->pfn = c->huge_pfn + idx % HOST_MM_CHUNK_PAGES;
		out->writable = true;
		return HOST_MM_OK;
	}
	r = chunk_make_small(mm, s, ci);
	if (r)
		return r;
	e = &c->pages[idx % HOST_MM_CHUNK_PAGES];
	if (!(*e & (PE_PRESENT | PE_SWAPPED | PE_KSM))) {
		uint64_t pfn = frame_alloc_small(mm);

		if (pfn == HOST_MM_NO_PFN)
			return HOST_MM_ENOMEM;
		*e = (*e & PE_PIN_MASK) | PE_PRESENT | pfn;
		mm->st.resident_pages++;
	} else if (*e & PE_SWAPPED) {
		r = mm_swap_in(mm, s, e, gfn);
		if (r)
			return r;
	} else if (*e & PE_NUMA) {
		uint64_t npfn = frame_alloc_small(mm);

		if (npfn != HOST_MM_NO_PFN) {
			frame_free_small(mm, PE_LOW(*e));
			*e = (*e & ~PE_LOW_MASK) | npfn;
		}
		*e &= ~PE_NUMA;
		mm->st.numa_faults++;
	}
	if ((*e & PE_KSM) && write) {
		r = mm_ksm_break(mm, s, e, gfn);
		if (r)
			return r;
	}
	out->order = 0;
	out->writable = !(*e & PE_KSM);
	out->pfn = (*e & PE_KSM) ? mm->ksm[PE_LOW(*e)].pfn : PE_LOW(*e);
	out->head_pfn = out->pfn;
	return HOST_MM_OK;
}

/* Populate an untouched, 1 GiB-aligned region from one 1 GiB frame range. */
static bool region_populate_giant(struct host_mm *mm, struct slot *s, uint64_t ri)
{
	uint64_t c0 = ri * HOST_MM_CHUNK_PAGES, pfn;

	if (!s->thp || (s->gfn % HOST_MM_GIANT_PAGES) ||
	    (ri + 1) * HOST_MM_GIANT_PAGES > s->npages)
		return false;
	for (uint64_t c = c0; c < c0 + HOST_MM_CHUNK_PAGES; c++)
		if (s->chunks[c].state != CH_EMPTY)
			return false;
	pfn = frame_alloc_giant(mm);
	if (pfn == HOST_MM_NO_PFN)
		return false;
	for (uint64_t c = 0; c < HOST_MM_CHUNK_PAGES; c++)
		(void)chunk_populate_huge(mm, s, c0 + c, pfn + c * HOST_MM_CHUNK_PAGES);
	s->giant[ri] = 1;
	mm->st.giant_regions++;
	return true;
}

/* Pin or unpin (delta +1 / -1) the pages [idx, idx + n) of one chunk. */
static int chunk_pin(struct host_mm *mm, struct slot *s, uint64_t ci, uint64_t idx, uint64_t n,
		     int delta, bool write, uint64_t *did)
{
	struct chunk *c = &s->chunks[ci];

	if (delta > 0 && c->state == CH_EMPTY && chunk_thp_ok(s, ci))
		(void)chunk_populate_huge(mm, s, ci, HOST_MM_NO_PFN);
	if (c->state == CH_HUGE) {
		struct host_mm_page pg;

		if (delta < 0 && c->pins < n)
			return HOST_MM_EINVAL;
		if (delta > 0 && c->numa)
			(void)host_mm_fault_in(mm, s->gfn + ci * HOST_MM_CHUNK_PAGES, write, &pg);
		if (delta > 0) {
			if (!c->pins)
				mm->st.pinned_pages += HOST_MM_CHUNK_PAGES;
			c->pins += (uint32_t)n;
		} else {
			c->pins -= (uint32_t)n;
			if (!c->pins)
				mm->st.pinned_pages -= HOST_MM_CHUNK_PAGES;
		}
		*did += n;
		return HOST_MM_OK;
	}
	for (uint64_t i = idx; i < idx + n; i++) {
		uint64_t gfn = s->gfn + ci * HOST_MM_CHUNK_PAGES + i, *e;
		struct host_mm_page pg;

		if (delta > 0) {
			int r = host_mm_fault_in(mm, gfn, write, &pg);

			if (r)
				return r;
			e = &c->pages[i];
			if (PE_PINS(*e) == PE_PIN_MAX)
				return HOST_MM_EINVAL;
			if (!PE_PINS(*e))
				mm->st.pinned_pages++;
			*e += UINT64_C(1) << PE_PIN_SHIFT;
		} else {
			e = c->state == CH_SMALL ? &c->pages[i] : NULL;
			if (!e || !PE_PINS(*e))
				return HOST_MM_EINVAL;
			*e -= UINT64_C(1) << PE_PIN_SHIFT;
			if (!PE_PINS(*e))
				mm->st.pinned_pages--;
		}
		++*did;
	}
	return HOST_MM_OK;
}

static int range_pin(struct host_mm *mm, uint64_t gfn, uint64_t npages, int delta, bool write,
		     uint64_t *done)
{
	struct slot *s = mm_slot_of(mm, gfn);
	uint64_t idx, end;

	*done = 0;
	if (!s)
		return HOST_MM_ENOENT;
	if (npages > s->npages - (gfn - s->gfn))
		return HOST_MM_EINVAL;
	idx = gfn - s->gfn;
	end = idx + npages;
	while (idx < end) {
		uint64_t ci = idx / HOST_MM_CHUNK_PAGES, off = idx % HOST_MM_CHUNK_PAGES;
		uint64_t n = HOST_MM_CHUNK_PAGES - off;
		int r;

		if (delta > 0 && !off && !(idx % HOST_MM_GIANT_PAGES) &&
		    end - idx >= HOST_MM_GIANT_PAGES)
			(void)region_populate_giant(mm, s, idx / HOST_MM_GIANT_PAGES);
		if (n > end - idx)
			n = end - idx;
		r = chunk_pin(mm, s, ci, off, n, delta, write, done);
		if (r)
			return r;
		idx += n;
	}
	return HOST_MM_OK;
}

int host_mm_pin(struct host_mm *mm, uint64_t gfn, uint64_t npages, bool write)
{
	uint64_t done, undone;
	int r;

	if (!mm || !npages)
		return HOST_MM_EINVAL;
	r = range_pin(mm, gfn, npages, +1, write, &done);
	if (r) {
		/* All or nothing: drop exactly the pins this call took. */
		if (done)
			(void)range_pin(mm, gfn, done, -1, false, &undone);
		return r;
	}
	mm->st.pins += npages;
	return HOST_MM_OK;
}

int host_mm_unpin(struct host_mm *mm, uint64_t gfn, uint64_t npages)
{
	uint64_t done;
	int r;

	if (!mm || !npages)
		return HOST_MM_EINVAL;
	r = range_pin(mm, gfn, npages, -1, false, &done);
	if (!r)
		mm->st.unpins += npages;
	return r;
}

bool host_mm_pinned(const struct host_mm *mm, uint64_t gfn)
{
	struct slot *s = mm ? mm_slot_of(mm, gfn) : NULL;
	uint64_t idx;
	struct chunk *c;

	if (!s)
		return false;
	idx = gfn - s->gfn;
	c = &s->chunks[idx / HOST_MM_CHUNK_PAGES];
	if (c->state == CH_HUGE)
		return c->pins != 0;
	return c->state == CH_SMALL && PE_PINS(c->pages[idx % HOST_MM_CHUNK_PAGES]) != 0;
}

void host_mm_get_stats(const struct host_mm *mm, struct host_mm_stats *st)
{
	*st = mm->st;
	st->frames_used = mm->fr.used;
	st->frames_total = mm->fr.total;
}
