// SPDX-License-Identifier: GPL-2.0-only
// A bump allocator over the RAM the machine gave us, and the few string
// functions the compiler may call on its own (memset/memcpy).
#include "layout.h"
#include "mem.h"
#include "spinlock.h"

static struct spinlock mem_lock;
static uintptr_t mem_next = GUEST_HEAP_BASE, mem_end = GUEST_HEAP_BASE;

void mem_init(uint64_t ram_end)
{
	mem_next = GUEST_HEAP_BASE;
	mem_end = ram_end > GUEST_HEAP_BASE ? (uintptr_t)ram_end : GUEST_HEAP_BASE;
}

void *mem_alloc(size_t size, size_t align)
{
	void *p = NULL;

	if (!align || (align & (align - 1)))
		return NULL;
	spin_lock(&mem_lock);
	uintptr_t start = (mem_next + align - 1) & ~(uintptr_t)(align - 1);

	if (start >= mem_next && start <= mem_end && size <= mem_end - start) {
		mem_next = start + size;
		p = (void *)start;
	}
	spin_unlock(&mem_lock);
	if (p)
		memset(p, 0, size);
	return p;
}

uint64_t mem_free_bytes(void)
{
	return mem_end - mem_next;
}

/*
 * Word-sized stores once aligned (emulated stores are costly); volatile
 * keeps the compiler from turning the loops back into calls to memset.
 */
void *memset(void *dst, int c, size_t n)
{
	volatile unsigned char *d = dst;
	uint64_t word = 0x0101010101010101ull * (unsigned char)c;

	while (n && ((uintptr_t)d & 7)) {
		*d++ = (unsigned char)c;
		n--;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(volatile uint64_t *)d = word;
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	volatile unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		while (n && ((uintptr_t)d & 7)) {
			*d++ = *s++;
			n--;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(volatile uint64_t *)d = *(const uint64_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x - *y;
	}
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}
