// SPDX-License-Identifier: GPL-2.0-only
/* `vspe report --json`: the same counts, machine-readable. */
#include <inttypes.h>
#include <stdlib.h>

#include "trace_stats.h"

void lat_bucket_range(unsigned int b, uint64_t *lo, uint64_t *hi);

/* A JSON string; names come from ELF files, so escape everything odd. */
static void jstr(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

void report_json(FILE *f, const struct trace_stats *st, unsigned int top)
{
	struct u64pair *p;
	size_t nr;

	fprintf(f, "{\n  \"file\": ");
	jstr(f, st->path);
	fprintf(f, ",\n  \"format\": \"%s\",\n  \"buffers\": %zu,\n  \"bytes\": %" PRIu64
		   ",\n  \"records\": %" PRIu64 ",\n  \"decode_errors\": %" PRIu64
		   ",\n  \"bytes_skipped\": %" PRIu64 ",\n  \"truncated_buffers\": %" PRIu64 ",\n",
		st->is_perf ? "perf.data" : "raw", st->nr_bufs, st->bytes, st->records, st->errors,
		st->bad_bytes, st->truncated);

	fprintf(f, "  \"operations\": {");
	for (int k = 0, first = 1; k < SPE_OP_KIND_NR; k++) {
		if (!st->kinds[k])
			continue;
		fprintf(f, "%s\"%s\": %" PRIu64, first ? "" : ", ", spe_op_kind_name(k), st->kinds[k]);
		first = 0;
	}
	fprintf(f, "},\n  \"cpus\": {");
	p = u64map_sorted(&st->cpus, &nr);
	for (size_t i = 0; p && i < nr; i++)
		fprintf(f, "%s\"%" PRId64 "\": %" PRIu64, i ? ", " : "", (int64_t)p[i].key - 1,
			p[i].val);
	free(p);

	fprintf(f, "},\n  \"symbols\": [");
	for (size_t i = 0; i < st->nr_by_sym; i++) {
		fprintf(f, "%s\n    {\"symbol\": ", i ? "," : "");
		if (st->by_sym[i].name)
			jstr(f, st->by_sym[i].name);
		else
			fprintf(f, "null");
		fprintf(f, ", \"samples\": %" PRIu64 "}", st->by_sym[i].count);
	}
	fprintf(f, "\n  ],\n  \"pcs\": [");
	p = u64map_sorted(&st->pcs, &nr);
	for (size_t i = 0; p && i < nr && i < top; i++) {
		const struct elf_sym *s = st->syms ? elf_symbols_find(st->syms, p[i].key) : NULL;

		fprintf(f, "%s\n    {\"pc\": \"%#" PRIx64 "\", \"samples\": %" PRIu64 ", \"symbol\": ",
			i ? "," : "", p[i].key, p[i].val);
		if (s) {
			jstr(f, s->name);
			fprintf(f, ", \"offset\": %" PRIu64 "}", p[i].key - s->addr);
		} else {
			fprintf(f, "null}");
		}
	}
	free(p);

	fprintf(f, "\n  ],\n  \"latency\": {");
	for (int l = 0; l < NR_LATS; l++) {
		const struct lat_stats *ls = &st->lat[l];
		int first = 1;

		fprintf(f, "%s\n    \"%s\": {\"samples\": %" PRIu64 ", \"sum\": %" PRIu64
			   ", \"max\": %" PRIu64 ", \"buckets\": [",
			l ? "," : "", trace_lat_names[l], ls->count, ls->sum, ls->max);
		for (unsigned int b = 0; b < LAT_BUCKETS; b++) {
			uint64_t lo, hi;

			if (!ls->bucket[b])
				continue;
			lat_bucket_range(b, &lo, &hi);
			fprintf(f, "%s{\"lo\": %" PRIu64 ", ", first ? "" : ", ", lo);
			if (hi == UINT64_MAX)
				fprintf(f, "\"hi\": null");
			else
				fprintf(f, "\"hi\": %" PRIu64, hi);
			fprintf(f, ", \"count\": %" PRIu64 "}", ls->bucket[b]);
			first = 0;
		}
		fprintf(f, "]}");
	}
	fprintf(f, "\n  },\n  \"events\": {");
	for (unsigned int b = 0, first = 1; b < 64; b++) {
		const char *n = trace_event_name(b);

		if (!st->events[b])
			continue;
		if (n)
			fprintf(f, "%s\"%s\": %" PRIu64, first ? "" : ", ", n, st->events[b]);
		else
			fprintf(f, "%s\"event-%u\": %" PRIu64, first ? "" : ", ", b, st->events[b]);
		first = 0;
	}
	fprintf(f, "},\n  \"events_records\": %" PRIu64 ",\n  \"data_source\": [", st->with_events);
	p = u64map_sorted(&st->ds, &nr);
	for (size_t i = 0; p && i < nr; i++) {
		const char *n = trace_ds_name(p[i].key);

		fprintf(f, "%s{\"value\": %" PRIu64 ", \"name\": ", i ? ", " : "", p[i].key);
		if (n)
			jstr(f, n);
		else
			fprintf(f, "null");
		fprintf(f, ", \"records\": %" PRIu64 "}", p[i].val);
	}
	free(p);
	fprintf(f, "],\n  \"data_pages\": {\"page_size\": %u, \"distinct\": %zu, \"top\": [",
		1u << PAGE_SHIFT_HEAT, st->pages.nr);
	p = u64map_sorted(&st->pages, &nr);
	for (size_t i = 0; p && i < nr && i < top; i++)
		fprintf(f, "%s{\"page\": \"%#" PRIx64 "\", \"records\": %" PRIu64 "}", i ? ", " : "",
			p[i].key << PAGE_SHIFT_HEAT, p[i].val);
	free(p);
	fprintf(f, "]}\n}\n");
}
