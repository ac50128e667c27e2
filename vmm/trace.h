/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's SPE trace as a perf.data file (`vspe run -o FILE`): the
 * pieces the guest's driver hands over with VSPE_HC_TRACE_WRITE, one AUX
 * stream per guest CPU, written with decode/'s perf.data writer and the
 * guest ELF mapped for symbols. The writer is opened at the first piece,
 * so that a VSPE_HC_TRACE_INFO sent before it (the driver sends it when a
 * session starts) describes the session in the file's attribute.
 */
#ifndef VMM_TRACE_H
#define VMM_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VMM_TRACE_MAX_CPUS	512u

/* VSPE_HC_TRACE_WRITE flags (docs/paravirt.md). */
#define VMM_TRACE_F_TRUNCATED	(1u << 0)	/* PMBSR_EL1.DL: the last record may be partial */
#define VMM_TRACE_F_COLLISION	(1u << 1)	/* PMBSR_EL1.COLL during this piece */
#define VMM_TRACE_F_ALL		(VMM_TRACE_F_TRUNCATED | VMM_TRACE_F_COLLISION)

/* struct vspe_trace_info as the guest lays it out (little-endian). */
struct vmm_trace_info {
	uint32_t version;	/* 1 */
	uint32_t size;
	uint64_t pmscr, pmsirr, pmsfcr, pmsevfr, pmslatfr;
};
#define VMM_TRACE_INFO_SIZE	48u

struct vmm_trace_config {
	const char *path;	/* the perf.data file to write */
	const char *elf;	/* guest ELF for symbols (EL1, as linked), or NULL */
	unsigned int nr_cpus;	/* guest CPUs: 1..VMM_TRACE_MAX_CPUS */
};

struct vmm_trace_stats {
	uint64_t pieces, bytes;
	uint64_t truncated, collisions;	/* pieces with each flag */
	uint64_t trimmed;		/* bytes of partial records dropped from truncated pieces */
	unsigned int cpus;		/* guest CPUs that sent at least one piece */
	bool has_info;
	bool no_symbols;		/* the ELF could not be mapped: no MMAP2 in the file */
};

struct vmm_trace;

/* Checks the file can be created (it is, empty) and allocates the trace. */
int vmm_trace_open(const struct vmm_trace_config *cfg, struct vmm_trace **out);
/* The session description; version 1 and its size, or VMM_EINVAL. */
int vmm_trace_set_info(struct vmm_trace *t, const struct vmm_trace_info *info);
/* One piece of raw SPE records recorded on guest CPU cpu (a TRUNCATED one
 * is cut after its last whole record). */
int vmm_trace_write(struct vmm_trace *t, unsigned int cpu, const void *bytes, size_t len,
		    uint32_t flags);
void vmm_trace_stats(const struct vmm_trace *t, struct vmm_trace_stats *st);
/*
 * Migration (docs/migration.md): every set_info and write so far as one
 * buffer (valid until the next call on t), and the replay of such a buffer
 * on a new trace, which then writes the same file as the original would.
 */
void vmm_trace_journal(const struct vmm_trace *t, const void **buf, size_t *len);
int vmm_trace_replay(struct vmm_trace *t, const void *buf, size_t len);

/* Writes the rest of the file (a valid perf.data even with no piece) and frees t. */
int vmm_trace_close(struct vmm_trace *t);

#endif
