// SPDX-License-Identifier: GPL-2.0-only
/*
 * ELF loader tests. Every file is built here, byte by byte, from a valid
 * two-segment AArch64 executable that each test then breaks one way.
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "loader_elf.h"
#include "vmm_err.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(4ull << 20)
#define DTB_RESERVED	(2ull << 20)
#define TEXT_ADDR	0x40200000ull
#define DATA_ADDR	0x40210000ull
#define TEXT_OFF	0x1000u
#define DATA_OFF	0x2000u
#define FILE_SIZE	0x3000u

/* A test image: header, two program headers, two segments of known bytes. */
struct image {
	uint8_t bytes[FILE_SIZE];
	size_t len;
};

static Elf64_Ehdr *img_eh(struct image *im)
{
	return (Elf64_Ehdr *)im->bytes;
}

static Elf64_Phdr *img_ph(struct image *im, unsigned int i)
{
	return (Elf64_Phdr *)(im->bytes + sizeof(Elf64_Ehdr)) + i;
}

static void img_build(struct image *im)
{
	Elf64_Ehdr *eh = img_eh(im);
	Elf64_Phdr *ph;
	unsigned int i;

	memset(im, 0, sizeof(*im));
	im->len = FILE_SIZE;
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_AARCH64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = TEXT_ADDR + 0x10;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 2;

	ph = img_ph(im, 0);
	ph->p_type = PT_LOAD;
	ph->p_flags = PF_R | PF_X;
	ph->p_offset = TEXT_OFF;
	ph->p_vaddr = ph->p_paddr = TEXT_ADDR;
	ph->p_filesz = ph->p_memsz = 0x100;
	ph->p_align = 0x1000;

	ph = img_ph(im, 1);
	ph->p_type = PT_LOAD;
	ph->p_flags = PF_R | PF_W;
	ph->p_offset = DATA_OFF;
	ph->p_vaddr = ph->p_paddr = DATA_ADDR;
	ph->p_filesz = 0x80;
	ph->p_memsz = 0x2000;	/* 0x80 bytes of data, then bss */
	ph->p_align = 0x1000;

	for (i = 0; i < 0x100; i++)
		im->bytes[TEXT_OFF + i] = (uint8_t)i;
	for (i = 0; i < 0x80; i++)
		im->bytes[DATA_OFF + i] = (uint8_t)(0xa0 ^ i);
}

struct fixture {
	struct image im;
	uint8_t *ram;
	struct loader_ram lr;
	struct loader_image out;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->ram = malloc(RAM_SIZE);
	assert_non_null(f->ram);
	memset(f->ram, 0x5a, RAM_SIZE);	/* so zero fill and untouched RAM are visible */
	f->lr = (struct loader_ram){ .host = f->ram, .base = RAM_BASE, .size = RAM_SIZE,
				     .reserved = DTB_RESERVED };
	img_build(&f->im);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->ram);
	free(f);
	return 0;
}

static int load(struct fixture *f)
{
	return loader_elf_load_mem(f->im.bytes, f->im.len, &f->lr, &f->out);
}

/* RAM is untouched after a refused file: not one byte differs from the fill. */
static void assert_ram_untouched(const struct fixture *f)
{
	size_t i;

	for (i = 0; i < RAM_SIZE; i += 0x1000)
		assert_int_equal(f->ram[i], 0x5a);
	assert_int_equal(f->ram[TEXT_ADDR - RAM_BASE + 1], 0x5a);
}

static void test_valid(void **state)
{
	struct fixture *f = *state;
	uint8_t *text, *data;

	assert_int_equal(load(f), 0);
	assert_int_equal(f->out.entry, TEXT_ADDR + 0x10);
	assert_int_equal(f->out.nr_segments, 2);
	assert_int_equal(f->out.lowest, TEXT_ADDR);
	assert_int_equal(f->out.highest, DATA_ADDR + 0x2000);
	text = f->ram + (TEXT_ADDR - RAM_BASE);
	data = f->ram + (DATA_ADDR - RAM_BASE);
	assert_int_equal(text[0], 0x00);
	assert_int_equal(text[0xff], 0xff);
	assert_int_equal(text[0x100], 0x5a);	/* past the segment: untouched */
	assert_int_equal(data[0], 0xa0);
	assert_int_equal(data[0x7f], 0xa0 ^ 0x7f);
	assert_int_equal(data[0x80], 0);	/* bss zeroed */
	assert_int_equal(data[0x1fff], 0);
	assert_int_equal(data[0x2000], 0x5a);
	assert_int_equal(f->ram[0], 0x5a);	/* the DTB area is not written */
}

static void test_file_roundtrip(void **state)
{
	struct fixture *f = *state;
	char path[] = "/tmp/vspe-loader-XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, f->im.bytes, f->im.len), (ssize_t)f->im.len);
	close(fd);
	assert_int_equal(loader_elf_load_file(path, &f->lr, &f->out), 0);
	assert_int_equal(f->out.entry, TEXT_ADDR + 0x10);
	assert_int_equal(f->ram[DATA_ADDR - RAM_BASE], 0xa0);
	unlink(path);
}

static void test_missing_file(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(loader_elf_load_file("/nonexistent/guest.elf", &f->lr, &f->out), VMM_ENOENT);
	assert_non_null(strstr(vmm_err_detail(), "No such file"));
	assert_int_equal(loader_elf_load_file("/tmp", &f->lr, &f->out), VMM_ENOENT);
	assert_non_null(strstr(vmm_err_detail(), "not a regular file"));
}

static void test_not_elf(void **state)
{
	struct fixture *f = *state;

	memcpy(f->im.bytes, "#!/bin/sh\n", 10);
	assert_int_equal(load(f), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "not an ELF"));
	assert_ram_untouched(f);
}

static void test_empty(void **state)
{
	struct fixture *f = *state;

	f->im.len = 0;
	assert_int_equal(load(f), VMM_ENOEXEC);
	assert_ram_untouched(f);
}

static void test_truncated_header(void **state)
{
	struct fixture *f = *state;

	f->im.len = 40;	/* mid ELF header */
	assert_int_equal(load(f), VMM_ENOEXEC);
	assert_ram_untouched(f);
}

static void test_truncated_phdrs(void **state)
{
	struct fixture *f = *state;

	f->im.len = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) / 2;
	assert_int_equal(load(f), VMM_ENOEXEC);
	assert_ram_untouched(f);
}

static void test_truncated_segment(void **state)
{
	struct fixture *f = *state;

	f->im.len = DATA_OFF + 0x40;	/* the data segment's bytes end early */
	assert_int_equal(load(f), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "beyond the end of the file"));
	assert_ram_untouched(f);
}

static void test_elf32(void **state)
{
	struct fixture *f = *state;

	img_eh(&f->im)->e_ident[EI_CLASS] = ELFCLASS32;
	assert_int_equal(load(f), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "not a 64-bit ELF"));
}

static void test_big_endian(void **state)
{
	struct fixture *f = *state;

	img_eh(&f->im)->e_ident[EI_DATA] = ELFDATA2MSB;
	assert_int_equal(load(f), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "little-endian"));
}

static void test_wrong_machine(void **state)
{
	struct fixture *f = *state;

	img_eh(&f->im)->e_machine = EM_X86_64;
	assert_int_equal(load(f), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "not an AArch64 ELF (e_machine 62)"));
	assert_ram_untouched(f);
}

static void test_relocatable(void **state)
{
	struct fixture *f = *state;

	img_eh(&f->im)->e_type = ET_REL;
	assert_int_equal(load(f), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "not an executable"));
}

static void test_zero_segments(void **state)
{
	struct fixture *f = *state;

	img_eh(&f->im)->e_phnum = 0;
	assert_int_equal(load(f), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "no loadable segment"));
}

static void test_only_non_load(void **state)
{
	struct fixture *f = *state;

	img_ph(&f->im, 0)->p_type = PT_NOTE;
	img_ph(&f->im, 1)->p_type = PT_GNU_STACK;
	assert_int_equal(load(f), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "no loadable segment"));
}

static void test_huge_filesz(void **state)
{
	struct fixture *f = *state;

	img_ph(&f->im, 1)->p_filesz = 0x10000000;
	img_ph(&f->im, 1)->p_memsz = 0x10000000;
	assert_int_equal(load(f), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "beyond the end of the file"));
	assert_ram_untouched(f);
}

static void test_offset_overflow(void **state)
{
	struct fixture *f = *state;

	img_ph(&f->im, 1)->p_offset = UINT64_MAX - 0x10;	/* offset + filesz wraps */
	assert_int_equal(load(f), VMM_ENOEXEC);
	assert_ram_untouched(f);
}

static void test_filesz_over_memsz(void **state)
{
	struct fixture *f = *state;

	img_ph(&f->im, 0)->p_memsz = 0x80;	/* filesz is 0x100 */
	assert_int_equal(load(f), VMM_ENOEXEC);
	assert_non_null(strstr(vmm_err_detail(), "exceeds memory size"));
}

static void test_segment_above_ram(void **state)
{
	struct fixture *f = *state;

	img_ph(&f->im, 1)->p_paddr = RAM_BASE + RAM_SIZE - 0x1000;	/* memsz 0x2000 crosses the end */
	assert_int_equal(load(f), VMM_ERANGE);
	assert_non_null(strstr(vmm_err_detail(), "outside RAM"));
	assert_ram_untouched(f);
}

static void test_segment_below_ram(void **state)
{
	struct fixture *f = *state;

	img_ph(&f->im, 0)->p_paddr = 0x09000000;	/* the UART */
	assert_int_equal(load(f), VMM_ERANGE);
	assert_ram_untouched(f);
}

static void test_segment_wraps(void **state)
{
	struct fixture *f = *state;

	img_ph(&f->im, 1)->p_paddr = TEXT_ADDR + 0x100000;
	img_ph(&f->im, 1)->p_memsz = UINT64_MAX - 0x1000;	/* paddr + memsz wraps */
	assert_int_equal(load(f), VMM_ERANGE);
	assert_ram_untouched(f);
}

static void test_overlaps_dtb(void **state)
{
	struct fixture *f = *state;

	img_ph(&f->im, 0)->p_paddr = RAM_BASE + 0x80000;	/* QEMU's raw-image address */
	img_eh(&f->im)->e_entry = RAM_BASE + 0x80000;
	assert_int_equal(load(f), VMM_EBUSY);
	assert_non_null(strstr(vmm_err_detail(), "overlaps the device tree"));
	assert_ram_untouched(f);
}

static void test_segments_overlap(void **state)
{
	struct fixture *f = *state;

	img_ph(&f->im, 1)->p_paddr = TEXT_ADDR + 0x80;
	assert_int_equal(load(f), VMM_EBUSY);
	assert_non_null(strstr(vmm_err_detail(), "overlaps another segment"));
	assert_ram_untouched(f);
}

static void test_entry_outside(void **state)
{
	struct fixture *f = *state;

	img_eh(&f->im)->e_entry = TEXT_ADDR + 0x100;	/* one past the text */
	assert_int_equal(load(f), VMM_ERANGE);
	assert_non_null(strstr(vmm_err_detail(), "entry point 0x40200100"));
	img_eh(&f->im)->e_entry = 0;
	assert_int_equal(load(f), VMM_ERANGE);
	assert_ram_untouched(f);
}

static void test_bad_ram(void **state)
{
	struct fixture *f = *state;
	struct loader_ram bad = f->lr;

	bad.host = NULL;
	assert_int_equal(loader_elf_load_mem(f->im.bytes, f->im.len, &bad, &f->out), VMM_EINVAL);
	bad = f->lr;
	bad.reserved = RAM_SIZE + 1;
	assert_int_equal(loader_elf_load_mem(f->im.bytes, f->im.len, &bad, &f->out), VMM_EINVAL);
	assert_int_equal(loader_elf_load_mem(NULL, 10, &f->lr, &f->out), VMM_EINVAL);
	assert_int_equal(loader_elf_load_file(NULL, &f->lr, &f->out), VMM_EINVAL);
}

/*
 * Seeded mutations of the valid image (bytes of the headers flipped, the
 * length cut): every outcome is either a clean load inside RAM or an error
 * with RAM untouched. Under ASan this also proves no access outside the
 * file buffer or RAM.
 */
static void test_mutations(void **state)
{
	struct fixture *f = *state;
	uint64_t x = 0x9e3779b97f4a7c15ull;	/* xorshift64 state: fixed seed */
	unsigned int round, loaded = 0, refused = 0;
	struct image orig = f->im;

	for (round = 0; round < 3000; round++) {
		unsigned int flips, k;

		f->im = orig;
		flips = 1 + round % 4;
		for (k = 0; k < flips; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* Headers and program headers: the first 0xb0 bytes. */
			f->im.bytes[x % 0xb0] ^= (uint8_t)(1u << ((x >> 32) % 8));
		}
		if (round % 7 == 0)
			f->im.len = (size_t)((x >> 40) % FILE_SIZE);
		memset(f->ram, 0x5a, RAM_SIZE);
		if (load(f) == 0) {
			loaded++;
			assert_true(f->out.lowest >= RAM_BASE + DTB_RESERVED);
			assert_true(f->out.highest <= RAM_BASE + RAM_SIZE);
			assert_true(f->out.entry >= f->out.lowest && f->out.entry < f->out.highest);
		} else {
			refused++;
			assert_ram_untouched(f);
		}
	}
	/* The seed gives both outcomes (a check that the test tests something). */
	assert_true(loaded > 0);
	assert_true(refused > 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_valid), T(test_file_roundtrip), T(test_missing_file), T(test_not_elf),
		T(test_empty), T(test_truncated_header), T(test_truncated_phdrs),
		T(test_truncated_segment), T(test_elf32), T(test_big_endian),
		T(test_wrong_machine), T(test_relocatable), T(test_zero_segments),
		T(test_only_non_load), T(test_huge_filesz), T(test_offset_overflow),
		T(test_filesz_over_memsz), T(test_segment_above_ram), T(test_segment_below_ram),
		T(test_segment_wraps), T(test_overlaps_dtb), T(test_segments_overlap),
		T(test_entry_outside), T(test_bad_ram), T(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
