// SPDX-License-Identifier: GPL-2.0-only
#include "mem.h"
#include "workload.h"

uint64_t workload_rand(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x9e3779b97f4a7c15ull;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545f4914f6cdd1dull;
}

int pointer_chase_init(struct pointer_chase *pc, size_t bytes, uint64_t seed)
{
	size_t n = bytes / sizeof(struct chase_node);

	pc->nodes = 0;
	pc->nr_nodes = 0;
	if (n < 2)
		return -1;
	pc->nodes = mem_alloc(n * sizeof(struct chase_node), sizeof(struct chase_node));
	if (!pc->nodes)
		return -1;
	/* Sattolo: a random cyclic permutation, kept in .index for now. */
	for (size_t i = 0; i < n; i++)
		pc->nodes[i].index = i;
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = (size_t)(workload_rand(&seed) % i);
		uint64_t t = pc->nodes[i].index;

		pc->nodes[i].index = pc->nodes[j].index;
		pc->nodes[j].index = t;
	}
	for (size_t i = 0; i < n; i++)
		pc->nodes[i].next = &pc->nodes[pc->nodes[i].index];
	for (size_t i = 0; i < n; i++)
		pc->nodes[i].index = i;
	pc->nr_nodes = n;
	return 0;
}

uint64_t pointer_chase_run(const struct pointer_chase *pc, uint64_t steps, uint64_t *sum)
{
	const struct chase_node *p = pc->nodes;
	uint64_t s = 0;

	if (!p)
		return 0;
	for (uint64_t i = 0; i < steps; i++) {
		p = p->next;
		s += p->index;
	}
	if (sum)
		*sum += s;
	return p->index;
}
