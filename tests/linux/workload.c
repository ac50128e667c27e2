// SPDX-License-Identifier: GPL-2.0-only
/*
 * The program `perf record` profiles in the Linux guest: a few million
 * loads, stores and branches in two named functions, so SPE samples have
 * PCs and data addresses that the host checker can attribute. No C
 * library: it is static, tiny and does the same work on every run.
 */
#include <stdint.h>

#define WORDS	(64u * 1024u)	/* 512 KiB: misses the L1 on purpose */

static uint64_t table[WORDS];

void _start(void);
uint64_t workload_fill(uint64_t seed);
uint64_t workload_walk(unsigned int rounds);

/* A linear congruential fill (Knuth's MMIX constants): stores. Several
 * passes, so that it takes about a third of the run and samples land in it. */
__attribute__((noinline)) uint64_t workload_fill(uint64_t seed)
{
	unsigned int i, pass;

	for (pass = 0; pass < 12; pass++) {
		for (i = 0; i < WORDS; i++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			table[i] = seed ^ table[i];
		}
	}
	return seed;
}

/* A dependent pointer-chase through the table: loads and branches. */
__attribute__((noinline)) uint64_t workload_walk(unsigned int rounds)
{
	uint64_t idx = 0, sum = 0;
	unsigned int r, i;

	for (r = 0; r < rounds; r++) {
		for (i = 0; i < WORDS; i++) {
			idx = (table[idx] ^ i) % WORDS;
			if (idx & 1)
				sum += idx;
			else
				sum ^= idx;
		}
	}
	return sum;
}

static __attribute__((noreturn)) void sys_exit(long code)
{
	register long x0 __asm__("x0") = code;
	register long x8 __asm__("x8") = 93;	/* exit */

	for (;;)
		__asm__ volatile("svc #0" : : "r"(x0), "r"(x8) : "memory");
}

void _start(void)
{
	uint64_t s = workload_fill(1);

	s += workload_walk(32);
	/* The sum only keeps the work from being optimised away. */
	sys_exit(s == 0 ? 1 : 0);
}
