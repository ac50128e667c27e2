// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the generic timer model: exact register values and fire times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/sysreg.h"
#include "hw/timer.h"

static uint64_t rd(const struct arch_timer *t, uint32_t key, uint64_t now)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(timer_sysreg_read(t, key, now, &v), TIMER_OK);
	return v;
}

static void wr(struct arch_timer *t, uint32_t key, uint64_t now, uint64_t v)
{
	assert_int_equal(timer_sysreg_write(t, key, now, v), TIMER_OK);
}

static void test_reset_values(void **state)
{
	struct arch_timer t;

	(void)state;
	timer_reset(&t);
	assert_int_equal(rd(&t, SYS_CNTFRQ_EL0, 5), 62500000);
	assert_int_equal(rd(&t, SYS_CNTPCT_EL0, 1234), 1234);
	assert_int_equal(rd(&t, SYS_CNTVCT_EL0, 1234), 1234);
	assert_int_equal(rd(&t, SYS_CNTV_CTL_EL0, 1234), 0);
	assert_int_equal(rd(&t, SYS_CNTP_CTL_EL0, 1234), 0);
	assert_int_equal(rd(&t, SYS_CNTV_CVAL_EL0, 1234), 0);
	assert_int_equal(rd(&t, SYS_CNTKCTL_EL1, 1234), 0);
	assert_int_equal(rd(&t, SYS_CNTVOFF_EL2, 1234), 0);
	assert_int_equal(timer_next_event(&t, 1234), TIMER_NEVER);
	struct timer_levels l = timer_levels(&t, 1234);
	assert_false(l.virt);
	assert_false(l.phys);
}

static void test_virtual_offset(void **state)
{
	struct arch_timer t;

	(void)state;
	timer_reset(&t);
	wr(&t, SYS_CNTVOFF_EL2, 0, 1000);
	assert_int_equal(rd(&t, SYS_CNTVCT_EL0, 5000), 4000);
	/* The virtual count wraps modulo 2^64 below the offset. */
	assert_int_equal(rd(&t, SYS_CNTVCT_EL0, 999), UINT64_MAX);
	assert_int_equal(rd(&t, SYS_CNTPCT_EL0, 5000), 5000);
}

static void test_virt_fire_time(void **state)
{
	struct arch_timer t;

	(void)state;
	timer_reset(&t);
	wr(&t, SYS_CNTVOFF_EL2, 0, 100);
	wr(&t, SYS_CNTV_CVAL_EL0, 0, 1000);		/* fires at physical 1100 */
	wr(&t, SYS_CNTV_CTL_EL0, 0, CNTV_CTL_EL0_ENABLE_MASK);
	assert_int_equal(timer_next_event(&t, 500), 1100);
	assert_int_equal(timer_next_event(&t, 1099), 1100);
	assert_false(timer_levels(&t, 1099).virt);
	assert_int_equal(rd(&t, SYS_CNTV_CTL_EL0, 1099), 1);
	assert_true(timer_levels(&t, 1100).virt);
	assert_false(timer_levels(&t, 1100).phys);
	assert_int_equal(rd(&t, SYS_CNTV_CTL_EL0, 1100), 5);	/* ENABLE | ISTATUS */
	/* Already high: no future rise to wait for. */
	assert_int_equal(timer_next_event(&t, 1100), TIMER_NEVER);
	/* ISTATUS is read-only. */
	wr(&t, SYS_CNTV_CTL_EL0, 2000, 0x7);
	assert_int_equal(t.cntv_ctl, 3);
}

static void test_imask(void **state)
{
	struct arch_timer t;

	(void)state;
	timer_reset(&t);
	wr(&t, SYS_CNTP_CVAL_EL0, 0, 50);
	wr(&t, SYS_CNTP_CTL_EL0, 0, CNTP_CTL_EL0_ENABLE_MASK | CNTP_CTL_EL0_IMASK_MASK);
	/* Masked: ISTATUS still shows the condition, the output stays low. */
	assert_int_equal(rd(&t, SYS_CNTP_CTL_EL0, 60), 7);
	assert_false(timer_levels(&t, 60).phys);
	assert_int_equal(timer_next_event(&t, 10), TIMER_NEVER);
	wr(&t, SYS_CNTP_CTL_EL0, 60, CNTP_CTL_EL0_ENABLE_MASK);
	assert_true(timer_levels(&t, 60).phys);
	assert_int_equal(timer_next_event(&t, 10), 50);
	/* Disabled: ISTATUS reads 0 and the output is low. */
	wr(&t, SYS_CNTP_CTL_EL0, 60, 0);
	assert_int_equal(rd(&t, SYS_CNTP_CTL_EL0, 60), 0);
	assert_false(timer_levels(&t, 60).phys);
}

static void test_tval(void **state)
{
	struct arch_timer t;

	(void)state;
	timer_reset(&t);
	wr(&t, SYS_CNTP_TVAL_EL0, 1000, 250);
	assert_int_equal(t.cntp_cval, 1250);
	assert_int_equal(rd(&t, SYS_CNTP_TVAL_EL0, 1000), 250);
	assert_int_equal(rd(&t, SYS_CNTP_TVAL_EL0, 1200), 50);
	/* Past the compare value TVAL counts below zero: 32-bit two's complement. */
	assert_int_equal(rd(&t, SYS_CNTP_TVAL_EL0, 1260), 0xfffffff6u);
	/* A negative TVAL write is sign-extended: CVAL lies in the past. */
	wr(&t, SYS_CNTP_TVAL_EL0, 1000, 0xffffff9cu);	/* -100 */
	assert_int_equal(t.cntp_cval, 900);
	wr(&t, SYS_CNTP_CTL_EL0, 1000, 1);
	assert_true(timer_levels(&t, 1000).phys);
	/* Only bits [31:0] of the written value count. */
	wr(&t, SYS_CNTP_TVAL_EL0, 1000, 0xabcd000000000010ull);
	assert_int_equal(t.cntp_cval, 1016);
	/* The virtual TVAL works on the virtual count. */
	wr(&t, SYS_CNTVOFF_EL2, 0, 300);
	wr(&t, SYS_CNTV_TVAL_EL0, 1000, 40);		/* vcount 700 -> CVAL 740 */
	assert_int_equal(t.cntv_cval, 740);
	assert_int_equal(rd(&t, SYS_CNTV_TVAL_EL0, 1010), 30);
	wr(&t, SYS_CNTV_CTL_EL0, 1000, 1);
	assert_int_equal(timer_next_event(&t, 1000), 1016);	/* phys first */
	wr(&t, SYS_CNTP_CTL_EL0, 1000, 0);
	assert_int_equal(timer_next_event(&t, 1000), 1040);
}

static void test_tval_wraps(void **state)
{
	struct arch_timer t;

	(void)state;
	timer_reset(&t);
	/* CVAL = count + SignExtend(TVAL), modulo 2^64. */
	wr(&t, SYS_CNTP_TVAL_EL0, 10, 0x80000000u);
	assert_int_equal(t.cntp_cval, 10 - 0x80000000ull);
	wr(&t, SYS_CNTP_TVAL_EL0, UINT64_MAX - 5, 0x7fffffffu);
	assert_int_equal(t.cntp_cval, 0x7fffffffull - 6);
	/* CVAL below the count (after a wrap) has already fired. */
	wr(&t, SYS_CNTP_CTL_EL0, 0, 1);
	assert_true(timer_levels(&t, UINT64_MAX - 5).phys);
	/* A compare value reached only after the count wraps: never. */
	t.cntp_cval = UINT64_MAX;
	assert_int_equal(timer_next_event(&t, 10), TIMER_NEVER);
	t.cntp_cval = UINT64_MAX - 1;
	assert_int_equal(timer_next_event(&t, 10), UINT64_MAX - 1);
}

static void test_cntkctl(void **state)
{
	struct arch_timer t;

	(void)state;
	timer_reset(&t);
	wr(&t, SYS_CNTKCTL_EL1, 0, ~0ull);
	assert_int_equal(rd(&t, SYS_CNTKCTL_EL1, 0), 0x3ff);
}

static void test_bad_args(void **state)
{
	struct arch_timer t;
	uint64_t v = 77;

	(void)state;
	timer_reset(&t);
	timer_reset(NULL);
	assert_int_equal(timer_sysreg_read(NULL, SYS_CNTPCT_EL0, 0, &v), TIMER_EINVAL);
	assert_int_equal(timer_sysreg_read(&t, SYS_CNTPCT_EL0, 0, NULL), TIMER_EINVAL);
	assert_int_equal(timer_sysreg_write(NULL, SYS_CNTV_CTL_EL0, 0, 1), TIMER_EINVAL);
	assert_int_equal(timer_sysreg_read(&t, SYS_ICC_PMR_EL1, 0, &v), TIMER_ENOENT);
	assert_int_equal(v, 77);
	/* Read-only counters and CNTFRQ (writable only at the highest EL). */
	assert_int_equal(timer_sysreg_write(&t, SYS_CNTPCT_EL0, 0, 1), TIMER_ENOENT);
	assert_int_equal(timer_sysreg_write(&t, SYS_CNTVCT_EL0, 0, 1), TIMER_ENOENT);
	assert_int_equal(timer_sysreg_write(&t, SYS_CNTFRQ_EL0, 0, 1), TIMER_ENOENT);
	assert_int_equal(timer_next_event(NULL, 0), TIMER_NEVER);
	assert_false(timer_levels(NULL, 0).virt);
	assert_string_equal(timer_strerror(TIMER_OK), "success");
	assert_string_equal(timer_strerror(TIMER_ENOENT), "not a generic timer register");
	assert_string_equal(timer_strerror(-9), "unknown timer error");
	assert_string_equal(timer_strerror(3), "unknown timer error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_values),
		cmocka_unit_test(test_virtual_offset),
		cmocka_unit_test(test_virt_fire_time),
		cmocka_unit_test(test_imask),
		cmocka_unit_test(test_tval),
		cmocka_unit_test(test_tval_wraps),
		cmocka_unit_test(test_cntkctl),
		cmocka_unit_test(test_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
