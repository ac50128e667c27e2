// SPDX-License-Identifier: GPL-2.0-only
/*
 * spe-synth: write a deterministic synthetic SPE trace as a raw file and/or
 * a perf.data file (for the perf CTest, golden data and the benchmark).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/perf_data.h"
#include "spe_enc.h"

#define CHUNK (256 * 1024)

static void usage(FILE *f)
{
	fprintf(f, "usage: spe-synth [--raw OUT] [--perf OUT] [--elf ELF] [--records N]\n"
		   "                 [--seed S] [--cpus N] [--no-ts] [--context ID] [--el0]\n"
		   "                 [--bytes N]  (stop after about N bytes of trace)\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "raw", required_argument, NULL, 'r' },
		{ "perf", required_argument, NULL, 'p' },
		{ "elf", required_argument, NULL, 'e' },
		{ "records", required_argument, NULL, 'n' },
		{ "bytes", required_argument, NULL, 'b' },
		{ "seed", required_argument, NULL, 's' },
		{ "cpus", required_argument, NULL, 'c' },
		{ "no-ts", no_argument, NULL, 'T' },
		{ "context", required_argument, NULL, 'x' },
		{ "wrap", required_argument, NULL, 'w' },
		{ "el0", no_argument, NULL, '0' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *raw = NULL, *perf = NULL, *elf = NULL, *wrap = NULL;
	unsigned long long records = 1000, bytes = 0, seed = 1, done = 0, total = 0;
	unsigned int cpus = 1;
	int no_ts = 0, ctx = -1, c, rc = 0, el0 = 0;
	struct spe_perf_writer *w = NULL;
	struct spe_perf_meta meta;
	struct spe_synth *synth;
	FILE *rf = NULL;
	uint8_t *buf;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': raw = optarg; break;
		case 'p': perf = optarg; break;
		case 'e': elf = optarg; break;
		case 'n': records = strtoull(optarg, NULL, 0); break;
		case 'b': bytes = strtoull(optarg, NULL, 0); records = ~0ull; break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'c': cpus = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'T': no_ts = 1; break;
		case 'x': ctx = (int)strtol(optarg, NULL, 0); break;
		case 'w': wrap = optarg; break;
		case '0': el0 = 1; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if ((!raw && !perf) || cpus == 0 || cpus > 64) {
		usage(stderr);
		return 2;
	}
	synth = calloc(cpus, sizeof(*synth));
	buf = malloc(CHUNK);
	if (!synth || !buf)
		return 1;
	for (unsigned int i = 0; i < cpus; i++) {
		spe_synth_init(&synth[i], seed + i);
		synth[i].with_ts = !no_ts;
		synth[i].el = el0 ? 0 : 1;
		if (ctx >= 0) {
			synth[i].with_context = 1;
			synth[i].context = (uint32_t)ctx;
		}
	}
	if (raw && !(rf = fopen(raw, "wb"))) {
		perror(raw);
		return 1;
	}
	if (perf) {
		memset(&meta, 0, sizeof(meta));
		meta.elf_path = elf;
		meta.elf_user = el0;
		meta.nr_cpus = cpus;
		meta.data_start = synth[0].data_base;
		meta.data_len = synth[0].data_size;
		rc = spe_perf_writer_open(perf, &meta, &w);
		if (rc) {
			fprintf(stderr, "spe-synth: %s: %s\n", perf, spe_strerror(rc));
			return 1;
		}
	}
	if (wrap) {
		FILE *in = fopen(wrap, "rb");
		size_t n;

		if (!in || !w) {
			fprintf(stderr, "spe-synth: --wrap needs a readable RAW and --perf\n");
			return 1;
		}
		free(buf);
		buf = malloc(16u << 20);
		if (!buf)
			return 1;
		n = fread(buf, 1, 16u << 20, in);
		fclose(in);
		rc = spe_perf_writer_add_aux(w, 0, buf, n) || spe_perf_writer_close(w);
		free(buf);
		free(synth);
		return rc;
	}
	/* Chunks of whole records, round-robin over the CPUs. */
	for (unsigned int cpu = 0; done < records && (!bytes || total < bytes);
	     cpu = (cpu + 1) % cpus) {
		struct spe_enc e;

		spe_enc_init(&e, buf, CHUNK);
		while (done < records && (!bytes || total + e.len < bytes) &&
		       spe_synth_record(&synth[cpu], &e))
			done++;
		total += e.len;
		if (rf && fwrite(buf, 1, e.len, rf) != e.len)
			rc = 1;
		if (w && spe_perf_writer_add_aux(w, cpu, buf, e.len))
			rc = 1;
		if (cpus == 1 && rf && w == NULL && e.len == 0)
			break;
	}
	if (rf && fclose(rf))
		rc = 1;
	if (w && spe_perf_writer_close(w))
		rc = 1;
	fprintf(stderr, "spe-synth: %llu records, %llu bytes\n", done, total);
	free(buf);
	free(synth);
	return rc;
}
