// SPDX-License-Identifier: GPL-2.0-only
/* spe_op_classify(): encodings assembled by GNU as (armv8.5-a+lse+rcpc+pauth). */
#include "spe-test.h"

#define LD	SPE_OPK_LOAD
#define ST	SPE_OPK_STORE
#define ALD	SPE_OPK_ATOMIC_LD
#define AST	SPE_OPK_ATOMIC_ST
#define BR	SPE_OPK_BRANCH
#define OT	SPE_OPK_OTHER
#define SIMD	SPE_OPF_SIMD_FP
#define EXCL	SPE_OPF_EXCLUSIVE
#define AR	SPE_OPF_ACQREL
#define IND	SPE_OPF_INDIRECT

static const struct {
	uint32_t insn;
	uint8_t kind;
	uint32_t flags;
	uint8_t size;
	const char *text;
} vec[] = {
	{ 0xf9400020, LD, 0, 8, "ldr x0, [x1]" },
	{ 0xb9000462, ST, 0, 4, "str w2, [x3, #4]" },
	{ 0xa8c17bfd, LD, 0, 16, "ldp x29, x30, [sp], #16" },
	{ 0xa9bf7bfd, ST, 0, 16, "stp x29, x30, [sp, #-16]!" },
	{ 0x39400020, LD, 0, 1, "ldrb w0, [x1]" },
	{ 0x3dc00020, LD, SIMD, 16, "ldr q0, [x1]" },
	{ 0xfd000020, ST, SIMD, 8, "str d0, [x1]" },
	{ 0xc85f7c20, LD, EXCL, 8, "ldxr x0, [x1]" },
	{ 0xc802fc20, ST, EXCL | AR, 8, "stlxr w2, x0, [x1]" },
	{ 0xc8dffc20, LD, AR, 8, "ldar x0, [x1]" },
	{ 0x889ffc20, ST, AR, 4, "stlr w0, [x1]" },
	{ 0xf8200041, ALD, 0, 8, "ldadd x0, x1, [x2]" },
	{ 0xf820005f, AST, 0, 8, "stadd x0, [x2]" },
	{ 0xf8e08041, ALD, AR, 8, "swpal x0, x1, [x2]" },
	{ 0xc8a07c41, ALD, 0, 8, "cas x0, x1, [x2]" },
	{ 0x48207c82, ALD, 0, 16, "casp x0, x1, x2, x3, [x4]" },
	{ 0xc87f0440, LD, EXCL, 16, "ldxp x0, x1, [x2]" },
	{ 0x58000000, LD, 0, 8, "ldr x0, <literal>" },
	{ 0x98000000, LD, 0, 4, "ldrsw x0, <literal>" },
	{ 0x4c407000, LD, SIMD, 16, "ld1 {v0.16b}, [x0]" },
	{ 0x4c007000, ST, SIMD, 16, "st1 {v0.16b}, [x0]" },
	{ 0x14000000, BR, 0, 0, "b" },
	{ 0x94000000, BR, SPE_OPF_CALL, 0, "bl" },
	{ 0x54000000, BR, SPE_OPF_COND, 0, "b.eq" },
	{ 0xb4000000, BR, SPE_OPF_COND, 0, "cbz x0" },
	{ 0x37080000, BR, SPE_OPF_COND, 0, "tbnz w0, #1" },
	{ 0xd61f0020, BR, IND, 0, "br x1" },
	{ 0xd63f0020, BR, IND | SPE_OPF_CALL, 0, "blr x1" },
	{ 0xd65f03c0, BR, IND | SPE_OPF_RETURN, 0, "ret" },
	{ 0xd69f03e0, BR, IND, 0, "eret" },
	{ 0xd65f0bff, BR, IND | SPE_OPF_RETURN, 0, "retaa" },
	{ 0xd73f0822, BR, IND | SPE_OPF_CALL, 0, "blraa x1, x2" },
	{ 0x9a820020, OT, SPE_OPF_COND, 0, "csel x0, x1, x2, eq" },
	{ 0xfa401800, OT, SPE_OPF_COND, 0, "ccmp x0, #0, #0, ne" },
	{ 0x1e620c20, OT, SPE_OPF_COND, 0, "fcsel d0, d1, d2, eq" },
	{ 0x8b020020, OT, 0, 0, "add x0, x1, x2" },
	{ 0xf8bfc020, LD, AR, 8, "ldapr x0, [x1]" },
	{ 0x38bfc020, LD, AR, 1, "ldaprb w0, [x1]" },
	{ 0xf9800000, LD, 0, 8, "prfm pldl1keep, [x0]" },
	{ 0xf85f8020, LD, 0, 8, "ldur x0, [x1, #-8]" },
	{ 0xf8627820, LD, 0, 8, "ldr x0, [x1, x2, lsl #3]" },
	{ 0x99000020, ST, AR, 4, "stlur w0, [x1]" },
	{ 0x79800020, LD, 0, 2, "ldrsh x0, [x1]" },
	{ 0xac400400, LD, SIMD, 32, "ldnp q0, q1, [x0]" },
	{ 0xd503201f, OT, 0, 0, "nop" },
	{ 0xd4000001, OT, 0, 0, "svc #0" },
};

static void test_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
		struct spe_op op = { .flags = SPE_OPF_TAKEN | SPE_OPF_PA_VALID | SPE_OPF_COND };

		spe_op_classify(vec[i].insn, &op);
		if (op.kind != vec[i].kind || op.size != vec[i].size)
			print_message("mismatch: %s\n", vec[i].text);
		assert_int_equal(op.kind, vec[i].kind);
		/* Execution-time flags survive; class flags are replaced. */
		assert_int_equal(op.flags, vec[i].flags | SPE_OPF_TAKEN | SPE_OPF_PA_VALID);
		assert_int_equal(op.size, vec[i].size);
	}
}

/* Every 32-bit pattern of a sweep classifies without reading outside the op. */
static void test_sweep(void **state)
{
	(void)state;
	uint64_t kinds[SPE_OPK_BRANCH + 1] = { 0 };

	for (uint64_t x = 0; x < (1ull << 32); x += 65521) {
		struct spe_op op = { 0 };

		spe_op_classify((uint32_t)x, &op);
		assert_true(op.kind <= SPE_OPK_BRANCH);
		assert_true(op.size <= 32);
		kinds[op.kind]++;
	}
	assert_true(kinds[SPE_OPK_OTHER] > 0 && kinds[SPE_OPK_LOAD] > 0 && kinds[SPE_OPK_BRANCH] > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
