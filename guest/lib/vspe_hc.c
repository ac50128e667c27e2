// SPDX-License-Identifier: GPL-2.0-only
// HVC calls of the vspe paravirtual channel; same conduit as PSCI (psci.c).
#include "vspe_hc.h"

int64_t vspe_hc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4)
			 :
			 : "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

bool vspe_hc_present(void)
{
	static int present = -1;	/* benign race: every CPU computes the same answer */

	if (present < 0)
		present = (uint64_t)vspe_hc_call(VSPE_HC_QUERY, 0, 0, 0, 0) == VSPE_HC_MAGIC;
	return present == 1;
}

/* RAM is identity mapped and aliased at the TTBR1 base (guest.md): strip the alias. */
static uint64_t vspe_hc_pa(const void *p)
{
	uint64_t va = (uint64_t)(uintptr_t)p;

	return va >= 0xffff000000000000ull ? va - 0xffff000000000000ull : va;
}

int64_t vspe_hc_trace_write(const void *p, uint64_t len, uint32_t flags, unsigned int cpu)
{
	return vspe_hc_call(VSPE_HC_TRACE_WRITE, vspe_hc_pa(p), len, flags, cpu);
}

int64_t vspe_hc_trace_info(const struct vspe_trace_info *info)
{
	return vspe_hc_call(VSPE_HC_TRACE_INFO, vspe_hc_pa(info), sizeof(*info), 0, 0);
}
