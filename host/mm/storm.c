// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memory storm: a deterministic stream of host mm events (splitmix64
 * from the seed) at a rate in events per million guest instructions. Each
 * event picks a kind and a guest page uniformly over all slots' pages and
 * applies it; pinned pages are refused and counted.
 */
#include "mm-internal.h"

/* Kind weights, in percent: reclaim 30, migrate 20, NUMA 15, KSM 20, THP split 15. */
static const uint8_t kind_cut[] = { 30, 50, 65, 85, 100 };

static uint64_t rng_next(struct host_mm *mm)
{
	uint64_t z = (mm->rng += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint64_t pick_gfn(const struct host_mm *mm, uint64_t x)
{
	uint64_t i = x % mm->total_pages;

	for (unsigned s = 0; s < mm->nslots; s++) {
		if (i < mm->slots[s].npages)
			return mm->slots[s].gfn + i;
		i -= mm->slots[s].npages;
	}
	return mm->slots[0].gfn;
}

static void hash_event(struct host_mm *mm, unsigned kind, uint64_t gfn, bool applied)
{
	uint64_t v[3] = { kind, gfn, applied };

	for (unsigned i = 0; i < 3; i++)
		for (unsigned b = 0; b < 8; b++)
			mm->st.event_hash = (mm->st.event_hash ^ ((v[i] >> (8 * b)) & 0xff)) *
					    UINT64_C(0x100000001b3);
}

void host_mm_storm_events(struct host_mm *mm, uint64_t n)
{
	if (!mm || !mm->total_pages)
		return;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t x = rng_next(mm), gfn = pick_gfn(mm, x >> 8);
		unsigned kind = 0, pct = (unsigned)(x & 0xff) % 100;
		int r;

		while (pct >= kind_cut[kind])
			kind++;
		switch (kind) {
		case HOST_MM_EV_RECLAIM: r = host_mm_reclaim(mm, gfn); break;
		case HOST_MM_EV_MIGRATE: r = host_mm_migrate(mm, gfn); break;
		case HOST_MM_EV_NUMA: r = host_mm_numa_unmap(mm, gfn); break;
		case HOST_MM_EV_KSM: r = host_mm_ksm_merge(mm, gfn); break;
		default: r = host_mm_thp_split(mm, gfn); break;
		}
		if (r == HOST_MM_EBUSY)
			mm->st.skipped_pinned++;
		else if (r)
			mm->st.skipped_other++;
		hash_event(mm, kind, gfn, r == 0);
		if (mm->log && mm->log_len < mm->log_cap)
			mm->log[mm->log_len++] = (struct host_mm_event){ gfn, (uint8_t)kind, (int8_t)r };
	}
}

uint64_t host_mm_storm(struct host_mm *mm, uint64_t instructions)
{
	uint64_t n;

	if (!mm)
		return 0;
	/* Split the product so it cannot overflow: rate < 2^32. */
	n = instructions / 1000000 * mm->cfg.rate;
	mm->acc += instructions % 1000000 * mm->cfg.rate;
	n += mm->acc / 1000000;
	mm->acc %= 1000000;
	host_mm_storm_events(mm, n);
	return n;
}

int host_mm_set_event_log(struct host_mm *mm, struct host_mm_event *log, size_t cap)
{
	if (!mm || (!log && cap))
		return HOST_MM_EINVAL;
	mm->log = log;
	mm->log_cap = cap;
	mm->log_len = 0;
	return HOST_MM_OK;
}

size_t host_mm_event_log_len(const struct host_mm *mm)
{
	return mm ? mm->log_len : 0;
}
