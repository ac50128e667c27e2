/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Just enough of the flattened device tree (DTSpec v0.4 ch. 5) for the
 * runtime: RAM size, number of CPUs, the command line. All reads are
 * bounds-checked against the blob's totalsize.
 */
#ifndef GUEST_FDT_H
#define GUEST_FDT_H
#include <stdint.h>

struct fdt_info {
	uintptr_t addr;		/* 0: no device tree found */
	uint64_t ram_base, ram_size;	/* first /memory range, 0 if none */
	unsigned int nr_cpus;		/* /cpus/cpu@* nodes */
	const char *bootargs;		/* /chosen/bootargs, "" if none */
};

/* Looks at hint (x0 at entry), then at the start of RAM, for the magic. */
int fdt_scan(uintptr_t hint, struct fdt_info *info);

#endif
