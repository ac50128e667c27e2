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

/* "00".."ff" and "00  ".."ff  ": hex by table, no per-digit arithmetic. */
static const char hex2[513] =
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	"202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
	"404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f"
	"606162636465666768696a6b6c6d6e6f707172737475767778797a7b7c7d7e7f"
	"808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f"
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	"c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
	"e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff";
static const char hex4[1025] =
	"00  01  02  03  04  05  06  07  08  09  0a  0b  0c  0d  0e  0f  "
	"10  11  12  13  14  15  16  17  18  19  1a  1b  1c  1d  1e  1f  "
	"20  21  22  23  24  25  26  27  28  29  2a  2b  2c  2d  2e  2f  "
	"30  31  32  33  34  35  36  37  38  39  3a  3b  3c  3d  3e  3f  "
	"40  41  42  43  44  45  46  47  48  49  4a  4b  4c  4d  4e  4f  "
	"50  51  52  53  54  55  56  57  58  59  5a  5b  5c  5d  5e  5f  "
	"60  61  62  63  64  65  66  67  68  69  6a  6b  6c  6d  6e  6f  "
	"70  71  72  73  74  75  76  77  78  79  7a  7b  7c  7d  7e  7f  "
	"80  81  82  83  84  85  86  87  88  89  8a  8b  8c  8d  8e  8f  "
	"90  91  92  93  94  95  96  97  98  99  9a  9b  9c  9d  9e  9f  "
	"a0  a1  a2  a3  a4  a5  a6  a7  a8  a9  aa  ab  ac  ad  ae  af  "
	"b0  b1  b2  b3  b4  b5  b6  b7  b8  b9  ba  bb  bc  bd  be  bf  "
	"c0  c1  c2  c3  c4  c5  c6  c7  c8  c9  ca  cb  cc  cd  ce  cf  "
	"d0  d1  d2  d3  d4  d5  d6  d7  d8  d9  da  db  dc  dd  de  df  "
	"e0  e1  e2  e3  e4  e5  e6  e7  e8  e9  ea  eb  ec  ed  ee  ef  "
	"f0  f1  f2  f3  f4  f5  f6  f7  f8  f9  fa  fb  fc  fd  fe  ff  ";
static const char spaces48[49] = "                                                ";

/* ".  %08x:  " + 16 byte columns of "xx ": the perf layout. */
static char *put_prefix(char *p, uint64_t off, const uint8_t *bytes, unsigned int n)
{
	memcpy(p, ".  ", 3);
	for (int i = 0; i < 4; i++)
		memcpy(p + 3 + 2 * i, hex2 + 2 * ((off >> (24 - 8 * i)) & 0xff), 2);
	memcpy(p + 11, ":  ", 3);
	memcpy(p + 14, spaces48, 48);
	/* Four bytes per column: the fourth lands on the next column's start. */
	for (unsigned int i = 0; i < n; i++)
		memcpy(p + 14 + 3 * i, hex4 + 4 * bytes[i], 4);
	p[62] = ' ';
	return p + 62;
}

/*
 * Packets with small payloads (events, op types, latencies, data sources,
 * contexts) repeat endlessly in a trace, and so do their lines after the
 * offset: the hex columns and the description. Remember those tails in a
 * direct-mapped cache keyed by the packet's bytes. Addresses and
 * timestamps are always formatted.
 */
#define TAIL_CACHE_SIZE	8192
#define TAIL_MAX	176	/* 48 hex columns + description + newline */

struct tail_entry {
	uint64_t key;		/* 0 = empty */
	uint32_t len;
	char text[TAIL_MAX];
};

static struct tail_entry *tail_cache;

/* Offset prefix ".  %08x:  " (14 characters). */
static char *put_offset(char *p, uint64_t off)
{
	memcpy(p, ".  ", 3);
	for (int i = 0; i < 4; i++)
		memcpy(p + 3 + 2 * i, hex2 + 2 * ((off >> (24 - 8 * i)) & 0xff), 2);
	memcpy(p + 11, ":  ", 3);
	return p + 14;
}

static char *put_line(char *p, uint64_t off, const uint8_t *bytes, const struct spe_packet *pkt,
		      unsigned int n)
{
	struct tail_entry *e = NULL;
	char *tail;
	uint64_t key = 0;

	if (tail_cache && pkt->type != SPE_PKT_ADDRESS && pkt->type != SPE_PKT_TIMESTAMP &&
	    n <= 7) {
		/* Key: the bytes and their count (distinct for every packet). */
		for (unsigned int i = 0; i < n; i++)
			key |= (uint64_t)bytes[i] << (8 * i);
		key = (key << 8 | n) + 1;
		e = &tail_cache[(key * 0x9e3779b97f4a7c15ull) >> 51];
		if (e->key == key) {
			p = put_offset(p, off);
			memcpy(p, e->text, TAIL_MAX);	/* fixed size: inlined */
			return p + e->len;
		}
	}
	p = put_prefix(p, off, bytes, n);
	tail = p - 48;
	p += spe_packet_describe(pkt, p, OUTBUF_SLACK - 80);
	*p++ = '\n';
	if (e && p - tail <= TAIL_MAX) {
		e->key = key;
		e->len = (uint32_t)(p - tail);
		memcpy(e->text, tail, e->len);
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
		ob_commit(o, put_line(p, pos, buf + pos, &pkt, (unsigned int)n));
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
	tail_cache = calloc(TAIL_CACHE_SIZE, sizeof(*tail_cache));	/* optional */
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
	free(tail_cache);
	tail_cache = NULL;
	trace_input_close(&in);
	if (fflush(stdout) || err) {
		fprintf(stderr, "%s: write error\n", name);
		return 1;
	}
	if (bad)
		fprintf(stderr, "%s: %llu bad byte(s)\n", name, (unsigned long long)bad);
	return 0;
}
