/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Buffered output for the commands: lines are built in place in a big
 * buffer. A file outbuf writes the buffer out when it fills; a memory
 * outbuf (f == NULL) grows instead and keeps everything.
 */
#ifndef DECODE_TOOLS_OUTBUF_H
#define DECODE_TOOLS_OUTBUF_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTBUF_SIZE	(1u << 20)
#define OUTBUF_SLACK	512	/* one line always fits after ob_reserve() */

struct outbuf {
	FILE *f;
	char *buf;
	size_t n, cap;
	int err;
};

static inline int ob_init(struct outbuf *o, FILE *f)
{
	o->f = f;
	o->n = 0;
	o->err = 0;
	o->cap = OUTBUF_SIZE;
	o->buf = malloc(o->cap);
	return o->buf ? 0 : -1;
}

static inline void ob_free(struct outbuf *o)
{
	free(o->buf);
	o->buf = NULL;
}

static inline void ob_flush(struct outbuf *o)
{
	if (o->f && o->n && !o->err && fwrite(o->buf, 1, o->n, o->f) != o->n)
		o->err = 1;
	if (o->f)
		o->n = 0;
}

/* Make room for need bytes: write out (file) or grow (memory). */
static inline void ob_room(struct outbuf *o, size_t need)
{
	char *b;
	size_t cap = o->cap;

	if (o->cap - o->n >= need)
		return;
	if (o->f) {
		ob_flush(o);
		if (o->cap >= need)
			return;
	}
	while (cap - o->n < need)
		cap *= 2;
	b = realloc(o->buf, cap);
	if (!b) {
		/* Out of memory: drop what is kept, note the error. */
		o->err = 1;
		o->n = 0;
		return;
	}
	o->buf = b;
	o->cap = cap;
}

/* Room for at least OUTBUF_SLACK more bytes. */
static inline char *ob_reserve(struct outbuf *o)
{
	if (o->cap - o->n < OUTBUF_SLACK)
		ob_room(o, OUTBUF_SLACK);
	return o->buf + o->n;
}

static inline void ob_commit(struct outbuf *o, char *end)
{
	o->n = (size_t)(end - o->buf);
}

static inline void ob_write(struct outbuf *o, const char *s, size_t len)
{
	ob_room(o, len);
	if (o->cap - o->n < len)
		return;
	memcpy(o->buf + o->n, s, len);
	o->n += len;
}

static inline void ob_puts(struct outbuf *o, const char *s)
{
	ob_write(o, s, strlen(s));
}

#endif
