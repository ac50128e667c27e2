// SPDX-License-Identifier: GPL-2.0-only
/*
 * Packet decoder: byte tables for every packet type (spe-architecture.md
 * 5.2), their perf-style descriptions, truncation at every length, every
 * header byte, and resynchronisation after garbage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "decode/spe_packet.h"

struct pkt_case {
	uint8_t bytes[SPE_PACKET_MAX_SIZE];
	uint8_t len;
	uint8_t type;
	uint8_t index;
	uint8_t payload_len;
	uint64_t payload;
	const char *desc;
};

static const struct pkt_case cases[] = {
	{ { 0x00 }, 1, SPE_PKT_PAD, 0, 0, 0, "PAD" },
	{ { 0x01 }, 1, SPE_PKT_END, 0, 0, 0, "END" },
	{ { 0x71, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 }, 9, SPE_PKT_TIMESTAMP, 0, 8,
	  0x1122334455667788ull, "TS 1234605616436508552" },
	/* Events, all four sizes. */
	{ { 0x42, 0x02 }, 2, SPE_PKT_EVENTS, 0, 1, 0x02, "EV RETIRED" },
	{ { 0x52, 0x8a, 0x07 }, 3, SPE_PKT_EVENTS, 0, 2, 0x078a,
	  "EV RETIRED L1D-REFILL MISPRED LLC-ACCESS LLC-REFILL REMOTE-ACCESS" },
	{ { 0x62, 0x41, 0x08, 0x06, 0x00 }, 5, SPE_PKT_EVENTS, 0, 4, 0x060841,
	  "EV EXCEPTION-GEN NOT-TAKEN ALIGNMENT SVE-PARTIAL-PRED SVE-EMPTY-PRED" },
	{ { 0x72, 0x34, 0x00, 0xf8, 0x00, 0x00, 0x00, 0x00, 0x80 }, 9, SPE_PKT_EVENTS, 0, 8,
	  0x8000000000f80034ull, "EV L1D-ACCESS TLB-ACCESS TLB-REFILL L2D-ACCESS L2D-MISS HITM LFB SNOOPED" },
	/* Data source, all four sizes. */
	{ { 0x43, 0x0e }, 2, SPE_PKT_DATA_SOURCE, 0, 1, 0xe, "DATA-SOURCE 14" },
	{ { 0x53, 0x08, 0x00 }, 3, SPE_PKT_DATA_SOURCE, 0, 2, 0x8, "DATA-SOURCE 8" },
	{ { 0x63, 0x01, 0x02, 0x03, 0x04 }, 5, SPE_PKT_DATA_SOURCE, 0, 4, 0x04030201,
	  "DATA-SOURCE 67305985" },
	{ { 0x73, 1, 0, 0, 0, 0, 0, 0, 0 }, 9, SPE_PKT_DATA_SOURCE, 0, 8, 1, "DATA-SOURCE 1" },
	/* Context EL1 and EL2. */
	{ { 0x64, 0x78, 0x56, 0x34, 0x12 }, 5, SPE_PKT_CONTEXT, 0, 4, 0x12345678,
	  "CONTEXT 0x12345678 el1" },
	{ { 0x65, 0x2a, 0x00, 0x00, 0x00 }, 5, SPE_PKT_CONTEXT, 1, 4, 0x2a, "CONTEXT 0x2a el2" },
	/* Operation type: other, SVE other, load/store subclasses, branch, reserved. */
	{ { 0x48, 0x00 }, 2, SPE_PKT_OP_TYPE, 0, 1, 0x00, "OTHER INSN-OTHER" },
	{ { 0x48, 0x01 }, 2, SPE_PKT_OP_TYPE, 0, 1, 0x01, "OTHER COND-SELECT" },
	{ { 0x48, 0x3e }, 2, SPE_PKT_OP_TYPE, 0, 1, 0x3e, "SVE-OTHER EVLEN 256 FP PRED" },
	{ { 0x49, 0x00 }, 2, SPE_PKT_OP_TYPE, 1, 1, 0x00, "LD GP-REG" },
	{ { 0x49, 0x01 }, 2, SPE_PKT_OP_TYPE, 1, 1, 0x01, "ST GP-REG" },
	{ { 0x49, 0x05 }, 2, SPE_PKT_OP_TYPE, 1, 1, 0x05, "ST SIMD-FP" },
	{ { 0x49, 0x10 }, 2, SPE_PKT_OP_TYPE, 1, 1, 0x10, "LD UNSPEC-REG" },
	{ { 0x49, 0x14 }, 2, SPE_PKT_OP_TYPE, 1, 1, 0x14, "LD MTE-TAG" },
	{ { 0x49, 0x20 }, 2, SPE_PKT_OP_TYPE, 1, 1, 0x20, "LD MEMCPY" },
	{ { 0x49, 0x25 }, 2, SPE_PKT_OP_TYPE, 1, 1, 0x25, "ST MEMSET" },
	{ { 0x49, 0x30 }, 2, SPE_PKT_OP_TYPE, 1, 1, 0x30, "LD NV-SYSREG" },
	{ { 0x49, 0x1e }, 2, SPE_PKT_OP_TYPE, 1, 1, 0x1e, "LD AT EXCL AR" },
	{ { 0x49, 0x07 }, 2, SPE_PKT_OP_TYPE, 1, 1, 0x07, "ST AT" },
	{ { 0x49, 0xac }, 2, SPE_PKT_OP_TYPE, 1, 1, 0xac, "LD SVE EVLEN 128 PRED SG" },
	{ { 0x49, 0x44 }, 2, SPE_PKT_OP_TYPE, 1, 1, 0x44, "LD GCS COMM" },
	{ { 0x4a, 0x00 }, 2, SPE_PKT_OP_TYPE, 2, 1, 0x00, "B" },
	{ { 0x4a, 0x03 }, 2, SPE_PKT_OP_TYPE, 2, 1, 0x03, "B COND IND" },
	{ { 0x4a, 0x0a }, 2, SPE_PKT_OP_TYPE, 2, 1, 0x0a, "B IND CALL" },
	{ { 0x4a, 0x12 }, 2, SPE_PKT_OP_TYPE, 2, 1, 0x12, "B IND RET" },
	{ { 0x4b, 0x5a }, 2, SPE_PKT_OP_TYPE, 3, 1, 0x5a, "OP-TYPE 0x5a (3)" },
	/* Address: PC (EL/NS in byte 7), target, VA with tag, PA, PBT, extended. */
	{ { 0xb0, 0x84, 0x00, 0x08, 0x40, 0x00, 0x00, 0x00, 0xa0 }, 9, SPE_PKT_ADDRESS, 0, 8,
	  0xa000000040080084ull, "PC 0x40080084 el1 ns=1" },
	{ { 0xb0, 0x00, 0x10, 0x00, 0x00, 0x00, 0x80, 0xff, 0x40 }, 9, SPE_PKT_ADDRESS, 0, 8,
	  0x40ff800000001000ull, "PC 0xff800000001000 el2 ns=0" },
	{ { 0xb1, 0x00, 0x01, 0x08, 0x40, 0x00, 0x00, 0x00, 0x80 }, 9, SPE_PKT_ADDRESS, 1, 8,
	  0x8000000040080100ull, "TGT 0x40080100 el0 ns=1" },
	{ { 0xb2, 0x08, 0x00, 0x20, 0x40, 0x00, 0x00, 0x00, 0x0f }, 9, SPE_PKT_ADDRESS, 2, 8,
	  0x0f00000040200008ull, "VA 0xf00000040200008" },
	{ { 0xb3, 0x08, 0x00, 0x20, 0x80, 0x00, 0x00, 0x00, 0xc5 }, 9, SPE_PKT_ADDRESS, 3, 8,
	  0xc500000080200008ull, "PA 0x80200008 ns=1 ch=1 pat=5" },
	{ { 0xb4, 0x00, 0x02, 0x08, 0x40, 0x00, 0x00, 0x00, 0xa0 }, 9, SPE_PKT_ADDRESS, 4, 8,
	  0xa000000040080200ull, "PBT 0x40080200 el1 ns=1" },
	{ { 0xb7, 1, 0, 0, 0, 0, 0, 0, 0 }, 9, SPE_PKT_ADDRESS, 7, 8, 1, "ADDR 0x1 (7)" },
	{ { 0x21, 0xb0, 2, 0, 0, 0, 0, 0, 0, 0 }, 10, SPE_PKT_ADDRESS, 8, 8, 2, "ADDR 0x2 (8)" },
	{ { 0x23, 0xb7, 3, 0, 0, 0, 0, 0, 0, 0 }, 10, SPE_PKT_ADDRESS, 31, 8, 3, "ADDR 0x3 (31)" },
	/* Counters: total, issue, translation, alt-clock issue, extended. */
	{ { 0x98, 0x2a, 0x00 }, 3, SPE_PKT_COUNTER, 0, 2, 42, "LAT 42 TOT" },
	{ { 0x99, 0xff, 0x0f }, 3, SPE_PKT_COUNTER, 1, 2, 0xfff, "LAT 4095 ISSUE" },
	{ { 0x9a, 0xff, 0xff }, 3, SPE_PKT_COUNTER, 2, 2, 0xffff, "LAT 65535 XLAT" },
	{ { 0x9c, 0x07, 0x00 }, 3, SPE_PKT_COUNTER, 4, 2, 7, "LAT 7 ALT-ISSUE" },
	{ { 0x22, 0x9d, 0x05, 0x00 }, 4, SPE_PKT_COUNTER, 21, 2, 5, "LAT 5 (21)" },
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct pkt_case *c = &cases[i];
		struct spe_packet pkt;
		char desc[128];
		int n;

		memset(&pkt, 0xa5, sizeof(pkt));
		n = spe_packet_decode(c->bytes, c->len, &pkt);
		assert_int_equal(n, c->len);
		assert_int_equal(pkt.type, c->type);
		assert_int_equal(pkt.index, c->index);
		assert_int_equal(pkt.size, c->len);
		assert_int_equal(pkt.payload_len, c->payload_len);
		assert_int_equal(pkt.payload, c->payload);
		n = spe_packet_describe(&pkt, desc, sizeof(desc));
		assert_string_equal(desc, c->desc);
		assert_int_equal(n, (int)strlen(c->desc));
		/* A buffer longer than the packet changes nothing. */
		{
			uint8_t big[SPE_PACKET_MAX_SIZE + 4] = { 0 };

			memcpy(big, c->bytes, c->len);
			big[c->len] = 0x01;
			assert_int_equal(spe_packet_decode(big, sizeof(big), &pkt), c->len);
		}
	}
}

static void test_truncated(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct pkt_case *c = &cases[i];

		for (unsigned int len = 1; len < c->len; len++) {
			struct spe_packet pkt;

			assert_int_equal(spe_packet_decode(c->bytes, len, &pkt), -SPE_ERR_TRUNCATED);
		}
	}
}

/* Every header byte, classified independently of the decoder's if-chain. */
static void test_every_header(void **state)
{
	unsigned int valid = 0, bad = 0, ext = 0;

	(void)state;
	for (unsigned int h = 0; h < 256; h++) {
		uint8_t buf[16] = { (uint8_t)h, 0xb0 };
		struct spe_packet pkt;
		int n = spe_packet_decode(buf, sizeof(buf), &pkt);
		int expect;

		if (h == 0x00 || h == 0x01)
			expect = 1;
		else if (h == 0x71)
			expect = 9;
		else if ((h & 0xcf) == 0x42 || (h & 0xcf) == 0x43)
			expect = 1 + (1 << ((h >> 4) & 3));
		else if ((h & 0xfc) == 0x64)
			expect = 5;
		else if ((h & 0xfc) == 0x48)
			expect = 2;
		else if ((h & 0xf8) == 0xb0)
			expect = 9;
		else if ((h & 0xf8) == 0x98)
			expect = 3;
		else if ((h & 0xfc) == 0x20)
			expect = 10;	/* followed by an address header here */
		else
			expect = -SPE_ERR_BAD_PACKET;
		assert_int_equal(n, expect);
		if (n > 0)
			valid++;
		else
			bad++;
		if ((h & 0xfc) == 0x20)
			ext++;
	}
	/* 2 + 1 + 8 + 4 + 4 + 8 + 8 + 4 = 39 valid headers. */
	assert_int_equal(valid, 39);
	assert_int_equal(bad, 256 - 39);
	assert_int_equal(ext, 4);
}

static void test_extended_bad(void **state)
{
	const uint8_t not_addr[] = { 0x20, 0x71, 0, 0, 0, 0, 0, 0, 0, 0 };
	const uint8_t align[] = { 0x20, 0x00, 0, 0 };
	struct spe_packet pkt;

	(void)state;
	assert_int_equal(spe_packet_decode(not_addr, sizeof(not_addr), &pkt), -SPE_ERR_BAD_PACKET);
	/* Linux's legacy "alignment" form is not an architected packet. */
	assert_int_equal(spe_packet_decode(align, sizeof(align), &pkt), -SPE_ERR_BAD_PACKET);
	assert_int_equal(spe_packet_decode(not_addr, 1, &pkt), -SPE_ERR_TRUNCATED);
	assert_int_equal(spe_packet_decode(not_addr, 0, &pkt), -SPE_ERR_EOS);
	assert_int_equal(spe_packet_decode(NULL, 4, &pkt), -SPE_ERR_INVAL);
	assert_int_equal(spe_packet_decode(not_addr, 4, NULL), -SPE_ERR_INVAL);
}

static void test_describe_small_buffer(void **state)
{
	const struct pkt_case *c = &cases[2];	/* TS */
	struct spe_packet pkt;
	char buf[6];

	(void)state;
	assert_int_equal(spe_packet_decode(c->bytes, c->len, &pkt), c->len);
	assert_int_equal(spe_packet_describe(&pkt, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "TS 12");
	assert_int_equal(spe_packet_describe(&pkt, buf, 0), -SPE_ERR_INVAL);
	pkt.type = SPE_PKT_NR_TYPES;
	assert_int_equal(spe_packet_describe(&pkt, buf, sizeof(buf)), -SPE_ERR_INVAL);
	assert_string_equal(spe_packet_name(SPE_PKT_COUNTER), "LAT");
	assert_string_equal(spe_packet_name(SPE_PKT_NR_TYPES), "BAD");
}

/* Streaming: packets in order, an error at garbage, sync to the next record. */
static void test_stream_resync(void **state)
{
	const uint8_t buf[] = {
		0xb0, 0x10, 0, 0, 0, 0, 0, 0, 0x20,	/* PC, el1 */
		0x01,					/* END */
		0x0f, 0x1f, 0x02,			/* garbage: bad headers, then a short 0x02 */
		0x49, 0x00,				/* LD */
		0x98, 0x03, 0x00,			/* LAT 3 */
		0x01,					/* END: a record starts at 13 */
		0x00, 0x00,				/* padding */
	};
	struct spe_packet_decoder *dec = spe_pkt_alloc(buf, sizeof(buf));
	struct spe_packet pkt;
	uint64_t off;

	(void)state;
	assert_non_null(dec);
	assert_int_equal(spe_pkt_next(dec, &pkt), 0);
	assert_int_equal(pkt.type, SPE_PKT_ADDRESS);
	assert_int_equal(spe_pkt_next(dec, &pkt), 0);
	assert_int_equal(pkt.type, SPE_PKT_END);
	assert_int_equal(spe_pkt_next(dec, &pkt), -SPE_ERR_BAD_PACKET);
	assert_int_equal(spe_pkt_get_offset(dec, &off), 0);
	assert_int_equal(off, 10);
	assert_int_equal(spe_pkt_next(dec, &pkt), -SPE_ERR_NOSYNC);
	assert_int_equal(spe_pkt_sync_forward(dec), 0);
	assert_int_equal(spe_pkt_get_offset(dec, &off), 0);
	assert_int_equal(off, 13);
	assert_int_equal(spe_pkt_next(dec, &pkt), 0);
	assert_int_equal(pkt.type, SPE_PKT_OP_TYPE);
	assert_int_equal(spe_pkt_next(dec, &pkt), 0);
	assert_int_equal(spe_pkt_next(dec, &pkt), 0);
	assert_int_equal(pkt.type, SPE_PKT_END);
	assert_int_equal(spe_pkt_next(dec, &pkt), 0);
	assert_int_equal(pkt.type, SPE_PKT_PAD);
	assert_int_equal(spe_pkt_next(dec, &pkt), 0);
	assert_int_equal(spe_pkt_next(dec, &pkt), -SPE_ERR_EOS);
	assert_int_equal(spe_pkt_next(dec, &pkt), -SPE_ERR_EOS);
	assert_int_equal(spe_pkt_sync_forward(dec), -SPE_ERR_EOS);
	assert_int_equal(spe_pkt_sync_set(dec, 9), 0);
	assert_int_equal(spe_pkt_next(dec, &pkt), 0);
	assert_int_equal(pkt.type, SPE_PKT_END);
	assert_int_equal(spe_pkt_sync_set(dec, sizeof(buf) + 1), -SPE_ERR_INVAL);
	spe_pkt_free(dec);
	assert_null(spe_pkt_alloc(NULL, 3));
	assert_int_equal(spe_pkt_next(NULL, &pkt), -SPE_ERR_INVAL);
}

static void test_find_record_start(void **state)
{
	/* Only padding and lone Ends: no record has content. */
	const uint8_t none[] = { 0x00, 0x01, 0x00, 0x01, 0x71 };
	const uint8_t one[] = { 0x07, 0x48, 0x00, 0x01 };

	(void)state;
	assert_int_equal(spe_find_record_start(none, sizeof(none), 0), sizeof(none));
	assert_int_equal(spe_find_record_start(one, sizeof(one), 0), 1);
	assert_int_equal(spe_find_record_start(one, sizeof(one), 2), sizeof(one));
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(spe_strerror(0), "success");
	assert_string_equal(spe_strerror(-SPE_ERR_BAD_PACKET), "bad packet header");
	assert_string_equal(spe_strerror(SPE_ERR_BAD_PACKET), "bad packet header");
	assert_string_equal(spe_strerror(-1000), "unknown error");
	for (int e = 0; e < SPE_ERR_NR_CODES; e++)
		assert_string_not_equal(spe_strerror(e), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_every_header),
		cmocka_unit_test(test_extended_bad),
		cmocka_unit_test(test_describe_small_buffer),
		cmocka_unit_test(test_stream_resync),
		cmocka_unit_test(test_find_record_start),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
