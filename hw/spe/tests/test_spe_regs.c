// SPDX-License-Identifier: GPL-2.0-only
/* SPE registers: reset values, RW/RO, RES0 bits, presence per version, access rules. */
#include "spe-test.h"
#include "../spe-internal.h"

static struct test_port port;

static struct spe_unit *unit_v(enum spe_version v)
{
	struct spe_config c;

	spe_config_default(&c, v);
	return tp_unit(&port, &c);
}

static void set_ctx(struct spe_unit *u, uint8_t el, bool el2, bool e2h, bool tge, uint8_t e2pb,
		    bool tpms)
{
	struct spe_ctx x = { .el = el, .el2_enabled = el2, .e2h = e2h, .tge = tge, .e2pb = e2pb,
			     .tpms = tpms };

	spe_unit_set_ctx(u, &x);
}

static void test_reset_values(void **state)
{
	(void)state;
	struct spe_unit *u = unit_v(SPE_V1P0);
	static const uint32_t zero[] = {
		SYS_PMSCR_EL1, SYS_PMSICR_EL1, SYS_PMSIRR_EL1, SYS_PMSFCR_EL1, SYS_PMSEVFR_EL1,
		SYS_PMSLATFR_EL1, SYS_PMBLIMITR_EL1, SYS_PMBPTR_EL1, SYS_PMBSR_EL1,
	};

	for (size_t i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		assert_int_equal(tp_reg(u, zero[i]), 0);
	/* FE FT FL ArchInst LDS, Interval 256, MaxSize 64 B, 12-bit counters. */
	assert_int_equal(tp_reg(u, SYS_PMSIDR_EL1), 0x2601f);
	/* EA = ignored, Align 0, P = 0: EL1 owns the buffer without EL2. */
	assert_int_equal(tp_reg(u, SYS_PMBIDR_EL1), 0x100);
	assert_false(spe_unit_irq_level(u));
	/* Warm reset after use: PMBLIMITR_EL1.E back to 0. */
	tp_set(u, SYS_PMBLIMITR_EL1, 0x1001);
	tp_set(u, SYS_PMBSR_EL1, PMBSR_EL1_S_MASK);
	spe_unit_reset(u);
	assert_int_equal(tp_reg(u, SYS_PMBLIMITR_EL1), 0);
	assert_false(spe_unit_irq_level(u));
	spe_unit_free(u);
}

struct res0_case {
	uint32_t key;
	uint64_t v1p0, v1p2;	/* read-back of an all-ones write */
};

static void test_res0_masks(void **state)
{
	(void)state;
	static const struct res0_case cases[] = {
		{ SYS_PMSCR_EL1, 0x7b, 0x7b },		/* PCT[7] RES0 without FEAT_ECV */
		{ SYS_PMSICR_EL1, 0xffffffff, 0xffffffff },
		{ SYS_PMSIRR_EL1, 0xffffff01, 0xffffff01 },
		{ SYS_PMSFCR_EL1, 0x70007, 0x7000f },	/* FnE from v1p2 */
		{ SYS_PMSEVFR_EL1, 0xaa, 0x8ea },	/* 1,3,5,7 (+11, +6) */
		{ SYS_PMSLATFR_EL1, 0xfff, 0xfff },	/* 12-bit counters */
		{ SYS_PMBLIMITR_EL1, 0xfffffffffffff007ull, 0xfffffffffffff027ull },
		{ SYS_PMBPTR_EL1, ~0ull, ~0ull },
		{ SYS_PMBSR_EL1, 0xfc0fffff, 0xfc0fffff },
	};

	for (int v = SPE_V1P0; v <= SPE_V1P2; v += 2) {
		struct spe_unit *u = unit_v((enum spe_version)v);

		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			tp_set(u, cases[i].key, ~0ull);
			assert_int_equal(tp_reg(u, cases[i].key),
					 v == SPE_V1P0 ? cases[i].v1p0 : cases[i].v1p2);
		}
		spe_unit_free(u);
	}
}

static void test_version_registers(void **state)
{
	(void)state;
	struct spe_unit *u = unit_v(SPE_V1P0);
	struct spe_config c;
	uint64_t v;

	assert_int_equal(spe_unit_sysreg_read(u, SYS_PMSNEVFR_EL1, &v), SPE_UNIT_EUNDEF);
	assert_int_equal(spe_unit_sysreg_write(u, SYS_PMSNEVFR_EL1, 1), SPE_UNIT_EUNDEF);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMSNEVFR_EL1, false), SPE_ACCESS_UNDEF);
	assert_int_equal(spe_unit_sysreg_read(u, SYS_MDCR_EL2, &v), SPE_UNIT_ENOENT);
	assert_int_equal(spe_unit_sysreg_write(u, SYS_PMSIDR_EL1, 0), SPE_UNIT_EUNDEF);
	assert_int_equal(spe_unit_sysreg_write(u, SYS_PMBIDR_EL1, 0), SPE_UNIT_EUNDEF);
	assert_int_equal(tp_reg(u, SYS_PMSIDR_EL1), 0x2601f);
	spe_unit_free(u);

	u = unit_v(SPE_V1P2);
	tp_set(u, SYS_PMSNEVFR_EL1, ~0ull);
	assert_int_equal(tp_reg(u, SYS_PMSNEVFR_EL1), 0x8ea);
	assert_int_equal(tp_reg(u, SYS_PMSIDR_EL1), 0x2605f);	/* + FnE */
	spe_unit_free(u);

	/* v1p1 with ERnd and 16-bit counters, Align 4, EA SError, MaxSize 128. */
	spe_config_default(&c, SPE_V1P1);
	c.ernd = true;
	c.count_size = PMSIDR_EL1_COUNTSIZE_16_BIT_SAT;
	c.align_log2 = 4;
	c.ea = PMBIDR_EL1_EA_SERROR;
	c.max_size_log2 = 7;
	c.interval = PMSIDR_EL1_INTERVAL_1024;
	u = tp_unit(&port, &c);
	assert_int_equal(tp_reg(u, SYS_PMSIDR_EL1), 0x3743f);
	assert_int_equal(tp_reg(u, SYS_PMBIDR_EL1), 0x204);
	tp_set(u, SYS_PMSICR_EL1, ~0ull);
	assert_int_equal(tp_reg(u, SYS_PMSICR_EL1), 0xff000000ffffffffull);
	tp_set(u, SYS_PMSLATFR_EL1, ~0ull);
	assert_int_equal(tp_reg(u, SYS_PMSLATFR_EL1), 0xffff);
	spe_unit_free(u);

	/* Filters not implemented: their controls are RES0 (FE, FT, FL all off). */
	spe_config_default(&c, SPE_V1P0);
	c.fe = c.ft = c.fl = false;
	c.lds = false;
	u = tp_unit(&port, &c);
	assert_int_equal(tp_reg(u, SYS_PMSIDR_EL1), 0x26008);	/* ArchInst only */
	tp_set(u, SYS_PMSFCR_EL1, ~0ull);
	tp_set(u, SYS_PMSEVFR_EL1, ~0ull);
	tp_set(u, SYS_PMSLATFR_EL1, ~0ull);
	assert_int_equal(tp_reg(u, SYS_PMSFCR_EL1), 0);
	assert_int_equal(tp_reg(u, SYS_PMSEVFR_EL1), 0);
	assert_int_equal(tp_reg(u, SYS_PMSLATFR_EL1), 0);
	spe_unit_free(u);
}

static void test_access_rules(void **state)
{
	(void)state;
	struct spe_unit *u = unit_v(SPE_V1P2);

	set_ctx(u, 0, false, false, false, 3, false);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMSCR_EL1, false), SPE_ACCESS_UNDEF);
	set_ctx(u, 1, false, false, false, 0, true);	/* no EL2: MDCR_EL2 has no effect */
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMSCR_EL1, true), SPE_ACCESS_OK);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMBPTR_EL1, true), SPE_ACCESS_OK);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMSCR_EL2, false), SPE_ACCESS_UNDEF);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMSIDR_EL1, true), SPE_ACCESS_UNDEF);
	/* TPMS traps PMS* only; E2PB == 0bx0 traps PMB* only; PMBIDR_EL1 is neither. */
	set_ctx(u, 1, true, false, false, 3, true);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMSCR_EL1, true), SPE_ACCESS_TRAP_EL2);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMSIDR_EL1, false), SPE_ACCESS_TRAP_EL2);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMBPTR_EL1, true), SPE_ACCESS_OK);
	set_ctx(u, 1, true, false, false, 2, false);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMSCR_EL1, true), SPE_ACCESS_OK);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMBLIMITR_EL1, true), SPE_ACCESS_TRAP_EL2);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMBSR_EL1, false), SPE_ACCESS_TRAP_EL2);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMBIDR_EL1, false), SPE_ACCESS_OK);
	set_ctx(u, 1, true, false, false, 0, false);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMBPTR_EL1, false), SPE_ACCESS_TRAP_EL2);
	/* EL2: PMSCR_EL2 yes; PMSCR_EL12 only with E2H. */
	set_ctx(u, 2, true, false, false, 0, true);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMSCR_EL2, true), SPE_ACCESS_OK);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMSCR_EL12, true), SPE_ACCESS_UNDEF);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMBPTR_EL1, true), SPE_ACCESS_OK);
	set_ctx(u, 2, true, true, true, 0, true);
	assert_int_equal(spe_unit_sysreg_access(u, SYS_PMSCR_EL12, true), SPE_ACCESS_OK);
	spe_unit_free(u);
}

static void test_vhe_redirection(void **state)
{
	(void)state;
	struct spe_unit *u = unit_v(SPE_V1P0);
	uint64_t v;

	set_ctx(u, 2, true, true, true, 0, false);
	tp_set(u, SYS_PMSCR_EL1, PMSCR_EL2_E2SPE_MASK);		/* reaches PMSCR_EL2 */
	tp_set(u, SYS_PMSCR_EL12, PMSCR_EL1_E0SPE_MASK | PMSCR_EL1_TS_MASK);
	assert_int_equal(tp_reg(u, SYS_PMSCR_EL2), 0x2);
	assert_int_equal(tp_reg(u, SYS_PMSCR_EL1), 0x2);
	assert_int_equal(tp_reg(u, SYS_PMSCR_EL12), 0x21);
	set_ctx(u, 2, true, false, false, 0, false);
	assert_int_equal(tp_reg(u, SYS_PMSCR_EL1), 0x21);
	assert_int_equal(spe_unit_sysreg_read(u, SYS_PMSCR_EL12, &v), SPE_UNIT_EUNDEF);
	spe_unit_free(u);
}

/* PMBIDR_EL1.P per reader; the buffer regime per MDCR_EL2.E2PB and HCR_EL2.E2H. */
static void test_owner_and_p(void **state)
{
	(void)state;
	struct spe_unit *u = unit_v(SPE_V1P0);
	struct spe_regime r;

	set_ctx(u, 1, true, false, false, 0, false);		/* EL2 owns */
	assert_int_equal(tp_reg(u, SYS_PMBIDR_EL1), 0x110);
	r = spe_unit_regime(u);
	assert_int_equal(r.owner_el, 2);
	assert_false(r.stage2);
	assert_false(r.e2h);
	assert_false(r.hw_flags);		/* PMBIDR_EL1.F = 0 by default */
	set_ctx(u, 2, true, true, false, 0, false);
	assert_int_equal(tp_reg(u, SYS_PMBIDR_EL1), 0x100);
	r = spe_unit_regime(u);
	assert_true(r.e2h);
	set_ctx(u, 1, true, false, false, 3, false);		/* EL1 owns, stage 2 on */
	assert_int_equal(tp_reg(u, SYS_PMBIDR_EL1), 0x100);
	r = spe_unit_regime(u);
	assert_int_equal(r.owner_el, 1);
	assert_true(r.stage2);
	set_ctx(u, 1, true, false, false, 2, false);		/* EL1 owns, trapped */
	assert_int_equal(tp_reg(u, SYS_PMBIDR_EL1), 0x100);
	set_ctx(u, 1, false, false, false, 0, false);		/* no EL2: EL1 owns */
	r = spe_unit_regime(u);
	assert_int_equal(r.owner_el, 1);
	assert_false(r.stage2);
	spe_unit_free(u);
}

static void test_register_list(void **state)
{
	(void)state;
	struct spe_unit *u = unit_v(SPE_V1P0);
	uint32_t keys[16];
	size_t n;

	assert_true(spe_sysreg_table_sorted());
	n = spe_unit_sysreg_keys(u, keys, 16);
	assert_int_equal(n, 12);			/* no PMSNEVFR_EL1, no alias */
	assert_int_equal(keys[0], SYS_PMSCR_EL1);
	assert_int_equal(keys[1], SYS_PMSICR_EL1);
	assert_int_equal(keys[11], SYS_PMSCR_EL2);
	assert_int_equal(spe_unit_sysreg_keys(u, keys, 2), 12);	/* count beyond cap */
	spe_unit_free(u);
	u = unit_v(SPE_V1P2);
	assert_int_equal(spe_unit_sysreg_keys(u, NULL, 0), 13);
	spe_unit_free(u);
	assert_string_equal(spe_sysreg_name(SYS_PMBLIMITR_EL1), "PMBLIMITR_EL1");
	assert_string_equal(spe_sysreg_name(SYS_PMSCR_EL12), "PMSCR_EL12");
	assert_null(spe_sysreg_name(SYS_MDCR_EL2));
}

static void test_bad_configs(void **state)
{
	(void)state;
	struct spe_mem_port p = { .ctx = &port, .write = tp_write };
	struct spe_unit *u = NULL;
	struct spe_config c;

#define BAD(stmt)							\
	do {								\
		spe_config_default(&c, SPE_V1P1);			\
		stmt;							\
		assert_int_equal(spe_unit_create(&c, &p, &u), SPE_UNIT_EINVAL); \
		assert_null(u);						\
	} while (0)
	BAD(c.version = 0);
	BAD(c.version = 4);
	BAD(c.interval = 1);
	BAD(c.interval = 9);
	BAD(c.max_size_log2 = 5);	/* 32 B cannot hold the largest record */
	BAD(c.max_size_log2 = 12);
	BAD(c.count_size = 1);
	BAD(c.align_log2 = 7);		/* above MaxSize */
	BAD(c.ea = 3);
	BAD(c.fne = true);		/* FnE is v1p2 */
	BAD(c.evfr_mask |= SPE_EV_BIT(SPE_EV_L1D_ACCESS));
	BAD(c.timing.l1d_sets = 100);
	BAD(c.timing.bp_entries = 0);
	spe_config_default(&c, SPE_V1P0);
	c.ernd = true;			/* ERnd is v1p1 */
	assert_int_equal(spe_unit_create(&c, &p, &u), SPE_UNIT_EINVAL);
	spe_config_default(&c, SPE_V1P0);
	assert_int_equal(spe_unit_create(&c, NULL, &u), SPE_UNIT_EINVAL);
	assert_int_equal(spe_unit_create(NULL, &p, &u), SPE_UNIT_EINVAL);
	assert_string_equal(spe_unit_strerror(SPE_UNIT_EUNDEF),
			    "SPE register not implemented or read-only (UNDEFINED)");
	assert_string_equal(spe_unit_strerror(-99), "unknown SPE error");
#undef BAD
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_values),
		cmocka_unit_test(test_res0_masks),
		cmocka_unit_test(test_version_registers),
		cmocka_unit_test(test_access_rules),
		cmocka_unit_test(test_vhe_redirection),
		cmocka_unit_test(test_owner_and_p),
		cmocka_unit_test(test_register_list),
		cmocka_unit_test(test_bad_configs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
