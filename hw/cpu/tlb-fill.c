// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stores at full speed on Unicorn 2.0.1.
 *
 * That release has no dirty-memory tracking: it calls every RAM page clean,
 * so each TLB fill marks the entry NOTDIRTY and every later guest store to
 * it leaves the generated code for the slow path, which allocates and frees
 * a page collection to look for translated code to invalidate (49.5 M
 * times in one Linux boot to /init; Unicorn 2.1 fixed it upstream). vspe's
 * CPUs do not need stores to find translated code: they invalidate it on
 * the architected maintenance instead (IC IVAU, IC IALLU; cpu.c), as a
 * hardware instruction cache would need.
 *
 * The fix: the library's internal calls to tlb_set_page_with_attrs go
 * through its PLT, so a definition in the executable takes their place
 * (ELF symbol interposition; hw/cpu's CMakeLists.txt exports it). It runs
 * the library's own function (the next definition), then marks the filled
 * page dirty with the library's tlb_set_dirty. The self-test (cpu.c) turns
 * it on only when fills are seen to pass through here.
 */
#include "tlb-fill.h"

#include <dlfcn.h>
#include <stdatomic.h>

/* QEMU 5's signature: (CPUState *, vaddr, hwaddr, MemTxAttrs, prot, mmu_idx, size). */
typedef void (*set_page_fn)(void *cs, uint64_t vaddr, uint64_t paddr, uint32_t attrs,
			    int prot, int mmu_idx, uint64_t size);
typedef void (*set_dirty_fn)(void *cs, uint64_t vaddr);

/* vspe runs its engines on one thread; atomics keep a program that does not safe. */
static _Atomic(set_page_fn) real_set_page;
static set_dirty_fn set_dirty;		/* written before fix_on turns on */
static atomic_bool fix_on;
static atomic_uint_fast64_t fills;

void tlb_set_page_with_attrs_aarch64(void *cs, uint64_t vaddr, uint64_t paddr, uint32_t attrs,
				     int prot, int mmu_idx, uint64_t size);

void tlb_set_page_with_attrs_aarch64(void *cs, uint64_t vaddr, uint64_t paddr, uint32_t attrs,
				     int prot, int mmu_idx, uint64_t size)
{
	set_page_fn real = atomic_load_explicit(&real_set_page, memory_order_relaxed);

	if (!real) {
		real = (set_page_fn)dlsym(RTLD_NEXT, "tlb_set_page_with_attrs_aarch64");
		atomic_store_explicit(&real_set_page, real, memory_order_relaxed);
	}
	/* Only the library calls this, so its definition is always there. */
	real(cs, vaddr, paddr, attrs, prot, mmu_idx, size);
	atomic_fetch_add_explicit(&fills, 1, memory_order_relaxed);
	/*
	 * Clears NOTDIRTY only where it is the sole flag (RAM, writable, a
	 * whole page): MMIO, read-only and sub-page entries keep their path.
	 */
	if (atomic_load_explicit(&fix_on, memory_order_acquire))
		set_dirty(cs, vaddr);
}

bool tlb_fill_fix_enable(bool on)
{
	if (on && !set_dirty)
		set_dirty = (set_dirty_fn)dlsym(RTLD_DEFAULT, "tlb_set_dirty_aarch64");
	atomic_store_explicit(&fix_on, on && set_dirty, memory_order_release);
	return on && set_dirty;
}

bool tlb_fill_fix_on(void)
{
	return atomic_load_explicit(&fix_on, memory_order_acquire);
}

uint64_t tlb_fill_count(void)
{
	return atomic_load_explicit(&fills, memory_order_relaxed);
}
