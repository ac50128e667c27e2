/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU lists in the kernel's cpulist format ("0-3,6", as bitmap_parselist
 * and /sys/devices/.../cpumask print them), for --spe-cpus and
 * --vcpu-cpus. At most 64 CPUs, as the host's SUPPORTED_CPUS bitmap.
 */
#ifndef VMM_CPULIST_H
#define VMM_CPULIST_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parses s into *mask (bit n = CPU n); every CPU must be below nr (<= 64).
 * Returns 0, or VMM_EINVAL with vmm_err_detail() naming the bad part
 * (empty list or item, not a number, reversed range, CPU >= nr).
 */
int cpulist_parse(const char *s, unsigned int nr, uint64_t *mask);

/* Prints mask as a cpulist ("0-1,3") into buf; returns buf. */
const char *cpulist_format(uint64_t mask, char *buf, size_t size);

#endif
