/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hypervisor (the KVM part of vspe): VMs, vCPUs, the system-register
 * trap table, exception injection, PSCI, the GIC and timer glue, the
 * virtual clock, and vcpu_load/vcpu_put on the host's physical CPUs.
 * api/ is its only user; it validates arguments again (never trusts).
 * Errors are negative errno values, with a message in hyp_vm_error().
 */
#ifndef HYP_HYP_H
#define HYP_HYP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vspe/vspe.h"

#define HYP_MAX_MEMSLOTS	32
#define HYP_GIC_DIST_BASE	0x08000000ull
#define HYP_GIC_REDIST_BASE	0x080a0000ull
#define HYP_GIC_NR_SPIS		64u
/* The virtual clock: one counter tick per HYP_TICKS_PER_COUNT instructions. */
#define HYP_TICKS_PER_COUNT	16u

struct hyp_vm;
struct hyp_vcpu;

struct hyp_vm_config {
	unsigned int nr_pcpus;
	uint64_t quantum;
	uint64_t seed;
	uint8_t spe[VSPE_MAX_HOST_CPUS];	/* enum vspe_spe_version of each pCPU */
	uint64_t midr[VSPE_MAX_HOST_CPUS];	/* MIDR_EL1 of each pCPU (0: the engine's) */
	uint32_t errata[VSPE_MAX_HOST_CPUS];	/* SPE_ERRATUM_* its unit reproduces */
	uint8_t spe_switch;			/* enum vspe_spe_switch */
	uint8_t sched;				/* enum vspe_sched */
};

/* CPU models and errata (hw/spe-errata.h, docs/errata.md), for the API. */
int hyp_cpu_model(const char *spec, uint64_t *midr, unsigned int *spe, uint32_t *errata);
uint32_t hyp_cpu_errata(uint64_t midr);
const char *hyp_erratum_name(uint32_t bit);

int hyp_vm_create(const struct hyp_vm_config *cfg, struct hyp_vm **out);
void hyp_vm_destroy(struct hyp_vm *vm);
const char *hyp_vm_error(const struct hyp_vm *vm);

/* KVM_SET_USER_MEMORY_REGION semantics (size 0 deletes). */
int hyp_vm_set_memslot(struct hyp_vm *vm, uint32_t slot, uint32_t flags, uint64_t gpa,
		       uint64_t size, void *host);

int hyp_vcpu_create(struct hyp_vm *vm, unsigned int id, struct hyp_vcpu **out);
int hyp_vcpu_init(struct hyp_vcpu *vcpu, const uint32_t features[7]);
unsigned int hyp_vcpu_id(const struct hyp_vcpu *vcpu);
/* Physical CPUs the vCPU may run on (bit n = CPU n), e.g. only CPUs with SPE. */
int hyp_vcpu_set_cpu_mask(struct hyp_vcpu *vcpu, uint64_t mask);
uint64_t hyp_vcpu_cpu_mask(const struct hyp_vcpu *vcpu);
/* True once the VM has run (its GIC exists; placement is fixed). */
bool hyp_vm_has_run(const struct hyp_vm *vm);
struct hyp_vm *hyp_vcpu_vm(const struct hyp_vcpu *vcpu);
struct vspe_run *hyp_vcpu_run_struct(struct hyp_vcpu *vcpu);

/* ONE_REG: buf holds a value of the id's size. */
int hyp_vcpu_get_reg(struct hyp_vcpu *vcpu, uint64_t id, void *buf);
int hyp_vcpu_set_reg(struct hyp_vcpu *vcpu, uint64_t id, const void *buf);
/* Fills up to cap ids; returns the total number. */
size_t hyp_vcpu_reg_list(struct hyp_vcpu *vcpu, uint64_t *ids, size_t cap);

/* Runs the VM until a vCPU exits to user space; *exited says which. */
int hyp_vm_run(struct hyp_vm *vm, struct hyp_vcpu **exited);
/* Runs one vCPU for one time slice. */
int hyp_vcpu_run(struct hyp_vcpu *vcpu);
uint64_t hyp_vm_instructions(const struct hyp_vm *vm);
/* Drives an SPI (INTID >= 32) of the VM's GIC, e.g. a VMM device's line. */
int hyp_vm_irq_line(struct hyp_vm *vm, unsigned int intid, bool level);

/*
 * SPE for guests (docs/spe-guest.md): the vCPU attribute groups SPE_CTRL
 * and SCHED_CTRL. op: 0 set, 1 get, 2 has. addr: the caller's pointer.
 */
int hyp_vcpu_spe_attr(struct hyp_vcpu *vcpu, int op, uint32_t group, uint64_t attr,
		      void *addr);
/* Does some physical CPU of the VM have an SPE unit? */
bool hyp_vm_has_spe(const struct hyp_vm *vm);
/* Statistics of the SPE virtualization (tests, benchmarks). */
struct hyp_spe_stats {
	uint64_t loads, puts;		/* vcpu_load / vcpu_put of SPE vCPUs */
	uint64_t switch_sysregs;	/* unit register accesses they made */
	uint64_t stage2_faults;		/* stage-2 faults the units reported */
	uint64_t events;		/* buffer events turned into virtual ones */
	uint64_t records;		/* records the units wrote (all pCPUs) */
	uint64_t lost;			/* records the units lost */
	uint64_t collisions;		/* selections that collided (PMBSR_EL1.COLL) */
	uint64_t observed;		/* sampled instructions described */
	uint64_t chunks;		/* sampling chunks run (exact stops) */
	uint64_t passing;		/* sampled instructions seen without a stop */
	/* Switching and host profiling (docs/host-profiling.md). */
	uint64_t entries, exits;	/* slices on CPUs with a unit */
	uint64_t owner_changes;		/* a unit's registers changed hands */
	uint64_t guest_slices, host_slices, contested;
	uint64_t guest_insns, host_insns;	/* instructions of those slices */
	uint64_t host_irq_sysregs;	/* accesses of the host's interrupt handler */
	uint64_t host_pieces, host_bytes, host_fulls, host_faults;
	/* CPU errata the units reproduce (docs/errata.md). */
	uint64_t errata_moved, errata_dropped;	/* selections moved / lost by one */
};
void hyp_vm_spe_stats(const struct hyp_vm *vm, struct hyp_spe_stats *st);
/* Every sample at an exact stop (cpu_spe_set_exact_only): same records, the older cost. */
void hyp_vm_spe_set_exact_only(struct hyp_vm *vm, bool on);

/*
 * Host profiling and the per-VM policy (docs/host-profiling.md). vmid
 * goes into CONTEXTIDR_EL2 with the vCPU id. -EBUSY, -EINVAL, -ENODEV.
 */
struct host_prof_config;
int hyp_vm_host_prof_start(struct hyp_vm *vm, const struct host_prof_config *cfg,
			   unsigned int vmid);
int hyp_vm_host_prof_stop(struct hyp_vm *vm);
int hyp_vm_set_spe_policy(struct hyp_vm *vm, unsigned int policy);

/* Guest memory management (hyp/mm.c, docs/mmint.md). */
int hyp_vm_set_mm(struct hyp_vm *vm, const struct vspe_vm_mm_config *cfg);
int hyp_vm_mm_stats(const struct hyp_vm *vm, struct vspe_vm_mm_stats *st);

/*
 * Snapshots and migration (hyp/state.c, docs/migration.md): the VM-wide
 * state blob (vspe_vm_save_state/load_state), the first-run set-up done
 * without running (GIC, SPE checks, stage 2 and pins), and the dirty log.
 */
int hyp_vm_save_state(struct hyp_vm *vm, void *buf, size_t cap, size_t *len);
int hyp_vm_load_state(struct hyp_vm *vm, const void *buf, size_t len);
int hyp_vm_prepare(struct hyp_vm *vm);
int hyp_vm_get_dirty_log(struct hyp_vm *vm, unsigned int slot, uint64_t *bitmap);

/* The trap table's self-check (sorted, unique): 0 or -EINVAL. */
int hyp_sysreg_table_check(void);

#endif
