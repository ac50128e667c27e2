// SPDX-License-Identifier: GPL-2.0-only
// The report() harness. Counters are updated with atomics so that
// secondary CPUs may report too; each line is printed under the console lock.
#include <stdarg.h>
#include <stdint.h>
#include "console.h"
#include "psci.h"
#include "report.h"
#include "spinlock.h"

static uint64_t nr_tests, nr_failures, nr_skipped;
static const char *prefix = "";

void report_prefix(const char *p)
{
	prefix = p ? p : "";
}

static void report_line(const char *tag, const char *fmt, va_list ap)
{
	char buf[256];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	printf("%s: %s%s\n", tag, prefix, buf);
}

bool report(bool cond, const char *fmt, ...)
{
	va_list ap;

	atomic_add_return(&nr_tests, 1);
	if (!cond)
		atomic_add_return(&nr_failures, 1);
	va_start(ap, fmt);
	report_line(cond ? "PASS" : "FAIL", fmt, ap);
	va_end(ap);
	return cond;
}

void report_skip(const char *fmt, ...)
{
	va_list ap;

	atomic_add_return(&nr_tests, 1);
	atomic_add_return(&nr_skipped, 1);
	va_start(ap, fmt);
	report_line("SKIP", fmt, ap);
	va_end(ap);
}

void report_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report_line("INFO", fmt, ap);
	va_end(ap);
}

int report_summary(void)
{
	uint64_t tests = atomic_read(&nr_tests);
	uint64_t failures = atomic_read(&nr_failures);
	uint64_t skipped = atomic_read(&nr_skipped);

	printf("SUMMARY: %llu tests, %llu unexpected failures, %llu skipped\n",
	       (unsigned long long)tests, (unsigned long long)failures,
	       (unsigned long long)skipped);
	if (failures)
		return REPORT_FAIL;
	if (tests == 0)
		return REPORT_FAIL;	/* a test that checked nothing */
	if (skipped == tests)
		return REPORT_SKIP;
	return REPORT_PASS;
}

void report_exit(int code)
{
	printf("EXIT: STATUS=%d\n", code);
	psci_system_off();
	/* SYSTEM_OFF does not return; if a machine lets it, stay parked. */
	for (;;)
		__asm__ volatile("msr daifset, #0xf\n wfi" ::: "memory");
}

void report_abort_exit(void)
{
	report_summary();
	report_exit(REPORT_ABORT);
}
