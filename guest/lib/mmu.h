/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Stage-1 translation for EL1&0: 4 KiB granule, 48-bit VA, identity map of
 * devices and RAM (TTBR0) plus a high alias of RAM at GUEST_HIGH_BASE + PA
 * (TTBR1). The image is mapped with pages by section (see guest.ld).
 */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* MAIR_EL1 slots the descriptors use. */
enum mmu_attr {
	MMU_ATTR_DEVICE = 0,	/* Device-nGnRnE */
	MMU_ATTR_NORMAL = 1,	/* Normal, write-back cacheable */
	MMU_ATTR_NORMAL_NC = 2,	/* Normal, non-cacheable */
};

/* Builds the tables for ram_size bytes of RAM and turns the MMU on. */
int mmu_init(uint64_t ram_size);
/* Turns the MMU on with the tables the boot CPU built (secondaries). */
void mmu_enable(void);
bool mmu_enabled(void);
/* Clean and invalidate [start, start + size) to the point of coherency. */
void dcache_clean_range(const void *start, size_t size);

/* The TTBR1 alias of a RAM address. */
static inline void *mmu_high_alias(const void *p)
{
	return (void *)((uintptr_t)p + 0xffff000000000000ull);
}

/* The last-level descriptor mapping va (TTBR0), or 0 when unmapped. */
uint64_t mmu_lookup(uintptr_t va, unsigned int *level);

#endif
