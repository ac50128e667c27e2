// SPDX-License-Identifier: GPL-2.0-only
// sysregs: the EL1 system registers that real guests (Linux, kvm-unit-tests)
// touch at boot, for timers, the PMU and debug (shared/docs/guest-compat.md)
// can be read without an exception, and the plain storage registers keep
// what is written to them.
#include "console.h"
#include "exception.h"
#include "report.h"
#include "runtime.h"
#include "sysreg.h"

static volatile unsigned int undef_count;
static volatile uint64_t undef_esr;

static void undef_handler(struct exc_frame *frame)
{
	undef_count++;
	undef_esr = frame->esr;
	frame->elr += 4;
}

/* One reader per register: the name must be an assembler operand. */
#define READER(r) static uint64_t read_##r(void) { return read_sysreg(r); }
#define ENTRY(r) { #r, read_##r },

#define BOOT_REGS(X) X(sctlr_el1) X(tcr_el1) X(mair_el1) X(ttbr0_el1) X(ttbr1_el1) \
	X(vbar_el1) X(cpacr_el1) X(midr_el1) X(mpidr_el1) X(revidr_el1) \
	X(id_aa64pfr0_el1) X(id_aa64pfr1_el1) X(id_aa64isar0_el1) X(id_aa64isar1_el1) \
	X(id_aa64mmfr0_el1) X(id_aa64mmfr1_el1) X(id_aa64mmfr2_el1) X(id_aa64dfr0_el1) \
	X(id_aa64dfr1_el1) X(id_aa64afr0_el1) X(id_aa64afr1_el1) X(ctr_el0) X(clidr_el1) \
	X(csselr_el1) X(ccsidr_el1) X(dczid_el0) X(amair_el1) X(par_el1) X(afsr0_el1) \
	X(afsr1_el1) X(contextidr_el1) X(tpidr_el0) X(tpidr_el1) X(tpidrro_el0) \
	X(esr_el1) X(far_el1) X(elr_el1) X(spsr_el1) X(sp_el0)
#define TIMER_REGS(X) X(cntfrq_el0) X(cntvct_el0) X(cntpct_el0) X(cntkctl_el1) \
	X(cntv_ctl_el0) X(cntv_cval_el0) X(cntv_tval_el0) \
	X(cntp_ctl_el0) X(cntp_cval_el0) X(cntp_tval_el0)
#define PMU_REGS(X) X(pmcr_el0) X(pmceid0_el0) X(pmceid1_el0) X(pmselr_el0) \
	X(pmccntr_el0) X(pmccfiltr_el0) X(pmcntenset_el0) X(pmcntenclr_el0) \
	X(pmintenset_el1) X(pmintenclr_el1) X(pmovsclr_el0) X(pmuserenr_el0)
#define DEBUG_REGS(X) X(mdscr_el1) X(oslsr_el1) X(mdccint_el1) X(dbgbcr0_el1) \
	X(dbgbvr0_el1) X(dbgwcr0_el1) X(dbgwvr0_el1) X(dbgbcr1_el1) X(dbgbvr1_el1)

BOOT_REGS(READER)
TIMER_REGS(READER)
PMU_REGS(READER)
DEBUG_REGS(READER)

struct reg_reader {
	const char *name;
	uint64_t (*read)(void);
};

static const struct reg_reader boot_regs[] = { BOOT_REGS(ENTRY) };
static const struct reg_reader timer_regs[] = { TIMER_REGS(ENTRY) };
static const struct reg_reader pmu_regs[] = { PMU_REGS(ENTRY) };
static const struct reg_reader debug_regs[] = { DEBUG_REGS(ENTRY) };

static void check_group(const char *group, const struct reg_reader *regs, unsigned int n)
{
	unsigned int bad = 0;

	for (unsigned int i = 0; i < n; i++) {
		unsigned int before = undef_count;

		(void)regs[i].read();
		if (undef_count != before) {
			bad++;
			printf("INFO: MRS %s trapped: ESR 0x%llx\n", regs[i].name,
			       (unsigned long long)undef_esr);
		}
	}
	report(bad == 0, "%s: %u registers read at EL1 without an exception", group, n);
}

/* Registers that are plain storage must return what was written. */
static void check_storage(void)
{
	static const uint64_t pattern = 0x0123456789abcdefull;
	unsigned int before = undef_count;
	uint64_t saved_tpidr = read_sysreg(tpidr_el1);	/* the runtime's CPU index */

	write_sysreg(tpidr_el0, pattern);
	write_sysreg(tpidr_el1, ~pattern);
	write_sysreg(tpidrro_el0, pattern ^ 0xff);
	write_sysreg(contextidr_el1, 0x1234);	/* PROCID is 32 bits */
	isb();
	bool kept = read_sysreg(tpidr_el0) == pattern && read_sysreg(tpidr_el1) == ~pattern &&
		    read_sysreg(tpidrro_el0) == (pattern ^ 0xff);

	write_sysreg(tpidr_el1, saved_tpidr);
	isb();
	report(kept, "TPIDR_EL0, TPIDR_EL1, TPIDRRO_EL0 keep 64-bit values");
	report(read_sysreg(contextidr_el1) == 0x1234, "CONTEXTIDR_EL1 keeps its value");

	/* The OS lock (D2.5): a guest unlocks it at boot; OSLSR.OSLK follows. */
	write_sysreg(oslar_el1, 0);
	isb();
	report(OSLSR_EL1_OSLK_GET(read_sysreg(oslsr_el1)) == 0, "OSLAR_EL1 = 0 clears OSLSR_EL1.OSLK");
	write_sysreg(osdlr_el1, 0);
	isb();
	report(undef_count == before, "the writes caused no exception");
}

/* CSSELR selects which cache CCSIDR describes (D19.2). */
static void check_cache_ids(void)
{
	write_sysreg(csselr_el1, 0);	/* level 1 data or unified */
	isb();
	uint64_t ccsidr = read_sysreg(ccsidr_el1);

	report(read_sysreg(csselr_el1) == 0, "CSSELR_EL1 reads back 0");
	report(ccsidr != 0, "CCSIDR_EL1 for L1 data is 0x%llx (not zero)",
	       (unsigned long long)ccsidr);
	report(read_sysreg(clidr_el1) != 0, "CLIDR_EL1 describes some cache (not zero)");
}

int main(void)
{
	exception_install(EXC_FROM_EL1, ESR_EC_UNKNOWN, undef_handler);
	exception_install(EXC_FROM_EL1, ESR_EC_SYS64, undef_handler);
	check_group("boot registers", boot_regs, sizeof(boot_regs) / sizeof(boot_regs[0]));
	check_group("timer registers", timer_regs, sizeof(timer_regs) / sizeof(timer_regs[0]));
	check_group("PMU registers", pmu_regs, sizeof(pmu_regs) / sizeof(pmu_regs[0]));
	check_group("debug registers", debug_regs, sizeof(debug_regs) / sizeof(debug_regs[0]));
	check_storage();
	check_cache_ids();
	return report_summary();
}
