// SPDX-License-Identifier: GPL-2.0-only
// The guest printf engine, run on the host: exact strings for every
// conversion, flag and length the runtime documents, and truncation.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "format.h"

struct sink_buf {
	char text[256];
	size_t len;
};

static void sink(char c, void *ctx)
{
	struct sink_buf *b = ctx;

	if (b->len + 1 < sizeof(b->text))
		b->text[b->len++] = c;
}

static void check(const char *expect, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void check_raw(const char *expect, const char *fmt, ...);

static void check(const char *expect, const char *fmt, ...)
{
	struct sink_buf b = { { 0 }, 0 };
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_emit(sink, &b, fmt, ap);
	va_end(ap);
	b.text[b.len] = '\0';
	assert_string_equal(b.text, expect);
	assert_int_equal(n, (int)strlen(expect));
}

static void test_integers(void **state)
{
	(void)state;
	check("0", "%d", 0);
	check("42 -42", "%d %i", 42, -42);
	check("-2147483648", "%d", (int)INT32_MIN);
	check("-9223372036854775808", "%lld", (long long)INT64_MIN);
	check("4294967295", "%u", UINT32_MAX);
	check("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	check("deadbeef DEADBEEF", "%x %X", 0xdeadbeefu, 0xdeadbeefu);
	check("123456789abcdef0", "%lx", 0x123456789abcdef0ul);
	check("ffffffffffffffff", "%llx", ~0ull);
	check("17", "%zu", (size_t)17);
}

/* The same without format checking, for formats gcc would reject. */
static void check_raw(const char *expect, const char *fmt, ...)
{
	struct sink_buf b = { { 0 }, 0 };
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_emit(sink, &b, fmt, ap);
	va_end(ap);
	b.text[b.len] = '\0';
	assert_string_equal(b.text, expect);
	assert_int_equal(n, (int)strlen(expect));
}

static void test_width_and_flags(void **state)
{
	(void)state;
	check("00ff", "%04x", 0xffu);
	check("  ff", "%4x", 0xffu);
	check("ff  |", "%-4x|", 0xffu);
	check("-0042", "%05d", -42);
	check("  -42", "%5d", -42);
	check("-42  |", "%-5d|", -42);
	check("12345", "%3d", 12345);
	check("0000000000000001", "%016llx", 1ull);
}

static void test_strings_chars_pointers(void **state)
{
	(void)state;
	check("hello", "%s", "hello");
	check("[  ab]", "[%4s]", "ab");
	check("[ab  ]", "[%-4s]", "ab");
	check_raw("(null)", "%s", (const char *)NULL);
	check("x", "%c", 'x');
	check("  x|x  ", "%3c|%-3c", 'x', 'x');
	check("100%", "%d%%", 100);
	check("0x0000000040200000", "%p", (void *)0x40200000);
}

static void test_odd_formats(void **state)
{
	(void)state;
	/* Unknown conversions are printed as written; a lone '%' ends it. */
	check_raw("%q", "%q");
	check_raw("abc", "abc%");
	check_raw("", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_width_and_flags),
		cmocka_unit_test(test_strings_chars_pointers),
		cmocka_unit_test(test_odd_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
