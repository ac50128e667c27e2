// SPDX-License-Identifier: GPL-2.0-only
// spe-fault: buffer writes that cannot complete (spe-architecture.md §4.3).
// Stage 1: the buffer runs from the last page of RAM into the page after
// it, which the guest's tables leave invalid (level 2 of the RAM table);
// the record that crosses the end of RAM stops profiling with PMBSR_EL1 =
// S | EC stage-1 data abort | FSC translation fault level 2, DL = EA = 0,
// and PMBPTR_EL1 at the faulting byte, the first byte past RAM.
// Stage 2: a buffer the guest maps (Device memory, EL1 RW) at an IPA with
// no RAM behind it faults in the hypervisor's stage 2, which the guest
// cannot fix: KVM's series report it as an external abort (S, EA, EC
// stage-1, FSC 0x10), which vspe's hypervisor does too.
#include "irq.h"
#include "mmu.h"
#include "report.h"
#include "runtime.h"
#include "spe.h"
#include "sysreg.h"
#include "timer.h"
#include "workload.h"

#define SEED		0xfa017ull
#define HOLE_IPA	0x0a000000ull	/* inside the Device block, no device or RAM */

static struct spe_caps caps;
static struct branchy branchy;

/* Profiles branchy until the session stops on an event (bounded). */
static int run_until_stopped(void *buf, size_t size, struct spe_cpu_stats *st)
{
	struct spe_session s = {
		.buf = buf, .size = size, .interval = caps.min_interval,
		.pmscr = PMSCR_EL1_E1SPE_MASK,
	};
	uint64_t deadline = timer_deadline_ms(2000);
	int started = spe_start(&caps, &s);

	while (started == 0 && spe_irq_count() == 0 && !timer_expired(deadline))
		branchy_run(&branchy, 1);
	spe_stop(&s);
	spe_cpu_stats(cpu_index(), st);
	return started;
}

static void test_stage1(void)
{
	uint64_t ram_end = 0x40000000ull + runtime_ram_size();
	uint8_t *buf = (uint8_t *)(uintptr_t)(ram_end - 4096);
	unsigned int level = 0;
	struct spe_cpu_stats st;

	report(mmu_lookup((uintptr_t)buf, &level) != 0 && level == 2 &&
	       mmu_lookup((uintptr_t)ram_end, 0) == 0,
	       "the last RAM page is mapped by a level-2 block, the next is not");
	if (!report(run_until_stopped(buf, 8192, &st) == 0, "stage 1: session started"))
		return;
	uint64_t want = PMBSR_EL1_S_MASK | PMBSR_EL1_EC_PREP(PMBSR_EL1_EC_FAULT_S1) |
			ESR_ISS_DABT_DFSC_TRANS_L2;

	report(st.irqs == 1 && st.faults == 1 && st.stopped, "stage 1: one interrupt, fatal");
	report(st.last_pmbsr == want, "stage 1: PMBSR_EL1 0x%llx == 0x%llx (S, EC 0x24, FSC 0x06)",
	       (unsigned long long)st.last_pmbsr, (unsigned long long)want);
	report(st.fault_pmbptr == ram_end, "stage 1: PMBPTR_EL1 0x%llx at the faulting byte 0x%llx",
	       (unsigned long long)st.fault_pmbptr, (unsigned long long)ram_end);
	report(read_sysreg_key(SYS_PMBSR_EL1) == 0 && read_sysreg_key(SYS_PMBLIMITR_EL1) == 0,
	       "stage 1: handled: PMBSR_EL1 cleared, buffer off");
}

static void test_stage2(void)
{
	struct spe_cpu_stats st;
	unsigned int level = 0;

	report(mmu_lookup((uintptr_t)HOLE_IPA, &level) != 0 && level == 1,
	       "0x%llx is mapped by the guest (Device block)", (unsigned long long)HOLE_IPA);
	if (!report(run_until_stopped((void *)(uintptr_t)HOLE_IPA, 4096, &st) == 0,
		    "stage 2: session started"))
		return;
	uint64_t sr = st.last_pmbsr;

	report(st.irqs == 1 && st.faults == 1, "stage 2: one interrupt, fatal");
	report(PMBSR_EL1_S_GET(sr) && PMBSR_EL1_EA_GET(sr) &&
	       PMBSR_EL1_EC_GET(sr) == PMBSR_EL1_EC_FAULT_S1 &&
	       PMBSR_EL1_MSS_GET(sr) == ESR_ISS_DABT_DFSC_EXT_ABORT,
	       "stage 2: PMBSR_EL1 0x%llx = S, EA, EC stage 1, FSC external abort",
	       (unsigned long long)sr);
	report(st.fault_pmbptr == HOLE_IPA, "stage 2: PMBPTR_EL1 0x%llx at the buffer's first byte",
	       (unsigned long long)st.fault_pmbptr);
}

int main(void)
{
	if (spe_probe(&caps)) {
		report_skip("no usable SPE (ID_AA64DFR0_EL1.PMSVer == 0 or PMBIDR_EL1.P)");
		return report_summary();
	}
	if (!report(branchy_init(&branchy, 16u << 10, SEED) == 0, "workload ready"))
		return report_summary();
	spe_reset_local();
	spe_irq_init(SPE_PMBIRQ_INTID);
	irq_enable();
	test_stage1();
	test_stage2();
	irq_disable();
	report(irq_unhandled_count() == 0, "no unhandled interrupts");
	return report_summary();
}
