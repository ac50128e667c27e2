// SPDX-License-Identifier: GPL-2.0-only
/* Record encoder: every packet type byte-exact against hand-computed vectors. */
#include "spe-test.h"

static const struct spe_unit_record_format fmt12 = {
	.count_bits = 12, .events_bytes = 2, .data_source_bytes = 2, .align_log2 = 0, .max_size = 64,
};

static void check(const struct spe_unit_record *r, const struct spe_unit_record_format *f,
		  const uint8_t *want, size_t want_len)
{
	uint8_t out[2048];

	memset(out, 0xee, sizeof(out));
	assert_int_equal(spe_unit_record_encode(r, f, out, sizeof(out)), (int)want_len);
	assert_memory_equal(out, want, want_len);
	assert_int_equal(out[want_len], 0xee);
}

/* A load with every packet the unit can produce, in SPEConstructRecord() order. */
static void test_full_load(void **state)
{
	(void)state;
	struct spe_unit_record r = {
		.present = SPE_UREC_CTX_EL1 | SPE_UREC_CTX_EL2 | SPE_UREC_LAT_TOTAL | SPE_UREC_LAT_ISSUE |
			   SPE_UREC_LAT_XLAT | SPE_UREC_PC | SPE_UREC_DATA_VA | SPE_UREC_DATA_PA |
			   SPE_UREC_DATA_SOURCE | SPE_UREC_OP_TYPE | SPE_UREC_EVENTS | SPE_UREC_TIMESTAMP,
		.ctx_el1 = 0x11223344, .ctx_el2 = 0x55667788,
		.lat_total = 0x1234, .lat_issue = 5, .lat_xlat = 0x20,
		.pc = 0xffff800010002000ull, .pc_el = 1, .ns = true,
		.data_va = 0xab00000012345678ull, .data_pa = 0x87654000ull,
		.data_source = SPE_DS_DRAM, .op_class = SPE_OP_CLASS_LDST, .op_subclass = 0,
		.events = 0x033e, .timestamp = 0x0102030405060708ull,
	};
	static const uint8_t want[] = {
		0x64, 0x44, 0x33, 0x22, 0x11,			/* Context EL1 */
		0x65, 0x88, 0x77, 0x66, 0x55,			/* Context EL2 */
		0x98, 0xff, 0x0f,				/* total, saturated at 12 bits */
		0x99, 0x05, 0x00,				/* issue */
		0x9a, 0x20, 0x00,				/* translation */
		0xb0, 0x00, 0x20, 0x00, 0x10, 0x00, 0x80, 0xff, 0xa0,	/* PC: NS, EL1 */
		0xb2, 0x78, 0x56, 0x34, 0x12, 0x00, 0x00, 0x00, 0xab,	/* data VA with tag */
		0xb3, 0x00, 0x40, 0x65, 0x87, 0x00, 0x00, 0x00, 0x80,	/* data PA, NS */
		0x53, 0x0e, 0x00,				/* data source DRAM */
		0x49, 0x00,					/* LD/ST: GP load */
		0x52, 0x3e, 0x03,				/* events */
		0x71, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,	/* timestamp */
	};

	check(&r, &fmt12, want, sizeof(want));
	assert_int_equal(sizeof(want), 63);
	assert_true(spe_unit_record_max_len(&fmt12) >= sizeof(want));
}

/* A taken conditional branch at EL0 with End, padded to 16 bytes (Align 4). */
static void test_branch_end_padding(void **state)
{
	(void)state;
	struct spe_unit_record_format f = fmt12;
	struct spe_unit_record r = {
		.present = SPE_UREC_LAT_TOTAL | SPE_UREC_LAT_ISSUE | SPE_UREC_PC | SPE_UREC_TARGET |
			   SPE_UREC_OP_TYPE | SPE_UREC_EVENTS,
		.lat_total = 14, .lat_issue = 1, .pc = 0x400100, .target = 0x400000, .ns = true,
		.op_class = SPE_OP_CLASS_BRANCH, .op_subclass = SPE_OP_BR_COND, .events = 0x82,
	};
	static const uint8_t want[] = {
		0x98, 0x0e, 0x00, 0x99, 0x01, 0x00,
		0xb0, 0x00, 0x01, 0x40, 0x00, 0x00, 0x00, 0x00, 0x80,
		0xb1, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x80,
		0x4a, 0x01, 0x52, 0x82, 0x00, 0x01,
		0x00, 0x00,					/* padding to 32 */
	};

	f.align_log2 = 4;
	check(&r, &f, want, sizeof(want));
	/* Align 0: no padding, 30 bytes. */
	check(&r, &fmt12, want, 30);
}

static void test_counters_16bit(void **state)
{
	(void)state;
	struct spe_unit_record_format f = fmt12;
	struct spe_unit_record r = {
		.present = SPE_UREC_LAT_TOTAL | SPE_UREC_LAT_ISSUE | SPE_UREC_LAT_XLAT,
		.lat_total = 0x10000, .lat_issue = 0xffff, .lat_xlat = 0x1234,
	};
	static const uint8_t want16[] = {
		0x98, 0xff, 0xff, 0x99, 0xff, 0xff, 0x9a, 0x34, 0x12, 0x01,
	};
	static const uint8_t want12[] = {
		0x98, 0xff, 0x0f, 0x99, 0xff, 0x0f, 0x9a, 0xff, 0x0f, 0x01,
	};

	f.count_bits = 16;
	check(&r, &f, want16, sizeof(want16));
	check(&r, &fmt12, want12, sizeof(want12));
	r.lat_total = 0xfff;
	r.present = SPE_UREC_LAT_TOTAL;
	check(&r, &fmt12, (const uint8_t[]){ 0x98, 0xff, 0x0f, 0x01 }, 4);
}

static void test_pc_el2_and_secure(void **state)
{
	(void)state;
	struct spe_unit_record r = {
		.present = SPE_UREC_PC | SPE_UREC_DATA_PA,
		.pc = 0xffffffff12345678ull, .pc_el = 2, .ns = true, .data_pa = 0xff00001234567000ull,
	};
	static const uint8_t want_ns[] = {
		0xb0, 0x78, 0x56, 0x34, 0x12, 0xff, 0xff, 0xff, 0xc0,	/* NS=1, EL=2 */
		0xb3, 0x00, 0x70, 0x56, 0x34, 0x12, 0x00, 0x00, 0x80,	/* PA[55:0], NS */
		0x01,
	};
	static const uint8_t want_s[] = {
		0xb0, 0x78, 0x56, 0x34, 0x12, 0xff, 0xff, 0xff, 0x40,	/* NS=0, EL=2 */
		0xb3, 0x00, 0x70, 0x56, 0x34, 0x12, 0x00, 0x00, 0x00,
		0x01,
	};

	check(&r, &fmt12, want_ns, sizeof(want_ns));
	r.ns = false;
	check(&r, &fmt12, want_s, sizeof(want_s));
}

/* Payload sizes of Events and Data Source follow the format (sz in header bits [5:4]). */
static void test_payload_sizes(void **state)
{
	(void)state;
	struct spe_unit_record_format f = fmt12;
	struct spe_unit_record r = {
		.present = SPE_UREC_EVENTS | SPE_UREC_DATA_SOURCE, .events = 0x0a, .data_source = 0x8,
	};

	f.events_bytes = 1;
	f.data_source_bytes = 1;
	check(&r, &f, (const uint8_t[]){ 0x43, 0x08, 0x42, 0x0a, 0x01 }, 5);
	f.events_bytes = 4;
	f.data_source_bytes = 4;
	check(&r, &f, (const uint8_t[]){ 0x63, 0x08, 0, 0, 0, 0x62, 0x0a, 0, 0, 0, 0x01 }, 11);
	f.events_bytes = 8;
	check(&r, &f, (const uint8_t[]){ 0x63, 0x08, 0, 0, 0, 0x72, 0x0a, 0, 0, 0, 0, 0, 0, 0,
					 0x01 }, 15);
	f.events_bytes = 3;
	assert_int_equal(spe_unit_record_encode(&r, &f, (uint8_t[64]){ 0 }, 64), SPE_UNIT_EINVAL);
}

/* Op-type subclasses of each class (section 5.5). */
static void test_op_types(void **state)
{
	(void)state;
	static const struct { uint8_t cls, sub; uint8_t want[2]; } v[] = {
		{ SPE_OP_CLASS_OTHER, 0, { 0x48, 0x00 } },
		{ SPE_OP_CLASS_OTHER, SPE_OP_OTHER_COND, { 0x48, 0x01 } },
		{ SPE_OP_CLASS_LDST, SPE_OP_LDST_ST, { 0x49, 0x01 } },
		{ SPE_OP_CLASS_LDST, SPE_OP_LDST_SIMD_FP, { 0x49, 0x04 } },
		{ SPE_OP_CLASS_LDST, SPE_OP_LDST_EXT | SPE_OP_LDST_EXCL | SPE_OP_LDST_AR |
				      SPE_OP_LDST_ST, { 0x49, 0x1b } },
		{ SPE_OP_CLASS_LDST, SPE_OP_LDST_EXT | SPE_OP_LDST_AT, { 0x49, 0x06 } },
		{ SPE_OP_CLASS_BRANCH, SPE_OP_BR_INDIRECT, { 0x4a, 0x02 } },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct spe_unit_record r = { .present = SPE_UREC_OP_TYPE, .op_class = v[i].cls,
					.op_subclass = v[i].sub };
		uint8_t want[3] = { v[i].want[0], v[i].want[1], 0x01 };

		check(&r, &fmt12, want, 3);
	}
}

/* Context packets alone, and a record exactly MaxSize long with Align = MaxSize. */
static void test_context_and_maxsize(void **state)
{
	(void)state;
	struct spe_unit_record_format f = fmt12;
	struct spe_unit_record r = { .present = SPE_UREC_CTX_EL2, .ctx_el2 = 0xdeadbeef };
	uint8_t want[64] = { 0x65, 0xef, 0xbe, 0xad, 0xde, 0x01 };

	check(&r, &fmt12, want, 6);
	f.align_log2 = 6;
	check(&r, &f, want, 64);		/* every record exactly 2^MaxSize */
	f.align_log2 = 0;
	f.max_size = 16;
	r.present = SPE_UREC_PC | SPE_UREC_TARGET;	/* 19 bytes > 16 */
	assert_int_equal(spe_unit_record_encode(&r, &f, want, sizeof(want)), SPE_UNIT_ENOSPC);
	assert_int_equal(want[0], 0x65);	/* untouched on error */
	r.present = SPE_UREC_PC;
	assert_int_equal(spe_unit_record_encode(&r, &fmt12, want, 9), SPE_UNIT_ENOSPC);
	assert_int_equal(spe_unit_record_encode(&r, &fmt12, want, 10), 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_load),
		cmocka_unit_test(test_branch_end_padding),
		cmocka_unit_test(test_counters_16bit),
		cmocka_unit_test(test_pc_el2_and_secure),
		cmocka_unit_test(test_payload_sizes),
		cmocka_unit_test(test_op_types),
		cmocka_unit_test(test_context_and_maxsize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
