/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Workloads to profile with SPE: deterministic for a given seed, sized in
 * bytes, memory from mem_alloc(). Each has init (allocate and fill) and run.
 */
#ifndef GUEST_WORKLOAD_H
#define GUEST_WORKLOAD_H
#include <stddef.h>
#include <stdint.h>

/* xorshift64*: the workloads' only source of "randomness" (seeded). */
uint64_t workload_rand(uint64_t *state);

/*
 * pointer-chase: one cache line (64 bytes) per node, the nodes linked into
 * a single random cycle (Sattolo's algorithm), so every load depends on
 * the previous one and hits a different line: TLB and cache misses.
 */
struct chase_node {
	struct chase_node *next;
	uint64_t index;
	uint64_t pad[6];
};

struct pointer_chase {
	struct chase_node *nodes;
	size_t nr_nodes;
};

int pointer_chase_init(struct pointer_chase *pc, size_t bytes, uint64_t seed);
/* Follows steps links from node 0; returns the index reached and adds
 * the indices visited (after each step) to *sum. */
uint64_t pointer_chase_run(const struct pointer_chase *pc, uint64_t steps, uint64_t *sum);

/*
 * branchy: a conditional branch per byte of random data, taken with
 * probability 1/2, so the outcome is unpredictable (mispredicts).
 */
struct branchy {
	uint8_t *data;
	size_t size;
};

struct branchy_result {
	uint64_t taken;		/* bytes below 128: the "taken" arm */
	uint64_t acc;		/* a value both arms feed */
};

int branchy_init(struct branchy *b, size_t bytes, uint64_t seed);
struct branchy_result branchy_run(const struct branchy *b, unsigned int rounds);

/*
 * compute: ALU only, no memory traffic (a xorshift64 state per iteration,
 * folded into a sum): for measuring instructions per second of a machine.
 * About 8 instructions per iteration at -O2.
 */
uint64_t compute_run(uint64_t iterations, uint64_t seed);

#endif
