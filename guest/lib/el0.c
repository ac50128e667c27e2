// SPDX-License-Identifier: GPL-2.0-only
// The way back from EL0 is an SVC (ESR_EL1.EC = 0x15, Arm ARM D1.10.4):
// the handler finds the active call of this CPU and resumes its caller.
#include "el0.h"
#include "exception.h"
#include "layout.h"
#include "report.h"
#include "sysreg.h"

static struct el0_context *active[GUEST_NR_CPUS];

static void el0_svc(struct exc_frame *frame)
{
	struct el0_context *ctx = active[cpu_index()];

	if (!ctx) {
		report(false, "SVC from EL0 without an el0_call()");
		report_abort_exit();
	}
	active[cpu_index()] = 0;
	ctx->esr = frame->esr;
	ctx->elr = frame->elr;
	el0_resume(ctx, frame->x[0]);
}

uint64_t el0_call(struct el0_context *ctx, el0_fn fn, uint64_t arg, void *user_sp)
{
	exception_install(EXC_FROM_EL0, ESR_EC_SVC64, el0_svc);
	ctx->esr = ctx->elr = 0;
	active[cpu_index()] = ctx;
	return el0_enter(ctx, fn, arg, (uintptr_t)user_sp & ~(uintptr_t)15);
}
