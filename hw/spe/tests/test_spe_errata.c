// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU models and Neoverse N1 erratum 1694299 (docs/errata.md). A small
 * "CPU" runs synthetic loops through the unit's protocol (bulk counts to
 * ops_until_sample(), descriptions when it returns 0), and the records'
 * PCs are counted per loop position. Numbers are derived in the comments:
 * interval 1024 selects every 1025th member (R + 1), so with a loop of L
 * operations the selections walk the positions in a fixed cycle.
 */
#include "spe-test.h"

#include "hw/spe-errata.h"

static struct test_port port;

#define PC0	0x100000ull	/* the loop's first instruction (a branch target) */
#define MAXL	128

/* One loop: the operations of its body; the last is the taken branch back to PC0. */
struct loop {
	unsigned int len;
	struct spe_op op[MAXL];
	/* An optional skip: op[skip_from] is a taken branch to op[skip_to] (Linux's "noise"). */
	int skip_from, skip_to;
};

static void op_at(struct spe_op *op, unsigned int i, uint8_t kind)
{
	memset(op, 0, sizeof(*op));
	op->pc = PC0 + 4 * i;
	op->el = 1;
	op->kind = kind;
	if (kind == SPE_OPK_LOAD || kind == SPE_OPK_STORE) {
		op->data_va = 0x200000 + 8 * i;
		op->data_pa = op->data_va;
		op->size = 8;
		op->flags = SPE_OPF_PA_VALID;
	}
}

/* LDR, ADD, STR, B.NE back: Linux datasym's tight loop, four operations. */
static void tight_loop(struct loop *l)
{
	l->len = 4;
	op_at(&l->op[0], 0, SPE_OPK_LOAD);
	op_at(&l->op[1], 1, SPE_OPK_OTHER);
	op_at(&l->op[2], 2, SPE_OPK_STORE);
	op_at(&l->op[3], 3, SPE_OPK_BRANCH);
	l->op[3].flags = SPE_OPF_COND | SPE_OPF_TAKEN;
	l->op[3].target = PC0;
	l->skip_from = l->skip_to = -1;
}

/*
 * The same with perf's workaround (datasym.c, "noise" for 1694299): a
 * B.NE over a rarely executed increment, so the second data access starts
 * at a branch target. Executed path: LDR ADD STR CMP B.NE | LDR ADD STR B.
 */
static void noise_loop(struct loop *l)
{
	static const uint8_t kind[] = {
		SPE_OPK_LOAD, SPE_OPK_OTHER, SPE_OPK_STORE, SPE_OPK_OTHER, SPE_OPK_BRANCH,
		SPE_OPK_OTHER, SPE_OPK_STORE,	/* skipped: the data1 == 123 increment */
		SPE_OPK_LOAD, SPE_OPK_OTHER, SPE_OPK_STORE, SPE_OPK_BRANCH,
	};

	l->len = sizeof(kind);
	for (unsigned int i = 0; i < l->len; i++)
		op_at(&l->op[i], i, kind[i]);
	l->op[4].flags = SPE_OPF_COND | SPE_OPF_TAKEN;
	l->op[4].target = PC0 + 4 * 7;
	l->op[10].flags = SPE_OPF_TAKEN;
	l->op[10].target = PC0;
	l->skip_from = 4;
	l->skip_to = 7;
}

static unsigned int next_pos(const struct loop *l, unsigned int p)
{
	if ((int)p == l->skip_from)
		return (unsigned int)l->skip_to;
	return p + 1 == l->len ? 0 : p + 1;
}

/*
 * Runs n operations of the loop like hw/cpu does: bulk counts, and a
 * description whenever ops_until_sample() is 0. Returns the descriptions.
 */
static uint64_t run_loop(struct spe_unit *u, const struct loop *l, uint64_t n)
{
	unsigned int p = 0;
	uint64_t done = 0, described = 0;

	while (done < n) {
		uint64_t k = spe_unit_ops_until_sample(u);

		if (k > 0) {
			if (k > n - done)
				k = n - done;
			spe_unit_count(u, k, 1);
			done += k;
			for (uint64_t i = 0; i < k; i++)
				p = next_pos(l, p);
			continue;
		}
		spe_unit_observe(u, &l->op[p]);
		described++;
		p = next_pos(l, p);
		done++;
	}
	return described;
}

/* Records per loop position (PC), walking the buffer's packets. */
static uint64_t histogram(uint64_t *hist, unsigned int len)
{
	uint64_t limit = tp_reg(port.unit, SYS_PMBPTR_EL1) - TP_BASE, n = 0;
	size_t i = 0;

	memset(hist, 0, len * sizeof(*hist));
	while (i < limit) {
		uint8_t h = port.mem[i++];

		if (h == SPE_HDR_PADDING || h == SPE_HDR_END)
			continue;
		if ((h & SPE_HDR_EXTENDED_MASK) == SPE_HDR_EXTENDED)
			h = port.mem[i++];
		if (h == (SPE_HDR_ADDRESS | SPE_ADDR_IDX_PC)) {
			uint64_t pc = 0;

			for (int b = 0; b < 7; b++)
				pc |= (uint64_t)port.mem[i + b] << (8 * b);
			assert_true(pc >= PC0 && pc < PC0 + 4 * len);
			hist[(pc - PC0) / 4]++;
			n++;
		}
		i += SPE_HDR_PAYLOAD_LEN(h);
	}
	return n;
}

static struct spe_unit *cpu_unit(const char *model)
{
	struct spe_cpu_model m;
	struct spe_config c;
	struct spe_unit *u;

	assert_int_equal(spe_cpu_model_find(model, &m), SPE_UNIT_OK);
	spe_config_for_cpu(&c, m.version, m.midr, SPE_ERRATA_KNOWN);
	u = tp_unit(&port, &c);
	/* Interval 1024: the models' minimum (PMSIDR_EL1.Interval 0b0100). */
	tp_start(u, 0, TP_SIZE, 4, 0);
	return u;
}

/* Every operation described (no bulk count): positions are always known. */
static void run_described(struct spe_unit *u, const struct loop *l, uint64_t n)
{
	unsigned int p = 0;

	for (uint64_t i = 0; i < n; i++) {
		spe_unit_observe(u, &l->op[p]);
		p = next_pos(l, p);
	}
}

/*
 * n operations of l on a model, through the CPU protocol (or every one
 * described): the records per position must be want[0..len) and the
 * erratum must have moved so many. Returns the descriptions; *st the stats.
 */
static uint64_t expect(const char *model, const struct loop *l, uint64_t n, bool all,
		       const uint64_t *want, uint64_t moved, struct spe_unit_stats *st)
{
	struct spe_unit *u = cpu_unit(model);
	uint64_t h[MAXL], total = 0, described = n;

	if (all)
		run_described(u, l, n);
	else
		described = run_loop(u, l, n);
	for (unsigned int i = 0; i < l->len; i++)
		total += want[i];
	assert_int_equal(histogram(h, l->len), total);
	for (unsigned int i = 0; i < l->len; i++)
		assert_int_equal(h[i], want[i]);
	spe_unit_stats(u, st);
	assert_int_equal(st->errata_moved, moved);
	spe_unit_free(u);
	return described;
}

static void test_models(void **state)
{
	struct spe_cpu_model m;
	struct spe_config c;
	size_t n;

	(void)state;
	assert_non_null(spe_cpu_models(&n));
	assert_int_equal(n, 3);
	assert_int_equal(spe_cpu_model_find("generic", &m), SPE_UNIT_OK);
	assert_int_equal(m.midr, 0);
	assert_int_equal(m.version, SPE_V1P1);
	assert_int_equal(spe_cpu_model_find("neoverse-n1", &m), SPE_UNIT_OK);
	assert_int_equal(m.midr, 0x413fd0c1);
	assert_int_equal(m.version, SPE_V1P0);
	assert_int_equal(spe_cpu_model_find("neoverse-n1:r4p1", &m), SPE_UNIT_OK);
	assert_int_equal(m.midr, 0x414fd0c1);
	assert_int_equal(spe_cpu_model_find("neoverse-n1:r0p0", &m), SPE_UNIT_OK);
	assert_int_equal(m.midr, 0x410fd0c0);
	assert_int_equal(spe_cpu_model_find("neoverse-v1", &m), SPE_UNIT_OK);
	assert_int_equal(m.midr, 0x411fd401);
	assert_int_equal(m.version, SPE_V1P1);
	/* Bad names and revisions: a clear error, *model untouched is not promised. */
	assert_int_equal(spe_cpu_model_find("neoverse-n2", &m), SPE_UNIT_ENOENT);
	assert_int_equal(spe_cpu_model_find("neoverse-n", &m), SPE_UNIT_ENOENT);
	assert_int_equal(spe_cpu_model_find("", &m), SPE_UNIT_ENOENT);
	assert_int_equal(spe_cpu_model_find("neoverse-n1:r4", &m), SPE_UNIT_EINVAL);
	assert_int_equal(spe_cpu_model_find("neoverse-n1:r16p0", &m), SPE_UNIT_EINVAL);
	assert_int_equal(spe_cpu_model_find("neoverse-n1:r1p1x", &m), SPE_UNIT_EINVAL);
	assert_int_equal(spe_cpu_model_find("neoverse-n1:", &m), SPE_UNIT_EINVAL);
	assert_int_equal(spe_cpu_model_find("generic:r1p0", &m), SPE_UNIT_EINVAL);
	assert_int_equal(spe_cpu_model_find(NULL, &m), SPE_UNIT_EINVAL);

	/* 1694299: every N1 before r4p1, nothing else. */
	assert_int_equal(spe_errata_of_midr(0x410fd0c0), SPE_ERRATUM_N1_1694299);
	assert_int_equal(spe_errata_of_midr(0x413fd0c1), SPE_ERRATUM_N1_1694299);
	assert_int_equal(spe_errata_of_midr(0x414fd0c0), SPE_ERRATUM_N1_1694299);
	assert_int_equal(spe_errata_of_midr(0x414fd0c1), 0);
	assert_int_equal(spe_errata_of_midr(0x415fd0c0), 0);
	assert_int_equal(spe_errata_of_midr(0x411fd401), 0);
	assert_int_equal(spe_errata_of_midr(0x410fd083), 0);	/* Cortex-A72 */
	assert_int_equal(spe_errata_of_midr(0x420fd0c0), 0);	/* not Arm's N1 */
	assert_string_equal(spe_erratum_name(SPE_ERRATUM_N1_1694299), "N1 #1694299");
	assert_null(spe_erratum_name(1u << 5));

	/* Unit choices: Interval 1024 on both Neoverse cores, the erratum only if kept. */
	spe_config_for_cpu(&c, SPE_V1P0, 0x413fd0c1, SPE_ERRATA_KNOWN);
	assert_int_equal(c.interval, PMSIDR_EL1_INTERVAL_1024);
	assert_int_equal(c.errata, SPE_ERRATUM_N1_1694299);
	spe_config_for_cpu(&c, SPE_V1P0, 0x413fd0c1, 0);
	assert_int_equal(c.errata, 0);
	spe_config_for_cpu(&c, SPE_V1P1, 0x411fd401, SPE_ERRATA_KNOWN);
	assert_int_equal(c.interval, PMSIDR_EL1_INTERVAL_1024);
	assert_int_equal(c.errata, 0);
	spe_config_for_cpu(&c, SPE_V1P1, 0, SPE_ERRATA_KNOWN);
	assert_int_equal(c.interval, PMSIDR_EL1_INTERVAL_256);
	assert_int_equal(c.errata, 0);
	/* The unit refuses an erratum it does not know. */
	{
		struct spe_mem_port p = { .ctx = &port, .write = tp_write };
		struct spe_unit *u = NULL;

		c.errata = 1u << 7;
		assert_int_equal(spe_unit_create(&c, &p, &u), SPE_UNIT_EINVAL);
		assert_null(u);
	}
	/* PMSIDR_EL1 of the N1 unit: Interval 0b0100, ArchInst 0 (micro-operations). */
	{
		struct spe_unit *u = cpu_unit("neoverse-n1");
		uint64_t idr = tp_reg(u, SYS_PMSIDR_EL1);

		assert_int_equal(PMSIDR_EL1_INTERVAL_GET(idr), PMSIDR_EL1_INTERVAL_1024);
		assert_int_equal(PMSIDR_EL1_ARCHINST_GET(idr), 0);
		spe_unit_free(u);
		u = cpu_unit("neoverse-v1");
		assert_int_equal(PMSIDR_EL1_ARCHINST_GET(tp_reg(u, SYS_PMSIDR_EL1)), 1);
		spe_unit_free(u);
	}
}

/*
 * Tight loop, 100,000 iterations = 400,000 operations: selections are the
 * members 1025 j, j = 1..390, at position (1025 j - 1) mod 4 = (j - 1) mod 4:
 * 98, 98, 97, 97 at LDR, ADD, STR, B.NE. On N1 r3p1 the 292 at positions
 * 1..3 (within 3 of the branch target) move to the next LDR: 390 there,
 * none on the store (perf's "skipped entirely").
 */
static void test_tight_loop(void **state)
{
	static const uint64_t biased[4] = { 390, 0, 0, 0 }, fixed[4] = { 98, 98, 97, 97 };
	struct spe_unit_stats st;
	struct loop l;

	(void)state;
	tight_loop(&l);
	/* 4 described before each selection, the selection, and 3, 2, 1 while it waits. */
	assert_int_equal(expect("neoverse-n1", &l, 400000, false, biased, 292, &st),
			 390 * 5 + 98 * 3 + 97 * 2 + 97 * 1);
	assert_int_equal(st.selected, 390);
	assert_int_equal(st.errata_dropped, 0);
	assert_int_equal(st.population, 400000);
	/* Fixed in r4p1: the architecture's uniform walk, one description per sample. */
	assert_int_equal(expect("neoverse-n1:r4p1", &l, 400000, false, fixed, 0, &st), 390);
	/* Every operation described: the same records. */
	expect("neoverse-n1", &l, 400000, true, biased, 292, &st);
}

/*
 * perf's workaround in the profiled code: the executed path is 9
 * operations (positions 0 1 2 3 4 7 8 9 10); 900,000 operations select
 * members 1025 j, j = 1..878, at path index (-j - 1) mod 9: 98 at indices
 * 3..7, 97 elsewhere. Unaffected: those counts. N1 r3p1: indices 1..3
 * move to the target of the B.NE (the second LDR, 98 + 292 = 390), 6..8
 * to the loop head (97 + 293 = 390), the B.NE keeps its 98: the second
 * data access is sampled again, the stores (within 3 of a target) still not.
 */
static void test_noise_loop(void **state)
{
	static const uint64_t fixed[11] = { 97, 97, 97, 98, 98, 0, 0, 98, 98, 98, 97 };
	static const uint64_t biased[11] = { 390, 0, 0, 0, 98, 0, 0, 390, 0, 0, 0 };
	struct spe_unit_stats st;
	struct loop l;

	(void)state;
	noise_loop(&l);
	expect("neoverse-n1", &l, 900000, false, biased, 585, &st);
	expect("neoverse-n1:r4p1", &l, 900000, false, fixed, 0, &st);
}

/*
 * A moved selection is dropped after 64 operations without a branch
 * target, or when the CPU counts past it in bulk. A 100-operation loop at
 * interval 256 (gap 257 = 57 mod 100) selects every position; of 389
 * selections in 100,000 operations, j = 72, 79, 86 (mod 100) fall on
 * positions 3, 2, 1: 12 selections, all dropped (the next target is
 * 96+ operations away).
 */
static void test_dropped(void **state)
{
	struct spe_unit_stats st;
	struct loop l = { .len = 100, .skip_from = -1, .skip_to = -1 };
	uint64_t h[100];
	struct spe_unit *u;

	(void)state;
	for (unsigned int i = 0; i < 100; i++)
		op_at(&l.op[i], i, SPE_OPK_OTHER);
	l.op[99].kind = SPE_OPK_BRANCH;
	l.op[99].flags = SPE_OPF_TAKEN;
	l.op[99].target = PC0;
	u = cpu_unit("neoverse-n1");
	tp_set(u, SYS_PMSIRR_EL1, PMSIRR_EL1_INTERVAL_PREP(1));
	run_loop(u, &l, 100000);
	assert_int_equal(histogram(h, 100), 377);
	assert_int_equal(h[0], 3);
	assert_int_equal(h[1] + h[2] + h[3], 0);
	spe_unit_stats(u, &st);
	assert_int_equal(st.selected, 389);
	assert_int_equal(st.errata_dropped, 12);
	assert_int_equal(st.errata_moved, 0);
	spe_unit_free(u);

	/* Deferred, then counted in bulk: dropped, no record, and positions forgotten. */
	tight_loop(&l);
	u = cpu_unit("neoverse-n1");
	tp_set(u, SYS_PMSICR_EL1, 3);		/* the 3rd member from now is selected */
	spe_unit_observe(u, &l.op[3]);		/* taken branch: next is a target */
	spe_unit_observe(u, &l.op[0]);		/* d = 0, COUNT 2 -> 1 */
	assert_true(spe_unit_observe(u, &l.op[1]));	/* d = 1: selected, moved */
	assert_int_equal(spe_unit_ops_until_sample(u), 0);
	spe_unit_count(u, 10, 1);
	spe_unit_stats(u, &st);
	assert_int_equal(st.errata_dropped, 1);
	assert_int_equal(st.records, 0);
	assert_int_not_equal(spe_unit_ops_until_sample(u), 0);
	/* A context switch (PMSICR_EL1 restored) drops a waiting selection: none crosses over. */
	tp_set(u, SYS_PMSICR_EL1, 3);
	spe_unit_observe(u, &l.op[3]);
	spe_unit_observe(u, &l.op[0]);		/* d = 0 */
	assert_true(spe_unit_observe(u, &l.op[1]));	/* d = 1: moved */
	assert_int_equal(spe_unit_ops_until_sample(u), 0);
	/* Restoring the same count, or writing the limit without changing E, keeps it waiting. */
	tp_set(u, SYS_PMSICR_EL1, tp_reg(u, SYS_PMSICR_EL1));
	tp_set(u, SYS_PMBLIMITR_EL1, tp_reg(u, SYS_PMBLIMITR_EL1));
	assert_int_equal(spe_unit_ops_until_sample(u), 0);
	tp_set(u, SYS_PMSICR_EL1, 100);
	assert_int_equal(spe_unit_ops_until_sample(u), 100 - 1 - SPE_N1_1694299_WINDOW - 1);
	spe_unit_stats(u, &st);
	assert_int_equal(st.errata_dropped, 2);
	assert_int_equal(st.records, 0);
	/* PSB CSYNC completes profiling: a waiting selection is dropped. */
	tp_set(u, SYS_PMSICR_EL1, 3);
	spe_unit_observe(u, &l.op[3]);
	spe_unit_observe(u, &l.op[0]);
	assert_true(spe_unit_observe(u, &l.op[1]));
	spe_unit_psb_csync(u);
	assert_int_not_equal(spe_unit_ops_until_sample(u), 0);
	spe_unit_stats(u, &st);
	assert_int_equal(st.errata_dropped, 3);
	/* A reset forgets a waiting selection too. */
	spe_unit_reset(u);
	spe_unit_stats(u, &st);
	assert_int_equal(st.errata_dropped, 0);
	spe_unit_free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_models),
		cmocka_unit_test(test_tight_loop),
		cmocka_unit_test(test_noise_loop),
		cmocka_unit_test(test_dropped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
