// SPDX-License-Identifier: GPL-2.0-only
/*
 * perf.data output of the guest's trace through decode/'s writer. The
 * attribute says how the guest programmed the unit (TRACE_INFO): the
 * interval, and the perf config bits Linux's arm_spe_pmu would have set for
 * that PMSCR_EL1/PMSFCR_EL1 (ts_enable, pa_enable, pct_enable, jitter,
 * branch/load/store filters), so `perf report` shows a familiar event.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/sysreg.h"
#include "decode/perf_data.h"
#include "decode/spe_record.h"
#include "trace.h"
#include "vmm_err.h"

/* perf's arm_spe config bits for the type filters (arm_spe_pmu format). */
#define TRACE_CFG_BRANCH_FILTER	(1ull << 32)
#define TRACE_CFG_LOAD_FILTER	(1ull << 33)
#define TRACE_CFG_STORE_FILTER	(1ull << 34)

_Static_assert(sizeof(struct vmm_trace_info) == VMM_TRACE_INFO_SIZE,
	       "struct vspe_trace_info is 48 bytes (docs/paravirt.md)");

struct vmm_trace {
	struct vmm_trace_config cfg;
	struct spe_perf_writer *w;	/* NULL until the first piece */
	struct vmm_trace_info info;
	struct vmm_trace_stats st;
	uint8_t *seen;			/* per CPU: sent a piece */
	int err;			/* first writer error, kept for close */
	/* Every call that shaped the file, for migration (vmm_trace_journal). */
	uint8_t *journal;
	size_t jlen, jcap;
};

/* Journal entry: u32 kind (1 info, 2 piece), u32 cpu, u32 flags, u32 len, bytes. */
static int trace_journal_add(struct vmm_trace *t, uint32_t kind, uint32_t cpu, uint32_t flags,
			     const void *bytes, size_t len)
{
	uint32_t h[4] = { kind, cpu, flags, (uint32_t)len };

	if (len > UINT32_MAX)
		return vmm_err_set(VMM_EINVAL, "trace: piece of %zu bytes", len);
	if (t->jlen + sizeof(h) + len > t->jcap) {
		size_t cap = t->jcap ? t->jcap : 4096;
		uint8_t *p;

		while (cap < t->jlen + sizeof(h) + len)
			cap *= 2;
		p = realloc(t->journal, cap);
		if (!p)
			return vmm_err_set(VMM_ENOMEM, "trace: out of memory for the journal");
		t->journal = p;
		t->jcap = cap;
	}
	memcpy(t->journal + t->jlen, h, sizeof(h));
	if (len)
		memcpy(t->journal + t->jlen + sizeof(h), bytes, len);
	t->jlen += sizeof(h) + len;
	return 0;
}

int vmm_trace_open(const struct vmm_trace_config *cfg, struct vmm_trace **out)
{
	struct vmm_trace *t;
	FILE *f;

	if (!cfg || !out || !cfg->path || !*cfg->path || cfg->nr_cpus == 0 ||
	    cfg->nr_cpus > VMM_TRACE_MAX_CPUS)
		return vmm_err_set(VMM_EINVAL, "trace: bad configuration");
	/* Fail now, not at the first piece, when the file cannot be created. */
	f = fopen(cfg->path, "wb");
	if (!f)
		return vmm_err_set(VMM_ENOENT, "-o %s: %s", cfg->path, strerror(errno));
	fclose(f);
	t = calloc(1, sizeof(*t));
	if (t)
		t->seen = calloc(cfg->nr_cpus, 1);
	if (!t || !t->seen) {
		free(t);
		return vmm_err_set(VMM_ENOMEM, "trace: out of memory");
	}
	t->cfg = *cfg;
	*out = t;
	return 0;
}

int vmm_trace_set_info(struct vmm_trace *t, const struct vmm_trace_info *info)
{
	if (!t || !info || info->version != 1 || info->size != VMM_TRACE_INFO_SIZE)
		return vmm_err_set(VMM_EINVAL, "trace info: version %u size %u (expected 1 and %u)",
				   info ? info->version : 0, info ? info->size : 0,
				   VMM_TRACE_INFO_SIZE);
	if (trace_journal_add(t, 1, 0, 0, info, sizeof(*info)))
		return VMM_ENOMEM;
	/* Only what describes the first session ends up in the file's header. */
	t->info = *info;
	t->st.has_info = true;
	return 0;
}

/* The perf event config Linux would have used for this programming (spe-architecture.md §6.3). */
static uint64_t trace_perf_config(const struct vmm_trace_info *i)
{
	uint64_t c = 0;

	if (PMSCR_EL1_TS_GET(i->pmscr))
		c |= SPE_PERF_CFG_TS_ENABLE;
	if (PMSCR_EL1_PA_GET(i->pmscr))
		c |= SPE_PERF_CFG_PA_ENABLE;
	if (PMSCR_EL1_PCT_GET(i->pmscr))
		c |= SPE_PERF_CFG_PCT_ENABLE;
	if (PMSIRR_EL1_RND_GET(i->pmsirr))
		c |= SPE_PERF_CFG_JITTER;
	if (PMSFCR_EL1_FT_GET(i->pmsfcr)) {
		if (PMSFCR_EL1_B_GET(i->pmsfcr))
			c |= TRACE_CFG_BRANCH_FILTER;
		if (PMSFCR_EL1_LD_GET(i->pmsfcr))
			c |= TRACE_CFG_LOAD_FILTER;
		if (PMSFCR_EL1_ST_GET(i->pmsfcr))
			c |= TRACE_CFG_STORE_FILTER;
	}
	return c;
}

static int trace_start_writer(struct vmm_trace *t)
{
	struct spe_perf_meta meta = {
		.elf_path = t->cfg.elf,
		.nr_cpus = t->cfg.nr_cpus,
		.comm = "vspe-guest",
	};
	int err;

	if (t->st.has_info) {
		meta.config = trace_perf_config(&t->info);
		meta.sample_period = PMSIRR_EL1_INTERVAL_GET(t->info.pmsirr) << 8;
		if (!meta.config)
			meta.config = SPE_PERF_CFG_PA_ENABLE;	/* 0 would mean "the default" */
	}
	err = spe_perf_writer_open(t->cfg.path, &meta, &t->w);
	if (err == -SPE_ERR_BAD_ELF) {
		/* The trace matters more than its symbols: write it without the map. */
		meta.elf_path = NULL;
		t->st.no_symbols = true;
		err = spe_perf_writer_open(t->cfg.path, &meta, &t->w);
	}
	if (err) {
		t->w = NULL;
		t->err = err;
		return vmm_err_set(VMM_ENOENT, "-o %s: %s", t->cfg.path, spe_strerror(err));
	}
	return 0;
}

/*
 * A TRUNCATED piece (PMBSR_EL1.DL, or a fault in the middle of a record)
 * ends inside a record, and perf does not join records across AUX buffers:
 * keep the bytes up to the end of the last whole record.
 */
static size_t trace_whole_records(const uint8_t *p, size_t len)
{
	struct spe_record_decoder *d;
	struct spe_record r;
	size_t keep = 0;

	if (!len)
		return 0;
	d = spe_rec_alloc(p, len);
	if (!d)
		return len;	/* no memory to look: keep it all rather than lose it */
	while (spe_rec_next(d, &r) == 0)
		keep = (size_t)(r.offset + r.size);
	spe_rec_free(d);
	return keep;
}

int vmm_trace_write(struct vmm_trace *t, unsigned int cpu, const void *bytes, size_t len,
		    uint32_t flags)
{
	int err;

	if (!t || (!bytes && len))
		return vmm_err_set(VMM_EINVAL, "trace: bad arguments");
	if (cpu >= t->cfg.nr_cpus)
		return vmm_err_set(VMM_EINVAL, "trace: guest CPU %u does not exist (%u CPUs)",
				   cpu, t->cfg.nr_cpus);
	if (flags & ~VMM_TRACE_F_ALL)
		return vmm_err_set(VMM_EINVAL, "trace: unknown flags 0x%x", flags);
	if (t->err)
		return vmm_err_set(VMM_ENOENT, "-o %s: the file could not be written",
				   t->cfg.path);
	if (!t->w && trace_start_writer(t))
		return VMM_ENOENT;
	if (trace_journal_add(t, 2, cpu, flags, bytes, len))
		return VMM_ENOMEM;
	if (flags & VMM_TRACE_F_TRUNCATED) {
		size_t keep = trace_whole_records(bytes, len);

		t->st.trimmed += len - keep;
		len = keep;
	}
	if (len) {
		err = spe_perf_writer_add_aux(t->w, cpu, bytes, len);
		if (err) {
			t->err = err;
			return vmm_err_set(VMM_ENOENT, "-o %s: %s", t->cfg.path, spe_strerror(err));
		}
	}
	if (!t->seen[cpu]) {
		t->seen[cpu] = 1;
		t->st.cpus++;
	}
	t->st.pieces++;
	t->st.bytes += len;
	t->st.truncated += !!(flags & VMM_TRACE_F_TRUNCATED);
	t->st.collisions += !!(flags & VMM_TRACE_F_COLLISION);
	return 0;
}

void vmm_trace_stats(const struct vmm_trace *t, struct vmm_trace_stats *st)
{
	*st = t->st;
}

int vmm_trace_close(struct vmm_trace *t)
{
	int err = 0;

	if (!t)
		return 0;
	if (!t->w && !t->err)
		trace_start_writer(t);
	if (t->w) {
		int e = spe_perf_writer_close(t->w);

		if (e && !t->err)
			t->err = e;
	}
	if (t->err)
		err = vmm_err_set(VMM_ENOENT, "-o %s: %s", t->cfg.path, spe_strerror(t->err));
	free(t->seen);
	free(t->journal);
	free(t);
	return err;
}

void vmm_trace_journal(const struct vmm_trace *t, const void **buf, size_t *len)
{
	*buf = t->journal;
	*len = t->jlen;
}

int vmm_trace_replay(struct vmm_trace *t, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t off = 0;
	int err = 0;

	while (!err && off < len) {
		uint32_t h[4];

		if (len - off < sizeof(h))
			return vmm_err_set(VMM_EINVAL, "trace journal: truncated entry");
		memcpy(h, p + off, sizeof(h));
		off += sizeof(h);
		if (h[3] > len - off || h[0] < 1 || h[0] > 2 ||
		    (h[0] == 1 && h[3] != sizeof(struct vmm_trace_info)))
			return vmm_err_set(VMM_EINVAL, "trace journal: bad entry at %zu", off);
		/* Replayed calls are journaled again, so a second move carries them too. */
		if (h[0] == 1) {
			struct vmm_trace_info info;

			memcpy(&info, p + off, sizeof(info));
			err = vmm_trace_set_info(t, &info);
		} else {
			err = vmm_trace_write(t, h[1], p + off, h[3], h[2]);
		}
		off += h[3];
	}
	return err;
}
