// SPDX-License-Identifier: GPL-2.0-only
// spe-regs: every SPE register as the guest sees it (spe-architecture.md
// §1): the value at reset (vspe's documented choice: 0; PMBLIMITR_EL1.E is
// architecturally 0), which bits hold what is written (all-ones reads back
// exactly the register's fields for the offered version, RES0 bits read 0),
// zero reads back zero, PMSNEVFR_EL1 exists only from v1.2, and a direct
// write of PMBSR_EL1.S raises the buffer-management PPI, clearing it drops it.
// Command line pmsver=N: the version vspe was started with (default 2).
#include "gic.h"
#include "report.h"
#include "spe.h"
#include "spe_args.h"
#include "spe_regs.h"
#include "sysreg.h"

static unsigned int ver;

/* Events the unit can filter on (docs/spe-unit.md): 1, 3, 5, 7; +11 in v1.1; +6 in v1.2. */
static uint64_t events_mask(void)
{
	uint64_t m = 1u << 1 | 1u << 3 | 1u << 5 | 1u << 7;

	if (ver >= 2)
		m |= 1u << 11;
	if (ver >= 3)
		m |= 1u << 6;
	return m;
}

static uint64_t writable(uint32_t key)
{
	switch (key) {
	case SYS_PMSCR_EL1:
		/* No FEAT_ECV: PCT is one bit (6). */
		return PMSCR_EL1_E0SPE_MASK | PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_CX_MASK |
		       PMSCR_EL1_PA_MASK | PMSCR_EL1_TS_MASK | PMSCR_EL1_PCT_PREP(1);
	case SYS_PMSNEVFR_EL1:
	case SYS_PMSEVFR_EL1:
		return events_mask();
	case SYS_PMSICR_EL1:
		return PMSICR_EL1_COUNT_MASK;		/* no ERnd: ECOUNT is RES0 */
	case SYS_PMSIRR_EL1:
		return PMSIRR_EL1_INTERVAL_MASK | PMSIRR_EL1_RND_MASK;
	case SYS_PMSFCR_EL1:
		return PMSFCR_EL1_FE_MASK | PMSFCR_EL1_FT_MASK | PMSFCR_EL1_FL_MASK |
		       PMSFCR_EL1_B_MASK | PMSFCR_EL1_LD_MASK | PMSFCR_EL1_ST_MASK |
		       (ver >= 3 ? PMSFCR_EL1_FnE_MASK : 0);
	case SYS_PMSLATFR_EL1:
		return 0xfff;				/* 12-bit counters: MINLAT[15:12] RES0 */
	case SYS_PMBLIMITR_EL1:
		return PMBLIMITR_EL1_LIMIT_MASK | PMBLIMITR_EL1_FM_MASK | PMBLIMITR_EL1_E_MASK |
		       (ver >= 3 ? PMBLIMITR_EL1_PMFZ_MASK : 0);
	case SYS_PMBPTR_EL1:
		return ~0ull;
	case SYS_PMBSR_EL1:
		return PMBSR_EL1_EC_MASK | PMBSR_EL1_DL_MASK | PMBSR_EL1_EA_MASK |
		       PMBSR_EL1_S_MASK | PMBSR_EL1_COLL_MASK | PMBSR_EL1_MSS_MASK;
	default:
		return 0;
	}
}

static bool exists(const struct spe_reg *r)
{
	return r->key != SYS_PMSNEVFR_EL1 || ver >= 3;
}

static void test_reset(void)
{
	for (unsigned int i = 0; i < SPE_NR_REGS; i++) {
		const struct spe_reg *r = &spe_regs[i];
		struct spe_reg_access a;

		if (r->ro || !exists(r))
			continue;
		r->rd(&a);
		report(!a.undef && a.val == 0, "%s reads 0 after reset (0x%llx)", r->name,
		       (unsigned long long)a.val);
	}
}

static void test_rw(void)
{
	for (unsigned int i = 0; i < SPE_NR_REGS; i++) {
		const struct spe_reg *r = &spe_regs[i];
		struct spe_reg_access w, a;

		if (r->ro)
			continue;
		if (!exists(r)) {
			r->rd(&a);
			r->wr(~0ull, &w);
			report(a.undef && w.undef && a.elr == a.pc && w.elr == w.pc &&
			       ESR_EC_GET(a.esr) == ESR_EC_UNKNOWN && ESR_EC_GET(w.esr) == ESR_EC_UNKNOWN,
			       "%s: MRS and MSR UNDEFINED before v1.2", r->name);
			continue;
		}
		/* One register at a time, so no session can start (PMSCR and PMBLIMITR never both set). */
		r->wr(~0ull, &w);
		r->rd(&a);
		report(!w.undef && !a.undef && a.val == writable(r->key),
		       "%s: all-ones reads 0x%llx (want 0x%llx)", r->name,
		       (unsigned long long)a.val, (unsigned long long)writable(r->key));
		r->wr(0, &w);
		r->rd(&a);
		report(a.val == 0, "%s: 0 reads 0", r->name);
	}
}

static void test_pmbsr_line(void)
{
	const uint64_t svc = PMBSR_EL1_S_MASK | PMBSR_MSS_BSC_PREP(PMBSR_MSS_BSC_FULL);

	gic_irq_set_edge(SPE_PMBIRQ_INTID, false);
	gic_irq_enable(SPE_PMBIRQ_INTID);	/* interrupts stay masked (DAIF.I) */
	report(!gic_irq_is_pending(SPE_PMBIRQ_INTID), "PPI %u idle", SPE_PMBIRQ_INTID);
	write_sysreg_key(SYS_PMBSR_EL1, svc);
	isb();
	report(gic_irq_is_pending(SPE_PMBIRQ_INTID), "PMBSR_EL1.S = 1 raises PPI %u",
	       SPE_PMBIRQ_INTID);
	report(read_sysreg_key(SYS_PMBSR_EL1) == svc, "PMBSR_EL1 keeps the written syndrome");
	write_sysreg_key(SYS_PMBSR_EL1, 0);
	isb();
	report(!gic_irq_is_pending(SPE_PMBIRQ_INTID), "PMBSR_EL1.S = 0 drops it (level-sensitive)");
	gic_irq_disable(SPE_PMBIRQ_INTID);
}

int main(void)
{
	ver = (unsigned int)spe_args_uint("pmsver", 2);
	if (ID_AA64DFR0_EL1_PMSVer_GET(read_sysreg(id_aa64dfr0_el1)) == 0) {
		report_skip("no SPE: ID_AA64DFR0_EL1.PMSVer == 0");
		return report_summary();
	}
	spe_regs_catch_undef();
	test_reset();
	test_rw();
	test_pmbsr_line();
	return report_summary();
}
