/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host's SPE profile as a perf.data file (`vspe run --host-profile -o
 * FILE`, docs/host-profiling.md): the pieces of every physical CPU's host
 * buffer, one AUX stream per physical CPU, the guest ELF mapped for
 * symbols. Which guest and vCPU each record came from is in its Context
 * packet (CONTEXTIDR_EL2 = VM << 16 | vCPU).
 */
#ifndef VMM_HOSTPROF_H
#define VMM_HOSTPROF_H

#include <stddef.h>
#include <stdint.h>

#define VMM_HOSTPROF_MAX_CPUS	64u

struct vmm_hostprof_config {
	const char *path;	/* the perf.data file */
	const char *elf;	/* guest ELF for symbols, or NULL */
	unsigned int nr_cpus;	/* physical CPUs: 1..VMM_HOSTPROF_MAX_CPUS */
	uint32_t interval;	/* the session's sampling interval */
};

struct vmm_hostprof_stats {
	uint64_t pieces, bytes;
	unsigned int cpus;	/* physical CPUs that sent a piece */
	int no_symbols;		/* the ELF could not be mapped */
};

struct vmm_hostprof;

/* Creates the file (its header is final at close). */
int vmm_hostprof_open(const struct vmm_hostprof_config *cfg, struct vmm_hostprof **out);
/* The session's drain (vspe_host_prof_drain_fn): one piece of cpu's buffer. */
void vmm_hostprof_drain(void *arg, unsigned int cpu, const void *bytes, size_t len);
void vmm_hostprof_stats(const struct vmm_hostprof *h, struct vmm_hostprof_stats *st);
/* Finishes the file and frees h; VMM_ENOENT if any write failed. */
int vmm_hostprof_close(struct vmm_hostprof *h);

#endif
