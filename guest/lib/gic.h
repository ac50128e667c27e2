/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GICv3 driver (Arm IHI 0069): distributor, one redistributor per CPU, and
 * the system-register CPU interface. All interrupts are Group 1 (IRQ).
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H
#include <stdbool.h>
#include <stdint.h>

#define GIC_DEFAULT_PRIORITY	0xa0

/* Distributor and the calling CPU; called once by the runtime at boot. */
int gic_init(void);
/* The calling CPU's redistributor and CPU interface (secondaries too). */
int gic_cpu_init(void);

/* The RD_base frame of a CPU's redistributor (by MPIDR Aff0), 0 if none. */
uintptr_t gic_redist_base(unsigned int cpu);

/* For SGIs/PPIs (intid < 32) these act on the calling CPU's redistributor. */
void gic_irq_enable(unsigned int intid);
void gic_irq_disable(unsigned int intid);
void gic_irq_set_priority(unsigned int intid, uint8_t prio);
void gic_irq_set_edge(unsigned int intid, bool edge);
bool gic_irq_is_pending(unsigned int intid);
bool gic_irq_is_enabled(unsigned int intid);
bool gic_irq_is_active(unsigned int intid);
/* Software pending state (ISPENDR/ICPENDR). */
void gic_irq_set_pending(unsigned int intid);
void gic_irq_clear_pending(unsigned int intid);
/* SPIs the distributor implements (INTIDs 32 .. 32 + n - 1). */
unsigned int gic_nr_spis(void);
/* Route an SPI to one CPU (IROUTER, affinity routing). */
void gic_spi_route(unsigned int intid, unsigned int cpu);

/* Acknowledge the highest-priority pending Group 1 interrupt (IAR1). */
unsigned int gic_ack(void);
/* Drop priority and deactivate (EOImode 0). */
void gic_eoi(unsigned int intid);
/* Send SGI sgi (0-15) to CPU cpu (MPIDR Aff0 < 16, Aff1-3 = 0). */
void gic_sgi_send(unsigned int cpu, unsigned int sgi);

#endif
