/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Running a function at EL0: el0_call() erets to fn(arg) at EL0t and comes
 * back when EL0 executes any SVC (fn's return does one). Other exceptions
 * from EL0 go to the handlers installed with exception_install(EXC_FROM_EL0).
 */
#ifndef GUEST_EL0_H
#define GUEST_EL0_H
#include <stdint.h>

typedef uint64_t (*el0_fn)(uint64_t arg);

struct el0_context {
	uint64_t regs[12];	/* x19-x30 of the EL1 caller */
	uint64_t sp, daif;
	uint64_t esr;		/* ESR_EL1 of the SVC that ended the call */
	uint64_t elr;		/* ELR_EL1 of that SVC (the next EL0 pc) */
};

/*
 * Runs fn(arg) at EL0 on stack top user_sp (in .user memory) and returns
 * x0 of the SVC that ended it; *ctx gets that SVC's ESR and ELR.
 */
uint64_t el0_call(struct el0_context *ctx, el0_fn fn, uint64_t arg, void *user_sp);

/* The SVC fn's return executes (for tests of ELR). */
extern char el0_return_svc[];

/* start.S */
uint64_t el0_enter(struct el0_context *ctx, el0_fn fn, uint64_t arg, uint64_t sp);
void el0_resume(struct el0_context *ctx, uint64_t ret) __attribute__((noreturn));

#endif
