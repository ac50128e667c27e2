// SPDX-License-Identifier: GPL-2.0-only
/* Test/benchmark SPE encoder and synthetic workload (see spe_enc.h). */
#include <string.h>

#include "arch/spe-packet.h"
#include "spe_enc.h"

void spe_enc_init(struct spe_enc *e, uint8_t *buf, size_t cap)
{
	e->buf = buf;
	e->cap = cap;
	e->len = 0;
	e->overflow = 0;
}

static void put(struct spe_enc *e, const uint8_t *hdr, size_t hlen, uint64_t payload,
		size_t plen)
{
	if (e->overflow || e->cap - e->len < hlen + plen) {
		e->overflow = 1;
		return;
	}
	memcpy(e->buf + e->len, hdr, hlen);
	e->len += hlen;
	for (size_t i = 0; i < plen; i++)
		e->buf[e->len++] = (uint8_t)(payload >> (8 * i));
}

void spe_enc_pad(struct spe_enc *e, size_t n)
{
	const uint8_t h = SPE_HDR_PADDING;

	while (n--)
		put(e, &h, 1, 0, 0);
}

void spe_enc_end(struct spe_enc *e)
{
	const uint8_t h = SPE_HDR_END;

	put(e, &h, 1, 0, 0);
}

void spe_enc_timestamp(struct spe_enc *e, uint64_t ts)
{
	const uint8_t h = SPE_HDR_TIMESTAMP;

	put(e, &h, 1, ts, 8);
}

static void indexed(struct spe_enc *e, uint8_t base, unsigned int idx, uint64_t v,
		    size_t plen)
{
	uint8_t h[2];

	if (idx > SPE_HDR_INDEX_LO_MASK) {
		h[0] = (uint8_t)(SPE_HDR_EXTENDED | ((idx >> 3) & SPE_HDR_EXT_INDEX_HI_MASK));
		h[1] = (uint8_t)(base | (idx & SPE_HDR_INDEX_LO_MASK));
		put(e, h, 2, v, plen);
	} else {
		h[0] = (uint8_t)(base | idx);
		put(e, h, 1, v, plen);
	}
}

void spe_enc_address(struct spe_enc *e, unsigned int idx, uint64_t payload)
{
	indexed(e, SPE_HDR_ADDRESS, idx, payload, 8);
}

void spe_enc_counter(struct spe_enc *e, unsigned int idx, uint16_t value)
{
	indexed(e, SPE_HDR_COUNTER, idx, value, 2);
}

void spe_enc_events(struct spe_enc *e, unsigned int sz, uint64_t events)
{
	const uint8_t h = (uint8_t)(SPE_HDR_EVENTS | (sz << SPE_HDR_SZ_SHIFT));

	put(e, &h, 1, events, (size_t)1 << sz);
}

void spe_enc_data_source(struct spe_enc *e, unsigned int sz, uint64_t ds)
{
	const uint8_t h = (uint8_t)(SPE_HDR_DATA_SOURCE | (sz << SPE_HDR_SZ_SHIFT));

	put(e, &h, 1, ds, (size_t)1 << sz);
}

void spe_enc_context(struct spe_enc *e, unsigned int idx, uint32_t ctx)
{
	const uint8_t h = (uint8_t)(SPE_HDR_CONTEXT | (idx & 3));

	put(e, &h, 1, ctx, 4);
}

void spe_enc_op_type(struct spe_enc *e, unsigned int cls, uint8_t subclass)
{
	const uint8_t h = (uint8_t)(SPE_HDR_OP_TYPE | (cls & 3));

	put(e, &h, 1, subclass, 1);
}

uint64_t spe_enc_pc_payload(uint64_t va, unsigned int el, int ns)
{
	return (va & SPE_ADDR_VA_MASK) | ((uint64_t)el << SPE_ADDR_EL_SHIFT) |
	       (ns ? SPE_ADDR_NS : 0);
}

void spe_synth_init(struct spe_synth *s, uint64_t seed)
{
	memset(s, 0, sizeof(*s));
	s->rng = seed * 0x9e3779b97f4a7c15ull + 1;
	s->ts = 1000000;
	s->text_base = 0x40080000;
	s->func_size = 0x100;
	s->nr_funcs = 8;
	s->data_base = 0x40200000;
	s->data_size = 1 << 20;
	s->with_ts = 1;
	s->with_pa = 1;
	s->el = 1;
}

/* splitmix64: deterministic and good enough for a workload mix. */
static uint64_t rnd(struct spe_synth *s)
{
	uint64_t z = (s->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

size_t spe_synth_record(struct spe_synth *s, struct spe_enc *e)
{
	size_t start = e->len;
	uint64_t r = rnd(s), r2 = rnd(s);
	/* Hotter functions first: function k with weight ~ 1/(k+1). */
	unsigned int func = (unsigned int)((r % (s->nr_funcs * (s->nr_funcs + 1) / 2)));
	unsigned int k = 0, acc = s->nr_funcs;
	uint64_t pc, ev = SPE_EV_BIT(SPE_EV_RETIRED);
	unsigned int kind = (unsigned int)((r >> 16) % 10);
	uint16_t lat = (uint16_t)(4 + ((r >> 24) & 0x1f));

	while (func >= acc && k + 1 < s->nr_funcs) {
		func -= acc;
		acc--;
		k++;
	}
	pc = s->text_base + (uint64_t)k * s->func_size + (((r >> 32) % (s->func_size / 4)) * 4);
	s->ts += 100 + (r2 & 0xff);

	if (s->with_context)
		spe_enc_context(e, SPE_CONTEXT_IDX_EL1, s->context);
	spe_enc_address(e, SPE_ADDR_IDX_PC, spe_enc_pc_payload(pc, s->el, 1));
	if (kind < 6) {
		/* Load (4/10) or store (2/10) with a cache story. */
		int store = kind >= 4;
		uint64_t va = s->data_base + ((r2 >> 8) % s->data_size & ~7ull);
		unsigned int level = (unsigned int)((r2 >> 40) % 16);
		uint64_t ds = SPE_DS_L1D;

		ev |= SPE_EV_BIT(SPE_EV_L1D_ACCESS) | SPE_EV_BIT(SPE_EV_TLB_ACCESS);
		if (level >= 10) {
			ev |= SPE_EV_BIT(SPE_EV_L1D_REFILL);
			ds = SPE_DS_L2;
			lat += 10;
		}
		if (level >= 14) {
			ev |= SPE_EV_BIT(SPE_EV_LLC_ACCESS) | SPE_EV_BIT(SPE_EV_LLC_MISS);
			ds = SPE_DS_DRAM;
			lat += 120;
		}
		if (level == 15)
			ev |= SPE_EV_BIT(SPE_EV_TLB_WALK);
		spe_enc_counter(e, SPE_CNT_IDX_TOTAL_LAT, lat);
		spe_enc_counter(e, SPE_CNT_IDX_ISSUE_LAT, (uint16_t)(lat / 4));
		spe_enc_counter(e, SPE_CNT_IDX_TRANS_LAT, (uint16_t)(level == 15 ? 30 : 1));
		spe_enc_address(e, SPE_ADDR_IDX_DATA_VA, va);
		if (s->with_pa)
			spe_enc_address(e, SPE_ADDR_IDX_DATA_PA, va | SPE_ADDR_NS);
		spe_enc_events(e, SPE_SZ_2, ev);
		if (!store)
			spe_enc_data_source(e, SPE_SZ_2, ds);
		spe_enc_op_type(e, SPE_OP_CLASS_LDST,
				(uint8_t)(SPE_OP_LDST_GP_REG | (store ? SPE_OP_LDST_ST : 0)));
	} else if (kind < 8) {
		/* Branch: conditional, sometimes not taken, sometimes mispredicted. */
		int taken = (r2 & 3) != 0;
		uint64_t tgt = s->text_base + ((r2 >> 8) % s->nr_funcs) * s->func_size;

		spe_enc_counter(e, SPE_CNT_IDX_TOTAL_LAT, lat);
		spe_enc_counter(e, SPE_CNT_IDX_ISSUE_LAT, (uint16_t)(lat / 4));
		if (taken)
			spe_enc_address(e, SPE_ADDR_IDX_BRANCH_TARGET,
					spe_enc_pc_payload(tgt, s->el, 1));
		else
			ev |= SPE_EV_BIT(SPE_EV_NOT_TAKEN);
		if (((r2 >> 4) & 7) == 0)
			ev |= SPE_EV_BIT(SPE_EV_MISPRED);
		spe_enc_events(e, SPE_SZ_2, ev);
		spe_enc_op_type(e, SPE_OP_CLASS_BRANCH, SPE_OP_BR_COND);
	} else {
		spe_enc_counter(e, SPE_CNT_IDX_TOTAL_LAT, lat);
		spe_enc_counter(e, SPE_CNT_IDX_ISSUE_LAT, (uint16_t)(lat / 4));
		spe_enc_events(e, SPE_SZ_2, ev);
		spe_enc_op_type(e, SPE_OP_CLASS_OTHER, (uint8_t)((r2 >> 2) & SPE_OP_OTHER_COND));
	}
	if (s->with_ts)
		spe_enc_timestamp(e, s->ts);
	else
		spe_enc_end(e);
	if (s->pad_align) {
		size_t n = e->len - start;

		spe_enc_pad(e, (s->pad_align - n % s->pad_align) % s->pad_align);
	}
	if (e->overflow) {
		e->len = start;
		return 0;
	}
	return e->len - start;
}
