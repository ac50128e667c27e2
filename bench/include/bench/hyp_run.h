/* SPDX-License-Identifier: GPL-2.0-only */
/* The benches' run loop over the hypervisor's own API (no VMM). */
#ifndef BENCH_HYP_RUN_H
#define BENCH_HYP_RUN_H

#include "hyp/hyp.h"

/*
 * Runs vm until a vCPU stops for something other than a scheduling tick
 * (VSPE_EXIT_INTR), at most max_runs times: 0 when that stop is the guest
 * powering off (VSPE_EXIT_SYSTEM_EVENT), -1 for anything else.
 */
static inline int bench_run_to_power_off(struct hyp_vm *vm, unsigned int max_runs)
{
	for (unsigned int i = 0; i < max_runs; i++) {
		struct hyp_vcpu *who;
		struct vspe_run *run;

		if (hyp_vm_run(vm, &who))
			return -1;
		run = hyp_vcpu_run_struct(who);
		if (run->exit_reason != VSPE_EXIT_INTR)
			return run->exit_reason == VSPE_EXIT_SYSTEM_EVENT ? 0 : -1;
	}
	return -1;
}

#endif
