/* SPDX-License-Identifier: GPL-2.0-only */
/* Exception frames and synchronous-exception handlers by class (ESR.EC). */
#ifndef GUEST_EXCEPTION_H
#define GUEST_EXCEPTION_H
#include <stdint.h>

/* The interrupted context, as start.S saves it (offsets in layout.h). */
struct exc_frame {
	uint64_t x[31];
	uint64_t sp;	/* SP_EL0 if from EL0 (restored), else SP_EL1 before entry */
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
};

/* Where a synchronous exception came from (the vector group, D1.10.2). */
enum exc_origin {
	EXC_FROM_EL1 = 0,	/* current EL with SP_ELx */
	EXC_FROM_EL0 = 1,	/* lower EL, AArch64 */
};

/* A handler for one exception class; it may edit the frame (e.g. elr += 4). */
typedef void (*exc_handler_fn)(struct exc_frame *frame);

void exception_install(enum exc_origin origin, unsigned int ec, exc_handler_fn fn);
const char *exception_class_name(unsigned int ec);

/* Called from start.S only. */
void exception_entry(unsigned int kind, struct exc_frame *frame);

#endif
