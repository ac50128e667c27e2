// SPDX-License-Identifier: GPL-2.0-only
/*
 * The paravirtual trace channel on the VMM side: CPU lists, hypercall
 * argument checks (nothing outside guest RAM is read), and the perf.data
 * file read back with decode/'s reader: exact bytes per guest CPU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cpulist.h"
#include "decode/perf_data.h"
#include "hypercall.h"
#include "trace.h"
#include "vmm_err.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(64u << 10)

static uint8_t ram[RAM_SIZE];

static void test_cpulist(void **state)
{
	char buf[64];
	uint64_t m = 0;

	(void)state;
	assert_int_equal(cpulist_parse("0-3,6", 8, &m), 0);
	assert_int_equal(m, 0x4f);
	assert_int_equal(cpulist_parse("5", 8, &m), 0);
	assert_int_equal(m, 0x20);
	assert_int_equal(cpulist_parse("0-63", 64, &m), 0);
	assert_int_equal(m, UINT64_MAX);
	assert_string_equal(cpulist_format(0x4f, buf, sizeof(buf)), "0-3,6");
	assert_string_equal(cpulist_format(0x5, buf, sizeof(buf)), "0,2");
	m = 7;
	assert_int_equal(cpulist_parse("", 8, &m), VMM_EINVAL);
	assert_int_equal(cpulist_parse("0-", 8, &m), VMM_EINVAL);
	assert_int_equal(cpulist_parse("3-1", 8, &m), VMM_EINVAL);
	assert_string_equal(vmm_err_detail(), "'3-1': range 3-1 is reversed");
	assert_int_equal(cpulist_parse("8", 8, &m), VMM_EINVAL);
	assert_string_equal(vmm_err_detail(), "'8': CPU 8 does not exist (the host has 8)");
	assert_int_equal(cpulist_parse("1,,2", 8, &m), VMM_EINVAL);
	assert_int_equal(cpulist_parse("1;2", 8, &m), VMM_EINVAL);
	assert_int_equal(cpulist_parse("-1", 8, &m), VMM_EINVAL);
	assert_int_equal(cpulist_parse("99999999999", 8, &m), VMM_EINVAL);
	assert_int_equal(m, 7);		/* untouched on error */
}

static char path[64];

static struct vmm_trace *open_trace(unsigned int cpus)
{
	struct vmm_trace_config tc = { .path = path, .elf = NULL, .nr_cpus = cpus };
	struct vmm_trace *t = NULL;

	snprintf(path, sizeof(path), "test_trace.%d.data", (int)getpid());
	assert_int_equal(vmm_trace_open(&tc, &t), 0);
	return t;
}

/* Two End-terminated records of 8 bytes each (PC packet + End). */
static void fill_records(uint8_t *p, unsigned int n, uint8_t tag)
{
	for (unsigned int i = 0; i < n; i++) {
		uint8_t *r = p + 10 * i;

		r[0] = 0xb0;	/* address, index 0 (PC) */
		memset(r + 1, 0, 8);
		r[1] = tag;
		r[2] = (uint8_t)i;
		r[7] = 0x20;	/* EL1 */
		r[9] = 0x01;	/* End */
	}
}

static void test_hypercalls(void **state)
{
	struct vmm_hc_env env = { .ram = ram, .ram_base = RAM_BASE, .ram_size = RAM_SIZE,
				  .nr_cpus = 2, .trace = NULL };
	uint64_t a[6] = { RAM_BASE, 20, 0, 0, 0, 0 }, ret = 0;
	struct vmm_trace_stats st;

	(void)state;
	/* Without -o every trace call is NOT_SUPPORTED. */
	assert_int_equal(vmm_hypercall(&env, VMM_HC_TRACE_WRITE, a, &ret), 0);
	assert_int_equal(ret, VMM_HC_NOT_SUPPORTED);
	assert_int_equal(vmm_hypercall(&env, 0xc6000099u, a, &ret), 0);
	assert_int_equal(ret, VMM_HC_NOT_SUPPORTED);

	env.trace = open_trace(2);
	fill_records(ram, 2, 0x11);
	fill_records(ram + 0x100, 3, 0x22);
	assert_int_equal(vmm_hypercall(&env, VMM_HC_TRACE_WRITE, a, &ret), 0);
	assert_int_equal(ret, VMM_HC_OK);
	a[0] = RAM_BASE + 0x100;
	a[1] = 30;
	a[3] = 1;
	a[2] = VMM_TRACE_F_COLLISION;
	assert_int_equal(vmm_hypercall(&env, VMM_HC_TRACE_WRITE, a, &ret), 0);
	assert_int_equal(ret, VMM_HC_OK);

	/* Refused: outside RAM (below, straddling the end, wrapping), too long, CPU, flags. */
	const uint64_t bad[][4] = {
		{ RAM_BASE - 1, 2, 0, 0 },
		{ RAM_BASE + RAM_SIZE - 4, 8, 0, 0 },
		{ UINT64_MAX - 3, 8, 0, 0 },
		{ RAM_BASE, (16ull << 20) + 1, 0, 0 },
		{ RAM_BASE, 10, 0, 2 },
		{ RAM_BASE, 10, 4, 0 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t b[6] = { bad[i][0], bad[i][1], bad[i][2], bad[i][3], 0, 0 };

		ret = 0;
		assert_int_equal(vmm_hypercall(&env, VMM_HC_TRACE_WRITE, b, &ret), 1);
		assert_int_equal(ret, VMM_HC_INVALID);
	}
	/* TRACE_INFO: exact size only. */
	uint64_t ia[6] = { RAM_BASE + 0x800, 40, 0, 0, 0, 0 };

	assert_int_equal(vmm_hypercall(&env, VMM_HC_TRACE_INFO, ia, &ret), 1);
	assert_int_equal(ret, VMM_HC_INVALID);

	vmm_trace_stats(env.trace, &st);
	assert_int_equal(st.pieces, 2);
	assert_int_equal(st.bytes, 50);
	assert_int_equal(st.cpus, 2);
	assert_int_equal(st.collisions, 1);
	assert_int_equal(st.truncated, 0);
	assert_int_equal(vmm_trace_close(env.trace), 0);

	/* The file: one AUX buffer per piece, each CPU's bytes as the guest wrote them. */
	struct spe_perf_reader *r = NULL;

	assert_int_equal(spe_perf_reader_open(path, &r, NULL), 0);
	assert_int_equal(spe_perf_reader_nr_aux(r), 2);
	const struct spe_perf_aux *x0 = spe_perf_reader_aux(r, 0), *x1 = spe_perf_reader_aux(r, 1);

	assert_int_equal(x0->cpu, 0);
	assert_int_equal(x1->cpu, 1);
	assert_true(x0->size >= 20 && x1->size >= 30);
	assert_memory_equal(x0->data, ram, 20);
	assert_memory_equal(x1->data, ram + 0x100, 30);
	assert_int_equal(spe_perf_reader_info(r)->nr_cpus_avail, 2);
	spe_perf_reader_close(r);
	unlink(path);
}

static void test_info_sets_period(void **state)
{
	struct vmm_hc_env env = { .ram = ram, .ram_base = RAM_BASE, .ram_size = RAM_SIZE,
				  .nr_cpus = 1 };
	struct vmm_trace_info info = { .version = 1, .size = VMM_TRACE_INFO_SIZE,
		.pmscr = 0x23, .pmsirr = 0x1000 };	/* TS | E1SPE | E0SPE, interval 4096 */
	uint64_t ia[6] = { RAM_BASE + 0x800, VMM_TRACE_INFO_SIZE, 0, 0, 0, 0 };
	uint64_t wa[6] = { RAM_BASE, 10, 0, 0, 0, 0 }, ret;

	(void)state;
	env.trace = open_trace(1);
	memcpy(ram + 0x800, &info, sizeof(info));
	assert_int_equal(vmm_hypercall(&env, VMM_HC_TRACE_INFO, ia, &ret), 0);
	assert_int_equal(ret, VMM_HC_OK);
	info.version = 2;
	memcpy(ram + 0x800, &info, sizeof(info));
	assert_int_equal(vmm_hypercall(&env, VMM_HC_TRACE_INFO, ia, &ret), 1);
	fill_records(ram, 1, 0x33);
	assert_int_equal(vmm_hypercall(&env, VMM_HC_TRACE_WRITE, wa, &ret), 0);
	assert_int_equal(vmm_trace_close(env.trace), 0);

	struct spe_perf_reader *r = NULL;

	assert_int_equal(spe_perf_reader_open(path, &r, NULL), 0);
	assert_int_equal(spe_perf_reader_nr_aux(r), 1);
	spe_perf_reader_close(r);
	unlink(path);
}

/* A truncated piece keeps its whole records only: perf cannot join a partial one. */
static void test_truncated_trimmed(void **state)
{
	struct vmm_trace *t;
	struct vmm_trace_stats st;
	struct spe_perf_reader *r = NULL;

	(void)state;
	t = open_trace(1);
	fill_records(ram, 3, 0x44);		/* 30 bytes: 3 records */
	assert_int_equal(vmm_trace_write(t, 0, ram, 27, VMM_TRACE_F_TRUNCATED), 0);
	assert_int_equal(vmm_trace_write(t, 0, ram, 30, 0), 0);
	vmm_trace_stats(t, &st);
	assert_int_equal(st.bytes, 20 + 30);
	assert_int_equal(st.trimmed, 7);
	assert_int_equal(st.truncated, 1);
	assert_int_equal(vmm_trace_close(t), 0);
	assert_int_equal(spe_perf_reader_open(path, &r, NULL), 0);
	assert_int_equal(spe_perf_reader_nr_aux(r), 2);
	assert_memory_equal(spe_perf_reader_aux(r, 0)->data, ram, 20);
	assert_memory_equal(spe_perf_reader_aux(r, 1)->data, ram, 30);
	spe_perf_reader_close(r);
	unlink(path);
}

static void test_empty_and_bad_path(void **state)
{
	struct vmm_trace_config tc = { .path = "/nonexistent/dir/x.data", .nr_cpus = 1 };
	struct vmm_trace *t = NULL;
	struct spe_perf_reader *r = NULL;

	(void)state;
	assert_int_equal(vmm_trace_open(&tc, &t), VMM_ENOENT);
	assert_non_null(strstr(vmm_err_detail(), "/nonexistent/dir/x.data"));
	/* No piece at all: still a perf.data file perf can open (no AUX buffers). */
	t = open_trace(1);
	assert_int_equal(vmm_trace_write(t, 1, ram, 4, 0), VMM_EINVAL);
	assert_int_equal(vmm_trace_close(t), 0);
	assert_int_equal(spe_perf_reader_open(path, &r, NULL), 0);
	assert_int_equal(spe_perf_reader_nr_aux(r), 0);
	spe_perf_reader_close(r);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpulist), cmocka_unit_test(test_hypercalls),
		cmocka_unit_test(test_info_sets_period), cmocka_unit_test(test_truncated_trimmed),
		cmocka_unit_test(test_empty_and_bad_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
