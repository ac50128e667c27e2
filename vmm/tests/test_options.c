// SPDX-License-Identifier: GPL-2.0-only
/* Option-table parsing: values, ranges, sizes, positional arguments, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "options.h"
#include "vmm_err.h"

struct vals {
	unsigned int cpus;
	uint64_t mem, seed;
	const char *append, *output;
	bool quiet;
};

static struct vals v;
static const struct opt table[] = {
	{ OPT_UINT, "cpus", "N", "vCPUs", &v.cpus, 1, 123, 0 },
	{ OPT_SIZE, "mem", "SIZE", "RAM", &v.mem, 4 << 20, 1ull << 36, 0 },
	{ OPT_U64, "seed", "S", "seed", &v.seed, 0, UINT64_MAX, 0 },
	{ OPT_STRING, "append", "STR", "cmdline", &v.append, 0, 0, 0 },
	{ OPT_BOOL, "quiet", "", "quiet", &v.quiet, 0, 0, 'q' },
	{ OPT_STRING, "output", "FILE", "output", &v.output, 0, 0, 'o' },
	{ OPT_END, NULL, NULL, NULL, NULL, 0, 0, 0 },
};

/* Parses a NULL-terminated list (copied, since opt_parse reorders argv). */
static int parse(char **args, int *npos)
{
	static char *argv[16];
	int argc = 0;

	memset(&v, 0, sizeof(v));
	argv[argc++] = "run";
	while (*args)
		argv[argc++] = *args++;
	argv[argc] = NULL;
	return opt_parse(table, argc, argv, npos);
}

#define ARGS(...) ((char *[]){ __VA_ARGS__, NULL })

static void test_values(void **state)
{
	int npos = -1;

	(void)state;
	assert_int_equal(parse(ARGS("--cpus", "4", "g.elf", "--mem=1G", "--seed", "0x10",
				    "--append", "a b", "--quiet"), &npos), 0);
	assert_int_equal(npos, 1);
	assert_int_equal(v.cpus, 4);
	assert_int_equal(v.mem, 1ull << 30);
	assert_int_equal(v.seed, 16);
	assert_string_equal(v.append, "a b");
	assert_true(v.quiet);
}

static void test_short(void **state)
{
	int npos = -1;

	(void)state;
	assert_int_equal(parse(ARGS("-o", "a.data", "g.elf", "-q"), &npos), 0);
	assert_int_equal(npos, 1);
	assert_string_equal(v.output, "a.data");
	assert_true(v.quiet);
	assert_int_equal(parse(ARGS("-ob.data"), &npos), 0);
	assert_string_equal(v.output, "b.data");
	assert_int_equal(npos, 0);
}

static void test_positionals_in_order(void **state)
{
	static char *argv[] = { "run", "a", "--cpus", "2", "b", "--", "--c", NULL };
	int npos;

	(void)state;
	assert_int_equal(opt_parse(table, 7, argv, &npos), 0);
	assert_int_equal(npos, 3);
	assert_string_equal(argv[1], "a");
	assert_string_equal(argv[2], "b");
	assert_string_equal(argv[3], "--c");
}

static void test_help(void **state)
{
	int npos;

	(void)state;
	assert_int_equal(parse(ARGS("--cpus", "2", "--help"), &npos), OPT_HELP_REQUESTED);
	assert_int_equal(parse(ARGS("-h"), &npos), OPT_HELP_REQUESTED);
}

static void test_errors(void **state)
{
	int npos;

	(void)state;
	assert_int_equal(parse(ARGS("--frob"), &npos), VMM_EINVAL);
	assert_string_equal(vmm_err_detail(), "unknown option '--frob'");
	assert_int_equal(parse(ARGS("-c", "2"), &npos), VMM_EINVAL);
	assert_string_equal(vmm_err_detail(), "unknown option '-c'");
	assert_int_equal(parse(ARGS("-o"), &npos), VMM_EINVAL);
	assert_string_equal(vmm_err_detail(), "-o needs a value (FILE)");
	assert_int_equal(parse(ARGS("-qx"), &npos), VMM_EINVAL);
	assert_string_equal(vmm_err_detail(), "-q takes no value");
	assert_int_equal(parse(ARGS("--cpus"), &npos), VMM_EINVAL);
	assert_string_equal(vmm_err_detail(), "--cpus needs a value (N)");
	assert_int_equal(parse(ARGS("--cpus", "0"), &npos), VMM_EINVAL);
	assert_string_equal(vmm_err_detail(), "--cpus: 0 is out of range 1..123");
	assert_int_equal(parse(ARGS("--cpus=4294967297"), &npos), VMM_EINVAL);
	assert_int_equal(parse(ARGS("--cpus", "-1"), &npos), VMM_EINVAL);
	assert_string_equal(vmm_err_detail(), "--cpus: '-1' is not a number");
	assert_int_equal(parse(ARGS("--cpus", "2x"), &npos), VMM_EINVAL);
	assert_int_equal(parse(ARGS("--cpus", ""), &npos), VMM_EINVAL);
	assert_int_equal(parse(ARGS("--seed", "99999999999999999999"), &npos), VMM_EINVAL);
	assert_int_equal(parse(ARGS("--mem", "12Q"), &npos), VMM_EINVAL);
	assert_string_equal(vmm_err_detail(),
			    "--mem: bad size '12Q' (a number with an optional K, M, G or T suffix)");
	assert_int_equal(parse(ARGS("--mem", "2M"), &npos), VMM_EINVAL);
	assert_int_equal(parse(ARGS("--mem", "99999999999T"), &npos), VMM_EINVAL);
	assert_string_equal(vmm_err_detail(), "--mem: size '99999999999T' is too large");
	assert_int_equal(parse(ARGS("--quiet=1"), &npos), VMM_EINVAL);
	assert_string_equal(vmm_err_detail(), "--quiet takes no value");
	assert_int_equal(parse(ARGS("--cpu", "1"), &npos), VMM_EINVAL);	/* no prefix matching */
}

static void test_sizes(void **state)
{
	uint64_t s;

	(void)state;
	assert_int_equal(opt_parse_size("128", &s), 0);
	assert_int_equal(s, 128ull << 20);
	assert_int_equal(opt_parse_size("128M", &s), 0);
	assert_int_equal(s, 128ull << 20);
	assert_int_equal(opt_parse_size("64k", &s), 0);
	assert_int_equal(s, 64ull << 10);
	assert_int_equal(opt_parse_size("1g", &s), 0);
	assert_int_equal(s, 1ull << 30);
	assert_int_equal(opt_parse_size("2T", &s), 0);
	assert_int_equal(s, 2ull << 40);
	assert_int_equal(opt_parse_size("1MB", &s), VMM_EINVAL);
	assert_int_equal(opt_parse_size("M", &s), VMM_EINVAL);
	assert_int_equal(opt_parse_size(" 1M", &s), VMM_EINVAL);
	assert_int_equal(opt_parse_size("16777216T", &s), VMM_ERANGE);
	assert_int_equal(opt_parse_u64("0x1f", &s), 0);
	assert_int_equal(s, 31);
	assert_int_equal(opt_parse_u64("010", &s), 0);	/* decimal, not octal */
	assert_int_equal(s, 10);
	assert_int_equal(opt_parse_u64("0", &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(opt_parse_u64("0x", &s), VMM_EINVAL);
	assert_int_equal(opt_parse_u64("0x-1", &s), VMM_EINVAL);
	assert_int_equal(opt_parse_u64("18446744073709551615", &s), 0);
	assert_int_equal(s, UINT64_MAX);
	assert_int_equal(opt_parse_u64("18446744073709551616", &s), VMM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values), cmocka_unit_test(test_short),
		cmocka_unit_test(test_positionals_in_order),
		cmocka_unit_test(test_help), cmocka_unit_test(test_errors),
		cmocka_unit_test(test_sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
