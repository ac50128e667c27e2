/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The test harness (kvm-unit-tests style): one PASS/FAIL/SKIP line per
 * check, a SUMMARY line, then "EXIT: STATUS=<code>" and PSCI SYSTEM_OFF.
 * Exit codes: 0 all passed, 1 some failed, 77 skipped, 2 aborted.
 */
#ifndef GUEST_REPORT_H
#define GUEST_REPORT_H
#include <stdbool.h>

enum report_status {
	REPORT_PASS = 0,
	REPORT_FAIL = 1,
	REPORT_ABORT = 2,
	REPORT_SKIP = 77,
};

/* Prints "PASS: what" or "FAIL: what"; returns cond. Any CPU may call it. */
bool report(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void report_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prefix for the following report lines, e.g. "smp: " (NULL clears it). */
void report_prefix(const char *prefix);

/* Prints SUMMARY and returns the exit code the counts give. */
int report_summary(void);
/* Prints EXIT: STATUS=code and powers off; never returns. */
void report_exit(int code) __attribute__((noreturn));
/* Prints SUMMARY then exits with status 2 (unexpected exception). */
void report_abort_exit(void) __attribute__((noreturn));

#endif
