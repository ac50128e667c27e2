/* SPDX-License-Identifier: GPL-2.0-only */
/* The PL011 console and the formatted output built on it. */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H
#include <stdarg.h>
#include <stddef.h>

void console_putc(char c);
void console_puts(const char *s);
/* Forget a lock held by an interrupted context (before a fatal report). */
void console_force_unlock(void);

/* %d %i %u %x %X %p %s %c %% with l/ll/z, width, '0' and '-' flags. */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif
