// SPDX-License-Identifier: GPL-2.0-only
// spe-mm-move: a guest that moves its profiling buffer and changes the
// page tables that map it in the middle of a session (docs/memory.md,
// BUFFER pinning). Part 1 profiles into one buffer, then into another.
// Part 2 gives TTBR1 a page table of its own (a new level-2 table), starts
// a session on the high alias V of buffer C, pauses sampling, points V's
// 2 MiB block at buffer D (break-before-make, TLBI), and resumes: the
// records before the change are in C, those after it in D at the same
// offsets, nothing faults. Run under a memory storm with
// --spe-pin=buffer, vspe must follow the new tables (walk and pin D at the
// TLBI) or the unit meets stage-2 faults and records are lost.
#include "layout.h"
#include "mem.h"
#include "mmu.h"
#include "report.h"
#include "runtime.h"
#include "spe.h"
#include "spe_trace.h"
#include "sysreg.h"
#include "workload.h"

#define SEED		0x5e55ull
#define BUF_SIZE	(256u << 10)
#define BLOCK		(2ull << 20)
#define L2_INDEX(va)	(((va) >> 21) & 511)
#define DESC_ADDR	0x0000fffffffff000ull	/* output address bits [47:12] */

static struct spe_caps caps;
static struct branchy branchy;

/* Records in [p, p + len): -1 when the bytes do not parse. */
static long records_in(const uint8_t *p, size_t len)
{
	struct spe_trace_stats st;

	if (spe_trace_walk(p, len, 0, 0, &st))
		return -1;
	return (long)st.records;
}

static bool all_zero(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

static struct spe_session session(void *buf)
{
	return (struct spe_session){
		.buf = buf, .size = BUF_SIZE, .interval = caps.min_interval,
		.pmscr = PMSCR_EL1_E1SPE_MASK,
	};
}

static void test_move(void)
{
	uint8_t *a = mem_alloc(BUF_SIZE, 4096), *b = mem_alloc(BUF_SIZE, 4096);
	struct spe_session s;
	struct spe_cpu_stats st;
	size_t na, nb;

	if (!report(a && b, "move: two buffers"))
		return;
	s = session(a);
	report(spe_start(&caps, &s) == 0, "move: session on buffer A");
	branchy_run(&branchy, 2);
	na = spe_stop(&s);
	s = session(b);
	report(spe_start(&caps, &s) == 0, "move: session on buffer B");
	branchy_run(&branchy, 2);
	nb = spe_stop(&s);
	spe_cpu_stats(cpu_index(), &st);
	report(na > 0 && records_in(a, na) > 0, "move: %lu bytes of records in A",
	       (unsigned long)na);
	report(nb > 0 && records_in(b, nb) > 0, "move: %lu bytes of records in B",
	       (unsigned long)nb);
	report(st.faults == 0 && st.irqs == 0, "move: no buffer event (%u faults, %u irqs)",
	       st.faults, st.irqs);
}

/* TTBR1's level-1 entry for the RAM GiB (mmu.c: L0[0] -> L1[1] -> L2). */
static uint64_t *high_l1_entry(void)
{
	uint64_t *l0 = (uint64_t *)(uintptr_t)(read_sysreg(ttbr1_el1) & DESC_ADDR);
	uint64_t *l1 = (uint64_t *)(uintptr_t)(l0[0] & DESC_ADDR);

	return &l1[(GUEST_RAM_BASE >> 30) & 511];
}

static void tlb_flush(void)
{
	dsb(ishst);
	__asm__ volatile("tlbi vmalle1is" ::: "memory");
	dsb(ish);
	isb();
}

static void test_remap(void)
{
	uint8_t *c = mem_alloc(BLOCK, BLOCK), *d = mem_alloc(BLOCK, BLOCK);
	uint64_t *l2 = mem_alloc(4096, 4096), *l1e = high_l1_entry();
	const uint64_t *old_l2 = (const uint64_t *)(uintptr_t)(*l1e & DESC_ADDR);
	uint8_t *v = mmu_high_alias(c);
	struct spe_session s;
	struct spe_cpu_stats st;
	uint64_t blk, p1;
	size_t n;
	long before, after;

	if (!report(c && d && l2, "remap: buffers C, D and a level-2 table"))
		return;
	/* TTBR1 gets its own copy of the RAM level-2 table (same translations). */
	memcpy(l2, old_l2, 4096);
	*l1e = (*l1e & ~DESC_ADDR) | (uint64_t)(uintptr_t)l2;
	tlb_flush();
	blk = l2[L2_INDEX((uintptr_t)c)];
	if (!report((blk & 3) == 1 && (blk & DESC_ADDR) == (uintptr_t)c,
		    "remap: C is one 2 MiB block of the new table"))
		return;
	s = session(v);
	if (!report(spe_start(&caps, &s) == 0, "remap: session on V, the high alias of C"))
		return;
	branchy_run(&branchy, 2);
	/* Pause sampling, keep the buffer: what was sampled is in memory. */
	write_sysreg_key(SYS_PMSCR_EL1, 0);
	isb();
	psb_csync();
	dsb(nsh);
	p1 = read_sysreg_key(SYS_PMBPTR_EL1) - (uintptr_t)v;
	/* Break, then make: V's block now maps D. */
	l2[L2_INDEX((uintptr_t)c)] = 0;
	tlb_flush();
	l2[L2_INDEX((uintptr_t)c)] = (blk & ~DESC_ADDR) | (uint64_t)(uintptr_t)d;
	tlb_flush();
	write_sysreg_key(SYS_PMSCR_EL1, s.pmscr);
	isb();
	branchy_run(&branchy, 2);
	n = spe_stop(&s);
	spe_cpu_stats(cpu_index(), &st);
	report(st.faults == 0 && st.irqs == 0, "remap: no buffer event (%u faults, %u irqs)",
	       st.faults, st.irqs);
	if (!report(p1 > 0 && n > p1, "remap: records before (%lu bytes) and after (%lu bytes)",
		    (unsigned long)p1, (unsigned long)(n - p1)))
		return;
	before = records_in(c, p1);
	after = records_in(d + p1, n - p1);
	report(before > 0, "remap: %ld records in C before the change", before);
	report(after > 0, "remap: %ld records in D after it, at the same offsets", after);
	report(all_zero(d, p1) && all_zero(c + p1, n - p1),
	       "remap: nothing of either part in the other buffer");
	/* Back to the shared table. */
	*l1e = (*l1e & ~DESC_ADDR) | (uint64_t)(uintptr_t)old_l2;
	tlb_flush();
}

int main(void)
{
	if (spe_probe(&caps)) {
		report_skip("no usable SPE (ID_AA64DFR0_EL1.PMSVer == 0 or PMBIDR_EL1.P)");
		return report_summary();
	}
	if (!report(branchy_init(&branchy, 16u << 10, SEED) == 0, "workload ready"))
		return report_summary();
	spe_reset_local();
	test_move();
	test_remap();
	return report_summary();
}
