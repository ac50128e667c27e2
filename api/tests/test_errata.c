// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU models and errata through the public API (docs/errata.md):
 * vspe_host_cpu_model() values, vspe_open() refusing errata software could
 * not detect, and a VM on a model reading the model's MIDR_EL1.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common.h"

static void test_models(void **state)
{
	struct vspe_host_cpu c;

	(void)state;
	assert_int_equal(vspe_host_cpu_model("neoverse-n1", &c), 0);
	assert_int_equal(c.midr, 0x413fd0c1);
	assert_int_equal(c.spe, VSPE_SPE_V1P0);
	assert_int_equal(c.errata, VSPE_ERRATUM_N1_1694299);
	assert_int_equal(vspe_host_cpu_model("neoverse-n1:r4p1", &c), 0);
	assert_int_equal(c.midr, 0x414fd0c1);
	assert_int_equal(c.errata, 0);
	assert_int_equal(vspe_host_cpu_model("neoverse-v1", &c), 0);
	assert_int_equal(c.midr, 0x411fd401);
	assert_int_equal(c.spe, VSPE_SPE_V1P1);
	assert_int_equal(c.errata, 0);
	assert_int_equal(vspe_host_cpu_model("generic", &c), 0);
	assert_int_equal(c.midr, 0);
	assert_int_equal(c.errata, 0);
	assert_fails(vspe_host_cpu_model("cortex-a72", &c), -ENOENT);
	assert_fails(vspe_host_cpu_model("neoverse-n1:4p1", &c), -EINVAL);
	assert_fails(vspe_host_cpu_model(NULL, &c), -EINVAL);
	assert_fails(vspe_host_cpu_model("generic", NULL), -EINVAL);
}

static void test_open_checks(void **state)
{
	struct vspe_host_config cfg;
	struct vspe_system *sys = NULL;

	(void)state;
	vspe_host_config_default(&cfg);
	cfg.nr_cpus = 2;
	assert_int_equal(vspe_host_cpu_model("neoverse-n1", &cfg.cpus[0]), 0);
	assert_int_equal(vspe_host_cpu_model("neoverse-n1", &cfg.cpus[1]), 0);
	/* The erratum on a CPU that does not have it: undetectable, refused. */
	cfg.cpus[1].midr = 0x414fd0c1;
	assert_fails(vspe_open(&cfg, &sys), -EINVAL);
	assert_non_null(strstr(vspe_last_error(), "N1 #1694299"));
	assert_null(sys);
	cfg.cpus[1].midr = 0;
	assert_fails(vspe_open(&cfg, &sys), -EINVAL);
	/* Unknown bits, errata without an SPE unit, RES0 MIDR bits. */
	cfg.cpus[1].midr = 0x413fd0c1;
	cfg.cpus[1].errata = 1u << 9;
	assert_fails(vspe_open(&cfg, &sys), -EINVAL);
	cfg.cpus[1].errata = VSPE_ERRATUM_N1_1694299;
	cfg.cpus[1].spe = VSPE_SPE_NONE;
	assert_fails(vspe_open(&cfg, &sys), -EINVAL);
	cfg.cpus[1].spe = VSPE_SPE_V1P0;
	cfg.cpus[1].midr = 1ull << 40 | 0x413fd0c1;
	assert_fails(vspe_open(&cfg, &sys), -EINVAL);
	/* An N1 without the erratum turned on is a valid choice. */
	cfg.cpus[1].midr = 0x413fd0c1;
	cfg.cpus[1].errata = 0;
	assert_int_equal(vspe_open(&cfg, &sys), 0);
	vspe_close(sys);
}

/* A vCPU reads the physical CPU's MIDR_EL1, as KVM's VPIDR_EL2 gives it. */
static void test_guest_midr(void **state)
{
	struct vspe_host_config cfg;
	struct machine m;
	struct vspe_vcpu *v;
	uint64_t val = 0;
	struct vspe_one_reg r = { .id = VSPE_REG_SYSREG(3u << 14), .addr = (uintptr_t)&val };

	(void)state;
	vspe_host_config_default(&cfg);
	cfg.nr_cpus = 1;
	assert_int_equal(vspe_host_cpu_model("neoverse-v1", &cfg.cpus[0]), 0);
	assert_int_equal(machine_open_cfg(&m, &cfg, API_GUEST_BIN), 0);
	assert_int_equal(vspe_create_vcpu(m.vm, 0, &v), 0);
	assert_int_equal(vspe_get_one_reg(v, &r), 0);
	assert_int_equal(val, 0x411fd401);
	machine_close(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_models),
		cmocka_unit_test(test_open_checks),
		cmocka_unit_test(test_guest_midr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
