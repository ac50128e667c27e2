/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vspe's public API: the shape of Linux KVM's arm64 UAPI, as C calls
 * instead of ioctls. Names and meanings follow KVM (VM, memory slots,
 * vCPU init with a feature bitmap, device attributes, ONE_REG, run and
 * exit reasons); numbers are vspe's own.
 *
 * Every call validates its arguments and returns 0 (or a count) on
 * success and a negative errno value on failure; vspe_last_error() then
 * says what was wrong in words. No call aborts the process.
 *
 * Threading: a system and everything created from it is used by one host
 * thread at a time (the physical CPUs are emulated on the caller's thread).
 */
#ifndef VSPE_VSPE_H
#define VSPE_VSPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The host: what /dev/kvm stands for ---------------------------- */

#define VSPE_MAX_HOST_CPUS	64
#define VSPE_MAX_VCPUS		512

enum vspe_spe_version {		/* ID_AA64DFR0_EL1.PMSVer values */
	VSPE_SPE_NONE = 0,
	VSPE_SPE_V1P0 = 1,
	VSPE_SPE_V1P1 = 2,
	VSPE_SPE_V1P2 = 3,
};

/*
 * SPE errata a physical CPU's unit can reproduce (docs/errata.md). Each is
 * only allowed on a CPU whose MIDR_EL1 has it, so software can detect it.
 */
#define VSPE_ERRATUM_N1_1694299	(1u << 0)	/* Neoverse N1 < r4p1: sampling bias to branch targets */

/* One simulated physical CPU of the host. */
struct vspe_host_cpu {
	enum vspe_spe_version spe;	/* VSPE_SPE_NONE: this CPU has no SPE unit */
	uint32_t errata;		/* VSPE_ERRATUM_* its SPE unit reproduces */
	uint64_t midr;			/* MIDR_EL1 (0: the CPU engine's own, no model) */
};

/*
 * A CPU model, for the --cpu of a VMM: "generic", "neoverse-n1",
 * "neoverse-v1", optionally with a revision ("neoverse-n1:r4p1"). Fills
 * cpu with its MIDR_EL1, its SPE version and every erratum that revision
 * has. -ENOENT: no such model; -EINVAL: a bad revision or argument.
 */
int vspe_host_cpu_model(const char *spec, struct vspe_host_cpu *cpu);

/*
 * How the hypervisor moves SPE registers between the host and a guest
 * (docs/host-profiling.md): LAZY only when the host profiles or the
 * guest's session is active (KVM's VHE plan), EAGER every entry and exit
 * (KVM's nVHE code). Both give the same traces; LAZY makes fewer accesses.
 */
enum vspe_spe_switch {
	VSPE_SPE_SWITCH_LAZY = 0,
	VSPE_SPE_SWITCH_EAGER = 1,
};

/*
 * Where the host scheduler runs each vCPU (docs/machine.md, "Scheduling"):
 * AFFINE keeps a vCPU on the physical CPU it last ran on while that CPU is
 * allowed and no other runnable vCPU has it, so it moves only when it must;
 * RR moves every vCPU to the next allowed CPU at every time slice (the
 * threads of a busy host), which exercises state moving between units.
 */
enum vspe_sched {
	VSPE_SCHED_AFFINE = 0,
	VSPE_SCHED_RR = 1,
};

struct vspe_host_config {
	unsigned int nr_cpus;		/* physical CPUs, 1..VSPE_MAX_HOST_CPUS */
	struct vspe_host_cpu cpus[VSPE_MAX_HOST_CPUS];
	uint64_t seed;			/* every random choice derives from it */
	uint64_t quantum;		/* scheduler time slice, in instructions (0: default) */
	uint32_t spe_switch;		/* enum vspe_spe_switch (default LAZY) */
	uint32_t sched;			/* enum vspe_sched (default AFFINE) */
};

struct vspe_system;

/* Fills cfg with the defaults: 4 CPUs without SPE, seed 0, default quantum. */
void vspe_host_config_default(struct vspe_host_config *cfg);
int vspe_open(const struct vspe_host_config *cfg, struct vspe_system **sys);
void vspe_close(struct vspe_system *sys);

/* The message of the last failed call on this thread ("" if none). */
const char *vspe_last_error(void);

/* Capabilities, as KVM_CHECK_EXTENSION: > 0 supported (a value), 0 not. */
enum vspe_cap {
	VSPE_CAP_NR_VCPUS = 1,		/* recommended max vCPUs per VM */
	VSPE_CAP_MAX_VCPUS,		/* hard limit */
	VSPE_CAP_NR_MEMSLOTS,
	VSPE_CAP_ONE_REG,
	VSPE_CAP_ARM_PSCI_0_2,
	VSPE_CAP_ARM_SPE,		/* some physical CPU has an SPE unit */
	VSPE_CAP_READONLY_MEM,
};
int vspe_check_extension(struct vspe_system *sys, enum vspe_cap cap);

/* ---- VMs and memory ------------------------------------------------- */

struct vspe_vm;
struct vspe_vcpu;

int vspe_create_vm(struct vspe_system *sys, struct vspe_vm **vm);
void vspe_destroy_vm(struct vspe_vm *vm);

#define VSPE_MEM_LOG_DIRTY_PAGES	(1u << 0)
#define VSPE_MEM_READONLY		(1u << 1)

/*
 * KVM_SET_USER_MEMORY_REGION: host memory at userspace_addr (page aligned,
 * owned by the caller and kept alive while the slot exists) backs guest
 * physical [guest_phys_addr, +memory_size). memory_size 0 deletes the slot.
 * Slots may not overlap; sizes and addresses are multiples of 4 KiB.
 */
struct vspe_userspace_memory_region {
	uint32_t slot;
	uint32_t flags;
	uint64_t guest_phys_addr;
	uint64_t memory_size;
	uint64_t userspace_addr;
};
int vspe_set_user_memory_region(struct vspe_vm *vm,
				const struct vspe_userspace_memory_region *region);

/*
 * Guest memory management (docs/mmint.md): every VM's stage 2 is the
 * hypervisor's own table over a simulated host memory manager, which may
 * reclaim, migrate, merge pages behind the guest (the memory storm, off
 * unless storm_rate > 0); the SPE buffer pinning strategy keeps the SPE
 * unit's path mapped. Set before the VM first runs (-EBUSY after). Without
 * a call: pin AUTO, no storm, no limit.
 */
enum vspe_spe_pin {
	VSPE_SPE_PIN_AUTO = 0,		/* default: ALL when a vCPU has SPE, else NONE */
	VSPE_SPE_PIN_BUFFER = 1,	/* pin the enabled buffer and its tables (KVM v6) */
	VSPE_SPE_PIN_ALL = 2,		/* pin and map every memslot (KVM v4/v5 locking) */
	VSPE_SPE_PIN_NONE = 3,		/* pin nothing: stage-2 faults lose records */
};
struct vspe_vm_mm_config {
	uint32_t identity;		/* 1: no stage 2 at all (identity, nothing moves; for comparison) */
	uint32_t pin;			/* enum vspe_spe_pin */
	uint64_t storm_seed;
	uint32_t storm_rate;		/* host events per million guest instructions; 0 none */
	uint32_t pad;
	uint64_t pin_limit;		/* BUFFER: bytes the VM may pin (RLIMIT_MEMLOCK); 0 none */
};
int vspe_vm_set_mm(struct vspe_vm *vm, const struct vspe_vm_mm_config *cfg);

struct vspe_vm_mm_stats {
	uint64_t pinned_pages, pin_ops, unpin_ops;
	uint64_t s2_faults_cpu, s2_faults_spe;	/* stage-2 faults by source */
	uint64_t unexpected_faults;		/* stage-2 faults on pinned memory */
	uint64_t unexpected_ipa;		/* the last one's IPA (the warning's address) */
	uint64_t records_lost;			/* SPE writes stopped by a stage-2 fault */
	uint64_t storm_events;			/* host events applied */
	uint64_t storm_refused;			/* host events refused: the page was pinned */
	uint64_t cpu_refaults;			/* pages brought back for the CPUs */
	uint64_t spe_restarts;			/* buffers restarted after a stage-2 fix */
	uint64_t limit_exits;			/* VSPE_EXIT_RLIMIT exits (BUFFER over pin_limit) */
	uint64_t s1_events;			/* buffer events injected: buffer VA not mapped at stage 1 */
	uint64_t cpu_reports;			/* CPU accesses checked (past hw/cpu's TLB) */
	uint64_t cpu_walks;			/* ... that needed a stage-2 walk */
	uint32_t pin;				/* the strategy in use (AUTO resolved) */
	uint32_t pad;
};
/* -ENODEV when the VM runs with the identity stage 2 or has not run yet. */
int vspe_vm_mm_stats(const struct vspe_vm *vm, struct vspe_vm_mm_stats *st);

/*
 * Host profiling (docs/host-profiling.md): the host's own SPE session on
 * the physical units, buffer owned at EL2 in host memory. Records carry
 * CONTEXTIDR_EL2 = VM number << 16 | vCPU id (VMs are numbered from 1 in
 * creation order). Filled pieces of each physical CPU's buffer (whole
 * records) go to drain, during vspe_vm_run and at stop.
 */
enum vspe_host_prof_target {
	VSPE_HOST_PROF_VM = 0,		/* every vCPU of the VM */
	VSPE_HOST_PROF_CPU = 1,		/* physical CPU id */
	VSPE_HOST_PROF_VCPU = 2,	/* vCPU id, wherever it runs */
};
#define VSPE_HOST_PROF_JITTER		(1u << 0)	/* PMSIRR_EL1.RND */
#define VSPE_HOST_PROF_EXCLUDE_EL0	(1u << 1)	/* no guest user samples */
#define VSPE_HOST_PROF_EXCLUDE_EL1	(1u << 2)	/* no guest kernel samples */
typedef void (*vspe_host_prof_drain_fn)(void *arg, unsigned int cpu, const void *bytes,
					size_t len);
struct vspe_host_prof_config {
	uint32_t target;		/* enum vspe_host_prof_target */
	uint32_t id;			/* CPU or vCPU number */
	uint32_t interval;		/* multiple of 256, >= 256 (0: 1024) */
	uint32_t buffer_size;		/* bytes per physical CPU, multiple of 4 KiB (0: 64 KiB) */
	uint32_t flags;			/* VSPE_HOST_PROF_* */
	vspe_host_prof_drain_fn drain;	/* may be NULL */
	void *arg;
};
/* -EBUSY a session runs; -EINVAL bad config; -ENODEV no unit (on that CPU). */
int vspe_vm_host_prof_start(struct vspe_vm *vm, const struct vspe_host_prof_config *cfg);
/* Ends the session: the rest of every buffer goes to drain. -ENOENT none runs. */
int vspe_vm_host_prof_stop(struct vspe_vm *vm);

/*
 * Who gets the unit when host and guest both want it, per VM (any time):
 * SHARE (default, never loses a guest record): time-multiplexed at slice
 *   boundaries; the guest's session pauses while the host's runs.
 * EXCLUSIVE_HOST: while a host session runs, the guest's PMBIDR_EL1.P
 *   reads 1 and its other SPE accesses UNDEF; its session is stopped.
 */
enum vspe_spe_policy {
	VSPE_SPE_POLICY_SHARE = 0,
	VSPE_SPE_POLICY_EXCLUSIVE_HOST = 1,
};
int vspe_vm_set_spe_policy(struct vspe_vm *vm, uint32_t policy);

struct vspe_vm_spe_stats {
	uint64_t entries;		/* slices of vCPUs on CPUs with a unit */
	uint64_t switch_sysregs;	/* unit register accesses of switching */
	uint64_t owner_changes;		/* a unit changed hands (or was loaded/saved) */
	uint64_t guest_slices, host_slices;	/* slices by the unit's holder */
	uint64_t contested;		/* slices both wanted (share) */
	uint64_t guest_insns, host_insns;	/* instructions run in those slices */
	uint64_t host_pieces, host_bytes, host_fulls, host_faults;
	uint64_t records, lost;		/* every unit, host and guest */
	uint64_t errata_moved;		/* selections an erratum moved (docs/errata.md) */
	uint64_t errata_dropped;	/* ... and lost */
};
int vspe_vm_spe_stats(const struct vspe_vm *vm, struct vspe_vm_spe_stats *st);

/* ---- vCPUs ---------------------------------------------------------- */

int vspe_create_vcpu(struct vspe_vm *vm, unsigned int vcpu_id, struct vspe_vcpu **vcpu);

/* vCPU features (bit numbers in vspe_vcpu_init.features). */
#define VSPE_ARM_VCPU_POWER_OFF		0	/* start powered off (secondaries) */
#define VSPE_ARM_VCPU_PSCI_0_2		2
#define VSPE_ARM_VCPU_SPE		9	/* Statistical Profiling Extension */

#define VSPE_ARM_TARGET_GENERIC_V8	5

struct vspe_vcpu_init {
	uint32_t target;
	uint32_t features[7];
};
int vspe_arm_preferred_target(struct vspe_vm *vm, struct vspe_vcpu_init *init);
/* KVM_ARM_VCPU_INIT; may be called again to reset the vCPU. */
int vspe_vcpu_init(struct vspe_vcpu *vcpu, const struct vspe_vcpu_init *init);

/* Device attributes of a vCPU (KVM_{SET,GET,HAS}_DEVICE_ATTR). */
struct vspe_device_attr {
	uint32_t flags;		/* must be 0 */
	uint32_t group;
	uint64_t attr;
	uint64_t addr;		/* user pointer to the value */
};
int vspe_vcpu_set_device_attr(struct vspe_vcpu *vcpu, const struct vspe_device_attr *attr);
int vspe_vcpu_get_device_attr(struct vspe_vcpu *vcpu, const struct vspe_device_attr *attr);
int vspe_vcpu_has_device_attr(struct vspe_vcpu *vcpu, const struct vspe_device_attr *attr);

/*
 * SPE_CTRL, the vCPU attribute group of KVM's SPE series (docs/spe-guest.md):
 *   IRQ   (int *)  the PPI (INTID 16..31) of the buffer-management interrupt;
 *                  the same on every vCPU of a VM; set before INIT.
 *                  -EBUSY if already set or after INIT, -EINVAL not a PPI or
 *                  differs from another vCPU's, -ENXIO no SPE feature.
 *                  GET before it is set: -ENXIO.
 *   INIT  (none)   finishes SPE set-up; the vCPU may run only after it.
 *                  -ENXIO IRQ not set, -EBUSY already initialized.
 *   STOP  (int *)  migration support (KVM v4/v5): one of the STOP_* flags.
 *   STATS (struct vspe_vcpu_spe_stats *) get only (vspe's, not KVM's): what
 *                  the physical units did while this vCPU was loaded on
 *                  them, for a VMM to check a guest's trace against.
 * Every SPE attribute of a vCPU without the SPE feature returns -ENXIO.
 */
#define VSPE_ARM_VCPU_SPE_CTRL		3
#define   VSPE_ARM_VCPU_SPE_IRQ		0
#define   VSPE_ARM_VCPU_SPE_INIT	1
#define   VSPE_ARM_VCPU_SPE_STOP	2
#define     VSPE_ARM_VCPU_SPE_STOP_TRAP		(1 << 0)
#define     VSPE_ARM_VCPU_SPE_STOP_EXIT		(1 << 1)
#define     VSPE_ARM_VCPU_SPE_RESUME		(1 << 2)
#define   VSPE_ARM_VCPU_SPE_STATS	3

struct vspe_vcpu_spe_stats {
	uint64_t records;	/* records written completely to the guest's buffer */
	uint64_t lost;		/* records lost to a fault or a full buffer */
	uint64_t bytes;		/* bytes written */
};

/*
 * SCHED_CTRL: where a vCPU may run (KVM v4's SUPPORTED_CPUS, as a bitmap).
 *   SUPPORTED_CPUS (uint64_t *) bit n = physical CPU n. Before the first run
 *   only (-EBUSY after); -EINVAL empty or naming CPUs the host lacks. A vCPU
 *   with SPE defaults to the CPUs that have a compatible SPE unit; running it
 *   on another CPU exits with VSPE_EXIT_FAIL_ENTRY, CPU_UNSUPPORTED.
 */
#define VSPE_ARM_VCPU_SCHED_CTRL	4
#define   VSPE_ARM_VCPU_SUPPORTED_CPUS	0

/* ONE_REG ids, the KVM arm64 layout: arch | size | coproc | index. */
#define VSPE_REG_ARM64			0x6000000000000000ull
#define VSPE_REG_SIZE_U32		0x0020000000000000ull
#define VSPE_REG_SIZE_U64		0x0030000000000000ull
#define VSPE_REG_SIZE_U128		0x0040000000000000ull
#define VSPE_REG_ARM_COPROC_SHIFT	16
#define VSPE_REG_ARM_CORE		(0x0010ull << VSPE_REG_ARM_COPROC_SHIFT)
#define VSPE_REG_ARM64_SYSREG		(0x0013ull << VSPE_REG_ARM_COPROC_SHIFT)
#define VSPE_REG_ARM_FW			(0x0014ull << VSPE_REG_ARM_COPROC_SHIFT)
#define VSPE_REG_ARM_VSPE		(0x0020ull << VSPE_REG_ARM_COPROC_SHIFT)	/* vspe-internal state */

/* Core registers: index = offset in 32-bit words into struct vspe_core_regs. */
struct vspe_core_regs {
	uint64_t x[31];
	uint64_t sp;		/* SP_EL0 */
	uint64_t pc;
	uint64_t pstate;
	uint64_t sp_el1;
	uint64_t elr_el1;
	uint64_t spsr[5];	/* SPSR_EL1 first */
	uint64_t fp_regs_v[32][2];	/* V0..V31 as 128-bit */
	uint32_t fpsr;
	uint32_t fpcr;
};
#define VSPE_REG_CORE(field) (VSPE_REG_ARM64 | VSPE_REG_ARM_CORE | \
	(offsetof(struct vspe_core_regs, field) / sizeof(uint32_t)))
/* A system register by its encoding: key = ARCH_SYSREG(op0,op1,crn,crm,op2). */
#define VSPE_REG_SYSREG(key)	(VSPE_REG_ARM64 | VSPE_REG_SIZE_U64 | \
	VSPE_REG_ARM64_SYSREG | (uint64_t)(key))

struct vspe_one_reg {
	uint64_t id;
	uint64_t addr;		/* user pointer to a value of the id's size */
};
int vspe_get_one_reg(struct vspe_vcpu *vcpu, const struct vspe_one_reg *reg);
int vspe_set_one_reg(struct vspe_vcpu *vcpu, const struct vspe_one_reg *reg);

/* KVM_GET_REG_LIST: on -E2BIG, n is set to the number needed. */
struct vspe_reg_list {
	uint64_t n;
	uint64_t reg[];
};
int vspe_get_reg_list(struct vspe_vcpu *vcpu, struct vspe_reg_list *list);

/* ---- Running -------------------------------------------------------- */

enum vspe_exit_reason {
	VSPE_EXIT_UNKNOWN = 0,
	VSPE_EXIT_MMIO,			/* access to guest-physical memory no slot backs */
	VSPE_EXIT_SYSTEM_EVENT,		/* PSCI SYSTEM_OFF / SYSTEM_RESET */
	VSPE_EXIT_FAIL_ENTRY,		/* the vCPU cannot run (see fail_entry) */
	VSPE_EXIT_INTERNAL_ERROR,	/* vspe could not emulate something */
	VSPE_EXIT_INTR,			/* time slice over, nothing for user space (KVM: -EINTR) */
	VSPE_EXIT_HALTED,		/* every vCPU waits (WFI) with no event due: a hung guest */
	VSPE_EXIT_HYPERCALL,		/* a vspe paravirtual hypercall (docs/paravirt.md) */
	VSPE_EXIT_RLIMIT,		/* pinning the SPE buffer would exceed pin_limit (KVM v6) */
};

#define VSPE_SYSTEM_EVENT_SHUTDOWN	1
#define VSPE_SYSTEM_EVENT_RESET		2

#define VSPE_FAIL_ENTRY_CPU_UNSUPPORTED	1	/* hardware_entry_failure_reason */
#define VSPE_FAIL_ENTRY_NOT_INITIALIZED	2

#define VSPE_INTERNAL_ERROR_EMULATION	1
#define VSPE_INTERNAL_ERROR_RUNAWAY	2	/* --max-insns reached, exception loop, jump into nothing */

struct vspe_run {
	uint32_t exit_reason;		/* enum vspe_exit_reason */
	union {
		struct {
			uint64_t phys_addr;
			uint8_t data[8];
			uint32_t len;
			uint8_t is_write;
		} mmio;
		struct {
			uint32_t type;
			uint32_t ndata;
			uint64_t data[16];
		} system_event;
		struct {
			uint64_t hardware_entry_failure_reason;
			uint32_t cpu;	/* the physical CPU */
		} fail_entry;
		struct {
			uint32_t suberror;
			uint32_t ndata;
			uint64_t data[16];
			char message[160];
		} internal;
		struct {
			uint64_t nr;
			uint64_t args[6];
			uint64_t ret;	/* written by the VMM; x0 on resume */
		} hypercall;
		struct {
			uint64_t limit;		/* bytes the VM may pin */
			uint64_t needed;	/* bytes pinned if this buffer were pinned */
			uint64_t buffer_va;	/* the guest's PMBPTR_EL1 */
		} rlimit;
	};
};

/*
 * The vspe paravirtual channel (docs/paravirt.md): HVC #0 with an SMCCC
 * Vendor Specific Hypervisor Service function id. The hypervisor answers
 * VSPE_HC_QUERY itself; the others exit as VSPE_EXIT_HYPERCALL with nr = the
 * function id and args = x1..x6; hypercall.ret goes to x0 on resume.
 */
#define VSPE_HC_BASE			0xc6000000u
#define VSPE_HC_QUERY			(VSPE_HC_BASE + 0x00)	/* -> VSPE_HC_MAGIC */
#define VSPE_HC_TRACE_WRITE		(VSPE_HC_BASE + 0x10)	/* x1 ipa, x2 len, x3 flags */
#define VSPE_HC_TRACE_INFO		(VSPE_HC_BASE + 0x11)	/* x1 ipa of struct, x2 len */
#define VSPE_HC_MAGIC			0x7673706531ull		/* "vspe1" */

/* The vCPU's run structure (KVM's mmap of the vCPU fd). */
struct vspe_run *vspe_vcpu_run_struct(struct vspe_vcpu *vcpu);

/*
 * Runs the VM: the host scheduler places runnable vCPUs on physical CPUs
 * and runs them, deterministically, until one of them exits to user space.
 * *exited is that vCPU; its vspe_run says why. For an MMIO read, the VMM
 * fills mmio.data before the next call, which completes the access.
 */
int vspe_vm_run(struct vspe_vm *vm, struct vspe_vcpu **exited);

/* Runs one vCPU for at most one time slice (VSPE_EXIT_INTR when nothing happened). */
int vspe_run(struct vspe_vcpu *vcpu);

/*
 * KVM_IRQ_LINE for a VMM device: sets the level of SPI intid (32..95) of
 * the VM's GICv3 (e.g. the PL011 on INTID 33).
 */
int vspe_irq_line(struct vspe_vm *vm, uint32_t intid, int level);

/* Instructions the guest has executed, all vCPUs (the virtual clock's source). */
uint64_t vspe_vm_instructions(const struct vspe_vm *vm);

/* ---- State for snapshots and live migration (docs/migration.md) ----- */

/*
 * vspe-internal vCPU state, in the VSPE_REG_ARM_VSPE coproc (all 64-bit),
 * listed by vspe_get_reg_list after the architectural registers so that a
 * VMM restores everything by replaying the list in order. Set them on a
 * vCPU that was created, initialized (and given its SPE attributes) the
 * same way as on the source.
 */
#define VSPE_REG_VSPE(idx)	(VSPE_REG_ARM64 | VSPE_REG_SIZE_U64 | VSPE_REG_ARM_VSPE | (idx))
#define VSPE_REG_VSPE_STATE		VSPE_REG_VSPE(0)	/* 0 runnable, 1 WFI, 2 off */
#define VSPE_REG_VSPE_INSNS		VSPE_REG_VSPE(1)	/* instructions it executed */
#define VSPE_REG_VSPE_CNTVOFF		VSPE_REG_VSPE(2)	/* virtual counter offset */
#define VSPE_REG_VSPE_PENDING		VSPE_REG_VSPE(3)	/* bit 0 MMIO, bit 1 hypercall to complete */
#define VSPE_REG_VSPE_MMIO_GPA		VSPE_REG_VSPE(4)
#define VSPE_REG_VSPE_MMIO_VA		VSPE_REG_VSPE(5)
#define VSPE_REG_VSPE_MMIO_INFO		VSPE_REG_VSPE(6)	/* len | W<<8 | valid<<9 | rt<<16 | sext<<24 | sf<<25 */
#define VSPE_REG_VSPE_MMIO_DATA		VSPE_REG_VSPE(7)	/* the value a write stored */
#define VSPE_REG_VSPE_RUN_DATA		VSPE_REG_VSPE(8)	/* read data or hypercall ret from the VMM */
#define VSPE_REG_VSPE_EXC_ESR		VSPE_REG_VSPE(9)	/* exception-loop detection */
#define VSPE_REG_VSPE_EXC_ELR		VSPE_REG_VSPE(10)
#define VSPE_REG_VSPE_EXC_INSNS		VSPE_REG_VSPE(11)
#define VSPE_REG_VSPE_EXC_COUNT		VSPE_REG_VSPE(12)
#define VSPE_REG_VSPE_CPU_MASK		VSPE_REG_VSPE(13)	/* physical CPUs it may run on */
#define VSPE_REG_VSPE_SPE_STOP		VSPE_REG_VSPE(14)	/* SPE vCPUs: 0, STOP_TRAP or STOP_EXIT */
#define VSPE_REG_VSPE_SPE_IRQ_LEVEL	VSPE_REG_VSPE(15)	/* SPE vCPUs: the virtual PPI level */
#define VSPE_REG_VSPE_NR		16

/*
 * The VM-wide state a VMM cannot reach through vCPUs: the virtual clock,
 * the scheduler's cursor, the GIC (distributor, redistributors, CPU
 * interfaces), the physical CPUs' SPE units (interval counters, jitter
 * generators, in-flight samples, timing models) and which vCPU each CPU
 * holds, and the host memory storm's generator. An opaque, versioned blob
 * with a checksum. Save with buf NULL (or cap too small: -E2BIG) to learn
 * *len. Load after the memory and every vCPU's registers are restored, on
 * a VM created with the same host configuration, before it runs; a bad
 * blob is refused (-EINVAL) before anything changes.
 */
int vspe_vm_save_state(struct vspe_vm *vm, void *buf, size_t cap, size_t *len);
int vspe_vm_load_state(struct vspe_vm *vm, const void *buf, size_t len);
/*
 * Everything the first run sets up, without running: the GIC, the SPE
 * checks, stage 2 and the pins of the pinning strategy. A migration
 * destination calls it early, so that the work is not downtime; state may
 * still be loaded afterwards. Errors as the first vspe_vm_run's.
 */
int vspe_vm_prepare(struct vspe_vm *vm);

/*
 * KVM_GET_DIRTY_LOG: the pages of slot (which has VSPE_MEM_LOG_DIRTY_PAGES)
 * written since logging started or since the last call, by anyone (CPUs,
 * SPE units, the VMM), one bit per 4 KiB page in bitmap (memory_size /
 * 4096 bits, rounded up to 64); the log restarts empty. -ENOENT no such
 * slot, -EINVAL logging not enabled on it.
 */
int vspe_vm_get_dirty_log(struct vspe_vm *vm, uint32_t slot, uint64_t *bitmap);

#ifdef __cplusplus
}
#endif
#endif
