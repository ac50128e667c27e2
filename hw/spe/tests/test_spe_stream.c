// SPDX-License-Identifier: GPL-2.0-only
/*
 * Synthetic streams of 1,000,000 operations: exactly the expected number of
 * records, parsed back from the buffer, deterministic bytes, and the same
 * selections whether the CPU counts in bulk or describes every operation.
 */
#include "spe-test.h"

static struct test_port port;
static uint8_t saved[TP_SIZE];

#define N_OPS	1000000u

/* Walks format-0 packets in buf[0..len): the number of records (End or Timestamp). */
static uint64_t count_records(const uint8_t *buf, size_t len)
{
	uint64_t n = 0;
	size_t i = 0;

	while (i < len) {
		uint8_t h = buf[i++];

		if (h == SPE_HDR_PADDING)
			continue;
		if (h == SPE_HDR_END) {
			n++;
			continue;
		}
		if ((h & SPE_HDR_EXTENDED_MASK) == SPE_HDR_EXTENDED)
			h = buf[i++];
		if (h == SPE_HDR_TIMESTAMP)
			n++;
		i += SPE_HDR_PAYLOAD_LEN(h);
	}
	assert_int_equal(i, len);
	return n;
}

static struct spe_unit *unit(enum spe_version v, uint64_t seed, uint8_t count_size,
			     uint8_t align)
{
	struct spe_config c;

	spe_config_default(&c, v);
	c.seed = seed;
	c.count_size = count_size;
	c.align_log2 = align;
	return tp_unit(&port, &c);
}

static void test_million_ops(void **state)
{
	(void)state;
	struct spe_unit *u = unit(SPE_V1P0, 0, PMSIDR_EL1_COUNTSIZE_12_BIT_SAT, 0);
	struct spe_unit_stats s;
	uint64_t used;

	tp_start(u, 0, TP_SIZE, 4, 0);		/* R = 1024: a sample every 1025 members */
	tp_run(u, N_OPS);
	spe_unit_stats(u, &s);
	assert_int_equal(s.population, N_OPS);
	assert_int_equal(s.selected, N_OPS / 1025);	/* 975 */
	assert_int_equal(s.records, 975);
	assert_int_equal(s.collisions + s.missed + s.filtered + s.lost, 0);
	used = tp_reg(u, SYS_PMBPTR_EL1) - TP_BASE;
	assert_int_equal(s.bytes, used);
	assert_int_equal(count_records(port.mem, used), 975);
	assert_int_equal(port.violations, 0);
	memcpy(saved, port.mem, sizeof(saved));
	spe_unit_free(u);

	/* Same program, same seed: same bytes. */
	u = unit(SPE_V1P0, 0, PMSIDR_EL1_COUNTSIZE_12_BIT_SAT, 0);
	tp_start(u, 0, TP_SIZE, 4, 0);
	tp_run(u, N_OPS);
	assert_memory_equal(port.mem, saved, sizeof(saved));
	spe_unit_free(u);
}

/* Loads only: selections j = 1, 5, 9 ... of 975 land on loads (1025 = 1 mod 4). */
static void test_million_ops_loads(void **state)
{
	(void)state;
	struct spe_unit *u = unit(SPE_V1P0, 0, PMSIDR_EL1_COUNTSIZE_12_BIT_SAT, 0);
	struct spe_unit_stats s;

	tp_start(u, 0, TP_SIZE, 4, 0);
	tp_set(u, SYS_PMSFCR_EL1, PMSFCR_EL1_FT_MASK | PMSFCR_EL1_LD_MASK);
	tp_run(u, N_OPS);
	spe_unit_stats(u, &s);
	assert_int_equal(s.records, 244);
	assert_int_equal(s.filtered, 975 - 244);
	assert_int_equal(s.feed, 975);
	assert_int_equal(s.filtrate, 244);
	assert_int_equal(count_records(port.mem, tp_reg(u, SYS_PMBPTR_EL1) - TP_BASE), 244);
	spe_unit_free(u);
}

/* Align = MaxSize: every record exactly 64 bytes; timestamps on; 16-bit counters. */
static void test_million_ops_fixed_size(void **state)
{
	(void)state;
	struct spe_unit *u = unit(SPE_V1P2, 0, PMSIDR_EL1_COUNTSIZE_16_BIT_SAT, 6);

	tp_start(u, 0, TP_SIZE, 4, PMSCR_EL1_TS_MASK | PMSCR_EL1_PA_MASK | PMSCR_EL1_CX_MASK);
	tp_run(u, N_OPS);
	assert_int_equal(tp_reg(u, SYS_PMBPTR_EL1), TP_BASE + 975 * 64);
	assert_int_equal(count_records(port.mem, 975 * 64), 975);
	for (unsigned int r = 0; r < 975; r++)
		assert_int_equal(port.mem[r * 64], 0x64);	/* each starts with Context EL1 */
	spe_unit_free(u);
}

/* Describing every operation selects exactly the same members as bulk counting. */
static void test_every_op_observed(void **state)
{
	(void)state;
	struct spe_unit *u = unit(SPE_V1P1, 5, PMSIDR_EL1_COUNTSIZE_12_BIT_SAT, 0);
	struct spe_unit *v;
	struct spe_unit_stats a, b;
	static struct test_port port2;
	uint64_t irr = PMSIRR_EL1_INTERVAL_PREP(4) | PMSIRR_EL1_RND_MASK;

	tp_start(u, 0, TP_SIZE, 4, 0);
	tp_set(u, SYS_PMSIRR_EL1, irr);
	for (uint64_t i = 0; i < N_OPS; i++) {
		struct spe_op op;

		tp_op(i, &op);
		spe_unit_observe(u, &op);
	}
	spe_unit_stats(u, &a);

	{
		struct spe_config c;

		spe_config_default(&c, SPE_V1P1);
		c.seed = 5;
		v = tp_unit(&port2, &c);
	}
	tp_start(v, 0, TP_SIZE, 4, 0);
	tp_set(v, SYS_PMSIRR_EL1, irr);
	tp_run(v, N_OPS);
	spe_unit_stats(v, &b);
	assert_int_equal(a.selected, b.selected);
	assert_int_equal(a.records, b.records);
	assert_int_equal(a.population, N_OPS);
	assert_int_equal(b.population, N_OPS);
	assert_int_equal(tp_reg(u, SYS_PMSICR_EL1), tp_reg(v, SYS_PMSICR_EL1));
	spe_unit_free(u);
	spe_unit_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_million_ops),
		cmocka_unit_test(test_million_ops_loads),
		cmocka_unit_test(test_million_ops_fixed_size),
		cmocka_unit_test(test_every_op_observed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
