// SPDX-License-Identifier: GPL-2.0-only
/*
 * SPE record encoder, format 0 (Arm ARM D24.x packet descriptions; facts in
 * shared/docs/spe-architecture.md section 5). Multi-byte payloads are
 * little-endian; a record ends with Timestamp or End and is padded with
 * 0x00 to a multiple of 2^PMBIDR_EL1.Align.
 */
#include <string.h>

#include "hw/spe.h"

#include "arch/spe-packet.h"

#define REC_BUF_MAX	2048	/* 2^11, the largest MaxSize */

struct emitter {
	uint8_t buf[REC_BUF_MAX];
	size_t len;
};

static void put_le(struct emitter *e, uint64_t v, unsigned int bytes)
{
	for (unsigned int i = 0; i < bytes; i++)
		e->buf[e->len++] = (uint8_t)(v >> (8 * i));
}

static void put_packet(struct emitter *e, uint8_t hdr, uint64_t payload)
{
	e->buf[e->len++] = hdr;
	put_le(e, payload, SPE_HDR_PAYLOAD_LEN(hdr));
}

static int size_code(unsigned int bytes)
{
	switch (bytes) {
	case 1: return SPE_SZ_1;
	case 2: return SPE_SZ_2;
	case 4: return SPE_SZ_4;
	case 8: return SPE_SZ_8;
	default: return -1;
	}
}

static uint64_t saturate(uint32_t v, unsigned int bits)
{
	uint32_t max = bits == 16 ? SPE_COUNTER_MAX_16BIT : SPE_COUNTER_MAX_12BIT;

	return v > max ? max : v;
}

/* PC-like address payload: VA[55:0], EL in [62:61], NS in [63]. */
static uint64_t pc_payload(uint64_t va, uint8_t el, bool ns)
{
	return (va & SPE_ADDR_VA_MASK) | ((uint64_t)(el & 3) << SPE_ADDR_EL_SHIFT) |
	       (ns ? SPE_ADDR_NS : 0);
}

/* Data PA payload: PA[55:0], NS in [63]; CH, NSE and PAT are 0 (no MTE, no RME). */
static uint64_t pa_payload(uint64_t pa, bool ns)
{
	return (pa & SPE_ADDR_PA_MASK) | (ns ? SPE_ADDR_NS : 0);
}

static bool format_valid(const struct spe_unit_record_format *f)
{
	return (f->count_bits == 12 || f->count_bits == 16) && size_code(f->events_bytes) >= 0 &&
	       size_code(f->data_source_bytes) >= 0 && f->align_log2 <= 11 &&
	       f->max_size >= 16 && f->max_size <= REC_BUF_MAX;
}

size_t spe_unit_record_max_len(const struct spe_unit_record_format *f)
{
	/*
	 * Two contexts (5 each), three counters (3 each), PC + data VA + data
	 * PA (9 each; a branch target comes instead of the data addresses),
	 * data source, op type, events, timestamp (9).
	 */
	return 10 + 9 + 27 + (1u + f->data_source_bytes) + 2 + (1u + f->events_bytes) + 9;
}

int spe_unit_record_encode(const struct spe_unit_record *r, const struct spe_unit_record_format *f,
		      uint8_t *out, size_t cap)
{
	struct emitter e;
	unsigned int align;
	uint32_t p;

	if (!r || !f || !out || !format_valid(f))
		return SPE_UNIT_EINVAL;
	p = r->present;
	e.len = 0;
	if (p & SPE_UREC_CTX_EL1)
		put_packet(&e, SPE_HDR_CONTEXT | SPE_CONTEXT_IDX_EL1, r->ctx_el1);
	if (p & SPE_UREC_CTX_EL2)
		put_packet(&e, SPE_HDR_CONTEXT | SPE_CONTEXT_IDX_EL2, r->ctx_el2);
	if (p & SPE_UREC_LAT_TOTAL)
		put_packet(&e, SPE_HDR_COUNTER | SPE_CNT_IDX_TOTAL_LAT,
			   saturate(r->lat_total, f->count_bits));
	if (p & SPE_UREC_LAT_ISSUE)
		put_packet(&e, SPE_HDR_COUNTER | SPE_CNT_IDX_ISSUE_LAT,
			   saturate(r->lat_issue, f->count_bits));
	if (p & SPE_UREC_LAT_XLAT)
		put_packet(&e, SPE_HDR_COUNTER | SPE_CNT_IDX_TRANS_LAT,
			   saturate(r->lat_xlat, f->count_bits));
	if (p & SPE_UREC_PC)
		put_packet(&e, SPE_HDR_ADDRESS | SPE_ADDR_IDX_PC, pc_payload(r->pc, r->pc_el, r->ns));
	if (p & SPE_UREC_TARGET)
		put_packet(&e, SPE_HDR_ADDRESS | SPE_ADDR_IDX_BRANCH_TARGET,
			   pc_payload(r->target, r->target_el, r->ns));
	if (p & SPE_UREC_DATA_VA)
		put_packet(&e, SPE_HDR_ADDRESS | SPE_ADDR_IDX_DATA_VA, r->data_va);
	if (p & SPE_UREC_DATA_PA)
		put_packet(&e, SPE_HDR_ADDRESS | SPE_ADDR_IDX_DATA_PA, pa_payload(r->data_pa, r->ns));
	if (p & SPE_UREC_DATA_SOURCE)
		put_packet(&e, (uint8_t)(SPE_HDR_DATA_SOURCE |
					 (size_code(f->data_source_bytes) << SPE_HDR_SZ_SHIFT)),
			   r->data_source);
	if (p & SPE_UREC_OP_TYPE)
		put_packet(&e, (uint8_t)(SPE_HDR_OP_TYPE | (r->op_class & 3)), r->op_subclass);
	if (p & SPE_UREC_EVENTS)
		put_packet(&e, (uint8_t)(SPE_HDR_EVENTS |
					 (size_code(f->events_bytes) << SPE_HDR_SZ_SHIFT)),
			   r->events);
	if (p & SPE_UREC_TIMESTAMP)
		put_packet(&e, SPE_HDR_TIMESTAMP, r->timestamp);
	else
		e.buf[e.len++] = SPE_HDR_END;
	align = 1u << f->align_log2;
	while (e.len % align)
		e.buf[e.len++] = SPE_HDR_PADDING;
	if (e.len > f->max_size || e.len > cap)
		return SPE_UNIT_ENOSPC;
	memcpy(out, e.buf, e.len);
	return (int)e.len;
}
