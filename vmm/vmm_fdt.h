/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's device tree (the only user of libfdt in the VMM): what a
 * Linux or kvm-unit-tests guest relies on from QEMU's virt board with a
 * GICv3 (see layout.h and docs/guest-compat.md): /memory, /cpus with PSCI
 * enable-method, /psci (HVC), the GICv3, the generic timer, the PL011 with
 * its 24 MHz apb-pclk, /chosen, and optionally the SPE node.
 */
#ifndef VMM_VMM_FDT_H
#define VMM_VMM_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VMM_FDT_PHANDLE_GIC	1u
#define VMM_FDT_PHANDLE_CLK	2u
#define VMM_FDT_SPE_PPI		5u	/* INTID 21, as Linux's arm_spe_pmu expects */
#define VMM_FDT_BOOTARGS_MAX	2048u	/* Linux arm64 COMMAND_LINE_SIZE, NUL included */

struct vmm_fdt_config {
	uint64_t ram_base, ram_size;
	unsigned int nr_cpus;		/* 1..VMM_MAX_CPUS */
	const uint64_t *mpidr;		/* nr_cpus MPIDR_EL1 values; NULL: Aff0 = index */
	const char *bootargs;		/* /chosen/bootargs; NULL = ""; < VMM_FDT_BOOTARGS_MAX bytes */
	uint64_t initrd_start, initrd_end;	/* /chosen/linux,initrd-*; none when end == start */
	bool spe;			/* add an arm,statistical-profiling-extension-v1 node */
};

/*
 * Writes the flattened tree into buf (at most size bytes, packed).
 * Returns its total size, or a negative vmm_err (VMM_EINVAL for a bad
 * config, VMM_EFDT when it does not fit or libfdt refuses).
 */
int vmm_fdt_build(const struct vmm_fdt_config *cfg, void *buf, size_t size);

#endif
