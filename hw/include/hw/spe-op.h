/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One executed operation as the CPU describes it to the SPE unit and to the
 * timing model: the narrow interface between hw/cpu and hw/spe. The CPU
 * fills only what it knows; everything is plain data (no pointers), so a
 * test can build a synthetic stream of these.
 */
#ifndef HW_SPE_OP_H
#define HW_SPE_OP_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Operation class. LOAD/STORE/ATOMIC carry a data access; an atomic that
 * returns data (LDADD, SWP, CAS) counts as both load and store for the
 * type filter (PMSFCR_EL1.LD/ST text) and is reported as a load.
 */
enum spe_unit_op_kind {
	SPE_OPK_OTHER = 0,
	SPE_OPK_LOAD,
	SPE_OPK_STORE,
	SPE_OPK_ATOMIC_LD,	/* atomic with a returned value */
	SPE_OPK_ATOMIC_ST,	/* store-only atomic (STADD ...) */
	SPE_OPK_BRANCH,		/* branches and exception returns */
};

/* spe_op.flags */
#define SPE_OPF_COND		(1u << 0)	/* conditional (B.cond, CBZ, CSEL...) */
#define SPE_OPF_TAKEN		(1u << 1)	/* branch taken / condition passed */
#define SPE_OPF_INDIRECT	(1u << 2)	/* branch to a register */
#define SPE_OPF_CALL		(1u << 3)	/* branch with link */
#define SPE_OPF_RETURN		(1u << 4)	/* procedure return */
#define SPE_OPF_SIMD_FP		(1u << 5)	/* ld/st of SIMD&FP registers */
#define SPE_OPF_EXCLUSIVE	(1u << 6)	/* LDXR/STXR family */
#define SPE_OPF_ACQREL		(1u << 7)	/* acquire/release semantics */
#define SPE_OPF_PA_VALID	(1u << 8)	/* data_pa holds the translated PA */
#define SPE_OPF_EXCEPTION	(1u << 9)	/* the operation generated an exception */
#define SPE_OPF_NOT_RETIRED	(1u << 10)	/* did not architecturally retire */
/* The flags spe_op_classify() derives from the encoding alone. */
#define SPE_OPF_CLASS_MASK	(SPE_OPF_COND | SPE_OPF_INDIRECT | SPE_OPF_CALL | SPE_OPF_RETURN | \
				 SPE_OPF_SIMD_FP | SPE_OPF_EXCLUSIVE | SPE_OPF_ACQREL)

struct spe_op {
	uint64_t pc;		/* VA of the instruction */
	uint64_t data_va;	/* first data access (LOAD/STORE/ATOMIC_*) */
	uint64_t data_pa;	/* its PA, when SPE_OPF_PA_VALID */
	uint64_t target;	/* branch target (taken branches) */
	uint64_t cntpct;	/* physical count of the generic timer now */
	uint32_t contextidr_el1;
	uint32_t contextidr_el2;
	uint32_t flags;		/* SPE_OPF_* */
	uint8_t kind;		/* enum spe_unit_op_kind */
	uint8_t el;		/* exception level the op executed at, 0..2 */
	uint8_t size;		/* data access size in bytes (1..64) */
};

/*
 * Fills op->kind, op->size and the SPE_OPF_CLASS_MASK flags from an A64
 * instruction (other flags are kept). The CPU adds what only execution
 * knows: PC, EL, data VA/PA, SPE_OPF_TAKEN (branch taken or condition
 * passed), branch target, contexts and the counter. Sizes are of the first
 * access (one register for SIMD structure loads/stores). SVE, SME, MOPS and
 * MTE tag instructions are classified OTHER.
 */
void spe_op_classify(uint32_t insn, struct spe_op *op);

#endif
