/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A simulated physical CPU: one Unicorn engine (Cortex-A72 model) running
 * guest code at EL1/EL0. Nothing above hw/cpu sees Unicorn: this header is
 * the whole interface.
 *
 * Run model: cpu_run() executes until a stop (budget reached at a block
 * boundary, an exception, an MMIO access, WFI, a deferred system-register
 * access ...) and reports exactly how many instructions completed. Guest
 * RAM is mapped once per engine (memslots); physical addresses without RAM
 * stop the CPU with a decoded MMIO access, like KVM's ISV syndrome.
 *
 * All CPUs must be used from one host thread (Unicorn engines on several
 * threads break the guest's atomics).
 */
#ifndef HW_CPU_H
#define HW_CPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cpu_err {
	CPU_OK = 0,
	CPU_EINVAL = -1,	/* bad argument */
	CPU_ENOMEM = -2,
	CPU_EENGINE = -3,	/* the engine refused (see cpu_engine_error) */
	CPU_EBUSY = -4,		/* overlapping mapping */
	CPU_ENOENT = -5,	/* no such mapping / register */
	CPU_EFAULT = -6,	/* guest address not backed by RAM */
	CPU_ESELFTEST = -7,	/* a Unicorn work-around failed its self-test */
};
const char *cpu_strerror(int err);

struct cpu;

/* Creates physical CPU number index (its engine, hooks, work-arounds). */
int cpu_create(unsigned int index, struct cpu **out);
void cpu_destroy(struct cpu *cpu);
unsigned int cpu_index(const struct cpu *cpu);
/* Unicorn's version as major << 8 | minor, and the message of its last error. */
unsigned int cpu_engine_version(void);
const char *cpu_engine_error(const struct cpu *cpu);

/* ---- Memory: guest-physical RAM backed by host memory ---------------- */

/* gpa, size: 4 KiB multiples; host: 4 KiB aligned, alive while mapped. */
int cpu_map_ram(struct cpu *cpu, uint64_t gpa, uint64_t size, void *host, bool readonly);
int cpu_unmap_ram(struct cpu *cpu, uint64_t gpa, uint64_t size);
/*
 * A device served synchronously inside the CPU's memory system (the
 * hypervisor's GIC): accesses call back and never stop the CPU. Any access
 * form works (pairs, writeback); 8-byte accesses arrive as two 4-byte ones,
 * low half first (Unicorn 2.0.1's MMIO regions). 4 at most per CPU.
 */
typedef uint64_t (*cpu_mmio_read_fn)(void *opaque, struct cpu *cpu, uint64_t off,
				     unsigned int len);
typedef void (*cpu_mmio_write_fn)(void *opaque, struct cpu *cpu, uint64_t off,
				  unsigned int len, uint64_t val);
int cpu_map_mmio(struct cpu *cpu, uint64_t gpa, uint64_t size, cpu_mmio_read_fn rd,
		 cpu_mmio_write_fn wr, void *opaque);
/* Host pointer of guest-physical [gpa, gpa+len) when RAM backs it all, else NULL. */
void *cpu_ram_ptr(const struct cpu *cpu, uint64_t gpa, uint64_t len);

/* ---- Registers ------------------------------------------------------- */

enum cpu_reg {
	CPU_REG_X0 = 0,		/* X0..X30 = 0..30 */
	CPU_REG_SP = 31,	/* the SP of the current PSTATE (SP_EL0 or SP_EL1) */
	CPU_REG_PC,
	CPU_REG_PSTATE,		/* NZCV, DAIF, CurrentEL, SPSel as in SPSR layout */
	CPU_REG_SP_EL0,
	CPU_REG_SP_EL1,
	CPU_REG_ELR_EL1,
	CPU_REG_SPSR_EL1,
	CPU_REG_ESR_EL1,
	CPU_REG_FAR_EL1,
	CPU_REG_VBAR_EL1,
	CPU_REG_FPSR,
	CPU_REG_FPCR,
	CPU_REG_NR
};
int cpu_reg_read(struct cpu *cpu, enum cpu_reg reg, uint64_t *val);
int cpu_reg_write(struct cpu *cpu, enum cpu_reg reg, uint64_t val);
/* SIMD&FP register Vn as two 64-bit halves (low first). */
int cpu_vreg_read(struct cpu *cpu, unsigned int n, uint64_t v[2]);
int cpu_vreg_write(struct cpu *cpu, unsigned int n, const uint64_t v[2]);
/*
 * A system register the CPU model implements itself (SCTLR_EL1, TCR_EL1,
 * TTBRn_EL1, MAIR_EL1, ...), by key = ARCH_SYSREG(...). CPU_ENOENT when the
 * model has no such register.
 */
int cpu_sysreg_read(struct cpu *cpu, uint32_t key, uint64_t *val);
int cpu_sysreg_write(struct cpu *cpu, uint32_t key, uint64_t val);

/* ---- System-register traps ------------------------------------------- */

enum cpu_sysreg_result {
	CPU_SYSREG_NATIVE,	/* let the CPU model execute it */
	CPU_SYSREG_DONE,	/* emulated: for a read, acc->val is the value */
	CPU_SYSREG_UNDEF,	/* stop; the caller injects UNDEF */
	CPU_SYSREG_STOP,	/* stop before it; the caller emulates it (cpu_skip_insn) */
};

struct cpu_sysreg_access {
	uint32_t key;		/* ARCH_SYSREG(op0, op1, CRn, CRm, op2) */
	bool is_write;		/* MSR / SYS; false for MRS / SYSL */
	unsigned int rt;	/* 31 = XZR */
	uint64_t val;		/* value written, or value to return */
};

/*
 * Called synchronously for every MRS/MSR/SYS/SYSL the guest executes. It may
 * call cpu_now() and cpu_set_budget(); it must not run the CPU.
 */
typedef enum cpu_sysreg_result (*cpu_sysreg_fn)(void *opaque, struct cpu *cpu,
						struct cpu_sysreg_access *acc);
void cpu_set_sysreg_handler(struct cpu *cpu, cpu_sysreg_fn fn, void *opaque);

/* ---- Access reports (the hypervisor's stage 2 for CPU accesses) ------ */

enum cpu_access_kind {
	CPU_ACCESS_READ,
	CPU_ACCESS_WRITE,
	CPU_ACCESS_FETCH,	/* a block is about to run from this page */
};
/*
 * Called before every data access to RAM (each page it touches) and
 * before every block runs, with the guest-physical address the access
 * goes to (after the guest's stage 1). It may change guest RAM (bring a
 * page back) and must not run the CPU. NULL: no reports (no cost).
 */
typedef void (*cpu_access_fn)(void *opaque, struct cpu *cpu, uint64_t pa,
			      enum cpu_access_kind kind);
/*
 * gen: a counter the handler moves whenever an answer it gave may change
 * (its stage-2 invalidations; NULL = never): until it moves, or the guest's
 * translations change, a repeat of the last access of the same kind to the
 * same page is not reported (a TLB hit).
 */
void cpu_set_access_handler(struct cpu *cpu, cpu_access_fn fn, void *opaque,
			    const uint64_t *gen);

/* ---- Running --------------------------------------------------------- */

enum cpu_stop_reason {
	CPU_STOP_BUDGET = 1,	/* the budget was reached (at a block boundary) */
	CPU_STOP_SYSREG,	/* a deferred or UNDEF system-register access (PC at it) */
	CPU_STOP_UNDEF,		/* undefined instruction (PC at it) */
	CPU_STOP_PC_ALIGN,	/* PC not 4-byte aligned (a branch went there; PC at it) */
	CPU_STOP_HVC,		/* HVC (PC at it; imm in stop->imm) */
	CPU_STOP_SMC,		/* SMC (PC at it) */
	CPU_STOP_SVC,		/* SVC (PC at it) */
	CPU_STOP_BRK,		/* BRK (PC at it) */
	CPU_STOP_MMIO,		/* access to a physical address with no RAM (PC at it) */
	CPU_STOP_ABORT,		/* a stage-1 MMU fault (PC at it, or the fetch address) */
	CPU_STOP_WFI,		/* WFI completed (PC after it) */
	CPU_STOP_WFX_TRAP,	/* WFI/WFE trapped by SCTLR_EL1.nTWI/nTWE (PC at it; imm = TI) */
	CPU_STOP_IRQ_WINDOW,	/* PSTATE.I became 0 while cpu_watch_irq_unmask was on */
	CPU_STOP_ERROR,		/* the engine failed: stop->message */
	CPU_STOP_EL_CHANGE,	/* a block starts at another EL while cpu_watch_el is on */
};

struct cpu_mmio {
	uint64_t gpa;		/* guest-physical address */
	uint64_t va;		/* virtual address of the access */
	unsigned int len;	/* 1, 2, 4 or 8 */
	bool is_write;
	bool valid;		/* ISV: single register, no writeback (else not emulable) */
	unsigned int rt;	/* 31 = XZR/WZR */
	bool sign_extend;	/* load: sign-extend to ... */
	bool sf;		/* ... 64 bits (else 32) */
	uint64_t data;		/* value stored (write) */
};

struct cpu_abort {
	bool is_fetch;		/* instruction abort, else data abort */
	bool is_write;		/* WnR */
	uint64_t va;		/* FAR */
	uint32_t fsc;		/* DFSC/IFSC (ESR_ISS_DABT_DFSC_*) */
};

struct cpu_stop {
	enum cpu_stop_reason reason;
	uint64_t pc;
	uint32_t insn;		/* the instruction at pc (0 when unreadable) */
	uint32_t imm;		/* HVC/SMC/SVC/BRK immediate */
	struct cpu_sysreg_access sysreg;
	struct cpu_mmio mmio;
	struct cpu_abort abort;
	char message[96];
};

/*
 * Runs from the current PC until a stop, for about budget instructions
 * (stops at the first block boundary where the next block would exceed the
 * budget; at least one block runs; with cpu_set_exact(), exactly budget).
 * *executed: exactly the instructions that completed. Returns CPU_OK (the stop says why) or a negative error.
 */
int cpu_run(struct cpu *cpu, uint64_t budget, struct cpu_stop *stop, uint64_t *executed);
/*
 * Exact budgets: a budget that ends inside a block stops exactly there (the
 * block is translated again with a one-instruction code hook; ~tens of us
 * per such stop). Off by default: stops are at block boundaries. An exact
 * run may also end early with CPU_STOP_BUDGET (fewer instructions, at a
 * block boundary) to drop a kept hook that keeps running idle: run again.
 */
void cpu_set_exact(struct cpu *cpu, bool exact);
/* Inside a sysreg handler: instructions completed so far in this cpu_run. */
uint64_t cpu_now(struct cpu *cpu);
/* Inside a sysreg handler: change the budget of the current cpu_run. */
void cpu_set_budget(struct cpu *cpu, uint64_t budget);
/* Stop with CPU_STOP_IRQ_WINDOW at the next block once PSTATE.I is clear. */
void cpu_watch_irq_unmask(struct cpu *cpu, bool on);
/*
 * Stop with CPU_STOP_EL_CHANGE at the first block that starts at an EL
 * other than el (an ERET ends its block, so the stop is exactly after it);
 * el < 0: off. For a sampling unit whose counting depends on the EL.
 */
void cpu_watch_el(struct cpu *cpu, int el);
/*
 * Instruction watch (for a sampling unit, docs/machine.md "Watching a
 * sampled instruction"): the instruction that runs after `index`
 * instructions of this cpu_run have completed. When the block holding it
 * starts, plan() says how to see it:
 *   STOP    end the run exactly before it (an exact budget stop);
 *   ACCESS  fire(BEFORE) at its first data access (registers and flags as
 *           before it, the PC exact), or fire(DONE) if it completes
 *           without one;
 *   AFTER   fire(DONE) once it has completed (at the next block start, a
 *           later system-register access of its block, or the run's end).
 * No engine stop for ACCESS and AFTER. `rest` is how many instructions
 * follow it in its block (a second watch must not land in the same block
 * unless it is planned STOP); insn is its encoding (0 if unreadable).
 * fire() may set the next watch (cpu_watch_at) and ask for a stop
 * (cpu_request_stop). The watch outlives cpu_run() so the caller can see
 * whether it was reached (cpu_watch_pending); the caller clears it.
 */
enum cpu_watch_plan { CPU_WATCH_STOP, CPU_WATCH_ACCESS, CPU_WATCH_AFTER };
enum cpu_watch_when { CPU_WATCH_BEFORE, CPU_WATCH_DONE };
struct cpu_watch_ops {
	enum cpu_watch_plan (*plan)(void *opaque, uint64_t pc, uint32_t insn, uint64_t rest);
	void (*fire)(void *opaque, uint64_t pc, uint32_t insn, uint64_t index,
		     enum cpu_watch_when when);
};
void cpu_set_watch_ops(struct cpu *cpu, const struct cpu_watch_ops *ops, void *opaque);
/*
 * Memory hooks from the next run on, for good: CPU_WATCH_ACCESS watches see
 * the access before it happens with them. Without, loads and stores stay on
 * Unicorn's fast path and such a watch fires at its block's start when it
 * is the block's first instruction, else it becomes CPU_WATCH_STOP.
 */
void cpu_want_mem_hooks(struct cpu *cpu);
/* Watch the instruction after index completed ones (UINT64_MAX: none). */
void cpu_watch_at(struct cpu *cpu, uint64_t index);
/* Whether the watch is still set and not fired (after cpu_run: was it reached?). */
bool cpu_watch_pending(const struct cpu *cpu, uint64_t *index, uint64_t *pc, uint32_t *insn);
/* From fire(): end the run at the next block start (CPU_STOP_BUDGET). */
void cpu_request_stop(struct cpu *cpu);
/*
 * Moves on whenever the translation regime or the code may have changed
 * (MSR to SCTLR/TCR/TTBRn, TLBI, IC, context restore, memory map changes).
 */
uint64_t cpu_xlate_gen(const struct cpu *cpu);
/* Completes the instruction at PC from outside (after CPU_STOP_SYSREG/MMIO/HVC). */
int cpu_skip_insn(struct cpu *cpu);
/* Writes an MMIO load's value to its register (sign/zero extended), then skips. */
int cpu_complete_mmio_read(struct cpu *cpu, const struct cpu_mmio *mmio, uint64_t data);

/* ---- Exceptions ------------------------------------------------------ */

enum cpu_vector {
	CPU_VECTOR_SYNC = 0,
	CPU_VECTOR_IRQ,
	CPU_VECTOR_FIQ,
	CPU_VECTOR_SERROR,
};
/*
 * Takes an exception to EL1 architecturally (Arm ARM D1.10): SPSR_EL1 =
 * PSTATE, ELR_EL1 = elr, ESR_EL1 = esr (synchronous only), FAR_EL1 when
 * set_far, SP banking, PSTATE = EL1h with DAIF masked, PC = VBAR_EL1 +
 * vector offset.
 */
int cpu_take_exception(struct cpu *cpu, enum cpu_vector vec, uint64_t elr,
		       uint64_t esr, bool set_far, uint64_t far);
/* Current exception level (0 or 1). */
unsigned int cpu_el(struct cpu *cpu);

/* ---- Stage-1 translation of the guest's own tables ------------------- */

struct cpu_walk {
	uint64_t pa;
	unsigned int level;	/* level of the last descriptor (or of the fault) */
	bool fault;
	uint32_t fsc;		/* DFSC when fault */
	bool writable_el1, writable_el0, readable_el0;
	bool xn_el1, xn_el0;
};
/* Translates va with the CPU's current SCTLR/TCR/TTBRs (4 KiB granule). */
int cpu_translate(struct cpu *cpu, uint64_t va, struct cpu_walk *walk);
/* Reads guest virtual memory (4 bytes: an instruction) through stage 1. */
int cpu_read_insn(struct cpu *cpu, uint64_t va, uint32_t *insn);

/*
 * The memory access the instruction at the current PC will make, with the
 * current registers (for a sampling unit describing an operation before it
 * executes). CPU_ENOENT when it is not a load or store.
 */
struct cpu_access {
	uint64_t va;		/* first byte */
	unsigned int size;	/* bytes in total (pairs: both registers) */
	bool is_load;
	bool simd;
	bool exclusive;
};
int cpu_decode_access(struct cpu *cpu, struct cpu_access *acc);
/* The same for the load/store insn at pc, with the current registers. */
int cpu_decode_access_insn(struct cpu *cpu, uint64_t pc, uint32_t insn, struct cpu_access *acc);

/* ---- Context switching (vcpu_load / vcpu_put) ------------------------- */

struct cpu_context;
int cpu_context_alloc(struct cpu *cpu, struct cpu_context **ctx);
void cpu_context_free(struct cpu_context *ctx);
int cpu_context_save(struct cpu *cpu, struct cpu_context *ctx);
/* Restores ctx (from any CPU of the same model) and flushes this CPU's TLB. */
int cpu_context_restore(struct cpu *cpu, const struct cpu_context *ctx);
/* The architectural reset state of this CPU model (EL1h, DAIF masked). */
int cpu_reset_state(struct cpu *cpu);

/* Invalidation other CPUs must replay (hardware broadcasts TLBI and IC). */
void cpu_flush_tlb(struct cpu *cpu);
/* The PAs [start, end) (cpu_ic_line of the issuing CPU), before cpu runs next. */
void cpu_flush_code(struct cpu *cpu, uint64_t start, uint64_t end);
/* The instruction-cache line IC IVAU of va names, as cpu translates it now. */
bool cpu_ic_line(struct cpu *cpu, uint64_t va, uint64_t *pa, uint64_t *len);
/* Drops every translation (after the host rewrote guest memory, e.g. a reset). */
void cpu_flush_all_code(struct cpu *cpu);

/* Results of the start-up self-test of the Unicorn work-arounds. */
struct cpu_selftest {
	bool hflags_fix_needed;	/* 2.0.x: EL changes by the host need a rebuild */
	bool hflags_fix_works;
	bool va_alias_needed;	/* 2.0.x: unmapped check uses the VA */
	bool store_fix;		/* 2.0.x: stores stay on the fast path (tlb-fill.c) */
	bool hole_restore;	/* exact MMIO stops without memory hooks */
};
int cpu_selftest(struct cpu_selftest *result);

#endif
