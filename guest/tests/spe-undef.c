// SPDX-License-Identifier: GPL-2.0-only
// spe-undef: a vCPU without the SPE feature (vspe run without --spe, or
// QEMU, which has no SPE) sees ID_AA64DFR0_EL1.PMSVer == 0 and every SPE
// register UNDEFINED (spe-architecture.md §0: "all SPE system registers
// UNDEFINED"; KVM traps and injects UNDEF): each MRS and each MSR takes
// one exception with EC 0 and ELR at the instruction, and leaves the
// destination register alone.
#include "report.h"
#include "spe_regs.h"
#include "sysreg.h"

int main(void)
{
	if (ID_AA64DFR0_EL1_PMSVer_GET(read_sysreg(id_aa64dfr0_el1)) != 0) {
		report_skip("this CPU has SPE: ID_AA64DFR0_EL1.PMSVer != 0");
		return report_summary();
	}
	spe_regs_catch_undef();
	for (unsigned int i = 0; i < SPE_NR_REGS; i++) {
		const struct spe_reg *r = &spe_regs[i];
		struct spe_reg_access a;

		r->rd(&a);
		report(a.undef && ESR_EC_GET(a.esr) == ESR_EC_UNKNOWN && ESR_IL_GET(a.esr) == 1 &&
		       a.elr == a.pc && a.val == 0, "MRS %s: UNDEFINED (ESR 0x%llx), x9 untouched",
		       r->name, (unsigned long long)a.esr);
		r->wr(~0ull, &a);
		report(a.undef && ESR_EC_GET(a.esr) == ESR_EC_UNKNOWN && a.elr == a.pc,
		       "MSR %s: UNDEFINED (ESR 0x%llx)", r->name, (unsigned long long)a.esr);
	}
	return report_summary();
}
