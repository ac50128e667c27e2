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
#include <unistd.h>

#include "arch/spe-packet.h"
#include "decode/spe_packet.h"
#include "decode/spe_packet_inline.h"
#include "hex_table.h"
#include "outbuf.h"
#include "trace_cmds.h"
#include "trace_input.h"

/* "00  ".."ff  " (and hex_pairs): hex by table, no per-digit arithmetic. */
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

/* Offset prefix ".  %08x:  " (14 characters). */
static char *put_offset(char *p, uint64_t off)
{
	memcpy(p, ".  ", 3);
	memcpy(p + 3, hex_pairs + 2 * ((off >> 24) & 0xff), 2);
	memcpy(p + 5, hex_pairs + 2 * ((off >> 16) & 0xff), 2);
	memcpy(p + 7, hex_pairs + 2 * ((off >> 8) & 0xff), 2);
	memcpy(p + 9, hex_pairs + 2 * (off & 0xff), 2);
	memcpy(p + 11, ":  ", 3);
	return p + 14;
}

/* ".  %08x:  " + 16 byte columns of "xx ": the perf layout. */
static char *put_prefix(char *p, uint64_t off, const uint8_t *bytes, unsigned int n)
{
	p = put_offset(p, off) - 14;
	memcpy(p + 14, spaces48, 48);
	/* Four bytes per column: the fourth lands on the next column's start. */
	for (unsigned int i = 0; i < n; i++)
		memcpy(p + 14 + 3 * i, hex4 + 4 * bytes[i], 4);
	p[62] = ' ';
	return p + 62;
}

/*
 * A trace repeats itself: events, op types, latencies, data sources and
 * the PCs and branch targets of hot code come back again and again, and so do their lines
 * after the offset (hex columns and description). Remember those tails
 * in a direct-mapped cache keyed by the packet's bytes. Timestamps are
 * always formatted (they never repeat).
 */
#define TAIL_CACHE_BITS	11
#define TAIL_CACHE_SIZE	(1u << TAIL_CACHE_BITS)
#define TAIL_MAX	128	/* 48 hex columns + description + newline */

/* Keys apart from texts: the lookup touches only the small key array. */
struct tail_key {
	uint64_t k1, k2;	/* packet bytes; k2 = 0: empty */
};

struct tail_cache {
	struct tail_key key[TAIL_CACHE_SIZE];
	uint8_t len[TAIL_CACHE_SIZE];
	char text[TAIL_CACHE_SIZE][TAIL_MAX];
};

static char *put_line(struct tail_cache *tail_cache, char *p, uint64_t off, const uint8_t *bytes,
		      uint64_t avail, const struct spe_packet *pkt, unsigned int n)
{
	size_t slot = TAIL_CACHE_SIZE;
	uint64_t k1 = 0, k2 = 0;
	char *tail;

	/* Data addresses rarely repeat exactly: caching them only evicts. */
	if (tail_cache && pkt->type != SPE_PKT_TIMESTAMP && n <= 9 &&
	    (pkt->type != SPE_PKT_ADDRESS || pkt->index == SPE_ADDR_IDX_PC ||
	     pkt->index == SPE_ADDR_IDX_BRANCH_TARGET)) {
		/* Key: up to 9 bytes and their count, distinct for every packet. */
		if (avail >= 16) {
			memcpy(&k1, bytes, 8);
			memcpy(&k2, bytes + 8, 8);
			k1 &= n >= 8 ? ~0ull : (1ull << (8 * n)) - 1;
			k2 = (n > 8 ? (k2 & 0xff) << 24 : 0) | 1 | n << 16;
		} else {
			for (unsigned int i = 0; i < n && i < 8; i++)
				k1 |= (uint64_t)bytes[i] << (8 * i);
			k2 = 1 + (n << 16);
			if (n > 8)
				k2 |= (uint64_t)bytes[8] << 24;
		}
		slot = ((k1 ^ (k2 * 0xff51afd7ed558ccdull)) * 0x9e3779b97f4a7c15ull) >>
		       (64 - TAIL_CACHE_BITS);
		if (tail_cache->key[slot].k1 == k1 && tail_cache->key[slot].k2 == k2) {
			unsigned int len = tail_cache->len[slot];

			/* Fixed-size copies (inlined); most tails are short. */
			p = put_offset(p, off);
			if (len <= 80)
				memcpy(p, tail_cache->text[slot], 80);
			else
				memcpy(p, tail_cache->text[slot], TAIL_MAX);
			return p + len;
		}
	}
	p = put_prefix(p, off, bytes, n);
	tail = p - 48;
	p += spe_packet_describe(pkt, p, OUTBUF_SLACK - 80);
	*p++ = '\n';
	if (slot < TAIL_CACHE_SIZE && p - tail <= TAIL_MAX) {
		tail_cache->key[slot].k1 = k1;
		tail_cache->key[slot].k2 = k2;
		tail_cache->len[slot] = (uint8_t)(p - tail);
		memcpy(tail_cache->text[slot], tail, (size_t)(p - tail));
	}
	return p;
}

static uint64_t dump_buffer(struct outbuf *o, struct tail_cache *tail_cache,
			    const uint8_t *buf, uint64_t len)
{
	uint64_t pos = 0, bad = 0;
	struct spe_packet pkt;

	while (pos < len) {
		char *p = ob_reserve(o);
		int n = spe_packet_decode_inline(buf + pos, (size_t)(len - pos), &pkt);

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
		ob_commit(o, put_line(tail_cache, p, pos, buf + pos, len - pos, &pkt,
				      (unsigned int)n));
		pos += (uint64_t)n;
	}
	return bad;
}

static void usage(FILE *f, const char *name)
{
	fprintf(f,
		"usage: vspe %s [--cpu N] FILE\n"
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
	uint64_t done = 0, next_progress = 0;
	struct tail_cache *tail_cache;
	struct trace_input in;
	int progress;
	struct outbuf o;
	long cpu = -2;
	uint64_t bad = 0;
	int c, err;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': {
			char *end;

			cpu = strtol(optarg, &end, 0);
			if (*end || cpu < -1) {
				fprintf(stderr, "vspe %s: bad --cpu '%s'\n", name, optarg);
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
	err = trace_input_open_arg(name, argc, argv, optind, usage, &in);
	if (err)
		return err;
	if (ob_init(&o, stdout)) {
		trace_input_close(&in);
		fprintf(stderr, "vspe %s: out of memory\n", name);
		return 1;
	}
	tail_cache = calloc(1, sizeof(*tail_cache));	/* optional */
	/* Progress on stderr only when it is a terminal and stdout is not. */
	progress = isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO) && in.total >= (64u << 20);
	for (size_t i = 0; i < in.nr_bufs; i++) {
		const struct trace_buf *b = &in.bufs[i];
		char line[160];

		if (progress && done >= next_progress) {
			fprintf(stderr, "\rdumping: %3u%%", (unsigned int)(done * 100 / in.total));
			next_progress += 32u << 20;
		}
		done += b->size;
		if (cpu != -2 && b->cpu != cpu)
			continue;
		if (in.reader) {
			snprintf(line, sizeof(line), "\n# AUXTRACE cpu %d, file offset %#llx\n",
				 b->cpu, (unsigned long long)b->file_offset);
			ob_puts(&o, line);
		}
		snprintf(line, sizeof(line), ". ... ARM SPE data: size %#llx bytes\n",
			 (unsigned long long)b->size);
		ob_puts(&o, line);
		bad += dump_buffer(&o, tail_cache, b->data, b->size);
	}
	if (progress)
		fprintf(stderr, "\r              \r");
	ob_flush(&o);
	err = o.err;
	ob_free(&o);
	free(tail_cache);
	trace_input_close(&in);
	if (fflush(stdout) || err) {
		fprintf(stderr, "vspe %s: write error\n", name);
		return 1;
	}
	if (bad)
		fprintf(stderr, "vspe %s: %llu bad byte(s)\n", name, (unsigned long long)bad);
	return 0;
}
