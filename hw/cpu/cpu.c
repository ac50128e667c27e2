// SPDX-License-Identifier: GPL-2.0-only
/*
 * A physical CPU on Unicorn. The only file of vspe that includes
 * <unicorn/unicorn.h>; docs/machine.md explains the run model and the
 * Unicorn 2.0.1 work-arounds kept here.
 *
 * Counting: a permanent block hook adds each block's instruction count
 * when the *next* block starts (the previous one then completed). A stop
 * inside a block is exact because a permanent memory hook makes Unicorn
 * keep the PC precise at every load/store, and exceptions and system
 * register hooks see the precise PC too: completed = PC - block start.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "hw/cpu.h"

#include <dlfcn.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>

#include "arch/sysreg.h"
#include "insn.h"
#include "tlb-fill.h"

#define CPU_MAX_MAPS	32
#define CPU_MAX_MMIO	4
#define CPU_MAX_HOLES	(CPU_MAX_MAPS + CPU_MAX_MMIO + 1)
#define CPU_CODE_RANGES	512	/* pending IC IVAU ranges (then: all code) */
#define CPU_EXACT_SLOTS	1	/* kept exact-stop hooks: each costs ~8 ns per run of its insn */
#define CPU_EXACT_IDLE	256	/* runs of a kept hook's insn without a stop before it goes */
/*
 * Unicorn 2.0.x's address space (docs/machine.md "The VA check"): holes
 * fill [0, HOLE_END) around RAM and in-CPU devices (every PA and every
 * TTBR0 VA), one never-accessed region covers the TTBR1 half below
 * HIGH_END (Unicorn's region end must not wrap to 0: the top 1 KiB, one
 * target page, stays unmapped).
 */
#define HOLE_END	(1ull << 48)
#define HIGH_BASE	0xffff000000000000ull
#define HIGH_SIZE	((1ull << 48) - 1024)
#define RUN_UNTIL	1ull	/* ignored with the exit set on (engine_open): runs end by stops */
#define WATCH_NONE	UINT64_MAX
#define CPU_ERET_CACHE	64	/* blocks whose last instruction is known */

/* QEMU exception numbers seen by UC_HOOK_INTR (target/arm/cpu.h). */
enum {
	EXCP_UDEF = 1,
	EXCP_SWI = 2,
	EXCP_PREFETCH_ABORT = 3,
	EXCP_DATA_ABORT = 4,
	EXCP_BKPT = 7,
	EXCP_HVC = 11,
	EXCP_SMC = 13,
};

#define CPU_ACCESS_TLB	256	/* entries of the access reports' VA -> PA cache */

struct ram_map {
	uint64_t gpa, size;
	uint8_t *host;
	bool readonly;
};

struct cpu {
	uc_engine *uc;
	unsigned int index;
	void *env;			/* QEMU's CPUARMState, for the hflags fix */
	uc_context *pristine;		/* reset state */
	struct ram_map maps[CPU_MAX_MAPS];
	unsigned int nr_maps;
	struct cpu_mmio_map {
		struct cpu *cpu;
		uint64_t gpa, size;
		cpu_mmio_read_fn rd;
		cpu_mmio_write_fn wr;
		void *opaque;
	} mmio[CPU_MAX_MMIO];
	unsigned int nr_mmio;
	uint8_t known[0x10000 / 4];	/* 2 bits per sysreg key: probed, QEMU has it */
	/* Unicorn MMIO regions around RAM and devices (2.0.x): hits exit as MMIO. */
	struct cpu_hole {
		struct cpu *cpu;
		uint64_t base, size;
	} holes[CPU_MAX_HOLES], high;
	unsigned int nr_holes;
	bool high_mapped, holes_ready;	/* holes are mapped at the first run */
	bool code_flush_pending;	/* drop all translations before running */
	struct code_range { uint64_t start, end; } code_ranges[CPU_CODE_RANGES];
	unsigned int nr_code_ranges;	/* PA ranges to drop before running */
	uint64_t icache_line;		/* bytes one IC IVAU names (CTR_EL0.IminLine) */
	/* This CPU's IC IVAU lines not yet dropped: one merged PA range (ic_local). */
	bool ic_pending;
	uint64_t ic_lo, ic_hi, ic_block;
	void *cs;			/* QEMU's CPUState, to leave a hole's access */
	void **uc_cpu;			/* where the uc_struct points to it */
	/* The last load/store Unicorn announced (memory hook): a hole's access. */
	uint64_t acc_va, acc_value;
	int acc_size;
	bool hole_hit, hole_write;
	uint64_t hole_pa;
	cpu_sysreg_fn sysreg_fn;
	void *sysreg_opaque;
	uc_hook h_block, h_mem, h_unmapped, h_prot, h_intr;
	bool mem_hooked;		/* h_mem is installed (mem_hooks_needed) */
	unsigned int nr_ro_maps;	/* read-only RAM maps (their stores exit) */
	bool mem_hooks_wanted;		/* cpu_want_mem_hooks: from the next run on */
	bool tlb_flush_pending;		/* cpu_flush_tlb while idle: at the next run */
	bool tlb_foreign;		/* ran or was reset since the last context save */
	uint64_t save_seq;		/* cpu_context_save count */
	uc_hook h_mrs, h_msr, h_sys, h_sysl, h_exact;
	bool exact;			/* budget stops inside blocks too */
	bool exact_set;			/* an exact stop (possibly k = 0) is pending */
	uint64_t exact_addr, exact_size, exact_k;
	/*
	 * Kept exact-stop hooks: a one-address code hook on target, installed
	 * after dropping every translation of the block starting at VA blk
	 * (PA pa). Every translation of that block made since carries the
	 * hook, so a later stop at target needs no new translation.
	 */
	struct exact_slot {
		uint64_t target, blk, pa, size;
		uc_hook h;
		bool used;
		bool stale;		/* ran idle too often: dropped after this run */
		unsigned int idle;	/* runs of its instruction since it last stopped */
	} slots[CPU_EXACT_SLOTS];
	unsigned int next_slot;		/* round-robin victim */
	uint64_t exact_target;		/* armed exact hook's address */
	bool exact_armed, armed_seen;	/* armed; its block has started */
	bool blk_stop;			/* the block hook stopped before blk_stop_pc */
	uint64_t blk_stop_pc;
	/* The instruction watch (cpu_watch_at): set, planned for this block, fired. */
	const struct cpu_watch_ops *wops;
	void *wopaque;
	uint64_t watch_index;		/* WATCH_NONE: none */
	enum { W_IDLE, W_ACCESS, W_AFTER } watch_state;	/* planned in the current block */
	uint64_t watch_pc;
	uint32_t watch_insn;
	bool watch_stop;		/* fire() asked to end the run */
	bool after_eret;		/* the last block ended in ERET: the EL may differ */
	struct eret_entry { uint64_t addr, n, gen; bool eret; } *eret_cache;	/* CPU_ERET_CACHE */

	/* State of the current cpu_run. */
	struct cpu_stop *stop;
	bool running, stopped;
	bool stop_pending;		/* stop at the next block (after a PC write) */
	bool in_hook;			/* inside a sysreg hook */
	bool hook_pc_known;
	/*
	 * Code pages found by translating a block's VA (sysreg PC search):
	 * valid until the translation regime may change (xlate_gen moves on
	 * TLBI, MSR of SCTLR/TCR/TTBRn, context restore, host writes).
	 */
	struct { uint64_t va, gen; const uint8_t *host; } code_pages[16];
	uint64_t xlate_gen;
	/* Access reports (cpu_set_access_handler): VA page -> PA page, by xlate_gen + 1. */
	cpu_access_fn access_fn;
	void *access_opaque;
	const uint64_t *access_gen;	/* the handler's stage-2 generation */
	/* The last page reported per kind: skipped while nothing moved. */
	struct { uint64_t va, xgen, sgen; } access_last[3];
	struct { uint64_t va, pa, gen; } access_tlb[CPU_ACCESS_TLB];
	uint32_t blk_hooks[64];		/* encodings hooked so far in this block */
	unsigned int nr_blk_hooks;
	uint32_t hook_encoding;
	uint64_t hook_pc;
	uint64_t budget, done, blk_start, blk_n;
	bool watch_irq;
	int watch_el;			/* stop when a block starts at another EL; -1 off */
	int intno;
	uc_mem_type mem_type;
	uint64_t mem_addr, mem_value;
	int mem_size;
	uc_err last_err;
};

typedef void (*rebuild_hflags_fn)(void *env);
static rebuild_hflags_fn rebuild_hflags;
typedef void (*loop_exit_fn)(void *cs);
static loop_exit_fn loop_exit;
typedef void (*loop_exit_restore_fn)(void *cs, uintptr_t host_pc);
static loop_exit_restore_fn loop_exit_restore;
/*
 * CPUState.mem_io_pc (QEMU 5: the host address of the load or store in
 * the generated code, set before each MMIO access) lies 48 bytes below
 * CPUState.uc: two 32-event trace bitmaps and five 32-bit fields between.
 * Trusted only once the self-test restored a hole's PC with it.
 */
#define CS_MEM_IO_PC_BELOW_UC	48
static bool hole_restore_ok;
typedef void (*tlb_flush_fn)(void *cs);
static tlb_flush_fn tlb_flush_all;
/* QEMU's invalidation of translated code by RAM offset (translate-all.c). */
typedef void (*tb_inval_fn)(void *uc, uint64_t start, uint64_t end);
static tb_inval_fn tb_inval_range;
typedef uint64_t (*ram_addr_fn)(void *uc, void *host);
static ram_addr_fn ram_addr_of;
static int selftest_state;	/* 0 not run, 1 fix needed, 2 not needed, <0 failed */
/* Where the CPUState is, as cs_find found it: uc_struct word, offsets from it. */
static struct cs_layout {
	size_t word;
	uintptr_t env_off, env_ptr_off, uc_off;
} cs_layout;
static bool cs_known;		/* cs_layout agreed by two engines (self-test) */
static bool va_alias_needed;

static const char *const cpu_errors[] = {
	[0] = "success",
	[1] = "invalid argument",
	[2] = "out of memory",
	[3] = "CPU engine error",
	[4] = "mapping overlaps an existing one",
	[5] = "no such mapping or register",
	[6] = "guest address not backed by RAM",
	[7] = "Unicorn work-around self-test failed",
};

const char *cpu_strerror(int err)
{
	unsigned int i = err < 0 ? (unsigned int)-err : (unsigned int)err;

	if (i >= sizeof(cpu_errors) / sizeof(cpu_errors[0]))
		return "unknown error";
	return cpu_errors[i];
}

unsigned int cpu_engine_version(void)
{
	unsigned int major = 0, minor = 0;

	uc_version(&major, &minor);
	return major << 8 | minor;
}

const char *cpu_engine_error(const struct cpu *cpu)
{
	return cpu ? uc_strerror(cpu->last_err) : "no CPU";
}

unsigned int cpu_index(const struct cpu *cpu)
{
	return cpu->index;
}

static int engine_err(struct cpu *cpu, uc_err e)
{
	if (e == UC_ERR_OK)
		return CPU_OK;
	cpu->last_err = e;
	return e == UC_ERR_NOMEM ? CPU_ENOMEM : CPU_EENGINE;
}

/* ---- registers ------------------------------------------------------- */

static int uc_xreg(unsigned int n)
{
	if (n < 29)
		return UC_ARM64_REG_X0 + (int)n;
	if (n == 29)
		return UC_ARM64_REG_X29;
	if (n == 30)
		return UC_ARM64_REG_X30;
	return UC_ARM64_REG_XZR;
}

static uint64_t rd(struct cpu *cpu, int reg)
{
	uint64_t v = 0;

	uc_reg_read(cpu->uc, reg, &v);
	return v;
}

static void wr(struct cpu *cpu, int reg, uint64_t v)
{
	uc_reg_write(cpu->uc, reg, &v);
}

static void hflags_rebuild(struct cpu *cpu)
{
	if (cpu->env && rebuild_hflags)
		rebuild_hflags(cpu->env);
}

/*
 * Registers Unicorn 2.0.1's A72 implements but cannot read through CP_REG:
 * the read asserts in QEMU and aborts the process (found by probing every
 * op0 = 2/3 encoding in a child process; nothing else aborts).
 */
static bool sysreg_unreadable(uint32_t key)
{
	switch (key) {
	case ARCH_SYSREG(2, 0, 0, 2, 0):	/* MDCCINT_EL1 */
	case ARCH_SYSREG(2, 0, 1, 0, 4):	/* OSLAR_EL1 */
	case ARCH_SYSREG(2, 0, 1, 3, 4):	/* OSDLR_EL1 */
	case ARCH_SYSREG(2, 4, 0, 7, 0):	/* DBGVCR32_EL2 */
	case ARCH_SYSREG(3, 0, 4, 2, 2):	/* CurrentEL */
	case ARCH_SYSREG(3, 3, 4, 2, 0):	/* NZCV */
	case ARCH_SYSREG(3, 3, 9, 12, 4):	/* PMSWINC_EL0 */
		return true;
	default:
		return false;
	}
}

/* Special registers QEMU's CP_REG path must not be asked for (it aborts). */
static bool sysreg_is_special(uint32_t key)
{
	return key == SYS_NZCV || key == SYS_CURRENTEL || key == SYS_DAIF ||
	       key == SYS_SPSEL || key == SYS_FPCR || key == SYS_FPSR ||
	       key == SYS_SP_EL0 || ARCH_SYSREG_OP0(key) < 2 || sysreg_unreadable(key);
}

int cpu_sysreg_read(struct cpu *cpu, uint32_t key, uint64_t *val)
{
	uc_arm64_cp_reg cp;

	if (!cpu || !val || key > 0xffff || sysreg_is_special(key))
		return CPU_EINVAL;
	cp = (uc_arm64_cp_reg){ .op0 = ARCH_SYSREG_OP0(key), .op1 = ARCH_SYSREG_OP1(key),
		.crn = ARCH_SYSREG_CRN(key), .crm = ARCH_SYSREG_CRM(key),
		.op2 = ARCH_SYSREG_OP2(key) };
	if (uc_reg_read(cpu->uc, UC_ARM64_REG_CP_REG, &cp) != UC_ERR_OK)
		return CPU_ENOENT;
	*val = cp.val;
	return CPU_OK;
}

int cpu_sysreg_write(struct cpu *cpu, uint32_t key, uint64_t val)
{
	uc_arm64_cp_reg cp;

	if (!cpu || key > 0xffff || sysreg_is_special(key))
		return CPU_EINVAL;
	cp = (uc_arm64_cp_reg){ .op0 = ARCH_SYSREG_OP0(key), .op1 = ARCH_SYSREG_OP1(key),
		.crn = ARCH_SYSREG_CRN(key), .crm = ARCH_SYSREG_CRM(key),
		.op2 = ARCH_SYSREG_OP2(key), .val = val };
	if (uc_reg_write(cpu->uc, UC_ARM64_REG_CP_REG, &cp) != UC_ERR_OK)
		return CPU_ENOENT;
	/* QEMU caches state of SCTLR/CPACR/TCR... in hflags (see hflags_rebuild). */
	hflags_rebuild(cpu);
	cpu->xlate_gen++;
	return CPU_OK;
}

/* SP banking: QEMU keeps the live SP in SP and the others in SP_ELx. */
static bool on_sp_el0(uint64_t pstate)
{
	return SPSR_EL1_M_GET(pstate) == SPSR_EL1_M_EL0t ||
	       SPSR_EL1_M_GET(pstate) == SPSR_EL1_M_EL1t;
}

int cpu_reg_read(struct cpu *cpu, enum cpu_reg reg, uint64_t *val)
{
	uint64_t ps;

	if (!cpu || !val || reg >= CPU_REG_NR)
		return CPU_EINVAL;
	if (reg <= CPU_REG_X0 + 30) {
		*val = rd(cpu, uc_xreg(reg));
		return CPU_OK;
	}
	switch (reg) {
	case CPU_REG_SP: *val = rd(cpu, UC_ARM64_REG_SP); break;
	case CPU_REG_PC: *val = rd(cpu, UC_ARM64_REG_PC); break;
	case CPU_REG_PSTATE: *val = rd(cpu, UC_ARM64_REG_PSTATE); break;
	case CPU_REG_SP_EL0:
		ps = rd(cpu, UC_ARM64_REG_PSTATE);
		*val = rd(cpu, on_sp_el0(ps) ? UC_ARM64_REG_SP : UC_ARM64_REG_SP_EL0);
		break;
	case CPU_REG_SP_EL1:
		ps = rd(cpu, UC_ARM64_REG_PSTATE);
		*val = rd(cpu, on_sp_el0(ps) ? UC_ARM64_REG_SP_EL1 : UC_ARM64_REG_SP);
		break;
	case CPU_REG_ELR_EL1: *val = rd(cpu, UC_ARM64_REG_ELR_EL1); break;
	case CPU_REG_SPSR_EL1: return cpu_sysreg_read(cpu, SYS_SPSR_EL1, val);
	case CPU_REG_ESR_EL1: *val = rd(cpu, UC_ARM64_REG_ESR_EL1); break;
	case CPU_REG_FAR_EL1: *val = rd(cpu, UC_ARM64_REG_FAR_EL1); break;
	case CPU_REG_VBAR_EL1: *val = rd(cpu, UC_ARM64_REG_VBAR_EL1); break;
	case CPU_REG_FPSR: *val = rd(cpu, UC_ARM64_REG_FPSR); break;
	case CPU_REG_FPCR: *val = rd(cpu, UC_ARM64_REG_FPCR); break;
	default: return CPU_EINVAL;
	}
	return CPU_OK;
}

int cpu_reg_write(struct cpu *cpu, enum cpu_reg reg, uint64_t val)
{
	uint64_t ps;

	if (!cpu || reg >= CPU_REG_NR)
		return CPU_EINVAL;
	if (reg <= CPU_REG_X0 + 30) {
		wr(cpu, uc_xreg(reg), val);
		return CPU_OK;
	}
	switch (reg) {
	case CPU_REG_SP: wr(cpu, UC_ARM64_REG_SP, val); break;
	case CPU_REG_PC: wr(cpu, UC_ARM64_REG_PC, val); break;
	case CPU_REG_PSTATE: {
		uint64_t old = rd(cpu, UC_ARM64_REG_PSTATE);
		uint32_t m = SPSR_EL1_M_GET(val);

		/* Only AArch64 EL0t, EL1t and EL1h exist for a guest here. */
		if ((val & SPSR_EL1_nRW_MASK) || (m != SPSR_EL1_M_EL0t &&
		    m != SPSR_EL1_M_EL1t && m != SPSR_EL1_M_EL1h))
			return CPU_EINVAL;
		if (on_sp_el0(old) != on_sp_el0(val)) {
			uint64_t cur = rd(cpu, UC_ARM64_REG_SP);

			if (on_sp_el0(old)) {
				wr(cpu, UC_ARM64_REG_SP_EL0, cur);
				wr(cpu, UC_ARM64_REG_SP, rd(cpu, UC_ARM64_REG_SP_EL1));
			} else {
				wr(cpu, UC_ARM64_REG_SP_EL1, cur);
				wr(cpu, UC_ARM64_REG_SP, rd(cpu, UC_ARM64_REG_SP_EL0));
			}
		}
		wr(cpu, UC_ARM64_REG_PSTATE, val);
		hflags_rebuild(cpu);
		break;
	}
	case CPU_REG_SP_EL0:
		ps = rd(cpu, UC_ARM64_REG_PSTATE);
		wr(cpu, on_sp_el0(ps) ? UC_ARM64_REG_SP : UC_ARM64_REG_SP_EL0, val);
		break;
	case CPU_REG_SP_EL1:
		ps = rd(cpu, UC_ARM64_REG_PSTATE);
		wr(cpu, on_sp_el0(ps) ? UC_ARM64_REG_SP_EL1 : UC_ARM64_REG_SP, val);
		break;
	case CPU_REG_ELR_EL1: wr(cpu, UC_ARM64_REG_ELR_EL1, val); break;
	case CPU_REG_SPSR_EL1: return cpu_sysreg_write(cpu, SYS_SPSR_EL1, val);
	case CPU_REG_ESR_EL1: wr(cpu, UC_ARM64_REG_ESR_EL1, val); break;
	case CPU_REG_FAR_EL1: wr(cpu, UC_ARM64_REG_FAR_EL1, val); break;
	case CPU_REG_VBAR_EL1: wr(cpu, UC_ARM64_REG_VBAR_EL1, val); break;
	case CPU_REG_FPSR: wr(cpu, UC_ARM64_REG_FPSR, val); break;
	case CPU_REG_FPCR: wr(cpu, UC_ARM64_REG_FPCR, val); break;
	default: return CPU_EINVAL;
	}
	return CPU_OK;
}

int cpu_vreg_read(struct cpu *cpu, unsigned int n, uint64_t v[2])
{
	if (!cpu || !v || n > 31)
		return CPU_EINVAL;
	return engine_err(cpu, uc_reg_read(cpu->uc, UC_ARM64_REG_Q0 + (int)n, v));
}

int cpu_vreg_write(struct cpu *cpu, unsigned int n, const uint64_t v[2])
{
	uint64_t tmp[2];

	if (!cpu || !v || n > 31)
		return CPU_EINVAL;
	tmp[0] = v[0];
	tmp[1] = v[1];
	return engine_err(cpu, uc_reg_write(cpu->uc, UC_ARM64_REG_Q0 + (int)n, tmp));
}

/* ---- memory ---------------------------------------------------------- */

static const struct ram_map *ram_find(const struct cpu *cpu, uint64_t gpa)
{
	for (unsigned int i = 0; i < cpu->nr_maps; i++) {
		const struct ram_map *m = &cpu->maps[i];

		if (gpa >= m->gpa && gpa - m->gpa < m->size)
			return m;
	}
	return NULL;
}

void *cpu_ram_ptr(const struct cpu *cpu, uint64_t gpa, uint64_t len)
{
	const struct ram_map *m;

	if (!cpu || len == 0)
		return NULL;
	m = ram_find(cpu, gpa);
	if (!m || len > m->size - (gpa - m->gpa))
		return NULL;
	return m->host + (gpa - m->gpa);
}

/*
 * Leaves the access in progress before it completes, as Unicorn itself
 * leaves an unmapped one (cpu_loop_exit from its load helper): the load's
 * register is not written, the store not done, the PC is the instruction's
 * (the memory hook synchronises it before each one; without it, QEMU finds
 * it from where the generated code stands). cpu_run then stops as MMIO at pa.
 */
static void access_leave(struct cpu *cpu, uint64_t pa, bool write)
{
	cpu->hole_hit = true;
	cpu->hole_write = write;
	cpu->hole_pa = pa;
	cpu->stopped = true;
	uc_emu_stop(cpu->uc);
	if (!cpu->mem_hooked) {
		cpu->acc_va = UINT64_MAX;	/* stop_hole decodes it */
		loop_exit_restore(cpu->cs, *(const uintptr_t *)((const char *)cpu->cs +
				  cs_layout.uc_off - CS_MEM_IO_PC_BELOW_UC));
	}
	loop_exit(cpu->cs);
}

static void hole_hit(struct cpu_hole *h, uint64_t off, bool write)
{
	struct cpu *cpu = h->cpu;

	/* Host-side accesses (uc_mem_read/write) find nothing there. */
	if (!cpu->running || cpu->hole_hit || !cpu->cs || !loop_exit)
		return;
	access_leave(cpu, h->base + off, write);
}

/* The access as the hole sees it: what the memory hook gives when present. */
static void hole_note(struct cpu_hole *h, unsigned int size, uint64_t val)
{
	struct cpu *cpu = h->cpu;

	if (!cpu->mem_hooked && !cpu->hole_hit) {
		cpu->acc_size = (int)size;
		cpu->acc_value = val;
	}
}

static uint64_t hole_read(uc_engine *uc, uint64_t off, unsigned size, void *opaque)
{
	(void)uc;
	hole_note(opaque, size, 0);
	hole_hit(opaque, off, false);
	return 0;
}

static void hole_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t val, void *opaque)
{
	(void)uc;
	hole_note(opaque, size, val);
	hole_hit(opaque, off, true);
}

static int hole_map(struct cpu *cpu, struct cpu_hole *h, uint64_t base, uint64_t size)
{
	*h = (struct cpu_hole){ cpu, base, size };
	if (uc_mmio_map(cpu->uc, base, size, hole_read, h, hole_write, h) != UC_ERR_OK)
		return CPU_EENGINE;
	/* Code fetches check the region at the VA too: allow them everywhere. */
	if (uc_mem_protect(cpu->uc, base, size, UC_PROT_ALL) != UC_ERR_OK) {
		uc_mem_unmap(cpu->uc, base, size);
		return CPU_EENGINE;
	}
	return CPU_OK;
}

/*
 * Unicorn 2.0.1 unmaps a region with one TLB page flush per 1 KiB of it
 * (days for a 2^48-byte hole) unless the engine has no CPU yet: hide the
 * CPU from it for the unmap and flush the whole TLB once instead.
 */
static void hole_unmap(struct cpu *cpu, const struct cpu_hole *h)
{
	void *cs = cpu->uc_cpu ? *cpu->uc_cpu : NULL;

	if (!cs || cs != cpu->cs || !tlb_flush_all)
		return;		/* never expected: holes_map needs both */
	*cpu->uc_cpu = NULL;
	uc_mem_unmap(cpu->uc, h->base, h->size);
	*cpu->uc_cpu = cs;
	tlb_flush_all(cs);
}

static void holes_unmap(struct cpu *cpu)
{
	cpu->xlate_gen++;	/* memory maps change: cached code pages too */
	for (unsigned int i = 0; i < cpu->nr_holes; i++)
		hole_unmap(cpu, &cpu->holes[i]);
	cpu->nr_holes = 0;
}

/* The lowest start of RAM or a device at or above addr (HOLE_END if none). */
static uint64_t next_used(const struct cpu *cpu, uint64_t addr, uint64_t *end)
{
	uint64_t best = HOLE_END;

	*end = HOLE_END;
	for (unsigned int i = 0; i < cpu->nr_maps + cpu->nr_mmio; i++) {
		uint64_t b = i < cpu->nr_maps ? cpu->maps[i].gpa : cpu->mmio[i - cpu->nr_maps].gpa;
		uint64_t sz = i < cpu->nr_maps ? cpu->maps[i].size :
			      cpu->mmio[i - cpu->nr_maps].size;

		if (b + sz > addr && b < best) {
			best = b < addr ? addr : b;
			*end = b + sz;
		}
	}
	return best;
}

/*
 * Unicorn 2.0.x checks "is this mapped?" with the virtual address before
 * translating, and an access to a PA with no region behind it silently
 * reads 0 (unicorn-notes.md). So every address the guest may use is a
 * region: RAM and in-CPU devices as they are, the rest of [0, 2^48) as
 * holes whose accesses leave the CPU as MMIO stops (hole_hit), and the
 * TTBR1 half as one region that only passes the check (the access itself
 * goes to the translated PA). The map never changes while the guest runs:
 * no flush or remap inside an access (DC ZVA, code fetch).
 */
static int holes_map(struct cpu *cpu)
{
	uint64_t addr = 0;
	int err = CPU_OK;

	if (!va_alias_needed || !cpu->holes_ready)
		return CPU_OK;
	if (!cpu->cs || !cpu->uc_cpu || !tlb_flush_all)
		return CPU_ESELFTEST;
	if (!cpu->high_mapped) {
		err = hole_map(cpu, &cpu->high, HIGH_BASE, HIGH_SIZE);
		if (err)
			return err;
		cpu->high_mapped = true;
	}
	while (addr < HOLE_END && !err) {
		uint64_t end, used = next_used(cpu, addr, &end);

		if (used > addr) {
			if (cpu->nr_holes == CPU_MAX_HOLES)
				return CPU_ENOMEM;
			err = hole_map(cpu, &cpu->holes[cpu->nr_holes], addr, used - addr);
			if (!err)
				cpu->nr_holes++;
		}
		addr = end;
	}
	return err;
}

static bool mmu_on(struct cpu *cpu);

int cpu_map_ram(struct cpu *cpu, uint64_t gpa, uint64_t size, void *host, bool readonly)
{
	uint32_t prot = UC_PROT_READ | UC_PROT_EXEC | (readonly ? 0 : UC_PROT_WRITE);
	int err;

	if (!cpu || !host || size == 0 || (gpa | size | (uintptr_t)host) & 0xfff ||
	    gpa + size < gpa || gpa + size > HOLE_END)
		return CPU_EINVAL;
	if (cpu->nr_maps == CPU_MAX_MAPS)
		return CPU_ENOMEM;
	for (unsigned int i = 0; i < cpu->nr_maps; i++) {
		const struct ram_map *m = &cpu->maps[i];

		if (gpa < m->gpa + m->size && m->gpa < gpa + size)
			return CPU_EBUSY;
	}
	for (unsigned int i = 0; i < cpu->nr_mmio; i++)
		if (gpa < cpu->mmio[i].gpa + cpu->mmio[i].size && cpu->mmio[i].gpa < gpa + size)
			return CPU_EBUSY;
	holes_unmap(cpu);
	err = engine_err(cpu, uc_mem_map_ptr(cpu->uc, gpa, size, prot, host));
	if (!err) {
		cpu->maps[cpu->nr_maps++] = (struct ram_map){ gpa, size, host, readonly };
		cpu->nr_ro_maps += readonly;
	}
	return holes_map(cpu) ? CPU_EENGINE : err;
}

static uint64_t mmio_read(uc_engine *uc, uint64_t off, unsigned size, void *opaque)
{
	struct cpu_mmio_map *m = opaque;

	(void)uc;
	return m->rd(m->opaque, m->cpu, off, size);
}

static void mmio_write(uc_engine *uc, uint64_t off, unsigned size, uint64_t val, void *opaque)
{
	struct cpu_mmio_map *m = opaque;

	(void)uc;
	m->wr(m->opaque, m->cpu, off, size, val);
}

int cpu_map_mmio(struct cpu *cpu, uint64_t gpa, uint64_t size, cpu_mmio_read_fn read_fn,
		 cpu_mmio_write_fn write_fn, void *opaque)
{
	struct cpu_mmio_map *m;
	int err;

	if (!cpu || !read_fn || !write_fn || size == 0 || (gpa | size) & 0xfff ||
	    gpa + size < gpa || gpa + size > HOLE_END)
		return CPU_EINVAL;
	if (cpu->nr_mmio == CPU_MAX_MMIO)
		return CPU_ENOMEM;
	for (unsigned int i = 0; i < cpu->nr_maps; i++)
		if (gpa < cpu->maps[i].gpa + cpu->maps[i].size && cpu->maps[i].gpa < gpa + size)
			return CPU_EBUSY;
	for (unsigned int i = 0; i < cpu->nr_mmio; i++)
		if (gpa < cpu->mmio[i].gpa + cpu->mmio[i].size && cpu->mmio[i].gpa < gpa + size)
			return CPU_EBUSY;
	holes_unmap(cpu);
	m = &cpu->mmio[cpu->nr_mmio];
	*m = (struct cpu_mmio_map){ cpu, gpa, size, read_fn, write_fn, opaque };
	err = engine_err(cpu, uc_mmio_map(cpu->uc, gpa, size, mmio_read, m, mmio_write, m));
	if (!err)
		cpu->nr_mmio++;
	return holes_map(cpu) ? CPU_EENGINE : err;
}

int cpu_unmap_ram(struct cpu *cpu, uint64_t gpa, uint64_t size)
{
	for (unsigned int i = 0; cpu && i < cpu->nr_maps; i++) {
		if (cpu->maps[i].gpa != gpa || cpu->maps[i].size != size)
			continue;
		holes_unmap(cpu);
		uc_mem_unmap(cpu->uc, gpa, size);
		cpu->nr_ro_maps -= cpu->maps[i].readonly;
		cpu->maps[i] = cpu->maps[--cpu->nr_maps];
		return holes_map(cpu) ? CPU_EENGINE : CPU_OK;
	}
	return cpu ? CPU_ENOENT : CPU_EINVAL;
}

/* ---- hooks ----------------------------------------------------------- */

static void hook_exact(uc_engine *uc, uint64_t addr, uint32_t size, void *opaque);

/* The kept hook for a stop at target in the block at VA blk, or NULL. */
static struct exact_slot *slot_find(struct cpu *cpu, uint64_t target, uint64_t blk,
				    uint64_t pa)
{
	for (unsigned int i = 0; i < CPU_EXACT_SLOTS; i++) {
		struct exact_slot *sl = &cpu->slots[i];

		if (sl->used && sl->target == target && sl->blk == blk && sl->pa == pa)
			return sl;
	}
	return NULL;
}

/* The block's PA (stage 1 as the CPU sees it now), false when it has none. */
static bool block_pa(struct cpu *cpu, uint64_t blk, uint64_t *pa)
{
	struct cpu_walk w;

	if (cpu_translate(cpu, blk, &w) != CPU_OK || w.fault)
		return false;
	*pa = w.pa;
	return true;
}

/*
 * Keeps a hook on target for the block at blk: drops the block's
 * translations (by PA, so every EL and alias), then hooks. The oldest
 * kept hook goes when all slots are used; its translations keep a call
 * that finds no hook (cheap) until they are translated again.
 */
static struct exact_slot *slot_add(struct cpu *cpu, uint64_t target, uint64_t blk,
				   uint64_t size, uint64_t pa)
{
	struct exact_slot *sl = &cpu->slots[cpu->next_slot];

	if (sl->used) {
		uc_hook_del(cpu->uc, sl->h);
		sl->used = false;
	}
	uc_ctl_remove_cache(cpu->uc, blk, blk + size);
	if (uc_hook_add(cpu->uc, &sl->h, UC_HOOK_CODE, (void *)hook_exact, cpu, target,
			target) != UC_ERR_OK)
		return NULL;
	sl->target = target;
	sl->blk = blk;
	sl->pa = pa;
	sl->size = size;
	sl->used = true;
	sl->stale = false;
	sl->idle = 0;
	cpu->next_slot = (cpu->next_slot + 1) % CPU_EXACT_SLOTS;
	return sl;
}

static void stop_now(struct cpu *cpu)
{
	cpu->stopped = true;
	uc_emu_stop(cpu->uc);
}

/*
 * Stops before the block at addr. With any code hook present, Unicorn
 * 2.0.1 leaves the PC where the last hooked instruction set it when a
 * block exits before running (measured): cpu_run writes addr back.
 */
static void stop_before(struct cpu *cpu, uint64_t addr)
{
	cpu->blk_stop = true;
	cpu->blk_stop_pc = addr;
	stop_now(cpu);
}

/*
 * An exact stop inside this block when its translation has a kept hook on
 * the first instruction not to run: arm it and let the block run into it.
 */
static bool exact_fast(struct cpu *cpu, uint64_t addr, uint64_t n)
{
	struct exact_slot *sl;
	uint64_t target, pa;

	if (!cpu->exact || cpu->done >= cpu->budget || cpu->done + n <= cpu->budget)
		return false;
	target = addr + 4 * (cpu->budget - cpu->done);
	if (!block_pa(cpu, addr, &pa) || !(sl = slot_find(cpu, target, addr, pa)))
		return false;
	sl->idle = 0;
	cpu->exact_target = target;
	cpu->exact_armed = true;
	cpu->armed_seen = true;
	return true;
}

static const uint8_t *code_page(struct cpu *cpu, uint64_t page_va);

/* The watched instruction is seen now: clear the watch, then tell the owner. */
static void watch_fire(struct cpu *cpu, enum cpu_watch_when when)
{
	uint64_t index = cpu->watch_index, pc = cpu->watch_pc;
	uint32_t insn = cpu->watch_insn;

	cpu->watch_state = W_IDLE;
	cpu->watch_index = WATCH_NONE;
	cpu->wops->fire(cpu->wopaque, pc, insn, index, when);
}

/*
 * At a block start: if the watched instruction is in this block, ask how
 * to see it. STOP lowers the budget to it (the exact-stop path below).
 */
static void watch_plan(struct cpu *cpu, uint64_t addr, uint64_t n)
{
	uint64_t j = cpu->watch_index - cpu->done, pc = addr + 4 * j;
	const uint8_t *page = code_page(cpu, pc & ~0xfffull);
	uint32_t insn = 0;
	enum cpu_watch_plan plan;

	if (page)
		memcpy(&insn, page + (pc & 0xfff), 4);
	plan = cpu->wops->plan(cpu->wopaque, pc, insn, n - j - 1);
	if (plan == CPU_WATCH_ACCESS && !cpu->mem_hooked) {
		if (j == 0) {
			/* First of its block: the registers are as before it now. */
			cpu->watch_pc = pc;
			cpu->watch_insn = insn;
			watch_fire(cpu, CPU_WATCH_BEFORE);
			if (cpu->watch_stop) {
				cpu->watch_stop = false;
				cpu->stop->reason = CPU_STOP_BUDGET;
				cpu->stop_pending = true;
			}
			return;
		}
		plan = CPU_WATCH_STOP;	/* no memory hook to see its access */
	}
	if (plan == CPU_WATCH_STOP) {
		if (cpu->budget > cpu->watch_index)
			cpu->budget = cpu->watch_index;
		return;
	}
	cpu->watch_state = plan == CPU_WATCH_ACCESS ? W_ACCESS : W_AFTER;
	cpu->watch_pc = pc;
	cpu->watch_insn = insn;
}

/*
 * Is the last instruction of the n-instruction block at addr an ERET (or
 * ERETAA/AB)? Remembered per block until the translation regime or the
 * code may have changed (xlate_gen: TLBI, IC, SCTLR/TCR/TTBR writes...).
 */
static bool block_ends_in_eret(struct cpu *cpu, uint64_t addr, uint64_t n)
{
	unsigned int slot = (unsigned int)(addr >> 2) & (CPU_ERET_CACHE - 1);
	uint64_t last = addr + 4 * (n ? n - 1 : 0);
	const uint8_t *page;
	uint32_t insn;
	bool eret = true;	/* unreadable: look at PSTATE after it */

	if (!cpu->eret_cache) {
		page = code_page(cpu, last & ~0xfffull);
		if (page) {
			memcpy(&insn, page + (last & 0xfff), 4);
			eret = (insn & 0xfffffbffu) == 0xd69f03e0u ||
			       (insn & 0xfffffbffu) == 0xd69f0bffu;
		}
		return eret;
	}
	if (cpu->eret_cache[slot].addr == addr && cpu->eret_cache[slot].n == n &&
	    cpu->eret_cache[slot].gen == cpu->xlate_gen)
		return cpu->eret_cache[slot].eret;
	page = code_page(cpu, last & ~0xfffull);
	if (page) {
		memcpy(&insn, page + (last & 0xfff), 4);
		eret = (insn & 0xfffffbffu) == 0xd69f03e0u || (insn & 0xfffffbffu) == 0xd69f0bffu;
	}
	cpu->eret_cache[slot].addr = addr;
	cpu->eret_cache[slot].n = n;
	cpu->eret_cache[slot].gen = cpu->xlate_gen;
	cpu->eret_cache[slot].eret = eret;
	return eret;
}

/*
 * The physical page of a RAM access, through a small VA -> PA cache that
 * lives as long as the translation regime (xlate_gen: TLBI, SCTLR/TCR/TTBR
 * writes, context restores), as a TLB would; a miss walks the guest's
 * tables. A VA that does not translate is not reported: the CPU model
 * takes its own abort.
 */
static void __attribute__((noinline)) access_report_slow(struct cpu *cpu, uint64_t va,
							  enum cpu_access_kind k)
{
	unsigned int i = (unsigned int)(va >> 12) & (CPU_ACCESS_TLB - 1);
	uint64_t pa;

	if (cpu->access_tlb[i].gen == cpu->xlate_gen + 1 && cpu->access_tlb[i].va == va >> 12) {
		pa = cpu->access_tlb[i].pa;
	} else {
		struct cpu_walk w;

		if (cpu_translate(cpu, va, &w) || w.fault)
			return;
		pa = w.pa >> 12;
		cpu->access_tlb[i].va = va >> 12;
		cpu->access_tlb[i].pa = pa;
		cpu->access_tlb[i].gen = cpu->xlate_gen + 1;
	}
	cpu->access_fn(cpu->access_opaque, cpu, pa << 12 | (va & 0xfff), k);
	cpu->access_last[k].va = va >> 12;
	cpu->access_last[k].xgen = cpu->xlate_gen + 1;
	cpu->access_last[k].sgen = *cpu->access_gen;
}

/* The same page as last time, with the same translations: a TLB hit, nothing to report. */
static inline void access_report(struct cpu *cpu, uint64_t va, enum cpu_access_kind k)
{
	if (cpu->access_last[k].va != va >> 12 || cpu->access_last[k].xgen != cpu->xlate_gen + 1 ||
	    cpu->access_last[k].sgen != *cpu->access_gen)
		access_report_slow(cpu, va, k);
}

static void ic_flush_pending(struct cpu *cpu);

static __attribute__((noinline)) void hook_block_slow(struct cpu *cpu, uint64_t addr,
						      uint32_t size)
{
	uc_engine *uc = cpu->uc;
	uint64_t n = size / 4;

	uint64_t prev_start = cpu->blk_start, prev_done = cpu->done;

	(void)uc;
	if (cpu->ic_pending && addr != cpu->ic_block)
		ic_flush_pending(cpu);
	cpu->done += cpu->blk_n;
	cpu->blk_n = 0;
	cpu->blk_start = addr;
	cpu->nr_blk_hooks = 0;
	/*
	 * The previous block completed: a watched instruction in it is done
	 * (one set after that block started was never planned: its address
	 * comes from the block). One planned but not reached (the block was
	 * left early) is planned again where it now starts. WATCH_NONE is
	 * never below done.
	 */
	if (cpu->watch_index < cpu->done && !cpu->stopped) {
		if (cpu->watch_state == W_IDLE && cpu->watch_index >= prev_done) {
			const uint8_t *page;

			cpu->watch_pc = prev_start + 4 * (cpu->watch_index - prev_done);
			page = code_page(cpu, cpu->watch_pc & ~0xfffull);
			if (page)
				memcpy(&cpu->watch_insn, page + (cpu->watch_pc & 0xfff), 4);
		}
		watch_fire(cpu, CPU_WATCH_DONE);
		if (cpu->watch_stop) {
			/* Its record raised PMBIRQ: stop right after it. */
			cpu->watch_stop = false;
			cpu->stop->reason = CPU_STOP_BUDGET;
			stop_before(cpu, addr);
			return;
		}
	}
	cpu->watch_state = W_IDLE;
	if (cpu->exact_armed && cpu->armed_seen && !cpu->stopped) {
		/* A kept hook did not fire inside its block: never expected. */
		cpu->exact_armed = false;
		cpu->stop->reason = CPU_STOP_ERROR;
		snprintf(cpu->stop->message, sizeof(cpu->stop->message),
			 "exact stop at 0x%llx missed", (unsigned long long)cpu->exact_target);
		stop_before(cpu, addr);
		return;
	}
	if (cpu->stop_pending) {
		/* Writing the PC in a sysreg hook restarts here: stop now. */
		cpu->stop_pending = false;
		stop_before(cpu, addr);
		return;
	}
	if (cpu->stopped)
		return;
	cpu->armed_seen = cpu->exact_armed;
	/* Unsigned: false for WATCH_NONE and for an index before this block. */
	if (cpu->watch_index - cpu->done < n)
		watch_plan(cpu, addr, n);
	if (cpu->done + n > cpu->budget && (cpu->done > 0 || cpu->exact) &&
	    !exact_fast(cpu, addr, n)) {
		/*
		 * Exact mode: run the first budget - done instructions of it next.
		 * Also for none of them (done == budget): a stop from this hook
		 * alone can let Unicorn run part of the block (a load or store and
		 * what follows), with the PC read back at that load or store.
		 */
		if (cpu->exact && cpu->done <= cpu->budget) {
			cpu->exact_addr = addr;
			cpu->exact_size = size;
			cpu->exact_k = cpu->budget - cpu->done;
			cpu->exact_set = true;
		}
		cpu->stop->reason = CPU_STOP_BUDGET;
		stop_before(cpu, addr);
		return;
	}
	if (cpu->watch_el >= 0) {
		/*
		 * Inside a run the EL changes only by ERET, which ends its block
		 * (exceptions stop the CPU): PSTATE is read after such a block
		 * only, not at every block (a register read costs ~20 ns).
		 */
		bool check = cpu->after_eret;

		cpu->after_eret = block_ends_in_eret(cpu, addr, n);
		if (check && (int)(SPSR_EL1_M_GET(rd(cpu, UC_ARM64_REG_PSTATE)) >> 2) !=
			     cpu->watch_el) {
			cpu->stop->reason = CPU_STOP_EL_CHANGE;
			stop_before(cpu, addr);
			return;
		}
	}
	if (cpu->watch_irq && !(rd(cpu, UC_ARM64_REG_PSTATE) & SPSR_EL1_I_MASK)) {
		cpu->stop->reason = CPU_STOP_IRQ_WINDOW;
		stop_before(cpu, addr);
		return;
	}
	cpu->blk_n = n;
	if (cpu->access_fn) {
		access_report(cpu, addr, CPU_ACCESS_FETCH);
		if ((addr ^ (addr + size - 1)) >> 12)
			access_report(cpu, addr + size - 1, CPU_ACCESS_FETCH);
	}
}

/*
 * Runs before every translated block: most of the time nothing is watched,
 * armed, pending or due in it, and only the counts move. That case stays
 * small (this runs tens of millions of times a second); the rest is
 * hook_block_slow.
 */
static void hook_block(uc_engine *uc, uint64_t addr, uint32_t size, void *opaque)
{
	struct cpu *cpu = opaque;
	uint64_t n = size / 4, done = cpu->done + cpu->blk_n;

	(void)uc;
	if (!cpu->ic_pending && !cpu->exact_armed && !cpu->stop_pending && !cpu->stopped &&
	    cpu->watch_el < 0 && !cpu->watch_irq && !cpu->access_fn &&
	    done + n <= cpu->budget && cpu->watch_index >= done + n) {
		cpu->done = done;
		cpu->blk_start = addr;
		cpu->blk_n = n;
		cpu->nr_blk_hooks = 0;
		cpu->watch_state = W_IDLE;
		cpu->armed_seen = false;
		return;
	}
	hook_block_slow(cpu, addr, size);
}

/*
 * Present so that Unicorn keeps the PC exact at every load and store
 * (without any memory hook, an unmapped access reports the block's start),
 * to keep the access for hole_hit, which only sees a PA offset, and to
 * report RAM accesses before they happen (Unicorn 2.0.1 calls it before
 * the load or store, with the VA).
 */
/*
 * A store through a VA whose region Unicorn finds writable (a hole, or RAM
 * elsewhere) to a PA in a read-only slot: QEMU drops it silently (the TLB
 * entry is discard-write). It leaves as an MMIO write at that PA, as KVM
 * exits for a write to a read-only memslot; the memory hook runs before
 * the store with the PC exact, so the store is not done.
 */
static void ro_write_check(struct cpu *cpu, uint64_t va)
{
	struct cpu_walk w;
	const struct ram_map *m;

	if (cpu->stopped || cpu->hole_hit || !cpu->cs || !loop_exit || !mmu_on(cpu) ||
	    cpu_translate(cpu, va, &w) != CPU_OK || w.fault ||
	    !(m = ram_find(cpu, w.pa)) || !m->readonly)
		return;
	access_leave(cpu, w.pa, true);
}

static void hook_mem(uc_engine *uc, uc_mem_type type, uint64_t addr, int size,
		     int64_t value, void *opaque)
{
	struct cpu *cpu = opaque;
	enum cpu_access_kind k = type == UC_MEM_WRITE ? CPU_ACCESS_WRITE : CPU_ACCESS_READ;

	(void)uc;
	cpu->acc_va = addr;
	cpu->acc_size = size;
	cpu->acc_value = (uint64_t)value;
	/* The watched load/store's first access: registers as before it, PC exact. */
	if (cpu->watch_state == W_ACCESS && !cpu->stopped &&
	    rd(cpu, UC_ARM64_REG_PC) == cpu->watch_pc) {
		watch_fire(cpu, CPU_WATCH_BEFORE);
		if (cpu->watch_stop) {
			cpu->watch_stop = false;
			cpu->stop->reason = CPU_STOP_BUDGET;
			cpu->stop_pending = true;
		}
	}
	if (type == UC_MEM_WRITE && cpu->nr_ro_maps && va_alias_needed)
		ro_write_check(cpu, addr);
	if (!cpu->access_fn)
		return;
	access_report(cpu, addr, k);
	if (size > 1 && ((addr ^ (addr + (uint64_t)size - 1)) >> 12))
		access_report(cpu, addr + (uint64_t)size - 1, k);
}

static bool hook_bad_mem(uc_engine *uc, uc_mem_type type, uint64_t addr, int size,
			 int64_t value, void *opaque)
{
	struct cpu *cpu = opaque;

	(void)uc;
	if (type == UC_MEM_WRITE_PROT && va_alias_needed && mmu_on(cpu)) {
		/*
		 * Unicorn 2.0.x took the permissions of the region at the VA (a
		 * read-only slot's PA): the write goes on unless its real PA is
		 * read-only too.
		 */
		struct cpu_walk w;
		const struct ram_map *m;

		if (cpu_translate(cpu, addr, &w) == CPU_OK && !w.fault &&
		    (!(m = ram_find(cpu, w.pa)) || !m->readonly))
			return true;
	}
	cpu->mem_type = type;
	cpu->mem_addr = addr;
	cpu->mem_size = size;
	cpu->mem_value = (uint64_t)value;
	cpu->stopped = true;
	return false;
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *opaque)
{
	struct cpu *cpu = opaque;

	(void)uc;
	cpu->intno = (int)intno;
	stop_now(cpu);
}

static uint64_t sysreg_insn_pc(struct cpu *cpu, uint32_t encoding);

/* The trapped instruction's address, found once per hook call. */
static uint64_t hook_pc(struct cpu *cpu)
{
	if (!cpu->hook_pc_known) {
		cpu->hook_pc = sysreg_insn_pc(cpu, cpu->hook_encoding);
		cpu->hook_pc_known = true;
	}
	return cpu->hook_pc;
}

uint64_t cpu_now(struct cpu *cpu)
{
	uint64_t pc;

	if (!cpu->running)
		return 0;
	pc = cpu->in_hook ? hook_pc(cpu) : rd(cpu, UC_ARM64_REG_PC);
	if (pc >= cpu->blk_start && pc - cpu->blk_start < cpu->blk_n * 4)
		return cpu->done + (pc - cpu->blk_start) / 4;
	return cpu->done + cpu->blk_n;
}

void cpu_set_budget(struct cpu *cpu, uint64_t budget)
{
	cpu->budget = budget;
}

void cpu_set_exact(struct cpu *cpu, bool exact)
{
	cpu->exact = exact;
}

/* One-address code hook of an exact stop: stops before that instruction. */
static void hook_exact(uc_engine *uc, uint64_t addr, uint32_t size, void *opaque)
{
	struct cpu *cpu = opaque;

	(void)uc; (void)size;
	if (cpu->exact_armed && addr == cpu->exact_target && !cpu->stopped) {
		cpu->exact_armed = false;
		cpu->stop->reason = CPU_STOP_BUDGET;
		stop_now(cpu);
		return;
	}
	/*
	 * Not stopping here: the hook only costs (~8 ns a run). One that keeps
	 * running idle (a hot loop whose stop points moved on) ends an exact
	 * run at the next block so it can be dropped: a block-boundary stop
	 * costs less than the rest of a slice with it (the caller runs on).
	 */
	for (unsigned int i = 0; i < CPU_EXACT_SLOTS; i++) {
		struct exact_slot *sl = &cpu->slots[i];

		if (sl->used && sl->target == addr && ++sl->idle > CPU_EXACT_IDLE && !sl->stale) {
			sl->stale = true;
			if (cpu->exact && !cpu->stopped && !cpu->stop_pending) {
				cpu->stop->reason = CPU_STOP_BUDGET;
				cpu->stop_pending = true;
			}
		}
	}
}

/* Drops kept hooks that ran idle (outside emulation: their code is retranslated plain). */
static void slots_drop_stale(struct cpu *cpu)
{
	for (unsigned int i = 0; i < CPU_EXACT_SLOTS; i++) {
		struct exact_slot *sl = &cpu->slots[i];

		if (!sl->used || !sl->stale)
			continue;
		uc_hook_del(cpu->uc, sl->h);
		uc_ctl_remove_cache(cpu->uc, sl->blk, sl->blk + sl->size);
		sl->used = sl->stale = false;
	}
}

void cpu_watch_irq_unmask(struct cpu *cpu, bool on)
{
	cpu->watch_irq = on;
}

void cpu_watch_el(struct cpu *cpu, int el)
{
	cpu->watch_el = el;
}

void cpu_want_mem_hooks(struct cpu *cpu)
{
	cpu->mem_hooks_wanted = true;
}

void cpu_set_watch_ops(struct cpu *cpu, const struct cpu_watch_ops *ops, void *opaque)
{
	cpu->wops = ops;
	cpu->wopaque = opaque;
}

void cpu_watch_at(struct cpu *cpu, uint64_t index)
{
	cpu->watch_index = cpu->wops ? index : WATCH_NONE;
	cpu->watch_state = W_IDLE;
	cpu->watch_pc = 0;
	cpu->watch_insn = 0;
}

bool cpu_watch_pending(const struct cpu *cpu, uint64_t *index, uint64_t *pc, uint32_t *insn)
{
	if (cpu->watch_index == WATCH_NONE)
		return false;
	*index = cpu->watch_index;
	*pc = cpu->watch_pc;
	*insn = cpu->watch_insn;
	return true;
}

void cpu_request_stop(struct cpu *cpu)
{
	cpu->watch_stop = true;
}

uint64_t cpu_xlate_gen(const struct cpu *cpu)
{
	return cpu->xlate_gen;
}

static unsigned int xreg_index(uc_arm64_reg reg)
{
	if (reg >= UC_ARM64_REG_X0 && reg <= UC_ARM64_REG_X28)
		return (unsigned int)(reg - UC_ARM64_REG_X0);
	if (reg == UC_ARM64_REG_X29)
		return 29;
	if (reg == UC_ARM64_REG_X30)
		return 30;
	return 31;
}

/*
 * Unicorn's PC inside an MRS/MSR hook is only synchronised at block
 * starts: find the trapped instruction itself, the first in this block
 * with exactly its encoding (an earlier identical one would have ended
 * the block: a register's row does not change within a block).
 */
static const uint8_t *code_page(struct cpu *cpu, uint64_t page_va)
{
	unsigned int slot = (unsigned int)(page_va >> 12) & 15;
	struct cpu_walk w;
	const uint8_t *host = NULL;

	if (cpu->code_pages[slot].host && cpu->code_pages[slot].va == page_va &&
	    cpu->code_pages[slot].gen == cpu->xlate_gen)
		return cpu->code_pages[slot].host;
	if (cpu_translate(cpu, page_va, &w) == CPU_OK && !w.fault)
		host = cpu_ram_ptr(cpu, w.pa, 4096);
	cpu->code_pages[slot].va = page_va;
	cpu->code_pages[slot].gen = cpu->xlate_gen;
	cpu->code_pages[slot].host = host;
	return host;
}

static uint64_t sysreg_insn_pc(struct cpu *cpu, uint32_t encoding)
{
	uint64_t pc = rd(cpu, UC_ARM64_REG_PC), va = cpu->blk_start;
	uint64_t end = cpu->blk_start + 4 * cpu->blk_n;
	const uint8_t *page = NULL;
	uint64_t page_va = 1;
	unsigned int skip = 0;

	/*
	 * Hooks fire in program order: identical accesses this block already
	 * hooked (skipped in place) come first.
	 */
	if (cpu->nr_blk_hooks > sizeof(cpu->blk_hooks) / sizeof(cpu->blk_hooks[0]))
		return pc;
	for (unsigned int i = 0; i + 1 < cpu->nr_blk_hooks; i++)
		skip += cpu->blk_hooks[i] == encoding;
	for (; va < end; va += 4) {
		uint32_t insn;

		if ((va & ~0xfffull) != page_va) {
			page_va = va & ~0xfffull;
			page = code_page(cpu, page_va);
			if (!page)
				break;
		}
		memcpy(&insn, page + (va & 0xfff), 4);
		if (insn == encoding && skip-- == 0)
			return va;
	}
	return pc;
}

/*
 * Does the CPU model (QEMU) implement this register? Unicorn treats the two
 * kinds differently when a hook returns 1: for a known register it skips
 * the instruction and the block goes on (a PC write only lands at the end
 * of the block); for an unknown one it would loop, so the hook moves the PC.
 */
static bool sysreg_known(struct cpu *cpu, const uc_arm64_cp_reg *cp, uint32_t key)
{
	unsigned int shift = (key & 3) * 2;
	uint8_t *k = &cpu->known[key >> 2];

	if (!(*k >> shift & 1)) {
		uc_arm64_cp_reg probe = *cp;
		bool known = sysreg_unreadable(key) ||
			     uc_reg_read(cpu->uc, UC_ARM64_REG_CP_REG, &probe) == UC_ERR_OK;

		*k |= (uint8_t)((1u | (known ? 2u : 0u)) << shift);
	}
	return *k >> shift & 2;
}

static void ic_local(struct cpu *cpu, const uc_arm64_cp_reg *cp, uint64_t val);

static uint32_t hook_sysreg(struct cpu *cpu, uc_arm64_reg reg, const uc_arm64_cp_reg *cp,
			    bool is_write)
{
	struct cpu_sysreg_access acc = {
		.key = ARCH_SYSREG(cp->op0, cp->op1, cp->crn, cp->crm, cp->op2),
		.is_write = is_write,
		.rt = xreg_index(reg),
	};
	/* MRS/MSR/SYS/SYSL (C5.2, C6.2.2xx): 1101 0101 00 L op0 op1 CRn CRm op2 Rt */
	uint32_t encoding = 0xd5000000u | (is_write ? 0 : 1u << 21) | cp->op0 << 19 |
			    cp->op1 << 16 | cp->crn << 12 | cp->crm << 8 | cp->op2 << 5 |
			    acc.rt;
	enum cpu_sysreg_result res;
	uint64_t pc;

	if (is_write && cp->op0 == 1 && cp->crn == 7)
		ic_local(cpu, cp, acc.rt == 31 ? 0 : rd(cpu, uc_xreg(acc.rt)));
	if (!cpu->sysreg_fn || cp->op0 == 0)
		return 0;
	if (is_write && (acc.key == SYS_SCTLR_EL1 || acc.key == SYS_TCR_EL1 ||
			 acc.key == SYS_TTBR0_EL1 || acc.key == SYS_TTBR1_EL1 ||
			 (cp->op0 == 1 && cp->crn == 8) ||
			 (cp->op0 == 1 && cp->crn == 7 && (cp->crm == 1 || cp->crm == 5))))
		cpu->xlate_gen++;	/* the translation regime or (IC) the code may change */
	if (is_write)
		acc.val = acc.rt == 31 ? 0 : rd(cpu, uc_xreg(acc.rt));
	cpu->hook_encoding = encoding;
	cpu->hook_pc_known = false;
	if (cpu->nr_blk_hooks < sizeof(cpu->blk_hooks) / sizeof(cpu->blk_hooks[0]))
		cpu->blk_hooks[cpu->nr_blk_hooks] = encoding;
	cpu->nr_blk_hooks++;
	if (cpu->watch_state != W_IDLE && !cpu->stopped && hook_pc(cpu) >= cpu->watch_pc) {
		/*
		 * The watched instruction is this one (state as before it) or
		 * completed earlier in the block: seen before the handler may
		 * change what describes it (CONTEXTIDR_EL1, the unit).
		 */
		watch_fire(cpu, hook_pc(cpu) == cpu->watch_pc ? CPU_WATCH_BEFORE : CPU_WATCH_DONE);
		if (cpu->watch_stop) {
			cpu->watch_stop = false;
			if (cpu->budget > cpu_now(cpu) + 1)
				cpu->budget = cpu_now(cpu) + 1;
		}
	}
	cpu->in_hook = true;
	res = cpu->sysreg_fn(cpu->sysreg_opaque, cpu, &acc);
	cpu->in_hook = false;
	if (res == CPU_SYSREG_NATIVE)
		return 0;
	if (cp->op0 != 1 && sysreg_known(cpu, cp, acc.key)) {
		switch (res) {
		case CPU_SYSREG_DONE:
			if (!is_write && acc.rt != 31)
				wr(cpu, uc_xreg(acc.rt), acc.val);
			return 1;	/* skipped; the block goes on */
		case CPU_SYSREG_UNDEF:
			/*
			 * QEMU's own access checks are architectural: its UNDEF
			 * (an exception with an exact PC) is ours.
			 */
			return 0;
		default:
			cpu->stop->reason = CPU_STOP_ERROR;
			snprintf(cpu->stop->message, sizeof(cpu->stop->message),
				 "deferred access to CPU-model register 0x%x", acc.key);
			cpu->stopped = cpu->stop_pending = true;
			return 1;
		}
	}
	pc = hook_pc(cpu);
	/*
	 * A PC write in this hook makes Unicorn abandon the block and restart
	 * at the new PC (uc_emu_stop alone would be forgotten): account for the
	 * instructions of this block that completed, and stop, if we must, at
	 * the block the restart begins.
	 */
	if (pc >= cpu->blk_start && pc - cpu->blk_start < cpu->blk_n * 4)
		cpu->done += (pc - cpu->blk_start) / 4;
	cpu->blk_n = 0;
	cpu->blk_start = pc;
	if (res == CPU_SYSREG_DONE) {
		if (!is_write && acc.rt != 31)
			wr(cpu, uc_xreg(acc.rt), acc.val);
		/* Skip it ourselves: Unicorn loops on registers QEMU lacks. */
		cpu->done += 1;
		cpu->blk_start = pc + 4;
		if (cpu->done >= cpu->budget && !cpu->stopped) {
			cpu->stop->reason = CPU_STOP_BUDGET;
			cpu->stopped = cpu->stop_pending = true;
		}
		wr(cpu, UC_ARM64_REG_PC, pc + 4);
		return 1;
	}
	cpu->stop->reason = res == CPU_SYSREG_UNDEF ? CPU_STOP_UNDEF : CPU_STOP_SYSREG;
	cpu->stop->sysreg = acc;
	cpu->stopped = cpu->stop_pending = true;
	wr(cpu, UC_ARM64_REG_PC, pc);
	return 1;
}

static uint32_t hook_mrs(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *o)
{
	(void)uc;
	return hook_sysreg(o, reg, cp, false);
}

static uint32_t hook_msr(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *o)
{
	(void)uc;
	return hook_sysreg(o, reg, cp, true);
}

/* ---- engine ---------------------------------------------------------- */

static int engine_open(struct cpu *cpu)
{
	uc_err e = uc_open(UC_ARCH_ARM64, UC_MODE_ARM, &cpu->uc);

	if (e != UC_ERR_OK)
		return engine_err(cpu, e);
	/* Cortex-A72: ARMv8.0, no SVE/PAuth/MTE to hide or slow us down. */
	e = uc_ctl_set_cpu_model(cpu->uc, UC_CPU_ARM64_A72);
	if (e != UC_ERR_OK)
		return engine_err(cpu, e);
	/*
	 * An empty exit set instead of uc_emu_start's "until": runs end only by
	 * our stops anyway, and Unicorn drops the translation at "until" after
	 * every run (a TLB fill, often a fault, and an invalidation each time).
	 */
	e = uc_ctl_exits_enable(cpu->uc);
	if (e != UC_ERR_OK)
		return engine_err(cpu, e);
	return CPU_OK;
}

static int engine_setup(struct cpu *cpu)
{
	uc_engine *uc = cpu->uc;
	uint64_t v;
	uc_err e = UC_ERR_OK;

	/*
	 * EL3 and EL2 must say "AArch64 below" (SCR_EL3.RW, HCR_EL2.RW), or
	 * QEMU walks EL1's tables in the AArch32 format (unicorn-notes.md).
	 */
	if (cpu_sysreg_read(cpu, ARCH_SYSREG(3, 6, 1, 1, 0), &v) == CPU_OK)
		cpu_sysreg_write(cpu, ARCH_SYSREG(3, 6, 1, 1, 0), v | (1ull << 10));
	if (cpu_sysreg_read(cpu, ARCH_SYSREG(3, 4, 1, 1, 0), &v) == CPU_OK)
		cpu_sysreg_write(cpu, ARCH_SYSREG(3, 4, 1, 1, 0), v | (1ull << 31));

	cpu->icache_line = 64;
	if (cpu_sysreg_read(cpu, SYS_CTR_EL0, &v) == CPU_OK)
		cpu->icache_line = 4ull << CTR_EL0_IminLine_GET(v);
	e |= uc_hook_add(uc, &cpu->h_block, UC_HOOK_BLOCK, (void *)hook_block, cpu, 1, 0);
	e |= uc_hook_add(uc, &cpu->h_unmapped, UC_HOOK_MEM_UNMAPPED, (void *)hook_bad_mem,
			 cpu, 1, 0);
	e |= uc_hook_add(uc, &cpu->h_prot, UC_HOOK_MEM_WRITE_PROT, (void *)hook_bad_mem,
			 cpu, 1, 0);
	e |= uc_hook_add(uc, &cpu->h_intr, UC_HOOK_INTR, (void *)hook_intr, cpu, 1, 0);
	e |= uc_hook_add(uc, &cpu->h_mrs, UC_HOOK_INSN, (void *)hook_mrs, cpu, 1, 0,
			 UC_ARM64_INS_MRS);
	e |= uc_hook_add(uc, &cpu->h_msr, UC_HOOK_INSN, (void *)hook_msr, cpu, 1, 0,
			 UC_ARM64_INS_MSR);
	e |= uc_hook_add(uc, &cpu->h_sys, UC_HOOK_INSN, (void *)hook_msr, cpu, 1, 0,
			 UC_ARM64_INS_SYS);
	e |= uc_hook_add(uc, &cpu->h_sysl, UC_HOOK_INSN, (void *)hook_mrs, cpu, 1, 0,
			 UC_ARM64_INS_SYSL);
	if (e != UC_ERR_OK)
		return CPU_EENGINE;
	return CPU_OK;
}

/*
 * Finds QEMU's CPUARMState of this engine (for arm_rebuild_hflags): write
 * marker values to X0..X3 and PC, then look for them, laid out as
 * CPUARMState does (uint32 regs[16]; uint64 xregs[32]; uint64 pc), in the
 * process's anonymous read-write memory.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define NO_ASAN __attribute__((no_sanitize_address))
#endif
#endif
#if !defined(NO_ASAN) && defined(__SANITIZE_ADDRESS__)
#define NO_ASAN __attribute__((no_sanitize_address))
#endif
#ifndef NO_ASAN
#define NO_ASAN
#endif

/* Reads raw process memory: not instrumented (ASan's shadow is unreadable). */
NO_ASAN static void *env_find(struct cpu *cpu)
{
	uint64_t mark[4], pc = 0x4000000000ull + ((uint64_t)(cpu->index + 1) << 12);
	char line[512];
	void *found = NULL;
	FILE *maps;

	for (unsigned int i = 0; i < 4; i++) {
		mark[i] = 0x5a5e1f0000000000ull ^ ((uintptr_t)cpu * 131u) ^ (i * 0x10001ull);
		wr(cpu, uc_xreg(i), mark[i]);
	}
	wr(cpu, UC_ARM64_REG_PC, pc);
	maps = fopen("/proc/self/maps", "r");
	if (!maps)
		return NULL;
	while (!found && fgets(line, sizeof(line), maps)) {
		unsigned long lo, hi;
		char perms[8] = "";
		int path = 0;

		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &lo, &hi, perms, &path) < 3)
			continue;
		if (perms[0] != 'r' || perms[1] != 'w' || hi - lo > (512ul << 20))
			continue;
		if (path && line[path] != '\n' && line[path] != '\0' &&
		    strncmp(line + path, "[heap]", 6) != 0)
			continue;
		for (uint64_t *p = (uint64_t *)lo; (uintptr_t)(p + 40) <= hi; p++) {
			if (p[0] != mark[0] || p[1] != mark[1] || p[2] != mark[2] ||
			    p[3] != mark[3] || p[32] != pc)
				continue;
			found = (uint8_t *)p - 16 * sizeof(uint32_t);
			break;
		}
	}
	fclose(maps);
	return found;
}

/* The readable mapping [*lo, *hi) holding p (/proc/self/maps). */
static bool mapping_of(uintptr_t p, uintptr_t *lo, uintptr_t *hi)
{
	char line[512];
	bool found = false;
	FILE *maps = fopen("/proc/self/maps", "r");

	if (!maps)
		return false;
	while (!found && fgets(line, sizeof(line), maps)) {
		unsigned long a, b;
		char perms[8] = "";

		if (sscanf(line, "%lx-%lx %7s", &a, &b, perms) == 3 && p >= a && p < b &&
		    perms[0] == 'r') {
			*lo = a;
			*hi = b;
			found = true;
		}
	}
	fclose(maps);
	return found;
}

/*
 * Finds QEMU's CPUState of this engine (to leave a hole's access with
 * cpu_loop_exit): the engine's uc_struct points to it, it lies just below
 * CPUARMState in the same object (ArchCPU) and holds pointers to both the
 * CPUARMState (env_ptr) and, past its 4096-entry TB jump cache, the
 * uc_struct (QEMU 5's include/hw/core/cpu.h as Unicorn 2.0.x has it).
 */
NO_ASAN static void *cs_find(struct cpu *cpu)
{
	const uintptr_t *u = (const uintptr_t *)(void *)cpu->uc;
	uintptr_t env = (uintptr_t)cpu->env, ulo, uhi, elo, ehi, best = UINTPTR_MAX;
	struct cs_layout sig = { 0 };
	void *found = NULL;

	if (!env || !mapping_of((uintptr_t)u, &ulo, &uhi) || !mapping_of(env, &elo, &ehi))
		return NULL;
	if (cs_known) {
		/* The layout the self-test agreed on, checked word by word. */
		uintptr_t w = cs_layout.word < 4096 && (uintptr_t)(u + cs_layout.word + 1) <= uhi ?
			      u[cs_layout.word] : 0;

		if (!w || w >= env || env - w != cs_layout.env_off || w < elo ||
		    *(const uintptr_t *)(w + cs_layout.env_ptr_off) != env ||
		    *(const uintptr_t *)(w + cs_layout.uc_off) != (uintptr_t)u)
			return NULL;
		cpu->uc_cpu = (void **)(uintptr_t)(u + cs_layout.word);
		return (void *)w;
	}
	for (size_t i = 0; i < 4096 && (uintptr_t)(u + i + 1) <= uhi; i++) {
		uintptr_t w = u[i], at_env = 0, at_uc = 0;

		if (w >= env || env - w > (256u << 10) || w < elo || (w & 7))
			continue;
		/*
		 * CPUState (QEMU 5, include/hw/core/cpu.h): env_ptr in its first
		 * 4 KiB, followed by icount_decr_ptr, which points into ArchCPU's
		 * CPUNegativeOffsetState just below CPUARMState; then the 32 KiB
		 * TB jump cache (4096 pointers); then uc (at env_ptr + 0x8080 in
		 * 2.0.1). Our own struct cpu also holds env and uc: it fails the
		 * icount_decr_ptr and uc-position checks.
		 */
		for (const uintptr_t *q = (const uintptr_t *)w;
		     (uintptr_t)(q + 2) <= env && (uintptr_t)q < w + 4096; q++) {
			if (q[0] == env) {
				at_env = (uintptr_t)q;
				break;
			}
		}
		if (!at_env || ((const uintptr_t *)at_env)[1] >= env ||
		    ((const uintptr_t *)at_env)[1] < env - 8192)
			continue;
		for (const uintptr_t *q = (const uintptr_t *)at_env + 2;
		     (uintptr_t)(q + 1) <= env && (uintptr_t)q < at_env + 4608 * sizeof(void *); q++) {
			if (*q == (uintptr_t)u) {
				at_uc = (uintptr_t)q;
				break;
			}
		}
		/*
		 * Other uc_struct words may point a little below the CPUState
		 * (measured: 0x710 bytes) and pass the same checks: the CPUState
		 * is the candidate whose env_ptr is nearest its start.
		 */
		if (at_uc > at_env + 4096 * sizeof(void *) && at_env - w < best) {
			best = at_env - w;
			found = (void *)w;
			cpu->uc_cpu = (void **)(uintptr_t)(u + i);
			sig = (struct cs_layout){ i, env - w, at_env - w, at_uc - w };
		}
	}
	/*
	 * The layout is the library's: the self-test has two engines agree
	 * on it, and later engines are checked against it (above), so a
	 * wrong pick fails cpu_create instead of crashing at the guest's
	 * first device access.
	 */
	if (found)
		cs_layout = sig;
	return found;
}

int cpu_selftest(struct cpu_selftest *result);

int cpu_create(unsigned int index, struct cpu **out)
{
	struct cpu *cpu;
	int err;

	if (!out)
		return CPU_EINVAL;
	*out = NULL;
	if (selftest_state == 0) {
		struct cpu_selftest st;

		err = cpu_selftest(&st);
		if (err)
			return err;
	}
	if (selftest_state < 0)
		return CPU_ESELFTEST;
	cpu = calloc(1, sizeof(*cpu));
	if (!cpu)
		return CPU_ENOMEM;
	cpu->index = index;
	cpu->watch_el = -1;
	cpu->watch_index = WATCH_NONE;
	cpu->eret_cache = calloc(CPU_ERET_CACHE, sizeof(*cpu->eret_cache));
	err = cpu->eret_cache ? engine_open(cpu) : CPU_ENOMEM;
	if (!err)
		err = engine_setup(cpu);
	if (!err && (selftest_state == 1 || va_alias_needed)) {
		cpu->env = env_find(cpu);
		if (!cpu->env)
			err = CPU_ESELFTEST;
	}
	if (!err && va_alias_needed) {
		cpu->cs = cs_find(cpu);
		if (!cpu->cs)
			err = CPU_ESELFTEST;
	}
	if (!err) {
		wr(cpu, UC_ARM64_REG_PC, 0);
		for (unsigned int i = 0; i < 4; i++)
			wr(cpu, uc_xreg(i), 0);
		err = engine_err(cpu, uc_context_alloc(cpu->uc, &cpu->pristine));
	}
	if (!err)
		err = engine_err(cpu, uc_context_save(cpu->uc, cpu->pristine));
	if (err) {
		cpu_destroy(cpu);
		return err;
	}
	*out = cpu;
	return CPU_OK;
}

void cpu_destroy(struct cpu *cpu)
{
	if (!cpu)
		return;
	if (cpu->pristine)
		uc_context_free(cpu->pristine);
	if (cpu->uc)
		uc_close(cpu->uc);
	free(cpu->eret_cache);
	free(cpu);
}

void cpu_set_sysreg_handler(struct cpu *cpu, cpu_sysreg_fn fn, void *opaque)
{
	cpu->sysreg_fn = fn;
	cpu->sysreg_opaque = opaque;
}

void cpu_set_access_handler(struct cpu *cpu, cpu_access_fn fn, void *opaque, const uint64_t *gen)
{
	static const uint64_t never;

	cpu->access_fn = fn;
	cpu->access_opaque = opaque;
	cpu->access_gen = gen ? gen : &never;
	cpu->xlate_gen++;
}

/* ---- running --------------------------------------------------------- */

static uint32_t insn_at(struct cpu *cpu, uint64_t va)
{
	uint32_t insn = 0;

	if (cpu_read_insn(cpu, va, &insn))
		return 0;
	return insn;
}

/* The registers a load/store's address and data need (not all 31: speed). */
static void regs_snapshot(struct cpu *cpu, const struct insn_ldst *d, uint64_t x[31],
			  uint64_t *sp)
{
	memset(x, 0, 31 * sizeof(x[0]));
	if (d->rn < 31)
		x[d->rn] = rd(cpu, uc_xreg(d->rn));
	if (d->reg_offset && d->rm < 31)
		x[d->rm] = rd(cpu, uc_xreg(d->rm));
	if (d->rt < 31)
		x[d->rt] = rd(cpu, uc_xreg(d->rt));
	*sp = d->rn == 31 ? rd(cpu, UC_ARM64_REG_SP) : 0;
}

static uint64_t sctlr_of(struct cpu *cpu)
{
	uint64_t sctlr = 0;

	cpu_sysreg_read(cpu, SYS_SCTLR_EL1, &sctlr);
	return sctlr;
}

static bool mmu_on(struct cpu *cpu)
{
	uint64_t sctlr = 0;

	cpu_sysreg_read(cpu, SYS_SCTLR_EL1, &sctlr);
	return SCTLR_EL1_M_GET(sctlr);
}

/* An access to an address with no RAM (or a write to read-only RAM). */
static void stop_mmio(struct cpu *cpu, struct cpu_stop *stop, uint64_t pc)
{
	struct cpu_mmio *m = &stop->mmio;
	struct insn_ldst d;
	uint64_t x[31], sp;

	stop->insn = insn_at(cpu, pc);
	if (cpu->mem_type == UC_MEM_FETCH_UNMAPPED) {
		struct cpu_walk w;

		stop->reason = CPU_STOP_ABORT;
		if (mmu_on(cpu) && cpu_translate(cpu, cpu->mem_addr, &w) == CPU_OK &&
		    w.fault) {
			stop->abort = (struct cpu_abort){ .is_fetch = true,
				.va = cpu->mem_addr, .fsc = w.fsc };
			return;
		}
		stop->abort = (struct cpu_abort){ .is_fetch = true, .va = cpu->mem_addr,
			.fsc = ESR_ISS_DABT_DFSC_EXT_ABORT };
		return;
	}
	stop->reason = CPU_STOP_MMIO;
	m->is_write = cpu->mem_type == UC_MEM_WRITE_UNMAPPED ||
		      cpu->mem_type == UC_MEM_WRITE_PROT;
	m->len = (unsigned int)cpu->mem_size;
	m->data = cpu->mem_value;
	m->va = cpu->mem_addr;
	m->gpa = cpu->hole_hit ? cpu->hole_pa : cpu->mem_addr;
	if (!cpu->hole_hit && mmu_on(cpu)) {
		struct cpu_walk w;

		/*
		 * Unicorn 2.0.x reports the virtual address, and reports it as
		 * unmapped before QEMU walks the tables: a VA that does not
		 * translate is really a stage-1 abort.
		 */
		if (cpu_translate(cpu, cpu->mem_addr, &w) == CPU_OK && w.fault) {
			stop->reason = CPU_STOP_ABORT;
			stop->abort = (struct cpu_abort){ .is_write = m->is_write,
				.va = cpu->mem_addr, .fsc = w.fsc };
			memset(m, 0, sizeof(*m));
			return;
		}
		m->gpa = w.pa;
		if (cpu_ram_ptr(cpu, w.pa, 1)) {
			/* RAM behind a VA Unicorn called unmapped: never expected. */
			stop->reason = CPU_STOP_ERROR;
			snprintf(stop->message, sizeof(stop->message),
				 "VA 0x%llx (RAM at 0x%llx) reported unmapped",
				 (unsigned long long)m->va, (unsigned long long)w.pa);
			return;
		}
	}
	if (!insn_decode_ldst(stop->insn, &d))
		return;
	regs_snapshot(cpu, &d, x, &sp);
	if (insn_ldst_address(&d, x, sp, pc) != m->va)
		return;
	m->valid = insn_ldst_is_simple(&d) && d.size == m->len;
	m->rt = d.rt;
	m->sign_extend = d.sign_extend;
	m->sf = d.sf;
	if (m->is_write && m->valid)
		m->data = d.rt == 31 ? 0 : x[d.rt];
	if (m->is_write && m->len < 8)
		m->data &= (1ull << (8 * m->len)) - 1;
}

/*
 * An access that reached a hole (no RAM, no in-CPU device at its PA): a
 * load or store exits as MMIO at that PA; a code fetch from there (QEMU
 * translates such code with the PC on the block's first instruction, on
 * the same 1 KiB page) is an instruction abort.
 */
static void stop_hole(struct cpu *cpu, struct cpu_stop *stop, uint64_t pc)
{
	struct cpu_walk w = { .pa = pc };

	if (mmu_on(cpu) && (cpu_translate(cpu, pc, &w) != CPU_OK || w.fault))
		w.pa = cpu->hole_pa;
	if (!cpu_ram_ptr(cpu, w.pa, 4)) {
		cpu->mem_type = UC_MEM_FETCH_UNMAPPED;
		cpu->mem_addr = pc;
	} else if ((insn_at(cpu, pc) & 0xffffffe0u) == 0xd50b7420u) {
		/*
		 * DC ZVA where no RAM is: memory the guest can only have as
		 * Device, where DC ZVA is an Alignment fault (D7.4.9, "Data
		 * cache zero instruction"): a stage-1 fault for the guest, as
		 * the hardware gives, not an MMIO exit nothing could emulate.
		 */
		uint64_t dczid = 4, rt = insn_at(cpu, pc) & 31;

		cpu_sysreg_read(cpu, SYS_DCZID_EL0, &dczid);
		stop->reason = CPU_STOP_ABORT;
		stop->pc = pc;
		stop->insn = insn_at(cpu, pc);
		stop->abort = (struct cpu_abort){ .is_write = true,
			.va = (rt == 31 ? 0 : rd(cpu, uc_xreg((unsigned int)rt))) &
			      ~((4ull << DCZID_EL0_BS_GET(dczid)) - 1),
			.fsc = ESR_ISS_DABT_DFSC_ALIGNMENT };
		return;
	} else {
		if (cpu->acc_va == UINT64_MAX) {
			struct insn_ldst d = { .size = 1 };
			uint64_t x[31], sp;

			/*
			 * No memory hook named it: the instruction's address and
			 * size (the hole sees an 8-byte access as two of 4 bytes).
			 */
			cpu->acc_va = cpu->hole_pa;
			if (insn_decode_ldst(insn_at(cpu, pc), &d)) {
				regs_snapshot(cpu, &d, x, &sp);
				cpu->acc_va = insn_ldst_address(&d, x, sp, pc);
				cpu->acc_size = (int)d.size;
			}
		}
		cpu->mem_type = cpu->hole_write ? UC_MEM_WRITE_UNMAPPED : UC_MEM_READ_UNMAPPED;
		cpu->mem_addr = cpu->acc_va;
		cpu->mem_size = cpu->acc_size;
		cpu->mem_value = cpu->acc_value;
	}
	stop_mmio(cpu, stop, pc);
}

/* A stage-1 fault QEMU raised: find FAR, fault status and WnR ourselves. */
static void stop_abort(struct cpu *cpu, struct cpu_stop *stop, uint64_t pc, bool fetch)
{
	struct cpu_abort *a = &stop->abort;
	struct cpu_walk w;
	struct insn_ldst d = { .size = 1 };

	stop->reason = CPU_STOP_ABORT;
	a->is_fetch = fetch;
	a->va = pc;
	a->fsc = ESR_ISS_DABT_DFSC_TRANS_L0;
	if (!fetch) {
		uint64_t x[31], sp;

		stop->insn = insn_at(cpu, pc);
		if ((stop->insn & 0xfff8f000u) == 0xd5087000u) {
			/*
			 * DC/IC by VA (SYS, CRn = 7): the address is Xt (DC ZVA's
			 * block aligned, DCZID_EL0.BS words); the kernel handles
			 * their faults as writes (glibc's memset zeroes with DC ZVA).
			 */
			unsigned int rt = stop->insn & 31;
			uint64_t dczid = 4;

			a->va = rt == 31 ? 0 : rd(cpu, uc_xreg(rt));
			if ((stop->insn & 0xffffffe0u) == 0xd50b7420u) {	/* DC ZVA */
				cpu_sysreg_read(cpu, SYS_DCZID_EL0, &dczid);
				a->va &= ~((4ull << DCZID_EL0_BS_GET(dczid)) - 1);
			}
			a->is_write = true;
		} else if (insn_decode_ldst(stop->insn, &d)) {
			regs_snapshot(cpu, &d, x, &sp);
			a->va = insn_ldst_address(&d, x, sp, pc);
			a->is_write = !d.is_load;
			/* The fault may be on the access's last byte (page crossing). */
			if (cpu_translate(cpu, a->va, &w) == CPU_OK && !w.fault) {
				unsigned int len = d.size * (d.pair ? 2 : 1);
				uint64_t last = a->va + len - 1;

				if ((last >> 12) != (a->va >> 12))
					a->va = last & ~0xfffull;
			}
		}
	}
	if (cpu_translate(cpu, a->va, &w) == CPU_OK && w.fault) {
		a->fsc = w.fsc;
		return;
	}
	/*
	 * Translation succeeded: a permission (at the leaf's level) or an
	 * alignment fault. Normal memory takes unaligned accesses unless
	 * SCTLR_EL1.A is set; exclusive, ordered and atomic ones never
	 * (Arm ARM B2.5.2).
	 */
	if (!fetch && (d.aligned || SCTLR_EL1_A_GET(sctlr_of(cpu))) && !d.structure &&
	    (a->va & ((uint64_t)d.size - 1)) && !cpu_translate(cpu, a->va, &w) &&
	    (w.writable_el1 || !a->is_write))
		a->fsc = ESR_ISS_DABT_DFSC_ALIGNMENT;
	else
		a->fsc = ESR_ISS_DABT_DFSC_PERM_L1 - 1 + (w.level ? w.level : 1);
}

static void code_flush_ram(struct cpu *cpu);
static void code_flush_ranges(struct cpu *cpu);
static void tlb_flush_now(struct cpu *cpu);

/*
 * Any memory hook sends every load and store of the generated code to
 * Unicorn's slow path (and syncs the PC before each): only when a hook
 * user needs it. Access reports, an SPE unit that has sampled (its
 * watches see accesses before they happen), read-only RAM (its write stop
 * needs the exact PC), or holes QEMU cannot be trusted to leave with the
 * exact PC. One way: once on, kept (each change translates all again).
 */
static bool mem_hooks_needed(const struct cpu *cpu)
{
	if (!hole_restore_ok || cpu->access_fn || cpu->mem_hooks_wanted)
		return true;
	for (unsigned int i = 0; i < cpu->nr_maps; i++)
		if (cpu->maps[i].readonly)
			return true;
	return false;
}

static int mem_hooks_update(struct cpu *cpu)
{
	if (cpu->mem_hooked || !mem_hooks_needed(cpu))
		return CPU_OK;
	if (uc_hook_add(cpu->uc, &cpu->h_mem, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE,
			(void *)hook_mem, cpu, 1, 0) != UC_ERR_OK)
		return CPU_EENGINE;
	cpu->mem_hooked = true;
	/* Code translated without the hooks has neither slow path nor PC syncs. */
	cpu->code_flush_pending = true;
	return CPU_OK;
}

int cpu_run(struct cpu *cpu, uint64_t budget, struct cpu_stop *stop, uint64_t *executed)
{
	uint64_t pc, start_pc;
	uc_err e;

	if (!cpu || !stop || !executed || budget == 0)
		return CPU_EINVAL;
	memset(stop, 0, sizeof(*stop));
	*executed = 0;
	cpu->stop = stop;
	cpu->budget = budget;
	cpu->done = cpu->blk_n = cpu->blk_start = 0;
	cpu->stopped = cpu->stop_pending = false;
	cpu->hole_hit = false;
	if (mem_hooks_update(cpu)) {
		stop->reason = CPU_STOP_ERROR;
		snprintf(stop->message, sizeof(stop->message), "cannot add the memory hooks");
		return CPU_OK;
	}
	if (cpu->code_flush_pending)
		code_flush_ram(cpu);
	else if (cpu->nr_code_ranges)
		code_flush_ranges(cpu);
	if (cpu->tlb_flush_pending)
		tlb_flush_now(cpu);
	cpu->tlb_foreign = true;
	if (va_alias_needed && !cpu->holes_ready) {
		cpu->holes_ready = true;
		if (holes_map(cpu)) {
			stop->reason = CPU_STOP_ERROR;
			snprintf(stop->message, sizeof(stop->message),
				 "cannot map the address space around RAM");
			return CPU_OK;
		}
	}
	cpu->intno = -1;
	cpu->running = true;
	cpu->exact_k = 0;
	cpu->exact_set = false;
	cpu->exact_armed = cpu->blk_stop = false;
	cpu->watch_state = W_IDLE;
	cpu->watch_stop = false;
	cpu->after_eret = false;
	start_pc = rd(cpu, UC_ARM64_REG_PC);
	e = uc_emu_start(cpu->uc, start_pc, RUN_UNTIL, 0, 0);
	if (e == UC_ERR_OK && cpu->intno < 0 && cpu->blk_stop)
		wr(cpu, UC_ARM64_REG_PC, cpu->blk_stop_pc);
	if (e == UC_ERR_OK && cpu->intno < 0 && stop->reason == CPU_STOP_BUDGET &&
	    cpu->exact_set) {
		/*
		 * Stopped before a block that crosses the budget and has no kept
		 * hook on the first instruction not to run: translate the block
		 * again with one (kept for later stops there), run to it.
		 */
		uint64_t target = cpu->exact_addr + 4 * cpu->exact_k, pa;
		bool keep = block_pa(cpu, cpu->exact_addr, &pa);

		if (keep) {
			if (!slot_add(cpu, target, cpu->exact_addr, cpu->exact_size, pa))
				e = UC_ERR_HOOK;
		} else {
			uc_ctl_remove_cache(cpu->uc, cpu->exact_addr,
					    cpu->exact_addr + cpu->exact_size);
			e = uc_hook_add(cpu->uc, &cpu->h_exact, UC_HOOK_CODE, (void *)hook_exact,
					cpu, target, target);
		}
		if (e == UC_ERR_OK) {
			stop->reason = 0;
			cpu->stopped = cpu->stop_pending = false;
			cpu->budget = UINT64_MAX;
			cpu->exact_target = target;
			cpu->exact_armed = true;
			cpu->armed_seen = cpu->blk_stop = false;
			e = uc_emu_start(cpu->uc, cpu->exact_addr, RUN_UNTIL, 0, 0);
			cpu->exact_armed = false;
			if (e == UC_ERR_OK && cpu->intno < 0 && cpu->blk_stop)
				wr(cpu, UC_ARM64_REG_PC, cpu->blk_stop_pc);
			if (!keep) {
				uc_hook_del(cpu->uc, cpu->h_exact);
				uc_ctl_remove_cache(cpu->uc, cpu->exact_addr,
						    cpu->exact_addr + cpu->exact_size);
			}
		}
	}
	cpu->exact_armed = false;
	cpu->running = false;
	ic_flush_pending(cpu);
	slots_drop_stale(cpu);
	pc = rd(cpu, UC_ARM64_REG_PC);
	/* Completed instructions of the block the stop fell into. */
	if (pc >= cpu->blk_start && pc - cpu->blk_start < cpu->blk_n * 4)
		*executed = cpu->done + (pc - cpu->blk_start) / 4;
	else
		*executed = cpu->done + cpu->blk_n;
	stop->pc = pc;

	if (cpu->hole_hit) {
		stop_hole(cpu, stop, pc);
		return CPU_OK;
	}
	if (e == UC_ERR_READ_UNMAPPED || e == UC_ERR_WRITE_UNMAPPED ||
	    e == UC_ERR_FETCH_UNMAPPED || e == UC_ERR_WRITE_PROT) {
		if (e == UC_ERR_FETCH_UNMAPPED)
			cpu->mem_type = UC_MEM_FETCH_UNMAPPED;
		stop_mmio(cpu, stop, pc);
		return CPU_OK;
	}
	if (e != UC_ERR_OK) {
		cpu->last_err = e;
		stop->reason = CPU_STOP_ERROR;
		snprintf(stop->message, sizeof(stop->message), "engine: %s at pc 0x%llx",
			 uc_strerror(e), (unsigned long long)pc);
		return CPU_OK;
	}
	if (cpu->intno >= 0) {
		uint32_t imm = 0;

		switch (cpu->intno) {
		case EXCP_UDEF:
		case EXCP_HVC:
			if (pc & 3) {
				/* QEMU raises a PC alignment fault as UDEF (EC 0x22). */
				stop->reason = CPU_STOP_PC_ALIGN;
				break;
			}
			stop->insn = insn_at(cpu, pc);
			if (insn_classify(stop->insn, &imm) == INSN_HVC) {
				/* HVC: preferred return is the next instruction. */
				stop->reason = CPU_STOP_HVC;
				stop->imm = imm;
				wr(cpu, UC_ARM64_REG_PC, pc + 4);
				*executed += 1;
			} else if (insn_classify(stop->insn, NULL) == INSN_WFI ||
				   insn_classify(stop->insn, NULL) == INSN_WFE) {
				/* EL0 WFx with SCTLR_EL1.nTWx = 0: QEMU traps it (EC 0x01). */
				stop->reason = CPU_STOP_WFX_TRAP;
				stop->imm = insn_classify(stop->insn, NULL) == INSN_WFE;
			} else {
				stop->reason = CPU_STOP_UNDEF;
			}
			break;
		case EXCP_SWI:
		case EXCP_SMC:
			stop->pc = pc - 4;
			stop->insn = insn_at(cpu, pc - 4);
			insn_classify(stop->insn, &imm);
			stop->imm = imm;
			stop->reason = cpu->intno == EXCP_SWI ? CPU_STOP_SVC : CPU_STOP_SMC;
			break;
		case EXCP_BKPT:
			stop->insn = insn_at(cpu, pc);
			insn_classify(stop->insn, &imm);
			stop->imm = imm;
			stop->reason = CPU_STOP_BRK;
			break;
		case EXCP_PREFETCH_ABORT:
			stop_abort(cpu, stop, pc, true);
			break;
		case EXCP_DATA_ABORT:
			stop_abort(cpu, stop, pc, false);
			break;
		default:
			stop->reason = CPU_STOP_ERROR;
			snprintf(stop->message, sizeof(stop->message),
				 "unexpected CPU exception %d at pc 0x%llx", cpu->intno,
				 (unsigned long long)pc);
			break;
		}
		return CPU_OK;
	}
	if (cpu->stopped) {
		if (stop->reason == CPU_STOP_SYSREG || stop->reason == CPU_STOP_UNDEF)
			stop->insn = insn_at(cpu, pc);
		return CPU_OK;
	}
	/* The engine returned by itself: WFI ends emulation (EXCP_HLT). */
	stop->insn = insn_at(cpu, pc - 4);
	if (pc != start_pc || *executed) {
		if (insn_classify(stop->insn, NULL) == INSN_WFI) {
			stop->reason = CPU_STOP_WFI;
			return CPU_OK;
		}
	}
	stop->reason = CPU_STOP_ERROR;
	snprintf(stop->message, sizeof(stop->message),
		 "engine stopped without a reason at pc 0x%llx", (unsigned long long)pc);
	return CPU_OK;
}

int cpu_decode_access(struct cpu *cpu, struct cpu_access *acc)
{
	uint64_t pc;
	uint32_t insn;

	if (!cpu || !acc)
		return CPU_EINVAL;
	pc = rd(cpu, UC_ARM64_REG_PC);
	if (cpu_read_insn(cpu, pc, &insn))
		return CPU_EFAULT;
	return cpu_decode_access_insn(cpu, pc, insn, acc);
}

int cpu_decode_access_insn(struct cpu *cpu, uint64_t pc, uint32_t insn, struct cpu_access *acc)
{
	struct insn_ldst d;
	uint64_t x[31], sp;

	if (!cpu || !acc)
		return CPU_EINVAL;
	/* Atomics and SIMD structures too: their address is the base register's. */
	if (!insn_decode_ldst(insn, &d))
		return CPU_ENOENT;
	regs_snapshot(cpu, &d, x, &sp);
	*acc = (struct cpu_access){ .va = insn_ldst_address(&d, x, sp, pc),
		.size = d.size * (d.pair ? 2 : 1), .is_load = d.is_load, .simd = d.simd,
		.exclusive = d.exclusive };
	return CPU_OK;
}

int cpu_skip_insn(struct cpu *cpu)
{
	if (!cpu)
		return CPU_EINVAL;
	wr(cpu, UC_ARM64_REG_PC, rd(cpu, UC_ARM64_REG_PC) + 4);
	return CPU_OK;
}

int cpu_complete_mmio_read(struct cpu *cpu, const struct cpu_mmio *mmio, uint64_t data)
{
	if (!cpu || !mmio || mmio->is_write || !mmio->valid || mmio->len > 8 ||
	    !mmio->len)
		return CPU_EINVAL;
	if (mmio->len < 8) {
		unsigned int bitsz = 8 * mmio->len;

		data &= (1ull << bitsz) - 1;
		if (mmio->sign_extend && (data >> (bitsz - 1)) & 1)
			data |= ~0ull << bitsz;
	}
	if (!mmio->sf)
		data = (uint32_t)data;
	if (mmio->rt != 31)
		wr(cpu, uc_xreg(mmio->rt), data);
	return cpu_skip_insn(cpu);
}

/* ---- contexts -------------------------------------------------------- */

struct cpu_context {
	uc_context *ctx;
	const struct cpu *saved_on;	/* where cpu_context_save last took it */
	uint64_t seq;			/* ... and that CPU's save count then */
};

int cpu_context_alloc(struct cpu *cpu, struct cpu_context **out)
{
	struct cpu_context *c;

	if (!cpu || !out)
		return CPU_EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return CPU_ENOMEM;
	if (uc_context_alloc(cpu->uc, &c->ctx) != UC_ERR_OK) {
		free(c);
		return CPU_ENOMEM;
	}
	*out = c;
	return CPU_OK;
}

void cpu_context_free(struct cpu_context *c)
{
	if (!c)
		return;
	uc_context_free(c->ctx);
	free(c);
}

int cpu_context_save(struct cpu *cpu, struct cpu_context *c)
{
	int err;

	if (!cpu || !c)
		return CPU_EINVAL;
	err = engine_err(cpu, uc_context_save(cpu->uc, c->ctx));
	if (err)
		return err;
	c->saved_on = cpu;
	c->seq = ++cpu->save_seq;
	cpu->tlb_foreign = false;
	return CPU_OK;
}

static void tlb_flush_now(struct cpu *cpu)
{
	uc_arm64_cp_reg cp = { .op0 = 1, .op1 = 0, .crn = 8, .crm = 7, .op2 = 0 };

	cpu->tlb_flush_pending = false;
	uc_reg_write(cpu->uc, UC_ARM64_REG_CP_REG, &cp);
}

/*
 * TLBI VMALLE1 through the CPU: a VMID change in hardware terms. Done when
 * the CPU runs next (nothing reads its TLB before): the broadcast of every
 * guest TLBI to idle CPUs then costs one flush, not one each.
 */
void cpu_flush_tlb(struct cpu *cpu)
{
	cpu->xlate_gen++;
	if (cpu->running)
		tlb_flush_now(cpu);
	else
		cpu->tlb_flush_pending = true;
}

/*
 * Drops the translations of the code at PAs [pa, pa + len): by RAM offset,
 * so neither the CPU's regime nor the code's permissions matter (Unicorn's
 * own removal by VA walks the tables and gives up on a fault). Safe inside
 * a hook: a translation that is running finishes, none is entered again.
 */
static void code_invalidate_pa(struct cpu *cpu, uint64_t pa, uint64_t len)
{
	for (unsigned int i = 0; i < cpu->nr_maps; i++) {
		const struct ram_map *m = &cpu->maps[i];
		uint64_t lo = pa > m->gpa ? pa : m->gpa;
		uint64_t hi = pa + len < m->gpa + m->size ? pa + len : m->gpa + m->size;
		uint64_t ram;

		if (lo >= hi)
			continue;
		ram = ram_addr_of(cpu->uc, (uint8_t *)m->host + (lo - m->gpa));
		if (ram != UINT64_MAX)
			tb_inval_range(cpu->uc, ram, ram + (hi - lo));
	}
}

/*
 * IC IVAU elsewhere, kept until this CPU runs next: Linux cleans code a
 * 64-byte line at a time, so touching lines merge into one removal. Too
 * many ranges (Linux's ftrace start-up patches every function's entry):
 * all of RAM's code goes instead, which costs translating it all again.
 * PAs, as the issuing CPU translated the VA (cpu_ic_line).
 */
void cpu_flush_code(struct cpu *cpu, uint64_t start, uint64_t end)
{
	struct code_range *last = cpu->nr_code_ranges ?
				  &cpu->code_ranges[cpu->nr_code_ranges - 1] : NULL;

	cpu->xlate_gen++;	/* code may have changed: what we read of it too */
	if (end <= start || cpu->code_flush_pending)
		return;
	if (last && start <= last->end && end >= last->start) {
		last->start = last->start < start ? last->start : start;
		last->end = last->end > end ? last->end : end;
	} else if (cpu->nr_code_ranges == CPU_CODE_RANGES) {
		cpu->code_flush_pending = true;
	} else {
		cpu->code_ranges[cpu->nr_code_ranges++] = (struct code_range){ start, end };
	}
}

static void code_flush_ranges(struct cpu *cpu)
{
	for (unsigned int i = 0; i < cpu->nr_code_ranges; i++)
		code_invalidate_pa(cpu, cpu->code_ranges[i].start,
				   cpu->code_ranges[i].end - cpu->code_ranges[i].start);
	cpu->nr_code_ranges = 0;
}

/*
 * Drops every translation of code in RAM. Not with UC_CTL_TB_FLUSH: in
 * Unicorn 2.0.1 that clears its whole 1 GiB code buffer (memset), ~0.7 s
 * of page faults each time.
 */
static void code_flush_ram(struct cpu *cpu)
{
	cpu->code_flush_pending = false;
	cpu->nr_code_ranges = 0;
	for (unsigned int i = 0; i < cpu->nr_maps; i++)
		code_invalidate_pa(cpu, cpu->maps[i].gpa, cpu->maps[i].size);
}

bool cpu_ic_line(struct cpu *cpu, uint64_t va, uint64_t *pa, uint64_t *len)
{
	struct cpu_walk w;

	if (!cpu || !pa || !len || cpu_translate(cpu, va, &w) != CPU_OK || w.fault)
		return false;
	*len = cpu->icache_line;
	*pa = w.pa & ~(cpu->icache_line - 1);
	return true;
}

/*
 * IC by this CPU (C5.3.12-14). With Unicorn's store path fixed
 * (tlb-fill.c) stores no longer find translated code, so the architected
 * maintenance does it, at once: the new code runs from the next block on.
 */
static void ic_flush_pending(struct cpu *cpu)
{
	if (!cpu->ic_pending)
		return;
	cpu->ic_pending = false;
	code_invalidate_pa(cpu, cpu->ic_lo, cpu->ic_hi - cpu->ic_lo);
}

/*
 * Linux cleans code a line at a time in a loop of one block: the lines
 * merge while that block repeats and go at the next other block (an ISB
 * ends the block it is in, so code after it is always looked up anew).
 */
static void ic_local(struct cpu *cpu, const uc_arm64_cp_reg *cp, uint64_t val)
{
	uint64_t pa, len;

	if (!tlb_fill_fix_on() || cp->op0 != 1 || cp->crn != 7)
		return;
	if (cp->op1 == 3 && cp->crm == 5 && cp->op2 == 1) {		/* IC IVAU */
		if (!cpu_ic_line(cpu, val, &pa, &len))
			return;
		if (cpu->ic_pending && pa <= cpu->ic_hi && pa + len >= cpu->ic_lo &&
		    cpu->ic_block == cpu->blk_start) {
			cpu->ic_lo = pa < cpu->ic_lo ? pa : cpu->ic_lo;
			cpu->ic_hi = pa + len > cpu->ic_hi ? pa + len : cpu->ic_hi;
			return;
		}
		ic_flush_pending(cpu);
		cpu->ic_pending = true;
		cpu->ic_lo = pa;
		cpu->ic_hi = pa + len;
		cpu->ic_block = cpu->blk_start;
	} else if (cp->op1 == 0 && cp->op2 == 0 && (cp->crm == 5 || cp->crm == 1)) {
		cpu->ic_pending = false;				/* IC IALLU(IS) */
		code_flush_ram(cpu);
	}
}

/* IC IALLU elsewhere: done once, when this CPU runs next (nothing runs before). */
void cpu_flush_all_code(struct cpu *cpu)
{
	cpu->xlate_gen++;	/* code may have changed: what we read of it too */
	cpu->code_flush_pending = true;
}

int cpu_context_restore(struct cpu *cpu, const struct cpu_context *c)
{
	int err;

	if (!cpu || !c)
		return CPU_EINVAL;
	err = engine_err(cpu, uc_context_restore(cpu->uc, c->ctx));
	if (err)
		return err;
	hflags_rebuild(cpu);
	/*
	 * The TLB holds this context's translations only if this CPU saved it
	 * last and ran nothing since (the same vCPU put and loaded again):
	 * then it stays, as a VMID-tagged TLB would keep it.
	 */
	if (c->saved_on != cpu || c->seq != cpu->save_seq || cpu->tlb_foreign)
		cpu_flush_tlb(cpu);
	cpu->tlb_foreign = false;
	cpu->xlate_gen++;
	return CPU_OK;
}

int cpu_reset_state(struct cpu *cpu)
{
	int err;

	if (!cpu)
		return CPU_EINVAL;
	err = engine_err(cpu, uc_context_restore(cpu->uc, cpu->pristine));
	if (err)
		return err;
	hflags_rebuild(cpu);
	cpu_flush_tlb(cpu);
	cpu->tlb_foreign = true;
	cpu->xlate_gen++;
	return CPU_OK;
}

/* ---- self-test ------------------------------------------------------- */

/*
 * Runs EL0 code that takes an SVC, enters EL1 the way cpu_take_exception
 * does, and executes an EL1-only MRS there. On Unicorn 2.0.x that MRS
 * UNDEFs unless QEMU's cached hflags are rebuilt.
 */
static int selftest_el_switch(bool use_fix, bool *ok)
{
	static const uint32_t code[] = {
		0xd5381001u,	/* 0x000: mrs x1, sctlr_el1 (at EL0: must UNDEF) */
		0xd4000001u,	/* 0x004: svc #0 */
		0xd5384020u,	/* 0x008: mrs x0, elr_el1 (at EL1) */
		0xd503207fu,	/* wfi */
	};
	struct cpu cpu = { .index = 0xfff, .watch_el = -1, .watch_index = WATCH_NONE };
	struct cpu_stop stop;
	uint64_t n, x0 = 0;
	void *ram = aligned_alloc(4096, 4096);
	bool el0_ok = false;
	int err;

	*ok = false;
	if (!ram)
		return CPU_ENOMEM;
	memset(ram, 0, 4096);
	memcpy(ram, code, sizeof(code));
	err = engine_open(&cpu);
	if (!err)
		err = engine_setup(&cpu);
	if (!err && use_fix) {
		cpu.env = env_find(&cpu);
		if (!cpu.env)
			err = CPU_ESELFTEST;
	}
	if (!err)
		err = cpu_map_ram(&cpu, 0x10000, 4096, ram, false);
	/* Run a little at EL1 first, so that QEMU caches EL1's flags. */
	wr(&cpu, UC_ARM64_REG_PC, 0x1000c);
	if (!err)
		err = cpu_run(&cpu, 100, &stop, &n);
	if (!err)
		err = cpu_reg_write(&cpu, CPU_REG_PSTATE, SPSR_EL1_M_EL0t);
	wr(&cpu, UC_ARM64_REG_PC, 0x10000);
	if (!err)
		err = cpu_run(&cpu, 100, &stop, &n);
	if (!err && stop.reason == CPU_STOP_UNDEF && stop.pc == 0x10000) {
		el0_ok = true;
		wr(&cpu, UC_ARM64_REG_PC, 0x10004);
		err = cpu_run(&cpu, 100, &stop, &n);
	}
	if (!err && el0_ok && stop.reason == CPU_STOP_SVC) {
		wr(&cpu, UC_ARM64_REG_VBAR_EL1, 0x10000);
		err = cpu_take_exception(&cpu, CPU_VECTOR_SYNC, 0x10008, 0x56000000u,
					 false, 0);
		wr(&cpu, UC_ARM64_REG_PC, 0x10008);
		if (!err)
			err = cpu_run(&cpu, 100, &stop, &n);
		x0 = rd(&cpu, UC_ARM64_REG_X0);
		*ok = !err && stop.reason == CPU_STOP_WFI && x0 == 0x10008;
	}
	if (cpu.uc)
		uc_close(cpu.uc);
	free(ram);
	return err;
}

/*
 * A scratch engine for a self-test: set up as cpu_create does (the QEMU
 * state the holes need), with the page ram at 0x10000.
 */
static int selftest_engine(struct cpu *cpu, void *ram)
{
	int err = engine_open(cpu);

	if (!err)
		err = engine_setup(cpu);
	if (!err && va_alias_needed) {
		cpu->env = env_find(cpu);
		cpu->cs = cpu->env ? cs_find(cpu) : NULL;
		if (!cpu->cs)
			err = CPU_ESELFTEST;
	}
	if (!err)
		err = cpu_map_ram(cpu, 0x10000, 4096, ram, false);
	return err;
}

/*
 * With the store fix on (tlb-fill.c), fills must pass through it and code
 * rewritten by the CPU itself must run new after IC IVAU; otherwise the
 * fix goes off again (stores then find translated code themselves).
 */
static int selftest_store_fix(bool *on)
{
	static const uint32_t code[] = {
		0x18000202u,	/* 0x00: ldr w2, 0x40 (mov x0, #2) */
		0x9400001fu,	/* 0x04: bl 0x80 (translates it) */
		0xaa0003e3u,	/* 0x08: mov x3, x0 */
		0x100003a1u,	/* 0x0c: adr x1, 0x80 */
		0xb9000022u,	/* 0x10: str w2, [x1] (new code) */
		0xd50b7521u,	/* 0x14: ic ivau, x1 */
		0xd5033b9fu,	/* 0x18: dsb ish */
		0xd5033fdfu,	/* 0x1c: isb */
		0x94000018u,	/* 0x20: bl 0x80 */
		0xd503207fu,	/* 0x24: wfi */
	};
	struct cpu cpu = { .index = 0xfff, .watch_el = -1, .watch_index = WATCH_NONE };
	uint32_t *ram = aligned_alloc(4096, 4096);
	uint64_t fills = tlb_fill_count(), n;
	struct cpu_stop stop;
	int err;

	*on = false;
	if (!ram)
		return CPU_ENOMEM;
	memset(ram, 0, 4096);
	memcpy(ram, code, sizeof(code));
	ram[0x40 / 4] = 0xd2800040u;	/* mov x0, #2 */
	ram[0x80 / 4] = 0xd2800020u;	/* mov x0, #1 */
	ram[0x84 / 4] = 0xd65f03c0u;	/* ret */
	if (!tlb_fill_fix_enable(true)) {
		free(ram);
		return CPU_OK;
	}
	err = selftest_engine(&cpu, ram);
	wr(&cpu, UC_ARM64_REG_PC, 0x10000);
	if (!err)
		err = cpu_run(&cpu, 100, &stop, &n);
	*on = !err && stop.reason == CPU_STOP_WFI && tlb_fill_count() > fills &&
	      rd(&cpu, UC_ARM64_REG_X3) == 1 && rd(&cpu, UC_ARM64_REG_X0) == 2;
	tlb_fill_fix_enable(*on);
	if (cpu.uc)
		uc_close(cpu.uc);
	free(ram);
	return err;
}

/*
 * Without memory hooks, a hole's access must still stop exactly at its
 * instruction, with the registers as before it: a load, then a store.
 */
static int selftest_hole_restore(bool *ok)
{
	static const uint32_t code[] = {
		0xd2a40001u,	/* 0x00: mov x1, #0x20000000 (a hole) */
		0xd28000a2u,	/* 0x04: mov x2, #5 */
		0x91000442u,	/* 0x08: add x2, x2, #1 */
		0xf9400420u,	/* 0x0c: ldr x0, [x1, #8] */
		0xf9000822u,	/* 0x10: str x2, [x1, #16] */
		0xd503207fu,	/* 0x14: wfi */
	};
	struct cpu cpu = { .index = 0xfff, .watch_el = -1, .watch_index = WATCH_NONE };
	void *ram = aligned_alloc(4096, 4096);
	struct cpu_stop ld = { 0 }, st = { 0 };
	uint64_t n;
	int err;

	*ok = false;
	if (!ram)
		return CPU_ENOMEM;
	memset(ram, 0, 4096);
	memcpy(ram, code, sizeof(code));
	hole_restore_ok = true;		/* what is tested: no memory hook */
	err = selftest_engine(&cpu, ram);
	wr(&cpu, UC_ARM64_REG_X0, 0x77);
	wr(&cpu, UC_ARM64_REG_PC, 0x10000);
	if (!err)
		err = cpu_run(&cpu, 100, &ld, &n);
	if (!err && ld.reason == CPU_STOP_MMIO && ld.pc == 0x1000c && n == 3) {
		wr(&cpu, UC_ARM64_REG_PC, 0x10010);
		err = cpu_run(&cpu, 100, &st, &n);
	}
	*ok = !err && !cpu.mem_hooked && rd(&cpu, UC_ARM64_REG_X0) == 0x77 &&
	      ld.reason == CPU_STOP_MMIO && ld.mmio.gpa == 0x20000008 && ld.mmio.va == 0x20000008 &&
	      ld.mmio.len == 8 && !ld.mmio.is_write && ld.mmio.valid && ld.mmio.rt == 0 &&
	      st.reason == CPU_STOP_MMIO && st.pc == 0x10010 && st.mmio.gpa == 0x20000010 &&
	      st.mmio.len == 8 && st.mmio.is_write && st.mmio.valid && st.mmio.data == 6;
	hole_restore_ok = *ok;
	if (cpu.uc)
		uc_close(cpu.uc);
	free(ram);
	return err;
}

/* Two engines must show the CPUState at the same place (cs_find). */
static int selftest_cs_layout(void)
{
	struct cpu a = { .index = 0xffe, .watch_el = -1 }, b = { .index = 0xffd, .watch_el = -1 };
	struct cs_layout first;
	int err;

	cs_known = false;
	err = engine_open(&a);
	if (!err)
		err = engine_open(&b);
	if (!err) {
		a.env = env_find(&a);
		b.env = env_find(&b);
		if (!a.env || !b.env || !cs_find(&a))
			err = CPU_ESELFTEST;
	}
	if (!err) {
		first = cs_layout;
		if (!cs_find(&b) || memcmp(&first, &cs_layout, sizeof(first)) != 0)
			err = CPU_ESELFTEST;
	}
	cs_known = !err;
	if (a.uc)
		uc_close(a.uc);
	if (b.uc)
		uc_close(b.uc);
	return err;
}

int cpu_selftest(struct cpu_selftest *result)
{
	bool plain = false, fixed = false;
	int err;

	if (!result)
		return CPU_EINVAL;
	memset(result, 0, sizeof(*result));
	result->va_alias_needed = cpu_engine_version() < 0x201;
	va_alias_needed = result->va_alias_needed;
	if (va_alias_needed) {
		loop_exit = (loop_exit_fn)dlsym(RTLD_DEFAULT, "cpu_loop_exit_aarch64");
		tlb_flush_all = (tlb_flush_fn)dlsym(RTLD_DEFAULT, "tlb_flush_aarch64");
		if (!loop_exit || !tlb_flush_all) {
			err = CPU_ESELFTEST;
			goto fail;
		}
		err = selftest_cs_layout();
		if (err)
			goto fail;
		loop_exit_restore = (loop_exit_restore_fn)dlsym(RTLD_DEFAULT,
								"cpu_loop_exit_restore_aarch64");
		if (loop_exit_restore) {
			err = selftest_hole_restore(&result->hole_restore);
			if (err)
				goto fail;
		}
	}
	tb_inval_range = (tb_inval_fn)dlsym(RTLD_DEFAULT, "tb_invalidate_phys_range_aarch64");
	ram_addr_of = (ram_addr_fn)dlsym(RTLD_DEFAULT, "qemu_ram_addr_from_host_aarch64");
	if (!tb_inval_range || !ram_addr_of) {
		err = CPU_ESELFTEST;
		goto fail;
	}
	err = selftest_store_fix(&result->store_fix);
	if (err)
		goto fail;
	err = selftest_el_switch(false, &plain);
	if (err)
		goto fail;
	if (plain) {
		selftest_state = 2;
		return CPU_OK;
	}
	result->hflags_fix_needed = true;
	rebuild_hflags = (rebuild_hflags_fn)dlsym(RTLD_DEFAULT, "arm_rebuild_hflags_aarch64");
	if (!rebuild_hflags) {
		err = CPU_ESELFTEST;
		goto fail;
	}
	err = selftest_el_switch(true, &fixed);
	if (err)
		goto fail;
	result->hflags_fix_works = fixed;
	if (!fixed) {
		err = CPU_ESELFTEST;
		goto fail;
	}
	selftest_state = 1;
	return CPU_OK;
fail:
	selftest_state = -1;
	return err;
}
