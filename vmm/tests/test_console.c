// SPDX-License-Identifier: GPL-2.0-only
/* The EXIT: STATUS= scan over the console stream. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "console.h"

static struct console con;

static void feed(const char *s)
{
	while (*s)
		console_feed(&con, (uint8_t)*s++);
}

static void test_status(void **state)
{
	(void)state;
	console_init(&con);
	feed("hello\nPASS: x\nSUMMARY: 1 tests\nEXIT: STATUS=0\n");
	assert_int_equal(con.status, CONSOLE_STATUS);
	assert_int_equal(con.exit_status, 0);
	console_init(&con);
	feed("EXIT: STATUS=77\r\n");
	assert_int_equal(con.status, CONSOLE_STATUS);
	assert_int_equal(con.exit_status, 77);
	feed("EXIT: STATUS=255\n");
	assert_int_equal(con.exit_status, 255);
	assert_int_equal(con.bytes, 17 + 17);
}

static void test_no_status(void **state)
{
	(void)state;
	console_init(&con);
	feed("booting\n  EXIT: STATUS=3\nxEXIT: STATUS=4\nEXIT: STATUS\n");
	assert_int_equal(con.status, CONSOLE_NO_STATUS);
}

static void test_bad_status(void **state)
{
	static const char *const bad[] = {
		"EXIT: STATUS=\n", "EXIT: STATUS=256\n", "EXIT: STATUS=12a\n",
		"EXIT: STATUS=-1\n", "EXIT: STATUS=0001\n",
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		console_init(&con);
		feed(bad[i]);
		assert_int_equal(con.status, CONSOLE_BAD_STATUS);
	}
}

static void test_last_line_without_newline(void **state)
{
	(void)state;
	console_init(&con);
	feed("EXIT: STATUS=1\nEXIT: STATUS=3");
	assert_int_equal(con.exit_status, 1);
	console_finish(&con);
	assert_int_equal(con.status, CONSOLE_STATUS);
	assert_int_equal(con.exit_status, 3);
}

static void test_overlong_line(void **state)
{
	char longline[CONSOLE_LINE_MAX + 40];

	(void)state;
	console_init(&con);
	memset(longline, 'x', sizeof(longline));
	memcpy(longline, "EXIT: STATUS=5", 14);
	longline[sizeof(longline) - 1] = '\0';
	feed(longline);
	feed("\n");
	assert_int_equal(con.status, CONSOLE_NO_STATUS);
	feed("EXIT: STATUS=9\n");	/* the next line is scanned normally */
	assert_int_equal(con.exit_status, 9);
}

/* --mark: only the byte that ends a line starting with the prefix marks it. */
static void test_mark(void **state)
{
	(void)state;
	console_init(&con);
	con.mark = "VSPE-LINUX: ";
	feed("VSPE-LINUX: init uptime=1.5\r");
	assert_false(con.marked);
	console_feed(&con, '\n');
	assert_true(con.marked);
	assert_string_equal(con.marked_line, "VSPE-LINUX: init uptime=1.5");
	console_feed(&con, 'V');
	assert_false(con.marked);
	feed("SPE-LINUX:\n");	/* shorter than the prefix */
	assert_false(con.marked);
	feed("[ 1.0] VSPE-LINUX: x\n");	/* not at the start */
	assert_false(con.marked);
	feed("VSPE-LINUX: \n");
	assert_true(con.marked);
	assert_string_equal(con.marked_line, "VSPE-LINUX: ");
	con.mark = NULL;
	feed("VSPE-LINUX: y\n");
	assert_false(con.marked);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status), cmocka_unit_test(test_no_status),
		cmocka_unit_test(test_bad_status), cmocka_unit_test(test_last_line_without_newline),
		cmocka_unit_test(test_overlong_line), cmocka_unit_test(test_mark),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
