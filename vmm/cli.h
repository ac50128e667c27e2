/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The `vspe` command line: subcommands, their option tables, exit
 * statuses, and the run of one guest. Only this part of vspe prints.
 */
#ifndef VMM_CLI_H
#define VMM_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "options.h"

/* Exit statuses of `vspe` (a guest's own status 0..255 passes through). */
#define CLI_EXIT_OK		0
#define CLI_EXIT_FAILURE	1	/* vspe or the guest failed (load error, internal error, hang) */
#define CLI_EXIT_USAGE		2	/* bad command line */
#define CLI_EXIT_SKIP		77	/* no hypervisor in this build: nothing ran (a test's "skipped") */
#define CLI_EXIT_MAX_INSNS	124	/* --max-insns reached (as timeout(1)) */
#define CLI_EXIT_SIGNAL_BASE	128	/* stopped by SIGINT/SIGTERM: 128 + the signal, as shells report */

struct vmm_run_config {
	const char *elf;	/* positional guest ELF (or Image); NULL with --kernel */
	const char *kernel;	/* --kernel: a Linux arm64 Image, booted per booting.rst */
	const char *initrd;	/* --initrd (with --kernel): /chosen/linux,initrd-start/-end */
	unsigned int cpus;
	uint64_t mem;
	unsigned int host_cpus;
	uint64_t seed;
	uint64_t max_insns;	/* 0: no limit */
	uint64_t quantum;	/* 0: the hypervisor's default */
	const char *bootargs;	/* --params (or --append): /chosen/bootargs */
	bool quiet;		/* no summary line on stderr */
	bool stats;		/* exit counts by reason on stderr at the end */
	const char *mark;	/* console lines starting so get an instruction count on stderr */
	bool spe;		/* host CPUs with SPE, vCPUs with the SPE feature, DT node */
	unsigned int spe_version;	/* ID_AA64DFR0_EL1.PMSVer of the units: 1..3 (v1.0..v1.2) */
	uint64_t spe_cpus;	/* host CPUs with an SPE unit (bit n = CPU n); 0 = all */
	uint64_t spe_vcpus;	/* vCPUs with the SPE feature (bit n = vCPU n); 0 = all */
	uint64_t vcpu_cpus;	/* SUPPORTED_CPUS of every vCPU; 0 = the hypervisor's choice */
	const char *output;	/* -o: the guest's SPE trace as perf.data; NULL = none */
	const char *dump_dtb;	/* write the device tree here and stop */
	unsigned int mm_storm;	/* host memory events per million instructions; 0 off */
	const char *spe_pin;	/* auto | all | buffer | none; NULL: auto */
	uint64_t spe_pin_limit;	/* --spe-pin-limit bytes (buffer); 0 none */
	uint64_t midr;		/* --cpu: every host CPU's MIDR_EL1 (0: the engine's) */
	uint32_t errata;	/* --cpu: the errata of its SPE units (docs/errata.md) */
	/* Host profiling (docs/host-profiling.md): -o is then the host's perf.data. */
	bool host_profile;	/* --host-profile */
	unsigned int host_target;	/* enum vspe_host_prof_target */
	unsigned int host_id;	/* its CPU or vCPU */
	unsigned int host_interval;	/* --host-interval (default 1024) */
	unsigned int spe_policy;	/* --spe-policy: enum vspe_spe_policy */
	unsigned int spe_switch;	/* --spe-switch: enum vspe_spe_switch */
	unsigned int sched;	/* --sched: enum vspe_sched */
	/* Snapshots and live migration (vmm/migrate, docs/migration.md). */
	const char *snapshot;	/* --snapshot FILE, written at --snapshot-at */
	uint64_t snapshot_at;	/* guest instructions */
	const char *restore;	/* --restore FILE: resume instead of booting */
	const char *incoming;	/* --incoming tcp:HOST:PORT */
	const char *incoming_cut;	/* tests: drop the connection at this phase */
	const char *migrate_to;	/* --migrate-to tcp:HOST:PORT */
	uint64_t migrate_at;	/* guest instructions */
	unsigned int migrate_rounds;	/* most pre-copy rounds (0: 30) */
	unsigned int migrate_pages;	/* dirty pages small enough to stop and copy (0: 64) */
};

void vmm_run_config_default(struct vmm_run_config *cfg);
/* Does vCPU i get the SPE feature (--spe, --spe-vcpus)? */
bool vmm_vcpu_has_spe(const struct vmm_run_config *cfg, unsigned int i);
/* Boots the guest and runs it to the end; returns the exit status. */
int vmm_run(const struct vmm_run_config *cfg);
/* Writes the device tree cfg describes (MPIDR Aff0 = vCPU index) to cfg->dump_dtb. */
int vmm_dump_dtb(const struct vmm_run_config *cfg);

int cmd_run(int argc, char **argv);

/* mm_stats.c: --mm-storm / --spe-pin (docs/mmint.md). */
struct vspe_vm;
struct vspe_run;
int run_mm_setup(struct vspe_vm *vm, const struct vmm_run_config *cfg);
/* VSPE_EXIT_RLIMIT: the error line; returns the exit status. */
int run_mm_rlimit(const struct vspe_run *r, unsigned int id);
/* The unexpected-fault warning always, the --stats line when stats. */
void run_mm_print_stats(const struct vspe_vm *vm, bool stats);
int cmd_demo(int argc, char **argv);
/* vmm/migrate/cmd_snapshot.c (docs/migration.md). */
int cmd_snapshot(int argc, char **argv);

/* --help text from an options table. */
void usage_print(FILE *out, const char *usage, const char *summary, const struct opt *table);
/* Guest console output (stdout), remembering whether a line is open. */
void cli_console_putc(uint8_t byte);
/* Ends an open console line and flushes, before vspe prints on stderr. */
void cli_console_break(void);
/* "vspe CMD: message" on stderr after cli_console_break(). */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
