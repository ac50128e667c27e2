/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SPE record decoder: groups packets into records. A record is every packet
 * up to and including an End or a Timestamp packet (Arm ARM D24 "Records";
 * spe-architecture.md 5.1); padding between records is skipped. Packets may
 * come in any order inside a record.
 */
#ifndef DECODE_SPE_RECORD_H
#define DECODE_SPE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/spe_error.h"

/* Which fields of struct spe_record were present (bits of .valid). */
enum spe_record_field {
	SPE_REC_PC		= 1u << 0,
	SPE_REC_BRANCH_TARGET	= 1u << 1,
	SPE_REC_DATA_VA		= 1u << 2,
	SPE_REC_DATA_PA		= 1u << 3,
	SPE_REC_PREV_BRANCH	= 1u << 4,
	SPE_REC_LAT_TOTAL	= 1u << 5,
	SPE_REC_LAT_ISSUE	= 1u << 6,
	SPE_REC_LAT_XLAT	= 1u << 7,
	SPE_REC_LAT_ALT_ISSUE	= 1u << 8,
	SPE_REC_EVENTS		= 1u << 9,
	SPE_REC_DATA_SOURCE	= 1u << 10,
	SPE_REC_CONTEXT_EL1	= 1u << 11,
	SPE_REC_CONTEXT_EL2	= 1u << 12,
	SPE_REC_OP_TYPE		= 1u << 13,
	SPE_REC_TIMESTAMP	= 1u << 14,
	SPE_REC_UNKNOWN_INDEX	= 1u << 15,	/* an address/counter index we do not name */
};

/* The operation kinds a report groups by (from the op-type class/subclass). */
enum spe_op_kind {
	SPE_OP_KIND_UNKNOWN,	/* no op-type packet */
	SPE_OP_KIND_OTHER,
	SPE_OP_KIND_LOAD,
	SPE_OP_KIND_STORE,
	SPE_OP_KIND_BRANCH,
	SPE_OP_KIND_RESERVED,	/* class 0b11 */
	SPE_OP_KIND_NR
};

struct spe_record {
	uint64_t offset;	/* of the record's first packet in the buffer */
	uint32_t size;		/* bytes from offset to the end of End/Timestamp */
	uint32_t valid;		/* enum spe_record_field bits */

	/* Address packet index 0: VA[55:0] sign-extended from bit 55. */
	uint64_t pc;
	uint8_t pc_el;		/* EL of the sampled operation */
	bool pc_ns;		/* Non-secure */
	bool pc_nse;		/* with NS: Realm (FEAT_RME) */
	uint8_t op_class;	/* op-type header bits [1:0] */
	uint8_t op_subclass;	/* op-type payload */

	uint64_t branch_target;	/* index 1, sign-extended like pc */
	uint64_t prev_branch_target;	/* index 4 (FEAT_SPE_PBT) */
	uint64_t data_va;	/* index 2, all 64 bits as recorded (tag byte kept) */
	uint64_t data_pa;	/* index 3, PA[55:0] */
	uint8_t pa_pat;		/* physical address tag */
	bool pa_ns;
	bool pa_ch;		/* MTE checked access */

	uint16_t lat_total;	/* counter 0 */
	uint16_t lat_issue;	/* counter 1 */
	uint16_t lat_xlat;	/* counter 2 */
	uint16_t lat_alt_issue;	/* counter 4 */

	uint64_t events;	/* events packet, bit n = event n */
	uint64_t data_source;
	uint32_t context[2];	/* CONTEXTIDR_EL1 (0), CONTEXTIDR_EL2 (1) */
	uint64_t timestamp;
	uint16_t nr_packets;	/* packets in the record, End/Timestamp included */
};

enum spe_op_kind spe_record_op_kind(const struct spe_record *rec);
const char *spe_op_kind_name(enum spe_op_kind kind);

/* A streaming record decoder over one buffer; same rules as spe_pkt_*. */
struct spe_record_decoder;

struct spe_record_decoder *spe_rec_alloc(const uint8_t *buf, size_t len);
void spe_rec_free(struct spe_record_decoder *dec);

/*
 * The next record. Returns 0, -SPE_ERR_EOS at the end (trailing padding
 * included), -SPE_ERR_TRUNCATED if the buffer ends inside a record (e.g. a
 * PMBSR_EL1.DL truncated last record), -SPE_ERR_BAD_PACKET or
 * -SPE_ERR_RECORD_TOO_LONG. After an error, spe_rec_get_offset() gives the
 * offending byte and the decoder needs spe_rec_sync_forward().
 */
int spe_rec_next(struct spe_record_decoder *dec, struct spe_record *rec);
int spe_rec_sync_forward(struct spe_record_decoder *dec);
int spe_rec_sync_set(struct spe_record_decoder *dec, uint64_t offset);
int spe_rec_get_offset(const struct spe_record_decoder *dec, uint64_t *offset);

#endif
