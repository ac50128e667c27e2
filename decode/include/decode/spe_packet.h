/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SPE packet decoder (record format 0, FEAT_SPE .. FEAT_SPEv1p2 and the
 * later additive packet indices). Zero-copy: the decoder reads the caller's
 * buffer, which must outlive it, and never reads outside [buf, buf + len).
 *
 * SPE has no synchronisation packet: a profiling buffer always starts at a
 * record boundary (the unit writes whole records from PMBPTR_EL1), so a new
 * decoder is synchronised at offset 0. After an error the decoder stays at
 * the offending byte; spe_pkt_sync_forward() moves to the next offset from
 * which a whole record decodes.
 */
#ifndef DECODE_SPE_PACKET_H
#define DECODE_SPE_PACKET_H

#include <stddef.h>
#include <stdint.h>

#include "decode/spe_error.h"

enum spe_packet_type {
	SPE_PKT_PAD,
	SPE_PKT_END,
	SPE_PKT_TIMESTAMP,
	SPE_PKT_ADDRESS,
	SPE_PKT_COUNTER,
	SPE_PKT_CONTEXT,
	SPE_PKT_OP_TYPE,
	SPE_PKT_EVENTS,
	SPE_PKT_DATA_SOURCE,
	SPE_PKT_NR_TYPES
};

/* The largest packet: extended header (2 bytes) + 8-byte payload. */
#define SPE_PACKET_MAX_SIZE	10
/* The largest record an implementation may write (PMSIDR_EL1.MaxSize 2 KiB). */
#define SPE_RECORD_MAX_SIZE	2048

struct spe_packet {
	uint8_t type;		/* enum spe_packet_type */
	uint8_t index;		/* address/counter/context index, op-type class */
	uint8_t size;		/* whole packet in bytes: header(s) + payload */
	uint8_t payload_len;	/* 0, 1, 2, 4 or 8 */
	uint64_t payload;	/* little-endian payload, zero-extended */
};

/*
 * Decode the one packet at buf. Returns its size in bytes (> 0), or
 * -SPE_ERR_TRUNCATED when it runs past len, -SPE_ERR_BAD_PACKET for a
 * header no packet uses, -SPE_ERR_EOS when len is 0.
 */
int spe_packet_decode(const uint8_t *buf, size_t len, struct spe_packet *pkt);

/* The packet's name as perf prints it ("PAD", "ADDR", "LAT", ...). */
const char *spe_packet_name(enum spe_packet_type type);

/*
 * Describe a packet in one line without a newline, in the words perf's
 * raw dump uses. Writes at most len bytes including the NUL; returns the
 * length written (truncated if len is too small), or -SPE_ERR_INVAL.
 */
int spe_packet_describe(const struct spe_packet *pkt, char *buf, size_t len);

/* A streaming decoder over one buffer. */
struct spe_packet_decoder;

struct spe_packet_decoder *spe_pkt_alloc(const uint8_t *buf, size_t len);
void spe_pkt_free(struct spe_packet_decoder *dec);

/*
 * The next packet. Returns 0, -SPE_ERR_EOS at the end, or an error; after
 * an error the offset stays at the bad byte and the decoder is unsynced
 * (further calls return -SPE_ERR_NOSYNC until a sync).
 */
int spe_pkt_next(struct spe_packet_decoder *dec, struct spe_packet *pkt);

/* Move to the next record start after the current offset. 0 or -EOS. */
int spe_pkt_sync_forward(struct spe_packet_decoder *dec);

/* Move to a given offset (trusted to be a packet boundary). */
int spe_pkt_sync_set(struct spe_packet_decoder *dec, uint64_t offset);

/* The offset of the next packet, or of the bad byte after an error. */
int spe_pkt_get_offset(const struct spe_packet_decoder *dec, uint64_t *offset);

/*
 * The first offset >= from at which a whole record (packets up to End or
 * Timestamp, at most SPE_RECORD_MAX_SIZE bytes, not only padding) decodes;
 * len if there is none. Shared by both decoders' sync_forward.
 */
size_t spe_find_record_start(const uint8_t *buf, size_t len, size_t from);

#endif
