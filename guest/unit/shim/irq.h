/* SPDX-License-Identifier: GPL-2.0-only */
/* Host stand-in for guest/lib/irq.h (test_guest_spe_driver). */
#ifndef GUEST_IRQ_H
#define GUEST_IRQ_H

typedef void (*irq_handler_fn)(unsigned int intid, void *arg);
int irq_install(unsigned int intid, irq_handler_fn fn, void *arg);

#endif
