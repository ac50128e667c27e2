// SPDX-License-Identifier: GPL-2.0-only
// spe-hostprof: the guest's view while the host profiles it with the same
// unit (docs/host-profiling.md). Command line policy=exclusive (run with
// --host-profile --spe-policy exclusive-host): the feature is there
// (PMSVer != 0), PMBIDR_EL1.P reads 1, the driver's probe refuses without
// an UNDEF, and every other SPE register UNDEFs. policy=share (run with
// --host-profile): the unit looks like the guest's own and a session
// writes records with PCs in this image, only fewer of them.
#include "report.h"
#include "spe.h"
#include "spe_args.h"
#include "spe_regs.h"
#include "sysreg.h"
#include "workload.h"

#define BUF_SIZE	(64u << 10)

static uint8_t buf[BUF_SIZE] __attribute__((aligned(4096)));
static struct branchy branchy;

static void exclusive(void)
{
	struct spe_caps caps;
	struct spe_reg_access a;
	unsigned int undefs = 0;

	report(spe_probe(&caps) == -1 && !caps.usable, "probe refuses: the buffer is not EL1's");
	report(PMBIDR_EL1_P_GET(caps.pmbidr) == 1, "PMBIDR_EL1 0x%llx: P = 1 (a higher EL owns it)",
	       (unsigned long long)caps.pmbidr);
	report(caps.pmsidr == 0, "PMSIDR_EL1 not read by the probe");
	for (unsigned int i = 0; i < SPE_NR_REGS; i++) {
		if (spe_regs[i].key == SYS_PMBIDR_EL1 || spe_regs[i].key == SYS_PMSNEVFR_EL1)
			continue;
		spe_regs[i].rd(&a);
		undefs += a.undef && ESR_EC_GET(a.esr) == ESR_EC_UNKNOWN;
	}
	report(undefs == SPE_NR_REGS - 2, "%u of %u other SPE registers UNDEFINED on read",
	       undefs, SPE_NR_REGS - 2);
	spe_reg_find(SYS_PMSCR_EL1)->wr(PMSCR_EL1_E1SPE_MASK, &a);
	report(a.undef, "MSR PMSCR_EL1: UNDEFINED (nothing starts)");
	spe_reg_find(SYS_PMBIDR_EL1)->rd(&a);
	report(!a.undef && PMBIDR_EL1_P_GET(a.val), "PMBIDR_EL1 still readable, P = 1");
}

static void share(void)
{
	struct spe_caps caps;
	struct spe_session s = {
		.buf = buf, .size = BUF_SIZE, .interval = 1024,
		.pmscr = PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_TS_MASK,
	};
	struct spe_cpu_stats st;
	size_t len;

	report(spe_probe(&caps) == 0, "probe: usable (P = 0), as if the host were not there");
	report(branchy_init(&branchy, 4096, 0x5e5e) == 0, "workload ready");
	report(spe_start(&caps, &s) == 0, "session started");
	branchy_run(&branchy, 64);
	len = spe_stop(&s);
	spe_cpu_stats(0, &st);
	report(len > 0 && !st.stopped && st.faults == 0, "%zu bytes of records, no fault", len);
}

int main(void)
{
	uint64_t dfr0 = read_sysreg(id_aa64dfr0_el1);
	uint64_t policy = spe_args_uint("exclusive", 0);

	spe_regs_catch_undef();
	if (ID_AA64DFR0_EL1_PMSVer_GET(dfr0) == 0) {
		report_skip("no SPE: ID_AA64DFR0_EL1.PMSVer == 0");
		return report_summary();
	}
	report(1, "ID_AA64DFR0_EL1.PMSVer %llu: the feature is offered",
	       (unsigned long long)ID_AA64DFR0_EL1_PMSVer_GET(dfr0));
	if (policy)
		exclusive();
	else
		share();
	return report_summary();
}
