// SPDX-License-Identifier: GPL-2.0-only
/* MMIO bus: registration rules, lookup by range, dispatch with offsets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "mmio.h"
#include "vmm_err.h"

struct fake {
	uint64_t last_off, last_val;
	unsigned int last_len, writes;
};

static int fake_read(void *opaque, uint64_t off, unsigned int len, uint64_t *val)
{
	struct fake *f = opaque;

	f->last_off = off;
	f->last_len = len;
	*val = 0x1000 + off;
	return 0;
}

static int fake_write(void *opaque, uint64_t off, unsigned int len, uint64_t val)
{
	struct fake *f = opaque;

	f->last_off = off;
	f->last_len = len;
	f->last_val = val;
	f->writes++;
	return 0;
}

static struct mmio_device dev(const char *name, uint64_t base, uint64_t size, struct fake *f)
{
	return (struct mmio_device){ name, base, size, fake_read, fake_write, f };
}

static void test_register_and_find(void **state)
{
	struct mmio_bus bus;
	struct fake a = { 0 }, b = { 0 }, c = { 0 };
	struct mmio_device d;

	(void)state;
	mmio_bus_init(&bus);
	d = dev("b", 0x9000000, 0x1000, &b);
	assert_int_equal(mmio_register(&bus, &d), 0);
	d = dev("a", 0x1000, 0x100, &a);
	assert_int_equal(mmio_register(&bus, &d), 0);
	d = dev("c", UINT64_MAX - 0xfff, 0x1000, &c);	/* ends at the top of the space */
	assert_int_equal(mmio_register(&bus, &d), 0);
	assert_int_equal(bus.count, 3);
	assert_string_equal(bus.dev[0].name, "a");
	assert_string_equal(bus.dev[1].name, "b");
	assert_string_equal(bus.dev[2].name, "c");
	assert_string_equal(mmio_find(&bus, 0x1000)->name, "a");
	assert_string_equal(mmio_find(&bus, 0x10ff)->name, "a");
	assert_null(mmio_find(&bus, 0x1100));
	assert_null(mmio_find(&bus, 0xfff));
	assert_string_equal(mmio_find(&bus, 0x9000fff)->name, "b");
	assert_string_equal(mmio_find(&bus, UINT64_MAX)->name, "c");
}

static void test_register_errors(void **state)
{
	struct mmio_bus bus;
	struct fake f = { 0 };
	struct mmio_device d;
	unsigned int i;

	(void)state;
	mmio_bus_init(&bus);
	d = dev("x", 0x2000, 0x1000, &f);
	assert_int_equal(mmio_register(&bus, &d), 0);
	d = dev("overlap-lo", 0x1800, 0x801, &f);
	assert_int_equal(mmio_register(&bus, &d), VMM_EBUSY);
	d = dev("overlap-hi", 0x2fff, 0x10, &f);
	assert_int_equal(mmio_register(&bus, &d), VMM_EBUSY);
	d = dev("inside", 0x2100, 0x10, &f);
	assert_int_equal(mmio_register(&bus, &d), VMM_EBUSY);
	d = dev("adjacent", 0x3000, 0x10, &f);
	assert_int_equal(mmio_register(&bus, &d), 0);
	d = dev("empty", 0x8000, 0, &f);
	assert_int_equal(mmio_register(&bus, &d), VMM_EINVAL);
	d = dev("wraps", UINT64_MAX - 0xf, 0x20, &f);
	assert_int_equal(mmio_register(&bus, &d), VMM_EINVAL);
	d = dev("no-handler", 0x8000, 0x10, &f);
	d.read = NULL;
	assert_int_equal(mmio_register(&bus, &d), VMM_EINVAL);
	for (i = bus.count; i < MMIO_MAX_DEVICES; i++) {
		d = dev("fill", 0x100000 + i * 0x1000ull, 0x1000, &f);
		assert_int_equal(mmio_register(&bus, &d), 0);
	}
	d = dev("full", 0x10000000, 0x1000, &f);
	assert_int_equal(mmio_register(&bus, &d), VMM_EBUSY);
}

static void test_access(void **state)
{
	struct mmio_bus bus;
	struct fake f = { 0 };
	struct mmio_device d = dev("uart", 0x9000000, 0x1000, &f);
	uint64_t val = 0x41;

	(void)state;
	mmio_bus_init(&bus);
	assert_int_equal(mmio_register(&bus, &d), 0);
	assert_int_equal(mmio_access(&bus, 0x9000000, 1, true, &val), 0);
	assert_int_equal(f.writes, 1);
	assert_int_equal(f.last_off, 0);
	assert_int_equal(f.last_val, 0x41);
	val = 0xdead;
	assert_int_equal(mmio_access(&bus, 0x9000018, 4, false, &val), 0);
	assert_int_equal(val, 0x1018);
	assert_int_equal(f.last_len, 4);
	assert_int_equal(mmio_access(&bus, 0x9001000, 4, false, &val), VMM_ENODEV);
	assert_int_equal(mmio_access(&bus, 0x9000ffc, 8, false, &val), VMM_ENODEV);	/* straddles */
	assert_int_equal(mmio_access(&bus, 0x9000000, 3, false, &val), VMM_EINVAL);
	assert_int_equal(f.writes, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register_and_find), cmocka_unit_test(test_register_errors),
		cmocka_unit_test(test_access),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
