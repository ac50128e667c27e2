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

void *memset(void *dst, int c, size_t n)
{
	volatile unsigned char *d = dst;	/* volatile: no call to itself */

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	volatile unsigned char *d = dst;
	const unsigned char *s = src;

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
