// SPDX-License-Identifier: GPL-2.0-only
#include "workload.h"

uint64_t compute_run(uint64_t iterations, uint64_t seed)
{
	uint64_t x = seed ? seed : 1, sum = 0;

	for (uint64_t i = 0; i < iterations; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		sum += x ^ i;
	}
	return sum;
}
