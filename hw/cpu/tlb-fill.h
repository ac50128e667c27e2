/* SPDX-License-Identifier: GPL-2.0-only */
/* Private to hw/cpu: the store fast path for Unicorn 2.0.1 (tlb-fill.c). */
#ifndef VSPE_HW_CPU_TLB_FILL_H
#define VSPE_HW_CPU_TLB_FILL_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Turns the fix on or off for every engine of the process. On only once
 * the library's tlb_set_dirty is found; the caller must then invalidate
 * translations on IC itself (stores no longer do).
 */
bool tlb_fill_fix_enable(bool on);
bool tlb_fill_fix_on(void);
/* TLB fills seen by the interposer: 0 means the library's calls bypass it. */
uint64_t tlb_fill_count(void);

#endif
