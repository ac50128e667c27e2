// SPDX-License-Identifier: GPL-2.0-only
/* Linux arm64 Image loading: placement, header checks, file dispatch. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "loader.h"
#include "loader_image.h"
#include "vmm_err.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(8ull << 20)

static uint8_t ram[RAM_SIZE];
static uint8_t image[0x3000];
static const struct loader_ram lr = {
	.host = ram, .base = RAM_BASE, .size = RAM_SIZE, .reserved = 2ull << 20,
};

static void put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A header like a modern kernel's: text_offset 0, image_size 0x5000. */
static int setup(void **state)
{
	size_t i;

	(void)state;
	memset(ram, 0x5a, sizeof(ram));
	for (i = 0; i < sizeof(image); i++)
		image[i] = (uint8_t)(i * 7);
	put64(image + 8, 0);
	put64(image + 16, 0x5000);
	put64(image + 24, 0xa);
	memcpy(image + 56, "ARM\x64", 4);
	return 0;
}

static void test_probe(void **state)
{
	(void)state;
	assert_true(loader_image_probe(image, sizeof(image)));
	assert_false(loader_image_probe(image, 63));
	image[59] = 0x65;
	assert_false(loader_image_probe(image, sizeof(image)));
}

static void test_load(void **state)
{
	struct loader_image img;
	const uint8_t *at = ram + (0x40200000 - RAM_BASE);

	(void)state;
	assert_int_equal(loader_image_load_mem(image, sizeof(image), &lr, &img), 0);
	assert_int_equal(img.entry, 0x40200000);
	assert_int_equal(img.lowest, 0x40200000);
	assert_int_equal(img.highest, 0x40205000);
	assert_memory_equal(at, image, sizeof(image));
	assert_int_equal(at[0x3000], 0);	/* image_size beyond the file: zeroed */
	assert_int_equal(at[0x4fff], 0);
	assert_int_equal(at[0x5000], 0x5a);
	assert_int_equal(ram[0], 0x5a);
}

static void test_text_offset(void **state)
{
	struct loader_image img;

	(void)state;
	put64(image + 8, 0x80000);
	assert_int_equal(loader_image_load_mem(image, sizeof(image), &lr, &img), 0);
	assert_int_equal(img.entry, 0x40280000);
	put64(image + 16, 0);	/* pre-3.17 kernel: text_offset 0x80000, file size */
	put64(image + 8, 0);
	assert_int_equal(loader_image_load_mem(image, sizeof(image), &lr, &img), 0);
	assert_int_equal(img.entry, 0x40280000);
	assert_int_equal(img.highest, 0x40283000);
}

static void test_errors(void **state)
{
	struct loader_image img;
	struct loader_ram small = lr;

	(void)state;
	put64(image + 8, 0x1234);
	assert_int_equal(loader_image_load_mem(image, sizeof(image), &lr, &img), VMM_ENOEXEC);
	put64(image + 8, 2ull << 20);
	assert_int_equal(loader_image_load_mem(image, sizeof(image), &lr, &img), VMM_ENOEXEC);
	put64(image + 8, 0);
	put64(image + 16, 0x100);	/* smaller than the file */
	assert_int_equal(loader_image_load_mem(image, sizeof(image), &lr, &img), VMM_ENOEXEC);
	put64(image + 16, UINT64_MAX - 0x1000);	/* would wrap */
	assert_int_equal(loader_image_load_mem(image, sizeof(image), &lr, &img), VMM_ERANGE);
	put64(image + 16, 0x5000);
	small.size = (2ull << 20) + 0x4000;	/* RAM ends inside the image */
	assert_int_equal(loader_image_load_mem(image, sizeof(image), &small, &img), VMM_ERANGE);
	assert_non_null(strstr(vmm_err_detail(), "do not fit RAM"));
	assert_int_equal(ram[0x200000], 0x5a);
}

static void test_file_dispatch(void **state)
{
	char path[] = "/tmp/vspe-image-XXXXXX";
	struct loader_image img;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, image, sizeof(image)), (ssize_t)sizeof(image));
	close(fd);
	assert_int_equal(loader_load_file(path, &lr, &img), 0);
	assert_int_equal(img.entry, 0x40200000);
	/* Neither magic: the ELF loader's words. */
	memset(image, 0, 64);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, image, sizeof(image)), (ssize_t)sizeof(image));
	close(fd);
	assert_int_equal(loader_load_file(path, &lr, &img), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "not an ELF file"));
	unlink(path);
	assert_int_equal(loader_load_file(path, &lr, &img), VMM_ENOENT);
}

static void write_file(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
}

/* --kernel takes an Image only, and says what else it was given. */
static void test_kernel_file(void **state)
{
	static const uint8_t elf[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	char path[] = "/tmp/vspe-kernel-XXXXXX";
	struct loader_image img;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	write_file(path, image, sizeof(image));
	assert_int_equal(loader_load_kernel(path, &lr, &img), 0);
	assert_int_equal(img.entry, 0x40200000);
	assert_int_equal(img.highest, 0x40205000);
	assert_memory_equal(ram + 0x200000, image, sizeof(image));
	write_file(path, elf, sizeof(elf));
	assert_int_equal(loader_load_kernel(path, &lr, &img), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "not an arm64 Image (no \"ARM\\x64\" magic at byte 56)"
			       " (an ELF: AArch64 ELF guests are given without --kernel)"));
	write_file(path, image, 40);
	assert_int_equal(loader_load_kernel(path, &lr, &img), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "Image: truncated: 40 bytes, the header alone is 64"));
	put64(image + 24, 0xb);	/* big-endian: refused with the file's name */
	write_file(path, image, sizeof(image));
	memset(ram + 0x200000, 0x5a, sizeof(image));
	assert_int_equal(loader_load_kernel(path, &lr, &img), VMM_ENOEXEC);
	assert_int_equal(strncmp(vmm_err_detail(), "kernel /tmp/vspe-kernel-", 24), 0);
	assert_non_null(strstr(vmm_err_detail(), ": Image: a big-endian kernel"));
	assert_int_equal(ram[0x200000], 0x5a);	/* nothing written */
	unlink(path);
	assert_int_equal(loader_load_kernel(path, &lr, &img), VMM_ENOENT);
	assert_non_null(strstr(vmm_err_detail(), "No such file or directory"));
	assert_int_equal(loader_load_kernel("/", &lr, &img), VMM_ENOENT);
	assert_string_equal(vmm_err_detail(), "kernel /: not a regular file");
}

static void test_initrd_file(void **state)
{
	static uint8_t rd[0x1800];
	char path[] = "/tmp/vspe-initrd-XXXXXX";
	struct loader_image img;
	uint64_t start = 0, end = 0;
	int fd = mkstemp(path);
	size_t i;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	for (i = 0; i < sizeof(rd); i++)
		rd[i] = (uint8_t)(i * 3 + 1);
	write_file(path, rd, sizeof(rd));
	assert_int_equal(loader_image_load_mem(image, sizeof(image), &lr, &img), 0);
	assert_int_equal(loader_load_initrd(path, &lr, &img, &start, &end), 0);
	assert_int_equal(start, 0x40400000);
	assert_int_equal(end, 0x40401800);
	assert_memory_equal(ram + 0x400000, rd, sizeof(rd));
	/* RAM 0x40000000..0x40800000: 4 MiB above 0x40400000; one byte more fails. */
	img.highest = 0x40600000 + 0x1000;	/* initrd would go to 0x40800000: no room */
	assert_int_equal(loader_load_initrd(path, &lr, &img, &start, &end), VMM_ERANGE);
	assert_int_equal(strncmp(vmm_err_detail(), "initrd /tmp/vspe-initrd-", 24), 0);
	assert_non_null(strstr(vmm_err_detail(),
			       ": 6144 bytes do not fit in RAM above the kernel (0x40800000..0x40800000 is 0 bytes)"));
	unlink(path);
	assert_int_equal(loader_load_initrd(path, &lr, &img, &start, &end), VMM_ENOENT);
	assert_int_equal(loader_load_initrd(NULL, &lr, &img, &start, &end), VMM_EINVAL);
	assert_string_equal(vmm_err_detail(), "initrd: no file name");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_probe, setup), cmocka_unit_test_setup(test_load, setup),
		cmocka_unit_test_setup(test_text_offset, setup),
		cmocka_unit_test_setup(test_errors, setup),
		cmocka_unit_test_setup(test_file_dispatch, setup),
		cmocka_unit_test_setup(test_kernel_file, setup),
		cmocka_unit_test_setup(test_initrd_file, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
