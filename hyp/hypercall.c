// SPDX-License-Identifier: GPL-2.0-only
/*
 * The vspe paravirtual channel (docs/paravirt.md): SMCCC Vendor Specific
 * Hypervisor Service calls, 0xC600_0000 + n. QUERY is answered here; every
 * other id exits to user space as VSPE_EXIT_HYPERCALL, and the VMM's
 * hypercall.ret becomes x0 when the vCPU resumes.
 */
#include <string.h>

#include "hyp-internal.h"

bool hyp_hypercall_is_vendor(uint32_t fid)
{
	return (fid & 0xffff0000u) == VSPE_HC_BASE;
}

int hyp_hypercall(struct hyp_vcpu *v, struct cpu *cpu, uint32_t fid)
{
	if (fid == VSPE_HC_QUERY) {
		cpu_reg_write(cpu, CPU_REG_X0, VSPE_HC_MAGIC);
		return 0;
	}
	memset(&v->run, 0, sizeof(v->run));
	v->run.exit_reason = VSPE_EXIT_HYPERCALL;
	v->run.hypercall.nr = fid;
	for (unsigned int i = 0; i < 6; i++)
		cpu_reg_read(cpu, CPU_REG_X0 + 1 + i, &v->run.hypercall.args[i]);
	/* Until the VMM answers, the call reports NOT_SUPPORTED. */
	v->run.hypercall.ret = (uint64_t)-1;
	v->hypercall_pending = true;
	return 1;
}

void hyp_hypercall_complete(struct hyp_vcpu *v, struct cpu *cpu)
{
	v->hypercall_pending = false;
	cpu_reg_write(cpu, CPU_REG_X0, v->run.hypercall.ret);
}
