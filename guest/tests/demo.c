// SPDX-License-Identifier: GPL-2.0-only
#include "report.h"
#include "runtime.h"

int main(void)
{
	report_skip("not written yet");
	return report_summary();
}
