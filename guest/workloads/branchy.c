// SPDX-License-Identifier: GPL-2.0-only
#include "mem.h"
#include "workload.h"

int branchy_init(struct branchy *b, size_t bytes, uint64_t seed)
{
	b->size = 0;
	b->data = mem_alloc(bytes, 64);
	if (!b->data || !bytes)
		return -1;
	for (size_t i = 0; i < bytes; i++)
		b->data[i] = (uint8_t)(workload_rand(&seed) >> 56);
	b->size = bytes;
	return 0;
}

struct branchy_result branchy_run(const struct branchy *b, unsigned int rounds)
{
	struct branchy_result r = { 0, 0 };

	for (unsigned int round = 0; round < rounds; round++) {
		for (size_t i = 0; i < b->size; i++) {
			uint8_t v = b->data[i];

			/*
			 * The empty volatile asm keeps each arm a real arm: the
			 * compiler may not turn the branch into a CSEL.
			 */
			if (v < 128) {
				__asm__ volatile("");
				r.taken++;
				r.acc += v;
			} else {
				__asm__ volatile("");
				r.acc ^= (uint64_t)v << (i & 31);
			}
		}
	}
	return r;
}
