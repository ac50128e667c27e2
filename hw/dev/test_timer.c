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
	t.cntvoff = 1000;
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
	t.cntvoff = 100;
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
	assert_int_equal(rd(&t, SYS_CNTP_CVAL_EL0, 0), 50);
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
	t.cntvoff = 300;
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

static void test_el0_access(void **state)
{
	static const struct {
		uint32_t key;
		uint64_t need;		/* CNTKCTL_EL1 bits that open it */
	} rows[] = {
		{ SYS_CNTPCT_EL0, CNTKCTL_EL1_EL0PCTEN_MASK },
		{ SYS_CNTVCT_EL0, CNTKCTL_EL1_EL0VCTEN_MASK },
		{ SYS_CNTP_CTL_EL0, CNTKCTL_EL1_EL0PTEN_MASK },
		{ SYS_CNTP_CVAL_EL0, CNTKCTL_EL1_EL0PTEN_MASK },
		{ SYS_CNTP_TVAL_EL0, CNTKCTL_EL1_EL0PTEN_MASK },
		{ SYS_CNTV_CTL_EL0, CNTKCTL_EL1_EL0VTEN_MASK },
		{ SYS_CNTV_CVAL_EL0, CNTKCTL_EL1_EL0VTEN_MASK },
		{ SYS_CNTV_TVAL_EL0, CNTKCTL_EL1_EL0VTEN_MASK },
	};
	struct arch_timer t;

	(void)state;
	timer_reset(&t);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		t.cntkctl = 0x3ff & ~rows[i].need;
		assert_false(timer_el0_access_ok(&t, rows[i].key));
		t.cntkctl = rows[i].need;
		assert_true(timer_el0_access_ok(&t, rows[i].key));
	}
	t.cntkctl = 0;
	assert_false(timer_el0_access_ok(&t, SYS_CNTFRQ_EL0));
	t.cntkctl = CNTKCTL_EL1_EL0PCTEN_MASK;
	assert_true(timer_el0_access_ok(&t, SYS_CNTFRQ_EL0));
	t.cntkctl = CNTKCTL_EL1_EL0VCTEN_MASK;
	assert_true(timer_el0_access_ok(&t, SYS_CNTFRQ_EL0));
	t.cntkctl = 0x3ff;
	assert_false(timer_el0_access_ok(&t, SYS_CNTKCTL_EL1));
	assert_false(timer_el0_access_ok(&t, SYS_CNTVOFF_EL2));
	assert_false(timer_el0_access_ok(NULL, SYS_CNTPCT_EL0));
}

static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/*
 * timer_next_event against brute force: no output rises before it, one
 * rises at it. Seeded states near now, near the wrap, and with offsets.
 */
static void test_next_event_brute_force(void **state)
{
	uint64_t seed = 0x2545f4914f6cdd1dull;
	unsigned int checked = 0;

	(void)state;
	for (unsigned int i = 0; i < 3000; i++) {
		uint64_t r = xorshift(&seed);
		uint64_t now = (r & 1) ? (r >> 8) : UINT64_MAX - (r >> 48);
		struct arch_timer t;
		uint64_t next, end;
		struct timer_levels l0;

		timer_reset(&t);
		t.cntvoff = (r & 2) ? xorshift(&seed) : (r >> 20) % 500;
		t.cntv_ctl = (r >> 2) & 3;
		t.cntp_ctl = (r >> 4) & 3;
		t.cntv_cval = now - t.cntvoff + (xorshift(&seed) % 600) - 100;
		t.cntp_cval = now + (xorshift(&seed) % 600) - 100;
		l0 = timer_levels(&t, now);
		next = timer_next_event(&t, now);
		assert_true(next == TIMER_NEVER || next > now);
		end = next == TIMER_NEVER ? now + 700 : next;
		if (end < now)		/* the horizon itself wraps: stop at UINT64_MAX */
			end = UINT64_MAX;
		for (uint64_t c = now + 1; c < end && c > now; c++) {
			struct timer_levels l = timer_levels(&t, c);

			assert_false(l.virt && !l0.virt);
			assert_false(l.phys && !l0.phys);
		}
		if (next != TIMER_NEVER) {
			struct timer_levels l = timer_levels(&t, next);

			assert_true((l.virt && !l0.virt) || (l.phys && !l0.phys));
			checked++;
		}
	}
	/* The seed reaches both outcomes; this many states had a future edge. */
	assert_int_equal(checked, 1135);
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
	/* CNTVOFF_EL2 is the hypervisor's: not reachable as a guest register. */
	assert_int_equal(timer_sysreg_read(&t, SYS_CNTVOFF_EL2, 0, &v), TIMER_ENOENT);
	assert_int_equal(timer_sysreg_write(&t, SYS_CNTVOFF_EL2, 0, 1), TIMER_ENOENT);
	assert_int_equal(t.cntvoff, 0);
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
		cmocka_unit_test(test_el0_access),
		cmocka_unit_test(test_next_event_brute_force),
		cmocka_unit_test(test_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
