// SPDX-License-Identifier: GPL-2.0-only
/* Printing for the CLI: --help from option tables, error lines. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"

static const char *usage_metavar(const struct opt *o)
{
	if (o->kind == OPT_BOOL)
		return "";
	return o->metavar ? o->metavar : "VALUE";
}

void usage_print(FILE *out, const char *usage, const char *summary, const struct opt *table)
{
	fprintf(out, "usage: %s\n\n%s\n", usage, summary);
	if (!table || table->kind == OPT_END)
		return;
	fprintf(out, "\noptions:\n");
	for (; table->kind != OPT_END; table++) {
		char left[48];

		if (table->short_name)
			snprintf(left, sizeof(left), "-%c, --%s %s", table->short_name, table->name,
				 usage_metavar(table));
		else
			snprintf(left, sizeof(left), "--%s %s", table->name, usage_metavar(table));
		fprintf(out, "  %-22s %s\n", left, table->help);
	}
	fprintf(out, "  %-22s %s\n", "-h, --help", "show this help");
}

/* True while the guest's last console byte did not end a line. */
static bool console_mid_line;

void cli_console_putc(uint8_t byte)
{
	putchar(byte);
	console_mid_line = byte != '\n';
}

void cli_console_break(void)
{
	if (console_mid_line)
		cli_console_putc('\n');
	fflush(stdout);
}

void cli_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	cli_console_break();
	fprintf(stderr, "vspe %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
