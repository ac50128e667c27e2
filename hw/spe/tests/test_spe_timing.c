// SPDX-License-Identifier: GPL-2.0-only
/* The timing model: exact latencies, events and data sources for known histories. */
#include "spe-test.h"

static struct spe_timing *model(void)
{
	struct spe_timing_config c;
	struct spe_timing *t = NULL;

	spe_timing_config_default(&c);
	assert_int_equal(spe_timing_create(&c, &t), SPE_UNIT_OK);
	return t;
}

static struct spe_op mem_op(uint8_t kind, uint64_t addr, uint8_t size)
{
	return (struct spe_op){ .pc = 0x1000, .el = 1, .kind = kind, .data_va = addr,
				.data_pa = addr, .size = size, .flags = SPE_OPF_PA_VALID };
}

#define EV(n)	SPE_EV_BIT(SPE_EV_##n)

static void test_load_levels(void **state)
{
	(void)state;
	struct spe_timing *t = model();
	struct spe_op a0 = mem_op(SPE_OPK_LOAD, 0x100000, 8);
	struct spe_timing_result r;

	/* Cold: TLB walk 25, L1D miss + LLC miss: 4 + 30 + 150; issue 1. */
	spe_timing_sample(t, &a0, &r);
	assert_int_equal(r.total_lat, 210);
	assert_int_equal(r.issue_lat, 1);
	assert_int_equal(r.xlat_lat, 25);
	assert_int_equal(r.events, EV(TLB_ACCESS) | EV(TLB_WALK) | EV(L1D_ACCESS) | EV(L1D_REFILL) |
				   EV(LLC_ACCESS) | EV(LLC_MISS));
	assert_int_equal(r.data_source, SPE_DS_DRAM);
	assert_true(r.has_data_source);
	assert_true(r.has_xlat);
	/* Warm: everything hits; one recent miss adds 2 to issue. */
	spe_timing_sample(t, &a0, &r);
	assert_int_equal(r.total_lat, 3 + 1 + 4);
	assert_int_equal(r.issue_lat, 3);
	assert_int_equal(r.events, EV(TLB_ACCESS) | EV(L1D_ACCESS));
	assert_int_equal(r.data_source, SPE_DS_L1D);
	/* Four more lines in the same L1D set (8 KiB apart) evict a0 from the 4-way L1D. */
	for (uint64_t k = 1; k <= 4; k++)
		spe_timing_access(t, 0x100000 + k * 8192, 0x100000 + k * 8192, 8, false);
	spe_timing_sample(t, &a0, &r);
	/* Misses among the last 8 accesses: a0, 4 fills = 5 -> issue 11; LLC hit 4 + 30. */
	assert_int_equal(r.issue_lat, 11);
	assert_int_equal(r.xlat_lat, 1);
	assert_int_equal(r.total_lat, 11 + 1 + 34);
	assert_int_equal(r.events, EV(TLB_ACCESS) | EV(L1D_ACCESS) | EV(L1D_REFILL) | EV(LLC_ACCESS));
	assert_int_equal(r.data_source, SPE_DS_SYS_CACHE);
	spe_timing_free(t);
}

static void test_store_and_crossing(void **state)
{
	(void)state;
	struct spe_timing *t = model();
	struct spe_op st = mem_op(SPE_OPK_STORE, 0x200000 + 60, 8);	/* crosses a line */
	struct spe_op ld = mem_op(SPE_OPK_LOAD, 0x200000 + 64, 4);
	struct spe_timing_result r;

	/* A store's miss shows in the events, not in the latency (store buffer). */
	spe_timing_sample(t, &st, &r);
	assert_int_equal(r.total_lat, 1 + 25 + 4);
	assert_false(r.has_data_source);
	assert_int_equal(r.events, EV(TLB_ACCESS) | EV(TLB_WALK) | EV(L1D_ACCESS) | EV(L1D_REFILL) |
				   EV(LLC_ACCESS) | EV(LLC_MISS));
	/* The crossing store filled both lines: the second line now hits. */
	spe_timing_sample(t, &ld, &r);
	assert_int_equal(r.events, EV(TLB_ACCESS) | EV(L1D_ACCESS));
	assert_int_equal(r.total_lat, 3 + 1 + 4);
	/* An access running off the top of the address space stops there. */
	{
		struct spe_op top = mem_op(SPE_OPK_LOAD, ~0ull - 3, 64);

		spe_timing_sample(t, &top, &r);
		assert_int_equal(r.total_lat, 3 + 25 + 184);
	}
	spe_timing_free(t);
}

static void test_branches(void **state)
{
	(void)state;
	struct spe_timing *t = model();
	struct spe_op b = { .pc = 0x400100, .el = 1, .kind = SPE_OPK_BRANCH,
			    .flags = SPE_OPF_COND | SPE_OPF_TAKEN, .target = 0x400000 };
	struct spe_op ind = { .pc = 0x400200, .el = 1, .kind = SPE_OPK_BRANCH,
			      .flags = SPE_OPF_INDIRECT | SPE_OPF_TAKEN, .target = 0x500000 };
	struct spe_op dir = { .pc = 0x400300, .el = 1, .kind = SPE_OPK_BRANCH,
			      .flags = SPE_OPF_TAKEN, .target = 0x600000 };
	struct spe_op other = { .pc = 0x400400, .el = 1, .kind = SPE_OPK_OTHER };
	struct spe_timing_result r;

	/* 2-bit counter starts weakly not-taken: taken mispredicts, then predicts taken. */
	spe_timing_sample(t, &b, &r);
	assert_int_equal(r.events, EV(MISPRED));
	assert_int_equal(r.total_lat, 1 + 1 + 12);
	assert_false(r.has_xlat);
	spe_timing_sample(t, &b, &r);
	assert_int_equal(r.events, 0);
	assert_int_equal(r.total_lat, 2);
	spe_timing_branch(t, &b);			/* strongly taken */
	b.flags = SPE_OPF_COND;
	spe_timing_sample(t, &b, &r);
	assert_int_equal(r.events, EV(MISPRED));
	/* BTB: first indirect misses, the same target hits, a new target misses. */
	spe_timing_sample(t, &ind, &r);
	assert_int_equal(r.events, EV(MISPRED));
	spe_timing_sample(t, &ind, &r);
	assert_int_equal(r.events, 0);
	ind.target = 0x500100;
	spe_timing_sample(t, &ind, &r);
	assert_int_equal(r.events, EV(MISPRED));
	spe_timing_sample(t, &dir, &r);
	assert_int_equal(r.events, 0);
	spe_timing_sample(t, &other, &r);
	assert_int_equal(r.total_lat, 2);
	/* Reset forgets everything. */
	spe_timing_reset(t);
	ind.target = 0x500000;
	spe_timing_sample(t, &ind, &r);
	assert_int_equal(r.events, EV(MISPRED));
	spe_timing_free(t);
}

static uint64_t run_digest(void)
{
	struct spe_timing *t = model();
	uint64_t h = 0, x = 7;

	for (int i = 0; i < 20000; i++) {
		struct spe_op op;
		struct spe_timing_result r;

		x = x * 6364136223846793005ull + 1442695040888963407ull;
		op = mem_op((uint8_t)(SPE_OPK_LOAD + (x >> 62 & 1)), (x >> 20) & 0x3fffff, 8);
		spe_timing_sample(t, &op, &r);
		h = h * 31 + r.total_lat * 7 + r.events + r.data_source;
	}
	spe_timing_free(t);
	return h;
}

static void test_deterministic_and_config(void **state)
{
	(void)state;
	struct spe_timing_config c;
	struct spe_timing *t = NULL;

	assert_int_equal(run_digest(), run_digest());
	spe_timing_config_default(&c);
	c.llc_ways = 3;
	assert_int_equal(spe_timing_create(&c, &t), SPE_UNIT_EINVAL);
	spe_timing_config_default(&c);
	c.tlb_sets = 0;
	assert_int_equal(spe_timing_create(&c, &t), SPE_UNIT_EINVAL);
	assert_null(t);
	assert_int_equal(spe_timing_create(NULL, &t), SPE_UNIT_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_levels),
		cmocka_unit_test(test_store_and_crossing),
		cmocka_unit_test(test_branches),
		cmocka_unit_test(test_deterministic_and_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
