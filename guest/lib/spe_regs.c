// SPDX-License-Identifier: GPL-2.0-only
// SPE register accessors with known instruction addresses (ADR of the
// MRS/MSR itself), so a test can check ELR_EL1 of an UNDEF exactly.
#include "exception.h"
#include "spe_regs.h"
#include "sysreg.h"

static volatile uint64_t undef_count, undef_esr, undef_elr;

/* EC 0 from EL1: note it and step over the 32-bit instruction. */
static void spe_regs_undef(struct exc_frame *frame)
{
	undef_esr = frame->esr;
	undef_elr = frame->elr;
	undef_count++;
	frame->elr += 4;
}

void spe_regs_catch_undef(void)
{
	exception_install(EXC_FROM_EL1, ESR_EC_UNKNOWN, spe_regs_undef);
}

static void spe_regs_begin(struct spe_reg_access *a)
{
	undef_count = 0;
	undef_esr = 0;
	undef_elr = 0;
	*a = (struct spe_reg_access){ 0 };
}

static void spe_regs_end(struct spe_reg_access *a)
{
	a->undef = undef_count != 0;
	a->esr = undef_esr;
	a->elr = undef_elr;
}

#define SPE_ACCESSORS(REG)							\
static void rd_##REG(struct spe_reg_access *a)					\
{										\
	register uint64_t v __asm__("x9") = 0;					\
	uint64_t at;								\
										\
	spe_regs_begin(a);							\
	__asm__ volatile("adr %1, 1f\n1:\t.inst %c2 | 9"			\
			 : "+r"(v), "=&r"(at)					\
			 : "i"(SYSREG_MRS_BASE | (SYS_##REG << 5)) : "memory");	\
	a->val = v;								\
	a->pc = at;								\
	spe_regs_end(a);							\
}										\
static void wr_##REG(uint64_t val, struct spe_reg_access *a)			\
{										\
	register uint64_t v __asm__("x9") = val;				\
	uint64_t at;								\
										\
	spe_regs_begin(a);							\
	__asm__ volatile("adr %0, 1f\n1:\t.inst %c2 | 9\n\tisb"			\
			 : "=&r"(at) : "r"(v),					\
			   "i"(SYSREG_MSR_BASE | (SYS_##REG << 5)) : "memory");	\
	a->pc = at;								\
	spe_regs_end(a);							\
}

SPE_ACCESSORS(PMSCR_EL1)
SPE_ACCESSORS(PMSNEVFR_EL1)
SPE_ACCESSORS(PMSICR_EL1)
SPE_ACCESSORS(PMSIRR_EL1)
SPE_ACCESSORS(PMSFCR_EL1)
SPE_ACCESSORS(PMSEVFR_EL1)
SPE_ACCESSORS(PMSLATFR_EL1)
SPE_ACCESSORS(PMSIDR_EL1)
SPE_ACCESSORS(PMBLIMITR_EL1)
SPE_ACCESSORS(PMBPTR_EL1)
SPE_ACCESSORS(PMBSR_EL1)
SPE_ACCESSORS(PMBIDR_EL1)

#define SPE_REG(REG, RO, BUF) { #REG, SYS_##REG, RO, BUF, rd_##REG, wr_##REG }

const struct spe_reg spe_regs[SPE_NR_REGS] = {
	SPE_REG(PMSCR_EL1, false, false),
	SPE_REG(PMSNEVFR_EL1, false, false),
	SPE_REG(PMSICR_EL1, false, false),
	SPE_REG(PMSIRR_EL1, false, false),
	SPE_REG(PMSFCR_EL1, false, false),
	SPE_REG(PMSEVFR_EL1, false, false),
	SPE_REG(PMSLATFR_EL1, false, false),
	SPE_REG(PMSIDR_EL1, true, false),
	SPE_REG(PMBLIMITR_EL1, false, true),
	SPE_REG(PMBPTR_EL1, false, true),
	SPE_REG(PMBSR_EL1, false, true),
	SPE_REG(PMBIDR_EL1, true, true),
};

const struct spe_reg *spe_reg_find(uint32_t key)
{
	for (unsigned int i = 0; i < SPE_NR_REGS; i++)
		if (spe_regs[i].key == key)
			return &spe_regs[i];
	return 0;
}
