// SPDX-License-Identifier: GPL-2.0-only
/*
 * PSCI 1.0 over HVC/SMC (Arm DEN0022) and the SMCCC discovery calls
 * (Arm DEN0028): CPU_ON/OFF, AFFINITY_INFO, SYSTEM_OFF/RESET as exits to
 * user space, FEATURES. Unknown function ids return NOT_SUPPORTED (-1).
 */
#include <errno.h>
#include <string.h>

#include "arch/sysreg.h"
#include "hyp-internal.h"

/* PSCI_* function ids of the 64-bit calls come from arch/sysreg/guest.reg. */
#define SMCCC_VERSION		0x80000000u
#define PSCI_CPU_ON_32		0x84000003u
#define PSCI_CPU_ON_64		PSCI_CPU_ON
#define PSCI_AFFINITY_INFO_32	0x84000004u
#define PSCI_AFFINITY_INFO_64	PSCI_AFFINITY_INFO

#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMS	(-2)
#define PSCI_ALREADY_ON		(-4)

#define PSCI_1_0		0x00010000u	/* major 1, minor 0 */
#define SMCCC_1_1		0x00010001u
#define MIGRATE_NOT_REQUIRED	2u		/* no Trusted OS to migrate */

static bool supported(uint32_t fid)
{
	switch (fid) {
	case PSCI_VERSION: case PSCI_CPU_OFF: case PSCI_CPU_ON_32: case PSCI_CPU_ON_64:
	case PSCI_AFFINITY_INFO_32: case PSCI_AFFINITY_INFO_64:
	case PSCI_MIGRATE_INFO_TYPE: case PSCI_SYSTEM_OFF: case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES: case SMCCC_VERSION:
		return true;
	default:
		return false;
	}
}

static struct hyp_vcpu *by_mpidr(struct hyp_vm *vm, uint64_t mpidr)
{
	uint64_t aff = mpidr & (MPIDR_EL1_Aff3_MASK | MPIDR_EL1_Aff2_MASK |
				MPIDR_EL1_Aff1_MASK | MPIDR_EL1_Aff0_MASK);

	for (unsigned int i = 0; i < VSPE_MAX_VCPUS; i++) {
		struct hyp_vcpu *v = vm->vcpus[i];

		if (v && (hyp_vcpu_mpidr(v) & ~MPIDR_EL1_RES1) == aff)
			return v;
	}
	return NULL;
}

/* CPU_ON: the target starts at entry, EL1h, MMU off, x0 = context id (5.6). */
static int64_t cpu_on(struct hyp_vcpu *self, uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	struct hyp_vcpu *t = by_mpidr(self->vm, mpidr);
	struct cpu *cpu;

	if (!t || !t->initialized)
		return PSCI_INVALID_PARAMS;
	if (t->state != VCPU_OFF)
		return PSCI_ALREADY_ON;
	cpu = hyp_vcpu_borrow(t);
	hyp_vcpu_reset(t, cpu);
	cpu_reg_write(cpu, CPU_REG_PC, entry);
	cpu_reg_write(cpu, CPU_REG_X0, ctx);
	hyp_vcpu_return(t, cpu, true);
	hyp_vcpu_set_state(t, VCPU_RUNNABLE);
	return PSCI_SUCCESS;
}

static void system_event(struct hyp_vcpu *v, uint32_t type)
{
	memset(&v->run, 0, sizeof(v->run));
	v->run.exit_reason = VSPE_EXIT_SYSTEM_EVENT;
	v->run.system_event.type = type;
	v->run.system_event.ndata = 0;
}

int hyp_psci_call(struct hyp_vcpu *v, struct cpu *cpu)
{
	uint64_t x[4];
	int64_t ret = PSCI_NOT_SUPPORTED;
	uint32_t fid;

	for (unsigned int i = 0; i < 4; i++)
		cpu_reg_read(cpu, CPU_REG_X0 + i, &x[i]);
	fid = (uint32_t)x[0];
	if (hyp_hypercall_is_vendor(fid))
		return hyp_hypercall(v, cpu, fid);
	switch (fid) {
	case SMCCC_VERSION:
		ret = SMCCC_1_1;
		break;
	case PSCI_VERSION:
		ret = PSCI_1_0;
		break;
	case PSCI_FEATURES:
		ret = supported((uint32_t)x[1]) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		ret = MIGRATE_NOT_REQUIRED;
		break;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		if (fid == PSCI_CPU_ON_32) {
			x[1] = (uint32_t)x[1];
			x[2] = (uint32_t)x[2];
			x[3] = (uint32_t)x[3];
		}
		ret = cpu_on(v, x[1], x[2], x[3]);
		break;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64: {
		struct hyp_vcpu *t = by_mpidr(v->vm, fid == PSCI_AFFINITY_INFO_32 ?
					      (uint32_t)x[1] : x[1]);

		if (x[2] != 0 || !t)
			ret = PSCI_INVALID_PARAMS;
		else
			ret = t->state == VCPU_OFF ? PSCI_AFFINITY_OFF : PSCI_AFFINITY_ON;
		break;
	}
	case PSCI_CPU_OFF:
		hyp_vcpu_set_state(v, VCPU_OFF);
		return 0;
	case PSCI_SYSTEM_OFF:
		system_event(v, VSPE_SYSTEM_EVENT_SHUTDOWN);
		return 1;
	case PSCI_SYSTEM_RESET:
		system_event(v, VSPE_SYSTEM_EVENT_RESET);
		return 1;
	default:
		break;
	}
	cpu_reg_write(cpu, CPU_REG_X0, (uint64_t)ret);
	return 0;
}
