/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Command-line options as a table (kvmtool's parse-options in spirit):
 * one row per flag says its name, what value it takes, its range and its
 * help text, so the same table parses argv and prints --help.
 */
#ifndef VMM_OPTIONS_H
#define VMM_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

enum opt_kind {
	OPT_END = 0,	/* terminates a table */
	OPT_UINT,	/* unsigned int, decimal or 0x hex, in [min, max] */
	OPT_U64,	/* uint64_t, decimal or 0x hex, in [min, max] */
	OPT_SIZE,	/* uint64_t bytes: N[K|M|G|T]; no suffix = MiB (as QEMU -m) */
	OPT_STRING,	/* const char * into argv */
	OPT_BOOL,	/* bool, takes no value */
};

struct opt {
	enum opt_kind kind;
	const char *name;	/* long name, used as --name VALUE or --name=VALUE */
	const char *metavar;	/* how --help names the value */
	const char *help;
	void *value;		/* where the parsed value goes */
	uint64_t min, max;	/* inclusive bounds for numbers and sizes */
	char short_name;	/* optional: -c VALUE or -cVALUE; 0 = long form only */
};

#define OPT_HELP_REQUESTED	1	/* opt_parse() saw -h or --help */

/*
 * Parses argv[1..argc-1] against table; "--" ends the options. Arguments
 * that are not options are moved, in order, to argv[1..*npos] (so options
 * may come before or after them). Returns 0, OPT_HELP_REQUESTED, or a
 * negative vmm_err with vmm_err_detail() naming the bad flag.
 */
int opt_parse(const struct opt *table, int argc, char **argv, int *npos);

/* The number forms opt_parse() accepts, for reuse and tests. */
int opt_parse_u64(const char *s, uint64_t *out);
int opt_parse_size(const char *s, uint64_t *out);

#endif
