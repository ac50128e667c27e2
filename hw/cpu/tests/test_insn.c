// SPDX-License-Identifier: GPL-2.0-only
/* A64 decoding: encodings from the GNU assembler, checked field by field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "insn.h"

static void test_classify(void **state)
{
	uint32_t imm;

	(void)state;
	assert_int_equal(insn_classify(0xd4000242u, &imm), INSN_HVC);	/* hvc #0x12 */
	assert_int_equal(imm, 0x12);
	assert_int_equal(insn_classify(0xd4000681u, &imm), INSN_SVC);	/* svc #0x34 */
	assert_int_equal(imm, 0x34);
	assert_int_equal(insn_classify(0xd4000003u, &imm), INSN_SMC);
	assert_int_equal(insn_classify(0xd4200f00u, &imm), INSN_BRK);	/* brk #0x78 */
	assert_int_equal(imm, 0x78);
	assert_int_equal(insn_classify(0xd503207fu, NULL), INSN_WFI);
	assert_int_equal(insn_classify(0xd69f03e0u, NULL), INSN_ERET);
	assert_int_equal(insn_classify(0x91000421u, NULL), INSN_OTHER);	/* add x1,x1,#1 */
}

static void test_ldst(void **state)
{
	struct insn_ldst d;
	uint64_t x[31] = { 0 };

	(void)state;
	x[10] = 0x9000000;
	x[2] = 0x10;
	/* ldrsh x6, [x10, #2] */
	assert_true(insn_decode_ldst(0x79800546u, &d));
	assert_int_equal(d.size, 2);
	assert_true(d.is_load && d.sign_extend && d.sf);
	assert_int_equal(d.rt, 6);
	assert_int_equal(insn_ldst_address(&d, x, 0, 0), 0x9000002);
	assert_true(insn_ldst_is_simple(&d));
	/* strb w5, [x10] */
	assert_true(insn_decode_ldst(0x39000145u, &d));
	assert_int_equal(d.size, 1);
	assert_false(d.is_load);
	/* str x7, [x10, #8]! : writeback */
	assert_true(insn_decode_ldst(0xf8008d47u, &d));
	assert_true(d.writeback);
	assert_false(d.post_index);
	assert_int_equal(insn_ldst_address(&d, x, 0, 0), 0x9000008);
	assert_false(insn_ldst_is_simple(&d));
	/* ldp x1, x2, [sp, #-16] */
	assert_true(insn_decode_ldst(0xa97f0be1u, &d));
	assert_true(d.pair);
	assert_int_equal(d.size, 8);
	assert_int_equal(insn_ldst_address(&d, x, 0x1000, 0), 0xff0);
	/* ldr w3, [x10, x2, lsl #2] */
	assert_true(insn_decode_ldst(0xb8627943u, &d));
	assert_true(d.reg_offset);
	assert_int_equal(insn_ldst_address(&d, x, 0, 0), 0x9000040);
	/* ldr x0, literal +8 */
	assert_true(insn_decode_ldst(0x58000040u, &d));
	assert_true(d.literal);
	assert_int_equal(insn_ldst_address(&d, x, 0, 0x1000), 0x1008);
	/* ldxr x0, [x1] */
	assert_true(insn_decode_ldst(0xc85f7c20u, &d));
	assert_true(d.exclusive);
	assert_false(insn_ldst_is_simple(&d));
	/* ldr q0, [x1]: a SIMD&FP load of 16 bytes */
	assert_true(insn_decode_ldst(0x3dc00020u, &d));
	assert_true(d.simd);
	assert_int_equal(d.size, 16);
	/* not a load/store: add */
	assert_false(insn_decode_ldst(0x91000421u, &d));
}

/* Atomics, CAS and SIMD structures: enough for abort syndromes (FAR, WnR). */
static void test_ldst_more(void **state)
{
	static const struct {
		uint32_t insn;	/* from aarch64-linux-gnu-as -march=armv8.3-a */
		unsigned int size, rn;
		bool is_load, atomic, structure, pair, exclusive, post;
	} cases[] = {
		{ 0x4c407041u, 16, 2, true, false, true, false, false, false },	/* ld1 {v1.16b}, [x2] */
		{ 0x4c9f2c60u, 64, 3, false, false, true, false, false, true },	/* st1 {v0.2d-v3.2d}, [x3], #64 */
		{ 0x4d60e8a0u, 16, 5, true, false, true, false, false, false },	/* ld4r {v0.4s-v3.4s}, [x5] */
		{ 0x0d4090c2u, 4, 6, true, false, true, false, false, false },	/* ld1 {v2.s}[1], [x6] */
		{ 0xf8200041u, 8, 2, false, true, false, false, false, false },	/* ldadd x0, x1, [x2] */
		{ 0xb8e383e4u, 4, 31, false, true, false, false, false, false },	/* swpal w3, w4, [sp] */
		{ 0xf8bfc107u, 8, 8, true, true, false, false, false, false },	/* ldapr x7, [x8] */
		{ 0xc8a07c41u, 8, 2, false, true, false, false, false, false },	/* cas x0, x1, [x2] */
		{ 0x48207c82u, 8, 4, false, true, false, true, false, false },	/* casp x0, x1, x2, x3, [x4] */
		{ 0xc85f7c41u, 8, 2, true, false, false, false, true, false },	/* ldxr x1, [x2] */
		{ 0x88dffc41u, 4, 2, true, false, false, false, false, false },	/* ldar w1, [x2] */
	};
	uint64_t x[31] = { 0 };

	(void)state;
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct insn_ldst d;

		x[cases[i].rn % 31] = 0x1000 * (i + 1) + 8;
		assert_true(insn_decode_ldst(cases[i].insn, &d));
		assert_int_equal(d.size, cases[i].size);
		assert_int_equal(d.rn, cases[i].rn);
		assert_int_equal(d.is_load, cases[i].is_load);
		assert_int_equal(d.atomic, cases[i].atomic);
		assert_int_equal(d.structure, cases[i].structure);
		assert_int_equal(d.pair, cases[i].pair);
		assert_int_equal(d.exclusive, cases[i].exclusive);
		assert_int_equal(d.post_index, cases[i].post);
		assert_int_equal(d.aligned, cases[i].atomic || cases[i].exclusive ||
				 i == 10);
		assert_false(insn_ldst_is_simple(&d) && i != 10);
		/* The base register is the address (post-index adds after). */
		assert_int_equal(insn_ldst_address(&d, x, 0x7000, 0),
				 cases[i].rn == 31 ? 0x7000 : 0x1000 * (i + 1) + 8);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_ldst),
		cmocka_unit_test(test_ldst_more),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
