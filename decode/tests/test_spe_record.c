// SPDX-License-Identifier: GPL-2.0-only
/*
 * Record decoder: a byte-table record with every field, encode -> decode
 * round trips of random records (test encoder), record boundaries,
 * padding, truncation, over-long records and resync.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/spe-packet.h"
#include "decode/spe_packet.h"
#include "decode/spe_record.h"
#include "spe_enc.h"

/* The worked example of spe-architecture.md 5.8, plus contexts and PBT. */
static const uint8_t example[] = {
	0x64, 0x11, 0x22, 0x33, 0x44,				/* CONTEXT el1 */
	0x65, 0x55, 0x66, 0x00, 0x00,				/* CONTEXT el2 */
	0xb0, 0x40, 0x12, 0x40, 0x00, 0x00, 0x00, 0x00, 0x80,	/* PC el0 ns */
	0x99, 0x05, 0x00,					/* issue 5 */
	0x98, 0x2c, 0x01,					/* total 300 */
	0x9a, 0x07, 0x00,					/* xlat 7 */
	0x9c, 0x09, 0x00,					/* alt issue 9 */
	0x52, 0x0e, 0x02,					/* events */
	0x49, 0x00,						/* LD GP */
	0xb2, 0x00, 0x30, 0x50, 0x00, 0x00, 0x00, 0x00, 0x0a,	/* VA, tag 0x0a */
	0xb3, 0x00, 0x30, 0x90, 0x00, 0x00, 0x00, 0x00, 0xc3,	/* PA ns ch pat 3 */
	0xb4, 0x00, 0x10, 0x40, 0x00, 0x00, 0x80, 0xff, 0xa0,	/* PBT (TTBR1 half) */
	0x53, 0x0e, 0x00,					/* DS dram */
	0x71, 0x10, 0x27, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* TS 10000 */
	0x00, 0x00, 0x00,					/* padding */
	0xb0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80, 0xa0,	/* PC 0xff80.. el1 */
	0xb1, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x80, 0xa0,	/* TGT */
	0x4a, 0x01,						/* B COND */
	0x01,							/* END */
};

static void test_example(void **state)
{
	struct spe_record_decoder *dec = spe_rec_alloc(example, sizeof(example));
	struct spe_record r;

	(void)state;
	assert_non_null(dec);
	assert_int_equal(spe_rec_next(dec, &r), 0);
	assert_int_equal(r.offset, 0);
	assert_int_equal(r.size, 75);
	assert_int_equal(r.nr_packets, 14);
	assert_int_equal(r.valid, SPE_REC_PC | SPE_REC_DATA_VA | SPE_REC_DATA_PA |
			 SPE_REC_PREV_BRANCH | SPE_REC_LAT_TOTAL | SPE_REC_LAT_ISSUE |
			 SPE_REC_LAT_XLAT | SPE_REC_LAT_ALT_ISSUE | SPE_REC_EVENTS |
			 SPE_REC_DATA_SOURCE | SPE_REC_CONTEXT_EL1 | SPE_REC_CONTEXT_EL2 |
			 SPE_REC_OP_TYPE | SPE_REC_TIMESTAMP);
	assert_int_equal(r.context[0], 0x44332211);
	assert_int_equal(r.context[1], 0x6655);
	assert_int_equal(r.pc, 0x401240);
	assert_int_equal(r.pc_el, 0);
	assert_true(r.pc_ns);
	assert_false(r.pc_nse);
	assert_int_equal(r.lat_issue, 5);
	assert_int_equal(r.lat_total, 300);
	assert_int_equal(r.lat_xlat, 7);
	assert_int_equal(r.lat_alt_issue, 9);
	assert_int_equal(r.events, 0x020e);
	assert_int_equal(r.op_class, SPE_OP_CLASS_LDST);
	assert_int_equal(r.op_subclass, 0);
	assert_int_equal(spe_record_op_kind(&r), SPE_OP_KIND_LOAD);
	assert_int_equal(r.data_va, 0x0a00000000503000ull);
	assert_int_equal(r.data_pa, 0x903000);
	assert_true(r.pa_ns);
	assert_true(r.pa_ch);
	assert_int_equal(r.pa_pat, 3);
	assert_int_equal(r.prev_branch_target, 0xffff800000401000ull);
	assert_int_equal(r.data_source, SPE_DS_DRAM);
	assert_int_equal(r.timestamp, 10000);

	assert_int_equal(spe_rec_next(dec, &r), 0);
	assert_int_equal(r.offset, 78);
	assert_int_equal(r.size, 21);
	assert_int_equal(r.valid, SPE_REC_PC | SPE_REC_BRANCH_TARGET | SPE_REC_OP_TYPE);
	assert_int_equal(r.pc, 0xff80000000000000ull);
	assert_int_equal(r.pc_el, 1);
	assert_int_equal(r.branch_target, 0xff80000000000100ull);
	assert_int_equal(spe_record_op_kind(&r), SPE_OP_KIND_BRANCH);
	assert_int_equal(r.timestamp, 0);
	assert_int_equal(spe_rec_next(dec, &r), -SPE_ERR_EOS);
	spe_rec_free(dec);
}

static void test_truncated_and_errors(void **state)
{
	struct spe_record_decoder *dec;
	struct spe_record r;
	uint64_t off;

	(void)state;
	/* Cut the example inside its first record at every length. */
	for (size_t len = 1; len < 75; len++) {
		dec = spe_rec_alloc(example, len);
		assert_int_equal(spe_rec_next(dec, &r), -SPE_ERR_TRUNCATED);
		assert_int_equal(spe_rec_next(dec, &r), -SPE_ERR_NOSYNC);
		spe_rec_free(dec);
	}
	/* A record without End within 2 KiB. */
	{
		static uint8_t longrec[SPE_RECORD_MAX_SIZE + 16];

		for (size_t i = 0; i + 3 <= sizeof(longrec); i += 3) {
			longrec[i] = 0x98;
			longrec[i + 1] = 1;
			longrec[i + 2] = 0;
		}
		dec = spe_rec_alloc(longrec, sizeof(longrec));
		assert_int_equal(spe_rec_next(dec, &r), -SPE_ERR_RECORD_TOO_LONG);
		assert_int_equal(spe_rec_get_offset(dec, &off), 0);
		assert_int_equal(off, 0);
		assert_int_equal(spe_rec_sync_forward(dec), -SPE_ERR_EOS);
		spe_rec_free(dec);
	}
	/* Garbage in the middle of a record, then a good record. */
	{
		const uint8_t buf[] = { 0xb0, 1, 0, 0, 0, 0, 0, 0, 0x20, 0x05, 0x06,
					0x48, 0x01, 0x01 };

		dec = spe_rec_alloc(buf, sizeof(buf));
		assert_int_equal(spe_rec_next(dec, &r), -SPE_ERR_BAD_PACKET);
		assert_int_equal(spe_rec_get_offset(dec, &off), 0);
		assert_int_equal(off, 9);
		assert_int_equal(spe_rec_sync_forward(dec), 0);
		assert_int_equal(spe_rec_get_offset(dec, &off), 0);
		assert_int_equal(off, 11);
		assert_int_equal(spe_rec_next(dec, &r), 0);
		assert_int_equal(r.offset, 11);
		assert_int_equal(r.op_subclass, SPE_OP_OTHER_COND);
		assert_int_equal(spe_record_op_kind(&r), SPE_OP_KIND_OTHER);
		assert_int_equal(spe_rec_next(dec, &r), -SPE_ERR_EOS);
		assert_int_equal(spe_rec_sync_set(dec, 0), 0);
		assert_int_equal(spe_rec_sync_set(dec, sizeof(buf) + 1), -SPE_ERR_INVAL);
		spe_rec_free(dec);
	}
	/* Empty and padding-only buffers are the end of the trace. */
	{
		const uint8_t pad[64] = { 0 };

		dec = spe_rec_alloc(pad, sizeof(pad));
		assert_int_equal(spe_rec_next(dec, &r), -SPE_ERR_EOS);
		spe_rec_free(dec);
		dec = spe_rec_alloc(NULL, 0);
		assert_non_null(dec);
		assert_int_equal(spe_rec_next(dec, &r), -SPE_ERR_EOS);
		spe_rec_free(dec);
	}
	assert_int_equal(spe_rec_next(NULL, &r), -SPE_ERR_INVAL);
	assert_string_equal(spe_op_kind_name(SPE_OP_KIND_STORE), "store");
	assert_string_equal(spe_op_kind_name(SPE_OP_KIND_NR), "unknown");
}

static uint64_t rng_state = 12345;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Random records through the test encoder come back field for field. */
static void test_round_trip(void **state)
{
	static uint8_t buf[1 << 16];
	struct spe_record want[256], got;
	struct spe_record_decoder *dec;
	struct spe_enc e;
	size_t n = 0;

	(void)state;
	spe_enc_init(&e, buf, sizeof(buf));
	for (n = 0; n < 256; n++) {
		struct spe_record *w = &want[n];
		uint64_t r = rnd();
		unsigned int ev_sz = (unsigned int)(r & 3), ds_sz = (unsigned int)((r >> 2) & 3);

		memset(w, 0, sizeof(*w));
		w->offset = e.len;
		if (r & (1 << 4)) {
			w->valid |= SPE_REC_CONTEXT_EL1;
			w->context[0] = (uint32_t)rnd();
			spe_enc_context(&e, 0, w->context[0]);
		}
		w->valid |= SPE_REC_PC;
		w->pc = rnd() & SPE_ADDR_VA_MASK;
		w->pc_el = (uint8_t)((r >> 5) & 3);
		w->pc_ns = (r >> 7) & 1;
		spe_enc_address(&e, SPE_ADDR_IDX_PC, spe_enc_pc_payload(w->pc, w->pc_el, w->pc_ns));
		if (w->pc & (1ull << 55))
			w->pc |= 0xff00000000000000ull;
		w->valid |= SPE_REC_LAT_TOTAL | SPE_REC_LAT_ISSUE;
		w->lat_total = (uint16_t)rnd();
		w->lat_issue = (uint16_t)rnd();
		spe_enc_counter(&e, SPE_CNT_IDX_ISSUE_LAT, w->lat_issue);
		spe_enc_counter(&e, SPE_CNT_IDX_TOTAL_LAT, w->lat_total);
		if (r & (1 << 8)) {
			w->valid |= SPE_REC_DATA_VA | SPE_REC_DATA_PA | SPE_REC_LAT_XLAT;
			w->data_va = rnd();
			w->data_pa = rnd() & SPE_ADDR_PA_MASK;
			w->pa_pat = (uint8_t)(r >> 9 & 0xf);
			w->lat_xlat = (uint16_t)rnd();
			spe_enc_address(&e, SPE_ADDR_IDX_DATA_VA, w->data_va);
			spe_enc_address(&e, SPE_ADDR_IDX_DATA_PA,
					w->data_pa | ((uint64_t)w->pa_pat << SPE_ADDR_PAT_SHIFT));
			spe_enc_counter(&e, SPE_CNT_IDX_TRANS_LAT, w->lat_xlat);
		}
		w->valid |= SPE_REC_EVENTS | SPE_REC_DATA_SOURCE | SPE_REC_OP_TYPE;
		w->events = rnd() & (ev_sz == 3 ? ~0ull : (1ull << (8 << ev_sz)) - 1);
		w->data_source = rnd() & (ds_sz == 3 ? ~0ull : (1ull << (8 << ds_sz)) - 1);
		w->op_class = (uint8_t)(r >> 13 & 3);
		w->op_subclass = (uint8_t)(r >> 16);
		spe_enc_events(&e, ev_sz, w->events);
		spe_enc_op_type(&e, w->op_class, w->op_subclass);
		spe_enc_data_source(&e, ds_sz, w->data_source);
		if (r & (1 << 24)) {
			spe_enc_pad(&e, 1);	/* padding inside a record is skipped */
			w->valid |= SPE_REC_BRANCH_TARGET;
			w->branch_target = 0xffff000000001000ull;
			spe_enc_address(&e, SPE_ADDR_IDX_BRANCH_TARGET,
					spe_enc_pc_payload(w->branch_target, 1, 1));
		}
		if (r & (1 << 25)) {
			w->valid |= SPE_REC_TIMESTAMP;
			w->timestamp = rnd();
			spe_enc_timestamp(&e, w->timestamp);
		} else {
			spe_enc_end(&e);
		}
		w->size = (uint32_t)(e.len - w->offset);
		spe_enc_pad(&e, (size_t)(r >> 26 & 7));	/* padding between records */
	}
	assert_false(e.overflow);
	dec = spe_rec_alloc(buf, e.len);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(spe_rec_next(dec, &got), 0);
		assert_int_equal(got.offset, want[i].offset);
		assert_int_equal(got.size, want[i].size);
		assert_int_equal(got.valid, want[i].valid);
		assert_int_equal(got.pc, want[i].pc);
		assert_int_equal(got.pc_el, want[i].pc_el);
		assert_int_equal(got.pc_ns, want[i].pc_ns);
		assert_int_equal(got.context[0], want[i].context[0]);
		assert_int_equal(got.lat_total, want[i].lat_total);
		assert_int_equal(got.lat_issue, want[i].lat_issue);
		assert_int_equal(got.lat_xlat, want[i].lat_xlat);
		assert_int_equal(got.data_va, want[i].data_va);
		assert_int_equal(got.data_pa, want[i].data_pa);
		assert_int_equal(got.pa_pat, want[i].pa_pat);
		assert_int_equal(got.events, want[i].events);
		assert_int_equal(got.data_source, want[i].data_source);
		assert_int_equal(got.op_class, want[i].op_class);
		assert_int_equal(got.op_subclass, want[i].op_subclass);
		assert_int_equal(got.branch_target, want[i].branch_target);
		assert_int_equal(got.timestamp, want[i].timestamp);
		/* The same record alone in a tight buffer: the careful path. */
		{
			struct spe_record_decoder *t = spe_rec_alloc(buf + got.offset, got.size);
			struct spe_record alone;

			assert_int_equal(spe_rec_next(t, &alone), 0);
			assert_int_equal(alone.size, got.size);
			assert_int_equal(alone.valid, got.valid);
			assert_int_equal(alone.pc, got.pc);
			assert_int_equal(alone.data_va, got.data_va);
			assert_int_equal(alone.data_pa, got.data_pa);
			assert_int_equal(alone.events, got.events);
			assert_int_equal(alone.data_source, got.data_source);
			assert_int_equal(alone.op_subclass, got.op_subclass);
			assert_int_equal(alone.lat_total, got.lat_total);
			assert_int_equal(alone.timestamp, got.timestamp);
			assert_int_equal(alone.nr_packets, got.nr_packets);
			spe_rec_free(t);
		}
	}
	assert_int_equal(spe_rec_next(dec, &got), -SPE_ERR_EOS);
	spe_rec_free(dec);
}

/* Extended-header address/counter indices set the "unknown index" flag. */
static void test_extended_indices(void **state)
{
	uint8_t buf[64];
	struct spe_enc e;
	struct spe_record r;
	struct spe_record_decoder *dec;

	(void)state;
	spe_enc_init(&e, buf, sizeof(buf));
	spe_enc_address(&e, 17, 0x1234);
	spe_enc_counter(&e, 9, 77);
	spe_enc_end(&e);
	assert_int_equal(e.len, 10 + 4 + 1);
	assert_int_equal(buf[0], 0x22);
	assert_int_equal(buf[1], 0xb1);
	dec = spe_rec_alloc(buf, e.len);
	assert_int_equal(spe_rec_next(dec, &r), 0);
	assert_int_equal(r.valid, SPE_REC_UNKNOWN_INDEX);
	assert_int_equal(r.nr_packets, 3);
	spe_rec_free(dec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_truncated_and_errors),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_extended_indices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
