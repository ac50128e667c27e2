// SPDX-License-Identifier: GPL-2.0-only
/*
 * The trap table: every system register a guest may touch, one row each,
 * sorted by encoding (checked at start-up). The same rows drive the trap
 * handler, vCPU reset, ONE_REG get/set and the register list, as in KVM's
 * sys_regs.c. A register with no row, or a hidden row, UNDEFs in the guest.
 *
 * Kinds: NATIVE rows are executed by the CPU model itself (QEMU does the
 * access checks), STORED rows live in hyp_vcpu.sysregs, ID rows return the
 * VM's sanitised identification values, FUNC rows call a device (GIC CPU
 * interface, generic timer) or compute a value.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch/sysreg.h"
#include "hyp-internal.h"

enum sr_kind { SR_NATIVE, SR_STORED, SR_ID, SR_FUNC };

#define SR_LIST		(1u << 0)	/* in the register list / ONE_REG */
#define SR_RO		(1u << 1)	/* guest writes UNDEF */
#define SR_WO		(1u << 2)	/* guest reads UNDEF */
#define SR_RESET	(1u << 3)	/* NATIVE: write .reset at vCPU reset */

struct sysreg_desc;
typedef int (*sr_read_fn)(struct hyp_vcpu *v, struct cpu *cpu, const struct sysreg_desc *d,
			  uint64_t *val);
typedef int (*sr_write_fn)(struct hyp_vcpu *v, struct cpu *cpu, const struct sysreg_desc *d,
			   uint64_t val);
typedef bool (*sr_check_fn)(struct hyp_vcpu *v, struct cpu *cpu, const struct sysreg_desc *d);

struct sysreg_desc {
	uint32_t key;
	const char *name;
	enum sr_kind kind;
	unsigned int flags;
	sr_check_fn el0_ok;		/* NULL: EL1 only (for non-NATIVE rows) */
	sr_check_fn visible;		/* NULL: always present */
	sr_read_fn read;		/* FUNC rows; STORED rows may override */
	sr_write_fn write;
	uint64_t reset;
};

/* ---- access checks ---- */

static uint64_t stored(struct hyp_vcpu *v, uint32_t key);

static bool el0_ctr(struct hyp_vcpu *v, struct cpu *cpu, const struct sysreg_desc *d)
{
	uint64_t sctlr = 0;

	(void)v; (void)d;
	cpu_sysreg_read(cpu, SYS_SCTLR_EL1, &sctlr);
	return SCTLR_EL1_UCT_GET(sctlr);
}

static bool el0_pmu(struct hyp_vcpu *v, struct cpu *cpu, const struct sysreg_desc *d)
{
	(void)cpu; (void)d;
	return stored(v, SYS_PMUSERENR_EL0) & 1;	/* PMUSERENR_EL0.EN */
}

/* CNTKCTL_EL1 (D17.8.?): EL0PCTEN 0, EL0VCTEN 1, EL0VTEN 8, EL0PTEN 9. */
static bool el0_timer(struct hyp_vcpu *v, struct cpu *cpu, const struct sysreg_desc *d)
{
	uint64_t k = v->timer.cntkctl;

	(void)cpu;
	switch (ARCH_SYSREG_CRM(d->key)) {
	case 0:
		if (ARCH_SYSREG_OP2(d->key) == 1)
			return k & 1;
		if (ARCH_SYSREG_OP2(d->key) == 2)
			return k & 2;
		return k & 3;				/* CNTFRQ_EL0 */
	case 2:
		return k & (1u << 9);
	case 3:
		return k & (1u << 8);
	default:
		return false;
	}
}

/* SPE registers exist for a vCPU with the SPE feature (spe.c). */
static bool spe_visible(struct hyp_vcpu *v, struct cpu *cpu, const struct sysreg_desc *d)
{
	(void)cpu;
	return hyp_spe_visible(v, d->key);
}

static int rd_spe(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t *val)
{
	(void)c;
	return hyp_spe_read(v, d->key, val);
}

static int wr_spe(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t val)
{
	(void)c;
	return hyp_spe_write(v, d->key, val);
}

/* ---- FUNC rows ---- */

static int rd_midr(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t *val)
{
	(void)c; (void)d;
	*val = v->vm->midr;
	return 0;
}

static int rd_mpidr(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t *val)
{
	(void)c; (void)d;
	*val = hyp_vcpu_mpidr(v);
	return 0;
}

static int rd_const(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t *val)
{
	(void)c;
	switch (d->key) {
	case SYS_REVIDR_EL1: *val = v->vm->revidr; break;
	case SYS_CTR_EL0: *val = v->vm->ctr; break;
	case SYS_CLIDR_EL1: *val = v->vm->clidr; break;
	case SYS_CCSIDR_EL1: *val = v->vm->ccsidr[stored(v, SYS_CSSELR_EL1) & 7]; break;
	default: *val = d->reset; break;
	}
	return 0;
}

static int wr_ignore(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t val)
{
	(void)v; (void)c; (void)d; (void)val;
	return 0;
}

static int rd_icc(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t *val)
{
	(void)c;
	return gicv3_icc_read(v->vm->gic, v->id, d->key, val) ? -ENOENT : 0;
}

static int wr_icc(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t val)
{
	if (gicv3_icc_write(v->vm->gic, v->id, d->key, val))
		return -ENOENT;
	/* An EOI, PMR or SGI may make an interrupt deliverable: stop soon. */
	if (c && gicv3_irq_pending(v->vm->gic, v->id))
		cpu_set_budget(c, cpu_now(c) + 1);
	return 0;
}

static int rd_timer(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t *val)
{
	return timer_sysreg_read(&v->timer, d->key, hyp_vcpu_counter(v, c), val) ? -ENOENT : 0;
}

static int wr_timer(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t val)
{
	if (timer_sysreg_write(&v->timer, d->key, hyp_vcpu_counter(v, c), val))
		return -ENOENT;
	if (c)
		hyp_vcpu_update_budget(v, c);
	return 0;
}

/* ---- STORED rows with behaviour ---- */

static int wr_oslar(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t val)
{
	(void)c; (void)d;
	/* OSLAR_EL1.OSLK sets OSLSR_EL1.OSLK; kept in storage slot 0. */
	v->sysregs[0] = val & 1;
	return 0;
}

/* ONE_REG only (the guest may not write OSLSR_EL1): restore the OS lock. */
static int wr_oslsr(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t val)
{
	(void)c; (void)d;
	v->sysregs[0] = OSLSR_EL1_OSLK_GET(val);
	return 0;
}

/* ONE_REG only: setting the virtual count sets CNTVOFF (KVM's TIMER_CNT). */
static int wr_cntvct(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t val)
{
	(void)d;
	v->timer.cntvoff = hyp_vcpu_counter(v, c) - val;
	return 0;
}

static int rd_oslsr(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t *val)
{
	(void)c; (void)d;
	/* OSLM = 0b10: the OS lock is implemented; OSLK from OSLAR. */
	*val = OSLSR_EL1_OSLM_HI_MASK | (v->sysregs[0] ? OSLSR_EL1_OSLK_MASK : 0);
	return 0;
}

/* SET/CLR register pairs share the SET row's storage. */
static uint32_t set_of(uint32_t key)
{
	switch (key) {
	case SYS_PMCNTENCLR_EL0: return SYS_PMCNTENSET_EL0;
	case SYS_PMINTENCLR_EL1: return SYS_PMINTENSET_EL1;
	case SYS_PMOVSCLR_EL0: return SYS_PMOVSSET_EL0;
	case SYS_DBGCLAIMCLR_EL1: return SYS_DBGCLAIMSET_EL1;
	default: return key;
	}
}

static uint64_t *slot_of(struct hyp_vcpu *v, uint32_t key);

static int rd_pair(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t *val)
{
	(void)c;
	*val = *slot_of(v, set_of(d->key));
	return 0;
}

static int wr_pair(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t val)
{
	uint64_t *s = slot_of(v, set_of(d->key));
	/* With PMCR_EL0.N = 0 only the cycle counter bit (31) exists. */
	uint64_t valid = ARCH_SYSREG_OP0(d->key) == 2 ? 0xff : 1ull << 31;

	(void)c;
	if (set_of(d->key) == d->key)
		*s |= val & valid;
	else
		*s &= ~(val & valid);
	return 0;
}

static int wr_pmcr(struct hyp_vcpu *v, struct cpu *c, const struct sysreg_desc *d, uint64_t val)
{
	uint64_t keep = PMCR_EL0_E_MASK | PMCR_EL0_D_MASK | PMCR_EL0_X_MASK |
			PMCR_EL0_DP_MASK | PMCR_EL0_LC_MASK;

	(void)c;
	*slot_of(v, d->key) = (d->reset & ~keep) | (val & keep);
	if (val & PMCR_EL0_C_MASK)
		*slot_of(v, SYS_PMCCNTR_EL0) = 0;	/* C: reset the cycle counter */
	return 0;
}

/* ---- the table ---- */

#define NATIVE(k, f)	{ .key = (k), .name = #k, .kind = SR_NATIVE, .flags = (f) }
#define STORED(k, f, r)	{ .key = (k), .name = #k, .kind = SR_STORED, .flags = SR_LIST | (f), \
			  .reset = (r) }
#define FUNC(k, f, rdf, wrf, el0) { .key = (k), .name = #k, .kind = SR_FUNC, .flags = (f), \
			  .read = (rdf), .write = (wrf), .el0_ok = (el0) }
#define PMU(k, f, r)	{ .key = (k), .name = #k, .kind = SR_STORED, .flags = SR_LIST | (f), \
			  .reset = (r), .el0_ok = el0_pmu }
#define PMU_PAIR(k)	{ .key = (k), .name = #k, .kind = SR_STORED, .flags = SR_LIST, \
			  .read = rd_pair, .write = wr_pair, .el0_ok = el0_pmu }
#define ID(crm, op2)	{ .key = ARCH_SYSREG(3, 0, 0, crm, op2), .name = "ID_" #crm "_" #op2, \
			  .kind = SR_ID, .flags = SR_LIST | SR_RO }
#define ID_ROW(crm)	ID(crm, 0), ID(crm, 1), ID(crm, 2), ID(crm, 3), \
			ID(crm, 4), ID(crm, 5), ID(crm, 6), ID(crm, 7)
#define DBG(n)		STORED(ARCH_SYSREG(2, 0, 0, n, 4), 0, 0), \
			STORED(ARCH_SYSREG(2, 0, 0, n, 5), 0, 0)
#define DBGW(n)		STORED(ARCH_SYSREG(2, 0, 0, n, 6), 0, 0), \
			STORED(ARCH_SYSREG(2, 0, 0, n, 7), 0, 0)
/* SPE rows: in ONE_REG and the list only for a vCPU with the feature (migration). */
#define SPE(k)		{ .key = (k), .name = #k, .kind = SR_FUNC, .visible = spe_visible, \
			  .read = rd_spe, .write = wr_spe, .flags = SR_LIST }
/* ID rows: ONE_REG may only "set" them to their value (a migration check). */
#define SPE_ID(k)	{ .key = (k), .name = #k, .kind = SR_FUNC, .visible = spe_visible, \
			  .read = rd_spe, .flags = SR_LIST | SR_RO }
#define ICC(crm, op2)	FUNC(ARCH_SYSREG(3, 0, 12, crm, op2), 0, rd_icc, wr_icc, NULL)
#define TIMER(k, f)	FUNC(k, f, rd_timer, wr_timer, el0_timer)

/* Slot 0 of every vCPU's storage is the OS lock (OSLAR/OSLSR). */
static const struct sysreg_desc table[] = {
	/* op0 = 2: debug (D17.3), stored only; 6 breakpoints, 4 watchpoints. */
	DBG(0), DBGW(0),
	DBG(1), DBGW(1),
	STORED(SYS_MDCCINT_EL1, 0, 0),
	STORED(SYS_MDSCR_EL1, 0, 0),
	DBG(2), DBGW(2),
	DBG(3), DBGW(3),
	DBG(4),
	DBG(5),
	FUNC(SYS_MDRAR_EL1, SR_LIST | SR_RO, rd_const, NULL, NULL),
	{ .key = SYS_OSLAR_EL1, .name = "OSLAR_EL1", .kind = SR_FUNC, .flags = SR_WO,
	  .write = wr_oslar },
	{ .key = SYS_OSLSR_EL1, .name = "OSLSR_EL1", .kind = SR_FUNC, .flags = SR_LIST | SR_RO,
	  .read = rd_oslsr, .write = wr_oslsr },
	STORED(SYS_OSDLR_EL1, 0, 0),
	STORED(SYS_DBGPRCR_EL1, 0, 0),
	{ .key = SYS_DBGCLAIMSET_EL1, .name = "DBGCLAIMSET_EL1", .kind = SR_STORED,
	  .flags = SR_LIST, .read = rd_pair, .write = wr_pair },
	{ .key = SYS_DBGCLAIMCLR_EL1, .name = "DBGCLAIMCLR_EL1", .kind = SR_STORED,
	  .read = rd_pair, .write = wr_pair },
	FUNC(SYS_DBGAUTHSTATUS_EL1, SR_LIST | SR_RO, rd_const, NULL, NULL),
	FUNC(SYS_MDCCSR_EL0, SR_LIST | SR_RO, rd_const, NULL, NULL),

	/* op0 = 3 */
	FUNC(SYS_MIDR_EL1, SR_LIST | SR_RO, rd_midr, NULL, NULL),
	FUNC(SYS_MPIDR_EL1, SR_LIST | SR_RO, rd_mpidr, NULL, NULL),
	FUNC(SYS_REVIDR_EL1, SR_LIST | SR_RO, rd_const, NULL, NULL),
	ID_ROW(1), ID_ROW(2), ID_ROW(3), ID_ROW(4), ID_ROW(5), ID_ROW(6), ID_ROW(7),
	{ .key = SYS_SCTLR_EL1, .name = "SCTLR_EL1", .kind = SR_NATIVE,
	  .flags = SR_LIST | SR_RESET,
	  /* RES1 bits of ARMv8.0 (29, 28, 23, 22, 20, 11): MMU and caches off. */
	  .reset = 0x30d00800 },
	NATIVE(ARCH_SYSREG(3, 0, 1, 0, 1), SR_LIST),		/* ACTLR_EL1 (IMPDEF) */
	NATIVE(SYS_CPACR_EL1, SR_LIST),
	NATIVE(SYS_TTBR0_EL1, SR_LIST),
	NATIVE(SYS_TTBR1_EL1, SR_LIST),
	NATIVE(SYS_TCR_EL1, SR_LIST),
	NATIVE(SYS_SPSR_EL1, 0),
	NATIVE(SYS_ELR_EL1, 0),
	NATIVE(SYS_SP_EL0, 0),
	NATIVE(SYS_SPSEL, 0),
	NATIVE(SYS_CURRENTEL, 0),
	FUNC(ARCH_SYSREG(3, 0, 4, 6, 0), 0, rd_icc, wr_icc, NULL),	/* ICC_PMR_EL1 */
	NATIVE(SYS_AFSR0_EL1, SR_LIST),
	NATIVE(SYS_AFSR1_EL1, SR_LIST),
	NATIVE(SYS_ESR_EL1, SR_LIST),
	NATIVE(SYS_FAR_EL1, SR_LIST),
	NATIVE(SYS_PAR_EL1, SR_LIST),
	SPE(SYS_PMSCR_EL1), SPE(SYS_PMSNEVFR_EL1), SPE(SYS_PMSICR_EL1), SPE(SYS_PMSIRR_EL1),
	SPE(SYS_PMSFCR_EL1), SPE(SYS_PMSEVFR_EL1), SPE(SYS_PMSLATFR_EL1), SPE_ID(SYS_PMSIDR_EL1),
	SPE(SYS_PMBLIMITR_EL1), SPE(SYS_PMBPTR_EL1), SPE(SYS_PMBSR_EL1), SPE_ID(SYS_PMBIDR_EL1),
	{ .key = SYS_PMINTENSET_EL1, .name = "PMINTENSET_EL1", .kind = SR_STORED,
	  .flags = SR_LIST, .read = rd_pair, .write = wr_pair },
	{ .key = SYS_PMINTENCLR_EL1, .name = "PMINTENCLR_EL1", .kind = SR_STORED,
	  .read = rd_pair, .write = wr_pair },
	NATIVE(SYS_MAIR_EL1, SR_LIST),
	NATIVE(SYS_AMAIR_EL1, SR_LIST),
	NATIVE(SYS_VBAR_EL1, SR_LIST),
	ICC(8, 0), ICC(8, 1), ICC(8, 2), ICC(8, 3),	/* IAR0 EOIR0 HPPIR0 BPR0 */
	ICC(8, 4), ICC(8, 5), ICC(8, 6), ICC(8, 7),	/* AP0R0..3 */
	ICC(9, 0), ICC(9, 1), ICC(9, 2), ICC(9, 3),	/* AP1R0..3 */
	ICC(11, 1), ICC(11, 3), ICC(11, 5), ICC(11, 6), ICC(11, 7), /* DIR RPR SGI1R ASGI1R SGI0R */
	ICC(12, 0), ICC(12, 1), ICC(12, 2), ICC(12, 3),	/* IAR1 EOIR1 HPPIR1 BPR1 */
	ICC(12, 4), ICC(12, 5), ICC(12, 6), ICC(12, 7),	/* CTLR SRE IGRPEN0 IGRPEN1 */
	NATIVE(SYS_CONTEXTIDR_EL1, SR_LIST),
	NATIVE(SYS_TPIDR_EL1, SR_LIST),
	TIMER(ARCH_SYSREG(3, 0, 14, 1, 0), SR_LIST),		/* CNTKCTL_EL1 */
	FUNC(SYS_CCSIDR_EL1, SR_RO, rd_const, NULL, NULL),
	FUNC(SYS_CLIDR_EL1, SR_LIST | SR_RO, rd_const, NULL, NULL),
	FUNC(SYS_AIDR_EL1, SR_LIST | SR_RO, rd_const, NULL, NULL),
	STORED(SYS_CSSELR_EL1, 0, 0),
	FUNC(SYS_CTR_EL0, SR_LIST | SR_RO, rd_const, NULL, el0_ctr),
	NATIVE(SYS_DCZID_EL0, 0),
	NATIVE(SYS_NZCV, 0),
	NATIVE(SYS_DAIF, 0),
	NATIVE(SYS_FPCR, 0),
	NATIVE(SYS_FPSR, 0),
	/* PMU (D17.5): PMUv3 with no event counters (PMCR_EL0.N = 0). */
	{ .key = SYS_PMCR_EL0, .name = "PMCR_EL0", .kind = SR_STORED, .flags = SR_LIST,
	  .write = wr_pmcr, .el0_ok = el0_pmu, .reset = 0x41000000 /* IMP = 'A' */ },
	PMU_PAIR(SYS_PMCNTENSET_EL0),
	PMU_PAIR(SYS_PMCNTENCLR_EL0),
	PMU_PAIR(SYS_PMOVSCLR_EL0),
	{ .key = SYS_PMSWINC_EL0, .name = "PMSWINC_EL0", .kind = SR_FUNC, .flags = SR_WO,
	  .write = wr_ignore, .el0_ok = el0_pmu },
	PMU(SYS_PMSELR_EL0, 0, 0),
	{ .key = SYS_PMCEID0_EL0, .name = "PMCEID0_EL0", .kind = SR_FUNC,
	  .flags = SR_LIST | SR_RO, .read = rd_const, .el0_ok = el0_pmu },
	{ .key = SYS_PMCEID1_EL0, .name = "PMCEID1_EL0", .kind = SR_FUNC,
	  .flags = SR_LIST | SR_RO, .read = rd_const, .el0_ok = el0_pmu },
	PMU(SYS_PMCCNTR_EL0, 0, 0),
	{ .key = SYS_PMXEVTYPER_EL0, .name = "PMXEVTYPER_EL0", .kind = SR_FUNC,
	  .read = rd_const, .write = wr_ignore, .el0_ok = el0_pmu },
	{ .key = SYS_PMXEVCNTR_EL0, .name = "PMXEVCNTR_EL0", .kind = SR_FUNC,
	  .read = rd_const, .write = wr_ignore, .el0_ok = el0_pmu },
	STORED(SYS_PMUSERENR_EL0, 0, 0),	/* EL0 may read it: see el0 rule below */
	PMU_PAIR(SYS_PMOVSSET_EL0),
	NATIVE(SYS_TPIDR_EL0, SR_LIST),
	NATIVE(SYS_TPIDRRO_EL0, SR_LIST),
	TIMER(ARCH_SYSREG(3, 3, 14, 0, 0), SR_RO),		/* CNTFRQ_EL0 */
	TIMER(ARCH_SYSREG(3, 3, 14, 0, 1), SR_RO),		/* CNTPCT_EL0 */
	{ .key = ARCH_SYSREG(3, 3, 14, 0, 2), .name = "CNTVCT_EL0", .kind = SR_FUNC,
	  .flags = SR_LIST | SR_RO, .read = rd_timer, .write = wr_cntvct,
	  .el0_ok = el0_timer },
	TIMER(ARCH_SYSREG(3, 3, 14, 2, 0), 0),			/* CNTP_TVAL_EL0 */
	TIMER(ARCH_SYSREG(3, 3, 14, 2, 1), SR_LIST),		/* CNTP_CTL_EL0 */
	TIMER(ARCH_SYSREG(3, 3, 14, 2, 2), SR_LIST),		/* CNTP_CVAL_EL0 */
	TIMER(ARCH_SYSREG(3, 3, 14, 3, 0), 0),			/* CNTV_TVAL_EL0 */
	TIMER(ARCH_SYSREG(3, 3, 14, 3, 1), SR_LIST),		/* CNTV_CTL_EL0 */
	TIMER(ARCH_SYSREG(3, 3, 14, 3, 2), SR_LIST),		/* CNTV_CVAL_EL0 */
	PMU(SYS_PMCCFILTR_EL0, 0, 0),
};

#define NR_ROWS	(sizeof(table) / sizeof(table[0]))

size_t hyp_sysreg_count(void)
{
	return NR_ROWS;
}

int hyp_sysreg_table_check(void)
{
	for (size_t i = 1; i < NR_ROWS; i++)
		if (table[i - 1].key >= table[i].key)
			return -EINVAL;
	return 0;
}

static int cmp_key(const void *k, const void *row)
{
	uint32_t a = *(const uint32_t *)k, b = ((const struct sysreg_desc *)row)->key;

	return a < b ? -1 : a > b;
}

static const struct sysreg_desc *find(uint32_t key)
{
	return bsearch(&key, table, NR_ROWS, sizeof(table[0]), cmp_key);
}

/* Storage: slot 0 is the OS lock; row i uses slot i + 1. */
static uint64_t *slot_of(struct hyp_vcpu *v, uint32_t key)
{
	const struct sysreg_desc *d = find(key);

	return &v->sysregs[d ? (size_t)(d - table) + 1 : 0];
}

static uint64_t stored(struct hyp_vcpu *v, uint32_t key)
{
	return *slot_of(v, key);
}

static int row_read(struct hyp_vcpu *v, struct cpu *cpu, const struct sysreg_desc *d,
		    uint64_t *val)
{
	if (d->read)
		return d->read(v, cpu, d, val);
	switch (d->kind) {
	case SR_NATIVE:
		return cpu_sysreg_read(cpu, d->key, val) ? -ENOENT : 0;
	case SR_STORED:
		*val = v->sysregs[(size_t)(d - table) + 1];
		return 0;
	case SR_ID:
		*val = v->vm->id_regs[HYP_ID_INDEX(d->key)];
		if (d->key == SYS_ID_AA64DFR0_EL1)
			*val = hyp_spe_dfr0(v, *val);	/* PMSVer per vCPU */
		return 0;
	default:
		*val = 0;
		return 0;
	}
}

static int row_write(struct hyp_vcpu *v, struct cpu *cpu, const struct sysreg_desc *d,
		     uint64_t val)
{
	if (d->write)
		return d->write(v, cpu, d, val);
	switch (d->kind) {
	case SR_NATIVE:
		return cpu_sysreg_write(cpu, d->key, val) ? -ENOENT : 0;
	case SR_STORED:
		v->sysregs[(size_t)(d - table) + 1] = val;
		return 0;
	default:
		return -EINVAL;
	}
}

/* TLBI and IC are broadcast by hardware: replay them on the other CPUs. */
static void sys_broadcast(struct hyp_vcpu *v, struct cpu *cpu, struct cpu_sysreg_access *acc)
{
	struct hyp_vm *vm = v->vm;

	if (ARCH_SYSREG_CRN(acc->key) == 8) {		/* TLBI */
		for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++)
			if (vm->pcpus[i].cpu != cpu)
				cpu_flush_tlb(vm->pcpus[i].cpu);
		/* A pinned SPE buffer may have moved: walk it again before going on. */
		if (hyp_mm_tlbi(vm))
			cpu_set_budget(cpu, cpu_now(cpu) + 1);
	} else if (ARCH_SYSREG_CRN(acc->key) == 7 && ARCH_SYSREG_CRM(acc->key) == 5 &&
		   ARCH_SYSREG_OP2(acc->key) == 1) {	/* IC IVAU */
		uint64_t pa, len;

		/* The line as this CPU names it: the others may be elsewhere. */
		if (!cpu_ic_line(cpu, acc->val, &pa, &len))
			return;
		for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++)
			if (vm->pcpus[i].cpu != cpu)
				cpu_flush_code(vm->pcpus[i].cpu, pa, pa + len);
	} else if (ARCH_SYSREG_CRN(acc->key) == 7 && ARCH_SYSREG_OP2(acc->key) == 0 &&
		   (ARCH_SYSREG_CRM(acc->key) == 1 || ARCH_SYSREG_CRM(acc->key) == 5)) {
		/* IC IALLUIS / IC IALLU: drop every translation elsewhere. */
		for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++)
			if (vm->pcpus[i].cpu != cpu)
				cpu_flush_all_code(vm->pcpus[i].cpu);
	}
}

enum cpu_sysreg_result hyp_sysreg_trap(void *opaque, struct cpu *cpu,
				       struct cpu_sysreg_access *acc)
{
	struct hyp_pcpu *pcpu = opaque;
	struct hyp_vcpu *v = pcpu->loaded;
	const struct sysreg_desc *d;
	int err;

	if (!v)
		return CPU_SYSREG_UNDEF;
	if (spe_sysreg_name(acc->key)) {
		/* An SPE encoding reaches the physical CPU's unit first (UNDEF without one). */
		enum spe_access a = hyp_spe_route(pcpu, acc);

		if (a == SPE_ACCESS_OK)
			return CPU_SYSREG_DONE;
		if (a == SPE_ACCESS_UNDEF)
			return CPU_SYSREG_UNDEF;
	}
	if (ARCH_SYSREG_OP0(acc->key) == 1) {	/* SYS: caches, TLBs, AT */
		if (acc->is_write)
			sys_broadcast(v, cpu, acc);
		return CPU_SYSREG_NATIVE;
	}
	d = find(acc->key);
	if (!d || (d->visible && !d->visible(v, cpu, d)))
		return CPU_SYSREG_UNDEF;
	if (d->kind == SR_NATIVE)
		return CPU_SYSREG_NATIVE;	/* QEMU checks EL and access */
	if (cpu_el(cpu) == 0 && (!d->el0_ok || !d->el0_ok(v, cpu, d)) &&
	    !(d->key == SYS_PMUSERENR_EL0 && !acc->is_write))
		return CPU_SYSREG_UNDEF;
	if (acc->is_write ? (d->flags & SR_RO) != 0 : (d->flags & SR_WO) != 0)
		return CPU_SYSREG_UNDEF;
	if (acc->is_write && !d->write && d->kind != SR_STORED)
		return CPU_SYSREG_UNDEF;
	err = acc->is_write ? row_write(v, cpu, d, acc->val) : row_read(v, cpu, d, &acc->val);
	return err ? CPU_SYSREG_UNDEF : CPU_SYSREG_DONE;
}

/*
 * An EL0 MRS/MSR of a register EL0 may be given access to (CTR_EL0 by UCT,
 * the counters and timers by CNTKCTL_EL1, the PMU by PMUSERENR_EL0) that was
 * refused: that is a trap to EL1 with EC 0x18, not an UNDEF (D19.2 ESR_EL1).
 * *iss gets its syndrome.
 */
bool hyp_sysreg_el0_trap(uint32_t insn, uint32_t *iss)
{
	const struct sysreg_desc *d;
	uint32_t op0, op1, crn, crm, op2, rt;

	/* MRS/MSR (register): 1101 0101 00 L 1 o0 op1 CRn CRm op2 Rt */
	if ((insn & 0xffd00000u) != 0xd5100000u)
		return false;
	op0 = 2 + ((insn >> 19) & 1);
	op1 = (insn >> 16) & 7;
	crn = (insn >> 12) & 15;
	crm = (insn >> 8) & 15;
	op2 = (insn >> 5) & 7;
	rt = insn & 31;
	d = find(ARCH_SYSREG(op0, op1, crn, crm, op2));
	if (!d || !d->el0_ok)
		return false;
	*iss = (uint32_t)(ESR_ISS_SYS_Op0_PREP(op0) | ESR_ISS_SYS_Op2_PREP(op2) |
			  ESR_ISS_SYS_Op1_PREP(op1) | ESR_ISS_SYS_CRn_PREP(crn) |
			  ESR_ISS_SYS_Rt_PREP(rt) | ESR_ISS_SYS_CRm_PREP(crm) |
			  ESR_ISS_SYS_DIR_READ_PREP((insn >> 21) & 1));
	return true;
}

void hyp_sysreg_reset(struct hyp_vcpu *v, struct cpu *cpu)
{
	v->sysregs[0] = 0;
	for (size_t i = 0; i < NR_ROWS; i++) {
		const struct sysreg_desc *d = &table[i];

		v->sysregs[i + 1] = d->kind == SR_STORED ? d->reset : 0;
		if (d->kind == SR_NATIVE && (d->flags & SR_RESET))
			cpu_sysreg_write(cpu, d->key, d->reset);
	}
}

int hyp_sysreg_get(struct hyp_vcpu *v, struct cpu *cpu, uint32_t key, uint64_t *val)
{
	const struct sysreg_desc *d = find(key);

	if (!d || !(d->flags & SR_LIST) || (d->visible && !d->visible(v, cpu, d)))
		return -ENOENT;
	return row_read(v, cpu, d, val) ? -EINVAL : 0;
}

int hyp_sysreg_set(struct hyp_vcpu *v, struct cpu *cpu, uint32_t key, uint64_t val)
{
	const struct sysreg_desc *d = find(key);
	uint64_t cur = 0;

	if (!d || !(d->flags & SR_LIST) || (d->visible && !d->visible(v, cpu, d)))
		return -ENOENT;
	/*
	 * Read-only to the guest: ONE_REG may restore state through a write
	 * function (OSLSR, CNTVCT); identification registers may only be "set"
	 * to what they are (KVM).
	 */
	if ((d->flags & SR_RO) && !d->write) {
		row_read(v, cpu, d, &cur);
		return cur == val ? 0 : -EINVAL;
	}
	return row_write(v, cpu, d, val) ? -EINVAL : 0;
}

size_t hyp_sysreg_list(struct hyp_vcpu *v, uint64_t *ids, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; i < NR_ROWS; i++) {
		if (!(table[i].flags & SR_LIST) ||
		    (table[i].visible && !table[i].visible(v, NULL, &table[i])))
			continue;
		if (ids && n < cap)
			ids[n] = VSPE_REG_SYSREG(table[i].key);
		n++;
	}
	return n;
}

/*
 * Identification values: what the CPU model reports, minus what vspe does
 * not virtualise (SPE, EL2/EL3, AArch32), plus the GICv3 system registers.
 */
void hyp_vm_probe_ids(struct hyp_vm *vm, struct cpu *cpu)
{
	uint64_t v;

	for (unsigned int i = 8; i < HYP_ID_REGS; i++) {
		uint32_t key = ARCH_SYSREG(3, 0, 0, i >> 3, i & 7);

		vm->id_regs[i] = cpu_sysreg_read(cpu, key, &v) == CPU_OK ? v : 0;
	}
	/* AArch32 ID registers (CRm 1..3): RAZ, there is no AArch32 here. */
	for (unsigned int i = 8; i < 32; i++)
		vm->id_regs[i] = 0;
	v = vm->id_regs[HYP_ID_INDEX(SYS_ID_AA64PFR0_EL1)];
	v &= ~(ID_AA64PFR0_EL1_EL0_MASK | ID_AA64PFR0_EL1_EL1_MASK | ID_AA64PFR0_EL1_EL2_MASK |
	       ID_AA64PFR0_EL1_EL3_MASK | ID_AA64PFR0_EL1_GIC_MASK | ID_AA64PFR0_EL1_SVE_MASK |
	       ID_AA64PFR0_EL1_AMU_MASK | ID_AA64PFR0_EL1_MPAM_MASK | ID_AA64PFR0_EL1_RAS_MASK);
	v |= ID_AA64PFR0_EL1_EL0_PREP(1) | ID_AA64PFR0_EL1_EL1_PREP(1) |
	     ID_AA64PFR0_EL1_GIC_PREP(1);
	vm->id_regs[HYP_ID_INDEX(SYS_ID_AA64PFR0_EL1)] = v;
	v = vm->id_regs[HYP_ID_INDEX(SYS_ID_AA64DFR0_EL1)];
	v &= ~(ID_AA64DFR0_EL1_PMSVer_MASK | ID_AA64DFR0_EL1_TraceVer_MASK |
	       ID_AA64DFR0_EL1_BRPs_MASK | ID_AA64DFR0_EL1_WRPs_MASK |
	       ID_AA64DFR0_EL1_CTX_CMPs_MASK | ID_AA64DFR0_EL1_TraceBuffer_MASK |
	       ID_AA64DFR0_EL1_BRBE_MASK);
	/* 6 breakpoints, 4 watchpoints (the table's DBG rows), 1 context-aware. */
	v |= ID_AA64DFR0_EL1_BRPs_PREP(5) | ID_AA64DFR0_EL1_WRPs_PREP(3) |
	     ID_AA64DFR0_EL1_PMSVer_PREP(ID_AA64DFR0_EL1_PMSVer_NI);
	vm->id_regs[HYP_ID_INDEX(SYS_ID_AA64DFR0_EL1)] = v;
	vm->id_regs[HYP_ID_INDEX(SYS_ID_AA64ZFR0_EL1)] = 0;
	vm->midr = cpu_sysreg_read(cpu, SYS_MIDR_EL1, &v) == CPU_OK ? v : 0x410fd083;
	/* A CPU model's MIDR, as VPIDR_EL2 passes the physical one (docs/errata.md). */
	if (vm->cfg.midr[0])
		vm->midr = vm->cfg.midr[0];
	vm->revidr = cpu_sysreg_read(cpu, SYS_REVIDR_EL1, &v) == CPU_OK ? v : 0;
	vm->ctr = cpu_sysreg_read(cpu, SYS_CTR_EL0, &v) == CPU_OK ? v : 0;
	vm->clidr = cpu_sysreg_read(cpu, SYS_CLIDR_EL1, &v) == CPU_OK ? v : 0;
	for (unsigned int i = 0; i < 8; i++) {
		vm->ccsidr[i] = 0;
		if (cpu_sysreg_write(cpu, SYS_CSSELR_EL1, i) == CPU_OK &&
		    cpu_sysreg_read(cpu, SYS_CCSIDR_EL1, &v) == CPU_OK)
			vm->ccsidr[i] = v;
	}
	cpu_sysreg_write(cpu, SYS_CSSELR_EL1, 0);
}
