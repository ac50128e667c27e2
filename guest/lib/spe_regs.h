/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every SPE system register as data, for the conformance tests: its name,
 * SYS_<REG> key and MRS/MSR accessors that report where the instruction is
 * and whether it was UNDEFINED (the accessors catch EC 0 themselves).
 */
#ifndef GUEST_SPE_REGS_H
#define GUEST_SPE_REGS_H
#include <stdbool.h>
#include <stdint.h>

struct spe_reg_access {
	uint64_t val;		/* the value read (MRS) */
	uint64_t pc;		/* address of the MRS/MSR */
	bool undef;		/* it took an UNDEFINED exception */
	uint64_t esr, elr;	/* ... with this ESR_EL1 and ELR_EL1 */
};

struct spe_reg {
	const char *name;
	uint32_t key;
	bool ro;		/* PMSIDR_EL1, PMBIDR_EL1 */
	bool buffer;		/* PMB*: E2PB traps them (the rest: TPMS) */
	void (*rd)(struct spe_reg_access *a);
	void (*wr)(uint64_t val, struct spe_reg_access *a);
};

/* PMSCR, PMSNEVFR, PMSICR, PMSIRR, PMSFCR, PMSEVFR, PMSLATFR, PMSIDR,
 * PMBLIMITR, PMBPTR, PMBSR, PMBIDR (all EL1, spe-architecture.md §1.1). */
#define SPE_NR_REGS	12
extern const struct spe_reg spe_regs[SPE_NR_REGS];

/* The register with this key, or 0. */
const struct spe_reg *spe_reg_find(uint32_t key);

/* Installs the EL1 UNDEF handler the accessors rely on (once per image). */
void spe_regs_catch_undef(void);

#endif
