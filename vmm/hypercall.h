/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMM's half of the paravirtual channel (docs/paravirt.md): the
 * hypercalls the hypervisor hands to user space as VSPE_EXIT_HYPERCALL.
 * Guest arguments are checked here (range inside guest RAM, length,
 * flags, CPU) before a byte of guest memory is read.
 */
#ifndef VMM_HYPERCALL_H
#define VMM_HYPERCALL_H

#include <stdint.h>

#include "trace.h"

#define VMM_HC_TRACE_WRITE	0xc6000010u	/* VSPE_HC_TRACE_WRITE */
#define VMM_HC_TRACE_INFO	0xc6000011u	/* VSPE_HC_TRACE_INFO */
#define VMM_HC_MAX_PIECE	(16ull << 20)	/* longest TRACE_WRITE */

/* SMCCC return values. */
#define VMM_HC_OK		0ull
#define VMM_HC_NOT_SUPPORTED	((uint64_t)-1)
#define VMM_HC_INVALID		((uint64_t)-2)

struct vmm_hc_env {
	const uint8_t *ram;		/* host view of guest RAM */
	uint64_t ram_base, ram_size;
	unsigned int nr_cpus;		/* guest CPUs (TRACE_WRITE x4 bound) */
	struct vmm_trace *trace;	/* NULL: no -o, trace calls are NOT_SUPPORTED */
};

/*
 * Answers hypercall nr with args x1..x6; *ret is what the guest gets in x0.
 * Returns 0 when answered, 1 when the guest's arguments were refused
 * (vmm_err_detail() says why; *ret = INVALID), or a negative vmm_err when
 * the host failed (the trace file could not be written).
 */
int vmm_hypercall(const struct vmm_hc_env *env, uint64_t nr, const uint64_t args[6],
		  uint64_t *ret);

#endif
