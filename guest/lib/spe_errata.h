/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The SPE errata the guest's driver knows, keyed on MIDR_EL1 the way
 * Linux's cpu_errata.c matches MIDR ranges (docs/errata.md). The
 * hypervisor passes the physical MIDR through (VPIDR_EL2), so a guest on
 * an affected host CPU sees it.
 */
#ifndef GUEST_SPE_ERRATA_H
#define GUEST_SPE_ERRATA_H
#include <stdint.h>

/*
 * Neoverse N1 before r4p1, erratum 1694299: SPE samples are biased towards
 * branch targets; instructions just after a branch target get few or no
 * samples. No driver or hypervisor fix exists: profiled code that needs
 * them sampled breaks its repeating pattern (perf's datasym workload).
 */
#define SPE_GUEST_ERRATUM_N1_1694299	(1u << 0)

/* The errata of a CPU with this MIDR_EL1 (0: none known). */
uint32_t spe_errata_of(uint64_t midr);
/* The errata of the CPU this runs on (reads MIDR_EL1). */
uint32_t spe_errata_probe(void);
/* One line on an erratum bit, NULL for any other value. */
const char *spe_erratum_text(uint32_t bit);

#endif
