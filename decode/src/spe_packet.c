// SPDX-License-Identifier: GPL-2.0-only
/*
 * SPE packet decoder: one packet at a time over a caller's buffer, and the
 * one-line descriptions `vspe dump` prints (the words of perf's raw dump,
 * so both outputs can be compared line by line).
 */
#include <stdbool.h>
#include <stdlib.h>

#include "decode/spe_packet.h"
#include "spe_cursor.h"
#include "spe_packet_decode.h"
#include "strbuf.h"

int spe_packet_decode(const uint8_t *buf, size_t len, struct spe_packet *pkt)
{
	if (!pkt || (!buf && len))
		return -SPE_ERR_INVAL;
	return spe_packet_decode_inline(buf, len, pkt);
}

static const char *const spe_packet_names[SPE_PKT_NR_TYPES] = {
	[SPE_PKT_PAD]		= "PAD",
	[SPE_PKT_END]		= "END",
	[SPE_PKT_TIMESTAMP]	= "TS",
	[SPE_PKT_ADDRESS]	= "ADDR",
	[SPE_PKT_COUNTER]	= "LAT",
	[SPE_PKT_CONTEXT]	= "CONTEXT",
	[SPE_PKT_OP_TYPE]	= "OP-TYPE",
	[SPE_PKT_EVENTS]	= "EVENTS",
	[SPE_PKT_DATA_SOURCE]	= "DATA-SOURCE",
};

const char *spe_packet_name(enum spe_packet_type type)
{
	if ((unsigned int)type >= SPE_PKT_NR_TYPES)
		return "BAD";
	return spe_packet_names[type];
}

/* Event bit names as perf prints them (spe-architecture.md 5.7). */
static const char *const spe_event_names[64] = {
	[SPE_EV_EXCEPTION_GEN] = "EXCEPTION-GEN",
	[SPE_EV_RETIRED] = "RETIRED",
	[SPE_EV_L1D_ACCESS] = "L1D-ACCESS",
	[SPE_EV_L1D_REFILL] = "L1D-REFILL",
	[SPE_EV_TLB_ACCESS] = "TLB-ACCESS",
	[SPE_EV_TLB_WALK] = "TLB-REFILL",
	[SPE_EV_NOT_TAKEN] = "NOT-TAKEN",
	[SPE_EV_MISPRED] = "MISPRED",
	[SPE_EV_LLC_ACCESS] = "LLC-ACCESS",
	[SPE_EV_LLC_MISS] = "LLC-REFILL",
	[SPE_EV_REMOTE_ACCESS] = "REMOTE-ACCESS",
	[SPE_EV_ALIGNMENT] = "ALIGNMENT",
	[SPE_EV_TRANSACTIONAL] = "TXN",
	[SPE_EV_SVE_PARTIAL_PRED] = "SVE-PARTIAL-PRED",
	[SPE_EV_SVE_EMPTY_PRED] = "SVE-EMPTY-PRED",
	[SPE_EV_L2D_ACCESS] = "L2D-ACCESS",
	[SPE_EV_L2D_MISS] = "L2D-MISS",
	[SPE_EV_CACHE_DATA_MODIFIED] = "HITM",
	[SPE_EV_RECENTLY_FETCHED] = "LFB",
	[SPE_EV_DATA_SNOOPED] = "SNOOPED",
};

static void describe_events(struct strbuf *sb, uint64_t ev)
{
	sb_puts(sb, "EV");
	/* Set bits in ascending order; IMPLEMENTATION DEFINED bits unnamed. */
	while (ev) {
		unsigned int bit = (unsigned int)__builtin_ctzll(ev);

		ev &= ev - 1;
		if (spe_event_names[bit]) {
			sb_putc(sb, ' ');
			sb_puts(sb, spe_event_names[bit]);
		}
	}
}

/* Effective vector length of SVE op types: 32 << EEE bits. */
static unsigned int sve_evl(uint64_t payload)
{
	return 32u << ((payload & SPE_OP_LDST_SVE_EVL_MASK) >> SPE_OP_LDST_SVE_EVL_SHIFT);
}

static void describe_ldst(struct strbuf *sb, uint64_t v)
{
	sb_puts(sb, v & SPE_OP_LDST_ST ? "ST" : "LD");
	if ((v & SPE_OP_LDST_EXT_MASK) == SPE_OP_LDST_EXT) {
		if (v & SPE_OP_LDST_AT)
			sb_puts(sb, " AT");
		if (v & SPE_OP_LDST_EXCL)
			sb_puts(sb, " EXCL");
		if (v & SPE_OP_LDST_AR)
			sb_puts(sb, " AR");
		return;
	}
	switch (v & SPE_OP_LDST_SUBCLASS_MASK) {
	case SPE_OP_LDST_SIMD_FP:
		sb_puts(sb, " SIMD-FP");
		return;
	case SPE_OP_LDST_GP_REG:
		sb_puts(sb, " GP-REG");
		return;
	case SPE_OP_LDST_UNSPEC:
		sb_puts(sb, " UNSPEC-REG");
		return;
	case SPE_OP_LDST_NV_SYSREG:
		sb_puts(sb, " NV-SYSREG");
		return;
	case SPE_OP_LDST_MTE_TAG:
		sb_puts(sb, " MTE-TAG");
		return;
	case SPE_OP_LDST_MEMCPY:
		sb_puts(sb, " MEMCPY");
		return;
	default:
		break;
	}
	if (v == SPE_OP_LDST_MEMSET) {
		sb_puts(sb, " MEMSET");
	} else if ((v & SPE_OP_LDST_SVE_MASK) == SPE_OP_LDST_SVE) {
		sb_puts(sb, " SVE EVLEN ");
		sb_dec(sb, sve_evl(v));
		if (v & SPE_OP_LDST_SVE_PRED)
			sb_puts(sb, " PRED");
		if (v & SPE_OP_LDST_SVE_SG)
			sb_puts(sb, " SG");
	} else if ((v & SPE_OP_LDST_GCS_MASK) == SPE_OP_LDST_GCS) {
		sb_puts(sb, " GCS");
		if (v & SPE_OP_LDST_GCS_COMM)
			sb_puts(sb, " COMM");
	}
}

static void describe_op_type(struct strbuf *sb, const struct spe_packet *pkt)
{
	uint64_t v = pkt->payload;

	switch (pkt->index) {
	case SPE_OP_CLASS_OTHER:
		if ((v & SPE_OP_OTHER_SVE_MASK) == SPE_OP_OTHER_SVE) {
			sb_puts(sb, "SVE-OTHER EVLEN ");
			sb_dec(sb, sve_evl(v));
			if (v & SPE_OP_OTHER_SVE_FP)
				sb_puts(sb, " FP");
			if (v & SPE_OP_OTHER_SVE_PRED)
				sb_puts(sb, " PRED");
		} else {
			sb_puts(sb, v & SPE_OP_OTHER_COND ? "OTHER COND-SELECT" : "OTHER INSN-OTHER");
		}
		break;
	case SPE_OP_CLASS_LDST:
		describe_ldst(sb, v);
		break;
	case SPE_OP_CLASS_BRANCH:
		sb_putc(sb, 'B');
		if (v & SPE_OP_BR_COND)
			sb_puts(sb, " COND");
		if (v & SPE_OP_BR_INDIRECT)
			sb_puts(sb, " IND");
		if (v & SPE_OP_BR_GCS)
			sb_puts(sb, " GCS");
		switch ((v & SPE_OP_BR_CR_MASK) >> SPE_OP_BR_CR_SHIFT) {
		case SPE_OP_BR_CR_CALL:
			sb_puts(sb, " CALL");
			break;
		case SPE_OP_BR_CR_RET:
			sb_puts(sb, " RET");
			break;
		case SPE_OP_BR_CR_OTHER:
			sb_puts(sb, " NON-CALL-RET");
			break;
		default:
			break;
		}
		break;
	default:
		sb_puts(sb, "OP-TYPE ");
		sb_hex0x(sb, v);
		sb_puts(sb, " (3)");
		break;
	}
}

static void describe_address(struct strbuf *sb, const struct spe_packet *pkt)
{
	uint64_t v = pkt->payload;

	switch (pkt->index) {
	case SPE_ADDR_IDX_PC:
	case SPE_ADDR_IDX_BRANCH_TARGET:
	case SPE_ADDR_IDX_PREV_BRANCH_TARGET:
		if (pkt->index == SPE_ADDR_IDX_PC)
			sb_put(sb, "PC ", 3);
		else
			sb_put(sb, pkt->index == SPE_ADDR_IDX_BRANCH_TARGET ? "TGT " : "PBT ", 4);
		sb_hex0x(sb, v & SPE_ADDR_VA_MASK);
		sb_puts(sb, " el");
		sb_dec(sb, (v & SPE_ADDR_EL_MASK) >> SPE_ADDR_EL_SHIFT);
		sb_puts(sb, v & SPE_ADDR_NS ? " ns=1" : " ns=0");
		break;
	case SPE_ADDR_IDX_DATA_VA:
		sb_puts(sb, "VA ");
		sb_hex0x(sb, v);
		break;
	case SPE_ADDR_IDX_DATA_PA:
		sb_puts(sb, "PA ");
		sb_hex0x(sb, v & SPE_ADDR_PA_MASK);
		sb_puts(sb, v & SPE_ADDR_NS ? " ns=1" : " ns=0");
		sb_puts(sb, v & SPE_ADDR_CH ? " ch=1" : " ch=0");
		sb_puts(sb, " pat=");
		sb_hex(sb, (v & SPE_ADDR_PAT_MASK) >> SPE_ADDR_PAT_SHIFT);
		break;
	default:
		sb_puts(sb, "ADDR ");
		sb_hex0x(sb, v);
		sb_puts(sb, " (");
		sb_dec(sb, pkt->index);
		sb_putc(sb, ')');
		break;
	}
}

static void describe_counter(struct strbuf *sb, const struct spe_packet *pkt)
{
	sb_puts(sb, "LAT ");
	sb_dec(sb, pkt->payload & 0xffff);
	switch (pkt->index) {
	case SPE_CNT_IDX_TOTAL_LAT:
		sb_puts(sb, " TOT");
		break;
	case SPE_CNT_IDX_ISSUE_LAT:
		sb_puts(sb, " ISSUE");
		break;
	case SPE_CNT_IDX_TRANS_LAT:
		sb_puts(sb, " XLAT");
		break;
	case SPE_CNT_IDX_ALT_ISSUE_LAT:
		sb_puts(sb, " ALT-ISSUE");
		break;
	default:
		sb_puts(sb, " (");
		sb_dec(sb, pkt->index);
		sb_putc(sb, ')');
		break;
	}
}

int spe_packet_describe(const struct spe_packet *pkt, char *buf, size_t len)
{
	struct strbuf sb;

	if (!pkt || !buf || !len)
		return -SPE_ERR_INVAL;
	sb_init(&sb, buf, len);
	switch (pkt->type) {
	case SPE_PKT_PAD:
	case SPE_PKT_END:
		sb_puts(&sb, spe_packet_name(pkt->type));
		break;
	case SPE_PKT_TIMESTAMP:
		sb_puts(&sb, "TS ");
		sb_dec(&sb, pkt->payload);
		break;
	case SPE_PKT_DATA_SOURCE:
		sb_puts(&sb, "DATA-SOURCE ");
		sb_dec(&sb, pkt->payload);
		break;
	case SPE_PKT_ADDRESS:
		describe_address(&sb, pkt);
		break;
	case SPE_PKT_COUNTER:
		describe_counter(&sb, pkt);
		break;
	case SPE_PKT_CONTEXT:
		sb_puts(&sb, "CONTEXT ");
		sb_hex0x(&sb, pkt->payload);
		sb_puts(&sb, " el");
		sb_dec(&sb, (uint64_t)pkt->index + 1);
		break;
	case SPE_PKT_OP_TYPE:
		describe_op_type(&sb, pkt);
		break;
	case SPE_PKT_EVENTS:
		describe_events(&sb, pkt->payload);
		break;
	default:
		return -SPE_ERR_INVAL;
	}
	return sb_finish(&sb, buf);
}

size_t spe_find_record_start(const uint8_t *buf, size_t len, size_t from)
{
	struct spe_packet pkt;

	for (; from < len; from++) {
		size_t pos = from;
		bool content = false;

		/* A record never starts with padding; skip it to the next byte. */
		if (buf[from] == SPE_HDR_PADDING)
			continue;
		while (pos - from < SPE_RECORD_MAX_SIZE) {
			int n = spe_packet_decode_inline(buf + pos, len - pos, &pkt);

			if (n < 0 || pkt.type == SPE_PKT_PAD)
				break;
			pos += (size_t)n;
			if (pkt.type == SPE_PKT_END || pkt.type == SPE_PKT_TIMESTAMP) {
				if (content)
					return from;
				break;
			}
			content = true;
		}
	}
	return len;
}

struct spe_packet_decoder {
	struct spe_cursor cur;
};

struct spe_packet_decoder *spe_pkt_alloc(const uint8_t *buf, size_t len)
{
	struct spe_packet_decoder *dec;

	if (!buf && len)
		return NULL;
	dec = calloc(1, sizeof(*dec));
	if (!dec)
		return NULL;
	spe_cursor_init(&dec->cur, buf, len);
	return dec;
}

void spe_pkt_free(struct spe_packet_decoder *dec)
{
	free(dec);
}

int spe_pkt_next(struct spe_packet_decoder *dec, struct spe_packet *pkt)
{
	int n;

	if (!dec || !pkt)
		return -SPE_ERR_INVAL;
	if (!dec->cur.synced)
		return -SPE_ERR_NOSYNC;
	n = spe_packet_decode_inline(dec->cur.buf + dec->cur.pos, dec->cur.len - dec->cur.pos, pkt);
	if (n < 0) {
		if (n != -SPE_ERR_EOS)
			dec->cur.synced = false;
		return n;
	}
	dec->cur.pos += (size_t)n;
	return 0;
}

int spe_pkt_sync_forward(struct spe_packet_decoder *dec)
{
	if (!dec)
		return -SPE_ERR_INVAL;
	return spe_cursor_sync_forward(&dec->cur);
}

int spe_pkt_sync_set(struct spe_packet_decoder *dec, uint64_t offset)
{
	if (!dec)
		return -SPE_ERR_INVAL;
	return spe_cursor_sync_set(&dec->cur, offset);
}

int spe_pkt_get_offset(const struct spe_packet_decoder *dec, uint64_t *offset)
{
	if (!dec || !offset)
		return -SPE_ERR_INVAL;
	*offset = dec->cur.pos;
	return 0;
}
