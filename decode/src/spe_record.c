// SPDX-License-Identifier: GPL-2.0-only
/*
 * SPE record decoder. The hot loop decodes packets inline and folds each
 * into the record, so decoding costs a few branches per packet.
 */
#include <stdlib.h>

#include "decode/spe_record.h"
#include "spe_cursor.h"
#include "spe_packet_decode.h"

struct spe_record_decoder {
	struct spe_cursor cur;
};

/* PC-like payloads: VA[55:0] sign-extended from bit 55 (TTBR1 half). */
static inline uint64_t pc_va(uint64_t payload)
{
	return (uint64_t)((int64_t)(payload << 8) >> 8);
}

static inline void fold_address(struct spe_record *rec, const struct spe_packet *pkt)
{
	uint64_t v = pkt->payload;

	/* By frequency: every record has a PC; loads/stores have VA and PA. */
	if (pkt->index == SPE_ADDR_IDX_PC) {
		rec->valid |= SPE_REC_PC;
		rec->pc = pc_va(v);
		rec->pc_el = (uint8_t)((v & SPE_ADDR_EL_MASK) >> SPE_ADDR_EL_SHIFT);
		rec->pc_ns = !!(v & SPE_ADDR_NS);
		rec->pc_nse = !!(v & SPE_ADDR_NSE);
	} else if (pkt->index == SPE_ADDR_IDX_DATA_VA) {
		rec->valid |= SPE_REC_DATA_VA;
		rec->data_va = v;
	} else if (pkt->index == SPE_ADDR_IDX_DATA_PA) {
		rec->valid |= SPE_REC_DATA_PA;
		rec->data_pa = v & SPE_ADDR_PA_MASK;
		rec->pa_pat = (uint8_t)((v & SPE_ADDR_PAT_MASK) >> SPE_ADDR_PAT_SHIFT);
		rec->pa_ns = !!(v & SPE_ADDR_NS);
		rec->pa_ch = !!(v & SPE_ADDR_CH);
	} else if (pkt->index == SPE_ADDR_IDX_BRANCH_TARGET) {
		rec->valid |= SPE_REC_BRANCH_TARGET;
		rec->branch_target = pc_va(v);
	} else if (pkt->index == SPE_ADDR_IDX_PREV_BRANCH_TARGET) {
		rec->valid |= SPE_REC_PREV_BRANCH;
		rec->prev_branch_target = pc_va(v);
	} else {
		rec->valid |= SPE_REC_UNKNOWN_INDEX;
	}
}

static inline void fold_counter(struct spe_record *rec, const struct spe_packet *pkt)
{
	uint16_t v = (uint16_t)pkt->payload;

	if (pkt->index == SPE_CNT_IDX_TOTAL_LAT) {
		rec->valid |= SPE_REC_LAT_TOTAL;
		rec->lat_total = v;
	} else if (pkt->index == SPE_CNT_IDX_ISSUE_LAT) {
		rec->valid |= SPE_REC_LAT_ISSUE;
		rec->lat_issue = v;
	} else if (pkt->index == SPE_CNT_IDX_TRANS_LAT) {
		rec->valid |= SPE_REC_LAT_XLAT;
		rec->lat_xlat = v;
	} else if (pkt->index == SPE_CNT_IDX_ALT_ISSUE_LAT) {
		rec->valid |= SPE_REC_LAT_ALT_ISSUE;
		rec->lat_alt_issue = v;
	} else {
		rec->valid |= SPE_REC_UNKNOWN_INDEX;
	}
}

/*
 * Zero a record field by field: for a 120-byte struct, memset becomes a
 * `rep stos` whose start-up cost was 18% of decoding; plain stores merge.
 */
static inline void rec_clear(struct spe_record *r)
{
	r->offset = 0;
	r->size = 0;
	r->valid = 0;
	r->pc = 0;
	r->pc_el = 0;
	r->pc_ns = false;
	r->pc_nse = false;
	r->op_class = 0;
	r->op_subclass = 0;
	r->branch_target = 0;
	r->prev_branch_target = 0;
	r->data_va = 0;
	r->data_pa = 0;
	r->pa_pat = 0;
	r->pa_ns = false;
	r->pa_ch = false;
	r->lat_total = 0;
	r->lat_issue = 0;
	r->lat_xlat = 0;
	r->lat_alt_issue = 0;
	r->events = 0;
	r->data_source = 0;
	r->context[0] = 0;
	r->context[1] = 0;
	r->timestamp = 0;
	r->nr_packets = 0;
}

/* Fold one decoded packet into the record; true when it ends the record. */
static inline bool fold_packet(struct spe_record *rec, const struct spe_packet *pkt)
{
	switch (pkt->type) {
	case SPE_PKT_ADDRESS:
		fold_address(rec, pkt);
		break;
	case SPE_PKT_COUNTER:
		fold_counter(rec, pkt);
		break;
	case SPE_PKT_EVENTS:
		rec->valid |= SPE_REC_EVENTS;
		rec->events = pkt->payload;
		break;
	case SPE_PKT_DATA_SOURCE:
		rec->valid |= SPE_REC_DATA_SOURCE;
		rec->data_source = pkt->payload;
		break;
	case SPE_PKT_OP_TYPE:
		rec->valid |= SPE_REC_OP_TYPE;
		rec->op_class = pkt->index;
		rec->op_subclass = (uint8_t)pkt->payload;
		break;
	case SPE_PKT_CONTEXT:
		if (pkt->index == SPE_CONTEXT_IDX_EL1) {
			rec->valid |= SPE_REC_CONTEXT_EL1;
			rec->context[0] = (uint32_t)pkt->payload;
		} else if (pkt->index == SPE_CONTEXT_IDX_EL2) {
			rec->valid |= SPE_REC_CONTEXT_EL2;
			rec->context[1] = (uint32_t)pkt->payload;
		} else {
			rec->valid |= SPE_REC_UNKNOWN_INDEX;
		}
		break;
	case SPE_PKT_TIMESTAMP:
		rec->valid |= SPE_REC_TIMESTAMP;
		rec->timestamp = pkt->payload;
		rec->nr_packets++;
		return true;
	case SPE_PKT_END:
		rec->nr_packets++;
		return true;
	default:
		/* Padding inside a record: allowed and ignored. */
		return false;
	}
	rec->nr_packets++;
	return false;
}

/*
 * Decode one record starting at pos (padding before it skipped). Returns 0
 * and sets *next, or an error with *next at the offending byte.
 *
 * The fast path handles a packet whose longest possible form (10 bytes)
 * fits in the buffer: one table lookup on the header byte, then it reads
 * 8 payload bytes at once and masks them to the packet's length. Near the
 * end of the buffer, and for extended headers and bad bytes, the careful
 * decoder takes over.
 */
static int decode_one(const uint8_t *restrict buf, size_t len, size_t pos,
		      struct spe_record *restrict rec, size_t *next)
{
	/*
	 * restrict: stores to rec cannot alias buf (a byte pointer may alias
	 * anything), so the compiler need not reload after each store.
	 */
	struct spe_packet pkt;
	size_t start, fast_end;
	int n;

	while (pos < len && buf[pos] == SPE_HDR_PADDING)
		pos++;
	if (pos >= len) {
		*next = len;
		return -SPE_ERR_EOS;
	}
	rec_clear(rec);
	start = pos;
	rec->offset = start;
	/* pos < fast_end: the longest packet fits and the record is not too long. */
	fast_end = len >= SPE_PACKET_MAX_SIZE ? len - SPE_PACKET_MAX_SIZE + 1 : 0;
	if (fast_end > start + SPE_RECORD_MAX_SIZE)
		fast_end = start + SPE_RECORD_MAX_SIZE;
	for (;;) {
		unsigned int h, plen;

		if (pos < fast_end) {
			unsigned int k;

			h = buf[pos];
			/* Most frequent first: addresses, counters, events, op type. */
			if ((h & SPE_HDR_ADDRESS_MASK) == SPE_HDR_ADDRESS) {
				pkt.index = (uint8_t)(h & SPE_HDR_INDEX_LO_MASK);
				pkt.payload = spe_ld64(buf + pos + 1);
				pos += 9;
				fold_address(rec, &pkt);
				rec->nr_packets++;
				continue;
			}
			if ((h & SPE_HDR_COUNTER_MASK) == SPE_HDR_COUNTER) {
				pkt.index = (uint8_t)(h & SPE_HDR_INDEX_LO_MASK);
				pkt.payload = spe_ld64(buf + pos + 1) & 0xffff;
				pos += 3;
				fold_counter(rec, &pkt);
				rec->nr_packets++;
				continue;
			}
			k = spe_hdr_kind[h];
			if (k == SPE_HK_EV || k == SPE_HK_DS) {
				uint64_t v;

				plen = 1u << SPE_HDR_SZ(h);
				v = spe_ld64(buf + pos + 1) & spe_len_mask[plen];
				pos += 1 + plen;
				rec->nr_packets++;
				if (k == SPE_HK_EV) {
					rec->valid |= SPE_REC_EVENTS;
					rec->events = v;
				} else {
					rec->valid |= SPE_REC_DATA_SOURCE;
					rec->data_source = v;
				}
				continue;
			}
			if (k == SPE_HK_OP) {
				rec->valid |= SPE_REC_OP_TYPE;
				rec->op_class = (uint8_t)(h & SPE_HDR_OP_CLASS_MASK);
				rec->op_subclass = buf[pos + 1];
				pos += 2;
				rec->nr_packets++;
				continue;
			}
			if (k == SPE_HK_TS) {
				rec->valid |= SPE_REC_TIMESTAMP;
				rec->timestamp = spe_ld64(buf + pos + 1);
				pos += 9;
				rec->nr_packets++;
				goto done;
			}
			if (k == SPE_HK_END) {
				pos += 1;
				rec->nr_packets++;
				goto done;
			}
			/* The rest, and errors, the careful way. */
		}
		if (pos - start >= SPE_RECORD_MAX_SIZE) {
			*next = start;
			return -SPE_ERR_RECORD_TOO_LONG;
		}
		n = spe_packet_decode_inline(buf + pos, len - pos, &pkt);
		if (n < 0) {
			*next = pos;
			return n == -SPE_ERR_EOS ? -SPE_ERR_TRUNCATED : n;
		}
		pos += (size_t)n;
		if (fold_packet(rec, &pkt))
			goto done;
	}
done:
	rec->size = (uint32_t)(pos - start);
	*next = pos;
	return 0;
}

struct spe_record_decoder *spe_rec_alloc(const uint8_t *buf, size_t len)
{
	struct spe_record_decoder *dec;

	if (!buf && len)
		return NULL;
	dec = calloc(1, sizeof(*dec));
	if (!dec)
		return NULL;
	spe_cursor_init(&dec->cur, buf, len);
	return dec;
}

void spe_rec_free(struct spe_record_decoder *dec)
{
	free(dec);
}

int spe_rec_next(struct spe_record_decoder *dec, struct spe_record *rec)
{
	size_t next;
	int err;

	if (!dec || !rec)
		return -SPE_ERR_INVAL;
	if (!dec->cur.synced)
		return -SPE_ERR_NOSYNC;
	err = decode_one(dec->cur.buf, dec->cur.len, dec->cur.pos, rec, &next);
	dec->cur.pos = next;
	if (err < 0 && err != -SPE_ERR_EOS)
		dec->cur.synced = false;
	return err;
}

int spe_rec_sync_forward(struct spe_record_decoder *dec)
{
	if (!dec)
		return -SPE_ERR_INVAL;
	return spe_cursor_sync_forward(&dec->cur);
}

int spe_rec_sync_set(struct spe_record_decoder *dec, uint64_t offset)
{
	if (!dec)
		return -SPE_ERR_INVAL;
	return spe_cursor_sync_set(&dec->cur, offset);
}

int spe_rec_get_offset(const struct spe_record_decoder *dec, uint64_t *offset)
{
	if (!dec || !offset)
		return -SPE_ERR_INVAL;
	*offset = dec->cur.pos;
	return 0;
}

enum spe_op_kind spe_record_op_kind(const struct spe_record *rec)
{
	if (!rec || !(rec->valid & SPE_REC_OP_TYPE))
		return SPE_OP_KIND_UNKNOWN;
	switch (rec->op_class) {
	case SPE_OP_CLASS_OTHER:
		return SPE_OP_KIND_OTHER;
	case SPE_OP_CLASS_LDST:
		return rec->op_subclass & SPE_OP_LDST_ST ? SPE_OP_KIND_STORE : SPE_OP_KIND_LOAD;
	case SPE_OP_CLASS_BRANCH:
		return SPE_OP_KIND_BRANCH;
	default:
		return SPE_OP_KIND_RESERVED;
	}
}

const char *spe_op_kind_name(enum spe_op_kind kind)
{
	static const char *const names[SPE_OP_KIND_NR] = {
		[SPE_OP_KIND_UNKNOWN] = "unknown", [SPE_OP_KIND_OTHER] = "other",
		[SPE_OP_KIND_LOAD] = "load", [SPE_OP_KIND_STORE] = "store",
		[SPE_OP_KIND_BRANCH] = "branch", [SPE_OP_KIND_RESERVED] = "reserved",
	};

	if ((unsigned int)kind >= SPE_OP_KIND_NR)
		return "unknown";
	return names[kind];
}
