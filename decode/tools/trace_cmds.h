/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `vspe dump` and `vspe report`: the trace commands the vspe CLI dispatches
 * to. argv[0] is the subcommand's name; each parses its own options, prints,
 * and returns an exit status (0 ok, 1 error, 2 usage).
 */
#ifndef DECODE_TOOLS_TRACE_CMDS_H
#define DECODE_TOOLS_TRACE_CMDS_H

int trace_cmd_dump(int argc, char **argv);
int trace_cmd_report(int argc, char **argv);

#endif
