// SPDX-License-Identifier: GPL-2.0-only
/* Device-tree tests: build a tree, read every property back with libfdt. */
#include <libfdt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "layout.h"
#include "vmm_err.h"
#include "vmm_fdt.h"

static uint8_t buf[64 << 10];

static int node(const char *path)
{
	int off = fdt_path_offset(buf, path);

	assert_true(off >= 0);
	return off;
}

static const void *prop(const char *path, const char *name, int *len)
{
	const void *p = fdt_getprop(buf, node(path), name, len);

	assert_non_null(p);
	return p;
}

static uint32_t cell(const void *p, int i)
{
	return fdt32_to_cpu(((const fdt32_t *)p)[i]);
}

static void assert_cells(const char *path, const char *name, const uint32_t *want, int n)
{
	int len, i;
	const void *p = prop(path, name, &len);

	assert_int_equal(len, n * 4);
	for (i = 0; i < n; i++)
		assert_int_equal(cell(p, i), want[i]);
}

static void assert_string(const char *path, const char *name, const char *want, int wantlen)
{
	int len;
	const void *p = prop(path, name, &len);

	assert_int_equal(len, wantlen);
	assert_memory_equal(p, want, (size_t)wantlen);
}

static void build(unsigned int ncpus, const uint64_t *mpidr, bool spe)
{
	struct vmm_fdt_config cfg = {
		.ram_base = VMM_RAM_BASE, .ram_size = 128ull << 20, .nr_cpus = ncpus,
		.mpidr = mpidr, .bootargs = "console=ttyAMA0 test", .spe = spe,
	};
	int n = vmm_fdt_build(&cfg, buf, sizeof(buf));

	assert_true(n > 0);
	assert_int_equal(fdt_check_header(buf), 0);
	assert_int_equal(fdt_totalsize(buf), (uint32_t)n);
}

static void test_root_memory_chosen(void **state)
{
	static const uint32_t mem[] = { 0, 0x40000000, 0, 0x08000000 };
	static const char stdout_path[] = "/pl011@9000000";
	static const char bootargs[] = "console=ttyAMA0 test";

	(void)state;
	build(1, NULL, false);
	assert_cells("/", "#address-cells", (const uint32_t[]){ 2 }, 1);
	assert_cells("/", "#size-cells", (const uint32_t[]){ 2 }, 1);
	assert_cells("/", "interrupt-parent", (const uint32_t[]){ VMM_FDT_PHANDLE_GIC }, 1);
	assert_cells("/memory@40000000", "reg", mem, 4);
	assert_string("/memory@40000000", "device_type", "memory", 7);
	assert_string("/chosen", "stdout-path", stdout_path, sizeof(stdout_path));
	assert_string("/chosen", "bootargs", bootargs, sizeof(bootargs));
}

static void test_cpus_psci(void **state)
{
	static const uint64_t mpidr[3] = { 0x80000000, 0x80000001, 0x80000102 };
	static const char psci[] = "arm,psci-1.0\0arm,psci-0.2";

	(void)state;
	build(3, mpidr, false);
	assert_cells("/cpus", "#address-cells", (const uint32_t[]){ 1 }, 1);
	assert_cells("/cpus", "#size-cells", (const uint32_t[]){ 0 }, 1);
	assert_cells("/cpus/cpu@0", "reg", (const uint32_t[]){ 0 }, 1);
	assert_cells("/cpus/cpu@1", "reg", (const uint32_t[]){ 1 }, 1);
	/* Aff1 = 1, Aff0 = 2: reg carries the affinity bits, not U/MT or RES1. */
	assert_cells("/cpus/cpu@102", "reg", (const uint32_t[]){ 0x102 }, 1);
	assert_string("/cpus/cpu@102", "enable-method", "psci", 5);
	assert_string("/cpus/cpu@0", "device_type", "cpu", 4);
	assert_true(fdt_path_offset(buf, "/cpus/cpu@2") < 0);
	assert_string("/psci", "compatible", psci, sizeof(psci));
	assert_string("/psci", "method", "hvc", 4);
}

static void test_gic(void **state)
{
	static const uint32_t reg[] = { 0, 0x08000000, 0, 0x10000, 0, 0x080A0000, 0, 4 * 0x20000 };
	int len;

	(void)state;
	build(4, NULL, false);
	assert_string("/intc@8000000", "compatible", "arm,gic-v3", 11);
	assert_cells("/intc@8000000", "reg", reg, 8);
	assert_cells("/intc@8000000", "#interrupt-cells", (const uint32_t[]){ 3 }, 1);
	assert_cells("/intc@8000000", "#redistributor-regions", (const uint32_t[]){ 1 }, 1);
	assert_cells("/intc@8000000", "phandle", (const uint32_t[]){ VMM_FDT_PHANDLE_GIC }, 1);
	prop("/intc@8000000", "interrupt-controller", &len);
	assert_int_equal(len, 0);
	assert_int_equal(fdt_node_offset_by_phandle(buf, VMM_FDT_PHANDLE_GIC), node("/intc@8000000"));
}

static void test_timer(void **state)
{
	static const uint32_t irqs[] = { 1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4 };
	static const char compat[] = "arm,armv8-timer\0arm,armv7-timer";

	(void)state;
	build(1, NULL, false);
	assert_string("/timer", "compatible", compat, sizeof(compat));
	assert_cells("/timer", "interrupts", irqs, 12);
}

static void test_uart_clock(void **state)
{
	static const uint32_t reg[] = { 0, 0x09000000, 0, 0x1000 };
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char names[] = "uartclk\0apb_pclk";

	(void)state;
	build(1, NULL, false);
	assert_string("/pl011@9000000", "compatible", compat, sizeof(compat));
	assert_cells("/pl011@9000000", "reg", reg, 4);
	assert_cells("/pl011@9000000", "interrupts", (const uint32_t[]){ 0, 1, 4 }, 3);
	assert_cells("/pl011@9000000", "clocks",
		     (const uint32_t[]){ VMM_FDT_PHANDLE_CLK, VMM_FDT_PHANDLE_CLK }, 2);
	assert_string("/pl011@9000000", "clock-names", names, sizeof(names));
	assert_string("/apb-pclk", "compatible", "fixed-clock", 12);
	assert_cells("/apb-pclk", "clock-frequency", (const uint32_t[]){ 24000000 }, 1);
	assert_cells("/apb-pclk", "#clock-cells", (const uint32_t[]){ 0 }, 1);
	assert_int_equal(fdt_node_offset_by_phandle(buf, VMM_FDT_PHANDLE_CLK), node("/apb-pclk"));
}

static void test_spe_node(void **state)
{
	(void)state;
	build(1, NULL, false);
	assert_true(fdt_path_offset(buf, "/spe-pmu") < 0);
	build(1, NULL, true);
	assert_string("/spe-pmu", "compatible", "arm,statistical-profiling-extension-v1", 39);
	assert_cells("/spe-pmu", "interrupts", (const uint32_t[]){ 1, 5, 4 }, 3);
}

static void test_initrd(void **state)
{
	struct vmm_fdt_config cfg = {
		.ram_base = VMM_RAM_BASE, .ram_size = 128ull << 20, .nr_cpus = 1,
		.initrd_start = 0x44000000, .initrd_end = 0x44123000,
	};
	int len;
	const void *p;

	(void)state;
	assert_true(vmm_fdt_build(&cfg, buf, sizeof(buf)) > 0);
	p = prop("/chosen", "linux,initrd-start", &len);
	assert_int_equal(len, 8);
	assert_int_equal(fdt64_to_cpu(*(const fdt64_t *)p), 0x44000000);
	p = prop("/chosen", "linux,initrd-end", &len);
	assert_int_equal(fdt64_to_cpu(*(const fdt64_t *)p), 0x44123000);
	build(1, NULL, false);	/* none given: no properties */
	assert_null(fdt_getprop(buf, node("/chosen"), "linux,initrd-start", &len));
	cfg.initrd_end = 0x48000001;	/* past the end of RAM */
	assert_int_equal(vmm_fdt_build(&cfg, buf, sizeof(buf)), VMM_EINVAL);
	cfg.initrd_end = cfg.initrd_start - 1;
	assert_int_equal(vmm_fdt_build(&cfg, buf, sizeof(buf)), VMM_EINVAL);
}

static void test_bootargs_limit(void **state)
{
	static char line[VMM_FDT_BOOTARGS_MAX + 1];
	struct vmm_fdt_config cfg = {
		.ram_base = VMM_RAM_BASE, .ram_size = 128ull << 20, .nr_cpus = 1, .bootargs = line,
	};
	int len;

	(void)state;
	memset(line, 'a', VMM_FDT_BOOTARGS_MAX - 1);	/* 2047 characters: fits */
	assert_true(vmm_fdt_build(&cfg, buf, sizeof(buf)) > 0);
	prop("/chosen", "bootargs", &len);
	assert_int_equal(len, VMM_FDT_BOOTARGS_MAX);
	line[VMM_FDT_BOOTARGS_MAX - 1] = 'a';		/* 2048: one too many */
	assert_int_equal(vmm_fdt_build(&cfg, buf, sizeof(buf)), VMM_EINVAL);
	assert_non_null(strstr(vmm_err_detail(), "command line of 2048 bytes"));
}

static void test_max_cpus(void **state)
{
	int len;
	const void *p;

	(void)state;
	build((unsigned int)VMM_MAX_CPUS, NULL, false);
	assert_true(fdt_path_offset(buf, "/cpus/cpu@7a") >= 0);
	p = prop("/intc@8000000", "reg", &len);
	/* The last redistributor frame ends exactly where the UART begins. */
	assert_int_equal(cell(p, 5) + cell(p, 7), 0x09000000);
}

static void test_bad_config(void **state)
{
	struct vmm_fdt_config cfg = { .ram_base = VMM_RAM_BASE, .ram_size = 1 << 20, .nr_cpus = 1 };
	uint8_t small[256];

	(void)state;
	assert_int_equal(vmm_fdt_build(NULL, buf, sizeof(buf)), VMM_EINVAL);
	assert_int_equal(vmm_fdt_build(&cfg, NULL, sizeof(buf)), VMM_EINVAL);
	cfg.nr_cpus = 0;
	assert_int_equal(vmm_fdt_build(&cfg, buf, sizeof(buf)), VMM_EINVAL);
	cfg.nr_cpus = (unsigned int)VMM_MAX_CPUS + 1;
	assert_int_equal(vmm_fdt_build(&cfg, buf, sizeof(buf)), VMM_EINVAL);
	cfg.nr_cpus = 1;
	cfg.ram_size = 0;
	assert_int_equal(vmm_fdt_build(&cfg, buf, sizeof(buf)), VMM_EINVAL);
	cfg.ram_size = 1 << 20;
	assert_int_equal(vmm_fdt_build(&cfg, small, sizeof(small)), VMM_EFDT);
	assert_non_null(strstr(vmm_err_detail(), "device tree:"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_memory_chosen), cmocka_unit_test(test_cpus_psci),
		cmocka_unit_test(test_gic), cmocka_unit_test(test_timer),
		cmocka_unit_test(test_uart_clock), cmocka_unit_test(test_spe_node),
		cmocka_unit_test(test_initrd), cmocka_unit_test(test_bootargs_limit),
		cmocka_unit_test(test_max_cpus), cmocka_unit_test(test_bad_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
