/* SPDX-License-Identifier: GPL-2.0-only */
/* Buffered stdout for the commands: one big buffer, flushed when full. */
#ifndef DECODE_TOOLS_OUTBUF_H
#define DECODE_TOOLS_OUTBUF_H

#include <stdio.h>
#include <string.h>

#define OUTBUF_SIZE	(1u << 20)
#define OUTBUF_SLACK	512	/* one line always fits after a flush check */

struct outbuf {
	FILE *f;
	size_t n;
	int err;
	char b[OUTBUF_SIZE];
};

static inline void ob_flush(struct outbuf *o)
{
	if (o->n && !o->err && fwrite(o->b, 1, o->n, o->f) != o->n)
		o->err = 1;
	o->n = 0;
}

/* Room for at least OUTBUF_SLACK more bytes. */
static inline char *ob_reserve(struct outbuf *o)
{
	if (o->n > OUTBUF_SIZE - OUTBUF_SLACK)
		ob_flush(o);
	return o->b + o->n;
}

static inline void ob_commit(struct outbuf *o, char *end)
{
	o->n = (size_t)(end - o->b);
}

static inline void ob_puts(struct outbuf *o, const char *s)
{
	size_t len = strlen(s);

	if (len > OUTBUF_SIZE - o->n)
		ob_flush(o);
	if (len > OUTBUF_SIZE) {
		if (fwrite(s, 1, len, o->f) != len)
			o->err = 1;
		return;
	}
	memcpy(o->b + o->n, s, len);
	o->n += len;
}

#endif
