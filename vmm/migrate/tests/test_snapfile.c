// SPDX-License-Identifier: GPL-2.0-only
/*
 * The snapshot container (snapfile.h): a written image parses back to the
 * same sections; a truncated image, a flipped bit in the header or in any
 * section (header or data), another version, trailing bytes: each refused
 * with the message that names it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "snapfile.h"
#include "vmm_err.h"

static const uint32_t tags[] = { SNAP_CONF, SNAP_MEMR, SNAP_VCPU, SNAP_VCPU, SNAP_MACH,
				 SNAP_PINS, SNAP_DEVS, SNAP_TRCE };
#define NTAGS	(sizeof(tags) / sizeof(tags[0]))

static void build(struct snap_buf *b)
{
	snap_begin(b);
	for (unsigned int i = 0; i < NTAGS; i++) {
		snap_open(b, tags[i]);
		for (unsigned int k = 0; k < 10 + 50 * i; k++)
			snap_put64(b, (uint64_t)i << 32 | k);
		snap_close(b);
	}
	assert_int_equal(snap_end(b), 0);
}

static void test_round_trip(void **state)
{
	struct snap_buf b;
	struct snap_section s[16];
	size_t n;

	(void)state;
	build(&b);
	assert_int_equal(snap_parse(b.p, b.len, s, 16, &n), 0);
	assert_int_equal(n, NTAGS);
	for (unsigned int i = 0; i < NTAGS; i++) {
		struct snap_reader r = { .p = s[i].data, .len = (size_t)s[i].len };

		assert_int_equal(s[i].tag, tags[i]);
		assert_int_equal(s[i].len, 8 * (10 + 50 * i));
		assert_int_equal(snap_get64(&r), (uint64_t)i << 32);
		r.off = r.len - 8;
		assert_int_equal(snap_get64(&r), (uint64_t)i << 32 | (9 + 50 * i));
		assert_null(snap_get(&r, 1));	/* past the end: stops */
		assert_int_equal(r.bad, 1);
	}
	/* The same content gives the same bytes (no time, no addresses). */
	{
		struct snap_buf c;

		build(&c);
		assert_int_equal(c.len, b.len);
		assert_memory_equal(c.p, b.p, b.len);
		snap_free(&c);
	}
	/* CRC-32 check value of "123456789". */
	assert_int_equal(snap_crc32(0, "123456789", 9), 0xcbf43926u);
	snap_free(&b);
}

static void expect_refused(const uint8_t *img, size_t len, const char *what)
{
	struct snap_section s[16];
	size_t n = 99;

	assert_int_equal(snap_parse(img, len, s, 16, &n), VMM_EINVAL);
	assert_int_equal(n, 0);
	if (!strstr(vmm_err_detail(), what))
		fail_msg("expected '%s' in '%s'", what, vmm_err_detail());
}

static void test_truncated(void **state)
{
	struct snap_buf b;

	(void)state;
	build(&b);
	expect_refused(b.p, 10, "not a vspe snapshot");
	expect_refused(b.p, SNAP_HEADER_SIZE, "truncated");
	expect_refused(b.p, b.len / 2, "truncated");
	expect_refused(b.p, b.len - 1, "truncated");
	snap_free(&b);
}

static void test_corrupted_everywhere(void **state)
{
	struct snap_buf b;
	uint8_t *c;
	size_t off = SNAP_HEADER_SIZE;
	char name[5];

	(void)state;
	build(&b);
	c = malloc(b.len);
	assert_non_null(c);
	/* The header. */
	memcpy(c, b.p, b.len);
	c[13] ^= 1;
	expect_refused(c, b.len, "header is corrupted");
	/* Each section: its header, its first and its last data byte. */
	for (unsigned int i = 0; i < NTAGS; i++) {
		size_t len = 8 * (10 + 50 * i), at[3] = { off + 9, off + SNAP_SECTION_HEADER,
						      off + SNAP_SECTION_HEADER + len - 1 };
		char want[64];

		snap_tag_name(tags[i], name);
		for (unsigned int k = 0; k < 3; k++) {
			memcpy(c, b.p, b.len);
			c[at[k]] ^= 0x80;
			if (k == 0)
				snprintf(want, sizeof(want), "section #%u header is corrupted", i);
			else
				snprintf(want, sizeof(want), "section %s (#%u) is corrupted", name, i);
			expect_refused(c, b.len, want);
		}
		off += SNAP_SECTION_HEADER + len;
	}
	assert_int_equal(off, b.len);
	free(c);
	snap_free(&b);
}

static void test_version_and_trailing(void **state)
{
	struct snap_buf b;
	uint8_t *c;
	uint32_t crc;

	(void)state;
	build(&b);
	c = malloc(b.len + 8);
	assert_non_null(c);
	memcpy(c, b.p, b.len);
	c[8] = 2;	/* version 2, with a valid header CRC */
	crc = snap_crc32(0, c, 28);
	memcpy(c + 28, &crc, 4);
	expect_refused(c, b.len, "snapshot version 2: this vspe reads version 1");
	/* Longer than the header says. */
	memcpy(c, b.p, b.len);
	memset(c + b.len, 0, 8);
	expect_refused(c, b.len + 8, "longer than written");
	free(c);
	snap_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupted_everywhere),
		cmocka_unit_test(test_version_and_trailing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
