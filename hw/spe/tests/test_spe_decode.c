// SPDX-License-Identifier: GPL-2.0-only
/*
 * The unit's encoder against the project's decoder (decode/, written
 * independently from the same constants): random records round-trip field
 * by field, and a 1,000,000-op trace decodes into exactly its records.
 * Including both headers in one file also proves the names do not clash.
 */
#include "spe-test.h"

#include "decode/spe_record.h"

static struct test_port port;

static uint64_t rng = 0x5eed;

static uint64_t next(void)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return rng ^ (rng >> 29);
}

static uint64_t sext55(uint64_t v)
{
	v &= SPE_ADDR_VA_MASK;
	return v & (1ull << 55) ? v | ~SPE_ADDR_VA_MASK : v;
}

static void test_round_trip(void **state)
{
	(void)state;
	struct spe_unit_record_format f = { .count_bits = 12, .events_bytes = 2,
					    .data_source_bytes = 2, .max_size = 64 };

	for (int i = 0; i < 20000; i++) {
		struct spe_unit_record r = { 0 };
		struct spe_record d;
		struct spe_record_decoder *dec;
		uint8_t buf[64];
		uint32_t max;
		int len;

		r.present = (uint32_t)next() & 0x1fff;
		if (r.present & SPE_UREC_TARGET)	/* the unit never emits both */
			r.present &= ~(uint32_t)(SPE_UREC_DATA_VA | SPE_UREC_DATA_PA);
		f.count_bits = i & 1 ? 16 : 12;
		f.align_log2 = (uint8_t)(i % 7);
		max = f.count_bits == 16 ? 0xffff : 0xfff;
		r.pc = next();
		r.target = next();
		r.data_va = next();
		r.data_pa = next();
		r.events = next() & 0xffff;
		r.timestamp = next();
		r.ctx_el1 = (uint32_t)next();
		r.ctx_el2 = (uint32_t)next();
		r.lat_total = (uint32_t)next() & 0x1ffff;
		r.lat_issue = (uint32_t)next() & 0x1fff;
		r.lat_xlat = (uint32_t)next() & 0xff;
		r.data_source = (uint16_t)next();
		r.pc_el = (uint8_t)(next() & 3);
		r.target_el = r.pc_el;
		r.ns = next() & 1;
		r.op_class = (uint8_t)(next() % 3);
		r.op_subclass = (uint8_t)next();
		len = spe_unit_record_encode(&r, &f, buf, sizeof(buf));
		assert_true(len > 0);
		dec = spe_rec_alloc(buf, (size_t)len);
		assert_non_null(dec);
		assert_int_equal(spe_rec_next(dec, &d), 0);
		if (r.present & SPE_UREC_PC) {
			assert_true(d.valid & SPE_REC_PC);
			assert_int_equal(d.pc, sext55(r.pc));
			assert_int_equal(d.pc_el, r.pc_el);
			assert_int_equal(d.pc_ns, r.ns);
		}
		if (r.present & SPE_UREC_TARGET)
			assert_int_equal(d.branch_target, sext55(r.target));
		if (r.present & SPE_UREC_DATA_VA)
			assert_int_equal(d.data_va, r.data_va);
		if (r.present & SPE_UREC_DATA_PA) {
			assert_int_equal(d.data_pa, r.data_pa & SPE_ADDR_PA_MASK);
			assert_int_equal(d.pa_ns, r.ns);
		}
		if (r.present & SPE_UREC_LAT_TOTAL)
			assert_int_equal(d.lat_total, r.lat_total > max ? max : r.lat_total);
		if (r.present & SPE_UREC_LAT_ISSUE)
			assert_int_equal(d.lat_issue, r.lat_issue > max ? max : r.lat_issue);
		if (r.present & SPE_UREC_LAT_XLAT)
			assert_int_equal(d.lat_xlat, r.lat_xlat);
		if (r.present & SPE_UREC_EVENTS)
			assert_int_equal(d.events, r.events);
		if (r.present & SPE_UREC_DATA_SOURCE)
			assert_int_equal(d.data_source, r.data_source);
		if (r.present & SPE_UREC_CTX_EL1)
			assert_int_equal(d.context[0], r.ctx_el1);
		if (r.present & SPE_UREC_CTX_EL2)
			assert_int_equal(d.context[1], r.ctx_el2);
		if (r.present & SPE_UREC_OP_TYPE) {
			assert_int_equal(d.op_class, r.op_class);
			assert_int_equal(d.op_subclass, r.op_subclass);
		}
		if (r.present & SPE_UREC_TIMESTAMP)
			assert_int_equal(d.timestamp, r.timestamp);
		assert_int_equal(spe_rec_next(dec, &d), -SPE_ERR_EOS);	/* padding skipped */
		spe_rec_free(dec);
	}
}

/* A whole trace, every packet kind on: the decoder finds exactly the unit's records. */
static void test_trace_decodes(void **state)
{
	(void)state;
	struct spe_config c;
	struct spe_unit *u;
	struct spe_ctx x = { .el = 1, .el2_enabled = true, .e2pb = 3, .cntvoff = 5 };
	struct spe_record_decoder *dec;
	struct spe_record d;
	struct spe_unit_stats s;
	uint64_t n = 0, loads = 0, used;

	spe_config_default(&c, SPE_V1P2);
	c.align_log2 = 3;
	u = tp_unit(&port, &c);
	spe_unit_set_ctx(u, &x);
	tp_start(u, 0, TP_SIZE, 4, PMSCR_EL1_TS_MASK | PMSCR_EL1_PA_MASK | PMSCR_EL1_CX_MASK);
	tp_set(u, SYS_PMSCR_EL2, PMSCR_EL2_PA_MASK | PMSCR_EL2_CX_MASK);
	tp_run(u, 1000000);
	spe_unit_stats(u, &s);
	used = tp_reg(u, SYS_PMBPTR_EL1) - TP_BASE;
	dec = spe_rec_alloc(port.mem, used);
	assert_non_null(dec);
	while (spe_rec_next(dec, &d) == 0) {
		assert_int_equal(d.valid & (SPE_REC_PC | SPE_REC_CONTEXT_EL1 | SPE_REC_CONTEXT_EL2 |
					    SPE_REC_TIMESTAMP), SPE_REC_PC | SPE_REC_CONTEXT_EL1 |
					    SPE_REC_CONTEXT_EL2 | SPE_REC_TIMESTAMP);
		assert_int_equal(d.offset % 8, 0);
		loads += spe_record_op_kind(&d) == SPE_OP_KIND_LOAD;
		n++;
	}
	spe_rec_free(dec);
	assert_int_equal(n, 975);
	assert_int_equal(s.records, 975);
	assert_int_equal(loads, 244);
	spe_unit_free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_trace_decodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
