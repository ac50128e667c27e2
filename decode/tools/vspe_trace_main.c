// SPDX-License-Identifier: GPL-2.0-only
/*
 * vspe-trace: a stand-in driver for the trace commands until the vspe CLI
 * (vmm/main.c) dispatches to them: `vspe-trace dump|report ...`.
 */
#include <stdio.h>
#include <string.h>

#include "trace_cmds.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} cmds[] = {
	{ "dump", trace_cmd_dump, "print every SPE packet (like perf report -D)" },
	{ "report", trace_cmd_report, "summarise an SPE trace (text, JSON, HTML)" },
};

int main(int argc, char **argv)
{
	if (argc >= 2) {
		for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
			if (!strcmp(argv[1], cmds[i].name))
				return cmds[i].fn(argc - 1, argv + 1);
	}
	fprintf(argc >= 2 && strcmp(argv[1], "--help") ? stderr : stdout,
		"usage: vspe-trace COMMAND [ARGS]\n");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(stderr, "  %-8s %s\n", cmds[i].name, cmds[i].help);
	return argc >= 2 && !strcmp(argv[1], "--help") ? 0 : 2;
}
