// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_decode: raw decode throughput of the vspe_decode library over a
 * raw SPE trace file (record decoder, and packet decoder alone). Prints
 * "records N bytes N seconds S GB/s G" lines for run.sh to parse.
 * Wall-clock time here measures the benchmark only; no result depends on it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "decode/spe_packet.h"
#include "decode/spe_record.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	const uint8_t *buf;
	struct stat st;
	uint64_t records = 0, packets = 0, sum = 0;
	int passes, fd;
	double t0, t1, best;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_decode RAW_TRACE [PASSES]\n");
		return 2;
	}
	passes = argc > 2 ? atoi(argv[2]) : 3;
	if (passes < 1)
		passes = 1;
	fd = open(argv[1], O_RDONLY);
	if (fd < 0 || fstat(fd, &st) || st.st_size == 0) {
		perror(argv[1]);
		return 1;
	}
	buf = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (buf == MAP_FAILED) {
		perror("mmap");
		return 1;
	}

	/* Records: the whole library path a report takes. Best of the passes. */
	best = 1e30;
	for (int p = 0; p < passes; p++) {
		t0 = now();
		struct spe_record_decoder *d = spe_rec_alloc(buf, (size_t)st.st_size);
		struct spe_record r;
		int err;

		records = 0;
		for (;;) {
			err = spe_rec_next(d, &r);
			if (!err) {
				records++;
				sum += r.pc ^ r.lat_total;
				continue;
			}
			if (err == -SPE_ERR_EOS || spe_rec_sync_forward(d))
				break;
		}
		spe_rec_free(d);
		t1 = now();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	printf("record-decode records %llu bytes %lld seconds %.4f GB/s %.3f\n",
	       (unsigned long long)records, (long long)st.st_size, best,
	       (double)st.st_size / best / 1e9);

	/* Packets alone. */
	best = 1e30;
	for (int p = 0; p < passes; p++) {
		struct spe_packet pkt;
		size_t pos = 0;

		t0 = now();
		packets = 0;
		while (pos < (size_t)st.st_size) {
			int n = spe_packet_decode(buf + pos, (size_t)st.st_size - pos, &pkt);

			pos += n > 0 ? (size_t)n : 1;
			sum += pkt.payload;
			packets++;
		}
		t1 = now();
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	printf("packet-decode packets %llu bytes %lld seconds %.4f GB/s %.3f\n",
	       (unsigned long long)packets, (long long)st.st_size, best,
	       (double)st.st_size / best / 1e9);
	fprintf(stderr, "(checksum %llx)\n", (unsigned long long)sum);
	return 0;
}
