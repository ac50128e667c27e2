// SPDX-License-Identifier: GPL-2.0-only
// demo: runs the profiling workloads once, checks their results against
// what their construction guarantees, and prints how long each took in
// generic-timer ticks (`vspe demo` boots this program).
#include "console.h"
#include "report.h"
#include "runtime.h"
#include "timer.h"
#include "workload.h"

#define CHASE_BYTES	(4u << 20)
#define BRANCHY_BYTES	(64u << 10)
#define BRANCHY_ROUNDS	4
#define SEED		0x5e5eull

static void demo_pointer_chase(void)
{
	struct pointer_chase pc;

	if (!report(pointer_chase_init(&pc, CHASE_BYTES, SEED) == 0,
		    "pointer-chase: %u KiB list built", CHASE_BYTES >> 10))
		return;
	uint64_t n = pc.nr_nodes, sum = 0;
	uint64_t t0 = timer_count();
	uint64_t end = pointer_chase_run(&pc, n, &sum);
	uint64_t t1 = timer_count();

	/* One cycle through all nodes: back at 0, every index seen once. */
	report(end == 0, "pointer-chase: %llu steps return to node 0", (unsigned long long)n);
	report(sum == n * (n - 1) / 2, "pointer-chase: every node visited once (sum %llu)",
	       (unsigned long long)sum);
	report(pointer_chase_run(&pc, n / 2, 0) != 0, "pointer-chase: half a cycle is not home");
	printf("TIME: pointer-chase %llu steps: %llu ticks\n", (unsigned long long)n,
	       (unsigned long long)(t1 - t0));
}

static void demo_branchy(void)
{
	struct branchy b;

	if (!report(branchy_init(&b, BRANCHY_BYTES, SEED) == 0,
		    "branchy: %u KiB of data", BRANCHY_BYTES >> 10))
		return;
	uint64_t t0 = timer_count();
	struct branchy_result r = branchy_run(&b, BRANCHY_ROUNDS);
	uint64_t t1 = timer_count();
	uint64_t expect = 0;

	for (size_t i = 0; i < b.size; i++)
		expect += (b.data[i] >> 7) ^ 1;	/* 1 when below 128 */
	expect *= BRANCHY_ROUNDS;
	report(r.taken == expect, "branchy: %llu taken arms == %llu counted without branches",
	       (unsigned long long)r.taken, (unsigned long long)expect);
	/* Random bytes: close to half below 128 (within 2%). */
	uint64_t total = (uint64_t)b.size * BRANCHY_ROUNDS;

	report(r.taken * 100 > total * 48 && r.taken * 100 < total * 52,
	       "branchy: taken ratio near 1/2 (unpredictable)");
	printf("TIME: branchy %llu branches: %llu ticks\n", (unsigned long long)total,
	       (unsigned long long)(t1 - t0));
}

int main(void)
{
	printf("vspe demo guest: CNTFRQ %llu Hz\n", (unsigned long long)timer_freq());
	demo_pointer_chase();
	demo_branchy();
	return report_summary();
}
