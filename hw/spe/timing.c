// SPDX-License-Identifier: GPL-2.0-only
/*
 * The deterministic timing model (docs/timing-model.md). Caches and TLB are
 * set-associative with true LRU (a global access tick per line); the branch
 * predictor is a table of 2-bit counters plus a direct-mapped BTB. All
 * state changes come from the calls the CPU and the unit make.
 */
#include <stdlib.h>
#include <string.h>

#include "hw/spe.h"

#include "arch/spe-packet.h"

#define LINE_SHIFT	6
#define PAGE_SHIFT	12
#define MAX_LINES	64	/* lines looked at per access: bounds a huge size */

struct cache {
	uint32_t sets, ways;
	uint64_t *tag;		/* key + 1; 0 = invalid */
	uint64_t *stamp;	/* last-use tick, for LRU */
};

struct spe_timing {
	struct spe_timing_config cfg;
	struct cache l1d, llc, tlb;
	uint8_t *bp;		/* 2-bit counters */
	uint64_t *btb;		/* last target */
	uint64_t tick;
	uint8_t miss_hist;	/* L1D misses among the last 8 accesses, one bit each */
	/* The line and page of the last access: present and most recently used. */
	bool last_valid;
	uint64_t last_line, last_page;
};

void spe_timing_config_default(struct spe_timing_config *c)
{
	*c = (struct spe_timing_config){
		.l1d_sets = 128, .l1d_ways = 4,		/* 32 KiB */
		.llc_sets = 2048, .llc_ways = 16,	/* 2 MiB */
		.tlb_sets = 16, .tlb_ways = 4,		/* 64 entries */
		.bp_entries = 4096,
		.issue_base = 1, .issue_per_miss = 2,
		.l1d_hit = 4, .llc_hit = 30, .dram = 150,
		.tlb_hit = 1, .tlb_walk = 25,
		.mispredict = 12, .exec = 1,
	};
}

static bool pow2(uint32_t v)
{
	return v && !(v & (v - 1));
}

static int cache_init(struct cache *c, uint32_t sets, uint32_t ways)
{
	size_t n = (size_t)sets * ways;

	c->sets = sets;
	c->ways = ways;
	c->tag = calloc(n, sizeof(*c->tag));
	c->stamp = calloc(n, sizeof(*c->stamp));
	return c->tag && c->stamp ? SPE_UNIT_OK : SPE_UNIT_ENOMEM;
}

static void cache_fini(struct cache *c)
{
	free(c->tag);
	free(c->stamp);
}

static void cache_clear(struct cache *c)
{
	size_t n = (size_t)c->sets * c->ways;

	memset(c->tag, 0, n * sizeof(*c->tag));
	memset(c->stamp, 0, n * sizeof(*c->stamp));
}

/* Looks key up; on a miss fills the least recently used way. Returns hit. */
static bool cache_touch(struct cache *c, uint64_t key, uint64_t tick)
{
	size_t base = (size_t)(key & (c->sets - 1)) * c->ways;
	size_t victim = base;

	for (size_t i = base; i < base + c->ways; i++) {
		if (c->tag[i] == key + 1) {
			c->stamp[i] = tick;
			return true;
		}
		if (c->stamp[i] < c->stamp[victim])
			victim = i;
	}
	c->tag[victim] = key + 1;
	c->stamp[victim] = tick;
	return false;
}

int spe_timing_create(const struct spe_timing_config *c, struct spe_timing **out)
{
	struct spe_timing *t;

	if (!c || !out || !pow2(c->l1d_sets) || !pow2(c->l1d_ways) || !pow2(c->llc_sets) ||
	    !pow2(c->llc_ways) || !pow2(c->tlb_sets) || !pow2(c->tlb_ways) ||
	    !pow2(c->bp_entries) || c->l1d_sets > (1u << 20) || c->llc_sets > (1u << 20) ||
	    c->tlb_sets > (1u << 16) || c->bp_entries > (1u << 24) || c->l1d_ways > 64 ||
	    c->llc_ways > 64 || c->tlb_ways > 64)
		return SPE_UNIT_EINVAL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return SPE_UNIT_ENOMEM;
	t->cfg = *c;
	t->bp = malloc(c->bp_entries);
	t->btb = calloc(c->bp_entries, sizeof(*t->btb));
	if (cache_init(&t->l1d, c->l1d_sets, c->l1d_ways) || cache_init(&t->llc, c->llc_sets, c->llc_ways) ||
	    cache_init(&t->tlb, c->tlb_sets, c->tlb_ways) || !t->bp || !t->btb) {
		spe_timing_free(t);
		return SPE_UNIT_ENOMEM;
	}
	spe_timing_reset(t);
	*out = t;
	return SPE_UNIT_OK;
}

void spe_timing_free(struct spe_timing *t)
{
	if (!t)
		return;
	cache_fini(&t->l1d);
	cache_fini(&t->llc);
	cache_fini(&t->tlb);
	free(t->bp);
	free(t->btb);
	free(t);
}

void spe_timing_reset(struct spe_timing *t)
{
	cache_clear(&t->l1d);
	cache_clear(&t->llc);
	cache_clear(&t->tlb);
	memset(t->bp, 1, t->cfg.bp_entries);	/* weakly not taken */
	memset(t->btb, 0, (size_t)t->cfg.bp_entries * sizeof(*t->btb));
	t->tick = 0;
	t->miss_hist = 0;
	t->last_valid = false;
}

/* Where one access was satisfied. */
struct mem_outcome {
	bool tlb_miss, l1_miss, llc_miss;
};

/* Touches TLB, L1D and LLC for every page and line the access covers; keeps the worst. */
static struct mem_outcome mem_access(struct spe_timing *t, uint64_t va, uint64_t pa, size_t size)
{
	struct mem_outcome o = { 0 };
	uint64_t last = size ? size - 1 : 0;
	uint64_t vpage, vend, line, lend;
	unsigned int n;

	/* An access running off the top of the address space stops there. */
	if (va + last < va)
		last = ~va;
	if (pa + last < pa)
		last = ~pa;
	vpage = va >> PAGE_SHIFT;
	vend = (va + last) >> PAGE_SHIFT;
	line = pa >> LINE_SHIFT;
	lend = (pa + last) >> LINE_SHIFT;

	t->tick++;
	/*
	 * Same line and page as the last access: both are present and already
	 * the most recently used of their sets, so the full lookup would only
	 * confirm two hits and leave every LRU order as it is.
	 */
	if (t->last_valid && vpage == vend && line == lend && vpage == t->last_page &&
	    line == t->last_line) {
		t->miss_hist = (uint8_t)(t->miss_hist << 1);
		return o;
	}
	t->last_valid = vpage == vend && line == lend;
	t->last_page = vpage;
	t->last_line = line;
	for (n = 0; n < MAX_LINES; n++, vpage++) {
		o.tlb_miss |= !cache_touch(&t->tlb, vpage, t->tick);
		if (vpage == vend)
			break;
	}
	for (n = 0; n < MAX_LINES; n++, line++) {
		if (!cache_touch(&t->l1d, line, t->tick)) {
			o.l1_miss = true;
			o.llc_miss |= !cache_touch(&t->llc, line, t->tick);
		}
		if (line == lend)
			break;
	}
	t->miss_hist = (uint8_t)((t->miss_hist << 1) | o.l1_miss);
	return o;
}

void spe_timing_access(struct spe_timing *t, uint64_t va, uint64_t pa, size_t size, bool is_write)
{
	(void)is_write;		/* write-allocate: stores fill like loads */
	mem_access(t, va, pa, size);
}

/* Predicts and trains; returns whether the branch was mispredicted. */
static bool branch_predict(struct spe_timing *t, const struct spe_op *op)
{
	size_t i = (op->pc >> 2) & (t->cfg.bp_entries - 1);
	bool taken = op->flags & SPE_OPF_TAKEN;

	if (op->flags & SPE_OPF_COND) {
		bool predicted = t->bp[i] >= 2;

		if (taken && t->bp[i] < 3)
			t->bp[i]++;
		else if (!taken && t->bp[i] > 0)
			t->bp[i]--;
		return predicted != taken;
	}
	if (op->flags & (SPE_OPF_INDIRECT | SPE_OPF_RETURN)) {
		bool miss = t->btb[i] != op->target;

		t->btb[i] = op->target;
		return miss;
	}
	return false;
}

void spe_timing_branch(struct spe_timing *t, const struct spe_op *op)
{
	branch_predict(t, op);
}

static unsigned int popcount8(uint8_t v)
{
	unsigned int n = 0;

	for (; v; v &= (uint8_t)(v - 1))
		n++;
	return n;
}

void spe_timing_sample(struct spe_timing *t, const struct spe_op *op, struct spe_timing_result *r)
{
	const struct spe_timing_config *c = &t->cfg;
	uint32_t issue = c->issue_base + c->issue_per_miss * popcount8(t->miss_hist);

	memset(r, 0, sizeof(*r));
	r->issue_lat = issue;
	switch (op->kind) {
	case SPE_OPK_LOAD:
	case SPE_OPK_STORE:
	case SPE_OPK_ATOMIC_LD:
	case SPE_OPK_ATOMIC_ST: {
		uint64_t pa = op->flags & SPE_OPF_PA_VALID ? op->data_pa : op->data_va;
		struct mem_outcome o = mem_access(t, op->data_va, pa, op->size);
		bool store = op->kind == SPE_OPK_STORE || op->kind == SPE_OPK_ATOMIC_ST;
		uint32_t data = c->l1d_hit;

		r->has_xlat = true;
		r->xlat_lat = o.tlb_miss ? c->tlb_walk : c->tlb_hit;
		r->events = SPE_EV_BIT(SPE_EV_TLB_ACCESS) | SPE_EV_BIT(SPE_EV_L1D_ACCESS);
		if (o.tlb_miss)
			r->events |= SPE_EV_BIT(SPE_EV_TLB_WALK);
		r->data_source = SPE_DS_L1D;
		if (o.l1_miss) {
			r->events |= SPE_EV_BIT(SPE_EV_L1D_REFILL) | SPE_EV_BIT(SPE_EV_LLC_ACCESS);
			data += c->llc_hit;
			r->data_source = SPE_DS_SYS_CACHE;
		}
		if (o.llc_miss) {
			r->events |= SPE_EV_BIT(SPE_EV_LLC_MISS);
			data += c->dram;
			r->data_source = SPE_DS_DRAM;
		}
		/* A store completes into the store buffer: its miss is an event, not latency. */
		r->total_lat = issue + r->xlat_lat + (store ? c->l1d_hit : data);
		r->has_data_source = !store;
		break;
	}
	case SPE_OPK_BRANCH:
		r->total_lat = issue + c->exec;
		if (branch_predict(t, op)) {
			r->events |= SPE_EV_BIT(SPE_EV_MISPRED);
			r->total_lat += c->mispredict;
		}
		break;
	default:
		r->total_lat = issue + c->exec;
		break;
	}
}

/*
 * Snapshot support: the caches, TLB and predictor as bytes, so a machine
 * restored elsewhere gives the same latencies (docs/migration.md). The
 * geometry is not stored: the loader must have been created with the same
 * configuration, which spe_timing_state_size() reflects.
 */
size_t spe_timing_state_size(const struct spe_timing *t)
{
	size_t lines = (size_t)t->l1d.sets * t->l1d.ways + (size_t)t->llc.sets * t->llc.ways +
		       (size_t)t->tlb.sets * t->tlb.ways;

	return lines * 16 + t->cfg.bp_entries * (size_t)9 + 5 * sizeof(uint64_t);
}

static uint8_t *cache_put(const struct cache *c, uint8_t *p)
{
	size_t n = (size_t)c->sets * c->ways * sizeof(uint64_t);

	memcpy(p, c->tag, n);
	memcpy(p + n, c->stamp, n);
	return p + 2 * n;
}

static const uint8_t *cache_get(struct cache *c, const uint8_t *p)
{
	size_t n = (size_t)c->sets * c->ways * sizeof(uint64_t);

	memcpy(c->tag, p, n);
	memcpy(c->stamp, p + n, n);
	return p + 2 * n;
}

int spe_timing_state_save(const struct spe_timing *t, void *buf, size_t len)
{
	uint64_t tail[5] = { t->tick, t->miss_hist, t->last_valid, t->last_line, t->last_page };
	uint8_t *p = buf;

	if (!buf || len != spe_timing_state_size(t))
		return SPE_UNIT_EINVAL;
	p = cache_put(&t->l1d, p);
	p = cache_put(&t->llc, p);
	p = cache_put(&t->tlb, p);
	memcpy(p, t->bp, t->cfg.bp_entries);
	p += t->cfg.bp_entries;
	memcpy(p, t->btb, t->cfg.bp_entries * sizeof(uint64_t));
	p += t->cfg.bp_entries * sizeof(uint64_t);
	memcpy(p, tail, sizeof(tail));
	return SPE_UNIT_OK;
}

int spe_timing_state_load(struct spe_timing *t, const void *buf, size_t len)
{
	uint64_t tail[5];
	const uint8_t *p = buf;

	if (!buf || len != spe_timing_state_size(t))
		return SPE_UNIT_EINVAL;
	memcpy(tail, p + len - sizeof(tail), sizeof(tail));
	if (tail[1] > 0xff || tail[2] > 1)
		return SPE_UNIT_EINVAL;
	p = cache_get(&t->l1d, p);
	p = cache_get(&t->llc, p);
	p = cache_get(&t->tlb, p);
	memcpy(t->bp, p, t->cfg.bp_entries);
	p += t->cfg.bp_entries;
	memcpy(t->btb, p, t->cfg.bp_entries * sizeof(uint64_t));
	t->tick = tail[0];
	t->miss_hist = (uint8_t)tail[1];
	t->last_valid = tail[2];
	t->last_line = tail[3];
	t->last_page = tail[4];
	return SPE_UNIT_OK;
}
