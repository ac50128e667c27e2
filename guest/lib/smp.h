/* SPDX-License-Identifier: GPL-2.0-only */
/* Secondary CPUs: started with PSCI CPU_ON, run one function, then CPU_OFF. */
#ifndef GUEST_SMP_H
#define GUEST_SMP_H
#include <stdbool.h>
#include <stdint.h>

typedef void (*smp_fn)(void *arg);

/* CPUs the machine has (device tree, else probed with AFFINITY_INFO). */
unsigned int smp_nr_cpus(void);
/*
 * Starts CPU cpu (MPIDR Aff0) at fn(arg) on its own stack with the MMU,
 * vectors and GIC CPU interface set up. Returns the PSCI result.
 */
int64_t smp_boot(unsigned int cpu, smp_fn fn, void *arg);
/* CPUs that reached fn since boot, including the boot CPU. */
bool smp_cpu_online(unsigned int cpu);

/* Called from start.S only. */
void secondary_start(uint64_t cpu) __attribute__((noreturn));

#endif
