// SPDX-License-Identifier: GPL-2.0-only
/*
 * perf.data writer and reader: a file written and read back (AUX bytes,
 * CPUs, mmaps, features), then malformed files: every truncation, bad
 * magic, huge sizes and offsets, a missing AUXTRACE_INFO.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "decode/perf_data.h"
#include "spe_enc.h"

static char path[256];

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof(path), "test_perf_data.%d.data", (int)getpid());
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove(path);
	return 0;
}

static uint8_t *slurp(const char *p, size_t *len)
{
	FILE *f = fopen(p, "rb");
	uint8_t *b;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	b = malloc((size_t)n);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* Two CPUs, three buffers; lengths not multiples of 8 get SPE padding. */
static void write_sample(uint8_t trace[3][512], size_t lens[3])
{
	struct spe_perf_meta meta;
	struct spe_perf_writer *w;
	struct spe_synth s;

	spe_synth_init(&s, 5);
	for (int i = 0; i < 3; i++) {
		struct spe_enc e;

		spe_enc_init(&e, trace[i], 512);
		for (int r = 0; r < 3 + i; r++)
			assert_true(spe_synth_record(&s, &e) > 0);
		lens[i] = e.len;
	}
	memset(&meta, 0, sizeof(meta));
	meta.nr_cpus = 2;
	meta.data_start = 0x40200000;
	meta.data_len = 0x100000;
	meta.cpuid = "0x00000000410fd490";
	assert_int_equal(spe_perf_writer_open(path, &meta, &w), 0);
	assert_int_equal(spe_perf_writer_add_aux(w, 0, trace[0], lens[0]), 0);
	assert_int_equal(spe_perf_writer_add_aux(w, 1, trace[1], lens[1]), 0);
	assert_int_equal(spe_perf_writer_add_aux(w, 0, trace[2], lens[2]), 0);
	assert_int_equal(spe_perf_writer_add_aux(w, 2, trace[2], lens[2]), -SPE_ERR_INVAL);
	assert_int_equal(spe_perf_writer_add_aux(w, 1, NULL, 5), -SPE_ERR_INVAL);
	assert_int_equal(spe_perf_writer_add_aux(w, 1, trace[0], 0), 0);
	assert_int_equal(spe_perf_writer_close(w), 0);
}

static void test_write_read(void **state)
{
	uint8_t trace[3][512];
	size_t lens[3];
	struct spe_perf_reader *r;
	const struct spe_perf_info *info;
	const struct spe_perf_aux *a;
	const int cpu[3] = { 0, 1, 0 };
	uint64_t off0 = 0;

	(void)state;
	write_sample(trace, lens);
	assert_int_equal(spe_perf_reader_open(path, &r, NULL), 0);
	info = spe_perf_reader_info(r);
	assert_int_equal(info->auxtrace_type, 4);
	assert_int_equal(info->pmu_type, 8);
	assert_int_equal(info->nr_attrs, 2);
	assert_int_equal(info->nr_cpus_avail, 2);
	assert_int_equal(info->nr_cpus_online, 2);
	assert_string_equal(info->cpuid, "0x00000000410fd490");
	assert_string_equal(info->arch, "aarch64");
	assert_false(info->pipe_mode);
	/* TIME_CONV, AUXTRACE_INFO, COMM, MMAP2, 2 ITRACE_START, 3 AUXTRACE, FINISHED_ROUND. */
	assert_int_equal(info->nr_records, 10);
	assert_int_equal(spe_perf_reader_nr_aux(r), 3);
	for (size_t i = 0; i < 3; i++) {
		a = spe_perf_reader_aux(r, i);
		assert_non_null(a);
		assert_int_equal(a->cpu, cpu[i]);
		assert_int_equal(a->idx, (uint32_t)cpu[i]);
		assert_int_equal(a->tid, 1);
		assert_int_equal(a->size, (lens[i] + 7) & ~(size_t)7);
		assert_memory_equal(a->data, trace[i], lens[i]);
		for (size_t k = lens[i]; k < a->size; k++)
			assert_int_equal(a->data[k], 0);
	}
	/* Offsets count per CPU. */
	a = spe_perf_reader_aux(r, 2);
	off0 = (lens[0] + 7) & ~(size_t)7;
	assert_int_equal(a->offset, off0);
	assert_null(spe_perf_reader_aux(r, 3));
	assert_int_equal(spe_perf_reader_nr_mmaps(r), 1);
	assert_string_equal(spe_perf_reader_mmap(r, 0)->filename, "//anon");
	assert_int_equal(spe_perf_reader_mmap(r, 0)->start, 0x40200000);
	assert_int_equal(spe_perf_reader_mmap(r, 0)->len, 0x100000);
	assert_int_equal(spe_perf_reader_mmap(r, 0)->prot, 3);
	assert_null(spe_perf_reader_mmap(r, 1));
	spe_perf_reader_close(r);
}

/* The same file twice gives the same bytes. */
static void test_deterministic(void **state)
{
	uint8_t trace[3][512];
	size_t lens[3], l1, l2;
	uint8_t *a, *b;

	(void)state;
	write_sample(trace, lens);
	a = slurp(path, &l1);
	write_sample(trace, lens);
	b = slurp(path, &l2);
	assert_int_equal(l1, l2);
	assert_memory_equal(a, b, l1);
	free(a);
	free(b);
}

static void test_truncations(void **state)
{
	uint8_t trace[3][512];
	size_t lens[3], len;
	uint8_t *file;

	(void)state;
	write_sample(trace, lens);
	file = slurp(path, &len);
	/* Every prefix is rejected (never read past its end: ASan checks). */
	for (size_t n = 0; n < len; n++) {
		struct spe_perf_reader *r = (void *)1;
		uint8_t *copy = malloc(n ? n : 1);
		int err;

		memcpy(copy, file, n);
		err = spe_perf_reader_open_mem(copy, n, &r, NULL);
		assert_true(err < 0);
		assert_null(r);
		free(copy);
	}
	free(file);
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void test_corruptions(void **state)
{
	uint8_t trace[3][512];
	size_t lens[3], len;
	uint64_t bad;
	struct spe_perf_reader *r;
	uint8_t *file, *c;
	static const struct {
		size_t at;
		uint64_t val;
		int err;
		uint64_t bad_offset;
	} cases[] = {
		{ 0, 0x1234, -SPE_ERR_BAD_FILE, 0 },			/* magic */
		{ 0, 0x50455246494c4532ull, -SPE_ERR_UNSUPPORTED, 0 },	/* big-endian */
		{ 8, 50, -SPE_ERR_BAD_FILE, 8 },			/* header size */
		{ 8, ~0ull, -SPE_ERR_BAD_FILE, 8 },
		{ 16, 8, -SPE_ERR_BAD_FILE, 16 },			/* attr size */
		{ 16, 1ull << 40, -SPE_ERR_BAD_FILE, 16 },
		{ 24, ~0ull - 4, -SPE_ERR_BAD_FILE, 16 },		/* attrs offset */
		{ 32, 1ull << 62, -SPE_ERR_BAD_FILE, 16 },		/* attrs size */
		{ 40, 1ull << 63, -SPE_ERR_BAD_FILE, 40 },		/* data offset */
		{ 48, ~0ull, -SPE_ERR_BAD_FILE, 40 },			/* data size */
		{ 104 + 128, 1ull << 50, -SPE_ERR_BAD_FILE, 104 },	/* ids offset */
	};

	(void)state;
	write_sample(trace, lens);
	file = slurp(path, &len);
	c = malloc(len);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(c, file, len);
		put64(c + cases[i].at, cases[i].val);
		bad = 12345;
		r = NULL;
		assert_int_equal(spe_perf_reader_open_mem(c, len, &r, &bad), cases[i].err);
		assert_null(r);
		assert_int_equal(bad, cases[i].bad_offset);
	}
	/* Data section shorter than the AUXTRACE payload it announces. */
	{
		uint64_t data_off = 0, p;

		memcpy(c, file, len);
		for (int i = 0; i < 8; i++)
			data_off |= (uint64_t)c[40 + i] << (8 * i);
		/* Find the first AUXTRACE (type 71) and give it a huge payload. */
		for (p = data_off; p + 8 <= len; ) {
			uint32_t type = c[p] | c[p + 1] << 8;
			uint16_t size = (uint16_t)(c[p + 6] | c[p + 7] << 8);

			if (type == 71) {
				put64(c + p + 8, 1ull << 60);
				break;
			}
			p += size;
		}
		assert_int_equal(spe_perf_reader_open_mem(c, len, &r, &bad), -SPE_ERR_TRUNCATED);
		assert_int_equal(bad, p);
		/* A record of size 0 would loop forever: rejected. */
		memcpy(c, file, len);
		c[p + 6] = 0;
		c[p + 7] = 0;
		assert_int_equal(spe_perf_reader_open_mem(c, len, &r, &bad), -SPE_ERR_BAD_FILE);
		assert_int_equal(bad, p);
	}
	/* No AUXTRACE_INFO: make it a type perf ignores. */
	{
		uint64_t data_off = 0, p;

		memcpy(c, file, len);
		for (int i = 0; i < 8; i++)
			data_off |= (uint64_t)c[40 + i] << (8 * i);
		for (p = data_off; p + 8 <= len; p += (uint16_t)(c[p + 6] | c[p + 7] << 8)) {
			if (c[p] == 70) {
				c[p] = 69;
				break;
			}
		}
		assert_int_equal(spe_perf_reader_open_mem(c, len, &r, &bad), -SPE_ERR_NO_SPE);
	}
	free(c);
	free(file);
	assert_int_equal(spe_perf_reader_open("/nonexistent/x.data", &r, NULL), -SPE_ERR_IO);
	assert_int_equal(spe_perf_reader_open(".", &r, NULL), -SPE_ERR_IO);
	assert_int_equal(spe_perf_reader_open_mem(NULL, 5, &r, NULL), -SPE_ERR_INVAL);
	assert_true(spe_perf_is_perf_data("PERFILE2", 8));
	assert_false(spe_perf_is_perf_data("PERFILE", 7));
}

static void test_writer_errors(void **state)
{
	struct spe_perf_meta meta;
	struct spe_perf_writer *w = NULL;

	(void)state;
	memset(&meta, 0, sizeof(meta));
	assert_int_equal(spe_perf_writer_open(NULL, &meta, &w), -SPE_ERR_INVAL);
	assert_int_equal(spe_perf_writer_open("/nonexistent/dir/x.data", &meta, &w), -SPE_ERR_IO);
	meta.nr_cpus = 100000;
	assert_int_equal(spe_perf_writer_open(path, &meta, &w), -SPE_ERR_INVAL);
	meta.nr_cpus = 1;
	meta.pmu_type = 4;	/* a fixed perf type, not a PMU's */
	assert_int_equal(spe_perf_writer_open(path, &meta, &w), -SPE_ERR_INVAL);
	meta.pmu_type = 0;
	meta.elf_path = "/nonexistent.elf";
	assert_int_equal(spe_perf_writer_open(path, &meta, &w), -SPE_ERR_BAD_ELF);
	meta.elf_path = path;	/* not an ELF: this very test's output name */
	{
		FILE *f = fopen(path, "wb");

		fputs("not an elf file, but long enough to have a header of 64 bytes....", f);
		fclose(f);
	}
	assert_int_equal(spe_perf_writer_open(path, &meta, &w), -SPE_ERR_BAD_ELF);
	assert_null(w);
	assert_int_equal(spe_perf_writer_close(NULL), -SPE_ERR_INVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_write_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corruptions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_writer_errors, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
