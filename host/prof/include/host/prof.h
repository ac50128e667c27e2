/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host perf with the physical SPE unit (docs/host-profiling.md): the host
 * kernel's side of one profiling session, like Linux's arm_spe_pmu
 * driving a VHE host's unit. The host owns the buffer at EL2
 * (MDCR_EL2.E2PB = 0b00), in host memory of its own (one buffer per
 * physical CPU, at an EL2 virtual address), and samples the guest's EL1
 * and EL0 (PMSCR_EL1.E1SPE/E0SPE, which an EL2-owned buffer honours).
 * Every record carries CONTEXTIDR_EL2 (PMSCR_EL2.CX), which the host
 * writes with the running vCPU's thread id: host_prof_contextidr().
 *
 * The session is pure state: the register values it wants in a unit
 * (host_prof_regs), the buffer behind its memory port, and the
 * buffer-management interrupt handler. Who loads the registers into a
 * unit, and when, is the hypervisor's business (hyp/spe-switch.c).
 * Filled pieces go to the caller's drain callback, in order, cut at
 * record boundaries (the unit writes whole records).
 *
 * Not thread-safe: the host's CPUs are emulated on one thread.
 */
#ifndef HOST_PROF_H
#define HOST_PROF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/spe.h"

enum host_prof_err {
	HOST_PROF_OK = 0,
	HOST_PROF_EINVAL = -1,
	HOST_PROF_ENOMEM = -2,
	HOST_PROF_EFAULT = -3,	/* the unit reported a fault on the host buffer */
};
const char *host_prof_strerror(int err);

/* What the session profiles. */
enum host_prof_target {
	HOST_PROF_VM = 0,	/* every vCPU of the VM, on every physical CPU */
	HOST_PROF_CPU,		/* whatever runs on physical CPU id */
	HOST_PROF_VCPU,		/* vCPU id, wherever it runs */
};

#define HOST_PROF_MAX_CPUS	64
#define HOST_PROF_MIN_BUFFER	4096u
#define HOST_PROF_MAX_BUFFER	(64u << 20)
/* The buffers' EL2 virtual addresses: CPU n at BASE + n * STRIDE. */
#define HOST_PROF_VA_BASE	0xffff800010000000ull
#define HOST_PROF_VA_STRIDE	0x0000000010000000ull

/* A filled piece of cpu's buffer: whole records, in the order written. */
typedef void (*host_prof_drain_fn)(void *arg, unsigned int cpu, const void *bytes, size_t len);

struct host_prof_config {
	enum host_prof_target target;
	unsigned int id;		/* CPU or vCPU number (not for HOST_PROF_VM) */
	uint32_t interval;		/* sampling interval, multiple of 256, >= 256 */
	uint32_t buffer_size;		/* bytes per physical CPU, multiple of 4096 */
	bool jitter;			/* PMSIRR_EL1.RND */
	bool exclude_el0, exclude_el1;	/* perf's exclude_user / exclude_kernel (guest ELs) */
	host_prof_drain_fn drain;	/* may be NULL: pieces are then counted only */
	void *arg;
};

/* The SPE registers of one context, named (a switch moves them all or some). */
struct host_prof_regs {
	uint64_t pmscr_el2, pmscr_el1, pmsnevfr, pmsicr, pmsirr, pmsfcr, pmsevfr, pmslatfr;
	uint64_t pmbptr, pmbsr, pmblimitr;
};

struct host_prof_stats {
	uint64_t irqs;		/* buffer-management interrupts handled */
	uint64_t fulls;		/* ... that were buffer-full events */
	uint64_t faults;	/* ... that stopped the session on a CPU */
	uint64_t pieces, bytes;	/* handed to the drain */
};

struct host_prof;

int host_prof_create(const struct host_prof_config *cfg, unsigned int nr_cpus,
		     struct host_prof **out);
/* Frees everything; drains nothing (call host_prof_flush() first). */
void host_prof_free(struct host_prof *hp);
const struct host_prof_config *host_prof_config(const struct host_prof *hp);

/* Does the session want the unit of cpu while vCPU vcpu runs there? */
bool host_prof_targets(const struct host_prof *hp, unsigned int cpu, unsigned int vcpu);
/* Could the session sample this VM at all (exclusive-host hides guest SPE then)? */
bool host_prof_covers_vm(const struct host_prof *hp);
/* False once a fault stopped the session on cpu. */
bool host_prof_running(const struct host_prof *hp, unsigned int cpu);

/* CONTEXTIDR_EL2 of a vCPU thread: VM number in bits 31:16, vCPU in 15:0. */
uint32_t host_prof_contextidr(unsigned int vm, unsigned int vcpu);

/*
 * The session's registers on cpu: what a switch loads into the unit, and
 * where it saves what the unit changed (PMSICR_EL1, PMBPTR_EL1, PMBSR_EL1).
 */
struct host_prof_regs *host_prof_regs(struct host_prof *hp, unsigned int cpu);
/* The memory port of cpu's buffer (owner EL2): give it to the unit with the registers. */
const struct spe_mem_port *host_prof_port(struct host_prof *hp, unsigned int cpu);

/*
 * The buffer-management interrupt of cpu while the session is loaded
 * (Linux's arm_spe_pmu_irq_handler): r holds the unit's PMBSR_EL1 and
 * PMBPTR_EL1. Buffer full: the filled part is drained, PMBPTR goes back to
 * the base, PMBSR to 0 (profiling goes on). Anything else stops the
 * session on cpu (PMBLIMITR_EL1 = 0). r is updated with the values to load.
 */
int host_prof_irq(struct host_prof *hp, unsigned int cpu, struct host_prof_regs *r);
/* End of the session on cpu: drains [last drain, PMBPTR_EL1) and stops there. */
void host_prof_flush(struct host_prof *hp, unsigned int cpu);
void host_prof_stats(const struct host_prof *hp, struct host_prof_stats *st);

#endif
