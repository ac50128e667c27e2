/* SPDX-License-Identifier: GPL-2.0-only */
/* Host stand-in for guest/lib/gic.h (test_guest_spe_driver). */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H
#include <stdbool.h>

void gic_irq_enable(unsigned int intid);
void gic_irq_set_edge(unsigned int intid, bool edge);

#endif
