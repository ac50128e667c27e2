/* SPDX-License-Identifier: GPL-2.0-only */
/* Free RAM above the image, handed out once and never freed. */
#ifndef GUEST_MEM_H
#define GUEST_MEM_H
#include <stddef.h>
#include <stdint.h>

/* Sets the free range [GUEST_HEAP_BASE, ram_end). */
void mem_init(uint64_t ram_end);
/* size bytes aligned to align (a power of two), zeroed; NULL when full. */
void *mem_alloc(size_t size, size_t align);
uint64_t mem_free_bytes(void);

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif
