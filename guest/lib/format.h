/* SPDX-License-Identifier: GPL-2.0-only */
/* The printf engine: formats into a sink one character at a time. */
#ifndef GUEST_FORMAT_H
#define GUEST_FORMAT_H
#include <stdarg.h>

typedef void (*format_sink_fn)(char c, void *ctx);

/* Returns the number of characters produced. */
int format_emit(format_sink_fn sink, void *ctx, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif
