// SPDX-License-Identifier: GPL-2.0-only
/*
 * `vspe dump FILE`: one line per packet in the layout of perf's raw dump
 * (`perf report -D`): offset, up to 16 bytes in hex, description. Lines
 * are built by hand into a 1 MiB buffer; no printf per packet.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/spe_packet.h"
#include "outbuf.h"
#include "trace_cmds.h"
#include "trace_input.h"

static const char hexdig[] = "0123456789abcdef";

/* ".  %08x:  " + 16 byte columns: the perf layout. */
static char *put_prefix(char *p, uint64_t off, const uint8_t *bytes, unsigned int n)
{
	*p++ = '.';
	*p++ = ' ';
	*p++ = ' ';
	for (int s = 28; s >= 0; s -= 4)
		*p++ = hexdig[(off >> s) & 0xf];
	*p++ = ':';
	*p++ = ' ';
	*p++ = ' ';
	for (unsigned int i = 0; i < 16; i++) {
		if (i < n) {
			*p++ = hexdig[bytes[i] >> 4];
			*p++ = hexdig[bytes[i] & 0xf];
		} else {
			*p++ = ' ';
			*p++ = ' ';
		}
		*p++ = ' ';
	}
	return p;
}

static uint64_t dump_buffer(struct outbuf *o, const uint8_t *buf, uint64_t len)
{
	uint64_t pos = 0, bad = 0;
	struct spe_packet pkt;

	while (pos < len) {
		char *p = ob_reserve(o);
		int n = spe_packet_decode(buf + pos, (size_t)(len - pos), &pkt);

		if (n < 0) {
			/* Like perf: show one byte as bad and go on with the next. */
			p = put_prefix(p, pos, buf + pos, 1);
			memcpy(p, "Bad packet!\n", 12);
			ob_commit(o, p + 12);
			pos++;
			bad++;
			continue;
		}
		if (pkt.type == SPE_PKT_PAD) {
			/* Runs of padding share a line, up to 16 bytes. */
			while (n < 16 && pos + (uint64_t)n < len && buf[pos + (uint64_t)n] == 0)
				n++;
		}
		p = put_prefix(p, pos, buf + pos, (unsigned int)n);
		p += spe_packet_describe(&pkt, p, OUTBUF_SLACK - 80);
		*p++ = '\n';
		ob_commit(o, p);
		pos += (uint64_t)n;
	}
	return bad;
}

static void usage(FILE *f, const char *name)
{
	fprintf(f,
		"usage: %s [--cpu N] FILE\n"
		"Print every SPE packet of FILE, one line each, in the layout of\n"
		"`perf report -D`. FILE is a perf.data file or a raw SPE trace.\n"
		"  --cpu N   only the buffers of CPU N (perf.data)\n"
		"  --help    this text\n", name);
}

int trace_cmd_dump(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "cpu", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *name = argc > 0 ? argv[0] : "dump";
	struct trace_input in;
	struct outbuf *o;
	long cpu = -2;
	uint64_t bad = 0;
	char msg[512];
	int c, err;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': {
			char *end;

			cpu = strtol(optarg, &end, 0);
			if (*end || cpu < -1) {
				fprintf(stderr, "%s: bad --cpu '%s'\n", name, optarg);
				return 2;
			}
			break;
		}
		case 'h':
			usage(stdout, name);
			return 0;
		default:
			usage(stderr, name);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr, name);
		return 2;
	}
	err = trace_input_open(argv[optind], &in, msg, sizeof(msg));
	if (err) {
		fprintf(stderr, "%s: %s\n", name, msg);
		return 1;
	}
	o = malloc(sizeof(*o));
	if (!o) {
		trace_input_close(&in);
		fprintf(stderr, "%s: out of memory\n", name);
		return 1;
	}
	o->f = stdout;
	o->n = 0;
	o->err = 0;
	for (size_t i = 0; i < in.nr_bufs; i++) {
		const struct trace_buf *b = &in.bufs[i];
		char line[160];

		if (cpu != -2 && b->cpu != cpu)
			continue;
		if (in.reader) {
			snprintf(line, sizeof(line), "\n# AUXTRACE cpu %d, file offset %#llx\n",
				 b->cpu, (unsigned long long)b->file_offset);
			ob_puts(o, line);
		}
		snprintf(line, sizeof(line), ". ... ARM SPE data: size %#llx bytes\n",
			 (unsigned long long)b->size);
		ob_puts(o, line);
		bad += dump_buffer(o, b->data, b->size);
	}
	ob_flush(o);
	err = o->err;
	free(o);
	trace_input_close(&in);
	if (fflush(stdout) || err) {
		fprintf(stderr, "%s: write error\n", name);
		return 1;
	}
	if (bad)
		fprintf(stderr, "%s: %llu bad byte(s)\n", name, (unsigned long long)bad);
	return 0;
}
