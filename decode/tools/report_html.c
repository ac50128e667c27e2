// SPDX-License-Identifier: GPL-2.0-only
/*
 * `vspe report --html OUT`: one self-contained page, inline CSS and SVG,
 * no scripts and nothing fetched from the network.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "trace_stats.h"

#define HEAT_MAX_PAGES	4096
#define HEAT_COLS	64
#define HEAT_CELL	11

void lat_bucket_range(unsigned int b, uint64_t *lo, uint64_t *hi);

static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f); break;
		}
	}
}

/* A horizontal bar chart: one row per label. */
static void svg_bars(FILE *f, const char *title, char **labels, const uint64_t *vals, size_t n,
		     uint64_t total)
{
	const unsigned int row = 18, label_w = 260, bar_w = 420;
	uint64_t max = 0;

	for (size_t i = 0; i < n; i++)
		if (vals[i] > max)
			max = vals[i];
	fprintf(f, "<h2>");
	esc(f, title);
	fprintf(f, "</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%zu\">\n",
		label_w + bar_w + 160, n * row + 4);
	for (size_t i = 0; i < n; i++) {
		unsigned int w = max ? (unsigned int)((double)vals[i] / (double)max * bar_w) : 0;
		unsigned int y = (unsigned int)(i * row);

		fprintf(f, "<text x=\"%u\" y=\"%u\" text-anchor=\"end\">", label_w - 6, y + 13);
		esc(f, labels[i]);
		fprintf(f, "</text><rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" fill=\"#4a7ab5\">"
			   "<title>%" PRIu64 "</title></rect>",
			label_w, y + 2, w ? w : 1, row - 4, vals[i]);
		fprintf(f, "<text x=\"%u\" y=\"%u\">%" PRIu64 " (%.2f%%)</text>\n", label_w + w + 6,
			y + 13, vals[i], total ? 100.0 * (double)vals[i] / (double)total : 0.0);
	}
	fprintf(f, "</svg>\n");
}

static int page_cmp(const void *a, const void *b)
{
	const struct u64pair *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static void heat_map(FILE *f, const struct trace_stats *st)
{
	struct u64pair *p;
	size_t nr, rows;
	uint64_t max;
	double lmax;

	p = u64map_sorted(&st->pages, &nr);
	if (!p || !nr) {
		free(p);
		return;
	}
	max = p[0].val;
	if (nr > HEAT_MAX_PAGES)
		nr = HEAT_MAX_PAGES;
	qsort(p, nr, sizeof(*p), page_cmp);
	rows = (nr + HEAT_COLS - 1) / HEAT_COLS;
	lmax = log((double)max + 1);
	fprintf(f, "<h2>Data address heat map</h2>\n<p>%zu distinct 4 KiB pages%s, in address "
		   "order, %u per row; darker = more samples (log scale). Hover for the page.</p>\n",
		st->pages.nr, st->pages.nr > HEAT_MAX_PAGES ? " (the 4096 hottest)" : "", HEAT_COLS);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%u\" height=\"%zu\">\n",
		HEAT_COLS * HEAT_CELL + 160, rows * HEAT_CELL + 2);
	for (size_t i = 0; i < nr; i++) {
		double t = lmax > 0 ? log((double)p[i].val + 1) / lmax : 0;
		unsigned int shade = (unsigned int)(235 - t * 200);

		if (i % HEAT_COLS == 0)
			fprintf(f, "<text x=\"%u\" y=\"%zu\" font-size=\"9\">%#" PRIx64 "</text>\n",
				HEAT_COLS * HEAT_CELL + 6, (i / HEAT_COLS) * HEAT_CELL + 9,
				p[i].key << PAGE_SHIFT_HEAT);
		fprintf(f, "<rect x=\"%zu\" y=\"%zu\" width=\"%u\" height=\"%u\" fill=\"rgb(%u,%u,255)\">"
			   "<title>%#" PRIx64 ": %" PRIu64 "</title></rect>\n",
			(i % HEAT_COLS) * HEAT_CELL, (i / HEAT_COLS) * HEAT_CELL, HEAT_CELL - 1,
			HEAT_CELL - 1, shade, shade, p[i].key << PAGE_SHIFT_HEAT, p[i].val);
	}
	fprintf(f, "</svg>\n");
	free(p);
}

int report_html(FILE *f, const struct trace_stats *st, unsigned int top)
{
	char *labels[LAT_BUCKETS > 64 ? LAT_BUCKETS : 64];
	char names[64][48];
	uint64_t vals[64];
	struct u64pair *p;
	size_t n, nr;

	for (int i = 0; i < 64; i++)
		labels[i] = names[i];
	fprintf(f, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>vspe report: ");
	esc(f, st->path);
	fprintf(f, "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1000px}"
		   "svg text{font-size:12px;font-family:monospace}"
		   "table{border-collapse:collapse}td,th{padding:2px 10px;text-align:right}"
		   "td.l{text-align:left;font-family:monospace}</style></head><body>\n");
	fprintf(f, "<h1>vspe report</h1>\n<p>File <code>");
	esc(f, st->path);
	fprintf(f, "</code> (%s, %zu buffers, %" PRIu64 " bytes): <b>%" PRIu64 "</b> records, %"
		   PRIu64 " decode errors, %" PRIu64 " truncated buffers.</p>\n",
		st->is_perf ? "perf.data" : "raw SPE trace", st->nr_bufs, st->bytes, st->records,
		st->errors, st->truncated);

	n = 0;
	for (int k = 0; k < SPE_OP_KIND_NR; k++) {
		if (!st->kinds[k])
			continue;
		snprintf(names[n], sizeof(names[n]), "%s", spe_op_kind_name(k));
		vals[n++] = st->kinds[k];
	}
	svg_bars(f, "Operations", labels, vals, n, st->records);

	for (n = 0; n < st->nr_by_sym && n < top && n < 64; n++) {
		snprintf(names[n], sizeof(names[n]), "%s",
			 st->by_sym[n].name ? st->by_sym[n].name : "[unknown]");
		vals[n] = st->by_sym[n].count;
	}
	svg_bars(f, "Samples per symbol", labels, vals, n, st->records);

	p = u64map_sorted(&st->pcs, &nr);
	fprintf(f, "<h2>Samples per PC</h2>\n<table><tr><th>samples</th><th>%%</th>"
		   "<th>pc</th><th>symbol</th></tr>\n");
	for (size_t i = 0; p && i < nr && i < top; i++) {
		const struct elf_sym *s = st->syms ? elf_symbols_find(st->syms, p[i].key) : NULL;

		fprintf(f, "<tr><td>%" PRIu64 "</td><td>%.2f</td><td class=\"l\">%#" PRIx64
			   "</td><td class=\"l\">",
			p[i].val, st->records ? 100.0 * (double)p[i].val / (double)st->records : 0.0,
			p[i].key);
		if (s) {
			esc(f, s->name);
			fprintf(f, "+%#" PRIx64, p[i].key - s->addr);
		} else {
			fprintf(f, "[unknown]");
		}
		fprintf(f, "</td></tr>\n");
	}
	fprintf(f, "</table>\n");
	free(p);

	for (int l = 0; l < NR_LATS; l++) {
		const struct lat_stats *ls = &st->lat[l];
		char title[96];

		if (!ls->count)
			continue;
		n = 0;
		for (unsigned int b = 0; b < LAT_BUCKETS; b++) {
			uint64_t lo, hi;

			if (!ls->bucket[b])
				continue;
			lat_bucket_range(b, &lo, &hi);
			if (hi == UINT64_MAX)
				snprintf(names[n], sizeof(names[n]), "%" PRIu64 "+", lo);
			else
				snprintf(names[n], sizeof(names[n]), "%" PRIu64 "-%" PRIu64, lo, hi);
			vals[n++] = ls->bucket[b];
		}
		snprintf(title, sizeof(title), "%s latency (cycles), mean %.1f, max %" PRIu64,
			 trace_lat_names[l], (double)ls->sum / (double)ls->count, ls->max);
		title[0] = (char)(title[0] - 'a' + 'A');
		svg_bars(f, title, labels, vals, n, ls->count);
	}

	n = 0;
	for (unsigned int b = 0; b < 64; b++) {
		const char *nm = trace_event_name(b);

		if (!st->events[b])
			continue;
		if (nm)
			snprintf(names[n], sizeof(names[n]), "%s", nm);
		else
			snprintf(names[n], sizeof(names[n]), "event-%u", b);
		vals[n++] = st->events[b];
	}
	svg_bars(f, "Events", labels, vals, n, st->with_events);

	p = u64map_sorted(&st->ds, &nr);
	if (p && nr) {
		uint64_t total = 0;

		for (n = 0; n < nr && n < 64; n++) {
			const char *nm = trace_ds_name(p[n].key);

			snprintf(names[n], sizeof(names[n]), "%s (%#" PRIx64 ")", nm ? nm : "other",
				 p[n].key);
			vals[n] = p[n].val;
			total += p[n].val;
		}
		svg_bars(f, "Data source", labels, vals, n, total);
	}
	free(p);
	heat_map(f, st);
	fprintf(f, "</body></html>\n");
	return ferror(f) ? -1 : 0;
}
