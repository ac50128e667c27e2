// SPDX-License-Identifier: GPL-2.0-only
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "hyp/hyp.h"
static void test_sorted(void **s) { (void)s; assert_int_equal(hyp_sysreg_table_check(), 0); }
int main(void) { const struct CMUnitTest t[] = { cmocka_unit_test(test_sorted) }; return cmocka_run_group_tests(t, NULL, NULL); }
