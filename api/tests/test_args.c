// SPDX-License-Identifier: GPL-2.0-only
/* Every API call with bad arguments: a negative errno, a message, no abort. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "common.h"

static void test_open(void **state)
{
	struct vspe_host_config cfg;
	struct vspe_system *sys;

	(void)state;
	vspe_host_config_default(NULL);
	vspe_host_config_default(&cfg);
	assert_int_equal(cfg.nr_cpus, 4);
	assert_fails(vspe_open(&cfg, NULL), -EINVAL);
	cfg.nr_cpus = 0;
	assert_fails(vspe_open(&cfg, &sys), -EINVAL);
	assert_null(sys);
	cfg.nr_cpus = VSPE_MAX_HOST_CPUS + 1;
	assert_fails(vspe_open(&cfg, &sys), -EINVAL);
	cfg.nr_cpus = 2;
	cfg.cpus[1].spe = (enum vspe_spe_version)7;
	assert_fails(vspe_open(&cfg, &sys), -EINVAL);
	cfg.cpus[1].spe = VSPE_SPE_NONE;
	assert_int_equal(cfg.sched, VSPE_SCHED_AFFINE);	/* the default */
	cfg.sched = 2;
	assert_fails(vspe_open(&cfg, &sys), -EINVAL);
	assert_non_null(strstr(vspe_last_error(), "sched 2 is not AFFINE (0) or RR (1)"));
	assert_int_equal(vspe_open(NULL, &sys), 0);	/* defaults */
	assert_string_equal(vspe_last_error(), "");
	assert_fails(vspe_check_extension(NULL, VSPE_CAP_ONE_REG), -EINVAL);
	assert_int_equal(vspe_check_extension(sys, VSPE_CAP_ONE_REG), 1);
	assert_int_equal(vspe_check_extension(sys, VSPE_CAP_NR_VCPUS), 4);
	assert_int_equal(vspe_check_extension(sys, VSPE_CAP_MAX_VCPUS), VSPE_MAX_VCPUS);
	assert_int_equal(vspe_check_extension(sys, VSPE_CAP_NR_MEMSLOTS), 32);
	assert_int_equal(vspe_check_extension(sys, VSPE_CAP_ARM_SPE), 0);
	assert_int_equal(vspe_check_extension(sys, (enum vspe_cap)999), 0);
	assert_fails(vspe_create_vm(NULL, NULL), -EINVAL);
	assert_fails(vspe_create_vm(sys, NULL), -EINVAL);
	vspe_close(sys);
	vspe_close(NULL);
	vspe_destroy_vm(NULL);
}

static void test_memslots(void **state)
{
	struct machine m;
	struct vspe_userspace_memory_region r;
	void *mem = aligned_alloc(4096, 1 << 20);

	(void)state;
	assert_int_equal(machine_open(&m, 1), 0);
	assert_fails(vspe_set_user_memory_region(NULL, &r), -EINVAL);
	assert_fails(vspe_set_user_memory_region(m.vm, NULL), -EINVAL);
	r = (struct vspe_userspace_memory_region){ .slot = 1, .guest_phys_addr = 0x80000000,
		.memory_size = 1 << 20, .userspace_addr = (uintptr_t)mem };
	r.slot = 32;
	assert_fails(vspe_set_user_memory_region(m.vm, &r), -EINVAL);
	r.slot = 1;
	r.flags = 4;
	assert_fails(vspe_set_user_memory_region(m.vm, &r), -EINVAL);
	/* Dirty logging is supported (migration): a logging slot, then deleted. */
	r.flags = VSPE_MEM_LOG_DIRTY_PAGES;
	assert_int_equal(vspe_set_user_memory_region(m.vm, &r), 0);
	r.memory_size = 0;
	assert_int_equal(vspe_set_user_memory_region(m.vm, &r), 0);
	r.memory_size = 1 << 20;
	r.flags = 0;
	r.guest_phys_addr = 0x80000800;
	assert_fails(vspe_set_user_memory_region(m.vm, &r), -EINVAL);
	r.guest_phys_addr = 0x80000000;
	r.memory_size = 100;
	assert_fails(vspe_set_user_memory_region(m.vm, &r), -EINVAL);
	r.memory_size = 1 << 20;
	r.userspace_addr = (uintptr_t)mem + 8;
	assert_fails(vspe_set_user_memory_region(m.vm, &r), -EINVAL);
	r.userspace_addr = 0;
	assert_fails(vspe_set_user_memory_region(m.vm, &r), -EINVAL);
	r.userspace_addr = (uintptr_t)mem;
	r.guest_phys_addr = 1ull << 40;
	assert_fails(vspe_set_user_memory_region(m.vm, &r), -EINVAL);
	r.guest_phys_addr = ~0ull & ~0xfffull;
	assert_fails(vspe_set_user_memory_region(m.vm, &r), -EINVAL);
	/* Overlap with slot 0 (RAM_BASE .. +16 MiB). */
	r.guest_phys_addr = RAM_BASE + (1 << 20);
	assert_fails(vspe_set_user_memory_region(m.vm, &r), -EEXIST);
	/* Deleting a slot that does not exist. */
	r.guest_phys_addr = 0x80000000;
	r.memory_size = 0;
	assert_fails(vspe_set_user_memory_region(m.vm, &r), -EINVAL);
	/* Create, refuse a move, change flags, delete, recreate. */
	r.memory_size = 1 << 20;
	assert_int_equal(vspe_set_user_memory_region(m.vm, &r), 0);
	r.guest_phys_addr = 0x90000000;
	assert_fails(vspe_set_user_memory_region(m.vm, &r), -EINVAL);
	r.guest_phys_addr = 0x80000000;
	r.flags = VSPE_MEM_READONLY;
	assert_int_equal(vspe_set_user_memory_region(m.vm, &r), 0);
	r.memory_size = 0;
	assert_int_equal(vspe_set_user_memory_region(m.vm, &r), 0);
	r.memory_size = 1 << 20;
	r.flags = 0;
	assert_int_equal(vspe_set_user_memory_region(m.vm, &r), 0);
	machine_close(&m);
	free(mem);
}

static void test_vcpus(void **state)
{
	struct machine m;
	struct vspe_vcpu *v, *v2;
	struct vspe_vcpu_init init;

	(void)state;
	assert_int_equal(machine_open(&m, 1), 0);
	/* A line level set before any vCPU exists is kept for the GIC. */
	assert_int_equal(vspe_irq_line(m.vm, 40, 1), 0);
	assert_fails(vspe_create_vcpu(NULL, 0, &v), -EINVAL);
	assert_fails(vspe_create_vcpu(m.vm, 0, NULL), -EINVAL);
	assert_fails(vspe_create_vcpu(m.vm, VSPE_MAX_VCPUS, &v), -EINVAL);
	assert_int_equal(vspe_create_vcpu(m.vm, 3, &v), 0);
	assert_fails(vspe_create_vcpu(m.vm, 3, &v2), -EEXIST);
	assert_fails(vspe_arm_preferred_target(NULL, &init), -EINVAL);
	assert_fails(vspe_arm_preferred_target(m.vm, NULL), -EINVAL);
	assert_int_equal(vspe_arm_preferred_target(m.vm, &init), 0);
	assert_int_equal(init.target, VSPE_ARM_TARGET_GENERIC_V8);
	assert_fails(vspe_vcpu_init(NULL, &init), -EINVAL);
	assert_fails(vspe_vcpu_init(v, NULL), -EINVAL);
	init.target = 0;
	assert_fails(vspe_vcpu_init(v, &init), -EINVAL);
	init.target = VSPE_ARM_TARGET_GENERIC_V8;
	init.features[0] = 1u << VSPE_ARM_VCPU_SPE;
	assert_fails(vspe_vcpu_init(v, &init), -EINVAL);
	assert_string_equal(vspe_last_error(), "SPE not available: no physical CPU of the host has an SPE unit");
	init.features[0] = 1u << 20;
	assert_fails(vspe_vcpu_init(v, &init), -EINVAL);
	init.features[0] = 0;
	init.features[6] = 1;
	assert_fails(vspe_vcpu_init(v, &init), -EINVAL);
	init.features[6] = 0;
	/* Running a vCPU that was never initialised: FAIL_ENTRY. */
	assert_int_equal(vspe_run(v), 0);
	assert_int_equal(vspe_vcpu_run_struct(v)->exit_reason, VSPE_EXIT_FAIL_ENTRY);
	assert_int_equal(vspe_vcpu_run_struct(v)->fail_entry.hardware_entry_failure_reason,
			 VSPE_FAIL_ENTRY_NOT_INITIALIZED);
	assert_int_equal(vspe_vcpu_init(v, &init), 0);
	/* After the first run (above) no vCPU can be added (the GIC is sized). */
	assert_fails(vspe_create_vcpu(m.vm, 4, &v2), -EBUSY);
	assert_null(vspe_vcpu_run_struct(NULL));
	assert_fails(vspe_run(NULL), -EINVAL);
	assert_fails(vspe_vm_run(NULL, &v2), -EINVAL);
	assert_fails(vspe_vm_run(m.vm, NULL), -EINVAL);
	assert_fails(vspe_irq_line(NULL, 33, 1), -EINVAL);
	assert_fails(vspe_irq_line(m.vm, 31, 1), -EINVAL);
	assert_fails(vspe_irq_line(m.vm, 33, 2), -EINVAL);
	assert_int_equal(vspe_irq_line(m.vm, 33, 1), 0);
	assert_int_equal(vspe_vm_instructions(NULL), 0);
	machine_close(&m);
}

static void test_device_attrs(void **state)
{
	struct machine m;
	struct vspe_vcpu *v;
	uint64_t val = 0;
	struct vspe_device_attr a = { .group = 0, .attr = 0, .addr = (uintptr_t)&val };

	(void)state;
	assert_int_equal(machine_open(&m, 2), 0);
	assert_int_equal(vcpu_start(&m, 0, RAM_BASE, false, &v), 0);
	assert_fails(vspe_vcpu_set_device_attr(NULL, &a), -EINVAL);
	assert_fails(vspe_vcpu_get_device_attr(v, NULL), -EINVAL);
	a.flags = 1;
	assert_fails(vspe_vcpu_has_device_attr(v, &a), -EINVAL);
	a.flags = 0;
	for (uint32_t g = 0; g < 8; g++) {
		if (g == VSPE_ARM_VCPU_SCHED_CTRL)
			continue;
		a.group = g;
		assert_fails(vspe_vcpu_has_device_attr(v, &a), -ENXIO);
		assert_fails(vspe_vcpu_set_device_attr(v, &a), -ENXIO);
		assert_fails(vspe_vcpu_get_device_attr(v, &a), -ENXIO);
	}
	/* SCHED_CTRL / SUPPORTED_CPUS on a 2-CPU host. */
	a.group = VSPE_ARM_VCPU_SCHED_CTRL;
	a.attr = 1;
	assert_fails(vspe_vcpu_has_device_attr(v, &a), -ENXIO);
	a.attr = VSPE_ARM_VCPU_SUPPORTED_CPUS;
	assert_int_equal(vspe_vcpu_has_device_attr(v, &a), 0);
	assert_int_equal(vspe_vcpu_get_device_attr(v, &a), 0);
	assert_int_equal(val, 3);
	val = 0;
	assert_fails(vspe_vcpu_set_device_attr(v, &a), -EINVAL);
	val = 4;
	assert_fails(vspe_vcpu_set_device_attr(v, &a), -EINVAL);
	val = 2;
	assert_int_equal(vspe_vcpu_set_device_attr(v, &a), 0);
	val = 0;
	assert_int_equal(vspe_vcpu_get_device_attr(v, &a), 0);
	assert_int_equal(val, 2);
	a.addr = 0;
	assert_fails(vspe_vcpu_get_device_attr(v, &a), -EFAULT);
	a.addr = (uintptr_t)&val;
	assert_int_equal(vspe_run(v), 0);	/* runs on CPU 1 only */
	assert_fails(vspe_vcpu_set_device_attr(v, &a), -EBUSY);
	machine_close(&m);
}

static void test_one_reg(void **state)
{
	struct machine m;
	struct vspe_vcpu *v;
	uint64_t val = 0, q[2] = { 1, 2 }, back[2] = { 0, 0 };
	uint32_t w = 0x7;
	struct vspe_one_reg r = { .id = VSPE_REG_CORE(x[3]), .addr = (uintptr_t)&val };

	(void)state;
	assert_int_equal(machine_open(&m, 1), 0);
	assert_int_equal(vcpu_start(&m, 0, RAM_BASE, false, &v), 0);
	assert_fails(vspe_get_one_reg(NULL, &r), -EINVAL);
	assert_fails(vspe_get_one_reg(v, NULL), -EINVAL);
	r.addr = 0;
	assert_fails(vspe_get_one_reg(v, &r), -EFAULT);
	r.addr = (uintptr_t)&val;
	r.id = 0x1234;
	assert_fails(vspe_get_one_reg(v, &r), -ENOENT);
	r.id = VSPE_REG_ARM64 | VSPE_REG_SIZE_U64 | VSPE_REG_ARM_CORE | 1;	/* odd index */
	assert_fails(vspe_get_one_reg(v, &r), -ENOENT);
	r.id = VSPE_REG_ARM64 | VSPE_REG_SIZE_U32 | VSPE_REG_ARM_CORE | 0;	/* x0 as u32 */
	assert_fails(vspe_get_one_reg(v, &r), -ENOENT);
	r.id = VSPE_REG_SYSREG((3u << 14) | (15u << 7));
	assert_fails(vspe_get_one_reg(v, &r), -ENOENT);
	r.id = VSPE_REG_ARM64 | VSPE_REG_SIZE_U64 | VSPE_REG_ARM_FW | 1;
	assert_fails(vspe_get_one_reg(v, &r), -ENOENT);
	r.id = VSPE_REG_ARM64 | VSPE_REG_SIZE_U64 | VSPE_REG_ARM_FW | 0;	/* PSCI version */
	assert_int_equal(vspe_get_one_reg(v, &r), 0);
	assert_int_equal(val, 0x10000);
	val = 2;
	assert_fails(vspe_set_one_reg(v, &r), -EINVAL);
	/* Hidden (SPE) registers are not in ONE_REG: PMSCR_EL1. */
	r.id = VSPE_REG_SYSREG((3u << 14) | (9u << 7) | (9u << 3));
	assert_fails(vspe_get_one_reg(v, &r), -ENOENT);
	/* Values round-trip: x3, V5, FPCR, SCTLR, and MIDR refuses changes. */
	val = 0x1122334455667788ull;
	r.id = VSPE_REG_CORE(x[3]);
	assert_int_equal(vspe_set_one_reg(v, &r), 0);
	val = 0;
	assert_int_equal(vspe_get_one_reg(v, &r), 0);
	assert_int_equal(val, 0x1122334455667788ull);
	r.id = VSPE_REG_CORE(fp_regs_v[5]);
	r.addr = (uintptr_t)q;
	assert_int_equal(vspe_set_one_reg(v, &r), 0);
	r.addr = (uintptr_t)back;
	assert_int_equal(vspe_get_one_reg(v, &r), 0);
	assert_int_equal(back[0], 1);
	assert_int_equal(back[1], 2);
	r.id = VSPE_REG_CORE(fpcr);
	r.addr = (uintptr_t)&w;
	w = 0x03000000;
	assert_int_equal(vspe_set_one_reg(v, &r), 0);
	w = 0;
	assert_int_equal(vspe_get_one_reg(v, &r), 0);
	assert_int_equal(w, 0x03000000);
	r.id = VSPE_REG_SYSREG((3u << 14) | (1u << 7));		/* SCTLR_EL1 */
	r.addr = (uintptr_t)&val;
	assert_int_equal(vspe_get_one_reg(v, &r), 0);
	assert_int_equal(val, 0x30d00800);
	r.id = VSPE_REG_SYSREG(3u << 14);			/* MIDR_EL1 */
	assert_int_equal(vspe_get_one_reg(v, &r), 0);
	assert_int_equal(val, 0x410fd083);
	val = 0x410fd084;
	assert_fails(vspe_set_one_reg(v, &r), -EINVAL);
	val = 0x410fd083;
	assert_int_equal(vspe_set_one_reg(v, &r), 0);
	/* PSTATE: only EL0t/EL1t/EL1h AArch64 values are accepted. */
	r.id = VSPE_REG_CORE(pstate);
	val = 0x10;		/* AArch32 */
	assert_fails(vspe_set_one_reg(v, &r), -EINVAL);
	val = 0x9;		/* EL2h */
	assert_fails(vspe_set_one_reg(v, &r), -EINVAL);
	machine_close(&m);
}

static void test_reg_list(void **state)
{
	struct machine m;
	struct vspe_vcpu *v;
	struct vspe_reg_list *l = calloc(1, sizeof(*l) + 1024 * sizeof(uint64_t));
	uint64_t need;

	(void)state;
	assert_int_equal(machine_open(&m, 1), 0);
	assert_int_equal(vcpu_start(&m, 0, RAM_BASE, false, &v), 0);
	assert_fails(vspe_get_reg_list(NULL, l), -EINVAL);
	assert_fails(vspe_get_reg_list(v, NULL), -EINVAL);
	l->n = 0;
	assert_fails(vspe_get_reg_list(v, l), -E2BIG);
	need = l->n;
	assert_true(need > 100 && need < 1024);
	l->n = need - 1;
	assert_fails(vspe_get_reg_list(v, l), -E2BIG);
	assert_int_equal(l->n, need);
	assert_int_equal(vspe_get_reg_list(v, l), 0);
	assert_int_equal(l->n, need);
	/* Every listed register can be read back. */
	for (uint64_t i = 0; i < l->n; i++) {
		uint64_t buf[2];
		struct vspe_one_reg r = { .id = l->reg[i], .addr = (uintptr_t)buf };

		assert_int_equal(vspe_get_one_reg(v, &r), 0);
	}
	free(l);
	machine_close(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_memslots),
		cmocka_unit_test(test_vcpus),
		cmocka_unit_test(test_device_attrs),
		cmocka_unit_test(test_one_reg),
		cmocka_unit_test(test_reg_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
