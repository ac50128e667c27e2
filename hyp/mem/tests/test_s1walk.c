// SPDX-License-Identifier: GPL-2.0-only
/* The guest stage-1 walker: 48-bit TTBR1 and 39-bit TTBR0 walks, blocks,
 * permissions, AF, TBI, out-of-range VAs, reader faults (S1PTW). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arch/sysreg.h"
#include "hyp/s1walk.h"

/* A flat "IPA space" of 64 pages at IPA 0 for the tables. */
static uint64_t mem[64][512];
static unsigned reads;

static int rd(void *ctx, uint64_t ipa, uint64_t *d, struct s1_fault *f)
{
	(void)ctx;
	reads++;
	if (ipa >= sizeof(mem)) {
		f->fsc = 0x06;	/* as a stage-2 translation fault, level 2 */
		f->level = 2;
		return 1;
	}
	memcpy(d, (uint8_t *)mem + ipa, 8);
	return 0;
}

#define TBL(p)		((uint64_t)(p) * 4096 | 3)
#define PAGE(pa, x)	((pa) | PTE_AF_MASK | (x) | 3)
#define BLOCK(pa, x)	((pa) | PTE_AF_MASK | (x) | 1)

static const struct hyp_mem_s1 s1 = {
	.mmu_on = true,
	.ttbr0 = 1 * 4096,		/* 39-bit: L1 at page 1 */
	.ttbr1 = 10 * 4096 | 1,		/* 48-bit: L0 at page 10 (CnP set: ignored) */
	.tcr = TCR_EL1_T0SZ_PREP(25) | TCR_EL1_T1SZ_PREP(16) | TCR_EL1_TG1_PREP(TCR_EL1_TG1_4K) |
	       TCR_EL1_TBI0_MASK,
};

static void setup(void)
{
	memset(mem, 0, sizeof(mem));
	/* TTBR0: VA 0x40201000 -> L1[1] -> L2 (page 2)[1] -> L3 (page 3)[1]. */
	mem[1][1] = TBL(2);
	mem[2][1] = TBL(3);
	mem[3][1] = PAGE(0x80005000, 0);
	mem[3][2] = PAGE(0x80006000, PTE_AP_PREP(PTE_AP_RO_EL1));
	mem[3][3] = 0x80007000 | 3;		/* AF = 0 */
	mem[2][2] = BLOCK(0x90000000, 0);	/* 2 MiB block at VA 0x40400000 */
	mem[1][2] = BLOCK(0xc0000000, 0);	/* 1 GiB block at VA 0x80000000 */
	mem[1][3] = TBL(4) | PTE_APTABLE_PREP(2);	/* everything below read-only */
	mem[4][0] = BLOCK(0x100000000, 0);
	mem[1][5] = TBL(63) + 0x100000;		/* a table outside the reader's memory */
	/* TTBR1: VA 0xffff800000123000 -> L0[256] -> L1 (11)[0] -> L2 (12)[0] -> L3 (13)[0x123]. */
	mem[10][256] = TBL(11);
	mem[11][0] = TBL(12);
	mem[12][0] = TBL(13);
	mem[13][0x123] = PAGE(0x12345000, 0);
}

static void expect_ipa(uint64_t va, bool write, uint64_t ipa, unsigned ntables)
{
	struct s1_xlate x;
	struct s1_fault f;

	assert_int_equal(s1_walk(&s1, va, write, false, rd, NULL, &x, &f), 0);
	assert_int_equal(x.ipa, ipa);
	assert_int_equal(x.ntables, ntables);
}

static void expect_fault(uint64_t va, bool write, unsigned stage, unsigned fsc, unsigned level)
{
	struct s1_xlate x;
	struct s1_fault f;

	assert_int_equal(s1_walk(&s1, va, write, false, rd, NULL, &x, &f), 1);
	assert_int_equal(f.stage, stage);
	assert_int_equal(f.fsc, fsc);
	assert_int_equal(f.level, level);
	assert_int_equal(f.va, va);
}

static void test_walks(void **state)
{
	struct s1_xlate x;
	struct s1_fault f;

	(void)state;
	setup();
	expect_ipa(0x40201abc, true, 0x80005abc, 3);
	assert_int_equal(s1_walk(&s1, 0x40201abc, false, false, rd, NULL, &x, &f), 0);
	assert_int_equal(x.table_ipa[0], 0x1000);
	assert_int_equal(x.table_ipa[2], 0x3000);
	expect_ipa(0x40412345, true, 0x90012345, 2);
	expect_ipa(0x80abcdef, true, 0xc0abcdef, 1);
	/* TBI0: the top byte of a TTBR0 address is ignored. */
	expect_ipa(0x5a00000040201008, false, 0x80005008, 3);
	/* 48-bit TTBR1: four levels. */
	reads = 0;
	expect_ipa(0xffff800000123456, true, 0x12345456, 4);
	assert_int_equal(reads, 4);
}

static void test_faults(void **state)
{
	struct hyp_mem_s1 t = s1;
	struct s1_xlate x;
	struct s1_fault f;

	(void)state;
	setup();
	/* AP[2] = 1: reads translate, writes take a level-3 permission fault. */
	expect_ipa(0x40202010, false, 0x80006010, 3);
	expect_fault(0x40202010, true, 1, 0x0f, 3);
	/* AF = 0 faults (level 3) unless the hardware manages the flag (PMBIDR_EL1.F). */
	expect_fault(0x40203000, false, 1, 0x0b, 3);
	assert_int_equal(s1_walk(&s1, 0x40203000, true, true, rd, NULL, &x, &f), 0);
	assert_int_equal(x.ipa, 0x80007000);
	/* Missing entries, by level. */
	expect_fault(0x40204000, false, 1, 0x07, 3);
	expect_fault(0x00001000, false, 1, 0x05, 1);
	expect_fault(0xffff000000000000, false, 1, 0x04, 0);
	/* APTable[1] makes the level-2 block below read-only. */
	expect_ipa(0xc0000000, false, 0x100000000, 2);
	expect_fault(0xc0000000, true, 1, 0x0e, 2);
	/* A table the reader cannot read: a stage-2 fault on the walk (S1PTW). */
	expect_fault(0x140000000, false, 2, 0x06, 2);
	assert_int_equal(s1_walk(&s1, 0x140000000, false, false, rd, NULL, &x, &f), 1);
	assert_true(f.s1ptw);
	assert_int_equal(f.ipa, 63 * 4096 + 0x100000);
	/* VAs outside both ranges. */
	expect_fault(0x8000000000, false, 1, 0x04, 0);
	expect_fault(0xfffe800000000000, false, 1, 0x04, 0);
	/* EPD0, a 16 KiB granule: level-0 translation faults; MMU off: VA = IPA. */
	t.tcr |= TCR_EL1_EPD0_MASK;
	assert_int_equal(s1_walk(&t, 0x40201000, false, false, rd, NULL, &x, &f), 1);
	assert_int_equal(f.fsc, 0x04);
	t.tcr = s1.tcr | TCR_EL1_TG0_PREP(TCR_EL1_TG0_16K);
	assert_int_equal(s1_walk(&t, 0x40201000, false, false, rd, NULL, &x, &f), 1);
	t.mmu_on = false;
	assert_int_equal(s1_walk(&t, 0x40201000, true, false, rd, NULL, &x, &f), 0);
	assert_int_equal(x.ipa, 0x40201000);
	assert_int_equal(x.ntables, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walks),
		cmocka_unit_test(test_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
