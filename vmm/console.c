// SPDX-License-Identifier: GPL-2.0-only
/* The console scanner: finds "EXIT: STATUS=<n>" at the start of a line. */
#include <string.h>

#include "console.h"

static const char exit_prefix[] = "EXIT: STATUS=";

void console_init(struct console *con)
{
	memset(con, 0, sizeof(*con));
}

static void console_end_line(struct console *con)
{
	size_t n = sizeof(exit_prefix) - 1, i;
	unsigned int v = 0;

	if (con->len && con->line[con->len - 1] == '\r')
		con->len--;
	if (con->mark && con->len >= strlen(con->mark) &&
	    !memcmp(con->line, con->mark, strlen(con->mark))) {
		memcpy(con->marked_line, con->line, con->len);
		con->marked_line[con->len] = '\0';
		con->marked = true;
	}
	if (!con->overlong && con->len >= n && !memcmp(con->line, exit_prefix, n)) {
		/* 1..3 decimal digits, nothing after them, at most 255. */
		for (i = n; i < con->len && con->line[i] >= '0' && con->line[i] <= '9'; i++)
			v = v * 10 + (unsigned int)(con->line[i] - '0');
		if (i == n || i != con->len || i - n > 3 || v > 255) {
			con->status = CONSOLE_BAD_STATUS;
		} else {
			con->status = CONSOLE_STATUS;
			con->exit_status = v;
		}
	}
	con->len = 0;
	con->overlong = false;
}

void console_feed(struct console *con, uint8_t byte)
{
	con->bytes++;
	con->marked = false;
	if (byte == '\n') {
		console_end_line(con);
		return;
	}
	if (con->len < sizeof(con->line))
		con->line[con->len++] = (char)byte;
	else
		con->overlong = true;
}

void console_finish(struct console *con)
{
	if (con->len || con->overlong)
		console_end_line(con);
}
