/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's SPE driver at EL1 (Arm ARM D24; facts in
 * shared/docs/spe-architecture.md), shaped like Linux's arm_spe_pmu: probe
 * (§6.2), a per-CPU session (start/stop in the register order of §6.4),
 * the buffer-management interrupt handler (§6.5): PSB CSYNC, DSB, read
 * PMBSR_EL1; buffer full -> hand the filled part over (the vspe trace
 * channel and/or a callback) and restart; any other event is fatal for the
 * session and is reported. Every CPU (up to SPE_MAX_CPUS) has its own
 * session and statistics; a CPU only touches its own.
 */
#ifndef GUEST_SPE_H
#define GUEST_SPE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PMBIRQ: PPI 5 on virt-like machines (the device tree's SPE node). */
#define SPE_PMBIRQ_INTID	21
#define SPE_MAX_CPUS		8

struct spe_caps {
	unsigned int version;		/* ID_AA64DFR0_EL1.PMSVer (0: none) */
	uint64_t pmsidr, pmbidr;
	uint32_t min_interval;		/* from PMSIDR_EL1.Interval (unknown: 4096, as Linux) */
	uint32_t max_record;		/* 2^PMSIDR_EL1.MaxSize bytes */
	uint32_t align;			/* 2^PMBIDR_EL1.Align bytes */
	unsigned int count_bits;	/* 12 or 16 (PMSIDR_EL1.CountSize; unknown: 12) */
	bool fe, ft, fl, fne;		/* filters: events, type, latency, inverted events */
	bool archinst, lds, ernd;
	bool usable;			/* PMBIDR_EL1.P == 0: EL1 may use the buffer */
};

struct spe_session;
/* Gets each filled piece [p, p + len) of the buffer before it is reused. */
typedef void (*spe_drain_fn)(const struct spe_session *s, const uint8_t *p, size_t len,
			     uint32_t flags, void *arg);

struct spe_session {
	void *buf;			/* 4 KiB aligned, mapped at EL1 */
	size_t size;			/* multiple of 4 KiB */
	uint32_t interval;		/* PMSIRR_EL1.INTERVAL (multiple of 256) */
	bool jitter;			/* PMSIRR_EL1.RND */
	uint64_t pmscr;			/* PMSCR_EL1: E0SPE/E1SPE/CX/PA/TS/PCT */
	uint64_t pmsfcr, pmsevfr;	/* filters (0: none) */
	uint64_t pmslatfr, pmsnevfr;
	bool restart;			/* buffer full: drain and go on (else stop there) */
	bool trace;			/* drain through VSPE_HC_TRACE_WRITE (vspe -o) */
	spe_drain_fn drain;		/* optional: also called with every piece */
	void *drain_arg;
};

/* What the driver saw on one CPU since spe_start() there. */
struct spe_cpu_stats {
	unsigned int irqs;		/* buffer-management interrupts taken */
	unsigned int spurious;		/* ... with PMBSR_EL1.S == 0 */
	unsigned int fulls;		/* buffer-full events (EC 0, BSC 1) */
	unsigned int faults;		/* any other event: the session stopped there */
	unsigned int restarts;
	unsigned int truncated;		/* events with PMBSR_EL1.DL */
	unsigned int collisions;	/* events or stops with PMBSR_EL1.COLL */
	uint64_t last_pmbsr;		/* PMBSR_EL1 of the last event */
	uint64_t fault_pmbptr;		/* PMBPTR_EL1 at the last fatal event */
	uint64_t drained;		/* bytes handed over (pieces, in order) */
	unsigned int pieces;
	unsigned int hc_errors;		/* trace calls refused as INVALID (not: no -o) */
	bool stopped;			/* a fatal event ended the session */
};

/* Fills caps; returns 0 when SPE is there and usable, -1 when it is not. */
int spe_probe(struct spe_caps *caps);
/* Resets this CPU's unit (Linux's __arm_spe_pmu_reset_local). */
void spe_reset_local(void);
/* Programs and enables a session on this CPU; -1 on a config the caps reject. */
int spe_start(const struct spe_caps *caps, const struct spe_session *cfg);
/*
 * Stops sampling on this CPU and drains (the rest goes to the trace channel
 * and the callback); returns the bytes in the buffer since the last restart.
 */
size_t spe_stop(const struct spe_session *cfg);
/* Installs the handler and enables the PPI on this CPU (call on each CPU). */
void spe_irq_init(unsigned int intid);
/* This CPU's interrupts and last PMBSR_EL1 (spe_cpu_stats() has the rest). */
unsigned int spe_irq_count(void);
uint64_t spe_irq_pmbsr(void);
/* cpu's statistics (a copy). */
void spe_cpu_stats(unsigned int cpu, struct spe_cpu_stats *st);

#endif
