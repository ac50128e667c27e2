// SPDX-License-Identifier: GPL-2.0-only
// Packet headers (Arm ARM D24.5): one byte, or an extended-header prefix
// carrying two more index bits followed by the address/counter header.
// One walker; spe_trace_walk() counts, spe_trace_each() hands records out.
#include "arch/spe-packet.h"
#include "spe_trace.h"

/* Payloads are 1, 2, 4 or 8 bytes (the header's size field); no loop. */
static uint64_t le_read(const uint8_t *p, unsigned int n)
{
	uint64_t lo = (uint64_t)p[0] | (n > 1 ? (uint64_t)p[1] << 8 : 0);

	if (n <= 2)
		return lo;
	lo |= (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
	if (n <= 4)
		return lo;
	return lo | (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

/* VA[55:0] of an address packet, sign-extended from bit 55 (the TTBR1 range). */
static uint64_t spe_trace_va(uint64_t v)
{
	uint64_t va = v & SPE_ADDR_VA_MASK;

	return va >> 55 ? va | ~SPE_ADDR_VA_MASK : va;
}

static int spe_trace_parse(const uint8_t *buf, size_t len, uint64_t pc_lo, uint64_t pc_hi,
			   struct spe_trace_stats *st, spe_trace_fn fn, void *arg)
{
	struct spe_trace_record rec = { .op_class = -1 };
	size_t i = 0, start = 0;
	int open = 0;	/* packets seen since the last End/Timestamp */

	*st = (struct spe_trace_stats){ 0 };
	while (i < len) {
		start = i;
		uint8_t h = buf[i++];
		unsigned int index_hi = 0;
		bool end = false;

		if (h == SPE_HDR_PADDING) {
			st->padding++;
			continue;
		}
		if (h == SPE_HDR_END) {
			end = true;
		} else {
			if ((h & SPE_HDR_EXTENDED_MASK) == SPE_HDR_EXTENDED) {
				if (i >= len)
					goto bad;
				index_hi = h & SPE_HDR_EXT_INDEX_HI_MASK;
				h = buf[i++];
				if ((h & SPE_HDR_ADDRESS_MASK) != SPE_HDR_ADDRESS &&
				    (h & SPE_HDR_COUNTER_MASK) != SPE_HDR_COUNTER)
					goto bad;
			}
			unsigned int n;

			if (h == SPE_HDR_TIMESTAMP)
				n = 8;
			else if ((h & SPE_HDR_EVENTS_MASK) == SPE_HDR_EVENTS ||
				 (h & SPE_HDR_DATA_SOURCE_MASK) == SPE_HDR_DATA_SOURCE)
				n = SPE_HDR_PAYLOAD_LEN(h);
			else if ((h & SPE_HDR_CONTEXT_MASK) == SPE_HDR_CONTEXT)
				n = 4;
			else if ((h & SPE_HDR_OP_TYPE_MASK) == SPE_HDR_OP_TYPE)
				n = 1;
			else if ((h & SPE_HDR_ADDRESS_MASK) == SPE_HDR_ADDRESS)
				n = 8;
			else if ((h & SPE_HDR_COUNTER_MASK) == SPE_HDR_COUNTER)
				n = 2;
			else
				goto bad;
			if (len - i < n)
				goto bad;
			const uint8_t *payload = buf + i;
			uint64_t v = le_read(payload, n);

			i += n;
			open = 1;
			if (h == SPE_HDR_TIMESTAMP) {
				st->timestamps++;
				rec.timestamp = v;
				end = true;
			} else if ((h & SPE_HDR_OP_TYPE_MASK) == SPE_HDR_OP_TYPE) {
				unsigned int cls = h & ~SPE_HDR_OP_TYPE_MASK;

				if (cls < 3)
					st->op_class[cls]++;
				rec.op_class = (int)cls;
				rec.op_subclass = (uint8_t)v;
			} else if ((h & SPE_HDR_EVENTS_MASK) == SPE_HDR_EVENTS) {
				rec.events = v;
				rec.has_events = true;
			} else if ((h & SPE_HDR_CONTEXT_MASK) == SPE_HDR_CONTEXT) {
				if ((h & SPE_HDR_CONTEXT_IDX_MASK) == SPE_CONTEXT_IDX_EL1) {
					rec.context = (uint32_t)v;
					rec.has_context = true;
				}
			} else if ((h & SPE_HDR_ADDRESS_MASK) == SPE_HDR_ADDRESS) {
				unsigned int idx = index_hi << 3 | (h & SPE_HDR_INDEX_LO_MASK);

				if (idx == SPE_ADDR_IDX_PC) {
					uint64_t va = spe_trace_va(v);

					st->pcs++;
					rec.el = (unsigned int)((v & SPE_ADDR_EL_MASK) >> SPE_ADDR_EL_SHIFT);
					st->pc_el[rec.el]++;
					if (va >= pc_lo && va < pc_hi)
						st->pcs_in_range++;
					rec.pc = va;
					rec.has_pc = true;
				} else if (idx == SPE_ADDR_IDX_DATA_VA) {
					st->data_va++;
					rec.data_va = v;
					rec.has_data_va = true;
				}
			} else if ((h & SPE_HDR_COUNTER_MASK) == SPE_HDR_COUNTER) {
				unsigned int idx = index_hi << 3 | (h & SPE_HDR_INDEX_LO_MASK);

				if (idx == SPE_CNT_IDX_TOTAL_LAT) {
					rec.lat_total = (uint16_t)v;
					rec.has_lat_total = true;
				}
			}
		}
		if (end) {
			st->records++;
			open = 0;
			if (fn)
				fn(&rec, arg);
			rec = (struct spe_trace_record){ .op_class = -1 };
		}
	}
	if (!open)
		return 0;
	st->bad_offset = len;
	return -1;
bad:
	st->bad_offset = start;
	return -1;
}

int spe_trace_walk(const uint8_t *buf, size_t len, uint64_t pc_lo, uint64_t pc_hi,
		   struct spe_trace_stats *st)
{
	return spe_trace_parse(buf, len, pc_lo, pc_hi, st, 0, 0);
}

int spe_trace_each(const uint8_t *buf, size_t len, spe_trace_fn fn, void *arg,
		   struct spe_trace_stats *st)
{
	return spe_trace_parse(buf, len, 0, 0, st, fn, arg);
}
