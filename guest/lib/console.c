// SPDX-License-Identifier: GPL-2.0-only
// Console output on the PL011 (Arm DDI 0183): write DR, waiting a bounded
// time for room in the FIFO; a machine whose FIFO never drains loses
// characters instead of hanging the guest.
#include <stdint.h>
#include "console.h"
#include "format.h"
#include "io.h"
#include "layout.h"
#include "spinlock.h"
#include "sysreg.h"

#define CONSOLE_TX_POLLS	100000

/* Recursive on one CPU so that a report from an interrupt cannot deadlock. */
static struct spinlock console_lock;
static int console_owner = -1;
static int console_depth;

static void console_raw_putc(char c)
{
	for (int i = 0; i < CONSOLE_TX_POLLS; i++) {
		if (!PL011_FR_TXFF_GET(mmio_read32(GUEST_UART_BASE + PL011_FR)))
			break;
	}
	mmio_write32(GUEST_UART_BASE + PL011_DR, (uint8_t)c);
}

static void console_lock_take(void)
{
	int me = (int)cpu_index();

	if (__atomic_load_n(&console_owner, __ATOMIC_RELAXED) != me) {
		spin_lock(&console_lock);
		__atomic_store_n(&console_owner, me, __ATOMIC_RELAXED);
	}
	console_depth++;
}

static void console_lock_release(void)
{
	if (--console_depth == 0) {
		__atomic_store_n(&console_owner, -1, __ATOMIC_RELAXED);
		spin_unlock(&console_lock);
	}
}

void console_force_unlock(void)
{
	console_depth = 0;
	__atomic_store_n(&console_owner, -1, __ATOMIC_RELAXED);
	spin_unlock(&console_lock);
}

void console_putc(char c)
{
	console_lock_take();
	console_raw_putc(c);
	console_lock_release();
}

void console_puts(const char *s)
{
	console_lock_take();
	while (*s)
		console_raw_putc(*s++);
	console_lock_release();
}

static void console_sink(char c, void *ctx)
{
	(void)ctx;
	console_raw_putc(c);
}

int vprintf(const char *fmt, va_list ap)
{
	int n;

	console_lock_take();
	n = format_emit(console_sink, 0, fmt, ap);
	console_lock_release();
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

struct buffer_sink {
	char *buf;
	size_t size;
	size_t pos;
};

static void buffer_sink(char c, void *ctx)
{
	struct buffer_sink *b = ctx;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buffer_sink b = { buf, size, 0 };
	int n = format_emit(buffer_sink, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
