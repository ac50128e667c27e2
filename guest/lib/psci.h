/* SPDX-License-Identifier: GPL-2.0-only */
/* PSCI calls over HVC (Arm DEN 0022, SMCCC 64-bit convention). */
#ifndef GUEST_PSCI_H
#define GUEST_PSCI_H
#include <stdint.h>
#include "arch/sysreg.h"

/* PSCI return codes (DEN 0022 5.2.2). */
enum psci_ret {
	PSCI_RET_SUCCESS = 0,
	PSCI_RET_NOT_SUPPORTED = -1,
	PSCI_RET_INVALID_PARAMETERS = -2,
	PSCI_RET_DENIED = -3,
	PSCI_RET_ALREADY_ON = -4,
	PSCI_RET_ON_PENDING = -5,
	PSCI_RET_INTERNAL_FAILURE = -6,
	PSCI_RET_NOT_PRESENT = -7,
	PSCI_RET_DISABLED = -8,
	PSCI_RET_INVALID_ADDRESS = -9,
};

int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
uint32_t psci_version(void);
int64_t psci_features(uint32_t fn);
int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);
int64_t psci_cpu_off(void);
int64_t psci_affinity_info(uint64_t mpidr);
void psci_system_off(void);
void psci_system_reset(void);

#endif
