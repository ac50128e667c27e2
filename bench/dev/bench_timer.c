// SPDX-License-Identifier: GPL-2.0-only
/*
 * Cost of the timer model on the hypervisor's per-slice path:
 * timer_levels() + timer_next_event(), and a trapped CNTVCT_EL0 read.
 * Fixed iteration counts; timings use the monotonic clock (they are the output).
 *
 * Usage: bench_timer [iterations]   (default 5000000)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "arch/sysreg.h"
#include "hw/timer.h"

static volatile uint64_t sink;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 5000000;
	struct arch_timer t;
	uint64_t acc = 0, v = 0;
	double t0, slice, vct;

	if (n <= 0 || n > 1000000000L) {
		fprintf(stderr, "usage: %s [iterations 1..1e9]\n", argv[0]);
		return 2;
	}
	timer_reset(&t);
	t.cntvoff = 12345;
	timer_sysreg_write(&t, SYS_CNTV_CVAL_EL0, 0, 1ull << 40);
	timer_sysreg_write(&t, SYS_CNTV_CTL_EL0, 0, CNTV_CTL_EL0_ENABLE_MASK);
	timer_sysreg_write(&t, SYS_CNTP_CVAL_EL0, 0, 1ull << 41);
	timer_sysreg_write(&t, SYS_CNTP_CTL_EL0, 0, CNTP_CTL_EL0_ENABLE_MASK);

	t0 = now_s();
	for (long i = 0; i < n; i++) {
		struct timer_levels l = timer_levels(&t, (uint64_t)i * 1000);

		acc += l.virt + l.phys + timer_next_event(&t, (uint64_t)i * 1000);
	}
	slice = (double)n / (now_s() - t0);

	t0 = now_s();
	for (long i = 0; i < n; i++) {
		timer_sysreg_read(&t, SYS_CNTVCT_EL0, (uint64_t)i, &v);
		acc += v;
	}
	vct = (double)n / (now_s() - t0);
	sink += acc;

	printf("%-34s %12.3e /s\n", "timer_levels + timer_next_event", slice);
	printf("%-34s %12.3e /s\n", "timer_sysreg_read(CNTVCT_EL0)", vct);
	printf("%-34s %12.2f\n", "ratio (slice check / CNTVCT read)", vct / slice);
	return sink == 0xdeadbeefcafeull;	/* never true: keeps the work alive */
}
