// SPDX-License-Identifier: GPL-2.0-only
// compute: a fixed ALU-only loop (workloads/compute.c) of 10 million
// iterations whose result is known exactly (computed on the host from the
// same source); prints the time it took in counter ticks. A machine's
// guest instruction rate can be measured with it.
#include "console.h"
#include "report.h"
#include "runtime.h"
#include "timer.h"
#include "workload.h"

#define ITERATIONS	10000000ull
#define SEED		0x5e5eull
#define EXPECT		0x53f3fe2ec0957951ull	/* host gcc, same source */

int main(void)
{
	uint64_t t0 = timer_count();
	uint64_t sum = compute_run(ITERATIONS, SEED);
	uint64_t t1 = timer_count();

	report(sum == EXPECT, "compute: %llu iterations give 0x%016llx",
	       (unsigned long long)ITERATIONS, (unsigned long long)sum);
	printf("TIME: compute %llu iterations: %llu ticks at %llu Hz\n",
	       (unsigned long long)ITERATIONS, (unsigned long long)(t1 - t0),
	       (unsigned long long)timer_freq());
	return report_summary();
}
