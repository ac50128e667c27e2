/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The whole VM as snapshot sections (docs/migration.md), through the public
 * API only: the machine options (CONF), guest RAM (MEMR), each vCPU's
 * register list with values (VCPU), the hypervisor's VM state (MACH: clock,
 * scheduler, GIC, SPE units, RNGs), the pinning strategy (PINS), the VMM's
 * devices (DEVS) and the trace written so far (TRCE). Used by snapshot
 * files and by live migration (which sends MEMR in pieces first).
 */
#ifndef VMM_MIGRATE_VMSTATE_H
#define VMM_MIGRATE_VMSTATE_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "console.h"
#include "snapfile.h"

struct vspe_vm;
struct vspe_vcpu;
struct pl011;
struct vmm_trace;

/* What run.c owns, seen by the state code. */
struct mig_machine {
	const struct vmm_run_config *cfg;
	struct vspe_vm *vm;
	struct vspe_vcpu **vcpu;	/* cfg->cpus of them */
	uint8_t *ram;
	uint64_t ram_base;
	struct pl011 *uart;
	struct console *con;
	struct vmm_trace *trace;	/* NULL without -o */
};

/* CONF: the options that define the machine (not -o, --stats, --max-insns ...). */
void vmstate_put_conf(struct snap_buf *b, const struct vmm_run_config *cfg);
/*
 * Reads CONF into cfg's machine fields (strings point into the section,
 * which must outlive cfg). had_trace: the source wrote a trace (-o).
 */
int vmstate_get_conf(const struct snap_section *s, struct vmm_run_config *cfg, bool *had_trace);
/* Frees the strings vmstate_get_conf() allocated. */
void vmstate_free_conf(struct vmm_run_config *cfg);

/* MEMR: all of RAM (the non-zero pages: their number is returned). */
uint64_t vmstate_put_ram(struct snap_buf *b, const struct mig_machine *m);
/* A MEMR section of a whole snapshot, or a page batch of the migration stream. */
int vmstate_get_ram(const struct snap_section *s, const struct mig_machine *m);
/* A batch of the pages set in bitmap (migration rounds). */
void vmstate_put_pages(struct snap_buf *b, const struct mig_machine *m, const uint64_t *bitmap);

/* Everything but RAM and CONF: VCPU x n, MACH, PINS, DEVS, TRCE. */
int vmstate_put_state(struct snap_buf *b, const struct mig_machine *m);
/*
 * Restores VCPU/MACH/DEVS/TRCE sections (after RAM) in the order that
 * works: registers, then the VM state, then the devices and the trace.
 * Every section is checked before the VM runs; on an error the VM must not
 * be run.
 */
int vmstate_restore(const struct snap_section *secs, size_t n, const struct mig_machine *m);

/* The whole snapshot (CONF, MEMR, the rest) into b (snap_begin .. snap_end). */
int vmstate_snapshot(struct snap_buf *b, const struct mig_machine *m);

#endif
