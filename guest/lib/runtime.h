/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest runtime: what start-up found, and the test's entry point.
 * A test defines int main(void) and returns report_summary().
 */
#ifndef GUEST_RUNTIME_H
#define GUEST_RUNTIME_H
#include <stdint.h>
#include "fdt.h"

int main(void);

/* The device tree the boot found (addr 0 if none). */
const struct fdt_info *runtime_fdt(void);
uint64_t runtime_ram_size(void);

/* Called from start.S only. */
void runtime_start(uintptr_t dtb) __attribute__((noreturn));

#endif
