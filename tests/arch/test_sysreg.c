// SPDX-License-Identifier: GPL-2.0-only
/* The generated register macros against values read off the Arm ARM. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "arch/sysreg.h"

static void test_encodings(void **state)
{
	(void)state;
	assert_int_equal(SYS_PMSCR_EL1, ARCH_SYSREG(3, 0, 9, 9, 0));
	assert_int_equal(SYS_PMBIDR_EL1, ARCH_SYSREG(3, 0, 9, 10, 7));
	assert_int_equal(SYS_PMSCR_EL2, ARCH_SYSREG(3, 4, 9, 9, 0));
	assert_int_equal(SYS_ID_AA64DFR0_EL1, ARCH_SYSREG(3, 0, 0, 5, 0));
	assert_int_equal(ARCH_SYSREG_CRM(SYS_PMBSR_EL1), 10);
	assert_int_equal(ARCH_SYSREG_OP2(SYS_PMBSR_EL1), 3);
	assert_int_equal(ARCH_SYSREG_OP1(SYS_MDCR_EL2), 4);
}

static void test_fields(void **state)
{
	(void)state;
	assert_int_equal(ID_AA64DFR0_EL1_PMSVer_SHIFT, 32);
	assert_int_equal(ID_AA64DFR0_EL1_PMSVer_MASK, 0xfULL << 32);
	assert_int_equal(PMBSR_EL1_S_MASK, 1ULL << 17);
	assert_int_equal(PMBSR_EL1_EC_FAULT_S2, 0x25);
	assert_int_equal(PMBSR_EL1_EC_GET(0x94000000ULL), 0x25);
	assert_int_equal(PMSIRR_EL1_INTERVAL_MASK, 0xffffff00ULL);
	assert_int_equal(PMBLIMITR_EL1_FM_PREP(PMBLIMITR_EL1_FM_DISCARD), 0x4);
	assert_int_equal(MDCR_EL2_E2PB_MASK, 0x3000);
	assert_int_equal(ESR_EC_SYS64, 0x18);
	assert_int_equal(ESR_EC_PREP(ESR_EC_DABT_CUR), 0x25ULL << 26);
	assert_int_equal(PTE_ADDR_MASK, 0x0000fffffffff000ULL);
}

static void test_res0(void **state)
{
	(void)state;
	/* Every bit is either a field or reserved: RES0 is the complement. */
	assert_int_equal(PMSCR_EL1_RES0, ~0xfbULL);
	assert_int_equal(PMSIRR_EL1_RES0, ~0xffffff01ULL);
	assert_int_equal(PMBSR_EL1_RES0, 0xff00000003f00000ULL);
	assert_int_equal(PMSEVFR_EL1_RES0, 0);
	assert_int_equal(PMBIDR_EL1_RES0, ~0xf3fULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_res0),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
