// SPDX-License-Identifier: GPL-2.0-only
/*
 * Driving a CPU's SPE unit (hw/include/hw/spe.h protocol, steps 2-6) from
 * the CPU's run loop, through hw/cpu.h only.
 *
 * Execution is cut exactly before the selected instruction (an exact
 * budget stop); it is described from the state there (PC, encoding, data
 * address and its stage-1 PA, a branch's outcome evaluated from the
 * registers and flags) and observed, then runs as the first member of the
 * next chunk without being counted twice. Everything else runs in whole
 * translation blocks.
 */
#include <stdlib.h>
#include <string.h>

#include "arch/sysreg.h"
#include "hw/cpu-spe.h"

struct cpu_spe {
	struct cpu *cpu;
	struct spe_unit *unit;
	struct spe_ctx ctx;
	uint64_t ticks;
	unsigned int ticks_per_count;
	struct cpu_spe_stats st;
	bool in_chunk;		/* inside the cpu_run() of a chunk */
	uint64_t counted;	/* instructions of this chunk counted or observed */
	uint8_t chunk_el;
	bool skip;		/* the next chunk's first member was observed already */
	bool exact_only;	/* cpu_spe_set_exact_only() */
	uint64_t xlate_gen;	/* cpu_xlate_gen() when the chunk started */
	uint32_t contextidr_el2;	/* the hypervisor's CONTEXTIDR_EL2 (EL2 is not emulated) */
};

static const struct cpu_watch_ops watch_ops;

int cpu_spe_attach(struct cpu *cpu, struct spe_unit *unit, struct cpu_spe **out)
{
	struct cpu_spe *cs;

	if (!cpu || !out)
		return CPU_EINVAL;
	cs = calloc(1, sizeof(*cs));
	if (!cs)
		return CPU_ENOMEM;
	cs->cpu = cpu;
	cs->unit = unit;
	cs->ticks_per_count = 1;
	cs->ctx.el = 1;
	if (unit) {
		spe_unit_set_ctx(unit, &cs->ctx);
		cpu_set_watch_ops(cpu, &watch_ops, cs);
	}
	*out = cs;
	return CPU_OK;
}

void cpu_spe_detach(struct cpu_spe *cs)
{
	free(cs);
}

struct spe_unit *cpu_spe_unit(const struct cpu_spe *cs)
{
	return cs ? cs->unit : NULL;
}

struct cpu *cpu_spe_cpu(const struct cpu_spe *cs)
{
	return cs ? cs->cpu : NULL;
}

void cpu_spe_set_ctx(struct cpu_spe *cs, const struct spe_ctx *ctx)
{
	cs->ctx = *ctx;
	if (cs->unit)
		spe_unit_set_ctx(cs->unit, &cs->ctx);
}

void cpu_spe_set_el(struct cpu_spe *cs, uint8_t el)
{
	if (cs->ctx.el == el)
		return;
	cs->ctx.el = el;
	if (cs->unit)
		spe_unit_set_ctx(cs->unit, &cs->ctx);
}

void cpu_spe_set_contextidr_el2(struct cpu_spe *cs, uint32_t val)
{
	cs->contextidr_el2 = val;
}

void cpu_spe_set_clock(struct cpu_spe *cs, uint64_t ticks, unsigned int ticks_per_count)
{
	cs->ticks = ticks;
	cs->ticks_per_count = ticks_per_count ? ticks_per_count : 1;
}

enum spe_access cpu_spe_sysreg(struct cpu_spe *cs, struct cpu_sysreg_access *acc)
{
	enum spe_access a;
	int err;

	if (!cs || !cs->unit)
		return SPE_ACCESS_UNDEF;
	cpu_spe_set_el(cs, (uint8_t)cpu_el(cs->cpu));
	a = spe_unit_sysreg_access(cs->unit, acc->key, acc->is_write);
	if (a != SPE_ACCESS_OK)
		return a;
	err = acc->is_write ? spe_unit_sysreg_write(cs->unit, acc->key, acc->val)
			    : spe_unit_sysreg_read(cs->unit, acc->key, &acc->val);
	return err ? SPE_ACCESS_UNDEF : SPE_ACCESS_OK;
}

/* Counts the chunk's instructions before upto that were neither counted nor observed. */
static void count_to(struct cpu_spe *cs, uint64_t upto)
{
	if (upto <= cs->counted)
		return;
	spe_unit_count(cs->unit, upto - cs->counted, cs->chunk_el);
	cs->counted = upto;
}

void cpu_spe_flush(struct cpu_spe *cs)
{
	if (cs && cs->unit && cs->in_chunk)
		count_to(cs, cpu_now(cs->cpu));
}

void cpu_spe_psb_csync(struct cpu_spe *cs)
{
	if (cs && cs->unit)
		spe_unit_psb_csync(cs->unit);
}

void cpu_spe_stats(const struct cpu_spe *cs, struct cpu_spe_stats *st)
{
	*st = cs->st;
}

void cpu_spe_set_exact_only(struct cpu_spe *cs, bool on)
{
	if (cs)
		cs->exact_only = on;
}

/* ConditionHolds() (Arm ARM J1) on PSTATE.NZCV. */
static bool cond_holds(unsigned int cond, uint64_t pstate)
{
	bool n = pstate >> 31 & 1, z = pstate >> 30 & 1, c = pstate >> 29 & 1,
	     v = pstate >> 28 & 1, r;

	switch (cond >> 1) {
	case 0: r = z; break;
	case 1: r = c; break;
	case 2: r = n; break;
	case 3: r = v; break;
	case 4: r = c && !z; break;
	case 5: r = n == v; break;
	case 6: r = n == v && !z; break;
	default: r = true; break;
	}
	return (cond & 1) && cond != 15 ? !r : r;
}

static uint64_t xreg(struct cpu *cpu, unsigned int n)
{
	uint64_t v = 0;

	if (n < 31)
		cpu_reg_read(cpu, (enum cpu_reg)(CPU_REG_X0 + n), &v);
	return v;
}

static int64_t sext(uint64_t v, unsigned int bits)
{
	return (int64_t)(v << (64 - bits)) >> (64 - bits);
}

/*
 * A branch's outcome from the state before it runs (Arm ARM C6: B, BL,
 * B.cond, CBZ/CBNZ, TBZ/TBNZ, BR/BLR/RET and their PAC forms, ERET), so
 * the selected instruction need not run alone. True when taken.
 */
static bool branch_outcome(struct cpu *cpu, uint32_t insn, uint64_t pc, uint64_t pstate,
			   uint64_t *target)
{
	if ((insn & 0x7c000000) == 0x14000000) {		/* B, BL */
		*target = pc + (uint64_t)(sext(insn & 0x3ffffff, 26) * 4);
		return true;
	}
	if ((insn & 0xff000010) == 0x54000000) {		/* B.cond */
		*target = pc + (uint64_t)(sext(insn >> 5 & 0x7ffff, 19) * 4);
		return cond_holds(insn & 0xf, pstate);
	}
	if ((insn & 0x7e000000) == 0x34000000) {		/* CBZ, CBNZ */
		uint64_t x = xreg(cpu, insn & 31);

		if (!(insn >> 31))
			x = (uint32_t)x;
		*target = pc + (uint64_t)(sext(insn >> 5 & 0x7ffff, 19) * 4);
		return (insn >> 24 & 1) ? x != 0 : x == 0;
	}
	if ((insn & 0x7e000000) == 0x36000000) {		/* TBZ, TBNZ */
		unsigned int b = (insn >> 31) << 5 | (insn >> 19 & 31);
		bool bit = xreg(cpu, insn & 31) >> b & 1;

		*target = pc + (uint64_t)(sext(insn >> 5 & 0x3fff, 14) * 4);
		return (insn >> 24 & 1) ? bit : !bit;
	}
	if ((insn & 0xfe000000) == 0xd6000000) {		/* branch to register */
		if ((insn >> 21 & 0xf) == 4) {			/* ERET, ERETAA/B */
			uint64_t elr = 0;

			cpu_reg_read(cpu, CPU_REG_ELR_EL1, &elr);
			*target = elr;
		} else {
			*target = xreg(cpu, insn >> 5 & 31);
		}
		return true;
	}
	*target = pc + 4;
	return false;
}

/*
 * The instruction insn at pc, the index-th of the chunk, described from the
 * registers as they are: before it runs, or (after) for what it does not
 * change (cpu_spe_run's plan makes sure of that).
 */
static void describe(struct cpu_spe *cs, struct spe_op *op, uint64_t pc, uint32_t insn,
		     uint64_t index)
{
	struct cpu *cpu = cs->cpu;
	uint64_t v = 0, pstate = 0;

	memset(op, 0, sizeof(*op));
	op->pc = pc;
	spe_op_classify(insn, op);
	op->el = cs->ctx.el;
	if (op->kind == SPE_OPK_LOAD || op->kind == SPE_OPK_STORE ||
	    op->kind == SPE_OPK_ATOMIC_LD || op->kind == SPE_OPK_ATOMIC_ST) {
		struct cpu_access acc;
		struct cpu_walk w;

		if (cpu_decode_access_insn(cpu, pc, insn, &acc) == CPU_OK) {
			op->data_va = acc.va;
			if (cpu_translate(cpu, acc.va, &w) == CPU_OK && !w.fault) {
				op->data_pa = w.pa;
				op->flags |= SPE_OPF_PA_VALID;
			}
		}
	} else if (op->kind == SPE_OPK_BRANCH) {
		uint64_t target;

		cpu_reg_read(cpu, CPU_REG_PSTATE, &pstate);
		if (branch_outcome(cpu, insn, op->pc, pstate, &target)) {
			op->flags |= SPE_OPF_TAKEN;
			op->target = target;
		}
	} else if (op->flags & SPE_OPF_COND) {
		/* Conditional select/compare: the condition is in bits 15:12. */
		cpu_reg_read(cpu, CPU_REG_PSTATE, &pstate);
		if (cond_holds(insn >> 12 & 0xf, pstate))
			op->flags |= SPE_OPF_TAKEN;
	}
	if (cpu_sysreg_read(cpu, SYS_CONTEXTIDR_EL1, &v) == CPU_OK)
		op->contextidr_el1 = (uint32_t)v;
	op->contextidr_el2 = cs->contextidr_el2;
	op->cntpct = (cs->ticks + index) / cs->ticks_per_count;
}

/* Observes the index-th instruction of the chunk; members before it are counted first. */
static void observe(struct cpu_spe *cs, uint64_t pc, uint32_t insn, uint64_t index)
{
	struct spe_op op;

	count_to(cs, index);
	describe(cs, &op, pc, insn, index);
	spe_unit_observe(cs->unit, &op);
	cs->st.observed++;
	cs->counted = index + 1;
}

/* ERET, ERETAA, ERETAB: the EL and PSTATE change with it. */
static bool is_eret(uint32_t insn)
{
	return (insn & 0xfffffbffu) == 0xd69f03e0u || (insn & 0xfffffbffu) == 0xd69f0bffu;
}

/* BLR/BLRAA/BLRAB/BLRAAZ/BLRABZ whose target register is X30, which they overwrite. */
static bool is_blr_x30(uint32_t insn)
{
	return (insn & 0xfe7f0000u) == 0xd63f0000u && (insn >> 5 & 31) == 30;
}

/*
 * How to see a selected instruction without stopping (cpu.h "Instruction
 * watch"). Only when its record cannot raise PMBIRQ (so no stop is owed
 * right after it) and no other sample can fall in its block; then:
 * plain loads/stores at their first access (registers as before them),
 * branches (always a block's last instruction) and unconditional other
 * operations after they complete, since nothing describing them changes.
 * Everything else (exclusives, atomics, conditional selects and compares,
 * ERET, BLR X30, unreadable code) stops exactly before it, as before.
 */
/*
 * A sampled load or store is seen in passing through Unicorn's memory
 * hooks, which put every load and store on its slow path (about 4x for
 * load/store-dense code); without them hw/cpu sees it at its block's start
 * when it is the first, else stops exactly before it (several
 * microseconds). Below this interval samples come often enough that the
 * hooks cost less; from it on the CPU runs without them.
 */
#define CPU_SPE_HOOK_INTERVAL	1024u

static bool want_mem_hooks(const struct cpu_spe *cs)
{
	uint64_t irr = 0;

	spe_unit_sysreg_read(cs->unit, SYS_PMSIRR_EL1, &irr);
	return (irr & PMSIRR_EL1_INTERVAL_MASK) < CPU_SPE_HOOK_INTERVAL;
}

static enum cpu_watch_plan watch_plan(void *opaque, uint64_t pc, uint32_t insn, uint64_t rest)
{
	struct cpu_spe *cs = opaque;
	struct spe_op op = { 0 };

	(void)pc;
	/*
	 * The translation regime changed in this chunk (an MSR to TTBRn or
	 * SCTLR, a TLBI): the caller refreshes what a memory port caches of it
	 * only between chunks, so the record is written after a stop.
	 */
	if (cs->exact_only || !insn || cpu_xlate_gen(cs->cpu) != cs->xlate_gen ||
	    rest > spe_unit_min_gap(cs->unit) || !spe_unit_record_quiet(cs->unit))
		return CPU_WATCH_STOP;
	spe_op_classify(insn, &op);
	switch (op.kind) {
	case SPE_OPK_LOAD:
	case SPE_OPK_STORE:
		return op.flags & SPE_OPF_EXCLUSIVE ? CPU_WATCH_STOP : CPU_WATCH_ACCESS;
	case SPE_OPK_BRANCH:
		return rest || is_eret(insn) || is_blr_x30(insn) ? CPU_WATCH_STOP : CPU_WATCH_AFTER;
	case SPE_OPK_OTHER:
		return op.flags & SPE_OPF_COND ? CPU_WATCH_STOP : CPU_WATCH_AFTER;
	default:
		return CPU_WATCH_STOP;
	}
}

static void watch_fire(void *opaque, uint64_t pc, uint32_t insn, uint64_t index,
		       enum cpu_watch_when when)
{
	struct cpu_spe *cs = opaque;
	uint64_t k;

	(void)when;
	observe(cs, pc, insn, index);
	cs->st.passing++;
	if (spe_unit_irq_level(cs->unit)) {
		/* The hypervisor must see PMBIRQ right after this operation. */
		cpu_request_stop(cs->cpu);
		return;
	}
	k = spe_unit_ops_until_sample(cs->unit);
	if (k != SPE_NEVER)
		cpu_watch_at(cs->cpu, index + 1 + k);
}

static const struct cpu_watch_ops watch_ops = {
	.plan = watch_plan,
	.fire = watch_fire,
};

/* Stops where the watched instruction was attempted but did not complete. */
static bool attempted(enum cpu_stop_reason r)
{
	return r != CPU_STOP_BUDGET && r != CPU_STOP_EL_CHANGE && r != CPU_STOP_IRQ_WINDOW &&
	       r != CPU_STOP_ERROR && r != CPU_STOP_WFI;
}

int cpu_spe_run(struct cpu_spe *cs, uint64_t budget, struct cpu_stop *stop,
		uint64_t *executed)
{
	uint64_t k, index, pc;
	uint32_t insn;
	uint8_t el;
	int err;

	if (!cs || !stop || !executed || budget == 0)
		return CPU_EINVAL;
	if (!cs->unit)
		return cpu_run(cs->cpu, budget, stop, executed);
	el = (uint8_t)cpu_el(cs->cpu);
	cpu_spe_set_el(cs, el);
	cs->counted = 0;
	k = spe_unit_ops_until_sample(cs->unit);
	if (k == 0 && !cs->skip) {
		/*
		 * The instruction at PC is selected (the last chunk stopped
		 * exactly before it): describe and observe it now, then let it run
		 * first in this chunk without counting it again. After a buffer
		 * event only it runs, so the caller sees PMBIRQ right after the
		 * operation whose record raised it.
		 */
		pc = 0;
		insn = 0;
		cpu_reg_read(cs->cpu, CPU_REG_PC, &pc);
		cpu_read_insn(cs->cpu, pc, &insn);
		observe(cs, pc, insn, 0);
		cs->skip = true;
		if (spe_unit_irq_level(cs->unit))
			budget = 1;
		k = spe_unit_ops_until_sample(cs->unit);
	}
	if (cs->skip)
		cs->counted = 1;
	/*
	 * The next selected instruction is watched (cpu.h): seen in passing
	 * when that is exact, else the chunk ends exactly before it. Budgets
	 * stay exact while sampling, so slices end where they always did.
	 */
	cs->xlate_gen = cpu_xlate_gen(cs->cpu);
	/* Seeing loads and stores in passing: from the first chunk that samples often. */
	if (k != SPE_NEVER && want_mem_hooks(cs))
		cpu_want_mem_hooks(cs->cpu);
	cpu_watch_at(cs->cpu, k == SPE_NEVER ? UINT64_MAX : cs->counted + k);
	cpu_set_exact(cs->cpu, k != SPE_NEVER || cs->skip);
	cs->in_chunk = true;
	cs->chunk_el = el;
	/* Sampling differs between EL0 and EL1: a chunk ends where the EL changes. */
	if (spe_unit_enabled(cs->unit, 0) != spe_unit_enabled(cs->unit, 1))
		cpu_watch_el(cs->cpu, el);
	err = cpu_run(cs->cpu, budget, stop, executed);
	cpu_watch_el(cs->cpu, -1);
	if (!err && cpu_watch_pending(cs->cpu, &index, &pc, &insn) && pc) {
		/*
		 * Completed, but the run ended before the next block start (an
		 * exception or stop later in its block, HVC/SVC, WFI); or
		 * attempted and stopped at (MMIO, abort, UNDEF...): seen as the
		 * chunk's last member, as when a chunk started with it.
		 */
		if (*executed > index)
			observe(cs, pc, insn, index);
		else if (*executed == index && stop->pc == pc && attempted(stop->reason))
			observe(cs, pc, insn, index);
	}
	cpu_watch_at(cs->cpu, UINT64_MAX);
	cs->in_chunk = false;
	cpu_set_exact(cs->cpu, false);
	if (err)
		return err;
	cs->st.chunks++;
	count_to(cs, *executed);
	/* Run or not (MMIO completed by the caller, an exception), it was observed once. */
	cs->skip = false;
	return CPU_OK;
}

/*
 * Snapshots (docs/migration.md): between runs the driving state is a few
 * words; skip matters (the first member of the next chunk was already
 * observed) and so do the statistics.
 */
int cpu_spe_state_save(const struct cpu_spe *cs, uint64_t w[CPU_SPE_STATE_WORDS])
{
	if (!cs || !w || cs->in_chunk)
		return CPU_EINVAL;
	w[0] = cs->ticks;
	w[1] = cs->ticks_per_count;
	w[2] = cs->counted;
	w[3] = cs->chunk_el;
	w[4] = cs->skip;
	w[5] = cs->st.chunks;
	w[6] = cs->st.observed;
	w[7] = 0;
	return CPU_OK;
}

int cpu_spe_state_load(struct cpu_spe *cs, const uint64_t w[CPU_SPE_STATE_WORDS])
{
	if (!cs || !w || cs->in_chunk || w[1] > UINT32_MAX || w[3] > 3 || w[4] > 1 || w[7])
		return CPU_EINVAL;
	cs->ticks = w[0];
	cs->ticks_per_count = (unsigned int)w[1];
	cs->counted = w[2];
	cs->chunk_el = (uint8_t)w[3];
	cs->skip = w[4];
	cs->st.chunks = w[5];
	cs->st.observed = w[6];
	return CPU_OK;
}
