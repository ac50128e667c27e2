// SPDX-License-Identifier: GPL-2.0-only
// memory: guest RAM keeps what is written to it. Up to 32 MiB of free RAM
// is filled with a value derived from each word's address and a seed, read
// back, then filled and checked again with another seed (a page the host
// moved, merged or lost would show stale or foreign data), and sampled
// through the TTBR1 alias. Meant for machines whose host side remaps guest
// memory behind its back.
#include "console.h"
#include "mem.h"
#include "mmu.h"
#include "report.h"
#include "runtime.h"

#define MAX_BYTES	(32u << 20)
#define ALIAS_STRIDE	(1u << 20)	/* one alias sample per MiB */

/* Distinct for every word and seed, and cheap: two instructions. */
static uint64_t pattern(uintptr_t addr, uint64_t seed)
{
	return (addr ^ seed) * 0x9e3779b97f4a7c15ull;
}

static void fill(volatile uint64_t *p, size_t words, uint64_t seed)
{
	for (size_t i = 0; i < words; i++)
		p[i] = pattern((uintptr_t)&p[i], seed);
}

/* Returns the number of words that differ; prints the first few. */
static size_t verify(volatile uint64_t *p, size_t words, uint64_t seed)
{
	size_t bad = 0;

	for (size_t i = 0; i < words; i++) {
		uint64_t want = pattern((uintptr_t)&p[i], seed), got = p[i];

		if (got != want && bad++ < 4)
			printf("INFO: 0x%lx holds 0x%016llx, not 0x%016llx\n",
			       (unsigned long)(uintptr_t)&p[i], (unsigned long long)got,
			       (unsigned long long)want);
	}
	return bad;
}

int main(void)
{
	uint64_t avail = mem_free_bytes() & ~(uint64_t)0xfffff;	/* whole MiB */
	size_t bytes = avail > MAX_BYTES ? MAX_BYTES : (size_t)avail;
	volatile uint64_t *p = bytes ? mem_alloc(bytes, 1u << 21) : 0;
	size_t words = bytes / 8;

	if (!report(p != 0 && bytes >= (8u << 20), "%lu MiB of free RAM at %p",
		    (unsigned long)(bytes >> 20), (void *)p))
		return report_summary();
	fill(p, words, 0x5eed1);
	report(verify(p, words, 0x5eed1) == 0, "pass 1: every word reads back");
	fill(p, words, 0x5eed2);
	report(verify(p, words, 0x5eed2) == 0, "pass 2: every word reads back the new value");

	size_t alias_bad = 0;

	for (size_t off = 0; off < bytes; off += ALIAS_STRIDE) {
		volatile uint64_t *w = (volatile uint64_t *)((uintptr_t)p + off);
		volatile uint64_t *hi = mmu_high_alias((const void *)w);

		if (*hi != pattern((uintptr_t)w, 0x5eed2))
			alias_bad++;
	}
	report(alias_bad == 0, "the TTBR1 alias sees the same data (%lu samples)",
	       (unsigned long)(bytes / ALIAS_STRIDE));
	return report_summary();
}
