// SPDX-License-Identifier: GPL-2.0-only
/*
 * `vspe`: one binary, a table of subcommands (kvmtool's builtin table).
 * Each subcommand parses its own options from its own table.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#ifdef VSPE_HAVE_TRACE_TOOLS
#include "tools/trace_cmds.h"
#endif

struct cli_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

#ifndef VSPE_HAVE_TRACE_TOOLS
static int cmd_trace_missing(int argc, char **argv)
{
	(void)argc;
	cli_error(argv[0], "not available: this build has no trace tools (decode/)");
	return CLI_EXIT_FAILURE;
}
#define trace_cmd_dump		cmd_trace_missing
#define trace_cmd_report	cmd_trace_missing
#endif

static const struct cli_cmd cli_cmds[] = {
	{ "run",	cmd_run,		"boot a guest ELF on the virtualized machine" },
	{ "dump",	trace_cmd_dump,		"print the SPE packets of a trace (perf.data or raw)" },
	{ "report",	trace_cmd_report,	"summarize an SPE trace: symbols, latencies, events" },
	{ "demo",	cmd_demo,		"boot the demo guest and show what vspe does" },
#ifdef VSPE_HAVE_MIGRATE
	{ "snapshot",	cmd_snapshot,		"check a snapshot file and list its sections" },
#endif
	{ "help",	cmd_help,		"list the commands, or `help CMD` for one" },
	{ "version",	cmd_version,		"print the version" },
};
#define CLI_NR_CMDS (sizeof(cli_cmds) / sizeof(cli_cmds[0]))

static const struct cli_cmd *cli_find(const char *name)
{
	size_t i;

	for (i = 0; i < CLI_NR_CMDS; i++)
		if (!strcmp(cli_cmds[i].name, name))
			return &cli_cmds[i];
	return NULL;
}

static void cli_usage(FILE *out)
{
	size_t i;

	fprintf(out, "usage: vspe COMMAND [ARGS]\n\n"
		"A user-space arm64 hypervisor that virtualizes the Statistical Profiling Extension.\n\n"
		"commands:\n");
	for (i = 0; i < CLI_NR_CMDS; i++)
		fprintf(out, "  %-8s %s\n", cli_cmds[i].name, cli_cmds[i].summary);
	fprintf(out, "\n`vspe COMMAND --help` describes a command's options.\n");
}

static int cmd_help(int argc, char **argv)
{
	const struct cli_cmd *c;
	char help[] = "--help";
	char *args[3];

	if (argc < 2) {
		cli_usage(stdout);
		return CLI_EXIT_OK;
	}
	c = cli_find(argv[1]);
	if (!c || c->fn == cmd_help) {
		cli_error("help", "unknown command '%s'", argv[1]);
		return CLI_EXIT_USAGE;
	}
	args[0] = argv[1];
	args[1] = help;
	args[2] = NULL;
	return c->fn(2, args);
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("vspe %s\n", VSPE_VERSION);
	return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
	const struct cli_cmd *c;

	/* Line-buffered so guest output and vspe's messages interleave in order. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		cli_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		cli_usage(stdout);
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version"))
		return cmd_version(0, NULL);
	c = cli_find(argv[1]);
	if (!c) {
		fprintf(stderr, "vspe: unknown command '%s'\n\n", argv[1]);
		cli_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}
