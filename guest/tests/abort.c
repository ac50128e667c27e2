// SPDX-License-Identifier: GPL-2.0-only
// abort: the harness's own failure path. One check passes, then EL1 loads
// from an unmapped address with no handler installed: the runtime must
// print UNEXPECTED EXCEPTION with the data-abort syndrome and end with
// EXIT: STATUS=2. The manifest expects that status (EXPECT 2).
#include "console.h"
#include "report.h"
#include "runtime.h"

#define UNMAPPED_VA	0x80000000ull

int main(void)
{
	report(true, "before the abort");
	(void)*(volatile uint64_t *)UNMAPPED_VA;
	report(false, "the load from an unmapped address returned");
	return report_summary();
}
