// SPDX-License-Identifier: GPL-2.0-only
// The guest runtime's device-tree reader, run on the host: exact values from
// blobs built with libfdt, and malformed or mutated blobs that must be
// rejected (or parsed) without reading outside the blob (run under ASan).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include "dtb.h"

#define BLOB_SIZE	4096

struct blob_opts {
	uint32_t addr_cells, size_cells;
	unsigned int cpus;
	const char *bootargs;
};

/* A virt-like tree: root cells, /memory@40000000, /cpus/cpu@N, /chosen. */
static size_t blob_build(void *buf, const struct blob_opts *o)
{
	uint32_t reg[4];
	unsigned int n = 0;

	assert_int_equal(fdt_create(buf, BLOB_SIZE), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	assert_int_equal(fdt_property_u32(buf, "#address-cells", o->addr_cells), 0);
	assert_int_equal(fdt_property_u32(buf, "#size-cells", o->size_cells), 0);
	assert_int_equal(fdt_begin_node(buf, "psci"), 0);
	assert_int_equal(fdt_property_string(buf, "method", "hvc"), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_begin_node(buf, "memory@40000000"), 0);
	assert_int_equal(fdt_property_string(buf, "device_type", "memory"), 0);
	if (o->addr_cells == 2)
		reg[n++] = cpu_to_fdt32(0);
	reg[n++] = cpu_to_fdt32(0x40000000);
	if (o->size_cells == 2)
		reg[n++] = cpu_to_fdt32(0);
	reg[n++] = cpu_to_fdt32(0x08000000);
	assert_int_equal(fdt_property(buf, "reg", reg, (int)(n * 4)), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_begin_node(buf, "cpus"), 0);
	for (unsigned int i = 0; i < o->cpus; i++) {
		char name[16];

		snprintf(name, sizeof(name), "cpu@%u", i);
		assert_int_equal(fdt_begin_node(buf, name), 0);
		assert_int_equal(fdt_property_u32(buf, "reg", i), 0);
		assert_int_equal(fdt_end_node(buf), 0);
	}
	assert_int_equal(fdt_begin_node(buf, "cpu-map"), 0);	/* not a cpu@ node */
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_begin_node(buf, "chosen"), 0);
	if (o->bootargs)
		assert_int_equal(fdt_property_string(buf, "bootargs", o->bootargs), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
	return fdt_totalsize(buf);
}

static const struct blob_opts virt = { 2, 2, 4, "test args" };

static void assert_empty(const struct dtb_info *info)
{
	assert_int_equal(info->addr, 0);
	assert_int_equal(info->ram_base, 0);
	assert_int_equal(info->ram_size, 0);
	assert_int_equal(info->nr_cpus, 0);
	assert_string_equal(info->bootargs, "");
}

static void test_virt_tree(void **state)
{
	uint64_t buf[BLOB_SIZE / 8];
	struct dtb_info info;
	size_t size = blob_build(buf, &virt);

	(void)state;
	assert_int_equal(dtb_parse(buf, size, &info), 0);
	assert_ptr_equal((void *)info.addr, buf);
	assert_int_equal(info.ram_base, 0x40000000);
	assert_int_equal(info.ram_size, 0x08000000);
	assert_int_equal(info.nr_cpus, 4);
	assert_string_equal(info.bootargs, "test args");
}

static void test_one_cell(void **state)
{
	uint64_t buf[BLOB_SIZE / 8];
	struct dtb_info info;
	struct blob_opts o = { 1, 1, 1, NULL };
	size_t size = blob_build(buf, &o);

	(void)state;
	assert_int_equal(dtb_parse(buf, size, &info), 0);
	assert_int_equal(info.ram_base, 0x40000000);
	assert_int_equal(info.ram_size, 0x08000000);
	assert_int_equal(info.nr_cpus, 1);
	assert_string_equal(info.bootargs, "");
}

static void test_bad_header(void **state)
{
	uint64_t buf[BLOB_SIZE / 8];
	uint8_t *b = (uint8_t *)buf;
	struct dtb_info info;
	size_t size = blob_build(buf, &virt);

	(void)state;
	/* Too short for a header, or less than totalsize readable. */
	assert_int_equal(dtb_parse(buf, 39, &info), -1);
	assert_empty(&info);
	assert_int_equal(dtb_parse(buf, size - 1, &info), -1);
	assert_empty(&info);
	/* Wrong magic. */
	b[0] ^= 0xff;
	assert_int_equal(dtb_parse(buf, size, &info), -1);
	assert_empty(&info);
	b[0] ^= 0xff;
	/* Structure block running past totalsize. */
	fdt_set_size_dt_struct(buf, (uint32_t)size);
	assert_int_equal(dtb_parse(buf, size, &info), -1);
	assert_empty(&info);
	/* Misaligned structure block. */
	blob_build(buf, &virt);
	fdt_set_off_dt_struct(buf, fdt_off_dt_struct(buf) + 1);
	assert_int_equal(dtb_parse(buf, size, &info), -1);
	/* Strings block past totalsize. */
	blob_build(buf, &virt);
	fdt_set_off_dt_strings(buf, (uint32_t)size);
	fdt_set_size_dt_strings(buf, 16);
	assert_int_equal(dtb_parse(buf, size, &info), -1);
	assert_empty(&info);
}

static void test_truncated_structure(void **state)
{
	uint64_t buf[BLOB_SIZE / 8];
	struct dtb_info info;
	size_t size = blob_build(buf, &virt);

	(void)state;
	/* Cut the FDT_END token off: no end, no result. */
	fdt_set_size_dt_struct(buf, fdt_size_dt_struct(buf) - 4);
	assert_int_equal(dtb_parse(buf, size, &info), -1);
	assert_empty(&info);
}

/* Finds the first property named name in the structure block. */
static uint8_t *prop_find(void *buf, const char *name)
{
	int off = fdt_path_offset(buf, "/chosen");
	int len;
	const void *v;

	if (strcmp(name, "bootargs") == 0) {
		v = fdt_getprop(buf, off, name, &len);
		return (uint8_t *)v;
	}
	return NULL;
}

static void test_bad_property(void **state)
{
	uint64_t buf[BLOB_SIZE / 8];
	struct dtb_info info;
	size_t size = blob_build(buf, &virt);
	uint8_t *val = prop_find(buf, "bootargs");
	uint8_t *len = val - 8;	/* FDT_PROP: len, nameoff, value */

	(void)state;
	assert_non_null(val);
	/* Unterminated bootargs are ignored, the rest still parses. */
	val[9] = 'X';
	assert_int_equal(dtb_parse(buf, size, &info), 0);
	assert_string_equal(info.bootargs, "");
	assert_int_equal(info.nr_cpus, 4);
	/* A length beyond the structure block. */
	blob_build(buf, &virt);
	len[0] = 0x7f;
	assert_int_equal(dtb_parse(buf, size, &info), -1);
	assert_empty(&info);
	/* A name offset beyond the strings block. */
	blob_build(buf, &virt);
	len[4] = 0x7f;
	assert_int_equal(dtb_parse(buf, size, &info), -1);
	assert_empty(&info);
}

static void test_unbalanced_nodes(void **state)
{
	uint64_t buf[BLOB_SIZE / 8];
	uint8_t *b = (uint8_t *)buf;
	struct dtb_info info;
	size_t size = blob_build(buf, &virt);
	uint8_t *s = b + fdt_off_dt_struct(buf);

	(void)state;
	/* The root's FDT_BEGIN_NODE becomes FDT_END_NODE: depth below 0. */
	assert_int_equal(s[3], 1);
	s[3] = 2;
	assert_int_equal(dtb_parse(buf, size, &info), -1);
	/* An unknown token. */
	s[3] = 7;
	assert_int_equal(dtb_parse(buf, size, &info), -1);
	assert_empty(&info);
}

/* Seeded mutations: never a read outside the blob, results stay inside it. */
static void test_mutations(void **state)
{
	uint64_t good[BLOB_SIZE / 8];
	size_t size = blob_build(good, &virt);
	uint64_t rng = 0x1234567;
	unsigned int accepted = 0;

	(void)state;
	for (unsigned int round = 0; round < 20000; round++) {
		uint8_t *copy = malloc(size);
		struct dtb_info info;

		memcpy(copy, good, size);
		for (unsigned int k = 0; k < 1 + round % 4; k++) {
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			copy[rng % size] = (uint8_t)(rng >> 32);
		}
		if (dtb_parse(copy, size, &info) == 0) {
			const char *a = info.bootargs;

			accepted++;
			assert_ptr_equal((void *)info.addr, copy);
			assert_true(a[0] == '\0' ||
				    (a >= (const char *)copy && a + strlen(a) < (const char *)copy + size));
		} else {
			assert_empty(&info);
		}
		free(copy);
	}
	/* Most single-byte changes hit values, not structure. */
	assert_true(accepted > 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_virt_tree),
		cmocka_unit_test(test_one_cell),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_truncated_structure),
		cmocka_unit_test(test_bad_property),
		cmocka_unit_test(test_unbalanced_nodes),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
