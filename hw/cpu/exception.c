// SPDX-License-Identifier: GPL-2.0-only
/*
 * Taking an exception to EL1 the way the architecture does (Arm ARM D1.10),
 * which Unicorn does not do for us: it reports the exception and stops.
 * Uses only the CPU's register interface (which keeps SP banking and QEMU's
 * cached flags right).
 */
#include "hw/cpu.h"

#include "arch/sysreg.h"

unsigned int cpu_el(struct cpu *cpu)
{
	uint64_t pstate = 0;

	cpu_reg_read(cpu, CPU_REG_PSTATE, &pstate);
	return (unsigned int)(SPSR_EL1_M_GET(pstate) >> 2);
}

int cpu_take_exception(struct cpu *cpu, enum cpu_vector vec, uint64_t elr,
		       uint64_t esr, bool set_far, uint64_t far)
{
	uint64_t pstate = 0, vbar = 0, base;
	uint32_t m;
	int err;

	if (!cpu || vec > CPU_VECTOR_SERROR)
		return CPU_EINVAL;
	cpu_reg_read(cpu, CPU_REG_PSTATE, &pstate);
	m = SPSR_EL1_M_GET(pstate);
	/* Vector offset: from EL0 0x400, from EL1 with SP_EL0 0x000, SP_EL1 0x200. */
	if (m == SPSR_EL1_M_EL0t)
		base = VECTOR_LOWER_A64;
	else if (m == SPSR_EL1_M_EL1t)
		base = VECTOR_CUR_SP0;
	else
		base = VECTOR_CUR_SPX;
	cpu_reg_read(cpu, CPU_REG_VBAR_EL1, &vbar);
	/* SPSR_EL1 = PSTATE, SS and IL included (D1.10.1); both clear after. */
	err = cpu_reg_write(cpu, CPU_REG_SPSR_EL1, pstate);
	if (err)
		return err;
	cpu_reg_write(cpu, CPU_REG_ELR_EL1, elr);
	if (vec == CPU_VECTOR_SYNC)
		cpu_reg_write(cpu, CPU_REG_ESR_EL1, esr);
	if (set_far)
		cpu_reg_write(cpu, CPU_REG_FAR_EL1, far);
	/* PSTATE: EL1h, D, A, I, F masked (D1.10.1); condition flags kept. */
	err = cpu_reg_write(cpu, CPU_REG_PSTATE,
			    (pstate & (SPSR_EL1_N_MASK | SPSR_EL1_Z_MASK | SPSR_EL1_C_MASK |
				       SPSR_EL1_V_MASK)) |
			    SPSR_EL1_D_MASK | SPSR_EL1_A_MASK | SPSR_EL1_I_MASK |
			    SPSR_EL1_F_MASK | SPSR_EL1_M_EL1h);
	if (err)
		return err;
	return cpu_reg_write(cpu, CPU_REG_PC, vbar + base + (uint64_t)vec * VECTOR_IRQ);
}
