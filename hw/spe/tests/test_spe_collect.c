// SPDX-License-Identifier: GPL-2.0-only
/*
 * What PMSCR_EL1/PMSCR_EL2 put in a record: physical address (PA AND-ed
 * across ELs), timestamp source (PCT delegation), contexts (CX), for both
 * buffer owners (Arm ARM CollectPhysicalAddress(), CollectTimeStamp(),
 * CollectContextIDR1/2()).
 */
#include "spe-test.h"

static struct test_port port;

#define CNTPCT	0x100000ull
#define CNTVOFF	0x1000ull

static struct spe_unit *unit_ctx(uint8_t el, bool el2, bool e2h, bool tge, uint8_t e2pb)
{
	struct spe_config c;
	struct spe_unit *u;
	struct spe_ctx x = { .el = el, .el2_enabled = el2, .e2h = e2h, .tge = tge, .e2pb = e2pb,
			     .cntvoff = CNTVOFF };

	spe_config_default(&c, SPE_V1P0);
	u = tp_unit(&port, &c);
	spe_unit_set_ctx(u, &x);
	tp_start(u, 0, 0x10000, 1, 0);
	return u;
}

/* Payload of the first packet with header h in the last record, or -1 when absent. */
static int64_t packet(struct spe_unit *u, uint8_t h, uint64_t start)
{
	uint64_t end = tp_reg(u, SYS_PMBPTR_EL1) - TP_BASE;

	for (uint64_t i = start; i < end;) {
		uint8_t x = port.mem[i++];
		unsigned int len;
		uint64_t v = 0;

		if (x == SPE_HDR_END || x == SPE_HDR_PADDING)
			continue;
		len = SPE_HDR_PAYLOAD_LEN(x);
		for (unsigned int k = 0; k < len; k++)
			v |= (uint64_t)port.mem[i + k] << (8 * k);
		if (x == h)
			return (int64_t)(v & 0x7fffffffffffffffull);	/* fits int64 for tests */
		i += len;
	}
	return -1;
}

static uint64_t last_start;

static void sample_at(struct spe_unit *u, uint8_t el)
{
	struct spe_op op = tp_ld(false);

	op.el = el;
	op.cntpct = CNTPCT;
	op.contextidr_el2 = 0x77;
	last_start = tp_reg(u, SYS_PMBPTR_EL1) - TP_BASE;
	assert_true(tp_sample(u, &op));
}

#define PA_HDR	(SPE_HDR_ADDRESS | SPE_ADDR_IDX_DATA_PA)
#define C1_HDR	(SPE_HDR_CONTEXT | SPE_CONTEXT_IDX_EL1)
#define C2_HDR	(SPE_HDR_CONTEXT | SPE_CONTEXT_IDX_EL2)

static void test_pa(void **state)
{
	(void)state;
	struct spe_unit *u;

	u = unit_ctx(1, false, false, false, 3);		/* no EL2: PMSCR_EL1.PA alone */
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_PA_MASK);
	sample_at(u, 1);
	assert_int_equal(packet(u, PA_HDR, last_start), 0x40200000);
	spe_unit_free(u);

	u = unit_ctx(1, true, false, false, 3);		/* EL1 owner: EL1.PA AND EL2.PA */
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_PA_MASK);
	sample_at(u, 1);
	assert_int_equal(packet(u, PA_HDR, last_start), -1);
	tp_set(u, SYS_PMSCR_EL2, PMSCR_EL2_PA_MASK);
	sample_at(u, 1);
	assert_int_equal(packet(u, PA_HDR, last_start), 0x40200000);
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK);
	sample_at(u, 1);
	assert_int_equal(packet(u, PA_HDR, last_start), -1);
	spe_unit_free(u);

	u = unit_ctx(1, true, true, false, 0);		/* EL2 owner: EL2.PA alone */
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK);
	tp_set(u, SYS_PMSCR_EL2, PMSCR_EL2_PA_MASK);
	sample_at(u, 1);
	assert_int_equal(packet(u, PA_HDR, last_start), 0x40200000);
	/* A VHE host profiling its guest writes through the EL2&0 regime, no stage 2. */
	assert_int_equal(port.regime.owner_el, 2);
	assert_true(port.regime.e2h);
	assert_false(port.regime.stage2);
	spe_unit_free(u);
}

static void test_timestamp_source(void **state)
{
	(void)state;
	struct spe_unit *u;

	/* No EL2: PMSCR_EL1.PCT picks virtual (physical - CNTVOFF) or physical. */
	u = unit_ctx(1, false, false, false, 3);
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_TS_MASK);
	sample_at(u, 1);
	assert_int_equal(packet(u, SPE_HDR_TIMESTAMP, last_start), CNTPCT - CNTVOFF);
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_TS_MASK | PMSCR_EL1_PCT_MASK);
	sample_at(u, 1);
	assert_int_equal(packet(u, SPE_HDR_TIMESTAMP, last_start), CNTPCT);
	spe_unit_free(u);

	/* EL1 owner, EL2 enabled: PMSCR_EL2.PCT = virtual overrides; = physical delegates. */
	u = unit_ctx(1, true, false, false, 3);
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_TS_MASK |
	       PMSCR_EL1_PCT_PREP(PMSCR_EL1_PCT_PHYS));
	sample_at(u, 1);
	assert_int_equal(packet(u, SPE_HDR_TIMESTAMP, last_start), CNTPCT - CNTVOFF);
	tp_set(u, SYS_PMSCR_EL2, PMSCR_EL2_PCT_PREP(PMSCR_EL2_PCT_PHYS));
	sample_at(u, 1);
	assert_int_equal(packet(u, SPE_HDR_TIMESTAMP, last_start), CNTPCT);
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_TS_MASK);
	sample_at(u, 1);
	assert_int_equal(packet(u, SPE_HDR_TIMESTAMP, last_start), CNTPCT - CNTVOFF);
	/* TS of the owner only: PMSCR_EL2.TS is ignored for an EL1 owner. */
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK);
	tp_set(u, SYS_PMSCR_EL2, PMSCR_EL2_TS_MASK);
	sample_at(u, 1);
	assert_int_equal(packet(u, SPE_HDR_TIMESTAMP, last_start), -1);
	spe_unit_free(u);

	/* EL2 owner (VHE host at EL2): PMSCR_EL2.TS; virtual PCT is physical in the host. */
	u = unit_ctx(2, true, true, true, 0);
	tp_set(u, SYS_PMSCR_EL2, PMSCR_EL2_E2SPE_MASK | PMSCR_EL2_TS_MASK);
	sample_at(u, 2);
	assert_int_equal(packet(u, SPE_HDR_TIMESTAMP, last_start), CNTPCT);
	spe_unit_free(u);
	/* EL2 owner sampling a guest's EL1: virtual. */
	u = unit_ctx(1, true, true, false, 0);
	tp_set(u, SYS_PMSCR_EL2, PMSCR_EL2_TS_MASK);
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK);
	sample_at(u, 1);
	assert_int_equal(packet(u, SPE_HDR_TIMESTAMP, last_start), CNTPCT - CNTVOFF);
	tp_set(u, SYS_PMSCR_EL2, PMSCR_EL2_TS_MASK | PMSCR_EL2_PCT_PREP(PMSCR_EL2_PCT_PHYS));
	sample_at(u, 1);
	assert_int_equal(packet(u, SPE_HDR_TIMESTAMP, last_start), CNTPCT);
	spe_unit_free(u);
}

static void test_contexts(void **state)
{
	(void)state;
	struct spe_unit *u;

	u = unit_ctx(1, true, false, false, 0);		/* EL2 owner, guest at EL1/EL0 */
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_E0SPE_MASK | PMSCR_EL1_CX_MASK);
	sample_at(u, 1);
	assert_int_equal(packet(u, C1_HDR, last_start), 0x42);
	assert_int_equal(packet(u, C2_HDR, last_start), -1);
	tp_set(u, SYS_PMSCR_EL2, PMSCR_EL2_CX_MASK | PMSCR_EL2_E2SPE_MASK);
	sample_at(u, 0);
	assert_int_equal(packet(u, C1_HDR, last_start), 0x42);
	assert_int_equal(packet(u, C2_HDR, last_start), 0x77);
	/* At EL2, CONTEXTIDR_EL1 is never collected. */
	{
		struct spe_ctx x = { .el = 2, .el2_enabled = true, .e2pb = 0 };

		spe_unit_set_ctx(u, &x);
	}
	sample_at(u, 2);
	assert_int_equal(packet(u, C1_HDR, last_start), -1);
	assert_int_equal(packet(u, C2_HDR, last_start), 0x77);
	spe_unit_free(u);

	/* No EL2: PMSCR_EL2.CX cannot apply. */
	u = unit_ctx(1, false, false, false, 3);
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_CX_MASK);
	tp_set(u, SYS_PMSCR_EL2, PMSCR_EL2_CX_MASK);
	sample_at(u, 1);
	assert_int_equal(packet(u, C2_HDR, last_start), -1);
	spe_unit_free(u);
}

/* Data source packets only with PMSIDR_EL1.LDS, only for loads. */
static void test_data_source(void **state)
{
	(void)state;
	struct spe_config c;
	struct spe_unit *u;
	struct spe_op st = tp_ld(true);

	u = unit_ctx(1, false, false, false, 3);
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK);
	sample_at(u, 1);
	assert_int_equal(packet(u, SPE_HDR_DATA_SOURCE | (SPE_SZ_2 << 4), last_start), SPE_DS_DRAM);
	last_start = tp_reg(u, SYS_PMBPTR_EL1) - TP_BASE;
	tp_sample(u, &st);
	assert_int_equal(packet(u, SPE_HDR_DATA_SOURCE | (SPE_SZ_2 << 4), last_start), -1);
	spe_unit_free(u);

	spe_config_default(&c, SPE_V1P0);
	c.lds = false;
	u = tp_unit(&port, &c);
	tp_start(u, 0, 0x10000, 1, 0);
	sample_at(u, 1);
	assert_int_equal(packet(u, SPE_HDR_DATA_SOURCE | (SPE_SZ_2 << 4), last_start), -1);
	assert_int_equal(packet(u, SPE_HDR_OP_TYPE | SPE_OP_CLASS_LDST, last_start), 0);
	spe_unit_free(u);
}

/* An operation at an EL that is not sampled changes nothing. */
static void test_disabled_el(void **state)
{
	(void)state;
	struct spe_unit *u = unit_ctx(1, false, false, false, 3);
	struct spe_op op = tp_ld(false);

	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E0SPE_MASK);
	tp_set(u, SYS_PMSICR_EL1, 1);
	assert_false(spe_unit_observe(u, &op));
	assert_int_equal(tp_reg(u, SYS_PMSICR_EL1), 1);
	op.el = 3;
	assert_false(spe_unit_observe(u, &op));
	op.el = 0;
	assert_true(spe_unit_observe(u, &op));
	spe_unit_free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pa),
		cmocka_unit_test(test_timestamp_source),
		cmocka_unit_test(test_contexts),
		cmocka_unit_test(test_data_source),
		cmocka_unit_test(test_disabled_el),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
