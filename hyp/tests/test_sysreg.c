// SPDX-License-Identifier: GPL-2.0-only
/* The trap table: sorted, reset values, hidden UNDEF, stored values, EL0 rules. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch/sysreg.h"
#include "hyp/hyp.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(1ull << 20)

static void test_sorted(void **state)
{
	(void)state;
	assert_int_equal(hyp_sysreg_table_check(), 0);
}

static uint64_t get(struct hyp_vcpu *v, uint64_t id)
{
	uint64_t val = 0;

	assert_int_equal(hyp_vcpu_get_reg(v, id, &val), 0);
	return val;
}

#define SYSREG(k)	VSPE_REG_SYSREG(k)
#define X(n)		(VSPE_REG_ARM64 | VSPE_REG_SIZE_U64 | VSPE_REG_ARM_CORE | (2 * (n)))

static void test_guest(void **state)
{
	struct hyp_vm_config cfg = { .nr_pcpus = 1 };
	struct hyp_vm *vm;
	struct hyp_vcpu *v, *who;
	uint32_t features[7] = { 0 };
	uint64_t pc = RAM_BASE, val;
	uint8_t *ram = aligned_alloc(4096, RAM_SIZE);
	FILE *f = fopen(SYSREG_GUEST_BIN, "rb");
	struct vspe_run *run;

	(void)state;
	assert_non_null(f);
	memset(ram, 0, RAM_SIZE);
	assert_true(fread(ram, 1, RAM_SIZE, f) > 0);
	fclose(f);
	assert_int_equal(hyp_vm_create(&cfg, &vm), 0);
	assert_int_equal(hyp_vm_set_memslot(vm, 0, 0, RAM_BASE, RAM_SIZE, ram), 0);
	assert_int_equal(hyp_vcpu_create(vm, 0, &v), 0);
	assert_int_equal(hyp_vcpu_init(v, features), 0);
	assert_int_equal(hyp_vcpu_set_reg(v, VSPE_REG_ARM64 | VSPE_REG_SIZE_U64 |
					  VSPE_REG_ARM_CORE | 64, &pc), 0);
	/* Reset values, from the table's rows. */
	assert_int_equal(get(v, SYSREG(SYS_PMCR_EL0)), 0x41000000);
	assert_int_equal(get(v, SYSREG(SYS_MDSCR_EL1)), 0);
	assert_int_equal(get(v, SYSREG(SYS_SCTLR_EL1)), 0x30d00800);
	assert_int_equal(get(v, SYSREG(SYS_MPIDR_EL1)), 0x80000000);
	val = get(v, SYSREG(SYS_ID_AA64DFR0_EL1));
	assert_int_equal(ID_AA64DFR0_EL1_PMSVer_GET(val), ID_AA64DFR0_EL1_PMSVer_NI);
	assert_int_equal(ID_AA64DFR0_EL1_BRPs_GET(val), 5);
	val = get(v, SYSREG(SYS_ID_AA64PFR0_EL1));
	assert_int_equal(ID_AA64PFR0_EL1_GIC_GET(val), 1);
	assert_int_equal(ID_AA64PFR0_EL1_EL2_GET(val), 0);
	assert_int_equal(hyp_vcpu_get_reg(v, SYSREG(SYS_PMSCR_EL1), &val), -ENOENT);

	for (unsigned int i = 0; i < 100; i++) {
		assert_int_equal(hyp_vm_run(vm, &who), 0);
		run = hyp_vcpu_run_struct(who);
		if (run->exit_reason != VSPE_EXIT_INTR)
			break;
	}
	assert_int_equal(run->exit_reason, VSPE_EXIT_SYSTEM_EVENT);
	assert_int_equal(get(v, X(28)), 2);		/* two hidden registers UNDEF'd */
	assert_int_equal(get(v, X(3)), 0);
	assert_int_equal(get(v, X(5)), OSLSR_EL1_OSLM_HI_MASK | OSLSR_EL1_OSLK_MASK);
	assert_int_equal(get(v, X(6)), 0x41000000);
	assert_int_equal(get(v, SYSREG(SYS_MDSCR_EL1)), 0x5a);
	assert_int_equal(get(v, X(8)), get(v, SYSREG(SYS_CTR_EL0)));
	assert_int_equal(get(v, X(9)), 62500000);
	{
		const uint64_t *esr_log = (const uint64_t *)(ram + 0xf00);
		const uint64_t *elr_log = (const uint64_t *)(ram + 0xf80);

		/* EL0 MIDR read: UNDEF (EC 0, IL). */
		assert_int_equal(esr_log[0], ESR_IL_MASK);
		assert_int_equal(elr_log[0], RAM_BASE + 0x100);
		/* EL0 CNTVCT read, EL0VCTEN = 0: EC 0x18 naming (3,3,14,0,2), x11, read. */
		assert_int_equal(esr_log[1], ESR_EC_PREP(ESR_EC_SYS64) | ESR_IL_MASK |
				 ESR_ISS_SYS_Op0_PREP(3) | ESR_ISS_SYS_Op1_PREP(3) |
				 ESR_ISS_SYS_CRn_PREP(14) | ESR_ISS_SYS_CRm_PREP(0) |
				 ESR_ISS_SYS_Op2_PREP(2) | ESR_ISS_SYS_Rt_PREP(11) |
				 ESR_ISS_SYS_DIR_READ_MASK);
		assert_int_equal(elr_log[1], RAM_BASE + 0x104);
		/* WFI at EL0 with nTWI = 0: EC 0x01, IL, CV, COND 0b1110, TI = WFI. */
		assert_int_equal(esr_log[2], ESR_EC_PREP(ESR_EC_WFX) | ESR_IL_MASK |
				 ESR_ISS_WFX_CV_MASK | ESR_ISS_WFX_COND_PREP(0xe));
		assert_int_equal(elr_log[2], RAM_BASE + 0x108);
	}
	assert_int_equal(get(v, X(10)), 0);

	/* State that ONE_REG restores although the guest cannot write it. */
	assert_int_equal(get(v, SYSREG(SYS_OSLSR_EL1)),
			 OSLSR_EL1_OSLM_HI_MASK | OSLSR_EL1_OSLK_MASK);
	val = OSLSR_EL1_OSLM_HI_MASK;
	assert_int_equal(hyp_vcpu_set_reg(v, SYSREG(SYS_OSLSR_EL1), &val), 0);
	assert_int_equal(get(v, SYSREG(SYS_OSLSR_EL1)), OSLSR_EL1_OSLM_HI_MASK);
	val = 1000;
	assert_int_equal(hyp_vcpu_set_reg(v, SYSREG(ARCH_SYSREG(3, 3, 14, 0, 2)), &val), 0);
	assert_int_equal(get(v, SYSREG(ARCH_SYSREG(3, 3, 14, 0, 2))), 1000);
	val = 0x1234;	/* MIDR_EL1: only its own value */
	assert_int_equal(hyp_vcpu_set_reg(v, SYSREG(SYS_MIDR_EL1), &val), -EINVAL);
	hyp_vm_destroy(vm);
	free(ram);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted),
		cmocka_unit_test(test_guest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
