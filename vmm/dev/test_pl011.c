// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the PL011 model: IDs, flags, transmit, the receive FIFO, interrupts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "arch/sysreg.h"
#include "dev/pl011.h"

struct sink {
	uint8_t bytes[64];
	size_t n;
	size_t total;	/* every byte, also past the 64 kept */
};

static void sink_tx(void *opaque, uint8_t byte)
{
	struct sink *s = opaque;

	s->total++;
	if (s->n < sizeof(s->bytes))
		s->bytes[s->n++] = byte;
}

static uint64_t rd(struct pl011 *u, uint64_t off)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(pl011_read(u, off, 4, &v), PL011_OK);
	return v;
}

static void wr(struct pl011 *u, uint64_t off, uint64_t v)
{
	assert_int_equal(pl011_write(u, off, 4, v), PL011_OK);
}

static void test_ids_and_reset(void **state)
{
	static const uint8_t ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };
	struct pl011 *u = pl011_create(NULL, NULL);

	(void)state;
	assert_non_null(u);
	for (unsigned int i = 0; i < 8; i++)
		assert_int_equal(rd(u, 0xfe0 + 4 * i), ids[i]);
	assert_int_equal(rd(u, PL011_FR), 0x90);		/* TXFE | RXFE */
	assert_int_equal(rd(u, PL011_CR), 0x300);	/* TXE | RXE */
	assert_int_equal(rd(u, PL011_IFLS), 0x12);
	assert_int_equal(rd(u, PL011_LCR_H), 0);
	assert_int_equal(rd(u, PL011_IBRD), 0);
	assert_int_equal(rd(u, PL011_FBRD), 0);
	assert_int_equal(rd(u, PL011_IMSC), 0);
	assert_int_equal(rd(u, PL011_RIS), 0);
	assert_int_equal(rd(u, PL011_MIS), 0);
	assert_int_equal(rd(u, PL011_DMACR), 0);
	assert_int_equal(rd(u, PL011_RSR), 0);
	assert_int_equal(rd(u, PL011_DR), 0);
	assert_int_equal(rd(u, 0x800), 0);		/* reserved: RAZ */
	assert_false(pl011_irq_level(u));
	pl011_destroy(u);
}

static void test_register_masks(void **state)
{
	struct pl011 *u = pl011_create(NULL, NULL);

	(void)state;
	wr(u, PL011_IBRD, 0xffffffff);
	assert_int_equal(rd(u, PL011_IBRD), 0xffff);
	wr(u, PL011_FBRD, 0xffffffff);
	assert_int_equal(rd(u, PL011_FBRD), 0x3f);
	wr(u, PL011_LCR_H, 0xffffffff);
	assert_int_equal(rd(u, PL011_LCR_H), 0xff);
	wr(u, PL011_CR, 0xffffffff);
	assert_int_equal(rd(u, PL011_CR), 0xff87);
	wr(u, PL011_IFLS, 0xffffffff);
	assert_int_equal(rd(u, PL011_IFLS), 0x3f);
	wr(u, PL011_IMSC, 0xffffffff);
	assert_int_equal(rd(u, PL011_IMSC), 0x7ff);
	wr(u, PL011_DMACR, 0xffffffff);
	assert_int_equal(rd(u, PL011_DMACR), 7);
	wr(u, PL011_ILPR, 0x1234);
	assert_int_equal(rd(u, PL011_ILPR), 0x34);
	/* Read-only registers ignore writes. */
	wr(u, PL011_FR, 0);
	assert_int_equal(rd(u, PL011_FR), 0x90);
	wr(u, PL011_RIS, 0x7ff);
	assert_int_equal(rd(u, PL011_RIS), 0);
	wr(u, 0xfe0, 0);
	assert_int_equal(rd(u, 0xfe0), 0x11);
	pl011_reset(u);
	assert_int_equal(rd(u, PL011_CR), 0x300);
	assert_int_equal(rd(u, PL011_IMSC), 0);
	pl011_destroy(u);
}

static void test_transmit(void **state)
{
	struct sink s = { .n = 0 };
	struct pl011 *u = pl011_create(sink_tx, &s);

	(void)state;
	wr(u, PL011_DR, 'h');
	wr(u, PL011_DR, 0xf00 | 'i');		/* error bits are not data */
	assert_int_equal(pl011_write(u, PL011_DR, 1, '!'), PL011_OK);	/* earlycon's writeb */
	assert_int_equal(pl011_write(u, PL011_DR, 2, 0x4142), PL011_OK);
	assert_int_equal(s.n, 4);
	assert_memory_equal(s.bytes, "hi!B", 4);
	/* Always ready: TXFE set, TXFF and BUSY clear. */
	assert_int_equal(rd(u, PL011_FR), 0x90);
	/* Each byte sets TXIS; it reaches the line only when unmasked. */
	assert_int_equal(rd(u, PL011_RIS), 0x20);
	assert_false(pl011_irq_level(u));
	wr(u, PL011_IMSC, PL011_INT_TX_MASK);
	assert_true(pl011_irq_level(u));
	assert_int_equal(rd(u, PL011_MIS), 0x20);
	wr(u, PL011_ICR, PL011_INT_TX_MASK);
	assert_int_equal(rd(u, PL011_RIS), 0);
	assert_false(pl011_irq_level(u));
	/* Without a sink bytes are dropped, still accepted. */
	struct pl011 *quiet = pl011_create(NULL, NULL);
	wr(quiet, PL011_DR, 'x');
	assert_int_equal(rd(quiet, PL011_RIS), 0x20);
	pl011_destroy(quiet);
	pl011_destroy(u);
}

static void test_receive_no_fifo(void **state)
{
	struct pl011 *u = pl011_create(NULL, NULL);
	const uint8_t in[3] = { 'a', 'b', 'c' };

	(void)state;
	wr(u, PL011_IMSC, PL011_INT_RX_MASK | PL011_INT_RT_MASK);
	/* FIFO off: a one-character holding register. */
	assert_int_equal(pl011_rx_space(u), 1);
	assert_int_equal(pl011_receive(u, in, 3), 1);
	assert_int_equal(pl011_rx_space(u), 0);
	assert_int_equal(rd(u, PL011_FR), 0xc0);		/* TXFE | RXFF */
	assert_int_equal(rd(u, PL011_RIS), 0x10);	/* RXIS */
	assert_true(pl011_irq_level(u));
	assert_int_equal(pl011_receive(u, in + 1, 2), 0);
	assert_int_equal(rd(u, PL011_DR), 'a');
	assert_int_equal(rd(u, PL011_FR), 0x90);
	assert_int_equal(rd(u, PL011_RIS), 0);
	assert_false(pl011_irq_level(u));
	assert_int_equal(pl011_receive(u, in + 1, 2), 1);
	assert_int_equal(rd(u, PL011_DR), 'b');
	/* Empty: DR reads 0. */
	assert_int_equal(rd(u, PL011_DR), 0);
	pl011_destroy(u);
}

static void test_receive_fifo(void **state)
{
	struct pl011 *u = pl011_create(NULL, NULL);
	uint8_t in[20];

	(void)state;
	for (unsigned int i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)('A' + i);
	wr(u, PL011_LCR_H, PL011_LCR_H_FEN_MASK | PL011_LCR_H_WLEN_PREP(3));
	wr(u, PL011_IMSC, PL011_INT_RX_MASK | PL011_INT_RT_MASK);
	/* Below the 1/2 trigger (8 bytes): only the receive timeout. */
	assert_int_equal(pl011_receive(u, in, 3), 3);
	assert_int_equal(rd(u, PL011_RIS), 0x40);
	assert_int_equal(rd(u, PL011_MIS), 0x40);
	assert_true(pl011_irq_level(u));
	assert_int_equal(rd(u, PL011_FR), 0x80);
	/* Reaching the trigger: RXIS instead. */
	assert_int_equal(pl011_receive(u, in + 3, 5), 5);
	assert_int_equal(rd(u, PL011_RIS), 0x10);
	/* 16 bytes fill the FIFO; the rest is refused, nothing is overwritten. */
	assert_int_equal(pl011_rx_space(u), 8);
	assert_int_equal(pl011_receive(u, in + 8, 12), 8);
	assert_int_equal(pl011_rx_space(u), 0);
	assert_int_equal(rd(u, PL011_FR), 0xc0);
	for (unsigned int i = 0; i < 9; i++)
		assert_int_equal(rd(u, PL011_DR), 'A' + i);
	/* 7 left: below the trigger again, so the timeout interrupt. */
	assert_int_equal(rd(u, PL011_RIS), 0x40);
	/* ICR clears the timeout until the FIFO changes. */
	wr(u, PL011_ICR, PL011_INT_RT_MASK);
	assert_int_equal(rd(u, PL011_RIS), 0);
	assert_false(pl011_irq_level(u));
	/* A lower trigger (1/8 = 2 bytes) applies at once. */
	wr(u, PL011_IFLS, PL011_IFLS_RXIFLSEL_PREP(PL011_IFLS_RXIFLSEL_1_8));
	assert_int_equal(rd(u, PL011_RIS), 0x10);
	for (unsigned int i = 9; i < 16; i++)
		assert_int_equal(rd(u, PL011_DR), 'A' + i);
	assert_int_equal(rd(u, PL011_RIS), 0);
	assert_int_equal(rd(u, PL011_FR), 0x90);
	/* Turning the FIFO off flushes it. */
	assert_int_equal(pl011_receive(u, in, 4), 4);
	wr(u, PL011_LCR_H, 0);
	assert_int_equal(rd(u, PL011_FR), 0x90);
	assert_int_equal(rd(u, PL011_RIS), 0);
	pl011_destroy(u);
}

static void test_loopback(void **state)
{
	struct sink s = { .n = 0 };
	struct pl011 *u = pl011_create(sink_tx, &s);

	(void)state;
	wr(u, PL011_CR, PL011_CR_LBE_MASK | PL011_CR_TXE_MASK | PL011_CR_RXE_MASK | PL011_CR_UARTEN_MASK);
	wr(u, PL011_DR, 'z');
	assert_int_equal(s.n, 0);
	assert_int_equal(rd(u, PL011_DR), 'z');
	wr(u, PL011_CR, 0x301);
	wr(u, PL011_DR, 'y');
	assert_int_equal(s.n, 1);
	assert_int_equal(s.bytes[0], 'y');
	pl011_destroy(u);
}

static void test_narrow_access(void **state)
{
	struct pl011 *u = pl011_create(NULL, NULL);
	uint64_t v = 1;
	const uint8_t in[2] = { 'q', 'r' };

	(void)state;
	/* Bytes of a 32-bit register. */
	assert_int_equal(pl011_read(u, PL011_CR, 1, &v), PL011_OK);
	assert_int_equal(v, 0x00);
	assert_int_equal(pl011_read(u, PL011_CR + 1, 1, &v), PL011_OK);
	assert_int_equal(v, 0x03);
	assert_int_equal(pl011_read(u, PL011_CR, 2, &v), PL011_OK);
	assert_int_equal(v, 0x300);
	assert_int_equal(pl011_read(u, 0xff0, 1, &v), PL011_OK);
	assert_int_equal(v, 0x0d);
	/* A write to a byte other than byte 0 is ignored. */
	assert_int_equal(pl011_write(u, PL011_CR + 1, 1, 0), PL011_OK);
	assert_int_equal(rd(u, PL011_CR), 0x300);
	assert_int_equal(pl011_write(u, PL011_IBRD, 2, 0xabcd), PL011_OK);
	assert_int_equal(rd(u, PL011_IBRD), 0xabcd);
	/* Only an access that covers DR's data byte pops the FIFO. */
	wr(u, PL011_LCR_H, PL011_LCR_H_FEN_MASK);
	assert_int_equal(pl011_receive(u, in, 2), 2);
	assert_int_equal(pl011_read(u, PL011_DR + 1, 1, &v), PL011_OK);
	assert_int_equal(v, 0);
	assert_int_equal(pl011_read(u, PL011_DR, 1, &v), PL011_OK);
	assert_int_equal(v, 'q');
	assert_int_equal(pl011_read(u, PL011_DR, 2, &v), PL011_OK);
	assert_int_equal(v, 'r');
	/* Unaligned and out-of-range: RAZ/WI. */
	assert_int_equal(pl011_read(u, PL011_CR + 1, 2, &v), PL011_OK);
	assert_int_equal(v, 0);
	assert_int_equal(pl011_read(u, PL011_CR + 2, 4, &v), PL011_OK);
	assert_int_equal(v, 0);
	assert_int_equal(pl011_read(u, PL011_SIZE, 4, &v), PL011_OK);
	assert_int_equal(v, 0);
	assert_int_equal(pl011_write(u, PL011_CR + 2, 4, 0), PL011_OK);
	assert_int_equal(rd(u, PL011_CR), 0x300);
	pl011_destroy(u);
}

static void test_state_round_trip(void **state)
{
	struct sink s = { .n = 0 };
	struct pl011 *u = pl011_create(NULL, NULL), *v = pl011_create(sink_tx, &s);
	const uint8_t in[5] = { '1', '2', '3', '4', '5' };
	uint8_t a[PL011_STATE_SIZE], b[PL011_STATE_SIZE];

	(void)state;
	wr(u, PL011_LCR_H, PL011_LCR_H_FEN_MASK | PL011_LCR_H_WLEN_PREP(3));
	wr(u, PL011_IBRD, 13);
	wr(u, PL011_FBRD, 1);
	wr(u, PL011_IMSC, PL011_INT_RX_MASK | PL011_INT_RT_MASK);
	assert_int_equal(pl011_receive(u, in, 5), 5);
	assert_int_equal(rd(u, PL011_DR), '1');	/* FIFO wraps away from index 0 */
	assert_int_equal(pl011_state_save(u, a, sizeof(a)), PL011_OK);
	/* Header, count, the 4 bytes oldest first, zero padding, then LCR_H. */
	assert_memory_equal(a, "PL11\x01\0\0\0\x04" "2345", 13);
	assert_int_equal(a[13], 0);
	assert_int_equal(a[25 + 4], 13);	/* IBRD */
	assert_int_equal(a[25 + 12], 0x70);	/* LCR_H */
	assert_int_equal(pl011_state_load(v, a, sizeof(a)), PL011_OK);
	assert_int_equal(pl011_state_save(v, b, sizeof(b)), PL011_OK);
	assert_memory_equal(a, b, sizeof(a));
	assert_true(pl011_irq_level(v));
	assert_int_equal(rd(v, PL011_RIS), 0x40);
	for (unsigned int i = 1; i < 5; i++)
		assert_int_equal(rd(v, PL011_DR), in[i]);
	/* The restored device keeps its own sink. */
	wr(v, PL011_DR, 'k');
	assert_int_equal(s.n, 1);

	/* Bad images: rejected, nothing changes. */
	static const struct { size_t off; uint8_t val; } bad[] = {
		{ 0, 'Q' }, { 4, 2 }, { 8, 17 }, { 9 + 5, 'x' },
		{ 25 + 3, 1 },			/* ILPR bit 24 */
		{ 25 + 4 * 3 + 1, 1 },		/* LCR_H bit 8 */
		{ 25 + 4 * 7 + 1, 0x08 },	/* RIS bit 11 */
	};
	assert_int_equal(pl011_state_save(v, b, sizeof(b)), PL011_OK);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t img[PL011_STATE_SIZE], after[PL011_STATE_SIZE];

		memcpy(img, a, sizeof(img));
		img[bad[i].off] = bad[i].val;
		assert_int_equal(pl011_state_load(v, img, sizeof(img)), PL011_EINVAL);
		assert_int_equal(pl011_state_save(v, after, sizeof(after)), PL011_OK);
		assert_memory_equal(b, after, sizeof(b));
	}
	/* More bytes than the FIFO holds with FEN clear. */
	a[25 + 12] = 0;
	assert_int_equal(pl011_state_load(v, a, sizeof(a)), PL011_EINVAL);
	assert_int_equal(pl011_state_load(v, a, sizeof(a) - 1), PL011_EINVAL);
	assert_int_equal(pl011_state_load(NULL, a, sizeof(a)), PL011_EINVAL);
	assert_int_equal(pl011_state_load(v, NULL, sizeof(a)), PL011_EINVAL);
	assert_int_equal(pl011_state_save(v, a, sizeof(a) - 1), PL011_EINVAL);
	assert_int_equal(pl011_state_save(NULL, a, sizeof(a)), PL011_EINVAL);
	pl011_destroy(u);
	pl011_destroy(v);
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Seeded random guest and VMM activity: invariants hold, same bytes twice. */
static size_t random_run(struct pl011 *u, uint64_t seed, unsigned int steps)
{
	static const unsigned int lens[] = { 1, 2, 4, 4, 4, 8 };
	uint64_t s = seed, v;
	size_t got = 0;

	for (unsigned int i = 0; i < steps; i++) {
		uint64_t r = xorshift(&s), x = xorshift(&s);
		/* Mostly the implemented registers, sometimes anywhere. */
		uint64_t off = (r & 1) ? (x >> 40) % 0x1100 : 4 * ((x >> 40) % 19);
		unsigned int len = lens[(r >> 8) % 6];
		uint8_t in[20];

		switch ((r >> 16) % 4) {
		case 0:
			pl011_read(u, off, len, &v);
			break;
		case 1:
			pl011_write(u, off, len, x);
			break;
		case 2:
			for (unsigned int k = 0; k < sizeof(in); k++)
				in[k] = (uint8_t)(x >> k);
			got += pl011_receive(u, in, (x >> 50) % 20);
			break;
		default: {
			uint64_t fr = rd(u, PL011_FR), ris = rd(u, PL011_RIS);
			uint64_t imsc = rd(u, PL011_IMSC), mis = rd(u, PL011_MIS);

			assert_int_equal(fr & 0x1af, 0x80);	/* TXFE only, of the TX/modem bits */
			assert_int_equal(mis, ris & imsc);
			assert_int_equal(pl011_irq_level(u), mis != 0);
			assert_false(ris & ~0x7ffull);
			if (fr & PL011_FR_RXFE_MASK)
				assert_false(ris & (PL011_INT_RX_MASK | PL011_INT_RT_MASK));
			break;
		}
		}
	}
	return got;
}

static void test_random_activity(void **state)
{
	struct sink sa = { .n = 0 }, sb = { .n = 0 };
	struct pl011 *a = pl011_create(sink_tx, &sa), *b = pl011_create(sink_tx, &sb);
	uint8_t ia[PL011_STATE_SIZE], ib[PL011_STATE_SIZE];
	size_t got = random_run(a, 0xda942042e4dd58b5ull, 100000);

	(void)state;
	assert_int_equal(random_run(b, 0xda942042e4dd58b5ull, 100000), got);
	assert_int_equal(pl011_state_save(a, ia, sizeof(ia)), PL011_OK);
	assert_int_equal(pl011_state_save(b, ib, sizeof(ib)), PL011_OK);
	assert_memory_equal(ia, ib, sizeof(ia));
	assert_int_equal(sa.total, sb.total);
	assert_memory_equal(sa.bytes, sb.bytes, sa.n);
	/* Exact: the received and transmitted byte counts of this seed. */
	assert_int_equal(got, 2741);
	assert_int_equal(sa.total, 291);
	pl011_destroy(a);
	pl011_destroy(b);
}

static void test_bad_args(void **state)
{
	struct pl011 *u = pl011_create(NULL, NULL);
	uint64_t v = 9;
	const uint8_t b = 'x';

	(void)state;
	assert_int_equal(pl011_read(u, 0, 3, &v), PL011_EINVAL);
	assert_int_equal(pl011_read(u, 0, 0, &v), PL011_EINVAL);
	assert_int_equal(pl011_read(u, 0, 16, &v), PL011_EINVAL);
	assert_int_equal(v, 0);		/* a caller that ignores the error reads 0 */
	assert_int_equal(pl011_write(u, 0, 3, 0), PL011_EINVAL);
	/* 8 bytes: a bus access, but no register answers it (RAZ/WI). */
	assert_int_equal(pl011_read(u, PL011_CR, 8, &v), PL011_OK);
	assert_int_equal(v, 0);
	assert_int_equal(pl011_write(u, PL011_DR, 8, 'x'), PL011_OK);
	assert_int_equal(pl011_write(u, PL011_CR, 8, 0), PL011_OK);
	assert_int_equal(rd(u, PL011_CR), 0x300);
	assert_int_equal(rd(u, PL011_RIS), 0);	/* nothing was transmitted */
	assert_int_equal(pl011_read(u, 0, 4, NULL), PL011_EINVAL);
	assert_int_equal(pl011_read(NULL, 0, 4, &v), PL011_EINVAL);
	assert_int_equal(pl011_write(NULL, 0, 4, 0), PL011_EINVAL);
	assert_int_equal(pl011_receive(NULL, &b, 1), 0);
	assert_int_equal(pl011_receive(u, NULL, 1), 0);
	assert_int_equal(pl011_receive(u, &b, 0), 0);
	assert_false(pl011_irq_level(NULL));
	assert_int_equal(pl011_rx_space(NULL), 0);
	pl011_reset(NULL);
	pl011_destroy(NULL);
	assert_string_equal(pl011_strerror(PL011_OK), "success");
	assert_string_equal(pl011_strerror(PL011_EINVAL),
			    "invalid argument (NULL pointer or access size)");
	assert_string_equal(pl011_strerror(-7), "unknown PL011 error");
	pl011_destroy(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_and_reset),
		cmocka_unit_test(test_register_masks),
		cmocka_unit_test(test_transmit),
		cmocka_unit_test(test_receive_no_fifo),
		cmocka_unit_test(test_receive_fifo),
		cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_narrow_access),
		cmocka_unit_test(test_state_round_trip),
		cmocka_unit_test(test_random_activity),
		cmocka_unit_test(test_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
