/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A bounded string appender without printf, so that describing hundreds of
 * millions of packets stays cheap. Appends silently stop at the end of the
 * buffer; the result is always NUL-terminated (cap >= 1).
 */
#ifndef DECODE_STRBUF_H
#define DECODE_STRBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hex_table.h"

struct strbuf {
	char *p;	/* next free byte */
	char *end;	/* last usable byte (reserved for the NUL) */
};

static inline void sb_init(struct strbuf *sb, char *buf, size_t cap)
{
	sb->p = buf;
	sb->end = buf + cap - 1;
}

static inline void sb_putc(struct strbuf *sb, char c)
{
	if (sb->p < sb->end)
		*sb->p++ = c;
}

/* With a literal s, strlen folds to a constant: one bounds check, one copy. */
static inline void sb_put(struct strbuf *sb, const char *s, size_t n)
{
	if ((size_t)(sb->end - sb->p) < n)
		n = (size_t)(sb->end - sb->p);
	memcpy(sb->p, s, n);
	sb->p += n;
}

static inline void sb_puts(struct strbuf *sb, const char *s)
{
	sb_put(sb, s, strlen(s));
}

/* Two digits per step from tables: hex_pairs ("00".."ff"), sb_dec2 ("00".."99"). */
static const char sb_dec2[201] =
	"0001020304050607080910111213141516171819202122232425262728293031"
	"3233343536373839404142434445464748495051525354555657585960616263"
	"6465666768697071727374757677787980818283848586878889909192939495"
	"96979899";

/*
 * Digits are written straight into the output, last pair first, once
 * their count is known: building them in a stack buffer with small stores
 * and copying that out stalled on store forwarding.
 */
static inline void sb_hex(struct strbuf *sb, uint64_t v)
{
	size_t n = v ? (size_t)(67 - __builtin_clzll(v)) / 4 : 1, i = n;
	char *p = sb->p;

	if ((size_t)(sb->end - sb->p) < n) {
		char tmp[16];

		for (size_t k = n; k > 0; k--, v >>= 4)
			tmp[k - 1] = hex_pairs[2 * (v & 0xf) + 1];
		sb_put(sb, tmp, n);
		return;
	}
	while (i >= 2) {
		i -= 2;
		memcpy(p + i, hex_pairs + 2 * (v & 0xff), 2);
		v >>= 8;
	}
	if (i)
		p[0] = hex_pairs[2 * v + 1];
	sb->p += n;
}

static inline void sb_hex0x(struct strbuf *sb, uint64_t v)
{
	sb_put(sb, "0x", 2);
	sb_hex(sb, v);
}

static inline void sb_dec(struct strbuf *sb, uint64_t v)
{
	static const uint64_t pow10[20] = {
		1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull,
		100000000ull, 1000000000ull, 10000000000ull, 100000000000ull,
		1000000000000ull, 10000000000000ull, 100000000000000ull,
		1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
		1000000000000000000ull, 10000000000000000000ull,
	};
	size_t n = 1, i;
	char *p = sb->p;

	while (n < 20 && v >= pow10[n])
		n++;
	if ((size_t)(sb->end - sb->p) < n) {
		char tmp[20];

		for (size_t k = n; k > 0; k--, v /= 10)
			tmp[k - 1] = (char)('0' + v % 10);
		sb_put(sb, tmp, n);
		return;
	}
	for (i = n; i >= 2; v /= 100) {
		i -= 2;
		memcpy(p + i, sb_dec2 + 2 * (v % 100), 2);
	}
	if (i)
		p[0] = (char)('0' + v);
	sb->p += n;
}

/* Terminate and return the length. */
static inline int sb_finish(struct strbuf *sb, char *start)
{
	*sb->p = '\0';
	return (int)(sb->p - start);
}

#endif
