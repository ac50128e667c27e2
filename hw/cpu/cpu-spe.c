// SPDX-License-Identifier: GPL-2.0-only
/*
 * Driving a CPU's SPE unit (hw/include/hw/spe.h protocol, steps 2-6) from
 * the CPU's run loop, through hw/cpu.h only.
 *
 * Sampling needs the selected instruction's state before and after it
 * runs, so execution is cut exactly at the selection point (an exact
 * budget stop) and the selected instruction runs alone (an exact
 * one-instruction run): before it, its PC, encoding, data address and the
 * stage-1 PA are read; after it, the next PC tells whether a branch was
 * taken and where to. Everything else runs in whole translation blocks.
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
	uint64_t counted;	/* members of this chunk already counted */
	uint8_t chunk_el;
};

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
	if (unit)
		spe_unit_set_ctx(unit, &cs->ctx);
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

void cpu_spe_flush(struct cpu_spe *cs)
{
	uint64_t now;

	if (!cs || !cs->unit || !cs->in_chunk)
		return;
	now = cpu_now(cs->cpu);
	if (now > cs->counted) {
		spe_unit_count(cs->unit, now - cs->counted, cs->chunk_el);
		cs->counted = now;
	}
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

/* What is known of the instruction at PC before it runs. */
static void describe_before(struct cpu_spe *cs, struct spe_op *op, uint64_t *pstate)
{
	struct cpu *cpu = cs->cpu;
	uint32_t insn = 0;
	uint64_t v = 0;

	memset(op, 0, sizeof(*op));
	cpu_reg_read(cpu, CPU_REG_PC, &op->pc);
	cpu_reg_read(cpu, CPU_REG_PSTATE, pstate);
	if (cpu_read_insn(cpu, op->pc, &insn) == CPU_OK)
		spe_op_classify(insn, op);
	op->el = cs->ctx.el;
	if (op->kind == SPE_OPK_LOAD || op->kind == SPE_OPK_STORE ||
	    op->kind == SPE_OPK_ATOMIC_LD || op->kind == SPE_OPK_ATOMIC_ST) {
		struct cpu_access acc;
		struct cpu_walk w;

		if (cpu_decode_access(cpu, &acc) == CPU_OK) {
			op->data_va = acc.va;
			if (cpu_translate(cpu, acc.va, &w) == CPU_OK && !w.fault) {
				op->data_pa = w.pa;
				op->flags |= SPE_OPF_PA_VALID;
			}
		}
	}
	/* Conditional select/compare: the condition is in bits 15:12. */
	if (op->kind != SPE_OPK_BRANCH && (op->flags & SPE_OPF_COND) &&
	    cond_holds(insn >> 12 & 0xf, *pstate))
		op->flags |= SPE_OPF_TAKEN;
	if (cpu_sysreg_read(cpu, SYS_CONTEXTIDR_EL1, &v) == CPU_OK)
		op->contextidr_el1 = (uint32_t)v;
	op->cntpct = cs->ticks / cs->ticks_per_count;
}

/* Runs the selected instruction alone and observes it when it completed. */
static int step_selected(struct cpu_spe *cs, struct cpu_stop *stop, uint64_t *executed)
{
	struct spe_op op;
	uint64_t pstate = 0, next = 0;
	int err;

	describe_before(cs, &op, &pstate);
	cpu_set_exact(cs->cpu, true);
	err = cpu_run(cs->cpu, 1, stop, executed);
	cpu_set_exact(cs->cpu, false);
	cs->st.steps++;
	if (err)
		return err;
	if (stop->reason != CPU_STOP_BUDGET || *executed != 1) {
		/* An exception, MMIO or trap stopped it: it did not complete here. */
		cs->st.unobserved++;
		if (*executed)
			spe_unit_count(cs->unit, *executed, op.el);
		return CPU_OK;
	}
	if (op.kind == SPE_OPK_BRANCH) {
		cpu_reg_read(cs->cpu, CPU_REG_PC, &next);
		if (!(op.flags & SPE_OPF_COND) || next != op.pc + 4) {
			op.flags |= SPE_OPF_TAKEN;
			op.target = next;
		}
	}
	spe_unit_observe(cs->unit, &op);
	cs->st.observed++;
	return CPU_OK;
}

int cpu_spe_run(struct cpu_spe *cs, uint64_t budget, struct cpu_stop *stop,
		uint64_t *executed)
{
	uint64_t k, b;
	uint8_t el;
	int err;

	if (!cs || !stop || !executed || budget == 0)
		return CPU_EINVAL;
	if (!cs->unit)
		return cpu_run(cs->cpu, budget, stop, executed);
	el = (uint8_t)cpu_el(cs->cpu);
	cpu_spe_set_el(cs, el);
	k = spe_unit_ops_until_sample(cs->unit);
	if (k == 0)
		return step_selected(cs, stop, executed);
	/*
	 * A chunk ends exactly before the selected instruction. ERET inside a
	 * chunk is not seen (no stop on it): the chunk counts at its first EL.
	 */
	/*
	 * Exact even when the caller's budget is the limit: a plain run may
	 * finish its first block past the budget, and so past the selection.
	 */
	b = k < budget ? k : budget;
	cpu_set_exact(cs->cpu, true);
	cs->in_chunk = true;
	cs->counted = 0;
	cs->chunk_el = el;
	err = cpu_run(cs->cpu, b, stop, executed);
	cs->in_chunk = false;
	cpu_set_exact(cs->cpu, false);
	if (err)
		return err;
	cs->st.chunks++;
	if (*executed > cs->counted)
		spe_unit_count(cs->unit, *executed - cs->counted, el);
	return CPU_OK;
}
