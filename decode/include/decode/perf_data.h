/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * perf.data files carrying Arm SPE trace: a writer whose files Linux perf
 * (6.1 and later) decodes as Arm SPE, and a reader for such files from vspe
 * or from real hardware. Layout facts: shared/docs/perf-data-arm-spe.md.
 */
#ifndef DECODE_PERF_DATA_H
#define DECODE_PERF_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/spe_error.h"

/* The SPE PMU's perf event config bits (arm_spe_pmu format). */
#define SPE_PERF_CFG_TS_ENABLE		(1ull << 0)
#define SPE_PERF_CFG_PA_ENABLE		(1ull << 1)
#define SPE_PERF_CFG_PCT_ENABLE		(1ull << 2)
#define SPE_PERF_CFG_JITTER		(1ull << 16)

/* What the writer needs besides the trace; zero fields take defaults. */
struct spe_perf_meta {
	const char *elf_path;	/* guest ELF mapped for symbols, or NULL */
	uint64_t elf_load_addr;	/* where its lowest PT_LOAD lands; 0 = as linked */
	bool elf_user;		/* the ELF runs at EL0 (default: EL1, a kernel map) */
	uint64_t data_start;	/* optional anonymous data mapping ("//anon") */
	uint64_t data_len;
	uint32_t pid;		/* the guest's task (default 1) */
	const char *comm;	/* its name (default "vspe-guest") */
	uint32_t nr_cpus;	/* CPUs of the machine (default 1) */
	uint32_t pmu_type;	/* perf type of the SPE PMU (default 8) */
	uint64_t config;	/* SPE event config (default TS|PA|PCT) */
	uint64_t sample_period;	/* PMSIRR_EL1 interval (default 1024) */
	const char *cpuid;	/* MIDR as "0x%016x" (default Neoverse N1) */
	const char *hostname;	/* default "vspe" */
};

struct spe_perf_writer;

/* Create path and write everything that precedes the trace. */
int spe_perf_writer_open(const char *path, const struct spe_perf_meta *meta,
			 struct spe_perf_writer **out);

/*
 * Append one buffer of SPE trace for a CPU (one AUXTRACE record, padded to
 * 8 bytes with SPE padding). Buffers of one CPU form one stream; perf does
 * not join packets across buffers, so cut only at record boundaries.
 */
int spe_perf_writer_add_aux(struct spe_perf_writer *w, uint32_t cpu,
			    const void *bytes, size_t len);

/* Finish the file (feature sections, header) and free w, even on error. */
int spe_perf_writer_close(struct spe_perf_writer *w);

/* One AUXTRACE buffer found in a file; data points into the reader's map. */
struct spe_perf_aux {
	const uint8_t *data;
	uint64_t size;
	uint64_t offset;	/* within the CPU's AUX area */
	uint64_t file_offset;	/* of the payload in the file */
	uint32_t idx;		/* queue (mmap index) */
	int32_t tid;
	int32_t cpu;		/* -1 in per-thread mode */
};

struct spe_perf_mmap {
	uint64_t start;
	uint64_t len;
	uint64_t pgoff;
	uint32_t pid;
	uint32_t tid;
	uint32_t prot;		/* MMAP2 only, else 0 */
	char filename[256];
};

struct spe_perf_info {
	uint32_t auxtrace_type;	/* 4 = Arm SPE */
	uint64_t pmu_type;	/* AUXTRACE_INFO priv[0] (v1 layout) */
	uint32_t nr_attrs;
	uint64_t nr_records;	/* records in the data section */
	uint32_t nr_cpus_avail;	/* feature NRCPUS, 0 if absent */
	uint32_t nr_cpus_online;
	bool pipe_mode;
	char cpuid[64];		/* feature CPUID, "" if absent */
	char arch[32];		/* feature ARCH, "" if absent */
};

struct spe_perf_reader;

/*
 * Map and index a whole file. Errors: -SPE_ERR_IO/BAD_FILE/NO_SPE/...; on
 * a format error *bad_offset (if not NULL) gets the file offset at fault.
 */
int spe_perf_reader_open(const char *path, struct spe_perf_reader **out,
			 uint64_t *bad_offset);
/* The same over a caller's buffer, which must outlive the reader. */
int spe_perf_reader_open_mem(const void *buf, size_t len, struct spe_perf_reader **out,
			     uint64_t *bad_offset);
void spe_perf_reader_close(struct spe_perf_reader *r);

const struct spe_perf_info *spe_perf_reader_info(const struct spe_perf_reader *r);
size_t spe_perf_reader_nr_aux(const struct spe_perf_reader *r);
const struct spe_perf_aux *spe_perf_reader_aux(const struct spe_perf_reader *r, size_t i);
size_t spe_perf_reader_nr_mmaps(const struct spe_perf_reader *r);
const struct spe_perf_mmap *spe_perf_reader_mmap(const struct spe_perf_reader *r, size_t i);

/* True when buf starts with the perf.data magic "PERFILE2". */
bool spe_perf_is_perf_data(const void *buf, size_t len);

#endif
