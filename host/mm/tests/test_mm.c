// SPDX-License-Identifier: GPL-2.0-only
/* host_mm: faults, each host operation, notifier order, pins, the storm. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "host/mm.h"

#define PG 4096u

struct fx {
	struct host_mm *mm;
	uint8_t *mem;
	uint64_t npages;
};

static void fx_init(struct fx *f, uint64_t npages, uint64_t nframes, bool thp, uint64_t seed)
{
	struct host_mm_config cfg = { .nframes = nframes, .seed = seed, .rate = 1000 };

	f->npages = npages;
	f->mem = aligned_alloc(PG, npages * PG);
	assert_non_null(f->mem);
	memset(f->mem, 0, npages * PG);
	assert_int_equal(host_mm_create(&cfg, &f->mm), 0);
	assert_int_equal(host_mm_add_slot(f->mm, 0x40000, npages, f->mem, thp), 0);
}

static void fx_fini(struct fx *f)
{
	host_mm_destroy(f->mm);
	free(f->mem);
}

static void test_fault_small_and_thp(void **state)
{
	struct fx f;
	struct host_mm_page pg;

	(void)state;
	fx_init(&f, 1024, 4096, false, 1);
	assert_int_equal(host_mm_pfn(f.mm, 0x40000), HOST_MM_NO_PFN);
	assert_int_equal(host_mm_fault_in(f.mm, 0x40005, false, &pg), 0);
	assert_int_equal(pg.pfn, 0);
	assert_int_equal(pg.order, 0);
	assert_true(pg.writable);
	assert_int_equal(host_mm_fault_in(f.mm, 0x40003, true, &pg), 0);
	assert_int_equal(pg.pfn, 1);
	assert_int_equal(host_mm_pfn(f.mm, 0x40005), 0);
	assert_int_equal(host_mm_fault_in(f.mm, 0x3ffff, false, &pg), HOST_MM_ENOENT);
	fx_fini(&f);

	fx_init(&f, 1024, 4096, true, 1);
	assert_int_equal(host_mm_fault_in(f.mm, 0x40205, false, &pg), 0);
	assert_int_equal(pg.order, 9);
	assert_int_equal(pg.head_pfn, 0);
	assert_int_equal(pg.pfn, 5);
	assert_int_equal(host_mm_fault_in(f.mm, 0x40001, false, &pg), 0);
	assert_int_equal(pg.head_pfn, 512);
	assert_int_equal(pg.pfn, 513);
	fx_fini(&f);
}

static void test_reclaim_scribbles_and_swap_in_restores(void **state)
{
	struct fx f;
	struct host_mm_page pg;
	uint8_t want[PG];
	struct host_mm_stats st;

	(void)state;
	fx_init(&f, 512, 4096, false, 1);
	assert_int_equal(host_mm_fault_in(f.mm, 0x40010, true, &pg), 0);
	for (unsigned i = 0; i < PG; i++)
		f.mem[0x10 * PG + i] = (uint8_t)(i * 7);
	memcpy(want, f.mem + 0x10 * PG, PG);
	assert_int_equal(host_mm_reclaim(f.mm, 0x40010), 0);
	assert_int_equal(host_mm_pfn(f.mm, 0x40010), HOST_MM_NO_PFN);
	/* The in-place bytes are the scribble pattern ^ gfn. */
	uint64_t w;
	memcpy(&w, f.mem + 0x10 * PG + 8, 8);
	assert_int_equal(w, UINT64_C(0xd15ea5edfee1dead) ^ 0x40010);
	assert_int_equal(host_mm_reclaim(f.mm, 0x40010), 1);
	assert_int_equal(host_mm_fault_in(f.mm, 0x40010, false, &pg), 0);
	assert_memory_equal(f.mem + 0x10 * PG, want, PG);
	host_mm_get_stats(f.mm, &st);
	assert_int_equal(st.swap_ins, 1);
	assert_int_equal(st.swapped_pages, 0);
	assert_int_equal(st.resident_pages, 1);
	assert_int_equal(st.events[HOST_MM_EV_RECLAIM], 1);
	fx_fini(&f);
}

static void test_ksm_merge_and_cow(void **state)
{
	struct fx f;
	struct host_mm_page a, b;
	struct host_mm_stats st;

	(void)state;
	fx_init(&f, 512, 4096, false, 1);
	assert_int_equal(host_mm_fault_in(f.mm, 0x40001, true, &a), 0);
	assert_int_equal(host_mm_fault_in(f.mm, 0x40002, true, &b), 0);
	memset(f.mem + 1 * PG, 0xab, PG);
	memset(f.mem + 2 * PG, 0xab, PG);
	assert_int_equal(host_mm_ksm_merge(f.mm, 0x40001), 1);	/* unstable only */
	assert_int_equal(host_mm_ksm_merge(f.mm, 0x40002), 0);
	assert_int_equal(host_mm_pfn(f.mm, 0x40001), a.pfn);
	assert_int_equal(host_mm_pfn(f.mm, 0x40002), a.pfn);
	assert_int_equal(host_mm_fault_in(f.mm, 0x40002, false, &b), 0);
	assert_false(b.writable);
	assert_int_equal(b.pfn, a.pfn);
	host_mm_get_stats(f.mm, &st);
	assert_int_equal(st.ksm_shared_pages, 2);
	assert_int_equal(st.frames_used, 1);
	/* A write breaks the share: a new frame, same bytes. */
	assert_int_equal(host_mm_fault_in(f.mm, 0x40002, true, &b), 0);
	assert_true(b.writable);
	assert_int_not_equal(b.pfn, a.pfn);
	assert_int_equal(f.mem[2 * PG + 100], 0xab);
	host_mm_get_stats(f.mm, &st);
	assert_int_equal(st.ksm_shared_pages, 1);
	assert_int_equal(st.cow_breaks, 1);
	assert_int_equal(st.frames_used, 2);
	fx_fini(&f);
}

struct nlog {
	struct host_mm *mm;
	uint64_t pfn_at_start, pfn_at_end;
	unsigned starts, ends;
	uint64_t gfn, n;
	enum host_mm_event_kind why;
	uint8_t byte_at_start;
	uint8_t *mem;
};

static void n_start(void *ctx, uint64_t gfn, uint64_t n, enum host_mm_event_kind why)
{
	struct nlog *l = ctx;

	l->starts++;
	l->gfn = gfn;
	l->n = n;
	l->why = why;
	l->pfn_at_start = host_mm_pfn(l->mm, gfn);
	l->byte_at_start = l->mem[(gfn - 0x40000) * PG];
}

static void n_end(void *ctx, uint64_t gfn, uint64_t n, enum host_mm_event_kind why)
{
	struct nlog *l = ctx;

	(void)n;
	(void)why;
	assert_int_equal(l->starts, l->ends + 1);
	l->ends++;
	l->pfn_at_end = host_mm_pfn(l->mm, gfn);
}

static void test_notifier_before_the_move(void **state)
{
	struct fx f;
	struct host_mm_page pg;
	struct nlog l = { 0 };
	struct host_mm_notifier n = { &l, n_start, n_end };

	(void)state;
	fx_init(&f, 1024, 8192, true, 1);
	l.mm = f.mm;
	l.mem = f.mem;
	assert_int_equal(host_mm_set_notifier(f.mm, &n), 0);
	assert_int_equal(host_mm_fault_in(f.mm, 0x40000, true, &pg), 0);	/* huge at 0 */
	f.mem[0] = 0x5a;
	assert_int_equal(host_mm_migrate(f.mm, 0x40007), 0);
	assert_int_equal(l.gfn, 0x40000);
	assert_int_equal(l.n, 512);
	assert_int_equal(l.why, HOST_MM_EV_MIGRATE);
	assert_int_equal(l.pfn_at_start, 0);	/* the old frame while notified */
	assert_int_equal(l.pfn_at_end, 512);
	assert_int_equal(host_mm_thp_split(f.mm, 0x40000), 0);
	assert_int_equal(l.why, HOST_MM_EV_THP_SPLIT);
	assert_int_equal(host_mm_reclaim(f.mm, 0x40000), 0);
	assert_int_equal(l.why, HOST_MM_EV_RECLAIM);
	assert_int_equal(l.byte_at_start, 0x5a);	/* not scribbled yet */
	assert_int_equal(l.pfn_at_start, 512);
	assert_int_equal(l.pfn_at_end, HOST_MM_NO_PFN);
	assert_int_equal(host_mm_numa_unmap(f.mm, 0x40001), 0);
	assert_int_equal(l.gfn, 0x40001);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.pfn_at_end, HOST_MM_NO_PFN);
	assert_int_equal(l.starts, 4);
	assert_int_equal(l.ends, 4);
	fx_fini(&f);
}

static void test_pins(void **state)
{
	struct fx f;
	struct host_mm_page pg;
	struct host_mm_stats st;

	(void)state;
	fx_init(&f, 1024, 4096, false, 1);
	assert_int_equal(host_mm_pin(f.mm, 0x40010, 4, true), 0);
	assert_true(host_mm_pinned(f.mm, 0x40013));
	assert_false(host_mm_pinned(f.mm, 0x40014));
	assert_int_equal(host_mm_reclaim(f.mm, 0x40011), HOST_MM_EBUSY);
	assert_int_equal(host_mm_migrate(f.mm, 0x40011), HOST_MM_EBUSY);
	assert_int_equal(host_mm_numa_unmap(f.mm, 0x40011), HOST_MM_EBUSY);
	assert_int_equal(host_mm_ksm_merge(f.mm, 0x40011), HOST_MM_EBUSY);
	assert_int_equal(host_mm_pin(f.mm, 0x40000 + 1020, 8, true), HOST_MM_EINVAL);
	assert_int_equal(host_mm_unpin(f.mm, 0x40020, 1), HOST_MM_EINVAL);
	assert_int_equal(host_mm_unpin(f.mm, 0x40010, 4), 0);
	assert_false(host_mm_pinned(f.mm, 0x40010));
	assert_int_equal(host_mm_migrate(f.mm, 0x40011), 0);
	host_mm_get_stats(f.mm, &st);
	assert_int_equal(st.pinned_pages, 0);
	assert_int_equal(st.pins, 4);
	assert_int_equal(st.unpins, 4);
	(void)pg;
	fx_fini(&f);
}

static void test_pin_giant_untouched(void **state)
{
	struct host_mm_config cfg = { .nframes = UINT64_C(1) << 20, .seed = 1 };
	struct host_mm *mm;
	struct host_mm_page pg;
	struct host_mm_stats st;
	uint64_t pages = 2 * HOST_MM_GIANT_PAGES;
	void *mem = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	(void)state;
	assert_true(mem != MAP_FAILED);
	assert_int_equal(host_mm_create(&cfg, &mm), 0);
	assert_int_equal(host_mm_add_slot(mm, 0x40000, pages, mem, true), 0);
	assert_int_equal(host_mm_pin(mm, 0x40000, pages, true), 0);
	host_mm_get_stats(mm, &st);
	assert_int_equal(st.giant_regions, 2);
	assert_int_equal(st.huge_chunks, 1024);
	assert_int_equal(st.pinned_pages, pages);
	assert_int_equal(st.frames_used, pages);
	assert_int_equal(host_mm_fault_in(mm, 0x40000 + HOST_MM_GIANT_PAGES + 3, true, &pg), 0);
	assert_int_equal(pg.order, 18);
	assert_int_equal(pg.head_pfn, HOST_MM_GIANT_PAGES);
	assert_int_equal(pg.pfn, HOST_MM_GIANT_PAGES + 3);
	assert_int_equal(host_mm_thp_split(mm, 0x40000), HOST_MM_EBUSY);
	assert_int_equal(host_mm_unpin(mm, 0x40000, pages), 0);
	host_mm_destroy(mm);
	munmap(mem, pages * PG);
}

static uint64_t xs(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Guest memory with duplicates (zero pages, repeated patterns) for KSM. */
static void fill(uint8_t *mem, uint8_t *shadow, uint64_t npages)
{
	for (uint64_t p = 0; p < npages; p++) {
		uint8_t v = p % 3 == 0 ? 0 : (uint8_t)(p % 7);

		memset(mem + p * PG, v, PG);
		memcpy(mem + p * PG, &p, p % 5 == 0 ? sizeof(p) : 0);
	}
	memcpy(shadow, mem, npages * PG);
}

/* 100k storm events, an accessor that faults pages in before each access. */
static void storm_run(uint64_t seed, bool pin_some, struct host_mm_stats *out)
{
	struct fx f;
	struct host_mm_page pg;
	uint64_t r = seed * 2 + 1, pinned_pfn[16];
	uint8_t *shadow;

	fx_init(&f, 2048, 6000, true, seed);
	shadow = malloc(f.npages * PG);
	assert_non_null(shadow);
	for (uint64_t p = 0; p < f.npages; p++)
		assert_int_equal(host_mm_fault_in(f.mm, 0x40000 + p, true, &pg), 0);
	fill(f.mem, shadow, f.npages);
	if (pin_some) {
		assert_int_equal(host_mm_pin(f.mm, 0x40000 + 1000, 16, true), 0);
		for (unsigned i = 0; i < 16; i++)
			pinned_pfn[i] = host_mm_pfn(f.mm, 0x40000 + 1000 + i);
	}
	for (unsigned round = 0; round < 1000; round++) {
		host_mm_storm_events(f.mm, 100);
		for (unsigned a = 0; a < 20; a++) {
			uint64_t x = xs(&r), p = x % f.npages, off = (x >> 20) % (PG - 8);
			bool write = (x >> 40) & 1;

			assert_int_equal(host_mm_fault_in(f.mm, 0x40000 + p, write, &pg), 0);
			if (write) {
				memcpy(f.mem + p * PG + off, &x, 8);
				memcpy(shadow + p * PG + off, &x, 8);
			} else {
				assert_memory_equal(f.mem + p * PG, shadow + p * PG, PG);
			}
		}
	}
	if (pin_some)
		for (unsigned i = 0; i < 16; i++)
			assert_int_equal(host_mm_pfn(f.mm, 0x40000 + 1000 + i), pinned_pfn[i]);
	for (uint64_t p = 0; p < f.npages; p++) {
		assert_int_equal(host_mm_fault_in(f.mm, 0x40000 + p, false, &pg), 0);
		assert_memory_equal(f.mem + p * PG, shadow + p * PG, PG);
	}
	host_mm_get_stats(f.mm, out);
	free(shadow);
	fx_fini(&f);
}

static void test_storm_keeps_contents(void **state)
{
	struct host_mm_stats st;

	(void)state;
	storm_run(42, true, &st);
	/* Seed 42's exact outcome; the pinned 2 MiB THP (pages 512..1023)
	 * refuses every event aimed at it, as a pinned compound page does. */
	const uint64_t want[HOST_MM_EV_KINDS] = { 10145, 5299, 3139, 409, 3, 81 };

	assert_memory_equal(st.events, want, sizeof(want));
	assert_int_equal(st.skipped_pinned, 25129);
}

static void test_storm_deterministic(void **state)
{
	struct host_mm_stats a, b, c;

	(void)state;
	storm_run(7, false, &a);
	storm_run(7, false, &b);
	storm_run(8, false, &c);
	assert_int_equal(a.event_hash, b.event_hash);
	assert_memory_equal(a.events, b.events, sizeof(a.events));
	assert_int_equal(a.frames_used, b.frames_used);
	assert_int_not_equal(a.event_hash, c.event_hash);
}

static void test_storm_event_list(void **state)
{
	struct host_mm_event a[64], b[64];
	struct fx f, g;

	(void)state;
	fx_init(&f, 1024, 4096, true, 11);
	fx_init(&g, 1024, 4096, true, 11);
	assert_int_equal(host_mm_set_event_log(f.mm, a, 64), 0);
	assert_int_equal(host_mm_set_event_log(g.mm, b, 64), 0);
	for (uint64_t p = 0; p < 1024; p += 7) {
		struct host_mm_page pg;

		assert_int_equal(host_mm_fault_in(f.mm, 0x40000 + p, true, &pg), 0);
		assert_int_equal(host_mm_fault_in(g.mm, 0x40000 + p, true, &pg), 0);
	}
	host_mm_storm_events(f.mm, 100);
	host_mm_storm_events(g.mm, 100);
	assert_int_equal(host_mm_event_log_len(f.mm), 64);
	for (unsigned i = 0; i < 64; i++) {
		assert_int_equal(a[i].gfn, b[i].gfn);
		assert_int_equal(a[i].kind, b[i].kind);
		assert_int_equal(a[i].result, b[i].result);
		assert_true(a[i].gfn >= 0x40000 && a[i].gfn < 0x40000 + 1024);
		assert_true(a[i].kind < HOST_MM_EV_COW);
	}
	/* Seed 11's first events, exactly: NUMA unmaps of two THPs (whole
	 * chunks), a reclaim (splitting the second THP), then a migrate of a
	 * page still waiting for its NUMA hinting fault: nothing to do. */
	assert_int_equal(a[0].gfn, 0x40030);
	assert_int_equal(a[0].kind, HOST_MM_EV_NUMA);
	assert_int_equal(a[0].result, 0);
	assert_int_equal(a[1].gfn, 0x40313);
	assert_int_equal(a[1].kind, HOST_MM_EV_NUMA);
	assert_int_equal(a[2].gfn, 0x40312);
	assert_int_equal(a[2].kind, HOST_MM_EV_RECLAIM);
	assert_int_equal(a[2].result, 0);
	assert_int_equal(a[3].gfn, 0x4026d);
	assert_int_equal(a[3].kind, HOST_MM_EV_MIGRATE);
	assert_int_equal(a[3].result, 1);
	fx_fini(&f);
	fx_fini(&g);
}

static void test_storm_rate(void **state)
{
	struct fx f;

	(void)state;
	fx_init(&f, 512, 2048, false, 3);
	/* rate 1000 per million: 999 instructions give 0, the next 1 gives 1. */
	assert_int_equal(host_mm_storm(f.mm, 999), 0);
	assert_int_equal(host_mm_storm(f.mm, 1), 1);
	assert_int_equal(host_mm_storm(f.mm, 2500000), 2500);
	fx_fini(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_small_and_thp),
		cmocka_unit_test(test_reclaim_scribbles_and_swap_in_restores),
		cmocka_unit_test(test_ksm_merge_and_cow),
		cmocka_unit_test(test_notifier_before_the_move),
		cmocka_unit_test(test_pins),
		cmocka_unit_test(test_pin_giant_untouched),
		cmocka_unit_test(test_storm_keeps_contents),
		cmocka_unit_test(test_storm_deterministic),
		cmocka_unit_test(test_storm_event_list),
		cmocka_unit_test(test_storm_rate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
