/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * System register access. Registers are named as the assembler spells them
 * (e.g. read_sysreg(sctlr_el1)); their fields come from arch/sysreg.h.
 */
#ifndef GUEST_SYSREG_H
#define GUEST_SYSREG_H
#include <stdint.h>
#include "arch/sysreg.h"

#define read_sysreg(r) ({						\
	uint64_t __v;							\
	__asm__ volatile("mrs %0, " #r : "=r"(__v) :: "memory");	\
	__v;								\
})
#define write_sysreg(r, v) do {						\
	uint64_t __wv = (uint64_t)(v);					\
	__asm__ volatile("msr " #r ", %x0" :: "rZ"(__wv) : "memory");	\
} while (0)

/*
 * Registers the assembler may not know (SPE), by their generated SYS_<REG>
 * key from arch/sysreg: the MRS/MSR instruction is assembled with .inst
 * (Arm ARM C6.2: MRS = 0xd5200000 | op0:op1:CRn:CRm:op2 << 5 | Rt, MSR the
 * same with bit 21 clear), through x9.
 */
#define SYSREG_MRS_BASE	0xd5200000u
#define SYSREG_MSR_BASE	0xd5000000u
#define read_sysreg_key(key) ({						\
	register uint64_t __kv __asm__("x9");				\
	__asm__ volatile(".inst %c1 | 9" : "=r"(__kv)			\
			 : "i"(SYSREG_MRS_BASE | ((key) << 5)) : "memory");	\
	__kv;								\
})
#define write_sysreg_key(key, v) do {					\
	register uint64_t __kw __asm__("x9") = (uint64_t)(v);		\
	__asm__ volatile(".inst %c1 | 9" :: "r"(__kw),			\
			 "i"(SYSREG_MSR_BASE | ((key) << 5)) : "memory");	\
} while (0)

#define isb()		__asm__ volatile("isb" ::: "memory")
#define dsb(opt)	__asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt)	__asm__ volatile("dmb " #opt ::: "memory")
/* PSB CSYNC (HINT #17): SPE records of earlier operations reach memory. */
#define psb_csync()	__asm__ volatile("hint #17" ::: "memory")
#define wfi()		__asm__ volatile("wfi" ::: "memory")
#define wfe()		__asm__ volatile("wfe" ::: "memory")
#define sev()		__asm__ volatile("sev" ::: "memory")

static inline void irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

/*
 * The CPU index (MPIDR_EL1.Aff0 on the machines we run on), which start.S
 * keeps in TPIDR_EL1: reading it needs no trap to a hypervisor, unlike
 * MPIDR_EL1. Code that writes TPIDR_EL1 must put the index back.
 */
static inline unsigned int cpu_index(void)
{
	return (unsigned int)read_sysreg(tpidr_el1);
}

#endif
