// SPDX-License-Identifier: GPL-2.0-only
/*
 * What SPE needs to know about an A64 instruction: its operation class
 * (load, store, atomic, branch, other), the op-type flags and the access
 * size (Arm ARM C4.1 "A64 instruction set encoding": Loads and Stores,
 * Branches, Data Processing -- Register). Encodings SPE does not classify
 * (SVE, SME, MOPS, MTE tag ops, system instructions) come out as OTHER.
 */
#include "hw/spe-op.h"

static uint32_t bits(uint32_t insn, unsigned int hi, unsigned int lo)
{
	return (insn >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static void set(struct spe_op *op, uint8_t kind, uint32_t flags, unsigned int size)
{
	op->kind = kind;
	op->flags = (op->flags & ~SPE_OPF_CLASS_MASK) | flags;
	op->size = (uint8_t)size;
}

/* Branches (C4.1.65 "Branches, Exception Generating and System instructions"). */
static bool classify_branch(uint32_t insn, struct spe_op *op)
{
	if ((insn & 0x7c000000) == 0x14000000) {		/* B, BL */
		set(op, SPE_OPK_BRANCH, bits(insn, 31, 31) ? SPE_OPF_CALL : 0, 0);
		return true;
	}
	if ((insn & 0xff000000) == 0x54000000 ||		/* B.cond, BC.cond */
	    (insn & 0x7e000000) == 0x34000000 ||		/* CBZ, CBNZ */
	    (insn & 0x7e000000) == 0x36000000) {		/* TBZ, TBNZ */
		set(op, SPE_OPK_BRANCH, SPE_OPF_COND, 0);
		return true;
	}
	if (bits(insn, 31, 25) == 0x6b && bits(insn, 20, 16) == 0x1f) {
		/* Unconditional branch (register): opc[1:0] BR/BLR/RET; opc[2] ERET. */
		uint32_t opc = bits(insn, 24, 21);

		if (opc == 0 || opc == 8)
			set(op, SPE_OPK_BRANCH, SPE_OPF_INDIRECT, 0);
		else if (opc == 1 || opc == 9)
			set(op, SPE_OPK_BRANCH, SPE_OPF_INDIRECT | SPE_OPF_CALL, 0);
		else if (opc == 2)
			set(op, SPE_OPK_BRANCH, SPE_OPF_INDIRECT | SPE_OPF_RETURN, 0);
		else if (opc == 4)
			set(op, SPE_OPK_BRANCH, SPE_OPF_INDIRECT, 0);
		else
			return false;
		return true;
	}
	return false;
}

/* Load/store exclusive, ordered (LDAR/STLR) and compare-and-swap: bits [29:24] 001000. */
static void classify_exclusive(uint32_t insn, struct spe_op *op)
{
	bool o2 = bits(insn, 23, 23), l = bits(insn, 22, 22), o1 = bits(insn, 21, 21);
	bool o0 = bits(insn, 15, 15);
	unsigned int size = 1u << bits(insn, 31, 30);

	if (o2 && o1) {						/* CAS */
		set(op, SPE_OPK_ATOMIC_LD, l || o0 ? SPE_OPF_ACQREL : 0, size);
	} else if (!o2 && o1 && !bits(insn, 31, 31)) {		/* CASP */
		set(op, SPE_OPK_ATOMIC_LD, l || o0 ? SPE_OPF_ACQREL : 0,
		    2u * (4u << bits(insn, 30, 30)));
	} else if (!o2) {					/* LDXR/STXR, LDXP/STXP */
		set(op, l ? SPE_OPK_LOAD : SPE_OPK_STORE,
		    SPE_OPF_EXCLUSIVE | (o0 ? SPE_OPF_ACQREL : 0), o1 ? 2 * size : size);
	} else {						/* LDAR/STLR, LDLAR/STLLR */
		set(op, l ? SPE_OPK_LOAD : SPE_OPK_STORE, SPE_OPF_ACQREL, size);
	}
}

/* Atomic memory operations (LD<op>, ST<op>, SWP) and LDAPR. */
static void classify_atomic(uint32_t insn, struct spe_op *op)
{
	bool a = bits(insn, 23, 23), r = bits(insn, 22, 22), o3 = bits(insn, 15, 15);
	uint32_t opc = bits(insn, 14, 12);
	unsigned int size = 1u << bits(insn, 31, 30);
	uint32_t ar = a || r ? SPE_OPF_ACQREL : 0;

	if (bits(insn, 26, 26))
		set(op, SPE_OPK_OTHER, 0, 0);
	else if (o3 && opc == 4)				/* LDAPR */
		set(op, SPE_OPK_LOAD, SPE_OPF_ACQREL, size);
	else if (o3 && opc == 0)				/* SWP */
		set(op, SPE_OPK_ATOMIC_LD, ar, size);
	else if (o3)
		set(op, SPE_OPK_OTHER, 0, 0);
	else if (bits(insn, 4, 0) == 31 && !a)			/* ST<op>: no register returned */
		set(op, SPE_OPK_ATOMIC_ST, ar, size);
	else
		set(op, SPE_OPK_ATOMIC_LD, ar, size);
}

/* Load/store register (immediate, register offset, unprivileged, unscaled). */
static void classify_register(uint32_t insn, struct spe_op *op)
{
	bool v = bits(insn, 26, 26);
	uint32_t opc = bits(insn, 23, 22);
	unsigned int size = 1u << bits(insn, 31, 30);

	if (v) {
		if (opc >= 2)					/* 128-bit Q register */
			size = 16;
		set(op, opc & 1 ? SPE_OPK_LOAD : SPE_OPK_STORE, SPE_OPF_SIMD_FP, size);
	} else {
		set(op, opc ? SPE_OPK_LOAD : SPE_OPK_STORE, 0, size);
	}
}

static bool classify_ldst(uint32_t insn, struct spe_op *op)
{
	bool v = bits(insn, 26, 26);

	if ((insn & 0x0a000000) != 0x08000000)			/* op0 = x1x0: loads and stores */
		return false;
	if ((insn & 0x3f000000) == 0x08000000) {
		classify_exclusive(insn, op);
		return true;
	}
	if ((insn & 0x3f200c00) == 0x38200000) {
		classify_atomic(insn, op);
		return true;
	}
	if ((insn & 0x3f200c00) == 0x19000000) {		/* LDAPUR/STLUR (RCpc) */
		set(op, bits(insn, 23, 22) ? SPE_OPK_LOAD : SPE_OPK_STORE, SPE_OPF_ACQREL,
		    1u << bits(insn, 31, 30));
		return true;
	}
	if ((insn & 0xbe000000) == 0x0c000000) {		/* SIMD structures: one register */
		set(op, bits(insn, 22, 22) ? SPE_OPK_LOAD : SPE_OPK_STORE, SPE_OPF_SIMD_FP,
		    bits(insn, 30, 30) ? 16 : 8);
		return true;
	}
	if ((insn & 0x3b000000) == 0x18000000) {		/* load literal */
		uint32_t opc = bits(insn, 31, 30);
		unsigned int size = v ? 4u << opc : (opc == 1 ? 8 : 4);

		if (v && opc == 3)				/* unallocated */
			return false;
		set(op, SPE_OPK_LOAD, v ? SPE_OPF_SIMD_FP : 0, size);
		return true;
	}
	if ((insn & 0x3a000000) == 0x28000000) {		/* pairs */
		uint32_t opc = bits(insn, 31, 30);
		unsigned int reg = v ? 4u << opc : (opc == 2 ? 8 : 4);

		if (opc == 3)					/* unallocated */
			return false;
		set(op, bits(insn, 22, 22) ? SPE_OPK_LOAD : SPE_OPK_STORE,
		    v ? SPE_OPF_SIMD_FP : 0, 2 * reg);
		return true;
	}
	if ((insn & 0x38000000) == 0x38000000) {
		/* Register offset (bits [11:10] 10) and the forms with bit 21 clear or bit 24 set. */
		if (bits(insn, 24, 24) || !bits(insn, 21, 21) || bits(insn, 11, 10) == 2) {
			classify_register(insn, op);
			return true;
		}
		if (!v && bits(insn, 10, 10)) {			/* LDRAA/LDRAB */
			set(op, SPE_OPK_LOAD, 0, 8);
			return true;
		}
	}
	return false;
}

/* Conditional select and compare (CSEL..., CCMP/CCMN, FCSEL, FCCMP). */
static bool classify_cond_other(uint32_t insn, struct spe_op *op)
{
	if ((insn & 0x1fe00000) == 0x1a800000 || (insn & 0x1fe00000) == 0x1a400000 ||
	    (insn & 0x5f200c00) == 0x1e200c00 || (insn & 0x5f200c00) == 0x1e200400) {
		set(op, SPE_OPK_OTHER, SPE_OPF_COND, 0);
		return true;
	}
	return false;
}

void spe_op_classify(uint32_t insn, struct spe_op *op)
{
	if (classify_branch(insn, op) || classify_ldst(insn, op) || classify_cond_other(insn, op))
		return;
	set(op, SPE_OPK_OTHER, 0, 0);
}
