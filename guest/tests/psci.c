// SPDX-License-Identifier: GPL-2.0-only
// psci: the firmware interface over HVC (Arm DEN 0022): version, the
// functions FEATURES reports, MIGRATE_INFO_TYPE, argument checking of
// CPU_ON and AFFINITY_INFO, and NOT_SUPPORTED for an unassigned id.
#include "console.h"
#include "psci.h"
#include "report.h"
#include "runtime.h"
#include "smp.h"
#include "sysreg.h"

/* In the PSCI range (0x84000000-0x8400001f) but assigned to nothing. */
#define PSCI_UNASSIGNED		0x8400001full
#define ABSENT_MPIDR		0xffull
/* "Trusted OS not present or does not require migration" (DEN 0022 5.8). */
#define MIGRATE_TYPE_NONE	2

extern char secondary_entry[];

int main(void)
{
	uint32_t ver = psci_version();
	unsigned int major = (unsigned int)PSCI_VERSION_VAL_Major_GET(ver);
	unsigned int minor = (unsigned int)PSCI_VERSION_VAL_Minor_GET(ver);

	report(major >= 1 || minor >= 2, "PSCI_VERSION %u.%u >= 0.2", major, minor);
	report(psci_call(PSCI_UNASSIGNED, 0, 0, 0) == PSCI_RET_NOT_SUPPORTED,
	       "an unassigned function id returns NOT_SUPPORTED");
	report(psci_call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0) == MIGRATE_TYPE_NONE,
	       "MIGRATE_INFO_TYPE == 2 (no trusted OS to migrate)");

	if (major >= 1) {
		static const struct { uint32_t fn; const char *name; } fns[] = {
			{ PSCI_VERSION, "VERSION" }, { PSCI_CPU_OFF, "CPU_OFF" },
			{ PSCI_CPU_ON, "CPU_ON" }, { PSCI_AFFINITY_INFO, "AFFINITY_INFO" },
			{ PSCI_MIGRATE_INFO_TYPE, "MIGRATE_INFO_TYPE" },
			{ PSCI_SYSTEM_OFF, "SYSTEM_OFF" }, { PSCI_SYSTEM_RESET, "SYSTEM_RESET" },
			{ PSCI_FEATURES, "FEATURES" },
		};

		for (unsigned int i = 0; i < sizeof(fns) / sizeof(fns[0]); i++)
			report(psci_features(fns[i].fn) >= 0, "FEATURES(%s) says implemented",
			       fns[i].name);
		report(psci_features(PSCI_UNASSIGNED) == PSCI_RET_NOT_SUPPORTED,
		       "FEATURES(unassigned id) == NOT_SUPPORTED");
	} else {
		report_skip("PSCI_FEATURES needs PSCI 1.0");
	}

	uint64_t self = MPIDR_EL1_Aff0_GET(read_sysreg(mpidr_el1));

	report(psci_affinity_info(self) == PSCI_AFFINITY_ON, "AFFINITY_INFO(self) == ON");
	report(psci_affinity_info(ABSENT_MPIDR) == PSCI_RET_INVALID_PARAMETERS,
	       "AFFINITY_INFO(absent MPIDR 0x%llx) == INVALID_PARAMETERS",
	       (unsigned long long)ABSENT_MPIDR);
	report(psci_cpu_on(self, (uintptr_t)secondary_entry, 0) == PSCI_RET_ALREADY_ON,
	       "CPU_ON(self) == ALREADY_ON");
	report(psci_cpu_on(ABSENT_MPIDR, (uintptr_t)secondary_entry, 0) ==
	       PSCI_RET_INVALID_PARAMETERS, "CPU_ON(absent MPIDR) == INVALID_PARAMETERS");
	return report_summary();
}
