/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's console stream as the VMM watches it: a line-buffered scan
 * for the exit-status line "EXIT: STATUS=<n>" that test guests print
 * before PSCI SYSTEM_OFF (kvm-unit-tests' convention), and for lines that
 * start with a chosen prefix (`--mark`: progress markers a benchmark
 * times). Pure state; the caller writes the bytes out.
 */
#ifndef VMM_CONSOLE_H
#define VMM_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSOLE_LINE_MAX	128	/* longer lines cannot be an EXIT line */

enum console_status {
	CONSOLE_NO_STATUS = 0,		/* no EXIT line seen */
	CONSOLE_STATUS,			/* a valid EXIT line: exit_status holds n */
	CONSOLE_BAD_STATUS,		/* EXIT: STATUS= followed by no number or n > 255 */
};

struct console {
	char line[CONSOLE_LINE_MAX];
	size_t len;
	bool overlong;			/* the current line outgrew line[] */
	enum console_status status;	/* from the last EXIT line */
	unsigned int exit_status;
	uint64_t bytes;			/* total bytes seen */
	const char *mark;		/* --mark: a line prefix to report; NULL none */
	bool marked;			/* the byte just fed ended a line starting with mark */
	char marked_line[CONSOLE_LINE_MAX + 1];	/* that line (cut at the buffer), NUL-ended */
};

void console_init(struct console *con);
/* Scans one byte; afterwards con->marked says whether it ended a marked line. */
void console_feed(struct console *con, uint8_t byte);
/* Ends a line without a newline (at shutdown): a last EXIT line still counts. */
void console_finish(struct console *con);

#endif
