// SPDX-License-Identifier: GPL-2.0-only
/* The host's SPE profile as perf.data (vmm/hostprof.h), through decode/'s writer. */
#include <stdlib.h>

#include "decode/perf_data.h"
#include "hostprof.h"
#include "vmm_err.h"

struct vmm_hostprof {
	struct spe_perf_writer *w;
	struct vmm_hostprof_config cfg;
	struct vmm_hostprof_stats st;
	uint64_t seen;		/* physical CPUs that sent a piece */
	int err;		/* first writer error */
};

int vmm_hostprof_open(const struct vmm_hostprof_config *cfg, struct vmm_hostprof **out)
{
	struct spe_perf_meta meta;
	struct vmm_hostprof *h;
	int err;

	if (!cfg || !out || !cfg->path || !*cfg->path || !cfg->nr_cpus ||
	    cfg->nr_cpus > VMM_HOSTPROF_MAX_CPUS)
		return vmm_err_set(VMM_EINVAL, "host profile: bad configuration");
	h = calloc(1, sizeof(*h));
	if (!h)
		return vmm_err_set(VMM_ENOMEM, "host profile: out of memory");
	h->cfg = *cfg;
	meta = (struct spe_perf_meta){
		.elf_path = cfg->elf, .nr_cpus = cfg->nr_cpus, .comm = "vspe-vcpu",
		/* What the host session programs: TS, PA, physical time (host/prof.c). */
		.config = SPE_PERF_CFG_TS_ENABLE | SPE_PERF_CFG_PA_ENABLE | SPE_PERF_CFG_PCT_ENABLE,
		.sample_period = cfg->interval,
	};
	err = spe_perf_writer_open(cfg->path, &meta, &h->w);
	if (err == -SPE_ERR_BAD_ELF) {
		/* The profile matters more than its symbols. */
		meta.elf_path = NULL;
		h->st.no_symbols = 1;
		err = spe_perf_writer_open(cfg->path, &meta, &h->w);
	}
	if (err) {
		free(h);
		return vmm_err_set(VMM_ENOENT, "-o %s: %s", cfg->path, spe_strerror(err));
	}
	*out = h;
	return 0;
}

void vmm_hostprof_drain(void *arg, unsigned int cpu, const void *bytes, size_t len)
{
	struct vmm_hostprof *h = arg;
	int err;

	if (!h || h->err || cpu >= h->cfg.nr_cpus || !len)
		return;
	err = spe_perf_writer_add_aux(h->w, cpu, bytes, len);
	if (err) {
		h->err = err;
		return;
	}
	if (!(h->seen >> cpu & 1)) {
		h->seen |= 1ull << cpu;
		h->st.cpus++;
	}
	h->st.pieces++;
	h->st.bytes += len;
}

void vmm_hostprof_stats(const struct vmm_hostprof *h, struct vmm_hostprof_stats *st)
{
	*st = h->st;
}

int vmm_hostprof_close(struct vmm_hostprof *h)
{
	int err;

	if (!h)
		return 0;
	err = spe_perf_writer_close(h->w);
	if (!h->err)
		h->err = err;
	err = h->err ? vmm_err_set(VMM_ENOENT, "-o %s: %s", h->cfg.path, spe_strerror(h->err)) : 0;
	free(h);
	return err;
}
