/* SPDX-License-Identifier: GPL-2.0-only */
/* A little-endian byte builder for perf.data records (private). */
#ifndef DECODE_BYTEBUF_H
#define DECODE_BYTEBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define BYTEBUF_CAP 8192

struct bytebuf {
	size_t n;
	int overflow;		/* an append did not fit */
	uint8_t b[BYTEBUF_CAP];
};

static inline void bb_reset(struct bytebuf *bb)
{
	bb->n = 0;
	bb->overflow = 0;
}

static inline void bb_put(struct bytebuf *bb, const void *p, size_t len)
{
	if (bb->n + len > BYTEBUF_CAP) {
		bb->overflow = 1;
		return;
	}
	memcpy(bb->b + bb->n, p, len);
	bb->n += len;
}

static inline void bb_u64(struct bytebuf *bb, uint64_t v)
{
	uint8_t t[8];

	for (int i = 0; i < 8; i++)
		t[i] = (uint8_t)(v >> (8 * i));
	bb_put(bb, t, 8);
}

static inline void bb_u32(struct bytebuf *bb, uint32_t v)
{
	uint8_t t[4];

	for (int i = 0; i < 4; i++)
		t[i] = (uint8_t)(v >> (8 * i));
	bb_put(bb, t, 4);
}

static inline void bb_u16(struct bytebuf *bb, uint16_t v)
{
	uint8_t t[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	bb_put(bb, t, 2);
}

static inline void bb_zero(struct bytebuf *bb, size_t len)
{
	static const uint8_t z[64];

	while (len) {
		size_t k = len < sizeof(z) ? len : sizeof(z);

		bb_put(bb, z, k);
		len -= k;
	}
}

/* A NUL-terminated string padded with NULs to a multiple of align. */
static inline void bb_str_padded(struct bytebuf *bb, const char *s, size_t align)
{
	size_t len = strlen(s) + 1;
	size_t padded = (len + align - 1) / align * align;

	bb_put(bb, s, len - 1);
	bb_zero(bb, padded - len + 1);
}

/* Patch a u16/u32/u64 already in the buffer. */
static inline void bb_set_u16(struct bytebuf *bb, size_t at, uint16_t v)
{
	bb->b[at] = (uint8_t)v;
	bb->b[at + 1] = (uint8_t)(v >> 8);
}

static inline void bb_set_u32(struct bytebuf *bb, size_t at, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		bb->b[at + i] = (uint8_t)(v >> (8 * i));
}

static inline void bb_set_u64(struct bytebuf *bb, size_t at, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		bb->b[at + i] = (uint8_t)(v >> (8 * i));
}

static inline uint16_t ld_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t ld_u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t ld_u64(const uint8_t *p)
{
	return (uint64_t)ld_u32(p) | (uint64_t)ld_u32(p + 4) << 32;
}

#endif
