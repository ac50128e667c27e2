// SPDX-License-Identifier: GPL-2.0-only
// A small printf: enough for test output, bounded, no floating point.
#include <stdint.h>
#include "format.h"

struct format_state {
	format_sink_fn sink;
	void *ctx;
	int count;
};

static void format_put(struct format_state *st, char c)
{
	st->sink(c, st->ctx);
	st->count++;
}

static void format_pad(struct format_state *st, char c, int n)
{
	while (n-- > 0)
		format_put(st, c);
}

static void format_number(struct format_state *st, uint64_t v, unsigned int base,
			  int upper, int negative, int width, int zero, int left)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	int len = 0;

	do {
		buf[len++] = digits[v % base];
		v /= base;
	} while (v);
	int total = len + (negative ? 1 : 0);

	if (zero && !left) {
		if (negative)
			format_put(st, '-');
		format_pad(st, '0', width - total);
	} else {
		if (!left)
			format_pad(st, ' ', width - total);
		if (negative)
			format_put(st, '-');
	}
	while (len)
		format_put(st, buf[--len]);
	if (left)
		format_pad(st, ' ', width - total);
}

int format_emit(format_sink_fn sink, void *ctx, const char *fmt, va_list ap)
{
	struct format_state st = { sink, ctx, 0 };

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			format_put(&st, *fmt);
			continue;
		}
		fmt++;
		int zero = 0, left = 0, width = 0, lng = 0;

		for (;; fmt++) {
			if (*fmt == '0')
				zero = 1;
			else if (*fmt == '-')
				left = 1;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9' && width < 64)
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
			uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

			format_number(&st, mag, 10, 0, v < 0, width, zero, left);
			break;
		}
		case 'u':
		case 'x':
		case 'X': {
			uint64_t v = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);

			format_number(&st, v, *fmt == 'u' ? 10 : 16, *fmt == 'X', 0,
				      width, zero, left);
			break;
		}
		case 'p':
			format_put(&st, '0');
			format_put(&st, 'x');
			format_number(&st, (uintptr_t)va_arg(ap, void *), 16, 0, 0,
				      16, 1, 0);
			break;
		case 'c':
			format_pad(&st, ' ', left ? 0 : width - 1);
			format_put(&st, (char)va_arg(ap, int));
			format_pad(&st, ' ', left ? width - 1 : 0);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			int len = 0;

			if (!s)
				s = "(null)";
			while (s[len])
				len++;
			if (!left)
				format_pad(&st, ' ', width - len);
			while (*s)
				format_put(&st, *s++);
			if (left)
				format_pad(&st, ' ', width - len);
			break;
		}
		case '%':
			format_put(&st, '%');
			break;
		case '\0':
			return st.count;
		default:
			format_put(&st, '%');
			format_put(&st, *fmt);
			break;
		}
	}
	return st.count;
}
