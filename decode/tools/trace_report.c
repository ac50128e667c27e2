// SPDX-License-Identifier: GPL-2.0-only
/*
 * `vspe report FILE [--elf guest.elf] [--load-addr A] [--json] [--html OUT]`:
 * samples per symbol and PC, latency histograms, events, data sources and a
 * data-address heat map of an SPE trace (perf.data or raw).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch/spe-packet.h"
#include "trace_cmds.h"
#include "trace_input.h"
#include "trace_stats.h"

static void usage(FILE *f, const char *name)
{
	fprintf(f,
		"usage: vspe %s [options] FILE\n"
		"Summarise the SPE trace in FILE (a perf.data file or a raw trace).\n"
		"  --elf ELF        guest ELF for symbols (default: the ELF a perf.data\n"
		"                   file maps, if it is still there)\n"
		"  --load-addr A    where ELF's lowest PT_LOAD was loaded (default: as linked)\n"
		"  --top N          rows per table (default 20)\n"
		"  --json           machine-readable output on stdout\n"
		"  --html OUT       also write a self-contained HTML page to OUT\n"
		"  --help           this text\n", name);
}

/*
 * For a perf.data file, the ELF its exec MMAP2 names and the bias that
 * undoes the writer's mapping (see perf_writer.c): a kernel map starts at
 * .text (top byte 0xff added by perf), a user map at a segment.
 */
static const char *elf_from_mmaps(const struct spe_perf_reader *r, uint64_t *bias)
{
	for (size_t i = 0; i < spe_perf_reader_nr_mmaps(r); i++) {
		const struct spe_perf_mmap *m = spe_perf_reader_mmap(r, i);
		uint64_t text, lowest, start = m->start;

		if (m->filename[0] != '/' || access(m->filename, R_OK) ||
		    elf_symbols_layout(m->filename, &text, &lowest))
			continue;
		if ((start >> 56) == 0xff) {
			start &= SPE_ADDR_VA_MASK;
			if (start & (1ull << 55))
				start |= ~SPE_ADDR_VA_MASK;
			*bias = start - text;
		} else {
			*bias = start - m->pgoff - lowest;
		}
		return m->filename;
	}
	return NULL;
}

int trace_cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "elf", required_argument, NULL, 'e' },
		{ "load-addr", required_argument, NULL, 'l' },
		{ "top", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "html", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *name = argc > 0 ? argv[0] : "report";
	const char *elf = NULL, *html = NULL;
	uint64_t load = 0, bias = 0;
	int json = 0, c, err, rc = 0, have_load = 0;
	unsigned long top = 20;
	struct elf_symbols syms;
	struct trace_stats st;
	struct trace_input in;
	char msg[512];
	char *end;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'e':
			elf = optarg;
			break;
		case 'l':
			load = strtoull(optarg, &end, 0);
			if (*end) {
				fprintf(stderr, "vspe %s: bad --load-addr '%s'\n", name, optarg);
				return 2;
			}
			have_load = 1;
			break;
		case 't':
			top = strtoul(optarg, &end, 0);
			if (*end || !top || top > 1000000) {
				fprintf(stderr, "vspe %s: bad --top '%s'\n", name, optarg);
				return 2;
			}
			break;
		case 'j':
			json = 1;
			break;
		case 'H':
			html = optarg;
			break;
		case 'h':
			usage(stdout, name);
			return 0;
		default:
			usage(stderr, name);
			return 2;
		}
	}
	err = trace_input_open_arg(name, argc, argv, optind, usage, &in);
	if (err)
		return err;
	memset(&st, 0, sizeof(st));
	memset(&syms, 0, sizeof(syms));
	st.path = argv[optind];
	if (elf) {
		uint64_t text, lowest;

		if (have_load && !elf_symbols_layout(elf, &text, &lowest))
			bias = load - lowest;
	} else if (in.reader) {
		elf = elf_from_mmaps(in.reader, &bias);
	}
	if (elf && elf_symbols_load(elf, bias, &syms, msg, sizeof(msg))) {
		fprintf(stderr, "vspe %s: %s\n", name, msg);
		trace_input_close(&in);
		return 1;
	}
	err = trace_stats_collect(&st, &in, isatty(STDERR_FILENO));
	if (!err)
		err = trace_stats_symbolize(&st, elf ? &syms : NULL);
	if (err) {
		fprintf(stderr, "vspe %s: %s\n", name, spe_strerror(err));
		rc = 1;
		goto out;
	}
	if (json)
		report_json(stdout, &st, (unsigned int)top);
	else
		report_text(stdout, &st, (unsigned int)top);
	if (html) {
		FILE *f = fopen(html, "w");

		if (!f || report_html(f, &st, (unsigned int)top) || fclose(f)) {
			fprintf(stderr, "vspe %s: cannot write %s\n", name, html);
			rc = 1;
		}
	}
	if (fflush(stdout)) {
		fprintf(stderr, "vspe %s: write error\n", name);
		rc = 1;
	}
out:
	trace_stats_free(&st);
	elf_symbols_free(&syms);
	trace_input_close(&in);
	return rc;
}
