// SPDX-License-Identifier: GPL-2.0-only
/* Filters: type, events, inverted events (v1p2), latency, and their AND. */
#include "spe-test.h"

static struct test_port port;

static struct spe_unit *unit_v(enum spe_version v)
{
	struct spe_config c;
	struct spe_unit *u;

	spe_config_default(&c, v);
	u = tp_unit(&port, &c);
	tp_start(u, 0, 0x10000, 1, 0);
	return u;
}

static uint64_t records(struct spe_unit *u)
{
	struct spe_unit_stats s;

	spe_unit_stats(u, &s);
	return s.records;
}

/* The synthetic stream's selections rotate load, store, branch, other: 10 each in 40. */
static void test_type_filter(void **state)
{
	(void)state;
	static const struct { uint64_t fcr; uint64_t want; } c[] = {
		{ PMSFCR_EL1_FT_MASK | PMSFCR_EL1_B_MASK, 10 },
		{ PMSFCR_EL1_FT_MASK | PMSFCR_EL1_LD_MASK, 10 },
		{ PMSFCR_EL1_FT_MASK | PMSFCR_EL1_ST_MASK, 10 },
		{ PMSFCR_EL1_FT_MASK | PMSFCR_EL1_LD_MASK | PMSFCR_EL1_ST_MASK, 20 },
		{ PMSFCR_EL1_FT_MASK, 40 },		/* no type selected: filter off */
		{ PMSFCR_EL1_B_MASK, 40 },		/* FT = 0: type bits ignored */
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct spe_unit *u = unit_v(SPE_V1P0);
		struct spe_unit_stats s;

		tp_set(u, SYS_PMSFCR_EL1, c[i].fcr);
		tp_run(u, 257 * 40);
		spe_unit_stats(u, &s);
		assert_int_equal(s.selected, 40);
		assert_int_equal(s.records, c[i].want);
		assert_int_equal(s.filtered, 40 - c[i].want);
		spe_unit_free(u);
	}
}

/* An atomic that returns data is a load and a store; a store-only atomic is a store. */
static void test_type_atomics(void **state)
{
	(void)state;
	struct spe_unit *u = unit_v(SPE_V1P0);
	struct spe_op ald = tp_ld(false), ast = tp_ld(false);

	ald.kind = SPE_OPK_ATOMIC_LD;
	ast.kind = SPE_OPK_ATOMIC_ST;
	tp_set(u, SYS_PMSFCR_EL1, PMSFCR_EL1_FT_MASK | PMSFCR_EL1_LD_MASK);
	tp_sample(u, &ald);
	tp_sample(u, &ast);
	assert_int_equal(records(u), 1);
	tp_set(u, SYS_PMSFCR_EL1, PMSFCR_EL1_FT_MASK | PMSFCR_EL1_ST_MASK);
	tp_sample(u, &ald);
	tp_sample(u, &ast);
	assert_int_equal(records(u), 3);
	/* Op type after 3 counters, PC, VA, data source: LDADD = 0x06 (load, atomic). */
	assert_int_equal(port.mem[30], 0x49);
	assert_int_equal(port.mem[31], 0x06);
	spe_unit_free(u);
}

/* FE: every selected event must have happened (cold load walks, the warm one does not). */
static void test_event_filter(void **state)
{
	(void)state;
	struct spe_unit *u = unit_v(SPE_V1P0);
	struct spe_op ld = tp_ld(false);

	tp_set(u, SYS_PMSFCR_EL1, PMSFCR_EL1_FE_MASK);
	tp_set(u, SYS_PMSEVFR_EL1, SPE_EV_BIT(SPE_EV_TLB_WALK) | SPE_EV_BIT(SPE_EV_RETIRED));
	tp_sample(u, &ld);
	assert_int_equal(records(u), 1);
	tp_sample(u, &ld);
	assert_int_equal(records(u), 1);
	assert_int_equal(tp_reg(u, SYS_PMBPTR_EL1), TP_BASE + 36);
	/* PMSEVFR_EL1 == 0 with FE: modelled as filter off. */
	tp_set(u, SYS_PMSEVFR_EL1, 0);
	tp_sample(u, &ld);
	assert_int_equal(records(u), 2);
	/* Not retired fails a RETIRED filter. */
	tp_set(u, SYS_PMSEVFR_EL1, SPE_EV_BIT(SPE_EV_RETIRED));
	ld.flags |= SPE_OPF_NOT_RETIRED;
	tp_sample(u, &ld);
	assert_int_equal(records(u), 2);
	spe_unit_free(u);
}

/* FnE (v1p2): none of the selected events may have happened. */
static void test_inverted_event_filter(void **state)
{
	(void)state;
	struct spe_unit *u = unit_v(SPE_V1P2);
	struct spe_op ld = tp_ld(false);

	tp_set(u, SYS_PMSFCR_EL1, PMSFCR_EL1_FnE_MASK);
	tp_set(u, SYS_PMSNEVFR_EL1, SPE_EV_BIT(SPE_EV_TLB_WALK));
	tp_sample(u, &ld);
	assert_int_equal(records(u), 0);
	tp_sample(u, &ld);
	assert_int_equal(records(u), 1);
	spe_unit_free(u);
}

/* Not-taken is an event from v1p2: filterable there, absent before. */
static void test_not_taken(void **state)
{
	(void)state;
	struct spe_op br = {
		.pc = 0x400100, .el = 1, .kind = SPE_OPK_BRANCH, .flags = SPE_OPF_COND,
		.target = 0x400000,
	};
	struct spe_unit *u = unit_v(SPE_V1P2);

	tp_set(u, SYS_PMSFCR_EL1, PMSFCR_EL1_FE_MASK);
	tp_set(u, SYS_PMSEVFR_EL1, SPE_EV_BIT(SPE_EV_NOT_TAKEN));
	tp_sample(u, &br);				/* not taken: passes */
	br.flags |= SPE_OPF_TAKEN;
	tp_sample(u, &br);				/* taken: filtered */
	assert_int_equal(records(u), 1);
	/* Predictor starts weakly not-taken: not mispredicted; events = retired | not-taken. */
	static const uint8_t want[] = { 0x98, 0x02, 0x00, 0x99, 0x01, 0x00,
		0xb0, 0x00, 0x01, 0x40, 0x00, 0x00, 0x00, 0x00, 0xa0,
		0x4a, 0x01, 0x52, 0x42, 0x00, 0x01 };
	assert_memory_equal(port.mem, want, sizeof(want));
	spe_unit_free(u);

	u = unit_v(SPE_V1P0);
	tp_set(u, SYS_PMSEVFR_EL1, SPE_EV_BIT(SPE_EV_NOT_TAKEN));
	assert_int_equal(tp_reg(u, SYS_PMSEVFR_EL1), 0);	/* not filterable in v1p0 */
	br.flags = SPE_OPF_COND;
	tp_sample(u, &br);
	assert_int_equal(port.mem[18], 0x02);			/* events: retired only */
	spe_unit_free(u);
}

/* FL: total latency >= MINLAT (cold load 210 cycles, warm 8). */
static void test_latency_filter(void **state)
{
	(void)state;
	struct spe_unit *u = unit_v(SPE_V1P0);
	struct spe_op ld = tp_ld(false);

	tp_set(u, SYS_PMSFCR_EL1, PMSFCR_EL1_FL_MASK);
	tp_set(u, SYS_PMSLATFR_EL1, 100);
	tp_sample(u, &ld);
	tp_sample(u, &ld);
	assert_int_equal(records(u), 1);
	tp_set(u, SYS_PMSLATFR_EL1, 8);
	tp_sample(u, &ld);
	assert_int_equal(records(u), 2);
	tp_set(u, SYS_PMSLATFR_EL1, 9);
	tp_sample(u, &ld);
	assert_int_equal(records(u), 2);
	spe_unit_free(u);
}

/* Mispredicted is filterable: an indirect branch misses the empty BTB, then hits. */
static void test_mispredict_filter(void **state)
{
	(void)state;
	struct spe_unit *u = unit_v(SPE_V1P0);
	struct spe_op br = {
		.pc = 0x400100, .el = 1, .kind = SPE_OPK_BRANCH,
		.flags = SPE_OPF_INDIRECT | SPE_OPF_TAKEN, .target = 0x500000,
	};

	tp_set(u, SYS_PMSFCR_EL1, PMSFCR_EL1_FE_MASK);
	tp_set(u, SYS_PMSEVFR_EL1, SPE_EV_BIT(SPE_EV_MISPRED));
	tp_sample(u, &br);
	tp_sample(u, &br);
	assert_int_equal(records(u), 1);
	br.target = 0x600000;
	tp_sample(u, &br);
	assert_int_equal(records(u), 2);
	spe_unit_free(u);
}

/* All enabled filters must pass. */
static void test_filters_and(void **state)
{
	(void)state;
	struct spe_unit *u = unit_v(SPE_V1P0);
	struct spe_op ld = tp_ld(false), st = tp_ld(true);

	st.data_va += 0x100000;
	st.data_pa += 0x100000;
	tp_set(u, SYS_PMSFCR_EL1, PMSFCR_EL1_FT_MASK | PMSFCR_EL1_LD_MASK | PMSFCR_EL1_FL_MASK);
	tp_set(u, SYS_PMSLATFR_EL1, 100);
	tp_sample(u, &ld);		/* cold load: passes both */
	tp_sample(u, &st);		/* cold store: fails type */
	tp_sample(u, &ld);		/* warm load: fails latency */
	assert_int_equal(records(u), 1);
	spe_unit_free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_filter),
		cmocka_unit_test(test_type_atomics),
		cmocka_unit_test(test_event_filter),
		cmocka_unit_test(test_inverted_event_filter),
		cmocka_unit_test(test_not_taken),
		cmocka_unit_test(test_latency_filter),
		cmocka_unit_test(test_mispredict_filter),
		cmocka_unit_test(test_filters_and),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
