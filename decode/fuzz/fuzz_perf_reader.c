// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer target: the perf.data reader over arbitrary bytes. Every AUX
 * buffer and mmap it reports must lie inside the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/perf_data.h"
#include "decode/spe_record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spe_perf_reader *r = NULL;
	uint64_t bad = 0;
	int err = spe_perf_reader_open_mem(data, size, &r, &bad);

	if (err) {
		if (r || err > 0)
			abort();
		return 0;
	}
	for (size_t i = 0; i < spe_perf_reader_nr_aux(r); i++) {
		const struct spe_perf_aux *a = spe_perf_reader_aux(r, i);
		struct spe_record_decoder *d;
		struct spe_record rec;

		if (a->data < data || a->size > size ||
		    (size_t)(a->data - data) > size - a->size)
			abort();
		/* Decode it too: the reader's buffers feed the decoder. */
		d = spe_rec_alloc(a->data, a->size);
		while (spe_rec_next(d, &rec) == 0 || spe_rec_sync_forward(d) == 0)
			;
		spe_rec_free(d);
	}
	for (size_t i = 0; i < spe_perf_reader_nr_mmaps(r); i++)
		if (strlen(spe_perf_reader_mmap(r, i)->filename) >= 256)
			abort();
	spe_perf_reader_close(r);
	return 0;
}
