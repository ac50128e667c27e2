// SPDX-License-Identifier: GPL-2.0-only
// The driver's SPE errata list (spe_errata.h), by MIDR_EL1 fields.
#include "spe_errata.h"
#include "sysreg.h"

#define MIDR_IMPL_ARM		0x41u
#define MIDR_PART_NEOVERSE_N1	0xd0cu

uint32_t spe_errata_of(uint64_t midr)
{
	uint64_t var_rev = MIDR_EL1_Variant_GET(midr) << 4 | MIDR_EL1_Revision_GET(midr);
	uint32_t e = 0;

	if (MIDR_EL1_Implementer_GET(midr) == MIDR_IMPL_ARM &&
	    MIDR_EL1_PartNum_GET(midr) == MIDR_PART_NEOVERSE_N1 && var_rev < 0x41)
		e |= SPE_GUEST_ERRATUM_N1_1694299;	/* r0p0 .. r4p0 */
	return e;
}

uint32_t spe_errata_probe(void)
{
	return spe_errata_of(read_sysreg(midr_el1));
}

const char *spe_erratum_text(uint32_t bit)
{
	if (bit == SPE_GUEST_ERRATUM_N1_1694299)
		return "Neoverse N1 erratum 1694299: samples biased towards branch targets";
	return 0;
}
