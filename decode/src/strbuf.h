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

static inline void sb_puts(struct strbuf *sb, const char *s)
{
	while (*s && sb->p < sb->end)
		*sb->p++ = *s++;
}

static inline void sb_hex(struct strbuf *sb, uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = digits[v & 0xf];
		v >>= 4;
	} while (v);
	while (n && sb->p < sb->end)
		*sb->p++ = tmp[--n];
}

static inline void sb_hex0x(struct strbuf *sb, uint64_t v)
{
	sb_puts(sb, "0x");
	sb_hex(sb, v);
}

static inline void sb_dec(struct strbuf *sb, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n && sb->p < sb->end)
		*sb->p++ = tmp[--n];
}

/* Terminate and return the length. */
static inline int sb_finish(struct strbuf *sb, char *start)
{
	*sb->p = '\0';
	return (int)(sb->p - start);
}

#endif
