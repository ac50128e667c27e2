// SPDX-License-Identifier: GPL-2.0-only
/*
 * The arm64 Image boot protocol (booting.rst) on crafted headers, with two
 * fixtures: a plain modern header in 8 MiB of RAM (probing, placement,
 * text_offset, header errors, loading from files, initrd files) and one
 * like Debian's 6.1 kernel with its EFI stub in 16 MiB (header fields and
 * flags, footprint, initrd and device-tree placement, the PE stub, the
 * command line).
 */
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
#define PLAIN_RAM_SIZE	(8ull << 20)
#define EFI_RAM_SIZE	(16ull << 20)

static uint8_t ram[EFI_RAM_SIZE];
static uint8_t plain_image[0x3000];
static uint8_t efi_image[0x4000];
static const struct loader_ram plain_lr = {
	.host = ram, .base = RAM_BASE, .size = PLAIN_RAM_SIZE, .reserved = 2ull << 20,
};
static const struct loader_ram efi_lr = {
	.host = ram, .base = RAM_BASE, .size = EFI_RAM_SIZE, .reserved = 0x10000,
};

static void put64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * RAM filled with 0x5a; an image of pattern bytes (i * mul + add) with the
 * arm64 header: text_offset 0, image_size, flags 0xa (LE, 4K pages,
 * placement anywhere) and the magic.
 */
static void make_image(uint8_t *img, size_t len, unsigned int mul, unsigned int add,
		       uint64_t image_size)
{
	memset(ram, 0x5a, sizeof(ram));
	for (size_t i = 0; i < len; i++)
		img[i] = (uint8_t)(i * mul + add);
	put64(img + 8, 0);
	put64(img + 16, image_size);
	put64(img + 24, 0xa);
	memcpy(img + 56, "ARM\x64", 4);
}

/* A header like a modern kernel's: image_size 0x5000. */
static int plain_setup(void **state)
{
	(void)state;
	make_image(plain_image, sizeof(plain_image), 7, 0, 0x5000);
	return 0;
}

/* Like Debian's 6.1 kernel: an "MZ" EFI stub, image_size larger than the
 * file (BSS). */
static int efi_setup(void **state)
{
	(void)state;
	make_image(efi_image, sizeof(efi_image), 13, 1, 0x9000);
	efi_image[0] = 'M';
	efi_image[1] = 'Z';
	return 0;
}

static void test_probe(void **state)
{
	(void)state;
	assert_true(loader_image_probe(plain_image, sizeof(plain_image)));
	assert_false(loader_image_probe(plain_image, 63));
	plain_image[59] = 0x65;
	assert_false(loader_image_probe(plain_image, sizeof(plain_image)));
}

static void test_load(void **state)
{
	struct loader_image img;
	const uint8_t *at = ram + (0x40200000 - RAM_BASE);

	(void)state;
	assert_int_equal(loader_image_load_mem(plain_image, sizeof(plain_image), &plain_lr, &img), 0);
	assert_int_equal(img.entry, 0x40200000);
	assert_int_equal(img.lowest, 0x40200000);
	assert_int_equal(img.highest, 0x40205000);
	assert_memory_equal(at, plain_image, sizeof(plain_image));
	assert_int_equal(at[0x3000], 0);	/* image_size beyond the file: zeroed */
	assert_int_equal(at[0x4fff], 0);
	assert_int_equal(at[0x5000], 0x5a);
	assert_int_equal(ram[0], 0x5a);
}

static void test_text_offset(void **state)
{
	struct loader_image img;

	(void)state;
	put64(plain_image + 8, 0x80000);
	assert_int_equal(loader_image_load_mem(plain_image, sizeof(plain_image), &plain_lr, &img), 0);
	assert_int_equal(img.entry, 0x40280000);
	put64(plain_image + 16, 0);	/* pre-3.17 kernel: text_offset 0x80000, file size */
	put64(plain_image + 8, 0);
	assert_int_equal(loader_image_load_mem(plain_image, sizeof(plain_image), &plain_lr, &img), 0);
	assert_int_equal(img.entry, 0x40280000);
	assert_int_equal(img.highest, 0x40283000);
}

static void test_errors(void **state)
{
	struct loader_image img;
	struct loader_ram small = plain_lr;

	(void)state;
	put64(plain_image + 8, 0x1234);
	assert_int_equal(loader_image_load_mem(plain_image, sizeof(plain_image), &plain_lr, &img), VMM_ENOEXEC);
	put64(plain_image + 8, 2ull << 20);
	assert_int_equal(loader_image_load_mem(plain_image, sizeof(plain_image), &plain_lr, &img), VMM_ENOEXEC);
	put64(plain_image + 8, 0);
	put64(plain_image + 16, 0x100);	/* smaller than the file */
	assert_int_equal(loader_image_load_mem(plain_image, sizeof(plain_image), &plain_lr, &img), VMM_ENOEXEC);
	put64(plain_image + 16, UINT64_MAX - 0x1000);	/* would wrap */
	assert_int_equal(loader_image_load_mem(plain_image, sizeof(plain_image), &plain_lr, &img), VMM_ERANGE);
	put64(plain_image + 16, 0x5000);
	small.size = (2ull << 20) + 0x4000;	/* RAM ends inside the plain_image */
	assert_int_equal(loader_image_load_mem(plain_image, sizeof(plain_image), &small, &img), VMM_ERANGE);
	assert_non_null(strstr(vmm_err_detail(), "do not fit RAM"));
	assert_int_equal(ram[0x200000], 0x5a);
}

static void test_file_dispatch(void **state)
{
	char path[] = "/tmp/vspe-plain_image-XXXXXX";
	struct loader_image img;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, plain_image, sizeof(plain_image)), (ssize_t)sizeof(plain_image));
	close(fd);
	assert_int_equal(loader_load_file(path, &plain_lr, &img), 0);
	assert_int_equal(img.entry, 0x40200000);
	/* Neither magic: the ELF loader's words. */
	memset(plain_image, 0, 64);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, plain_image, sizeof(plain_image)), (ssize_t)sizeof(plain_image));
	close(fd);
	assert_int_equal(loader_load_file(path, &plain_lr, &img), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "not an ELF file"));
	unlink(path);
	assert_int_equal(loader_load_file(path, &plain_lr, &img), VMM_ENOENT);
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
	write_file(path, plain_image, sizeof(plain_image));
	assert_int_equal(loader_load_kernel(path, &plain_lr, &img), 0);
	assert_int_equal(img.entry, 0x40200000);
	assert_int_equal(img.highest, 0x40205000);
	assert_memory_equal(ram + 0x200000, plain_image, sizeof(plain_image));
	write_file(path, elf, sizeof(elf));
	assert_int_equal(loader_load_kernel(path, &plain_lr, &img), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "not an arm64 Image (no \"ARM\\x64\" magic at byte 56)"
			       " (an ELF: AArch64 ELF guests are given without --kernel)"));
	write_file(path, plain_image, 40);
	assert_int_equal(loader_load_kernel(path, &plain_lr, &img), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "Image: truncated: 40 bytes, the header alone is 64"));
	put64(plain_image + 24, 0xb);	/* big-endian: refused with the file's name */
	write_file(path, plain_image, sizeof(plain_image));
	memset(ram + 0x200000, 0x5a, sizeof(plain_image));
	assert_int_equal(loader_load_kernel(path, &plain_lr, &img), VMM_ENOEXEC);
	assert_int_equal(strncmp(vmm_err_detail(), "kernel /tmp/vspe-kernel-", 24), 0);
	assert_non_null(strstr(vmm_err_detail(), ": Image: a big-endian kernel"));
	assert_int_equal(ram[0x200000], 0x5a);	/* nothing written */
	unlink(path);
	assert_int_equal(loader_load_kernel(path, &plain_lr, &img), VMM_ENOENT);
	assert_non_null(strstr(vmm_err_detail(), "No such file or directory"));
	assert_int_equal(loader_load_kernel("/", &plain_lr, &img), VMM_ENOENT);
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
	assert_int_equal(loader_image_load_mem(plain_image, sizeof(plain_image), &plain_lr, &img), 0);
	assert_int_equal(loader_load_initrd(path, &plain_lr, &img, &start, &end), 0);
	assert_int_equal(start, 0x40400000);
	assert_int_equal(end, 0x40401800);
	assert_memory_equal(ram + 0x400000, rd, sizeof(rd));
	/* RAM 0x40000000..0x40800000: 4 MiB above 0x40400000; one byte more fails. */
	img.highest = 0x40600000 + 0x1000;	/* initrd would go to 0x40800000: no room */
	assert_int_equal(loader_load_initrd(path, &plain_lr, &img, &start, &end), VMM_ERANGE);
	assert_int_equal(strncmp(vmm_err_detail(), "initrd /tmp/vspe-initrd-", 24), 0);
	assert_non_null(strstr(vmm_err_detail(),
			       ": 6144 bytes do not fit in RAM above the kernel (0x40800000..0x40800000 is 0 bytes)"));
	unlink(path);
	assert_int_equal(loader_load_initrd(path, &plain_lr, &img, &start, &end), VMM_ENOENT);
	assert_int_equal(loader_load_initrd(NULL, &plain_lr, &img, &start, &end), VMM_EINVAL);
	assert_string_equal(vmm_err_detail(), "initrd: no file name");
}

static void test_parse_fields(void **state)
{
	struct loader_image_hdr h;

	(void)state;
	put64(efi_image + 8, 0x80000);
	assert_int_equal(loader_image_parse(efi_image, sizeof(efi_image), &h), 0);
	assert_int_equal(h.text_offset, 0x80000);
	assert_int_equal(h.image_size, 0x9000);
	assert_int_equal(h.flags, 0xa);
	/* Pre-3.17: image_size 0 means text_offset 0x80000, flags ignored. */
	put64(efi_image + 16, 0);
	put64(efi_image + 24, 0xffff);
	assert_int_equal(loader_image_parse(efi_image, sizeof(efi_image), &h), 0);
	assert_int_equal(h.text_offset, 0x80000);
	assert_int_equal(h.image_size, sizeof(efi_image));
	assert_int_equal(h.flags, 0);
}

static void test_parse_flags(void **state)
{
	struct loader_image_hdr h;

	(void)state;
	put64(efi_image + 24, 0x0);	/* page size unspecified: accepted */
	assert_int_equal(loader_image_parse(efi_image, sizeof(efi_image), &h), 0);
	put64(efi_image + 24, 0xb);	/* big-endian */
	assert_int_equal(loader_image_parse(efi_image, sizeof(efi_image), &h), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "big-endian"));
	put64(efi_image + 24, 0x4);	/* 16K pages */
	assert_int_equal(loader_image_parse(efi_image, sizeof(efi_image), &h), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "built for 16 KiB pages"));
	put64(efi_image + 24, 0x6);	/* 64K pages */
	assert_int_equal(loader_image_parse(efi_image, sizeof(efi_image), &h), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "built for 64 KiB pages"));
}

static void test_parse_bad(void **state)
{
	struct loader_image_hdr h;

	(void)state;
	assert_int_equal(loader_image_parse(efi_image, 63, &h), VMM_ENOEXEC);
	assert_string_equal(vmm_err_detail(), "Image: truncated: 63 bytes, the header alone is 64");
	assert_int_equal(loader_image_parse(efi_image, 0, &h), VMM_ENOEXEC);
	assert_int_equal(loader_image_parse(NULL, 64, &h), VMM_EINVAL);
	/* An ELF is not an Image. */
	memcpy(efi_image + 56, "\x7f" "ELF", 4);
	assert_int_equal(loader_image_parse(efi_image, sizeof(efi_image), &h), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "no \"ARM\\x64\" magic"));
	memcpy(efi_image + 56, "ARM\x64", 4);
	/* A file cut short of its own image_size is fine (BSS); longer is not. */
	put64(efi_image + 16, 0x3fff);
	assert_int_equal(loader_image_parse(efi_image, sizeof(efi_image), &h), VMM_ENOEXEC);
	assert_string_equal(vmm_err_detail(), "Image: image_size 0x3fff is smaller than the file (0x4000)");
	put64(efi_image + 16, 0x9000);
	put64(efi_image + 8, 0x800);	/* not page aligned */
	assert_int_equal(loader_image_parse(efi_image, sizeof(efi_image), &h), VMM_ENOEXEC);
	put64(efi_image + 8, 0x200000);	/* not below 2 MiB */
	assert_int_equal(loader_image_parse(efi_image, sizeof(efi_image), &h), VMM_ENOEXEC);
	assert_string_equal(vmm_err_detail(), "Image: text_offset 0x200000 is not a page offset below 2 MiB");
}

static void test_load_placement(void **state)
{
	struct loader_image img;
	const uint8_t *at = ram + 0x280000;

	(void)state;
	/* 64 KiB reserved for the DTB: base 0x40200000, entry + text_offset. */
	put64(efi_image + 8, 0x80000);
	assert_int_equal(loader_image_load_mem(efi_image, sizeof(efi_image), &efi_lr, &img), 0);
	assert_int_equal(img.entry, 0x40280000);
	assert_int_equal(img.lowest, 0x40280000);
	assert_int_equal(img.highest, 0x40289000);
	assert_int_equal(img.nr_segments, 1);
	assert_memory_equal(at, efi_image, sizeof(efi_image));
	assert_int_equal(at[0x4000], 0);	/* BSS zeroed */
	assert_int_equal(at[0x8fff], 0);
	assert_int_equal(at[0x9000], 0x5a);	/* nothing beyond the footprint */
	assert_int_equal(ram[0x27ffff], 0x5a);
}

static void test_load_errors_leave_ram(void **state)
{
	struct loader_image img;
	struct loader_ram r = efi_lr;

	(void)state;
	r.size = 0x200000 + 0x8000;	/* RAM ends inside the footprint */
	assert_int_equal(loader_image_load_mem(efi_image, sizeof(efi_image), &r, &img), VMM_ERANGE);
	assert_string_equal(vmm_err_detail(),
			    "Image: 0x9000 bytes at 0x40200000 do not fit RAM [0x40000000, 0x40208000)");
	r = efi_lr;
	r.reserved = EFI_RAM_SIZE;	/* the DTB took everything */
	assert_int_equal(loader_image_load_mem(efi_image, sizeof(efi_image), &r, &img), VMM_ERANGE);
	r.reserved = EFI_RAM_SIZE + 1;
	assert_int_equal(loader_image_load_mem(efi_image, sizeof(efi_image), &r, &img), VMM_EINVAL);
	assert_int_equal(loader_image_load_mem(efi_image, 10, &efi_lr, &img), VMM_ENOEXEC);
	assert_int_equal(ram[0x200000], 0x5a);
	assert_int_equal(ram[0x208fff], 0x5a);
}

static void test_initrd(void **state)
{
	struct loader_image img;
	static const uint8_t rd[] = "070701 initramfs";
	uint64_t start = 0;

	(void)state;
	assert_int_equal(loader_image_load_mem(efi_image, sizeof(efi_image), &efi_lr, &img), 0);
	assert_int_equal(img.highest, 0x40209000);
	/* The next 2 MiB boundary above the footprint. */
	assert_int_equal(loader_image_place_initrd(&efi_lr, &img, 0x1000, &start), 0);
	assert_int_equal(start, 0x40400000);
	assert_int_equal(loader_image_load_initrd(rd, sizeof(rd), &efi_lr, &img, &start), 0);
	assert_int_equal(start, 0x40400000);
	assert_memory_equal(ram + 0x400000, rd, sizeof(rd));
	assert_int_equal(ram[0x400000 + sizeof(rd)], 0x5a);
	/* Exactly the rest of RAM fits; one byte more does not. */
	assert_int_equal(loader_image_place_initrd(&efi_lr, &img, EFI_RAM_SIZE - 0x400000, &start), 0);
	assert_int_equal(loader_image_place_initrd(&efi_lr, &img, EFI_RAM_SIZE - 0x400000 + 1, &start),
			 VMM_ERANGE);
	assert_string_equal(vmm_err_detail(),
			    "initrd: 12582913 bytes do not fit in RAM above the kernel (0x40400000..0x41000000 is 12582912 bytes)");
	assert_int_equal(loader_image_place_initrd(&efi_lr, &img, UINT64_MAX, &start), VMM_ERANGE);
	/* A kernel that ends at the top of RAM leaves no room. */
	img.highest = RAM_BASE + EFI_RAM_SIZE;
	assert_int_equal(loader_image_place_initrd(&efi_lr, &img, 1, &start), VMM_ERANGE);
	assert_int_equal(loader_image_place_initrd(&efi_lr, &img, 0, &start), 0);
	assert_int_equal(start, RAM_BASE + EFI_RAM_SIZE);
	/* An efi_image description outside RAM is refused, not trusted. */
	img.highest = RAM_BASE + EFI_RAM_SIZE + 1;
	assert_int_equal(loader_image_place_initrd(&efi_lr, &img, 1, &start), VMM_EINVAL);
	assert_int_equal(loader_image_load_initrd(NULL, 1, &efi_lr, &img, &start), VMM_EINVAL);
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
	uint8_t *pe = efi_image + 0x40, *sect;

	put32(efi_image + 60, 0x40);
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
	assert_int_equal(loader_image_parse(efi_image, sizeof(efi_image), &h), 0);
	/* The file cut anywhere short of the last section is truncated. */
	assert_int_equal(loader_image_parse(efi_image, 0x3fff, &h), VMM_ENOEXEC);
	assert_string_equal(vmm_err_detail(),
			    "Image: truncated: the file has 0x3fff bytes, its sections end at 0x4000");
	assert_int_equal(loader_image_parse(efi_image, 0x100, &h), VMM_ENOEXEC);
	assert_string_equal(vmm_err_detail(),
			    "Image: truncated: 256 bytes end inside the EFI stub's section table");
	assert_int_equal(loader_image_parse(efi_image, 0x50, &h), VMM_ENOEXEC);
	assert_string_equal(vmm_err_detail(),
			    "Image: truncated: 80 bytes end inside the EFI stub's PE header at 0x40");
	/* A signature appended after the sections (signed kernels) is fine. */
	make_pe(0xaa64, 0x3000);
	assert_int_equal(loader_image_parse(efi_image, sizeof(efi_image), &h), 0);
	/* An x86-64 (0x8664) stub with the arm64 magic is refused. */
	make_pe(0x8664, 0x4000);
	assert_int_equal(loader_image_parse(efi_image, sizeof(efi_image), &h), VMM_ENOEXEC);
	assert_string_equal(vmm_err_detail(),
			    "Image: the EFI stub is for machine 0x8664, not arm64 (0xaa64)");
	/* "MZ" without "PE\0\0" at the offset: no stub, nothing more checked. */
	make_pe(0xaa64, 0x8000);
	efi_image[0x40] = 'X';
	assert_int_equal(loader_image_parse(efi_image, sizeof(efi_image), &h), 0);
}

static void test_dtb_place(void **state)
{
	uint64_t at = 0;

	(void)state;
	/* The next 2 MiB boundary at or above the end of the kernel/initrd. */
	assert_int_equal(loader_image_place_dtb(&efi_lr, 0x40409000, 0x2000, &at), 0);
	assert_int_equal(at, 0x40600000);
	assert_int_equal(loader_image_place_dtb(&efi_lr, 0x40600000, 0x2000, &at), 0);
	assert_int_equal(at, 0x40600000);
	/* Exactly up to the end of RAM fits, one byte more does not. */
	assert_int_equal(loader_image_place_dtb(&efi_lr, 0x40e00001, 0x1, &at), VMM_ERANGE);
	assert_string_equal(vmm_err_detail(),
			    "device tree: 1 bytes do not fit in RAM above the kernel and initrd (0x41000000..0x41000000 is 0 bytes)");
	assert_int_equal(loader_image_place_dtb(&efi_lr, 0x40e00000, 0x200000, &at), 0);
	assert_int_equal(at, 0x40e00000);
	/* The boot protocol's limit: 2 MiB. */
	assert_int_equal(loader_image_place_dtb(&efi_lr, 0x40400000, 0x200001, &at), VMM_ERANGE);
	assert_string_equal(vmm_err_detail(), "device tree: 2097153 bytes, the boot protocol allows 2 MiB");
	assert_int_equal(loader_image_place_dtb(&efi_lr, RAM_BASE - 1, 1, &at), VMM_EINVAL);
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
		cmocka_unit_test_setup(test_probe, plain_setup),
		cmocka_unit_test_setup(test_load, plain_setup),
		cmocka_unit_test_setup(test_text_offset, plain_setup),
		cmocka_unit_test_setup(test_errors, plain_setup),
		cmocka_unit_test_setup(test_file_dispatch, plain_setup),
		cmocka_unit_test_setup(test_kernel_file, plain_setup),
		cmocka_unit_test_setup(test_initrd_file, plain_setup),
		cmocka_unit_test_setup(test_parse_fields, efi_setup),
		cmocka_unit_test_setup(test_parse_flags, efi_setup),
		cmocka_unit_test_setup(test_parse_bad, efi_setup),
		cmocka_unit_test_setup(test_load_placement, efi_setup),
		cmocka_unit_test_setup(test_load_errors_leave_ram, efi_setup),
		cmocka_unit_test_setup(test_initrd, efi_setup),
		cmocka_unit_test_setup(test_cmdline, efi_setup),
		cmocka_unit_test_setup(test_pe_stub, efi_setup),
		cmocka_unit_test_setup(test_dtb_place, efi_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
