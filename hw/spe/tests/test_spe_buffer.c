// SPDX-License-Identifier: GPL-2.0-only
/*
 * The profiling buffer end to end: exact record bytes in memory, buffer
 * full, stage-1/stage-2 faults, external aborts by PMBIDR_EL1.EA,
 * collisions, discard mode, PMBSR_EL1.S stopping everything, the PMBIRQ
 * level, and hostile PMBPTR/PMBLIMITR values.
 */
#include "spe-test.h"

static struct test_port port;

static struct spe_unit *unit_cfg(enum spe_version v, uint8_t ea, uint32_t dram)
{
	struct spe_config c;

	spe_config_default(&c, v);
	c.ea = ea;
	if (dram)
		c.timing.dram = dram;
	return tp_unit(&port, &c);
}

static void test_record_bytes_in_memory(void **state)
{
	(void)state;
	struct spe_unit *u = unit_cfg(SPE_V1P0, PMBIDR_EL1_EA_IGNORED, 0);
	struct spe_op ld = tp_ld(false), st = tp_ld(true);
	static const uint8_t want_ld[] = {
		0x98, 0xd2, 0x00,			/* total 1 + 25 + 4 + 30 + 150 = 210 */
		0x99, 0x01, 0x00,			/* issue 1 */
		0x9a, 0x19, 0x00,			/* translation: walk, 25 */
		0xb0, 0x00, 0x00, 0x10, 0x00, 0x00, 0x80, 0xff, 0xa0,
		0xb2, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0xff, 0xff,
		0x53, 0x0e, 0x00,			/* DRAM */
		0x49, 0x00,
		0x52, 0x3e, 0x03,			/* retired L1D TLB walk LLC access/miss */
		0x01,
	};
	static const uint8_t want_st[] = {
		0x64, 0x42, 0x00, 0x00, 0x00,		/* CONTEXTIDR_EL1 */
		0x98, 0x08, 0x00,			/* total 3 + 1 + 4 */
		0x99, 0x03, 0x00,			/* issue 1 + 2 x 1 recent miss */
		0x9a, 0x01, 0x00,
		0xb0, 0x00, 0x00, 0x10, 0x00, 0x00, 0x80, 0xff, 0xa0,
		0xb2, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0xff, 0xff,
		0xb3, 0x00, 0x00, 0x20, 0x40, 0x00, 0x00, 0x00, 0x80,	/* PA, NS */
		0x49, 0x01,				/* GP store */
		0x52, 0x16, 0x00,			/* retired, L1D access, TLB access */
		0x71, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00, 0x00, 0x00,	/* physical count */
	};

	tp_start(u, 0, 0x10000, 1, 0);
	assert_true(tp_sample(u, &ld));
	assert_int_equal(tp_reg(u, SYS_PMBPTR_EL1), TP_BASE + sizeof(want_ld));
	assert_memory_equal(port.mem, want_ld, sizeof(want_ld));
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_PA_MASK | PMSCR_EL1_TS_MASK |
	       PMSCR_EL1_CX_MASK | PMSCR_EL1_PCT_PREP(PMSCR_EL1_PCT_PHYS));
	assert_true(tp_sample(u, &st));
	assert_memory_equal(port.mem + sizeof(want_ld), want_st, sizeof(want_st));
	assert_int_equal(tp_reg(u, SYS_PMBPTR_EL1), TP_BASE + sizeof(want_ld) + sizeof(want_st));
	assert_int_equal(port.violations, 0);
	assert_int_equal(port.regime.owner_el, 1);
	assert_false(port.regime.stage2);
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0);
	spe_unit_free(u);
}

/* Full when fewer than MaxSize bytes remain after a record: EC 0, BSC 1, S, PMBIRQ. */
static void test_buffer_full(void **state)
{
	(void)state;
	struct spe_unit *u = unit_cfg(SPE_V1P0, PMBIDR_EL1_EA_IGNORED, 0);
	struct spe_op ld = tp_ld(false), st = tp_ld(true);
	uint64_t limit = TP_BASE + 0x1000;
	struct spe_unit_stats s;

	tp_start(u, 0x1000 - 100, 0x1000, 1, 0);
	assert_true(tp_sample(u, &ld));			/* 36 bytes: 64 left, not full */
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0);
	assert_false(spe_unit_irq_level(u));
	assert_true(tp_sample(u, &st));			/* 33 bytes: 31 left < 64 */
	assert_int_equal(tp_reg(u, SYS_PMBPTR_EL1), limit - 31);
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0x20001);
	assert_true(spe_unit_irq_level(u));
	/* S = 1 stops everything: no counting, no selection, PMBPTR frozen. */
	assert_int_equal(spe_unit_ops_until_sample(u), SPE_NEVER);
	assert_false(spe_unit_observe(u, &ld));
	spe_unit_count(u, 100000, 1);
	spe_unit_stats(u, &s);
	assert_int_equal(s.population, 2 * 257);
	/* Clearing S drops the level and resumes; the next record does not fit: full again. */
	tp_set(u, SYS_PMBSR_EL1, 0);
	assert_false(spe_unit_irq_level(u));
	assert_true(tp_sample(u, &ld));
	assert_int_equal(tp_reg(u, SYS_PMBPTR_EL1), limit - 31);
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0x20001);
	spe_unit_stats(u, &s);
	assert_int_equal(s.records, 2);
	assert_int_equal(s.lost, 1);
	assert_int_equal(s.events, 2);
	assert_int_equal(port.violations, 0);
	assert_int_equal(port.writes, 2);
	spe_unit_free(u);
}

static void test_stage1_fault(void **state)
{
	(void)state;
	struct spe_unit *u = unit_cfg(SPE_V1P0, PMBIDR_EL1_EA_IGNORED, 0);
	struct spe_op ld = tp_ld(false);

	tp_start(u, 0x1000 - 10, 0x3000, 1, 0);
	port.fault_on = true;
	port.fault_va = TP_BASE + 0x1000;
	port.fault = (struct spe_xlate_fault){ .stage = 1, .fsc = 0x07 };	/* translation, L3 */
	assert_true(tp_sample(u, &ld));
	/* EC 0b100100, S, MSS = FSC; PMBPTR at the faulting byte; DL untouched. */
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0x90020007);
	assert_int_equal(tp_reg(u, SYS_PMBPTR_EL1), TP_BASE + 0x1000);
	assert_true(spe_unit_irq_level(u));
	assert_int_equal(port.mem[0x1000 - 10], 0x98);	/* the first 10 bytes landed */
	spe_unit_free(u);
}

static void test_stage2_fault(void **state)
{
	(void)state;
	struct spe_unit *u = unit_cfg(SPE_V1P0, PMBIDR_EL1_EA_IGNORED, 0);
	struct spe_ctx x = { .el = 1, .el2_enabled = true, .e2pb = 3 };
	struct spe_op ld = tp_ld(false);

	spe_unit_set_ctx(u, &x);
	tp_start(u, 0x2000, 0x4000, 1, 0);
	port.fault_on = true;
	port.fault_va = TP_BASE + 0x2000;
	port.fault = (struct spe_xlate_fault){ .stage = 2, .fsc = 0x06 };	/* translation, L2 */
	assert_true(tp_sample(u, &ld));
	assert_true(port.regime.stage2);
	assert_int_equal(port.regime.owner_el, 1);
	/* EC 0b100101; the record is lost entirely; PMBPTR at its first byte. */
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0x94020006);
	assert_int_equal(tp_reg(u, SYS_PMBPTR_EL1), TP_BASE + 0x2000);
	assert_int_equal(port.mem[0x2000], 0);
	spe_unit_free(u);
}

static void test_external_aborts(void **state)
{
	(void)state;
	struct spe_op ld = tp_ld(false);
	struct spe_unit *u;

	/* EA "not described": reported; DL when the record was partly written. */
	u = unit_cfg(SPE_V1P0, PMBIDR_EL1_EA_NOT_DESCRIBED, 0);
	tp_start(u, 0x1000 - 10, 0x3000, 1, 0);
	port.fault_on = true;
	port.fault_va = TP_BASE + 0x1000;
	port.fault = (struct spe_xlate_fault){ .stage = 1, .fsc = 0x10, .ext_abort = true };
	assert_true(tp_sample(u, &ld));
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0x900e0010);	/* EC S1, DL, EA, S, FSC */
	assert_int_equal(tp_reg(u, SYS_PMBPTR_EL1), TP_BASE + 0x1000);
	/* Restart at the aborting page: nothing written, so no DL. */
	tp_set(u, SYS_PMBSR_EL1, 0);
	assert_true(tp_sample(u, &ld));
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0x90060010);
	spe_unit_free(u);

	/* EA ignored: the aborted bytes are lost, the pointer moves on, no event. */
	u = unit_cfg(SPE_V1P0, PMBIDR_EL1_EA_IGNORED, 0);
	tp_start(u, 0x1000 - 10, 0x3000, 1, 0);
	port.fault_on = true;
	port.fault_va = TP_BASE + 0x1000;
	port.fault = (struct spe_xlate_fault){ .stage = 1, .fsc = 0x10, .ext_abort = true };
	assert_true(tp_sample(u, &ld));
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0);
	assert_int_equal(tp_reg(u, SYS_PMBPTR_EL1), TP_BASE + 0x1000 + 26);
	assert_false(spe_unit_take_serror(u));
	/* An abort on the table walk is still a buffer management event. */
	port.fault = (struct spe_xlate_fault){ .stage = 1, .fsc = 0x15, .ext_abort = true };
	assert_true(tp_sample(u, &ld));
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0x90060015);
	spe_unit_free(u);

	/* EA SError: as ignored, plus an SError for the CPU to take, once. */
	u = unit_cfg(SPE_V1P0, PMBIDR_EL1_EA_SERROR, 0);
	tp_start(u, 0x1000 - 10, 0x3000, 1, 0);
	port.fault_on = true;
	port.fault_va = TP_BASE + 0x1000;
	port.fault = (struct spe_xlate_fault){ .stage = 1, .fsc = 0x10, .ext_abort = true };
	assert_true(tp_sample(u, &ld));
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0);
	assert_true(spe_unit_take_serror(u));
	assert_false(spe_unit_take_serror(u));
	spe_unit_free(u);
}

/*
 * With a 1000-cycle DRAM the first (cold) sample is in flight for
 * 1 + 25 + 4 + 30 + 1000 = 1060 members: selections at members 513, 770,
 * 1027 and 1284 collide (COLL only: no S, no interrupt); 1541 is sampled.
 */
static void test_collisions(void **state)
{
	(void)state;
	struct spe_unit *u = unit_cfg(SPE_V1P0, PMBIDR_EL1_EA_IGNORED, 1000);
	struct spe_op ld = tp_ld(false);
	struct spe_unit_stats s;

	tp_start(u, 0, 0x10000, 1, 0);
	for (int i = 0; i < 6; i++)
		assert_true(tp_sample(u, &ld));
	spe_unit_stats(u, &s);
	assert_int_equal(s.selected, 6);
	assert_int_equal(s.collisions, 4);
	assert_int_equal(s.feed, 2);
	assert_int_equal(s.records, 2);
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0x10000);
	assert_false(spe_unit_irq_level(u));
	/* A cold sample again (new line and page); the next selection, in bulk counting, collides. */
	tp_set(u, SYS_PMBSR_EL1, 0);
	ld.data_va += 0x10000;
	ld.data_pa += 0x10000;
	assert_true(tp_sample(u, &ld));
	spe_unit_count(u, 257, 1);
	spe_unit_stats(u, &s);
	assert_int_equal(s.selected, 8);
	assert_int_equal(s.collisions, 5);
	assert_int_equal(s.records, 3);
	/* Unsampled code (EL2 with an EL1 owner) lets the sample in flight complete. */
	spe_unit_count(u, 2000, 2);
	ld.data_va += 0x10000;
	ld.data_pa += 0x10000;
	assert_true(tp_sample(u, &ld));			/* cold again: 1060+ in flight */
	spe_unit_count(u, 2000, 2);
	assert_true(tp_sample(u, &ld));
	spe_unit_stats(u, &s);
	assert_int_equal(s.collisions, 5);
	assert_int_equal(s.records, 5);
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0x10000);
	spe_unit_free(u);
}

/*
 * PSB CSYNC completes the sample in flight: the cold sample (1060 members
 * in flight) followed by a barrier lets the very next selection be sampled.
 * A hypervisor issues the barrier at vcpu_put; without it a vCPU that left
 * the CPU mid-sample and came back within the window collided with itself
 * (spe-buffer at the default 100,000-instruction slice: COLL in one piece).
 */
static void test_psb_csync_ends_sample(void **state)
{
	(void)state;
	struct spe_unit *u = unit_cfg(SPE_V1P0, PMBIDR_EL1_EA_IGNORED, 1000);
	struct spe_op ld = tp_ld(false);
	struct spe_unit_stats s;

	tp_start(u, 0, 0x10000, 1, 0);
	assert_true(tp_sample(u, &ld));
	spe_unit_psb_csync(u);
	assert_true(tp_sample(u, &ld));			/* 257 members later: no collision */
	spe_unit_stats(u, &s);
	assert_int_equal(s.selected, 2);
	assert_int_equal(s.collisions, 0);
	assert_int_equal(s.records, 2);
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0);
	/* Without the barrier the same pair collides (the window is 1060 members). */
	ld.data_va += 0x10000;
	ld.data_pa += 0x10000;
	assert_true(tp_sample(u, &ld));
	assert_true(tp_sample(u, &ld));
	spe_unit_stats(u, &s);
	assert_int_equal(s.collisions, 1);
	assert_int_equal(s.records, 3);
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), PMBSR_EL1_COLL_MASK);
	/* A barrier with nothing in flight changes nothing. */
	spe_unit_psb_csync(u);
	spe_unit_psb_csync(u);
	spe_unit_stats(u, &s);
	assert_int_equal(s.records, 3);
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), PMBSR_EL1_COLL_MASK);
	spe_unit_free(u);
}

/* The test port's probe: what tp_write would do, without writing. */
static int tp_probe(void *ctx, const struct spe_regime *r, uint64_t va, size_t len)
{
	struct test_port *p = ctx;

	(void)r;
	if (va < TP_BASE || va - TP_BASE >= TP_SIZE || len > TP_SIZE - (va - TP_BASE))
		return 1;
	return p->fault_on && va + len > p->fault_va && va < p->fault_va + 4096;
}

/*
 * spe_unit_record_quiet(): true only when the next record can raise no
 * event (room for two maximum records, the probe agrees); min_gap is
 * INTERVAL << 8.
 */
static void test_record_quiet(void **state)
{
	(void)state;
	struct spe_unit *u = unit_cfg(SPE_V1P2, PMBIDR_EL1_EA_IGNORED, 0);
	struct spe_mem_port with = { .ctx = &port, .write = tp_write, .probe = tp_probe };
	struct spe_op ld = tp_ld(false);
	uint64_t max = 1ull << spe_unit_config(u)->max_size_log2;

	tp_start(u, 0, 0x1000, 3, 0);
	assert_int_equal(spe_unit_min_gap(u), 3 * 256);
	assert_false(spe_unit_record_quiet(u));		/* no probe: cannot tell */
	spe_unit_set_port(u, &with);
	assert_true(spe_unit_record_quiet(u));
	tp_set(u, SYS_PMBPTR_EL1, TP_BASE + 0x1000 - 2 * max);
	assert_true(spe_unit_record_quiet(u));
	tp_set(u, SYS_PMBPTR_EL1, TP_BASE + 0x1000 - 2 * max + 1);
	assert_false(spe_unit_record_quiet(u));		/* the record could fill it */
	tp_set(u, SYS_PMBPTR_EL1, TP_BASE + 0x2000);
	assert_false(spe_unit_record_quiet(u));		/* past the limit */
	/* A fault in the next 2^MaxSize bytes, but not beyond them. */
	tp_start(u, 0x100, 0x3000, 1, 0);
	port.fault_on = true;
	port.fault_va = TP_BASE + 0x1000;
	assert_true(spe_unit_record_quiet(u));
	tp_set(u, SYS_PMBPTR_EL1, TP_BASE + 0x1000 - max + 1);
	assert_false(spe_unit_record_quiet(u));
	/* And a quiet record really raises nothing; discard mode writes nothing. */
	tp_set(u, SYS_PMBPTR_EL1, TP_BASE + 0x100);
	assert_true(spe_unit_record_quiet(u));
	assert_true(tp_sample(u, &ld));
	assert_false(spe_unit_irq_level(u));
	tp_set(u, SYS_PMBPTR_EL1, TP_BASE + 0x1000 - 1);
	tp_set(u, SYS_PMBLIMITR_EL1, (TP_BASE + 0x3000) | PMBLIMITR_EL1_E_MASK |
	       PMBLIMITR_EL1_FM_PREP(PMBLIMITR_EL1_FM_DISCARD));
	assert_true(spe_unit_record_quiet(u));
	tp_set(u, SYS_PMSIRR_EL1, 0);
	assert_int_equal(spe_unit_min_gap(u), 0);
	spe_unit_free(u);
}

static void test_discard_mode(void **state)
{
	(void)state;
	struct spe_op ld = tp_ld(false);
	struct spe_unit_stats s;
	struct spe_unit *u;

	u = unit_cfg(SPE_V1P2, PMBIDR_EL1_EA_IGNORED, 0);
	tp_start(u, 0x1000 - 40, 0x1000, 1, 0);
	tp_set(u, SYS_PMBLIMITR_EL1, PMBLIMITR_EL1_FM_PREP(PMBLIMITR_EL1_FM_DISCARD) |
	       PMBLIMITR_EL1_E_MASK);
	for (int i = 0; i < 5; i++)
		assert_true(tp_sample(u, &ld));
	spe_unit_stats(u, &s);
	assert_int_equal(s.discarded, 5);
	assert_int_equal(port.writes, 0);
	assert_int_equal(tp_reg(u, SYS_PMBPTR_EL1), TP_BASE + 0x1000 - 40);
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0);
	spe_unit_free(u);

	/* Before v1p2 FM = 0b10 is reserved and behaves as fill: LIMIT 0 is full at once. */
	u = unit_cfg(SPE_V1P0, PMBIDR_EL1_EA_IGNORED, 0);
	tp_start(u, 0, 0x1000, 1, 0);
	tp_set(u, SYS_PMBLIMITR_EL1, PMBLIMITR_EL1_FM_PREP(PMBLIMITR_EL1_FM_DISCARD) |
	       PMBLIMITR_EL1_E_MASK);
	assert_true(tp_sample(u, &ld));
	assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), 0x20001);
	assert_int_equal(port.writes, 0);
	spe_unit_free(u);
}

/* Software may set S by a direct write: PMBIRQ rises and profiling stops. */
static void test_software_s(void **state)
{
	(void)state;
	struct spe_unit *u = unit_cfg(SPE_V1P2, PMBIDR_EL1_EA_IGNORED, 0);

	tp_start(u, 0, 0x1000, 1, 0);
	tp_set(u, SYS_PMBSR_EL1, PMBSR_EL1_S_MASK);
	assert_true(spe_unit_irq_level(u));
	assert_false(spe_unit_pmu_freeze(u));		/* PMFZ = 0 */
	assert_int_equal(spe_unit_ops_until_sample(u), SPE_NEVER);
	tp_set(u, SYS_PMBLIMITR_EL1, (TP_BASE + 0x1000) | PMBLIMITR_EL1_PMFZ_MASK |
	       PMBLIMITR_EL1_E_MASK);
	assert_true(spe_unit_pmu_freeze(u));
	tp_set(u, SYS_PMBSR_EL1, 0);
	assert_false(spe_unit_irq_level(u));
	assert_false(spe_unit_pmu_freeze(u));
	assert_int_equal(spe_unit_ops_until_sample(u), 256);
	spe_unit_free(u);
	/* Before v1p2 PMFZ is RES0. */
	u = unit_cfg(SPE_V1P0, PMBIDR_EL1_EA_IGNORED, 0);
	tp_set(u, SYS_PMBLIMITR_EL1, PMBLIMITR_EL1_PMFZ_MASK | PMBLIMITR_EL1_E_MASK);
	tp_set(u, SYS_PMBSR_EL1, PMBSR_EL1_S_MASK);
	assert_false(spe_unit_pmu_freeze(u));
	spe_unit_free(u);
}

/*
 * Hostile PMBPTR/PMBLIMITR: outside the buffer, unaligned, LIMIT below PTR,
 * near the top of the address space. The checking port counts any write
 * outside [PMBPTR, LIMIT); there must be none, and the unit stops with a
 * syndrome instead.
 */
static void test_hostile_pointers(void **state)
{
	(void)state;
	static const struct { uint64_t ptr, limit, pmbsr; } c[] = {
		{ TP_BASE + 0x2000, TP_BASE + 0x1000, 0x20001 },	/* LIMIT below PTR */
		{ TP_BASE + 0x1000, TP_BASE + 0x1000, 0x20001 },	/* empty */
		{ TP_BASE + 0x1000 - 7, TP_BASE + 0x1000, 0x20001 },	/* record does not fit */
		{ ~0ull - 5, 0xfffffffffffff000ull, 0x20001 },		/* huge PTR */
		{ 0xfffffffffffff000ull - 40, 0xfffffffffffff000ull, 0x90020007 },	/* unmapped */
		{ 0, 0, 0x20001 },
		{ TP_BASE - 30, TP_BASE + 0x1000, 0x90020007 },	/* starts below memory */
		{ TP_BASE + 3, TP_BASE + 0x1000, 0x20001 },		/* unaligned: fills, then full */
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct spe_unit *u = unit_cfg(SPE_V1P0, PMBIDR_EL1_EA_IGNORED, 0);

		tp_start(u, 0, 0, 1, 0);
		tp_set(u, SYS_PMBPTR_EL1, c[i].ptr);
		tp_set(u, SYS_PMBLIMITR_EL1, c[i].limit | PMBLIMITR_EL1_E_MASK);
		tp_run(u, 400000);
		assert_int_equal(port.violations, 0);
		assert_int_equal(tp_reg(u, SYS_PMBSR_EL1), c[i].pmbsr);
		spe_unit_free(u);
	}
}

/* Random PMBPTR/LIMIT pairs around the test memory: never a write outside the window. */
static void test_random_pointers(void **state)
{
	(void)state;
	uint64_t x = 12345;

	for (int i = 0; i < 64; i++) {
		struct spe_unit *u = unit_cfg(SPE_V1P0, PMBIDR_EL1_EA_IGNORED, 0);
		uint64_t ptr, limit;

		x = x * 6364136223846793005ull + 1442695040888963407ull;
		ptr = TP_BASE - 0x1000 + ((x >> 20) % (TP_SIZE + 0x2000));
		limit = TP_BASE - 0x1000 + ((x >> 40) % (TP_SIZE + 0x2000));
		tp_start(u, 0, 0, 1, 0);
		tp_set(u, SYS_PMBPTR_EL1, ptr);
		tp_set(u, SYS_PMBLIMITR_EL1, limit | PMBLIMITR_EL1_E_MASK);
		tp_run(u, 100000);
		assert_int_equal(port.violations, 0);
		for (uint64_t a = TP_BASE; a < TP_BASE + TP_SIZE; a++)
			if (a < ptr || a >= (limit & PMBLIMITR_EL1_LIMIT_MASK))
				assert_int_equal(port.mem[a - TP_BASE], 0);
		spe_unit_free(u);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_bytes_in_memory),
		cmocka_unit_test(test_buffer_full),
		cmocka_unit_test(test_stage1_fault),
		cmocka_unit_test(test_stage2_fault),
		cmocka_unit_test(test_external_aborts),
		cmocka_unit_test(test_collisions),
		cmocka_unit_test(test_psb_csync_ends_sample),
		cmocka_unit_test(test_record_quiet),
		cmocka_unit_test(test_discard_mode),
		cmocka_unit_test(test_software_s),
		cmocka_unit_test(test_hostile_pointers),
		cmocka_unit_test(test_random_pointers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
