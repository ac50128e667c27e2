/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Private to the library: header-byte tables for the record decoder's hot
 * loop, on top of the inline packet decoder.
 */
#ifndef DECODE_SPE_PACKET_DECODE_H
#define DECODE_SPE_PACKET_DECODE_H

#include <string.h>

#include "arch/spe-packet.h"
#include "decode/spe_packet_inline.h"

/*
 * What each header byte starts, as a compile-time table (Arm ARM D24
 * packet headers; spe-architecture.md 5.2). The payload length of a kind
 * with a payload is 1 << sz (header bits [5:4]) in every case.
 */
enum spe_hdr_kind {
	SPE_HK_BAD, SPE_HK_PAD, SPE_HK_END, SPE_HK_TS, SPE_HK_ADDR, SPE_HK_CTR,
	SPE_HK_CTX, SPE_HK_OP, SPE_HK_EV, SPE_HK_DS, SPE_HK_EXT,
};

#define SPE_HK(h) ((uint8_t)( \
	(h) == SPE_HDR_PADDING ? SPE_HK_PAD : \
	(h) == SPE_HDR_END ? SPE_HK_END : \
	(h) == SPE_HDR_TIMESTAMP ? SPE_HK_TS : \
	((h) & SPE_HDR_ADDRESS_MASK) == SPE_HDR_ADDRESS ? SPE_HK_ADDR : \
	((h) & SPE_HDR_COUNTER_MASK) == SPE_HDR_COUNTER ? SPE_HK_CTR : \
	((h) & SPE_HDR_CONTEXT_MASK) == SPE_HDR_CONTEXT ? SPE_HK_CTX : \
	((h) & SPE_HDR_OP_TYPE_MASK) == SPE_HDR_OP_TYPE ? SPE_HK_OP : \
	((h) & SPE_HDR_EVENTS_MASK) == SPE_HDR_EVENTS ? SPE_HK_EV : \
	((h) & SPE_HDR_DATA_SOURCE_MASK) == SPE_HDR_DATA_SOURCE ? SPE_HK_DS : \
	((h) & SPE_HDR_EXTENDED_MASK) == SPE_HDR_EXTENDED ? SPE_HK_EXT : SPE_HK_BAD))
#define SPE_HK4(h)	SPE_HK(h), SPE_HK((h) + 1), SPE_HK((h) + 2), SPE_HK((h) + 3)
#define SPE_HK16(h)	SPE_HK4(h), SPE_HK4((h) + 4), SPE_HK4((h) + 8), SPE_HK4((h) + 12)
#define SPE_HK64(h)	SPE_HK16(h), SPE_HK16((h) + 16), SPE_HK16((h) + 32), SPE_HK16((h) + 48)

static const uint8_t spe_hdr_kind[256] = {
	SPE_HK64(0), SPE_HK64(64), SPE_HK64(128), SPE_HK64(192)
};

/* Payload masks by length 0..8 (only 1, 2, 4, 8 occur). */
static const uint64_t spe_len_mask[9] = {
	0, 0xff, 0xffff, 0, 0xffffffffull, 0, 0, 0, ~0ull
};

/* Eight bytes at p, little-endian; p..p+7 must be valid. */
static inline uint64_t spe_ld64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

#endif
