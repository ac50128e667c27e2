/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A64 instruction decoding the CPU needs on its slow paths: the loads and
 * stores behind MMIO exits and data aborts (Arm ARM C4.1.66 "Loads and
 * Stores"), and the exception-generating and hint instructions.
 */
#ifndef HW_CPU_INSN_H
#define HW_CPU_INSN_H

#include <stdbool.h>
#include <stdint.h>

enum insn_kind {
	INSN_OTHER = 0,
	INSN_LDST,
	INSN_HVC,
	INSN_SMC,
	INSN_SVC,
	INSN_BRK,
	INSN_WFI,
	INSN_WFE,
	INSN_ERET,
};

struct insn_ldst {
	unsigned int size;	/* bytes per register */
	bool is_load;
	bool sign_extend;	/* load: sign-extend ... */
	bool sf;		/* ... to 64 bits (else 32) */
	bool simd;		/* V register */
	bool pair;		/* LDP/STP and exclusive pairs: two registers */
	bool exclusive;		/* LDXR/STXR family */
	bool aligned;		/* must be size-aligned: exclusive, ordered, atomic */
	bool atomic;		/* CAS, LDADD, SWP...: read and write in one */
	bool structure;		/* SIMD LD1-4/ST1-4: size = all bytes moved */
	bool writeback;		/* pre- or post-index */
	bool post_index;
	bool literal;		/* PC-relative */
	bool reg_offset;
	unsigned int rt, rt2, rn, rm;
	unsigned int option;	/* register offset: extend type */
	unsigned int shift;	/* register offset: left shift */
	int64_t imm;		/* immediate offset in bytes */
};

enum insn_kind insn_classify(uint32_t insn, uint32_t *imm16);
/* Returns true when insn is a load or store (filled in d). */
bool insn_decode_ldst(uint32_t insn, struct insn_ldst *d);
/*
 * Virtual address of the first byte accessed; x[0..30] general registers,
 * sp the current stack pointer, pc the instruction's address.
 */
uint64_t insn_ldst_address(const struct insn_ldst *d, const uint64_t x[31],
			   uint64_t sp, uint64_t pc);
/* True when KVM's ISV would be set: one general register, no writeback. */
bool insn_ldst_is_simple(const struct insn_ldst *d);

#endif
