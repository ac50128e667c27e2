// SPDX-License-Identifier: GPL-2.0-only
/* The scheduler's exact pick sequences (both policies), masks, homes and bad arguments. */
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
	assert_int_equal(sched_policy(s), SCHED_AFFINE);
	assert_int_equal(sched_set_policy(s, SCHED_RR), SCHED_OK);
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

/* pick: the next pick is (task, pcpu). */
static void pick(struct sched *s, unsigned int task, unsigned int pcpu)
{
	unsigned int t = ~0u, p = ~0u;

	assert_int_equal(sched_next(s, &t, &p), SCHED_OK);
	assert_int_equal(t, task);
	assert_int_equal(p, pcpu);
	assert_int_equal(sched_home(s, t), (int)pcpu);
}

/* Round-robin on 4 CPUs moves one task every pick; affine keeps it. */
static void test_rr_moves_affine_stays(void **state)
{
	struct sched *rr = sched_create(4, 0, 0), *af = sched_create(4, 0, 0);

	(void)state;
	sched_set_policy(rr, SCHED_RR);
	sched_add_task(rr, 0);
	sched_add_task(af, 0);
	sched_set_runnable(rr, 0, true);
	sched_set_runnable(af, 0, true);
	/* Seed 0 on 4 CPUs: splitmix64(0) % 4 = 3, so the search starts at CPU 0. */
	for (unsigned int i = 0; i < 8; i++) {
		pick(rr, 0, i % 4);
		pick(af, 0, 0);
	}
	sched_destroy(rr);
	sched_destroy(af);
}

static void test_affine(void **state)
{
	struct sched *s = sched_create(4, 0, 0);

	(void)state;
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(sched_add_task(s, i), SCHED_OK);
	assert_int_equal(sched_home(s, 0), SCHED_NO_PCPU);
	sched_set_runnable(s, 0, true);
	sched_set_runnable(s, 1, true);
	/* Spread out: task 1 does not join task 0 on CPU 0; then both stay. */
	for (unsigned int i = 0; i < 4; i++) {
		pick(s, 0, 0);
		pick(s, 1, 1);
	}
	/* Task 2 arrives (the turn is its): the first CPU nobody claims after
	 * the last pick's (1). */
	sched_set_runnable(s, 2, true);
	pick(s, 2, 2);
	pick(s, 0, 0);
	pick(s, 1, 1);
	/* Task 1 sleeps: the others stay (its CPU 1 is left to it). */
	sched_set_runnable(s, 1, false);
	pick(s, 2, 2);
	pick(s, 0, 0);
	/* CPU 0 no longer allowed for task 0 (1 or 3): 3, which no one
	 * claims, beats 1, the home of the sleeping task 1. */
	assert_int_equal(sched_set_allowed(s, 0, 0xa), SCHED_OK);
	pick(s, 2, 2);
	pick(s, 0, 3);
	/* Task 1 wakes to its CPU; nobody moves. */
	sched_set_runnable(s, 1, true);
	pick(s, 1, 1);
	pick(s, 2, 2);
	pick(s, 0, 3);
	/* Two runnable tasks with one home (a restored or hyp_vcpu_run
	 * placement): the first picked (2) moves to the first free CPU after
	 * the last pick's (1): 3; task 0 keeps 2. */
	assert_int_equal(sched_set_allowed(s, 0, 0xf), SCHED_OK);
	assert_int_equal(sched_set_home(s, 0, 2), SCHED_OK);
	pick(s, 1, 1);
	pick(s, 2, 3);
	pick(s, 0, 2);
	pick(s, 1, 1);
	pick(s, 2, 3);
	sched_destroy(s);
}

/* More runnable tasks than CPUs: they share, and nobody moves. */
static void test_affine_oversubscribed(void **state)
{
	struct sched *s = sched_create(2, 0, 0);

	(void)state;
	for (unsigned int i = 0; i < 3; i++) {
		sched_add_task(s, i);
		sched_set_runnable(s, i, true);
	}
	/* Seed 0 on 2 CPUs: splitmix64(0) % 2 = 1, the search starts at 0. */
	for (unsigned int i = 0; i < 5; i++) {
		pick(s, 0, 0);
		pick(s, 1, 1);
		pick(s, 2, 0);
	}
	/* Task 0 may only use CPU 1 now: it joins task 1 there; 2 keeps 0. */
	sched_set_allowed(s, 0, 2);
	pick(s, 0, 1);
	pick(s, 1, 1);
	pick(s, 2, 0);
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
	assert_int_equal(sched_set_policy(s, (enum sched_policy)2), SCHED_EINVAL);
	assert_int_equal(sched_set_policy(NULL, SCHED_RR), SCHED_EINVAL);
	assert_string_equal(sched_policy_name(SCHED_AFFINE), "affine");
	assert_string_equal(sched_policy_name(SCHED_RR), "rr");
	assert_string_equal(sched_policy_name((enum sched_policy)7), "unknown");
	assert_int_equal(sched_home(s, 2), SCHED_NO_PCPU);
	assert_int_equal(sched_home(s, SCHED_MAX_TASKS), SCHED_NO_PCPU);
	assert_int_equal(sched_set_home(s, 2, 0), SCHED_EINVAL);
	assert_int_equal(sched_set_home(s, 3, 2), SCHED_EINVAL);
	assert_int_equal(sched_set_home(s, 3, -2), SCHED_EINVAL);
	assert_int_equal(sched_set_home(s, 3, 1), SCHED_OK);
	assert_int_equal(sched_home(s, 3), 1);
	assert_int_equal(sched_set_home(s, 3, SCHED_NO_PCPU), SCHED_OK);
	assert_int_equal(sched_home(s, 3), SCHED_NO_PCPU);
	sched_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_robin),
		cmocka_unit_test(test_rr_moves_affine_stays),
		cmocka_unit_test(test_affine),
		cmocka_unit_test(test_affine_oversubscribed),
		cmocka_unit_test(test_seed_is_deterministic),
		cmocka_unit_test(test_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
