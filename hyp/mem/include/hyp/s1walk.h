/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A software walk of the guest's EL1&0 stage-1 tables (Arm ARM D8.2,
 * VMSAv8-64, 4 KiB granule; input sizes 25..48 bits from TCR_EL1.TxSZ,
 * TTBR0 for VA[55] = 0, TTBR1 otherwise). Descriptor reads go through a
 * callback, so the SPE port reads them through stage 2 (a stage-2 fault on
 * a table walk is a stage-2 fault) and the hypervisor reads them through
 * the VMM's mapping, the way KVM's walker does.
 *
 * Model limits: 16/64 KiB granules and FEAT_LPA2 give a level-0
 * translation fault; no hardware AF/dirty updates (PMBIDR_EL1.F = 1 is
 * treated as "AF = 0 does not fault"); PAN and EL0 permissions ignored (SPE
 * owned by EL1 writes as EL1).
 */
#ifndef HYP_S1WALK_H
#define HYP_S1WALK_H

#include <stdbool.h>
#include <stdint.h>

/* The guest's stage-1 controls, filled by the hypervisor on vcpu_load and
 * on trapped or context-switched writes. */
struct hyp_mem_s1 {
	bool mmu_on;		/* SCTLR_EL1.M: off = VA is the IPA */
	uint64_t ttbr0, ttbr1, tcr;
};

/* A failed walk. stage 2 means a table read faulted at stage 2 (S1PTW). */
struct s1_fault {
	uint8_t stage;		/* 1 or 2 */
	uint8_t fsc;		/* ESR_ELx.DFSC */
	uint8_t level;
	bool s1ptw;		/* stage 2 on a table read (ESR_ELx.ISS.S1PTW) */
	uint64_t va;
	uint64_t ipa;		/* stage 2: the descriptor's or the data's IPA */
};

/* Read the 8-byte descriptor at ipa: 0, or 1 with f->{fsc,level} for a
 * stage-2 fault, or a negative error. */
typedef int (*s1_read_fn)(void *ctx, uint64_t ipa, uint64_t *desc, struct s1_fault *f);

struct s1_xlate {
	uint64_t ipa;
	bool writable;		/* writable at EL1 */
	unsigned ntables;	/* table pages read, first to last */
	uint64_t table_ipa[4];	/* their page-aligned IPAs */
};

/* Returns 0 with *x, 1 with *f, or a negative error from the reader. */
int s1_walk(const struct hyp_mem_s1 *s1, uint64_t va, bool write, bool hw_flags,
	    s1_read_fn read, void *ctx, struct s1_xlate *x, struct s1_fault *f);

#endif
