// SPDX-License-Identifier: GPL-2.0-only
/* `vspe report` as text tables. */
#include <inttypes.h>
#include <stdlib.h>

#include "trace_stats.h"

static double pct(uint64_t n, uint64_t total)
{
	return total ? 100.0 * (double)n / (double)total : 0.0;
}

static void bar(FILE *f, uint64_t n, uint64_t max)
{
	unsigned int w = max ? (unsigned int)((n * 40 + max - 1) / max) : 0;

	fputc(' ', f);
	while (w--)
		fputc('#', f);
}

/* "[lo,hi]" of a log2 latency bucket. */
void lat_bucket_range(unsigned int b, uint64_t *lo, uint64_t *hi);
void lat_bucket_range(unsigned int b, uint64_t *lo, uint64_t *hi)
{
	*lo = b ? 1ull << (b - 1) : 0;
	*hi = b ? (1ull << b) - 1 : 0;
	if (b == LAT_BUCKETS - 1)
		*hi = UINT64_MAX;
}

void report_text(FILE *f, const struct trace_stats *st, unsigned int top)
{
	struct u64pair *p;
	size_t nr;

	fprintf(f, "vspe report: %s (%s, %zu buffer%s, %" PRIu64 " bytes)\n", st->path,
		st->is_perf ? "perf.data" : "raw SPE trace", st->nr_bufs,
		st->nr_bufs == 1 ? "" : "s", st->bytes);
	fprintf(f, "records: %" PRIu64 "   decode errors: %" PRIu64 " (%" PRIu64
		" bytes skipped)   truncated buffers: %" PRIu64 "\n",
		st->records, st->errors, st->bad_bytes, st->truncated);

	fprintf(f, "\nOperations\n");
	for (int k = 0; k < SPE_OP_KIND_NR; k++)
		if (st->kinds[k])
			fprintf(f, "  %-10s %12" PRIu64 " %6.2f%%\n", spe_op_kind_name(k),
				st->kinds[k], pct(st->kinds[k], st->records));

	p = u64map_sorted(&st->cpus, &nr);
	if (p && nr > 1) {
		fprintf(f, "\nRecords per CPU\n");
		for (size_t i = 0; i < nr; i++)
			fprintf(f, "  cpu %-6" PRId64 " %12" PRIu64 " %6.2f%%\n",
				(int64_t)p[i].key - 1, p[i].val, pct(p[i].val, st->records));
	}
	free(p);

	/* A host's profile (vspe run --host-profile): CONTEXTIDR_EL2 = VM << 16 | vCPU. */
	p = u64map_sorted(&st->ctx2, &nr);
	if (p && nr) {
		fprintf(f, "\nRecords per CONTEXTIDR_EL2 (host profile: VM << 16 | vCPU)\n");
		for (size_t i = 0; i < nr && i < top; i++) {
			uint64_t c = p[i].key - 1;

			fprintf(f, "  %#-10" PRIx64 " vm %-4" PRIu64 " vcpu %-5" PRIu64 " %12" PRIu64
				" %6.2f%%\n", c, c >> 16, c & 0xffff, p[i].val,
				pct(p[i].val, st->records));
		}
	}
	free(p);

	fprintf(f, "\nSamples per symbol (top %u)\n  %12s %7s  symbol\n", top, "samples", "%");
	for (size_t i = 0; i < st->nr_by_sym && i < top; i++)
		fprintf(f, "  %12" PRIu64 " %6.2f%%  %s\n", st->by_sym[i].count,
			pct(st->by_sym[i].count, st->records),
			st->by_sym[i].name ? st->by_sym[i].name : "[unknown]");

	p = u64map_sorted(&st->pcs, &nr);
	fprintf(f, "\nSamples per PC (top %u)\n  %12s %7s  %-18s  symbol\n", top, "samples",
		"%", "pc");
	for (size_t i = 0; p && i < nr && i < top; i++) {
		const struct elf_sym *s = st->syms ? elf_symbols_find(st->syms, p[i].key) : NULL;

		fprintf(f, "  %12" PRIu64 " %6.2f%%  %#-18" PRIx64 "  ", p[i].val,
			pct(p[i].val, st->records), p[i].key);
		if (s)
			fprintf(f, "%s+%#" PRIx64 "\n", s->name, p[i].key - s->addr);
		else
			fprintf(f, "[unknown]\n");
	}
	free(p);

	for (int l = 0; l < NR_LATS; l++) {
		const struct lat_stats *ls = &st->lat[l];
		uint64_t max = 0;

		if (!ls->count)
			continue;
		for (int b = 0; b < LAT_BUCKETS; b++)
			if (ls->bucket[b] > max)
				max = ls->bucket[b];
		fprintf(f, "\n%s latency (cycles): %" PRIu64 " samples, mean %.1f, max %" PRIu64 "\n",
			trace_lat_names[l], ls->count, (double)ls->sum / (double)ls->count, ls->max);
		for (unsigned int b = 0; b < LAT_BUCKETS; b++) {
			uint64_t lo, hi;

			if (!ls->bucket[b])
				continue;
			lat_bucket_range(b, &lo, &hi);
			if (hi == UINT64_MAX)
				fprintf(f, "  [%6" PRIu64 ",   ...] ", lo);
			else
				fprintf(f, "  [%6" PRIu64 ",%6" PRIu64 "] ", lo, hi);
			fprintf(f, "%12" PRIu64 " %6.2f%%", ls->bucket[b], pct(ls->bucket[b], ls->count));
			bar(f, ls->bucket[b], max);
			fputc('\n', f);
		}
	}

	fprintf(f, "\nEvents (of %" PRIu64 " records with an events packet)\n", st->with_events);
	for (unsigned int b = 0; b < 64; b++) {
		const char *n = trace_event_name(b);

		if (!st->events[b])
			continue;
		if (n)
			fprintf(f, "  %-18s", n);
		else
			fprintf(f, "  event-%-12u", b);
		fprintf(f, " %12" PRIu64 " %6.2f%%\n", st->events[b],
			pct(st->events[b], st->with_events));
	}

	p = u64map_sorted(&st->ds, &nr);
	if (p && nr) {
		uint64_t total = 0;

		for (size_t i = 0; i < nr; i++)
			total += p[i].val;
		fprintf(f, "\nData source (Arm common encoding)\n");
		for (size_t i = 0; i < nr; i++) {
			const char *n = trace_ds_name(p[i].key);

			fprintf(f, "  %-14s %#6" PRIx64 " %12" PRIu64 " %6.2f%%\n", n ? n : "other",
				p[i].key, p[i].val, pct(p[i].val, total));
		}
	}
	free(p);

	p = u64map_sorted(&st->pages, &nr);
	if (p && nr) {
		uint64_t max = p[0].val, total = 0;

		for (size_t i = 0; i < nr; i++)
			total += p[i].val;
		fprintf(f, "\nData address heat map (%zu distinct 4 KiB pages; top %u)\n", nr, top);
		for (size_t i = 0; i < nr && i < top; i++) {
			fprintf(f, "  %#018" PRIx64 " %12" PRIu64 " %6.2f%%",
				p[i].key << PAGE_SHIFT_HEAT, p[i].val, pct(p[i].val, total));
			bar(f, p[i].val, max);
			fputc('\n', f);
		}
	}
	free(p);
}
