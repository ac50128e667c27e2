// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_mm: the memory costs of keeping guest memory writable for SPE.
 *   1. bytes of pin tracking per pinned page, measured with the allocator
 *      (mallinfo2), ours (hyp/mem pinset) vs. KVM v4's list of pinned pages
 *   2. time to lock (pin + map at stage 2) 1, 16 and 64 GiB of reserved,
 *      untouched memory (MAP_NORESERVE), and 1 GiB the v4 way (page by
 *      page, 4 KiB stage-2 entries, a list node per page) for the ratio
 *   3. host mm storm events per second with a VM listening to the notifier
 *   4. per strategy, under the same storm: records lost, pinned memory,
 *      stage-2 faults, the cost of (re-)pinning the buffer
 * Usage: bench_mm [max GiB to lock, default 64]
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#include "hyp/mem.h"
#include "hyp/pinset.h"

#define PG		UINT64_C(4096)
#define GIB_PAGES	(UINT64_C(1) << 18)

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static size_t heap_used(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

/* KVM v4's per-memslot record of a pinned page: a list node and the page. */
struct pinned_node {
	struct pinned_node *next, *prev;
	void *page;
};

static double list_bytes_per_page(uint64_t npages)
{
	size_t before = heap_used();
	struct pinned_node *head = NULL;
	double r;

	for (uint64_t i = 0; i < npages; i++) {
		struct pinned_node *n = malloc(sizeof(*n));

		if (!n)
			break;
		n->next = head;
		n->prev = NULL;
		n->page = (void *)(uintptr_t)(i * PG);
		head = n;
	}
	r = (double)(heap_used() - before) / (double)npages;
	while (head) {
		struct pinned_node *n = head->next;

		free(head);
		head = n;
	}
	return r;
}

struct pattern {
	const char *name;
	uint64_t slot_pages, first, count, stride;
};

static void tracking_table(void)
{
	static const struct pattern pats[] = {
		{ "pin-all, 1 GiB slot", GIB_PAGES, 0, GIB_PAGES, 1 },
		{ "buffer 16 MiB in 64 GiB", 64 * GIB_PAGES, 12345 * 512, 4096, 1 },
		{ "every 2nd page, 1 GiB", GIB_PAGES, 0, GIB_PAGES / 2, 2 },
	};

	printf("1. pin tracking, bytes per pinned page (allocator-measured)\n");
	printf("   %-26s %10s %12s %12s %14s\n", "pattern", "pinned", "ours B/page",
	       "list B/page", "ours bit/guest");
	for (unsigned i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		const struct pattern *p = &pats[i];
		struct pinset ps;
		size_t before = heap_used(), ours;

		pinset_init(&ps, p->slot_pages);
		if (p->stride == 1) {
			(void)pinset_set(&ps, p->first, p->count);
		} else {
			for (uint64_t k = 0; k < p->count; k++)
				(void)pinset_set(&ps, p->first + k * p->stride, 1);
		}
		ours = heap_used() - before;
		printf("   %-26s %10llu %12.4f %12.2f %14.4f\n", p->name,
		       (unsigned long long)p->count, (double)ours / (double)p->count,
		       list_bytes_per_page(p->count), 8.0 * (double)ours / (double)p->slot_pages);
		pinset_fini(&ps);
	}
}

/* Lock a slot of gib GiB of untouched memory; returns seconds, or -1. */
static double lock_time(uint64_t gib, struct stage2_stats *s2out, uint64_t *track)
{
	struct host_mm_config hc = { .nframes = (gib + 1) * GIB_PAGES, .seed = 1 };
	struct hyp_mem_config mc = { .ipa_bits = 44, .nvcpus = 256, .mode = HYP_MEM_PIN_ALL };
	uint64_t size = gib * GIB_PAGES * PG;
	void *ram = mmap(NULL, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	struct host_mm *mm = NULL;
	struct hyp_mem *m = NULL;
	struct hyp_mem_stats st;
	double t0, t = -1;

	if (ram == MAP_FAILED)
		return -1;
	if (!host_mm_create(&hc, &mm) && !hyp_mem_create(&mc, mm, &m) &&
	    hyp_mem_add_slot(m, UINT64_C(1) << 30, size, ram, true) == 0) {
		t0 = now();
		if (!hyp_mem_lock_slot(m, 0, true))
			t = now() - t0;
		stage2_get_stats(hyp_mem_stage2(m), s2out);
		hyp_mem_get_stats(m, &st);
		*track = st.tracking_bytes;
	}
	hyp_mem_destroy(m);
	host_mm_destroy(mm);
	munmap(ram, size);
	return t;
}

/* KVM v4's way for 1 GiB: pin each page, map it with a 4 KiB entry, list it. */
static double lock_time_v4(void)
{
	struct host_mm_config hc = { .nframes = 2 * GIB_PAGES, .seed = 1 };
	uint64_t size = GIB_PAGES * PG;
	void *ram = mmap(NULL, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	struct host_mm *mm = NULL;
	struct stage2 *s2 = NULL;
	struct pinned_node *head = NULL;
	double t0, t = -1;

	if (ram == MAP_FAILED)
		return -1;
	if (!host_mm_create(&hc, &mm) && !stage2_create(44, &s2) &&
	    !host_mm_add_slot(mm, GIB_PAGES, GIB_PAGES, ram, false)) {
		t0 = now();
		for (uint64_t g = GIB_PAGES; g < 2 * GIB_PAGES; g++) {
			struct host_mm_page pg;
			struct pinned_node *n = malloc(sizeof(*n));

			if (!n || host_mm_pin(mm, g, 1, true) || host_mm_fault_in(mm, g, true, &pg) ||
			    stage2_map(s2, g * PG, pg.pfn * PG, PG, STAGE2_PROT_RW)) {
				free(n);
				break;
			}
			n->next = head;
			n->page = (void *)(uintptr_t)pg.pfn;
			head = n;
		}
		t = now() - t0;
	}
	while (head) {
		struct pinned_node *n = head->next;

		free(head);
		head = n;
	}
	stage2_destroy(s2);
	host_mm_destroy(mm);
	munmap(ram, size);
	return t;
}

static void storm_rate(void)
{
	struct host_mm_config hc = { .nframes = 40000, .seed = 7 };
	struct hyp_mem_config mc = { .ipa_bits = 40, .nvcpus = 1, .mode = HYP_MEM_PIN_NONE };
	uint64_t pages = 16384, n = 1000000;	/* 64 MiB guest */
	uint8_t *ram = calloc(pages, PG);
	struct host_mm *mm = NULL;
	struct hyp_mem *m = NULL;
	struct host_mm_stats hs;
	double t0, t, tf;
	uint64_t x = 88172645463325252ull;

	if (!ram || host_mm_create(&hc, &mm) || hyp_mem_create(&mc, mm, &m) ||
	    hyp_mem_add_slot(m, UINT64_C(1) << 30, pages * PG, ram, true) < 0)
		goto out;
	for (uint64_t g = 0; g < pages; g++)
		(void)hyp_mem_handle_fault(m, (UINT64_C(1) << 30) + g * PG, true, HYP_MEM_SRC_CPU);
	/* Batches of 100 events (timed), each followed by 100 guest faults
	 * (timed apart) so the storm keeps finding resident pages. */
	t = 0;
	tf = 0;
	for (uint64_t b = 0; b < n / 100; b++) {
		t0 = now();
		host_mm_storm_events(mm, 100);
		t += now() - t0;
		t0 = now();
		for (unsigned k = 0; k < 100; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			(void)hyp_mem_handle_fault(m, (UINT64_C(1) << 30) + x % pages * PG, x >> 63,
						   HYP_MEM_SRC_CPU);
		}
		tf += now() - t0;
	}
	host_mm_get_stats(mm, &hs);
	printf("3. storm, 64 MiB guest, stage-2 notifier attached: %llu events in %.3f s = %.0f events/s\n",
	       (unsigned long long)n, t, (double)n / t);
	printf("   guest stage-2 faults between batches: %llu in %.3f s = %.0f faults/s\n",
	       (unsigned long long)n, tf, (double)n / tf);
	printf("   applied: reclaim %llu migrate %llu numa %llu ksm %llu thp-split %llu; nothing to do %llu\n",
	       (unsigned long long)hs.events[HOST_MM_EV_RECLAIM],
	       (unsigned long long)hs.events[HOST_MM_EV_MIGRATE],
	       (unsigned long long)hs.events[HOST_MM_EV_NUMA],
	       (unsigned long long)hs.events[HOST_MM_EV_KSM],
	       (unsigned long long)hs.events[HOST_MM_EV_THP_SPLIT],
	       (unsigned long long)hs.skipped_other);
out:
	hyp_mem_destroy(m);
	host_mm_destroy(mm);
	free(ram);
}

/* 64 MiB guest, 1 MiB SPE buffer (guest MMU off: VA = IPA), 100k 64-byte
 * records interleaved with 1M storm events and guest faults. */
static void strategy_row(enum hyp_mem_pin_mode mode)
{
	struct host_mm_config hc = { .nframes = 40000, .seed = 7 };
	struct hyp_mem_config mc = { .ipa_bits = 40, .nvcpus = 1, .mode = mode };
	const uint64_t pages = 16384, base = UINT64_C(1) << 30, buf = base + (32u << 20);
	const uint64_t buf_bytes = 1u << 20;
	uint8_t *ram = calloc(pages, PG), rec[64] = { 0x11 };
	struct spe_regime reg = { .owner_el = 1, .stage2 = true };
	struct hyp_mem_s1 s1 = { .mmu_on = false };
	struct hyp_mem_buffer_fault bf;
	struct host_mm *mm = NULL;
	struct hyp_mem *m = NULL;
	struct hyp_mem_stats st;
	const struct spe_mem_port *port;
	uint64_t x = 0x9e3779b97f4a7c15ull, off = 0;
	double t0, tpin = 0, treuse = 0;
	uint64_t cpu0 = 0;

	if (!ram || host_mm_create(&hc, &mm) || hyp_mem_create(&mc, mm, &m) ||
	    hyp_mem_add_slot(m, base, pages * PG, ram, true) < 0)
		goto out;
	(void)hyp_mem_vcpu_set_s1(m, 0, &s1);
	for (uint64_t g = 0; g < pages; g++)
		(void)hyp_mem_handle_fault(m, base + g * PG, true, HYP_MEM_SRC_CPU);
	t0 = now();
	if (mode == HYP_MEM_PIN_ALL)
		(void)hyp_mem_lock_slot(m, 0, true);
	if (mode == HYP_MEM_PIN_BUFFER)
		(void)hyp_mem_buffer_update(m, 0, buf, (buf + buf_bytes) | 1, &bf);
	tpin = now() - t0;
	t0 = now();
	if (mode == HYP_MEM_PIN_BUFFER)
		(void)hyp_mem_buffer_update(m, 0, buf + 4096, (buf + buf_bytes) | 1, &bf);
	treuse = now() - t0;
	port = hyp_mem_spe_port(m, 0);
	hyp_mem_get_stats(m, &st);
	cpu0 = st.s2_faults[HYP_MEM_SRC_CPU];
	for (unsigned i = 0; i < 100000; i++) {
		struct spe_xlate_fault f;
		struct s1_fault lf;

		host_mm_storm_events(mm, 10);
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		{
			/* The guest touches a page: a CPU fault only if stage 2 says so. */
			struct stage2_xlate sx;
			uint64_t ipa = base + x % pages * PG;

			if (stage2_walk(hyp_mem_stage2(m), ipa, x >> 63, &sx) == 1)
				(void)hyp_mem_handle_fault(m, ipa, x >> 63, HYP_MEM_SRC_CPU);
		}
		if (port->write(port->ctx, &reg, buf + off, rec, sizeof(rec), &f) &&
		    !hyp_mem_spe_last_fault(m, 0, &lf))
			(void)hyp_mem_handle_fault(m, lf.ipa, true, HYP_MEM_SRC_SPE);
		off = (off + sizeof(rec)) % buf_bytes;
	}
	hyp_mem_get_stats(m, &st);
	printf("   %-7s %8llu %10llu %12llu %12llu %10.1f %10.1f\n", hyp_mem_pin_mode_name(mode),
	       (unsigned long long)st.records_lost, (unsigned long long)st.pinned_pages,
	       (unsigned long long)st.s2_faults[HYP_MEM_SRC_SPE],
	       (unsigned long long)(st.s2_faults[HYP_MEM_SRC_CPU] - cpu0), tpin * 1e6, treuse * 1e6);
out:
	hyp_mem_destroy(m);
	host_mm_destroy(mm);
	free(ram);
}

int main(int argc, char **argv)
{
	static const uint64_t sizes[] = { 1, 16, 64 };
	uint64_t max = argc > 1 ? strtoull(argv[1], NULL, 0) : 64;
	double v4;

	tracking_table();
	printf("2. lock (pin + stage-2 map) of untouched MAP_NORESERVE memory, 256 vCPUs\n");
	printf("   %-6s %12s %10s %12s %14s\n", "GiB", "seconds", "1G blocks", "table pages",
	       "tracking B");
	for (unsigned i = 0; i < 3; i++) {
		struct stage2_stats s2 = { 0 };
		uint64_t track = 0;
		double t;

		if (sizes[i] > max)
			break;
		t = lock_time(sizes[i], &s2, &track);
		printf("   %-6llu %12.6f %10llu %12llu %14llu\n", (unsigned long long)sizes[i], t,
		       (unsigned long long)s2.leaves[1], (unsigned long long)s2.table_pages,
		       (unsigned long long)track);
	}
	v4 = lock_time_v4();
	{
		struct stage2_stats s2;
		uint64_t track;
		double ours = lock_time(1, &s2, &track);

		printf("   1 GiB the v4 way (per page, 4 KiB entries, list): %.4f s = %.0fx ours\n", v4,
		       v4 / ours);
	}
	storm_rate();
	printf("4. strategies: 64 MiB guest, 1 MiB buffer, 100k records, 1M storm events, 100k guest accesses\n");
	printf("   %-7s %8s %10s %12s %12s %10s %10s\n", "pin", "lost", "pinned pg", "SPE s2 flt",
	       "CPU s2 flt", "pin us", "re-en us");
	strategy_row(HYP_MEM_PIN_NONE);
	strategy_row(HYP_MEM_PIN_BUFFER);
	strategy_row(HYP_MEM_PIN_ALL);
	return 0;
}
