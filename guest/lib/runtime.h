/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest runtime: what start-up found, and the test's entry point.
 * A test defines int main(void) and returns report_summary().
 */
#ifndef GUEST_RUNTIME_H
#define GUEST_RUNTIME_H
#include <stdint.h>
#include "dtb.h"

int main(void);

/* The device tree the boot found (addr 0 if none). */
const struct dtb_info *runtime_dtb(void);
uint64_t runtime_ram_size(void);
/* x0 as the machine entered the image (the device tree address, or 0). */
uintptr_t runtime_boot_x0(void);

/* Called from start.S only. */
void runtime_start(uintptr_t dtb) __attribute__((noreturn));

#endif
