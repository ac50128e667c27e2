// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the packet decoder, its descriptions, and the record
 * decoder with resynchronisation, over arbitrary bytes. Checks invariants
 * (sizes, offsets, progress), not just absence of crashes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/spe_packet.h"
#include "decode/spe_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_record(const struct spe_record *a, const struct spe_record *b)
{
	return a->size == b->size && a->valid == b->valid && a->pc == b->pc &&
	       a->pc_el == b->pc_el && a->pc_ns == b->pc_ns && a->pc_nse == b->pc_nse &&
	       a->op_class == b->op_class && a->op_subclass == b->op_subclass &&
	       a->branch_target == b->branch_target &&
	       a->prev_branch_target == b->prev_branch_target && a->data_va == b->data_va &&
	       a->data_pa == b->data_pa && a->pa_pat == b->pa_pat && a->pa_ns == b->pa_ns &&
	       a->pa_ch == b->pa_ch && a->lat_total == b->lat_total &&
	       a->lat_issue == b->lat_issue && a->lat_xlat == b->lat_xlat &&
	       a->lat_alt_issue == b->lat_alt_issue && a->events == b->events &&
	       a->data_source == b->data_source && a->context[0] == b->context[0] &&
	       a->context[1] == b->context[1] && a->timestamp == b->timestamp &&
	       a->nr_packets == b->nr_packets;
}

/*
 * The record decoder has a fast path (whole packets well inside the
 * buffer) and a careful one (the last bytes): a record decoded from a
 * copy that ends right after it (careful path) must be the same.
 */
static void check_tight(const uint8_t *data, const struct spe_record *rec)
{
	uint8_t *copy = malloc(rec->size);
	struct spe_record_decoder *d;
	struct spe_record again;

	if (!copy)
		abort();
	memcpy(copy, data + rec->offset, rec->size);
	d = spe_rec_alloc(copy, rec->size);
	if (!d || spe_rec_next(d, &again) || again.offset != 0 || !same_record(rec, &again))
		abort();
	spe_rec_free(d);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spe_packet_decoder *pd = spe_pkt_alloc(data, size);
	struct spe_record_decoder *rd = spe_rec_alloc(data, size);
	struct spe_packet pkt;
	struct spe_record rec;
	uint64_t off, prev = 0;
	char desc[256];
	int err;

	if (!pd || !rd)
		abort();
	for (;;) {
		err = spe_pkt_next(pd, &pkt);
		spe_pkt_get_offset(pd, &off);
		if (!err) {
			if (pkt.size == 0 || pkt.size > SPE_PACKET_MAX_SIZE || off > size)
				abort();
			if (spe_packet_describe(&pkt, desc, sizeof(desc)) < 0 ||
			    strlen(desc) >= sizeof(desc))
				abort();
			continue;
		}
		if (err == -SPE_ERR_EOS)
			break;
		if (spe_pkt_sync_forward(pd))
			break;
		spe_pkt_get_offset(pd, &off);
		if (off <= prev && prev)
			abort();
		prev = off;
	}
	for (;;) {
		uint64_t before;

		spe_rec_get_offset(rd, &before);
		err = spe_rec_next(rd, &rec);
		if (!err) {
			if (rec.offset < before || rec.offset + rec.size > size ||
			    rec.size > SPE_RECORD_MAX_SIZE + SPE_PACKET_MAX_SIZE || !rec.nr_packets)
				abort();
			check_tight(data, &rec);
			continue;
		}
		if (err == -SPE_ERR_EOS)
			break;
		if (spe_rec_sync_forward(rd))
			break;
		spe_rec_get_offset(rd, &off);
		if (off <= before && before)
			abort();
	}
	spe_pkt_free(pd);
	spe_rec_free(rd);
	return 0;
}
