// SPDX-License-Identifier: GPL-2.0-only
// The guest's SPE record walker, run on the host against records made by
// the SPE unit's own encoder (hw/spe): exact counts, and malformed input.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arch/spe-packet.h"
#include "hw/spe-record.h"
#include "spe_trace.h"

#define TEXT_LO	0x40200000ull
#define TEXT_HI	0x40210000ull

static const struct spe_unit_record_format fmt = {
	.count_bits = 12, .events_bytes = 2, .data_source_bytes = 2,
	.align_log2 = 6, .max_size = 64,
};

static size_t put(uint8_t *out, size_t at, const struct spe_unit_record *r)
{
	int n = spe_unit_record_encode(r, &fmt, out + at, 4096 - at);

	assert_true(n > 0);
	return at + (size_t)n;
}

/* Three records: a load at EL1, a branch at EL0 outside the text, and an
 * "other" operation at EL1 ended by a timestamp. */
static size_t build(uint8_t *out)
{
	struct spe_unit_record load = {
		.present = SPE_UREC_PC | SPE_UREC_DATA_VA | SPE_UREC_DATA_PA | SPE_UREC_OP_TYPE |
			   SPE_UREC_EVENTS | SPE_UREC_LAT_TOTAL | SPE_UREC_LAT_ISSUE |
			   SPE_UREC_LAT_XLAT,
		.pc = TEXT_LO + 0x100, .pc_el = 1, .data_va = 0x40400000, .data_pa = 0x40400000,
		.op_class = SPE_OP_CLASS_LDST, .events = 1u << SPE_EV_RETIRED,
		.lat_total = 40, .lat_issue = 2, .lat_xlat = 1, .ns = true,
	};
	struct spe_unit_record branch = {
		.present = SPE_UREC_PC | SPE_UREC_TARGET | SPE_UREC_OP_TYPE | SPE_UREC_EVENTS,
		.pc = 0x1000, .pc_el = 0, .target = 0x2000, .target_el = 0,
		.op_class = SPE_OP_CLASS_BRANCH, .op_subclass = SPE_OP_BR_COND,
		.events = 1u << SPE_EV_MISPRED, .ns = true,
	};
	struct spe_unit_record other = {
		.present = SPE_UREC_PC | SPE_UREC_OP_TYPE | SPE_UREC_TIMESTAMP | SPE_UREC_CTX_EL1,
		.pc = TEXT_HI - 4, .pc_el = 1, .op_class = SPE_OP_CLASS_OTHER,
		.timestamp = 123456, .ctx_el1 = 7, .ns = true,
	};
	size_t n = put(out, 0, &load);

	n = put(out, n, &branch);
	return put(out, n, &other);
}

static void test_three_records(void **state)
{
	uint8_t buf[4096];
	struct spe_trace_stats st;
	size_t len = build(buf);

	(void)state;
	assert_int_equal(len, 3 * 64);	/* each padded to 2^align_log2 */
	assert_int_equal(spe_trace_walk(buf, len, TEXT_LO, TEXT_HI, &st), 0);
	assert_int_equal(st.records, 3);
	assert_int_equal(st.timestamps, 1);
	assert_int_equal(st.pcs, 3);
	assert_int_equal(st.pcs_in_range, 2);
	assert_int_equal(st.pc_el[0], 1);
	assert_int_equal(st.pc_el[1], 2);
	assert_int_equal(st.op_class[SPE_OP_CLASS_OTHER], 1);
	assert_int_equal(st.op_class[SPE_OP_CLASS_LDST], 1);
	assert_int_equal(st.op_class[SPE_OP_CLASS_BRANCH], 1);
	assert_int_equal(st.data_va, 1);
	assert_true(st.padding > 0);
}

static void test_empty(void **state)
{
	struct spe_trace_stats st;
	uint8_t pad[8] = { 0 };

	(void)state;
	assert_int_equal(spe_trace_walk(pad, 0, 0, 0, &st), 0);
	assert_int_equal(st.records, 0);
	assert_int_equal(spe_trace_walk(pad, sizeof(pad), 0, 0, &st), 0);
	assert_int_equal(st.padding, 8);
}

static void test_malformed(void **state)
{
	uint8_t buf[4096];
	struct spe_trace_stats st;
	size_t len = build(buf);

	(void)state;
	/* A record cut inside its payload or before its End. */
	for (size_t cut = 1; cut < 64; cut++) {
		int err = spe_trace_walk(buf, cut, TEXT_LO, TEXT_HI, &st);

		/* Only cuts right after the End (then padding) are whole. */
		if (err == 0)
			assert_int_equal(st.records, 1);
	}
	assert_int_equal(spe_trace_walk(buf, 3, TEXT_LO, TEXT_HI, &st), -1);
	/* An unknown header (0x02 is no packet of format 0). */
	buf[64] = 0x02;
	assert_int_equal(spe_trace_walk(buf, len, TEXT_LO, TEXT_HI, &st), -1);
	assert_int_equal(st.bad_offset, 64);
	/* An extended header followed by something that is not an address. */
	build(buf);
	buf[64] = SPE_HDR_EXTENDED;
	buf[65] = SPE_HDR_END;
	assert_int_equal(spe_trace_walk(buf, len, TEXT_LO, TEXT_HI, &st), -1);
	assert_int_equal(st.bad_offset, 64);
	/* An extended header as the last byte. */
	assert_int_equal(spe_trace_walk(buf, 65, TEXT_LO, TEXT_HI, &st), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_three_records),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
