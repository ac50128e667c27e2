// SPDX-License-Identifier: GPL-2.0-only
// exceptions: the synchronous exceptions a CPU raises by itself, each with
// its class, syndrome and return address (Arm ARM D1.10.4, D19.2 ESR_EL1):
// BRK at EL1 and EL0 (EC 0x3c, the immediate in the ISS, ELR = the BRK),
// UDF (EC 0), HVC from EL0 (UNDEF), and a branch to a misaligned address
// (PC alignment, EC 0x22, FAR = ELR = the target). Stack alignment faults
// are not checked: QEMU's TCG does not raise them.
#include "console.h"
#include "el0.h"
#include "exception.h"
#include "report.h"
#include "runtime.h"
#include "sysreg.h"

static uint8_t user_stack[4096] __attribute__((section(".user"), aligned(16)));
static struct exc_frame last;
static volatile unsigned int taken;

/* Record; resume after the faulting instruction (all are 32-bit). */
static void record_and_skip(struct exc_frame *frame)
{
	last = *frame;
	taken++;
	frame->elr += 4;
}

/* A PC alignment fault has no instruction to skip: return to the caller. */
static void record_and_return(struct exc_frame *frame)
{
	last = *frame;
	taken++;
	frame->elr = frame->x[30];
}

static void reset(void)
{
	taken = 0;
	last.esr = ~0ull;
	last.elr = 0;
}

static void test_brk_el1(void)
{
	uint64_t pc;

	reset();
	exception_install(EXC_FROM_EL1, ESR_EC_BRK64, record_and_skip);
	__asm__ volatile("adr %0, 1f\n1: brk #0x123" : "=&r"(pc) :: "memory");
	report(taken == 1 && ESR_EC_GET(last.esr) == ESR_EC_BRK64,
	       "BRK at EL1: EC 0x%02llx == 0x3c", (unsigned long long)ESR_EC_GET(last.esr));
	report(ESR_ISS_BRK_Comment_GET(last.esr) == 0x123 && last.elr == pc,
	       "BRK at EL1: ISS comment 0x%llx == 0x123, ELR = the BRK",
	       (unsigned long long)ESR_ISS_BRK_Comment_GET(last.esr));
}

static uint64_t el0_brk(uint64_t arg)
{
	__asm__ volatile("brk #0x42" ::: "memory");
	return arg;
}

static uint64_t el0_hvc(uint64_t arg)
{
	register uint64_t x0 __asm__("x0") = arg;

	__asm__ volatile("hvc #0" : "+r"(x0) :: "x1", "x2", "x3", "memory");
	return 7;
}

static void test_el0(void)
{
	struct el0_context ctx;

	reset();
	exception_install(EXC_FROM_EL0, ESR_EC_BRK64, record_and_skip);
	uint64_t r = el0_call(&ctx, el0_brk, 5, user_stack + sizeof(user_stack));

	report(r == 5 && taken == 1 && ESR_EC_GET(last.esr) == ESR_EC_BRK64 &&
	       ESR_ISS_BRK_Comment_GET(last.esr) == 0x42,
	       "BRK at EL0: taken to EL1 with EC 0x3c and comment 0x42");

	/* HVC is UNDEFINED at EL0 (Arm ARM C6.2.117). */
	reset();
	exception_install(EXC_FROM_EL0, ESR_EC_UNKNOWN, record_and_skip);
	r = el0_call(&ctx, el0_hvc, 0, user_stack + sizeof(user_stack));
	report(r == 7 && taken == 1 && ESR_EC_GET(last.esr) == ESR_EC_UNKNOWN,
	       "HVC at EL0: UNDEF (EC 0x%02llx)", (unsigned long long)ESR_EC_GET(last.esr));
}

static void test_udf(void)
{
	uint64_t pc;

	reset();
	exception_install(EXC_FROM_EL1, ESR_EC_UNKNOWN, record_and_skip);
	__asm__ volatile("adr %0, 1f\n1: udf #0x77" : "=&r"(pc) :: "memory");
	report(taken == 1 && ESR_EC_GET(last.esr) == ESR_EC_UNKNOWN && last.elr == pc,
	       "UDF: EC 0, ELR = the UDF");
}

static void test_pc_alignment(void)
{
	uint64_t target;

	reset();
	exception_install(EXC_FROM_EL1, ESR_EC_PC_ALIGN, record_and_return);
	/* BLR to an address with bit 1 set: the fault is on the fetch. */
	__asm__ volatile("adr %0, 1f\n"
			 "add %0, %0, #2\n"
			 "blr %0\n"
			 "1: nop\n"
			 : "=&r"(target) :: "x30", "memory");
	report(taken == 1 && ESR_EC_GET(last.esr) == ESR_EC_PC_ALIGN,
	       "misaligned branch target: EC 0x%02llx == 0x22",
	       (unsigned long long)ESR_EC_GET(last.esr));
	report(last.far == target && last.elr == target,
	       "PC alignment: FAR and ELR 0x%llx are the target 0x%llx",
	       (unsigned long long)last.far, (unsigned long long)target);
}

int main(void)
{
	test_brk_el1();
	test_el0();
	test_udf();
	test_pc_alignment();
	return report_summary();
}
