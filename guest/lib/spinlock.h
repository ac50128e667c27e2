/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Spinlocks and atomics with exclusive load/store pairs (Armv8.0, B2.9),
 * so they work on any AArch64 CPU model without LSE.
 */
#ifndef GUEST_SPINLOCK_H
#define GUEST_SPINLOCK_H
#include <stdint.h>

struct spinlock {
	uint32_t locked;
};

/* Plain spinning (no WFE): emulators need not model monitor events. */
static inline void spin_lock(struct spinlock *lock)
{
	uint32_t tmp, fail;

	__asm__ volatile(
	"1:	ldaxr	%w0, [%2]\n"
	"	cbnz	%w0, 1b\n"
	"	stxr	%w1, %w3, [%2]\n"
	"	cbnz	%w1, 1b\n"
	: "=&r"(tmp), "=&r"(fail)
	: "r"(&lock->locked), "r"(1)
	: "memory");
}

static inline void spin_unlock(struct spinlock *lock)
{
	__asm__ volatile("stlr wzr, [%0]" :: "r"(&lock->locked) : "memory");
}

/* Adds v to *p and returns the new value. */
static inline uint64_t atomic_add_return(uint64_t *p, uint64_t v)
{
	uint64_t result;
	uint32_t fail;

	__asm__ volatile(
	"1:	ldaxr	%0, [%2]\n"
	"	add	%0, %0, %3\n"
	"	stlxr	%w1, %0, [%2]\n"
	"	cbnz	%w1, 1b\n"
	: "=&r"(result), "=&r"(fail)
	: "r"(p), "r"(v)
	: "memory");
	return result;
}

static inline uint64_t atomic_read(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static inline void atomic_set(uint64_t *p, uint64_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

#endif
