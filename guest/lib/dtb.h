/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Just enough of the flattened device tree (DTSpec v0.4 ch. 5) for the
 * runtime: RAM size, number of CPUs, the command line. All reads are
 * bounds-checked against the blob's totalsize.
 */
#ifndef GUEST_DTB_H
#define GUEST_DTB_H
#include <stddef.h>
#include <stdint.h>

struct dtb_info {
	uintptr_t addr;		/* 0: no device tree found */
	uint64_t ram_base, ram_size;	/* first /memory range, 0 if none */
	unsigned int nr_cpus;		/* /cpus/cpu@* nodes */
	const char *bootargs;		/* /chosen/bootargs, "" if none */
};

/* Looks at hint (x0 at entry), then at the start of RAM, for the magic. */
int dtb_scan(uintptr_t hint, struct dtb_info *info);
/*
 * Parses the blob at blob, of which at most avail bytes may be read.
 * Returns 0, or -1 for anything malformed; *info is then all zero.
 */
int dtb_parse(const void *blob, size_t avail, struct dtb_info *info);

#endif
