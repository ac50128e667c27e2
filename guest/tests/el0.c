// SPDX-License-Identifier: GPL-2.0-only
// el0: code runs at EL0 and every way back to EL1 is an exception with the
// architected syndrome (Arm ARM D1.10.4, D19.2 ESR_EL1): SVC (EC 0x15),
// data aborts on EL1-only or unmapped memory (EC 0x24 with DFSC, level and
// WnR), instruction aborts on non-executable memory (EC 0x20), and UNDEF
// (EC 0) for an EL1 register such as MIDR_EL1 -- or, with FEAT_IDST
// (ID_AA64MMFR2_EL1.IDS = 1), the trapped-MRS syndrome (EC 0x18) instead.
#include "console.h"
#include "el0.h"
#include "exception.h"
#include "mem.h"
#include "report.h"
#include "runtime.h"
#include "sysreg.h"

#define UNMAPPED_VA	0x80000000ull	/* L1 entry 2 of TTBR0 is invalid */

static uint8_t user_stack[8192] __attribute__((section(".user"), aligned(16)));
static volatile uint64_t user_word __attribute__((section(".user")));
static volatile uint64_t kernel_word = 0x1234;

static struct exc_frame last;
static volatile unsigned int nr_faults;
static volatile uint64_t handler_mpidr;

/*
 * A register the hypervisor emulates, read first thing in a handler of an
 * exception from EL0 (the NOPs absorb a wrongly skipped instruction).
 */
static uint64_t read_mpidr_guarded(void)
{
	uint64_t v = ~0ull;

	__asm__ volatile("mrs %0, mpidr_el1\n nop\n nop" : "+r"(v) :: "memory");
	return v;
}

static void record_and_skip(struct exc_frame *frame)
{
	handler_mpidr = read_mpidr_guarded();
	last = *frame;
	nr_faults++;
	frame->elr += 4;
}

/* An instruction abort has nothing to skip: return through the SVC. */
static void record_and_return(struct exc_frame *frame)
{
	last = *frame;
	nr_faults++;
	frame->elr = (uintptr_t)el0_return_svc;
	frame->x[0] = 0xdead;
}

static uint64_t el0_add_one(uint64_t arg)
{
	return arg + 1;
}

static uint64_t el0_svc_imm(uint64_t arg)
{
	register uint64_t x0 __asm__("x0") = arg * 2;

	__asm__ volatile("svc #0x123" : "+r"(x0) :: "memory");
	return 0;	/* not reached: the SVC ends the call */
}

static uint64_t el0_load(uint64_t addr)
{
	return *(volatile uint64_t *)addr;
}

static uint64_t el0_store(uint64_t addr)
{
	*(volatile uint64_t *)addr = 0xfeedull;
	return 7;
}

static uint64_t el0_read_midr(uint64_t arg)
{
	uint64_t v = arg, pc;

	__asm__ volatile("adr %1, 1f\n1: mrs %0, midr_el1" : "+r"(v), "=&r"(pc) :: "memory");
	return pc;
}

static uint64_t run(el0_fn fn, uint64_t arg, struct el0_context *ctx)
{
	nr_faults = 0;
	return el0_call(ctx, fn, arg, user_stack + sizeof(user_stack));
}

static void test_svc(void)
{
	struct el0_context ctx;
	uint64_t r = run(el0_add_one, 41, &ctx);

	report(r == 42, "EL0 function returned %llu through SVC", (unsigned long long)r);
	report(ESR_EC_GET(ctx.esr) == ESR_EC_SVC64, "SVC from EL0: ESR.EC == 0x15 (got 0x%02llx)",
	       (unsigned long long)ESR_EC_GET(ctx.esr));
	report(ESR_ISS_SVC_imm16_GET(ctx.esr) == 0, "SVC #0: ISS.imm16 == 0");
	report(ctx.elr == (uintptr_t)el0_return_svc + 4, "SVC: ELR is the next instruction");

	r = run(el0_svc_imm, 21, &ctx);
	report(r == 42 && ESR_ISS_SVC_imm16_GET(ctx.esr) == 0x123,
	       "SVC #0x123: x0 %llu and ISS.imm16 0x%llx reach EL1", (unsigned long long)r,
	       (unsigned long long)ESR_ISS_SVC_imm16_GET(ctx.esr));
	report(CURRENTEL_EL_GET(read_sysreg(CurrentEL)) == 1, "back at EL1");
}

static void check_dabt(const char *what, uint64_t addr, uint64_t dfsc, bool write)
{
	report(nr_faults == 1 && ESR_EC_GET(last.esr) == ESR_EC_DABT_LOW,
	       "%s: one data abort, EC 0x%02llx == 0x24", what,
	       (unsigned long long)ESR_EC_GET(last.esr));
	report(ESR_ISS_DABT_DFSC_GET(last.esr) == dfsc, "%s: DFSC 0x%02llx == 0x%02llx", what,
	       (unsigned long long)ESR_ISS_DABT_DFSC_GET(last.esr), (unsigned long long)dfsc);
	report(ESR_ISS_DABT_WnR_GET(last.esr) == write, "%s: WnR == %d", what, write);
	report(last.far == addr, "%s: FAR 0x%llx == 0x%llx", what,
	       (unsigned long long)last.far, (unsigned long long)addr);
	report(SPSR_M_GET(last.spsr) == SPSR_M_EL0t, "%s: SPSR.M == EL0t", what);
}

static void test_aborts(void)
{
	struct el0_context ctx;
	uint64_t r;

	exception_install(EXC_FROM_EL0, ESR_EC_DABT_LOW, record_and_skip);

	user_word = 5;
	r = run(el0_load, (uintptr_t)&user_word, &ctx);
	report(r == 5 && nr_faults == 0, "EL0 reads its own page");
	run(el0_store, (uintptr_t)&user_word, &ctx);
	report(user_word == 0xfeed && nr_faults == 0, "EL0 writes its own page, EL1 sees it");

	/* The image is mapped with pages: an EL1-only page faults at level 3. */
	handler_mpidr = 0;
	run(el0_load, (uintptr_t)&kernel_word, &ctx);
	check_dabt("EL0 read of an EL1 page", (uintptr_t)&kernel_word,
		   ESR_ISS_DABT_DFSC_PERM_L3, false);
	report(handler_mpidr == read_sysreg(mpidr_el1),
	       "MPIDR_EL1 read in the handler of an EL0 abort: 0x%llx",
	       (unsigned long long)handler_mpidr);
	run(el0_store, (uintptr_t)&kernel_word, &ctx);
	check_dabt("EL0 write of an EL1 page", (uintptr_t)&kernel_word,
		   ESR_ISS_DABT_DFSC_PERM_L3, true);
	report(kernel_word == 0x1234, "the EL1 page was not written");

	/* Other RAM is mapped with 2 MiB blocks: level 2. */
	uint64_t *heap = mem_alloc(4096, 4096);

	run(el0_load, (uintptr_t)heap + 8, &ctx);
	check_dabt("EL0 read of an EL1 block", (uintptr_t)heap + 8,
		   ESR_ISS_DABT_DFSC_PERM_L2, false);

	/* Nothing is mapped at 2 GiB: translation fault at level 1. */
	run(el0_store, UNMAPPED_VA, &ctx);
	check_dabt("EL0 write of an unmapped address", UNMAPPED_VA,
		   ESR_ISS_DABT_DFSC_TRANS_L1, true);

	/* EL0 may not execute EL1 data (UXN). */
	exception_install(EXC_FROM_EL0, ESR_EC_IABT_LOW, record_and_return);
	r = run((el0_fn)(uintptr_t)&kernel_word, 0, &ctx);
	report(r == 0xdead && nr_faults == 1 && ESR_EC_GET(last.esr) == ESR_EC_IABT_LOW,
	       "EL0 jump to EL1 data: instruction abort, EC 0x%02llx == 0x20",
	       (unsigned long long)ESR_EC_GET(last.esr));
	report(last.elr == (uintptr_t)&kernel_word && last.far == (uintptr_t)&kernel_word,
	       "instruction abort: ELR and FAR are the target");
	report(ESR_ISS_IABT_IFSC_GET(last.esr) == ESR_ISS_DABT_DFSC_PERM_L3,
	       "instruction abort: IFSC 0x%02llx == permission fault, level 3",
	       (unsigned long long)ESR_ISS_IABT_IFSC_GET(last.esr));
}

static void test_undef(void)
{
	struct el0_context ctx;
	bool idst = ID_AA64MMFR2_EL1_IDS_GET(read_sysreg(id_aa64mmfr2_el1)) != 0;
	uint64_t ec = idst ? ESR_EC_SYS64 : ESR_EC_UNKNOWN;

	exception_install(EXC_FROM_EL0, ESR_EC_UNKNOWN, record_and_skip);
	exception_install(EXC_FROM_EL0, ESR_EC_SYS64, record_and_skip);
	uint64_t pc = run(el0_read_midr, 0, &ctx);

	report(nr_faults == 1 && ESR_EC_GET(last.esr) == ec,
	       "EL0 read of MIDR_EL1 traps to EL1 with EC 0x%02llx == 0x%02llx (%s)",
	       (unsigned long long)ESR_EC_GET(last.esr), (unsigned long long)ec,
	       idst ? "FEAT_IDST" : "UNDEF");
	report(last.elr == pc, "EL0 MRS MIDR_EL1: ELR 0x%llx == the MRS 0x%llx",
	       (unsigned long long)last.elr, (unsigned long long)pc);
	if (idst) {
		uint64_t iss = ESR_ISS_GET(last.esr);

		report(ESR_ISS_SYS_Op0_GET(iss) == 3 && ESR_ISS_SYS_Op1_GET(iss) == 0 &&
		       ESR_ISS_SYS_CRn_GET(iss) == 0 && ESR_ISS_SYS_CRm_GET(iss) == 0 &&
		       ESR_ISS_SYS_Op2_GET(iss) == 0 && ESR_ISS_SYS_DIR_READ_GET(iss) == 1,
		       "EC 0x18 ISS names MIDR_EL1 (3,0,0,0,0), a read");
	}
}

int main(void)
{
	test_svc();
	test_aborts();
	test_undef();
	return report_summary();
}
