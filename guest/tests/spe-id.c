// SPDX-License-Identifier: GPL-2.0-only
// spe-id: the SPE ID registers a vCPU with the SPE feature sees, exactly
// as vspe offers them (docs/spe-unit.md "Model choices"): PMSVer is the
// version of the host's units (command line pmsver=N, default 2 = v1.1),
// PMBIDR_EL1 says the buffer is EL1's (P = 0), PMSIDR_EL1 describes the
// unit, and both ID registers are read-only (MSR UNDEFINED).
#include "report.h"
#include "spe.h"
#include "spe_args.h"
#include "spe_regs.h"
#include "sysreg.h"

static void check_ro(uint32_t key)
{
	const struct spe_reg *r = spe_reg_find(key);
	struct spe_reg_access a;

	r->wr(0, &a);
	report(a.undef && ESR_EC_GET(a.esr) == ESR_EC_UNKNOWN && a.elr == a.pc,
	       "MSR %s: UNDEFINED (EC 0x%llx, ELR at the MSR)", r->name,
	       (unsigned long long)ESR_EC_GET(a.esr));
}

int main(void)
{
	unsigned int want = (unsigned int)spe_args_uint("pmsver", 2);
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
	unsigned int ver = (unsigned int)ID_AA64DFR0_EL1_PMSVer_GET(dfr0);
	struct spe_caps caps;

	if (ver == 0) {
		report_skip("no SPE: ID_AA64DFR0_EL1.PMSVer == 0");
		return report_summary();
	}
	report(ver == want, "ID_AA64DFR0_EL1.PMSVer %u == %u", ver, want);
	report(spe_probe(&caps) == 0, "probe: usable (P = 0, sizes in 16..2048)");

	uint64_t pmbidr = caps.pmbidr;
	uint64_t want_bidr = PMBIDR_EL1_EA_PREP(PMBIDR_EL1_EA_IGNORED);

	report(pmbidr == want_bidr, "PMBIDR_EL1 0x%llx == 0x%llx (Align 0, P 0, F 0, EA ignored)",
	       (unsigned long long)pmbidr, (unsigned long long)want_bidr);

	uint64_t want_sidr = PMSIDR_EL1_FE_PREP(1) | PMSIDR_EL1_FT_PREP(1) | PMSIDR_EL1_FL_PREP(1) |
		PMSIDR_EL1_ARCHINST_PREP(1) | PMSIDR_EL1_LDS_PREP(1) |
		PMSIDR_EL1_FnE_PREP(want >= 3) | PMSIDR_EL1_INTERVAL_PREP(PMSIDR_EL1_INTERVAL_256) |
		PMSIDR_EL1_MAXSIZE_PREP(6) |
		PMSIDR_EL1_COUNTSIZE_PREP(PMSIDR_EL1_COUNTSIZE_12_BIT_SAT);

	report(caps.pmsidr == want_sidr, "PMSIDR_EL1 0x%llx == 0x%llx", (unsigned long long)caps.pmsidr,
	       (unsigned long long)want_sidr);
	report(caps.min_interval == 256 && caps.max_record == 64 && caps.align == 1 &&
	       caps.count_bits == 12, "decoded: interval 256, records <= 64 B, align 1, 12-bit counters");
	report(caps.fe && caps.ft && caps.fl && caps.fne == (want >= 3) && caps.archinst &&
	       caps.lds && !caps.ernd, "decoded: FE FT FL ArchInst LDS, FnE only from v1.2, no ERnd");
	report(PMSIDR_EL1_FORMAT_GET(caps.pmsidr) == 0 && (caps.pmsidr & PMSIDR_EL1_RES0) == 0,
	       "PMSIDR_EL1.Format 0, RES0 bits 0");
	/* The same values again (ID registers do not change). */
	report(read_sysreg_key(SYS_PMSIDR_EL1) == caps.pmsidr &&
	       read_sysreg_key(SYS_PMBIDR_EL1) == caps.pmbidr, "ID registers stable");

	spe_regs_catch_undef();
	check_ro(SYS_PMSIDR_EL1);
	check_ro(SYS_PMBIDR_EL1);
	return report_summary();
}
