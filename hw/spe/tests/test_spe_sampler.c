// SPDX-License-Identifier: GPL-2.0-only
/* The interval counter: R + 1 gaps, jitter, ERnd, bulk counting, gating. */
#include "spe-test.h"
#include "../spe-internal.h"

static struct test_port port;

static struct spe_unit *started(enum spe_version v, bool ernd, uint64_t seed, uint64_t irr)
{
	struct spe_config c;
	struct spe_unit *u;

	spe_config_default(&c, v);
	c.ernd = ernd;
	c.seed = seed;
	u = tp_unit(&port, &c);
	tp_start(u, 0, TP_SIZE, 1, 0);
	tp_set(u, SYS_PMSIRR_EL1, irr);
	return u;
}

static void test_gap_is_r_plus_1(void **state)
{
	(void)state;
	struct spe_unit *u = started(SPE_V1P0, false, 0, PMSIRR_EL1_INTERVAL_PREP(1));
	struct spe_unit_stats st;
	uint64_t last = 0, n = 0;

	/* Discard nothing: a filter that passes nothing keeps the buffer quiet. */
	tp_set(u, SYS_PMSFCR_EL1, PMSFCR_EL1_FL_MASK);
	tp_set(u, SYS_PMSLATFR_EL1, 0xfff);
	for (uint64_t i = 0; i < 2570; i++) {
		struct spe_op op;

		tp_op(i, &op);
		if (spe_unit_observe(u, &op)) {
			/* Member 0 reloads COUNT = 256; 256 decrements later member 256 is selected. */
			assert_int_equal(i, n == 0 ? 256 : last + 257);
			last = i;
			n++;
		}
	}
	assert_int_equal(n, 10);
	spe_unit_stats(u, &st);
	assert_int_equal(st.population, 2570);
	assert_int_equal(st.selected, 10);
	assert_int_equal(st.filtered, 10);
	assert_int_equal(tp_reg(u, SYS_PMBPTR_EL1), TP_BASE);
	spe_unit_free(u);
}

static void test_ops_until_sample(void **state)
{
	(void)state;
	struct spe_unit *u = started(SPE_V1P0, false, 0, PMSIRR_EL1_INTERVAL_PREP(4));
	struct spe_op op;

	assert_int_equal(spe_unit_ops_until_sample(u), 1024);
	spe_unit_count(u, 1000, 1);
	assert_int_equal(spe_unit_ops_until_sample(u), 24);
	assert_int_equal(tp_reg(u, SYS_PMSICR_EL1), 1024 - 999);
	spe_unit_count(u, 24, 1);
	assert_int_equal(spe_unit_ops_until_sample(u), 0);
	tp_op(0, &op);
	assert_true(spe_unit_observe(u, &op));
	assert_int_equal(tp_reg(u, SYS_PMSICR_EL1), 0);
	assert_int_equal(spe_unit_ops_until_sample(u), 1024);	/* reload + 1023 */
	/* Software's PMSICR_EL1 value is honoured. */
	tp_set(u, SYS_PMSICR_EL1, 10);
	assert_int_equal(spe_unit_ops_until_sample(u), 9);
	spe_unit_free(u);
}

static void test_count_misses_selections(void **state)
{
	(void)state;
	struct spe_unit *u = started(SPE_V1P0, false, 0, PMSIRR_EL1_INTERVAL_PREP(1));
	struct spe_unit_stats st;

	spe_unit_count(u, 1000, 1);		/* selections at 256, 513, 770 */
	spe_unit_stats(u, &st);
	assert_int_equal(st.selected, 3);
	assert_int_equal(st.missed, 3);
	assert_int_equal(st.records, 0);
	assert_int_equal(spe_unit_ops_until_sample(u), 1027 - 1000);
	spe_unit_free(u);
}

/* Counting is per-EL gated; PMSICR_EL1 does not move while disabled. */
static void test_gating(void **state)
{
	(void)state;
	struct spe_unit *u = started(SPE_V1P0, false, 0, PMSIRR_EL1_INTERVAL_PREP(1));
	struct spe_ctx x = { .el = 1, .el2_enabled = true, .e2pb = 3 };

	spe_unit_count(u, 10, 1);
	assert_int_equal(tp_reg(u, SYS_PMSICR_EL1), 247);
	spe_unit_set_ctx(u, &x);
	spe_unit_count(u, 10, 2);		/* EL1-owned buffer never samples EL2 */
	assert_false(spe_unit_enabled(u, 2));
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK);
	spe_unit_count(u, 10, 0);		/* E0SPE = 0 */
	assert_int_equal(tp_reg(u, SYS_PMSICR_EL1), 247);
	x.tge = true;				/* TGE with an EL1 owner: nothing */
	spe_unit_set_ctx(u, &x);
	assert_false(spe_unit_enabled(u, 1));
	assert_int_equal(spe_unit_ops_until_sample(u), SPE_NEVER);
	/* EL2 owner with TGE: EL0 uses PMSCR_EL2.E0HSPE, EL2 uses E2SPE. */
	x = (struct spe_ctx){ .el = 2, .el2_enabled = true, .e2h = true, .tge = true, .e2pb = 0 };
	spe_unit_set_ctx(u, &x);
	assert_false(spe_unit_enabled(u, 0));
	assert_false(spe_unit_enabled(u, 2));
	tp_set(u, SYS_PMSCR_EL2, PMSCR_EL2_E0HSPE_MASK | PMSCR_EL2_E2SPE_MASK);
	assert_true(spe_unit_enabled(u, 0));
	assert_true(spe_unit_enabled(u, 2));
	spe_unit_count(u, 7, 2);
	assert_int_equal(tp_reg(u, SYS_PMSICR_EL1), 240);
	/* Buffer disabled: nothing counts. */
	tp_set(u, SYS_PMBLIMITR_EL1, 0);
	spe_unit_count(u, 7, 2);
	assert_int_equal(tp_reg(u, SYS_PMSICR_EL1), 240);
	spe_unit_free(u);
}

/* INTERVAL == 0 without jitter reloads 0 for ever: no sample, and no hang. */
static void test_interval_zero(void **state)
{
	(void)state;
	struct spe_unit *u = started(SPE_V1P0, false, 0, 0);
	struct spe_unit_stats st;

	assert_int_equal(spe_unit_ops_until_sample(u), SPE_NEVER);
	spe_unit_count(u, 1ull << 50, 1);
	spe_unit_stats(u, &st);
	assert_int_equal(st.population, 1ull << 50);
	assert_int_equal(st.selected, 0);
	spe_unit_free(u);
}

/* Selections among n members, walking the reference step by step. */
static uint64_t reference_selections(uint64_t seed, uint64_t irr, bool ernd, uint64_t n)
{
	struct spe_sampler s = { 0 };
	uint64_t sel = 0;

	spe_sampler_seed(&s, seed);
	for (uint64_t i = 0; i < n; i++)
		sel += spe_sampler_step(&s, irr, ernd);
	return sel;
}

static uint64_t unit_selections(enum spe_version v, bool ernd, uint64_t seed, uint64_t irr,
				uint64_t n, uint64_t *min_gap, uint64_t *max_gap)
{
	struct spe_unit *u = started(v, ernd, seed, irr);
	struct spe_unit_stats st;
	uint64_t done = 0;

	*min_gap = UINT64_MAX;
	*max_gap = 0;
	while (done < n) {
		uint64_t k = spe_unit_ops_until_sample(u);

		if (k >= n - done) {
			spe_unit_count(u, n - done, 1);
			break;
		}
		if (done) {
			*min_gap = k + 1 < *min_gap ? k + 1 : *min_gap;
			*max_gap = k + 1 > *max_gap ? k + 1 : *max_gap;
		}
		spe_unit_count(u, k + 1, 1);
		done += k + 1;
	}
	spe_unit_stats(u, &st);
	spe_unit_free(u);
	return st.selected;
}

static void test_jitter(void **state)
{
	(void)state;
	uint64_t irr = PMSIRR_EL1_INTERVAL_PREP(4) | PMSIRR_EL1_RND_MASK;
	uint64_t lo, hi, a, b;

	/* No jitter: exactly floor(1e6 / 1025). */
	assert_int_equal(unit_selections(SPE_V1P0, false, 7, PMSIRR_EL1_INTERVAL_PREP(4), 1000000,
					 &lo, &hi), 975);
	assert_int_equal(lo, 1025);
	assert_int_equal(hi, 1025);
	/* RND: COUNT[7:0] random at reload, so gaps lie in [1025, 1280]. */
	a = unit_selections(SPE_V1P0, false, 7, irr, 1000000, &lo, &hi);
	assert_int_equal(a, reference_selections(7, irr, false, 1000000));
	assert_int_equal(a, 868);
	assert_true(lo >= 1025 && hi <= 1280 && lo < hi);
	b = unit_selections(SPE_V1P0, false, 7, irr, 1000000, &lo, &hi);
	assert_int_equal(a, b);
	b = unit_selections(SPE_V1P0, false, 8, irr, 1000000, &lo, &hi);
	assert_int_equal(b, reference_selections(8, irr, false, 1000000));
	/* ERnd: a random ECOUNT after each COUNT expiry: gaps in [1, 1024 + 255 + 1]. */
	a = unit_selections(SPE_V1P1, true, 7, irr, 1000000, &lo, &hi);
	assert_int_equal(a, reference_selections(7, irr, true, 1000000));
	assert_true(lo >= 1 && hi <= 1280);
}

/*
 * The distribution of RND gaps over 4,000,000 members: COUNT[7:0] is uniform,
 * so gaps 1025 + [0, 255] fall evenly into four bands of 64. Exact counts
 * (deterministic for seed 11), each within 10% of the mean.
 */
static void test_jitter_histogram(void **state)
{
	(void)state;
	struct spe_unit *u = started(SPE_V1P0, false, 11,
				     PMSIRR_EL1_INTERVAL_PREP(4) | PMSIRR_EL1_RND_MASK);
	static const uint64_t want[4] = { 901, 856, 864, 854 };
	uint64_t band[4] = { 0 }, total = 0, done = 0, n = 4000000;

	spe_unit_count(u, spe_unit_ops_until_sample(u) + 1, 1);	/* first selection */
	while (done < n) {
		uint64_t k = spe_unit_ops_until_sample(u);

		assert_true(k + 1 >= 1025 && k + 1 <= 1280);
		band[(k + 1 - 1025) / 64]++;
		spe_unit_count(u, k + 1, 1);
		done += k + 1;
	}
	for (int i = 0; i < 4; i++) {
		total += band[i];
		assert_int_equal(band[i], want[i]);
	}
	for (int i = 0; i < 4; i++)
		assert_true(band[i] * 40 > total * 9 && band[i] * 40 < total * 11);
	spe_unit_free(u);
}

/* The jumping advance equals the member-by-member reference in every state. */
static void test_advance_matches_step(void **state)
{
	(void)state;
	struct spe_sampler gen = { 0 };

	spe_sampler_seed(&gen, 99);
	for (int trial = 0; trial < 400; trial++) {
		uint64_t irr = PMSIRR_EL1_INTERVAL_PREP(trial % 5) |
			       (trial & 1 ? PMSIRR_EL1_RND_MASK : 0);
		bool ernd = trial & 2;
		struct spe_sampler a = { .count = (uint32_t)(trial * 37 % 700), .ecount = (uint8_t)(trial * 11),
					 .rng = (uint64_t)trial };
		struct spe_sampler b = a;
		uint64_t left = 5000;

		while (left > 0) {
			bool sel, ref = false;
			uint64_t want = 0, got;

			got = spe_sampler_advance(&a, irr, ernd, left, &sel);
			while (want < left && !ref) {
				ref = spe_sampler_step(&b, irr, ernd);
				want++;
			}
			assert_int_equal(got, want);
			assert_int_equal(sel, ref);
			assert_int_equal(a.count, b.count);
			assert_int_equal(a.ecount, b.ecount);
			assert_int_equal(a.rng, b.rng);
			left -= got;
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gap_is_r_plus_1),
		cmocka_unit_test(test_ops_until_sample),
		cmocka_unit_test(test_count_misses_selections),
		cmocka_unit_test(test_gating),
		cmocka_unit_test(test_interval_zero),
		cmocka_unit_test(test_jitter),
		cmocka_unit_test(test_jitter_histogram),
		cmocka_unit_test(test_advance_matches_step),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
