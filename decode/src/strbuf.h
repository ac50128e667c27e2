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

/* Two digits per step from these tables ("00".."ff", "00".."99"). */
static const char sb_hex2[513] =
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
	"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
	"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
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
			tmp[k - 1] = sb_hex2[2 * (v & 0xf) + 1];
		sb_put(sb, tmp, n);
		return;
	}
	while (i >= 2) {
		i -= 2;
		memcpy(p + i, sb_hex2 + 2 * (v & 0xff), 2);
		v >>= 8;
	}
	if (i)
		p[0] = sb_hex2[2 * v + 1];
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
