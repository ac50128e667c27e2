/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal driver for the Statistical Profiling Extension at EL1 (Arm ARM
 * D24; facts in shared/docs/spe-architecture.md): probe, one profiling
 * session into a buffer in RAM, and the buffer-management interrupt.
 */
#ifndef GUEST_SPE_H
#define GUEST_SPE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* PMBIRQ: PPI 5 on virt-like machines (the device tree's SPE node). */
#define SPE_PMBIRQ_INTID	21

struct spe_caps {
	unsigned int version;		/* ID_AA64DFR0_EL1.PMSVer (0: none) */
	uint64_t pmsidr, pmbidr;
	uint32_t min_interval;		/* from PMSIDR_EL1.Interval */
	uint32_t max_record;		/* 2^PMSIDR_EL1.MaxSize bytes */
	uint32_t align;			/* 2^PMBIDR_EL1.Align bytes */
	bool usable;			/* PMBIDR_EL1.P == 0: EL1 may use the buffer */
};

struct spe_session {
	void *buf;			/* 4 KiB aligned, mapped at EL1 */
	size_t size;			/* multiple of 4 KiB */
	uint32_t interval;		/* PMSIRR_EL1.INTERVAL (multiple of 256) */
	bool jitter;			/* PMSIRR_EL1.RND */
	uint64_t pmscr;			/* PMSCR_EL1: E0SPE/E1SPE/CX/PA/TS/PCT */
	uint64_t pmsfcr, pmsevfr;	/* filters (0: none) */
	uint64_t pmslatfr;
};

/* Fills caps; returns 0 when SPE is there, -1 when it is not. */
int spe_probe(struct spe_caps *caps);
/* Programs and enables one session; -1 on a config the caps reject. */
int spe_start(const struct spe_caps *caps, const struct spe_session *cfg);
/* Stops sampling, drains the buffer; returns the bytes written so far. */
size_t spe_stop(const struct spe_session *cfg);
/* Interrupt handling: installs the handler and enables the PPI. */
void spe_irq_init(unsigned int intid);
/* Buffer-management interrupts taken, and PMBSR_EL1 as the last one saw. */
unsigned int spe_irq_count(void);
uint64_t spe_irq_pmbsr(void);

#endif
