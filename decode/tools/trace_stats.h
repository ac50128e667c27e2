/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What `vspe report` counts while decoding, and the three renderings of it
 * (text, JSON, HTML).
 */
#ifndef DECODE_TOOLS_TRACE_STATS_H
#define DECODE_TOOLS_TRACE_STATS_H

#include <stdio.h>

#include "decode/spe_record.h"
#include "elf_symbols.h"
#include "trace_input.h"
#include "u64map.h"

#define LAT_BUCKETS	18	/* [0], [1], [2,3], ... [65536,...) : log2 */
#define NR_LATS		3	/* total, issue, translation */
#define PAGE_SHIFT_HEAT	12	/* 4 KiB pages in the heat map */

struct lat_stats {
	uint64_t bucket[LAT_BUCKETS];
	uint64_t count;
	uint64_t sum;
	uint64_t max;
};

struct sym_count {
	const char *name;	/* symbol name, or NULL for "[unknown]" */
	uint64_t count;
};

struct trace_stats {
	const char *path;
	int is_perf;
	size_t nr_bufs;
	uint64_t bytes;
	uint64_t records;
	uint64_t bad_bytes;	/* skipped while resynchronising */
	uint64_t errors;	/* decode errors (each followed by a resync) */
	uint64_t truncated;	/* buffers ending inside a record */
	uint64_t kinds[SPE_OP_KIND_NR];
	uint64_t events[64];
	uint64_t with_events;
	struct lat_stats lat[NR_LATS];
	struct u64map pcs;	/* pc -> samples */
	struct u64map cpus;	/* cpu + 1 -> records */
	struct u64map ds;	/* data source -> records */
	struct u64map pages;	/* data VA page -> records */
	struct u64map ctx2;	/* CONTEXTIDR_EL2 + 1 -> records (a host's VM/vCPU ids) */
	/* Filled after decoding. */
	const struct elf_symbols *syms;
	struct sym_count *by_sym;
	size_t nr_by_sym;
};

static inline unsigned int lat_bucket(uint64_t v)
{
	return v ? (unsigned int)(64 - __builtin_clzll(v)) : 0;
}

int trace_stats_collect(struct trace_stats *st, const struct trace_input *in, int progress);
int trace_stats_symbolize(struct trace_stats *st, const struct elf_symbols *syms);
void trace_stats_free(struct trace_stats *st);

const char *trace_event_name(unsigned int bit);
/* Data source name in Arm's common encoding, or NULL. */
const char *trace_ds_name(uint64_t ds);
extern const char *const trace_lat_names[NR_LATS];

void report_text(FILE *f, const struct trace_stats *st, unsigned int top);
void report_json(FILE *f, const struct trace_stats *st, unsigned int top);
int report_html(FILE *f, const struct trace_stats *st, unsigned int top);

#endif
