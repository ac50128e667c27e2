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
			    rec.size > SPE_RECORD_MAX_SIZE || !rec.nr_packets)
				abort();
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
