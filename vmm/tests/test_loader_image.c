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

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * An EFI stub as Debian's kernel has it: PE header at 0x40, machine
 * 0xaa64, two sections, the last one's raw data ending at `end`.
 */
static void make_pe(uint16_t machine, uint32_t end)
{
	uint8_t *pe = image + 0x40, *sect;

	put32(image + 60, 0x40);
	memcpy(pe, "PE\0\0", 4);
	pe[4] = (uint8_t)machine;
	pe[5] = (uint8_t)(machine >> 8);
	pe[6] = 2;			/* sections */
	pe[7] = 0;
	pe[20] = 0xa0;			/* optional header size */
	pe[21] = 0;
	sect = pe + 24 + 0xa0;
	put32(sect + 16, 0x1000);	/* .text: raw size, raw offset */
	put32(sect + 20, 0x1000);
	put32(sect + 40 + 16, end - 0x2000);	/* .data */
	put32(sect + 40 + 20, 0x2000);
}

static void test_pe_stub(void **state)
{
	struct loader_image_hdr h;

	(void)state;
	make_pe(0xaa64, 0x4000);	/* sections end with the file */
	assert_int_equal(loader_image_parse(image, sizeof(image), &h), 0);
	/* The file cut anywhere short of the last section is truncated. */
	assert_int_equal(loader_image_parse(image, 0x3fff, &h), VMM_ENOEXEC);
	assert_string_equal(vmm_err_detail(),
			    "Image: truncated: the file has 0x3fff bytes, its sections end at 0x4000");
	assert_int_equal(loader_image_parse(image, 0x100, &h), VMM_ENOEXEC);
	assert_string_equal(vmm_err_detail(),
			    "Image: truncated: 256 bytes end inside the EFI stub's section table");
	assert_int_equal(loader_image_parse(image, 0x50, &h), VMM_ENOEXEC);
	assert_string_equal(vmm_err_detail(),
			    "Image: truncated: 80 bytes end inside the EFI stub's PE header at 0x40");
	/* A signature appended after the sections (signed kernels) is fine. */
	make_pe(0xaa64, 0x3000);
	assert_int_equal(loader_image_parse(image, sizeof(image), &h), 0);
	/* An x86-64 (0x8664) stub with the arm64 magic is refused. */
	make_pe(0x8664, 0x4000);
	assert_int_equal(loader_image_parse(image, sizeof(image), &h), VMM_ENOEXEC);
	assert_string_equal(vmm_err_detail(),
			    "Image: the EFI stub is for machine 0x8664, not arm64 (0xaa64)");
	/* "MZ" without "PE\0\0" at the offset: no stub, nothing more checked. */
	make_pe(0xaa64, 0x8000);
	image[0x40] = 'X';
	assert_int_equal(loader_image_parse(image, sizeof(image), &h), 0);
}

static void test_dtb_place(void **state)
{
	uint64_t at = 0;

	(void)state;
	/* The next 2 MiB boundary at or above the end of the kernel/initrd. */
	assert_int_equal(loader_image_place_dtb(&lr, 0x40409000, 0x2000, &at), 0);
	assert_int_equal(at, 0x40600000);
	assert_int_equal(loader_image_place_dtb(&lr, 0x40600000, 0x2000, &at), 0);
	assert_int_equal(at, 0x40600000);
	/* Exactly up to the end of RAM fits, one byte more does not. */
	assert_int_equal(loader_image_place_dtb(&lr, 0x40e00001, 0x1, &at), VMM_ERANGE);
	assert_string_equal(vmm_err_detail(),
			    "device tree: 1 bytes do not fit in RAM above the kernel and initrd (0x41000000..0x41000000 is 0 bytes)");
	assert_int_equal(loader_image_place_dtb(&lr, 0x40e00000, 0x200000, &at), 0);
	assert_int_equal(at, 0x40e00000);
	/* The boot protocol's limit: 2 MiB. */
	assert_int_equal(loader_image_place_dtb(&lr, 0x40400000, 0x200001, &at), VMM_ERANGE);
	assert_string_equal(vmm_err_detail(), "device tree: 2097153 bytes, the boot protocol allows 2 MiB");
	assert_int_equal(loader_image_place_dtb(&lr, RAM_BASE - 1, 1, &at), VMM_EINVAL);
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
		cmocka_unit_test_setup(test_pe_stub, setup),
		cmocka_unit_test_setup(test_dtb_place, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
