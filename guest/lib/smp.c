// SPDX-License-Identifier: GPL-2.0-only
// Secondary start-up. The boot CPU writes the function and argument for a
// CPU before CPU_ON; the CPU reads them once it runs (PSCI orders the two).
#include "gic.h"
#include "layout.h"
#include "mmu.h"
#include "psci.h"
#include "runtime.h"
#include "smp.h"
#include "spinlock.h"
#include "sysreg.h"

extern char secondary_entry[];
extern void cpu_park(void) __attribute__((noreturn));

struct smp_slot {
	smp_fn fn;
	void *arg;
	uint64_t online;
};

static struct smp_slot slots[GUEST_NR_CPUS];

unsigned int smp_nr_cpus(void)
{
	if (runtime_dtb()->nr_cpus)
		return runtime_dtb()->nr_cpus;
	unsigned int n = 0;

	/* AFFINITY_INFO on a CPU that does not exist: INVALID_PARAMETERS. */
	for (unsigned int cpu = 0; cpu < GUEST_NR_CPUS; cpu++) {
		if (psci_affinity_info(cpu) >= 0)
			n = cpu + 1;
	}
	return n ? n : 1;
}

bool smp_cpu_online(unsigned int cpu)
{
	if (cpu == cpu_index())
		return true;
	return cpu < GUEST_NR_CPUS && atomic_read(&slots[cpu].online);
}

int64_t smp_boot(unsigned int cpu, smp_fn fn, void *arg)
{
	if (cpu >= GUEST_NR_CPUS)
		return PSCI_RET_INVALID_PARAMETERS;
	slots[cpu].fn = fn;
	slots[cpu].arg = arg;
	/* The CPU reads its slot before its MMU and caches are on. */
	dcache_clean_range(&slots[cpu], sizeof(slots[cpu]));
	return psci_cpu_on(cpu, (uintptr_t)secondary_entry, cpu);
}

void secondary_start(uint64_t cpu)
{
	mmu_enable();
	gic_cpu_init();
	atomic_set(&slots[cpu].online, 1);
	smp_fn fn = slots[cpu].fn;

	if (fn)
		fn(slots[cpu].arg);
	atomic_set(&slots[cpu].online, 0);
	psci_cpu_off();
	cpu_park();
}
