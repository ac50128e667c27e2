// SPDX-License-Identifier: GPL-2.0-only
/* Decoding a trace into the report's counts (see trace_stats.h). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arch/spe-packet.h"
#include "trace_stats.h"

const char *const trace_lat_names[NR_LATS] = { "total", "issue", "translation" };

const char *trace_event_name(unsigned int bit)
{
	static const char *const names[] = {
		[SPE_EV_EXCEPTION_GEN] = "exception-gen", [SPE_EV_RETIRED] = "retired",
		[SPE_EV_L1D_ACCESS] = "l1d-access", [SPE_EV_L1D_REFILL] = "l1d-refill",
		[SPE_EV_TLB_ACCESS] = "tlb-access", [SPE_EV_TLB_WALK] = "tlb-walk",
		[SPE_EV_NOT_TAKEN] = "not-taken", [SPE_EV_MISPRED] = "mispredicted",
		[SPE_EV_LLC_ACCESS] = "llc-access", [SPE_EV_LLC_MISS] = "llc-miss",
		[SPE_EV_REMOTE_ACCESS] = "remote-access", [SPE_EV_ALIGNMENT] = "misaligned",
		[SPE_EV_TRANSACTIONAL] = "transactional",
		[SPE_EV_SVE_PARTIAL_PRED] = "sve-partial-pred",
		[SPE_EV_SVE_EMPTY_PRED] = "sve-empty-pred",
		[SPE_EV_L2D_ACCESS] = "l2d-access", [SPE_EV_L2D_MISS] = "l2d-miss",
		[SPE_EV_CACHE_DATA_MODIFIED] = "hitm",
		[SPE_EV_RECENTLY_FETCHED] = "recently-fetched",
		[SPE_EV_DATA_SNOOPED] = "data-snooped",
	};

	if (bit < sizeof(names) / sizeof(names[0]) && names[bit])
		return names[bit];
	return NULL;
}

const char *trace_ds_name(uint64_t ds)
{
	switch (ds) {
	case SPE_DS_L1D: return "l1d";
	case SPE_DS_L2: return "l2";
	case SPE_DS_PEER_CORE: return "peer-core";
	case SPE_DS_LOCAL_CLUSTER: return "local-cluster";
	case SPE_DS_SYS_CACHE: return "system-cache";
	case SPE_DS_PEER_CLUSTER: return "peer-cluster";
	case SPE_DS_REMOTE: return "remote";
	case SPE_DS_DRAM: return "dram";
	default: return NULL;
	}
}

static void lat_add(struct lat_stats *l, uint64_t v)
{
	unsigned int b = lat_bucket(v);

	l->bucket[b < LAT_BUCKETS ? b : LAT_BUCKETS - 1]++;
	l->count++;
	l->sum += v;
	if (v > l->max)
		l->max = v;
}

static void add_record(struct trace_stats *st, const struct spe_record *r)
{
	st->records++;
	st->kinds[spe_record_op_kind(r)]++;
	if (r->valid & SPE_REC_PC)
		u64map_add(&st->pcs, r->pc, 1);
	if (r->valid & SPE_REC_LAT_TOTAL)
		lat_add(&st->lat[0], r->lat_total);
	if (r->valid & SPE_REC_LAT_ISSUE)
		lat_add(&st->lat[1], r->lat_issue);
	if (r->valid & SPE_REC_LAT_XLAT)
		lat_add(&st->lat[2], r->lat_xlat);
	if (r->valid & SPE_REC_EVENTS) {
		uint64_t ev = r->events;

		st->with_events++;
		while (ev) {
			st->events[__builtin_ctzll(ev)]++;
			ev &= ev - 1;
		}
	}
	if (r->valid & SPE_REC_DATA_SOURCE)
		u64map_add(&st->ds, r->data_source, 1);
	if (r->valid & SPE_REC_DATA_VA)
		u64map_add(&st->pages, (r->data_va & SPE_ADDR_VA_MASK) >> PAGE_SHIFT_HEAT, 1);
	if (r->valid & SPE_REC_CONTEXT_EL2)
		u64map_add(&st->ctx2, (uint64_t)r->context[1] + 1, 1);
}

static void show_progress(uint64_t done, uint64_t total)
{
	char line[48];
	int n = snprintf(line, sizeof(line), "\rdecoding: %3u%%",
			 (unsigned int)(total ? done * 100 / total : 100));

	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}

int trace_stats_collect(struct trace_stats *st, const struct trace_input *in, int progress)
{
	const uint64_t step = 32u << 20;
	uint64_t done = 0, next_progress = step;

	st->is_perf = in->reader != NULL;
	st->nr_bufs = in->nr_bufs;
	st->bytes = in->total;
	for (size_t i = 0; i < in->nr_bufs; i++) {
		const struct trace_buf *b = &in->bufs[i];
		struct spe_record_decoder *dec = spe_rec_alloc(b->data, (size_t)b->size);
		struct spe_record rec;

		uint64_t nr = 0;

		if (!dec)
			return -SPE_ERR_NOMEM;
		for (;;) {
			uint64_t before, after;
			int err = spe_rec_next(dec, &rec);

			if (!err) {
				add_record(st, &rec);
				nr++;
				if (progress && done + rec.offset >= next_progress) {
					show_progress(done + rec.offset, in->total);
					next_progress += step;
				}
				continue;
			}
			if (err == -SPE_ERR_EOS)
				break;
			if (err == -SPE_ERR_TRUNCATED) {
				st->truncated++;
				break;
			}
			/* Bad packet: count it, skip to the next record start. */
			st->errors++;
			spe_rec_get_offset(dec, &before);
			err = spe_rec_sync_forward(dec);
			spe_rec_get_offset(dec, &after);
			st->bad_bytes += after - before;
			if (err)
				break;
		}
		spe_rec_free(dec);
		u64map_add(&st->cpus, (uint64_t)(b->cpu + 1), nr);
		done += b->size;
	}
	if (progress && in->total >= step) {
		/* Erase the progress line. */
		static const char clear[] = "\r                \r";

		if (write(STDERR_FILENO, clear, sizeof(clear) - 1) < 0)
			return -SPE_ERR_IO;
	}
	if (st->pcs.oom || st->cpus.oom || st->ds.oom || st->pages.oom || st->ctx2.oom)
		return -SPE_ERR_NOMEM;
	return 0;
}

static int symc_cmp(const void *a, const void *b)
{
	const struct sym_count *x = a, *y = b;

	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	if (!x->name || !y->name)
		return x->name ? -1 : (y->name ? 1 : 0);
	return strcmp(x->name, y->name);
}

int trace_stats_symbolize(struct trace_stats *st, const struct elf_symbols *syms)
{
	struct u64map by;	/* symbol index + 1 (0 = unknown) -> samples */
	struct u64pair *pcs, *agg;
	size_t nr, nagg;

	st->syms = syms;
	pcs = u64map_sorted(&st->pcs, &nr);
	if (!pcs)
		return -SPE_ERR_NOMEM;
	u64map_init(&by);
	for (size_t i = 0; i < nr; i++) {
		const struct elf_sym *s = syms ? elf_symbols_find(syms, pcs[i].key) : NULL;

		u64map_add(&by, s ? (uint64_t)(s - syms->syms) + 1 : 0, pcs[i].val);
	}
	free(pcs);
	agg = u64map_sorted(&by, &nagg);
	st->by_sym = calloc(nagg ? nagg : 1, sizeof(*st->by_sym));
	if (!agg || !st->by_sym || by.oom) {
		free(agg);
		u64map_free(&by);
		return -SPE_ERR_NOMEM;
	}
	for (size_t i = 0; i < nagg; i++) {
		st->by_sym[i].name = agg[i].key ? syms->syms[agg[i].key - 1].name : NULL;
		st->by_sym[i].count = agg[i].val;
	}
	st->nr_by_sym = nagg;
	qsort(st->by_sym, nagg, sizeof(*st->by_sym), symc_cmp);
	free(agg);
	u64map_free(&by);
	return 0;
}

void trace_stats_free(struct trace_stats *st)
{
	u64map_free(&st->pcs);
	u64map_free(&st->cpus);
	u64map_free(&st->ds);
	u64map_free(&st->pages);
	u64map_free(&st->ctx2);
	free(st->by_sym);
}
