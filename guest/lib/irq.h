/* SPDX-License-Identifier: GPL-2.0-only */
/* IRQ dispatch: one handler per INTID, shared by all CPUs. */
#ifndef GUEST_IRQ_H
#define GUEST_IRQ_H

struct exc_frame;

#define IRQ_NR_HANDLERS	256

typedef void (*irq_handler_fn)(unsigned int intid, void *arg);

/* Installs fn for intid (< IRQ_NR_HANDLERS); NULL removes it. */
int irq_install(unsigned int intid, irq_handler_fn fn, void *arg);
/* Interrupts taken without a handler since boot (all CPUs). */
unsigned long irq_unhandled_count(void);

/* Called from the IRQ vector. */
void irq_handle(struct exc_frame *frame);

#endif
