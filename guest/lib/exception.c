// SPDX-License-Identifier: GPL-2.0-only
// Synchronous exceptions go to a handler chosen by origin and ESR_EL1.EC;
// IRQs go to irq.c; anything else is unexpected: it is reported with the
// syndrome and the test aborts with status 2.
#include "exception.h"
#include "console.h"
#include "irq.h"
#include "report.h"
#include "sysreg.h"

#define EXC_NR_CLASSES	64

static exc_handler_fn handlers[2][EXC_NR_CLASSES];

static const char *const vector_names[16] = {
	"EL1t sync", "EL1t irq", "EL1t fiq", "EL1t serror",
	"EL1h sync", "EL1h irq", "EL1h fiq", "EL1h serror",
	"EL0 sync", "EL0 irq", "EL0 fiq", "EL0 serror",
	"EL0/32 sync", "EL0/32 irq", "EL0/32 fiq", "EL0/32 serror",
};

void exception_install(enum exc_origin origin, unsigned int ec, exc_handler_fn fn)
{
	if ((unsigned int)origin > EXC_FROM_EL0 || ec >= EXC_NR_CLASSES)
		return;
	__atomic_store_n(&handlers[origin][ec], fn, __ATOMIC_RELEASE);
}

const char *exception_class_name(unsigned int ec)
{
	switch (ec) {
	case ESR_EC_UNKNOWN: return "UNKNOWN (undefined instruction)";
	case ESR_EC_WFX: return "WFI/WFE";
	case ESR_EC_FP_ASIMD: return "FP/SIMD access";
	case ESR_EC_ILLEGAL: return "illegal execution state";
	case ESR_EC_SVC64: return "SVC";
	case ESR_EC_HVC64: return "HVC";
	case ESR_EC_SMC64: return "SMC";
	case ESR_EC_SYS64: return "MSR/MRS/system instruction";
	case ESR_EC_IABT_LOW: return "instruction abort from EL0";
	case ESR_EC_IABT_CUR: return "instruction abort";
	case ESR_EC_PC_ALIGN: return "PC alignment";
	case ESR_EC_DABT_LOW: return "data abort from EL0";
	case ESR_EC_DABT_CUR: return "data abort";
	case ESR_EC_SP_ALIGN: return "SP alignment";
	case ESR_EC_SERROR: return "SError";
	case ESR_EC_BRK64: return "BRK";
	default: return "other";
	}
}

static void exception_unexpected(unsigned int kind, struct exc_frame *frame)
{
	unsigned int ec = (unsigned int)ESR_EC_GET(frame->esr);

	console_force_unlock();
	printf("UNEXPECTED EXCEPTION: %s on CPU %u: EC 0x%02x (%s)\n",
	       vector_names[kind & 15], cpu_index(), ec, exception_class_name(ec));
	printf("  ESR 0x%016llx FAR 0x%016llx\n",
	       (unsigned long long)frame->esr, (unsigned long long)frame->far);
	printf("  ELR 0x%016llx SPSR 0x%016llx SP 0x%016llx\n",
	       (unsigned long long)frame->elr, (unsigned long long)frame->spsr,
	       (unsigned long long)frame->sp);
	report_abort_exit();
}

void exception_entry(unsigned int kind, struct exc_frame *frame)
{
	unsigned int ec = (unsigned int)ESR_EC_GET(frame->esr);
	exc_handler_fn fn = 0;

	switch (kind) {
	case 4:
		fn = __atomic_load_n(&handlers[EXC_FROM_EL1][ec], __ATOMIC_ACQUIRE);
		break;
	case 8:
		fn = __atomic_load_n(&handlers[EXC_FROM_EL0][ec], __ATOMIC_ACQUIRE);
		break;
	case 5:
	case 9:
		irq_handle(frame);
		return;
	default:
		break;
	}
	if (!fn)
		exception_unexpected(kind, frame);
	fn(frame);
}
