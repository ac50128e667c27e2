// SPDX-License-Identifier: GPL-2.0-only
/* Stage 2: exact descriptors, walks, faults, splits and memory use. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "hyp/stage2.h"

#define G1 STAGE2_BLOCK_1G
#define M2 STAGE2_BLOCK_2M
#define K4 STAGE2_PAGE_SIZE

static void expect_fault(struct stage2 *s2, uint64_t ipa, bool write, unsigned level, unsigned fsc)
{
	struct stage2_xlate x;

	assert_int_equal(stage2_walk(s2, ipa, write, &x), 1);
	assert_true(x.fault);
	assert_int_equal(x.level, level);
	assert_int_equal(x.fsc, fsc);
}

static void expect_map(struct stage2 *s2, uint64_t ipa, bool write, uint64_t pa, unsigned level)
{
	struct stage2_xlate x;

	assert_int_equal(stage2_walk(s2, ipa, write, &x), 0);
	assert_false(x.fault);
	assert_int_equal(x.pa, pa);
	assert_int_equal(x.level, level);
}

static void test_create(void **state)
{
	struct stage2 *s2;

	(void)state;
	assert_int_equal(stage2_create(31, &s2), HYP_MEM_EINVAL);
	assert_int_equal(stage2_create(49, &s2), HYP_MEM_EINVAL);
	assert_int_equal(stage2_create(40, &s2), 0);
	assert_int_equal(stage2_start_level(s2), 0);
	stage2_destroy(s2);
	assert_int_equal(stage2_create(39, &s2), 0);
	assert_int_equal(stage2_start_level(s2), 1);
	stage2_destroy(s2);
}

static void test_page_desc_and_faults(void **state)
{
	struct stage2 *s2;
	struct stage2_xlate x;
	struct stage2_stats st;

	(void)state;
	assert_int_equal(stage2_create(39, &s2), 0);
	assert_int_equal(stage2_map(s2, 0x40000000, 0x1234000, K4, STAGE2_PROT_RW), 0);
	assert_int_equal(stage2_walk(s2, 0x40000abc, true, &x), 0);
	assert_int_equal(x.pa, 0x1234abc);
	assert_int_equal(x.level, 3);
	assert_int_equal(x.size, K4);
	assert_int_equal(x.prot, STAGE2_PROT_RW);
	/* OA | AF | SH=inner | S2AP=RW | MemAttr=0b1111 | page. */
	assert_int_equal(x.desc, 0x1234000 | 0x400 | 0x300 | 0xc0 | 0x3c | 0x3);
	expect_fault(s2, 0x40001000, false, 3, 0x07);
	expect_fault(s2, 0x40200000, false, 2, 0x06);
	expect_fault(s2, 0x80000000, false, 1, 0x05);
	expect_fault(s2, UINT64_C(1) << 39, false, 0, 0x04);
	stage2_get_stats(s2, &st);
	assert_int_equal(st.table_pages, 3);
	assert_int_equal(st.leaves[3], 1);
	/* Write-protect: reads translate, writes take a level-3 permission fault. */
	assert_int_equal(stage2_wrprotect(s2, 0x40000000, K4), 0);
	expect_map(s2, 0x40000010, false, 0x1234010, 3);
	expect_fault(s2, 0x40000010, true, 3, 0x0f);
	assert_int_equal(stage2_map(s2, 0x40000000, 0x1234000, K4, STAGE2_PROT_R), 0);
	expect_fault(s2, 0x40000000, true, 3, 0x0f);
	assert_int_equal(stage2_unmap(s2, 0x40000000, K4), 0);
	expect_fault(s2, 0x40000000, false, 1, 0x05);
	stage2_get_stats(s2, &st);
	assert_int_equal(st.table_pages, 1);	/* empty tables are freed */
	assert_int_equal(st.leaves[3], 0);
	stage2_destroy(s2);
}

static void test_bad_args(void **state)
{
	struct stage2 *s2;

	(void)state;
	assert_int_equal(stage2_create(40, &s2), 0);
	assert_int_equal(stage2_map(s2, 0x1000, 0x2000, 2 * K4, STAGE2_PROT_RW), HYP_MEM_EINVAL);
	assert_int_equal(stage2_map(s2, 0x1000, 0x2000, M2, STAGE2_PROT_RW), HYP_MEM_EINVAL);
	assert_int_equal(stage2_map(s2, 0x200000, 0x201000, M2, STAGE2_PROT_RW), HYP_MEM_EINVAL);
	assert_int_equal(stage2_map(s2, UINT64_C(1) << 40, 0, K4, STAGE2_PROT_RW), HYP_MEM_EINVAL);
	assert_int_equal(stage2_map(s2, 0, 0, K4, 4), HYP_MEM_EINVAL);
	assert_int_equal(stage2_unmap(s2, 0x800, K4), HYP_MEM_EINVAL);
	assert_int_equal(stage2_split(s2, 0), HYP_MEM_EINVAL);
	assert_int_equal(stage2_map(s2, 0, 0, K4, STAGE2_PROT_RW), 0);
	assert_int_equal(stage2_split(s2, 0), HYP_MEM_EINVAL);	/* a page: nothing to split */
	stage2_destroy(s2);
}

static void test_blocks_split_unmap(void **state)
{
	struct stage2 *s2;
	struct stage2_stats st;
	struct stage2_xlate x;

	(void)state;
	assert_int_equal(stage2_create(40, &s2), 0);
	assert_int_equal(stage2_map(s2, 0x40000000, 0x80000000, G1, STAGE2_PROT_RW), 0);
	assert_int_equal(stage2_walk(s2, 0x40123456, true, &x), 0);
	assert_int_equal(x.pa, 0x80123456);
	assert_int_equal(x.level, 1);
	assert_int_equal(x.size, G1);
	/* bits[1:0] = 0b01: a block. */
	assert_int_equal(x.desc & 3, 1);
	stage2_get_stats(s2, &st);
	assert_int_equal(st.table_pages, 2);
	/* Unmapping one page of the 1 GiB block splits it twice. */
	assert_int_equal(stage2_unmap(s2, 0x40201000, K4), 0);
	expect_fault(s2, 0x40201000, false, 3, 0x07);
	expect_map(s2, 0x40200000, true, 0x80200000, 3);
	expect_map(s2, 0x40202000, true, 0x80202000, 3);
	expect_map(s2, 0x40000000, true, 0x80000000, 2);
	expect_map(s2, 0x7fffffff, true, 0xbfffffff, 2);
	stage2_get_stats(s2, &st);
	assert_int_equal(st.splits, 2);
	assert_int_equal(st.leaves[1], 0);
	assert_int_equal(st.leaves[2], 511);
	assert_int_equal(st.leaves[3], 511);
	assert_int_equal(st.table_pages, 4);
	/* Explicit split of a 2 MiB block keeps every translation. */
	assert_int_equal(stage2_split(s2, 0x40400000), 0);
	expect_map(s2, 0x40400000 + 0x1fffff, true, 0x80400000 + 0x1fffff, 3);
	/* Write-protect a range across a block: only that range loses W. */
	assert_int_equal(stage2_wrprotect(s2, 0x40600000, 2 * K4), 0);
	expect_fault(s2, 0x40601000, true, 3, 0x0f);
	expect_map(s2, 0x40602000, true, 0x80602000, 3);
	/* Map a page inside a block: the block is split first. */
	assert_int_equal(stage2_map(s2, 0x40800000, 0x5000, K4, STAGE2_PROT_R), 0);
	expect_map(s2, 0x40800000, false, 0x5000, 3);
	expect_map(s2, 0x40801000, true, 0x80801000, 3);
	/* A block over a table: the table subtree is freed. */
	assert_int_equal(stage2_map(s2, 0x40800000, 0xa00000, M2, STAGE2_PROT_RW), 0);
	expect_map(s2, 0x40801000, true, 0xa01000, 2);
	assert_int_equal(stage2_unmap(s2, 0x40000000, G1), 0);
	stage2_get_stats(s2, &st);
	assert_int_equal(st.table_pages, 1);
	assert_int_equal(st.leaves[1] + st.leaves[2] + st.leaves[3], 0);
	assert_true(stage2_tlb_gen(s2) > 0);
	stage2_destroy(s2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_page_desc_and_faults),
		cmocka_unit_test(test_bad_args),
		cmocka_unit_test(test_blocks_split_unmap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
