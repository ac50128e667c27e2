/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A physical CPU with its SPE unit attached: the glue that drives the unit
 * (hw/include/hw/spe.h, steps 2-6 of its protocol) from the CPU's run
 * loop. Uses only hw/cpu.h, so Unicorn stays inside cpu.c.
 *
 * cpu_spe_run() has cpu_run()'s contract but runs at most one sampling
 * chunk: up to spe_unit_ops_until_sample() instructions (an exact stop).
 * When the instruction at PC is the selected one, it is first described
 * from the state before it runs (class, PC, EL, data VA/PA, size, branch
 * outcome, contexts, counter) and given to spe_unit_observe(), then runs
 * as the chunk's first instruction. One cpu_run() per call keeps
 * cpu_now() meaningful to the caller's trap handlers.
 *
 * Not thread-safe: one attachment is driven by its CPU's thread.
 */
#ifndef HW_CPU_SPE_H
#define HW_CPU_SPE_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/cpu.h"
#include "hw/spe.h"

struct cpu_spe;

/* Counters of the driving (benchmarks, tests). */
struct cpu_spe_stats {
	uint64_t chunks;	/* cpu_run() calls that counted members */
	uint64_t observed;	/* instructions given to spe_unit_observe() */
	uint64_t passing;	/* ... of them seen in passing (no stop before them) */
};

/* unit may be NULL: a CPU without SPE (its SPE encodings UNDEF). */
int cpu_spe_attach(struct cpu *cpu, struct spe_unit *unit, struct cpu_spe **out);
void cpu_spe_detach(struct cpu_spe *cs);
struct spe_unit *cpu_spe_unit(const struct cpu_spe *cs);
struct cpu *cpu_spe_cpu(const struct cpu_spe *cs);

/*
 * The unit's inputs besides PSTATE.EL (which the driver tracks itself):
 * HCR_EL2/MDCR_EL2 bits and CNTVOFF of whoever runs on the CPU.
 */
void cpu_spe_set_ctx(struct cpu_spe *cs, const struct spe_ctx *ctx);
/* Sets the unit's ctx at EL el with the other inputs kept (el 2: the hypervisor's view). */
void cpu_spe_set_el(struct cpu_spe *cs, uint8_t el);
/*
 * CONTEXTIDR_EL2 as the hypervisor left it (EL2 runs in C, not in the
 * engine): what a record's Context packet index 1 carries (PMSCR_EL2.CX).
 */
void cpu_spe_set_contextidr_el2(struct cpu_spe *cs, uint32_t val);
/* The physical counter at the next instruction: (ticks + executed) / ticks_per_count. */
void cpu_spe_set_clock(struct cpu_spe *cs, uint64_t ticks, unsigned int ticks_per_count);

/*
 * MRS/MSR of an SPE encoding from the code running on the CPU: the
 * unit's access rules at the current EL. SPE_ACCESS_OK: done here (a read
 * leaves the value in acc->val); TRAP_EL2: the hypervisor emulates it;
 * UNDEF: no unit, EL0, or not this unit's register.
 */
enum spe_access cpu_spe_sysreg(struct cpu_spe *cs, struct cpu_sysreg_access *acc);

int cpu_spe_run(struct cpu_spe *cs, uint64_t budget, struct cpu_stop *stop,
		uint64_t *executed);
/*
 * Inside cpu_spe_run() (a trap handler): count the members executed so far
 * in this chunk at the chunk's EL, before the handler changes the unit's
 * registers (the rest of the chunk counts under the new values).
 */
void cpu_spe_flush(struct cpu_spe *cs);
/* PSB CSYNC on this CPU (the hypervisor's, before a context switch). */
void cpu_spe_psb_csync(struct cpu_spe *cs);
void cpu_spe_stats(const struct cpu_spe *cs, struct cpu_spe_stats *st);
/*
 * On: every sampled instruction is observed at an exact stop before it
 * (what cpu_spe_run did before samples were seen in passing). The records
 * are the same; only the cost differs. For tests and benchmarks.
 */
void cpu_spe_set_exact_only(struct cpu_spe *cs, bool on);

/* Snapshots between runs (docs/migration.md): CPU_EINVAL inside a chunk or on bad words. */
#define CPU_SPE_STATE_WORDS	8
int cpu_spe_state_save(const struct cpu_spe *cs, uint64_t w[CPU_SPE_STATE_WORDS]);
int cpu_spe_state_load(struct cpu_spe *cs, const uint64_t w[CPU_SPE_STATE_WORDS]);

#endif
