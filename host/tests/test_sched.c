// SPDX-License-Identifier: GPL-2.0-only
/* The scheduler's exact pick sequence, masks and bad arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "host/sched.h"

static void test_round_robin(void **state)
{
	struct sched *s = sched_create(2, 0, 0);
	unsigned int t, p, first;

	(void)state;
	assert_non_null(s);
	assert_int_equal(sched_quantum(s), SCHED_DEFAULT_QUANTUM);
	assert_int_equal(sched_next(s, &t, &p), SCHED_EAGAIN);
	for (unsigned int i = 0; i < 3; i++) {
		assert_int_equal(sched_add_task(s, i), SCHED_OK);
		assert_int_equal(sched_set_runnable(s, i, true), SCHED_OK);
	}
	assert_int_equal(sched_next(s, &t, &p), SCHED_OK);
	assert_int_equal(t, 0);
	first = p;
	assert_int_equal(sched_next(s, &t, &p), SCHED_OK);
	assert_int_equal(t, 1);
	assert_int_equal(p, (first + 1) % 2);
	assert_int_equal(sched_next(s, &t, &p), SCHED_OK);
	assert_int_equal(t, 2);
	assert_int_equal(p, first);
	/* Task 1 sleeps: 0 then 2. Task 0 only on CPU 1. */
	sched_set_runnable(s, 1, false);
	assert_int_equal(sched_set_allowed(s, 0, 2), SCHED_OK);
	assert_int_equal(sched_next(s, &t, &p), SCHED_OK);
	assert_int_equal(t, 0);
	assert_int_equal(p, 1);
	assert_int_equal(sched_next(s, &t, &p), SCHED_OK);
	assert_int_equal(t, 2);
	assert_int_equal(p, 0);
	sched_destroy(s);
}

static void test_seed_is_deterministic(void **state)
{
	struct sched *a = sched_create(4, 10, 42), *b = sched_create(4, 10, 42);
	unsigned int ta, pa, tb, pb;

	(void)state;
	sched_add_task(a, 5);
	sched_add_task(b, 5);
	sched_set_runnable(a, 5, true);
	sched_set_runnable(b, 5, true);
	for (unsigned int i = 0; i < 8; i++) {
		assert_int_equal(sched_next(a, &ta, &pa), SCHED_OK);
		assert_int_equal(sched_next(b, &tb, &pb), SCHED_OK);
		assert_int_equal(ta, 5);
		assert_int_equal(pa, pb);
	}
	sched_destroy(a);
	sched_destroy(b);
}

static void test_bad_args(void **state)
{
	struct sched *s = sched_create(2, 0, 1);
	unsigned int t;

	(void)state;
	assert_null(sched_create(0, 0, 0));
	assert_null(sched_create(65, 0, 0));
	assert_int_equal(sched_add_task(s, SCHED_MAX_TASKS), SCHED_EINVAL);
	assert_int_equal(sched_set_runnable(s, 3, true), SCHED_EINVAL);
	sched_add_task(s, 3);
	assert_int_equal(sched_add_task(s, 3), SCHED_EINVAL);
	assert_int_equal(sched_set_allowed(s, 3, 0), SCHED_EINVAL);
	assert_int_equal(sched_set_allowed(s, 3, 4), SCHED_EINVAL);
	assert_int_equal(sched_allowed(s, 3), 3);
	assert_int_equal(sched_next(s, &t, NULL), SCHED_EINVAL);
	assert_string_equal(sched_strerror(SCHED_EAGAIN), "nothing runnable");
	sched_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_robin),
		cmocka_unit_test(test_seed_is_deterministic),
		cmocka_unit_test(test_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
