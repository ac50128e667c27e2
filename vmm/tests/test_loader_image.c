// SPDX-License-Identifier: GPL-2.0-only
/*
 * The arm64 Image boot protocol with crafted headers: header validation,
 * 2 MiB placement, footprint, initrd placement above it, command line size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "loader_image.h"
#include "vmm_err.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(16ull << 20)

static uint8_t ram[RAM_SIZE];
static uint8_t image[0x4000];
static const struct loader_ram lr = {
	.host = ram, .base = RAM_BASE, .size = RAM_SIZE, .reserved = 0x10000,
};

static void put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Like Debian's 6.1 kernel: an "MZ" EFI stub, text_offset 0, 4K pages, LE,
 * placement anywhere (flags 0xa), image_size larger than the file (BSS). */
static int setup(void **state)
{
	size_t i;

	(void)state;
	memset(ram, 0x5a, sizeof(ram));
	for (i = 0; i < sizeof(image); i++)
		image[i] = (uint8_t)(i * 13 + 1);
	image[0] = 'M';
	image[1] = 'Z';
	put64(image + 8, 0);
	put64(image + 16, 0x9000);
	put64(image + 24, 0xa);
	memcpy(image + 56, "ARM\x64", 4);
	return 0;
}

static void test_parse_fields(void **state)
{
	struct loader_image_hdr h;

	(void)state;
	put64(image + 8, 0x80000);
	assert_int_equal(loader_image_parse(image, sizeof(image), &h), 0);
	assert_int_equal(h.text_offset, 0x80000);
	assert_int_equal(h.image_size, 0x9000);
	assert_int_equal(h.flags, 0xa);
	/* Pre-3.17: image_size 0 means text_offset 0x80000, flags ignored. */
	put64(image + 16, 0);
	put64(image + 24, 0xffff);
	assert_int_equal(loader_image_parse(image, sizeof(image), &h), 0);
	assert_int_equal(h.text_offset, 0x80000);
	assert_int_equal(h.image_size, sizeof(image));
	assert_int_equal(h.flags, 0);
}

static void test_parse_flags(void **state)
{
	struct loader_image_hdr h;

	(void)state;
	put64(image + 24, 0x0);	/* page size unspecified: accepted */
	assert_int_equal(loader_image_parse(image, sizeof(image), &h), 0);
	put64(image + 24, 0xb);	/* big-endian */
	assert_int_equal(loader_image_parse(image, sizeof(image), &h), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "big-endian"));
	put64(image + 24, 0x4);	/* 16K pages */
	assert_int_equal(loader_image_parse(image, sizeof(image), &h), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "built for 16 KiB pages"));
	put64(image + 24, 0x6);	/* 64K pages */
	assert_int_equal(loader_image_parse(image, sizeof(image), &h), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "built for 64 KiB pages"));
}

static void test_parse_bad(void **state)
{
	struct loader_image_hdr h;

	(void)state;
	assert_int_equal(loader_image_parse(image, 63, &h), VMM_ENOEXEC);
	assert_string_equal(vmm_err_detail(), "Image: truncated: 63 bytes, the header alone is 64");
	assert_int_equal(loader_image_parse(image, 0, &h), VMM_ENOEXEC);
	assert_int_equal(loader_image_parse(NULL, 64, &h), VMM_EINVAL);
	/* An ELF is not an Image. */
	memcpy(image + 56, "\x7f" "ELF", 4);
	assert_int_equal(loader_image_parse(image, sizeof(image), &h), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "no \"ARM\\x64\" magic"));
	memcpy(image + 56, "ARM\x64", 4);
	/* A file cut short of its own image_size is fine (BSS); longer is not. */
	put64(image + 16, 0x3fff);
	assert_int_equal(loader_image_parse(image, sizeof(image), &h), VMM_ENOEXEC);
	assert_string_equal(vmm_err_detail(), "Image: image_size 0x3fff is smaller than the file (0x4000)");
	put64(image + 16, 0x9000);
	put64(image + 8, 0x800);	/* not page aligned */
	assert_int_equal(loader_image_parse(image, sizeof(image), &h), VMM_ENOEXEC);
	put64(image + 8, 0x200000);	/* not below 2 MiB */
	assert_int_equal(loader_image_parse(image, sizeof(image), &h), VMM_ENOEXEC);
	assert_string_equal(vmm_err_detail(), "Image: text_offset 0x200000 is not a page offset below 2 MiB");
}

static void test_load_placement(void **state)
{
	struct loader_image img;
	const uint8_t *at = ram + 0x280000;

	(void)state;
	/* 64 KiB reserved for the DTB: base 0x40200000, entry + text_offset. */
	put64(image + 8, 0x80000);
	assert_int_equal(loader_image_load_mem(image, sizeof(image), &lr, &img), 0);
	assert_int_equal(img.entry, 0x40280000);
	assert_int_equal(img.lowest, 0x40280000);
	assert_int_equal(img.highest, 0x40289000);
	assert_int_equal(img.nr_segments, 1);
	assert_memory_equal(at, image, sizeof(image));
	assert_int_equal(at[0x4000], 0);	/* BSS zeroed */
	assert_int_equal(at[0x8fff], 0);
	assert_int_equal(at[0x9000], 0x5a);	/* nothing beyond the footprint */
	assert_int_equal(ram[0x27ffff], 0x5a);
}

static void test_load_errors_leave_ram(void **state)
{
	struct loader_image img;
	struct loader_ram r = lr;

	(void)state;
	r.size = 0x200000 + 0x8000;	/* RAM ends inside the footprint */
	assert_int_equal(loader_image_load_mem(image, sizeof(image), &r, &img), VMM_ERANGE);
	assert_string_equal(vmm_err_detail(),
			    "Image: 0x9000 bytes at 0x40200000 do not fit RAM [0x40000000, 0x40208000)");
	r = lr;
	r.reserved = RAM_SIZE;	/* the DTB took everything */
	assert_int_equal(loader_image_load_mem(image, sizeof(image), &r, &img), VMM_ERANGE);
	r.reserved = RAM_SIZE + 1;
	assert_int_equal(loader_image_load_mem(image, sizeof(image), &r, &img), VMM_EINVAL);
	assert_int_equal(loader_image_load_mem(image, 10, &lr, &img), VMM_ENOEXEC);
	assert_int_equal(ram[0x200000], 0x5a);
	assert_int_equal(ram[0x208fff], 0x5a);
}

static void test_initrd(void **state)
{
	struct loader_image img;
	static const uint8_t rd[] = "070701 initramfs";
	uint64_t start = 0;

	(void)state;
	assert_int_equal(loader_image_load_mem(image, sizeof(image), &lr, &img), 0);
	assert_int_equal(img.highest, 0x40209000);
	/* The next 2 MiB boundary above the footprint. */
	assert_int_equal(loader_image_place_initrd(&lr, &img, 0x1000, &start), 0);
	assert_int_equal(start, 0x40400000);
	assert_int_equal(loader_image_load_initrd(rd, sizeof(rd), &lr, &img, &start), 0);
	assert_int_equal(start, 0x40400000);
	assert_memory_equal(ram + 0x400000, rd, sizeof(rd));
	assert_int_equal(ram[0x400000 + sizeof(rd)], 0x5a);
	/* Exactly the rest of RAM fits; one byte more does not. */
	assert_int_equal(loader_image_place_initrd(&lr, &img, RAM_SIZE - 0x400000, &start), 0);
	assert_int_equal(loader_image_place_initrd(&lr, &img, RAM_SIZE - 0x400000 + 1, &start),
			 VMM_ERANGE);
	assert_string_equal(vmm_err_detail(),
			    "initrd: 12582913 bytes do not fit in RAM above the kernel (0x40400000..0x41000000 is 12582912 bytes)");
	assert_int_equal(loader_image_place_initrd(&lr, &img, UINT64_MAX, &start), VMM_ERANGE);
	/* A kernel that ends at the top of RAM leaves no room. */
	img.highest = RAM_BASE + RAM_SIZE;
	assert_int_equal(loader_image_place_initrd(&lr, &img, 1, &start), VMM_ERANGE);
	assert_int_equal(loader_image_place_initrd(&lr, &img, 0, &start), 0);
	assert_int_equal(start, RAM_BASE + RAM_SIZE);
	/* An image description outside RAM is refused, not trusted. */
	img.highest = RAM_BASE + RAM_SIZE + 1;
	assert_int_equal(loader_image_place_initrd(&lr, &img, 1, &start), VMM_EINVAL);
	assert_int_equal(loader_image_load_initrd(NULL, 1, &lr, &img, &start), VMM_EINVAL);
}

static void test_cmdline(void **state)
{
	static char line[LOADER_IMAGE_CMDLINE_MAX + 1];

	(void)state;
	assert_int_equal(loader_image_check_cmdline(NULL), 0);
	assert_int_equal(loader_image_check_cmdline(""), 0);
	memset(line, 'a', LOADER_IMAGE_CMDLINE_MAX - 1);
	line[LOADER_IMAGE_CMDLINE_MAX - 1] = '\0';	/* 2047 characters + NUL */
	assert_int_equal(loader_image_check_cmdline(line), 0);
	line[LOADER_IMAGE_CMDLINE_MAX - 1] = 'a';	/* 2048 characters */
	line[LOADER_IMAGE_CMDLINE_MAX] = '\0';
	assert_int_equal(loader_image_check_cmdline(line), VMM_EINVAL);
	assert_non_null(strstr(vmm_err_detail(), "longer than 2047 bytes"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_parse_fields, setup),
		cmocka_unit_test_setup(test_parse_flags, setup),
		cmocka_unit_test_setup(test_parse_bad, setup),
		cmocka_unit_test_setup(test_load_placement, setup),
		cmocka_unit_test_setup(test_load_errors_leave_ram, setup),
		cmocka_unit_test_setup(test_initrd, setup),
		cmocka_unit_test_setup(test_cmdline, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
