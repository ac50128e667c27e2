/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The packet decoder as an inline function, for loops over hundreds of
 * millions of packets (a dump) where the call itself shows: the same
 * decoding as spe_packet_decode(), without its argument checks (buf must
 * be valid for len bytes, pkt not NULL).
 */
#ifndef DECODE_SPE_PACKET_INLINE_H
#define DECODE_SPE_PACKET_INLINE_H

#include <string.h>

#include "arch/spe-packet.h"
#include "decode/spe_packet.h"

/* Read n (1, 2, 4 or 8) little-endian bytes; n bytes at p must be valid. */
static inline uint64_t spe_read_le(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;

	switch (n) {
	case 1:
		return p[0];
	case 2: {
		uint16_t v16;

		memcpy(&v16, p, 2);
		v = v16;
		break;
	}
	case 4: {
		uint32_t v32;

		memcpy(&v32, p, 4);
		v = v32;
		break;
	}
	default:
		memcpy(&v, p, 8);
		break;
	}
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v) >> (64 - 8 * n);
#endif
	return v;
}

/*
 * Decode one packet (Arm ARM D24.x "Statistical Profiling Extension packet
 * formats"; header = class[7:6]:sz[5:4]:type[3:0], payload 1 << sz bytes).
 * Address/Counter/Context/Op-type headers are matched including their sz
 * bits, which fix their payload sizes (8/2/4/1).
 */
static inline int spe_packet_decode_inline(const uint8_t *buf, size_t len,
					   struct spe_packet *pkt)
{
	unsigned int hdr, hlen = 1, plen, index = 0, type;

	if (len == 0)
		return -SPE_ERR_EOS;
	hdr = buf[0];
	if ((hdr & SPE_HDR_ADDRESS_MASK) == SPE_HDR_ADDRESS) {
		type = SPE_PKT_ADDRESS;
		index = hdr & SPE_HDR_INDEX_LO_MASK;
	} else if ((hdr & SPE_HDR_COUNTER_MASK) == SPE_HDR_COUNTER) {
		type = SPE_PKT_COUNTER;
		index = hdr & SPE_HDR_INDEX_LO_MASK;
	} else if ((hdr & SPE_HDR_EVENTS_MASK) == SPE_HDR_EVENTS) {
		type = SPE_PKT_EVENTS;
	} else if ((hdr & SPE_HDR_DATA_SOURCE_MASK) == SPE_HDR_DATA_SOURCE) {
		type = SPE_PKT_DATA_SOURCE;
	} else if ((hdr & SPE_HDR_OP_TYPE_MASK) == SPE_HDR_OP_TYPE) {
		type = SPE_PKT_OP_TYPE;
		index = hdr & SPE_HDR_OP_CLASS_MASK;
	} else if (hdr == SPE_HDR_TIMESTAMP) {
		type = SPE_PKT_TIMESTAMP;
	} else if (hdr == SPE_HDR_END || hdr == SPE_HDR_PADDING) {
		pkt->type = hdr == SPE_HDR_END ? SPE_PKT_END : SPE_PKT_PAD;
		pkt->index = 0;
		pkt->size = 1;
		pkt->payload_len = 0;
		pkt->payload = 0;
		return 1;
	} else if ((hdr & SPE_HDR_CONTEXT_MASK) == SPE_HDR_CONTEXT) {
		type = SPE_PKT_CONTEXT;
		index = hdr & SPE_HDR_CONTEXT_IDX_MASK;
	} else if ((hdr & SPE_HDR_EXTENDED_MASK) == SPE_HDR_EXTENDED) {
		/* Extended header: index[4:3] here, then an Address/Counter header. */
		if (len < 2)
			return -SPE_ERR_TRUNCATED;
		hlen = 2;
		index = (hdr & SPE_HDR_EXT_INDEX_HI_MASK) << 3;
		hdr = buf[1];
		index |= hdr & SPE_HDR_INDEX_LO_MASK;
		if ((hdr & SPE_HDR_ADDRESS_MASK) == SPE_HDR_ADDRESS)
			type = SPE_PKT_ADDRESS;
		else if ((hdr & SPE_HDR_COUNTER_MASK) == SPE_HDR_COUNTER)
			type = SPE_PKT_COUNTER;
		else
			return -SPE_ERR_BAD_PACKET;
	} else {
		return -SPE_ERR_BAD_PACKET;
	}
	plen = SPE_HDR_PAYLOAD_LEN(hdr);
	if (len < hlen + plen)
		return -SPE_ERR_TRUNCATED;
	pkt->type = (uint8_t)type;
	pkt->index = (uint8_t)index;
	pkt->size = (uint8_t)(hlen + plen);
	pkt->payload_len = (uint8_t)plen;
	pkt->payload = spe_read_le(buf + hlen, plen);
	return (int)(hlen + plen);
}

#endif
