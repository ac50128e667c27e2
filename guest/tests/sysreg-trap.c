// SPDX-License-Identifier: GPL-2.0-only
// sysreg-trap: registers the machine does not give EL1 must UNDEF (the
// exception is taken to EL1 with ESR_EL1.EC = 0 and ELR_EL1 = the MRS/MSR,
// Arm ARM D1.10.4, D19.2), the SPE registers too when PMSVer is 0; ID
// registers read sane values.
#include "console.h"
#include "exception.h"
#include "report.h"
#include "runtime.h"
#include "sysreg.h"

static volatile uint64_t undef_esr, undef_elr, undef_count;

/* Record the UNDEF and step over the instruction (always 32 bits here). */
static void undef_handler(struct exc_frame *frame)
{
	undef_esr = frame->esr;
	undef_elr = frame->elr;
	undef_count++;
	frame->elr += 4;
}

static void undef_reset(void)
{
	undef_esr = ~0ull;
	undef_elr = 0;
	undef_count = 0;
}

static void check_undef(const char *what, uint64_t pc)
{
	report(undef_count == 1, "%s: one exception taken", what);
	report(ESR_EC_GET(undef_esr) == ESR_EC_UNKNOWN, "%s: ESR.EC == 0x%02llx (UNKNOWN)",
	       what, (unsigned long long)ESR_EC_GET(undef_esr));
	report(ESR_IL_GET(undef_esr) == 1, "%s: ESR.IL == 1 (32-bit instruction)", what);
	report(undef_elr == pc, "%s: ELR 0x%llx == the instruction 0x%llx", what,
	       (unsigned long long)undef_elr, (unsigned long long)pc);
}

static void test_undef(void)
{
	uint64_t v = 0x5a5a, pc;

	undef_reset();
	__asm__ volatile("adr %1, 1f\n1: mrs %0, sctlr_el3" : "+r"(v), "=&r"(pc) :: "memory");
	check_undef("MRS SCTLR_EL3", pc);
	report(v == 0x5a5a, "MRS SCTLR_EL3 left the destination alone");

	undef_reset();
	__asm__ volatile("adr %0, 1f\n1: msr sctlr_el3, xzr" : "=&r"(pc) :: "memory");
	check_undef("MSR SCTLR_EL3", pc);

	if (ID_AA64PFR0_EL1_EL2_GET(read_sysreg(id_aa64pfr0_el1)) == 0) {
		undef_reset();
		__asm__ volatile("adr %1, 1f\n1: mrs %0, sctlr_el2" : "+r"(v), "=&r"(pc) :: "memory");
		check_undef("MRS SCTLR_EL2 without EL2", pc);
	} else {
		report_skip("MRS SCTLR_EL2: the machine has EL2");
	}
}

/*
 * Without SPE (ID_AA64DFR0_EL1.PMSVer == 0) every SPE register is
 * UNDEFINED (Arm ARM D24.7): a hypervisor that hides SPE must trap them.
 */
static void test_spe_hidden(void)
{
	if (ID_AA64DFR0_EL1_PMSVer_GET(read_sysreg(id_aa64dfr0_el1)) !=
	    ID_AA64DFR0_EL1_PMSVer_NI) {
		report_skip("SPE registers: the machine has SPE");
		return;
	}
	undef_reset();
	(void)read_sysreg_key(SYS_PMSIDR_EL1);
	(void)read_sysreg_key(SYS_PMBIDR_EL1);
	(void)read_sysreg_key(SYS_PMSCR_EL1);
	(void)read_sysreg_key(SYS_PMBLIMITR_EL1);
	(void)read_sysreg_key(SYS_PMBSR_EL1);
	write_sysreg_key(SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK);
	write_sysreg_key(SYS_PMBLIMITR_EL1, PMBLIMITR_EL1_E_MASK);
	report(undef_count == 7 && ESR_EC_GET(undef_esr) == ESR_EC_UNKNOWN,
	       "PMSVer == 0: 5 MRS and 2 MSR of SPE registers UNDEF (%llu taken)",
	       (unsigned long long)undef_count);
}

static void test_id_registers(void)
{
	uint64_t midr = read_sysreg(midr_el1);
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);
	uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	uint64_t ctr = read_sysreg(ctr_el0);

	report_info("MIDR_EL1 0x%08llx MPIDR_EL1 0x%llx PFR0 0x%016llx MMFR0 0x%016llx",
		    (unsigned long long)midr, (unsigned long long)mpidr,
		    (unsigned long long)pfr0, (unsigned long long)mmfr0);
	/* Implementer 0 is allowed ("reserved for software use"; QEMU max). */
	report(read_sysreg(midr_el1) == midr, "MIDR_EL1 reads the same value twice");
	report(MIDR_EL1_Architecture_GET(midr) == 0xf,
	       "MIDR_EL1.Architecture == 0xf (ID registers in use)");
	report((mpidr & MPIDR_EL1_RES1) == MPIDR_EL1_RES1, "MPIDR_EL1 bit 31 (RES1) is set");
	report(MPIDR_EL1_Aff0_GET(mpidr) == 0, "boot CPU has MPIDR_EL1.Aff0 == 0");
	report(ID_AA64PFR0_EL1_EL0_GET(pfr0) >= 1 && ID_AA64PFR0_EL1_EL1_GET(pfr0) >= 1,
	       "ID_AA64PFR0_EL1: EL0 and EL1 run AArch64");
	report(ID_AA64PFR0_EL1_GIC_GET(pfr0) >= 1, "ID_AA64PFR0_EL1.GIC: system register interface");
	report(ID_AA64MMFR0_EL1_TGran4_GET(mmfr0) != ID_AA64MMFR0_EL1_TGran4_NI,
	       "ID_AA64MMFR0_EL1.TGran4: 4 KiB granule supported");
	report(ID_AA64MMFR0_EL1_PARange_GET(mmfr0) <= ID_AA64MMFR0_EL1_PARange_52,
	       "ID_AA64MMFR0_EL1.PARange %llu is a defined value",
	       (unsigned long long)ID_AA64MMFR0_EL1_PARange_GET(mmfr0));
	report((ctr & CTR_EL0_RES1) == CTR_EL0_RES1 && CTR_EL0_DminLine_GET(ctr) >= 2 &&
	       CTR_EL0_DminLine_GET(ctr) <= 9,
	       "CTR_EL0 0x%llx: RES1 bit set, DminLine sane", (unsigned long long)ctr);
	report(undef_count == 0, "reading ID registers caused no exception");
}

int main(void)
{
	exception_install(EXC_FROM_EL1, ESR_EC_UNKNOWN, undef_handler);
	test_undef();
	test_spe_hidden();
	undef_reset();
	test_id_registers();
	return report_summary();
}
