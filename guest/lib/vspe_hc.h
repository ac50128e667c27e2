/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vspe paravirtual channel seen from the guest (docs/paravirt.md): HVC
 * #0, SMCCC 1.1, Vendor Specific Hypervisor Service ids 0xC600_00nn. On a
 * machine without vspe (QEMU's virt) the ids return NOT_SUPPORTED (-1), so
 * callers probe with vspe_hc_present() and do without.
 */
#ifndef GUEST_VSPE_HC_H
#define GUEST_VSPE_HC_H
#include <stdbool.h>
#include <stdint.h>

#define VSPE_HC_QUERY		0xc6000000u
#define VSPE_HC_TRACE_WRITE	0xc6000010u
#define VSPE_HC_TRACE_INFO	0xc6000011u
#define VSPE_HC_MAGIC		0x7673706531ull	/* "vspe1" */

#define VSPE_HC_NOT_SUPPORTED	(-1)
#define VSPE_HC_INVALID		(-2)

/* TRACE_WRITE flags. */
#define VSPE_TRACE_TRUNCATED	(1u << 0)	/* PMBSR_EL1.DL: the last record may be partial */
#define VSPE_TRACE_COLLISION	(1u << 1)	/* PMBSR_EL1.COLL during this piece */

/* What a session was programmed with (the VMM puts it in perf.data's attribute). */
struct vspe_trace_info {
	uint32_t version;	/* 1 */
	uint32_t size;		/* sizeof(struct vspe_trace_info) */
	uint64_t pmscr, pmsirr, pmsfcr, pmsevfr, pmslatfr;
};

int64_t vspe_hc_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4);
/* QUERY answered with the magic: this is vspe (cached after the first call). */
bool vspe_hc_present(void);
/* One piece of records at p (identity-mapped RAM or its TTBR1 alias), recorded on guest CPU cpu. */
int64_t vspe_hc_trace_write(const void *p, uint64_t len, uint32_t flags, unsigned int cpu);
int64_t vspe_hc_trace_info(const struct vspe_trace_info *info);

#endif
