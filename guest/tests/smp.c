// SPDX-License-Identifier: GPL-2.0-only
// smp: secondary CPUs come up through PSCI CPU_ON (DEN 0022 5.6) with
// unique MPIDRs, share an atomic counter, exchange SGIs through the GIC
// (ICC_SGI1R_EL1), and go away with CPU_OFF as AFFINITY_INFO reports.
#include "console.h"
#include "gic.h"
#include "irq.h"
#include "layout.h"
#include "psci.h"
#include "report.h"
#include "runtime.h"
#include "smp.h"
#include "spinlock.h"
#include "timer.h"

#define INCREMENTS	10000
#define SGI_TO_BOOT	1
#define SGI_TO_CPU	2

static uint64_t counter, ready, done, restarted;
static uint64_t mpidr_of[GUEST_NR_CPUS];
static uint64_t sgi_to_cpu_seen[GUEST_NR_CPUS];
static uint64_t sgi_to_boot_seen;

static void sgi_handler(unsigned int intid, void *arg)
{
	(void)arg;
	if (intid == SGI_TO_BOOT)
		atomic_add_return(&sgi_to_boot_seen, 1);
	else
		atomic_add_return(&sgi_to_cpu_seen[cpu_index()], 1);
}

static bool wait_until(uint64_t *p, uint64_t value, uint64_t ms)
{
	uint64_t end = timer_deadline_ms(ms);

	while (atomic_read(p) < value) {
		if (timer_expired(end))
			return false;
	}
	return true;
}

static void count(void)
{
	for (unsigned int i = 0; i < INCREMENTS; i++)
		atomic_add_return(&counter, 1);
}

/* The deadline passed: mask the timer's level output so it stops firing. */
static void backstop_irq(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	timer_set_ctl(TIMER_VIRT, CNTV_CTL_EL0_ENABLE_MASK | CNTV_CTL_EL0_IMASK_MASK);
}

static void secondary_main(void *arg)
{
	unsigned int cpu = cpu_index();

	(void)arg;
	mpidr_of[cpu] = read_sysreg(mpidr_el1);
	count();
	gic_irq_enable(SGI_TO_CPU);
	irq_enable();
	uint64_t end = timer_deadline_ms(3000);

	/*
	 * Sleep in WFI until the SGI comes; this CPU's virtual timer, armed
	 * for the deadline, wakes it if the SGI never does.
	 */
	irq_install(TIMER_VIRT_INTID, backstop_irq, 0);
	gic_irq_enable(TIMER_VIRT_INTID);
	timer_set_cval(TIMER_VIRT, end);
	timer_set_ctl(TIMER_VIRT, CNTV_CTL_EL0_ENABLE_MASK);
	atomic_add_return(&ready, 1);
	while (!atomic_read(&sgi_to_cpu_seen[cpu]) && !timer_expired(end))
		wfi();
	irq_disable();
	timer_stop(TIMER_VIRT);
	gic_irq_disable(TIMER_VIRT_INTID);
	/* Answer the boot CPU's SGI with one of ours (a ping-pong). */
	gic_sgi_send(0, SGI_TO_BOOT);
	atomic_add_return(&done, 1);
}

static void restart_main(void *arg)
{
	(void)arg;
	atomic_add_return(&restarted, 1);
}

static bool wait_off(unsigned int cpu)
{
	uint64_t end = timer_deadline_ms(3000);

	while (psci_affinity_info(cpu) != PSCI_AFFINITY_OFF) {
		if (timer_expired(end))
			return false;
	}
	return true;
}

int main(void)
{
	unsigned int n = smp_nr_cpus();
	uint32_t ver = psci_version();

	report_info("%u CPUs, PSCI %u.%u", n, (unsigned int)PSCI_VERSION_VAL_Major_GET(ver),
		    (unsigned int)PSCI_VERSION_VAL_Minor_GET(ver));
	report(ver >= 0x2, "PSCI_VERSION 0x%x >= 0.2", ver);
	report(psci_features(PSCI_CPU_ON) == 0, "PSCI_FEATURES(CPU_ON) == SUCCESS");
	if (n < 2) {
		report_skip("needs at least 2 CPUs");
		return report_summary();
	}
	if (n > GUEST_NR_CPUS)
		n = GUEST_NR_CPUS;

	irq_install(SGI_TO_BOOT, sgi_handler, 0);
	irq_install(SGI_TO_CPU, sgi_handler, 0);
	gic_irq_enable(SGI_TO_BOOT);
	irq_enable();
	mpidr_of[0] = read_sysreg(mpidr_el1);
	report(psci_affinity_info(1) == PSCI_AFFINITY_OFF, "AFFINITY_INFO(CPU 1) == OFF before CPU_ON");

	bool on_ok = true;

	for (unsigned int cpu = 1; cpu < n; cpu++) {
		int64_t rc = smp_boot(cpu, secondary_main, 0);

		if (rc != PSCI_RET_SUCCESS) {
			on_ok = false;
			printf("CPU_ON(%u) returned %lld\n", cpu, (long long)rc);
		}
	}
	report(on_ok, "CPU_ON succeeded for CPUs 1..%u", n - 1);
	count();
	report(wait_until(&ready, n - 1, 5000), "all %u secondaries running", n - 1);

	bool aff_on = true;

	for (unsigned int cpu = 1; cpu < n; cpu++)
		aff_on &= psci_affinity_info(cpu) == PSCI_AFFINITY_ON;
	report(aff_on, "AFFINITY_INFO == ON for running CPUs");
	report(smp_boot(1, secondary_main, 0) == PSCI_RET_ALREADY_ON,
	       "CPU_ON of a running CPU returns ALREADY_ON");

	/*
	 * One SGI at a time: a second SGI of the same INTID while the first is
	 * still pending merges with it (IHI 0069 4.1), so answers are awaited.
	 */
	bool pong = true;

	for (unsigned int cpu = 1; cpu < n; cpu++) {
		gic_sgi_send(cpu, SGI_TO_CPU);
		pong &= wait_until(&sgi_to_boot_seen, cpu, 2000);
	}
	report(pong && atomic_read(&sgi_to_boot_seen) == n - 1,
	       "boot CPU got %llu answering SGIs from %u secondaries",
	       (unsigned long long)atomic_read(&sgi_to_boot_seen), n - 1);
	report(wait_until(&done, n - 1, 5000), "all secondaries finished");

	bool sgi_ok = true;

	for (unsigned int cpu = 1; cpu < n; cpu++)
		sgi_ok &= atomic_read(&sgi_to_cpu_seen[cpu]) == 1;
	report(sgi_ok, "each secondary received exactly one SGI from the boot CPU");
	report(atomic_read(&counter) == (uint64_t)n * INCREMENTS,
	       "atomic counter %llu == %u x %u", (unsigned long long)atomic_read(&counter),
	       n, INCREMENTS);

	bool unique = true, aff_ok = true;

	for (unsigned int i = 0; i < n; i++) {
		aff_ok &= MPIDR_EL1_Aff0_GET(mpidr_of[i]) == i &&
			  (mpidr_of[i] & MPIDR_EL1_RES1) == MPIDR_EL1_RES1;
		for (unsigned int j = 0; j < i; j++)
			unique &= mpidr_of[i] != mpidr_of[j];
	}
	report(unique, "MPIDR_EL1 values are unique");
	report(aff_ok, "MPIDR_EL1.Aff0 == CPU index on every CPU");

	bool off = true;

	for (unsigned int cpu = 1; cpu < n; cpu++)
		off &= wait_off(cpu);
	report(off, "AFFINITY_INFO == OFF after CPU_OFF");
	if (n < GUEST_NR_CPUS)
		report(psci_affinity_info(n) == PSCI_RET_INVALID_PARAMETERS,
		       "AFFINITY_INFO of absent CPU %u == INVALID_PARAMETERS", n);

	report(smp_boot(1, restart_main, 0) == PSCI_RET_SUCCESS &&
	       wait_until(&restarted, 1, 3000) && wait_off(1),
	       "a CPU that did CPU_OFF can be started again");
	irq_disable();
	report(irq_unhandled_count() == 0, "no unhandled interrupts");
	return report_summary();
}
