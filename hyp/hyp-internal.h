/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared inside hyp/: the VM and vCPU objects and the trap table rows. */
#ifndef HYP_INTERNAL_H
#define HYP_INTERNAL_H

#include "hw/cpu.h"
#include "hw/cpu-spe.h"
#include "hw/gicv3.h"
#include "hw/timer.h"
#include "host/sched.h"
#include "hyp/hyp.h"

enum vcpu_state {
	VCPU_RUNNABLE,
	VCPU_WFI,	/* sleeps until an interrupt is pending */
	VCPU_OFF,	/* PSCI off (or powered off at init) */
};

/* Values the ID-register space (op0=3, op1=0, CRn=0, CRm=1..7) returns. */
#define HYP_ID_REGS	64
#define HYP_ID_INDEX(key)	((ARCH_SYSREG_CRM(key) << 3) | ARCH_SYSREG_OP2(key))

struct hyp_pcpu {
	struct cpu *cpu;
	struct hyp_vcpu *loaded;	/* context in the engine, or NULL */
	struct hyp_vm *vm;
	uint64_t loads;			/* vcpu_load count (statistics) */
	struct spe_unit *spe_unit;	/* this CPU's SPE unit, or NULL */
	struct cpu_spe *spe;		/* the CPU <-> unit attachment (spe.c) */
};

struct hyp_memslot {
	bool used;
	uint32_t flags;
	uint64_t gpa, size;
	void *host;
};

struct hyp_vcpu {
	struct hyp_vm *vm;
	unsigned int id;
	bool initialized;
	enum vcpu_state state;
	uint32_t features[7];
	struct cpu_context *ctx;
	struct hyp_pcpu *pcpu;		/* where loaded, or NULL */
	uint64_t *sysregs;		/* storage of the table's STORED rows */
	struct arch_timer timer;
	struct vspe_run run;
	uint64_t instructions;
	bool mmio_pending;		/* an MMIO exit awaits completion */
	struct cpu_mmio mmio;
	uint64_t last_esr, last_elr;	/* exception-loop detection */
	uint64_t last_exc_insns;
	unsigned int same_exceptions;
	uint64_t run_budget;		/* budget of the current cpu_run */
	bool exit_pending;		/* run.exit_reason is set: return to user */
	struct hyp_vcpu_spe *spe;	/* SPE state (spe.c), NULL until init */
	bool hypercall_pending;		/* a HYPERCALL exit awaits hypercall.ret */
};

struct hyp_vm {
	struct hyp_vm_config cfg;
	struct hyp_pcpu *pcpus;
	struct cpu *scratch;		/* register access to unloaded vCPUs */
	struct sched *sched;
	struct gicv3 *gic;
	unsigned int gic_cpus;		/* CPU interfaces the GIC was built with */
	struct hyp_memslot slots[HYP_MAX_MEMSLOTS];
	struct hyp_vcpu *vcpus[VSPE_MAX_VCPUS];
	unsigned int nr_vcpus;
	bool ran;			/* no vCPU may be added after the first run */
	uint64_t spi_levels;		/* SPI lines set before the GIC exists */
	uint64_t ticks;			/* the virtual clock: instructions + idle */
	uint64_t instructions;
	uint64_t id_regs[HYP_ID_REGS];
	uint64_t midr, revidr, ctr, clidr, ccsidr[8];
	struct hyp_vm_spe *spe;		/* VM-wide SPE state (spe.c) */
	struct vspe_vm_mm_config mmcfg;	/* memory management, set before the first run */
	struct hyp_vm_mm *mm;		/* hyp_mem + host_mm (mm.c), NULL when off */
	struct hyp_dirty *dirty;	/* dirty-page logging (state.c), NULL when off */
	char error[160];
};

/* ---- sysreg.c ---- */
enum cpu_sysreg_result hyp_sysreg_trap(void *opaque, struct cpu *cpu,
				       struct cpu_sysreg_access *acc);
size_t hyp_sysreg_count(void);
void hyp_sysreg_reset(struct hyp_vcpu *vcpu, struct cpu *cpu);
/* ONE_REG of a sysreg (vCPU state in cpu): -ENOENT when not listed. */
int hyp_sysreg_get(struct hyp_vcpu *vcpu, struct cpu *cpu, uint32_t key, uint64_t *val);
int hyp_sysreg_set(struct hyp_vcpu *vcpu, struct cpu *cpu, uint32_t key, uint64_t val);
size_t hyp_sysreg_list(struct hyp_vcpu *vcpu, uint64_t *ids, size_t cap);
bool hyp_sysreg_el0_trap(uint32_t insn, uint32_t *iss);
void hyp_vm_probe_ids(struct hyp_vm *vm, struct cpu *cpu);

/* ---- vcpu.c ---- */
uint64_t hyp_vcpu_counter(struct hyp_vcpu *vcpu, struct cpu *cpu);
void hyp_vcpu_update_budget(struct hyp_vcpu *vcpu, struct cpu *cpu);
void vcpu_load(struct hyp_vcpu *vcpu, struct hyp_pcpu *pcpu);
void vcpu_put(struct hyp_vcpu *vcpu);
/* The engine holding vcpu's state (its pCPU's, or the scratch one). */
struct cpu *hyp_vcpu_borrow(struct hyp_vcpu *vcpu);
void hyp_vcpu_return(struct hyp_vcpu *vcpu, struct cpu *cpu, bool dirty);
int hyp_vcpu_reset(struct hyp_vcpu *vcpu, struct cpu *cpu);
void hyp_vcpu_destroy(struct hyp_vcpu *vcpu);
void hyp_vcpu_set_state(struct hyp_vcpu *vcpu, enum vcpu_state st);
uint64_t hyp_vcpu_mpidr(const struct hyp_vcpu *vcpu);
/* Runs up to budget instructions of a loaded vCPU; 1 = exit to user space. */
int hyp_vcpu_run_slice(struct hyp_vcpu *vcpu, uint64_t quantum);
void hyp_vcpu_sync_irq(struct hyp_vcpu *vcpu);
bool hyp_vcpu_wakeable(struct hyp_vcpu *vcpu);

/* ---- hypercall.c ---- */
bool hyp_hypercall_is_vendor(uint32_t fid);
/* 1 when the call exits to user space. */
int hyp_hypercall(struct hyp_vcpu *vcpu, struct cpu *cpu, uint32_t fid);
void hyp_hypercall_complete(struct hyp_vcpu *vcpu, struct cpu *cpu);

/* ---- psci.c ---- */
/* Handles an SMCCC call in x0..x3; returns 1 when the vCPU must exit. */
int hyp_psci_call(struct hyp_vcpu *vcpu, struct cpu *cpu);

/* ---- spe.c: SPE for guests (docs/spe-guest.md) ---- */
int hyp_spe_vm_init(struct hyp_vm *vm);
void hyp_spe_vm_destroy(struct hyp_vm *vm);
/* KVM_ARM_VCPU_INIT: enable (or not) the SPE feature; resets SPE state. */
int hyp_spe_vcpu_init(struct hyp_vcpu *vcpu, bool enable);
void hyp_spe_vcpu_destroy(struct hyp_vcpu *vcpu);
bool hyp_spe_visible(const struct hyp_vcpu *vcpu, uint32_t key);
int hyp_spe_read(struct hyp_vcpu *vcpu, uint32_t key, uint64_t *val);
int hyp_spe_write(struct hyp_vcpu *vcpu, uint32_t key, uint64_t val);
uint64_t hyp_spe_dfr0(const struct hyp_vcpu *vcpu, uint64_t dfr0);
void hyp_spe_load(struct hyp_vcpu *vcpu, struct hyp_pcpu *pcpu);
void hyp_spe_put(struct hyp_vcpu *vcpu);
/* A time slice's entry and exit (spe-switch.c): who holds the unit, eager or lazy. */
void hyp_spe_enter(struct hyp_vcpu *vcpu);
void hyp_spe_exit(struct hyp_vcpu *vcpu);
/* cpu_run() with the SPE unit driven when the loaded vCPU uses it. */
int hyp_spe_cpu_run(struct hyp_vcpu *vcpu, struct cpu *cpu, uint64_t budget,
		    struct cpu_stop *stop, uint64_t *executed);
/* After a run: the unit's buffer events become the virtual PMBSR and PPI. */
void hyp_spe_sync(struct hyp_vcpu *vcpu);
/* After a run: 1 and a FAIL_ENTRY exit when STOP_EXIT and the guest profiles. */
int hyp_spe_stop_exit(struct hyp_vcpu *vcpu);
void hyp_spe_sync_irq(struct hyp_vcpu *vcpu);
/* Before entry: 1 and a FAIL_ENTRY exit when the vCPU cannot run on pcpu. */
int hyp_spe_check_entry(struct hyp_vcpu *vcpu, unsigned int pcpu);
/* First run: -EPERM when an SPE vCPU was not initialized (SPE_INIT). */
int hyp_spe_first_run(struct hyp_vm *vm);
/* mm.c: the buffer's VA has no stage-1 translation (BUFFER pinning). */
void hyp_spe_inject_s1_fault(struct hyp_vcpu *vcpu, uint64_t va, uint8_t fsc);
/* SPE_CTRL / SCHED_CTRL routing from the sysreg trap: see hyp_sysreg_trap. */
enum spe_access hyp_spe_route(struct hyp_pcpu *pcpu, struct cpu_sysreg_access *acc);

/* ---- mm.c: hyp_mem + host_mm in the running VM (docs/mmint.md) ---- */
/* First run: build stage 2 over the memslots and pin per mode (0 if off). */
int hyp_mm_start(struct hyp_vm *vm);
void hyp_mm_destroy(struct hyp_vm *vm);
/* vcpu_load of an SPE vCPU: its port, stage-1 controls and buffer pins. */
void hyp_mm_spe_load(struct hyp_vcpu *vcpu, struct spe_unit *u);
/*
 * Guest stage-1 controls and buffer registers may have changed; programmed:
 * the guest just wrote PMBPTR/PMBLIMITR (a stage-1 hole then becomes an
 * injected event; otherwise the unit meets it, if it ever writes there).
 */
void hyp_mm_spe_refresh(struct hyp_vcpu *vcpu, uint64_t pmbptr, uint64_t pmblimitr,
			bool programmed);
/* The unit stopped on a stage-2 fault: 1 when fixed (restart the buffer). */
int hyp_mm_spe_fault(struct hyp_vcpu *vcpu);
/* BUFFER over pin_limit: 1 and a VSPE_EXIT_RLIMIT exit (once per refusal). */
int hyp_mm_rlimit_exit(struct hyp_vcpu *vcpu);
bool hyp_mm_rlimit_pending(const struct hyp_vcpu *vcpu);
/* The guest's TLBI: 1 when a pinned buffer must be walked again (end the chunk). */
int hyp_mm_tlbi(struct hyp_vm *vm);
/* Slice boundary: the storm, then the CPUs' pages brought back. */
void hyp_mm_slice(struct hyp_vm *vm);

/* The storm's generator and progress, for snapshots (the words are opaque). */
#define HYP_MM_STATE_WORDS	5
void hyp_mm_state_save(struct hyp_vm *vm, uint64_t w[HYP_MM_STATE_WORDS]);
int hyp_mm_state_load(struct hyp_vm *vm, const uint64_t w[HYP_MM_STATE_WORDS]);

/* ---- state.c: snapshots and migration (docs/migration.md) ---- */
/* ONE_REG of the VSPE coproc: -ENOENT when not a listed id. */
int hyp_state_vcpu_reg(struct hyp_vcpu *vcpu, uint64_t id, void *buf, bool set);
size_t hyp_state_vcpu_list(struct hyp_vcpu *vcpu, uint64_t *ids, size_t cap);
/* A memslot's flags changed: dirty logging starts or stops. */
int hyp_dirty_slot_flags(struct hyp_vm *vm, unsigned int slot, uint32_t old, uint32_t flags);
void hyp_dirty_destroy(struct hyp_vm *vm);

int hyp_vm_errorf(struct hyp_vm *vm, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
