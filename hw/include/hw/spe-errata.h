/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * CPU models and the SPE errata the unit can reproduce (docs/errata.md).
 *
 * A CPU model is what a physical CPU says about itself (MIDR_EL1) and the
 * implementation choices of its SPE unit (PMSVer, PMSIDR_EL1/PMBIDR_EL1
 * fields). An erratum is a behaviour of the unit that deviates from the
 * architecture; each is a bit of spe_config.errata, off unless set, and
 * the models set it for the revisions Arm lists as affected. Software
 * detects an erratum the way Linux does: from MIDR_EL1 (implementer, part
 * number, variant and revision), with spe_errata_of_midr().
 */
#ifndef HW_SPE_ERRATA_H
#define HW_SPE_ERRATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/spe.h"

/*
 * Neoverse N1 erratum 1694299, fixed in r4p1: SPE sampling is biased
 * towards branch targets ("unexpectedly high sample counts for branch
 * target instructions and unexpectedly low sample counts for some
 * instructions closely following a branch target"). Model: a selection
 * that falls on one of the SPE_N1_1694299_WINDOW operations right after a
 * branch target moves to the next branch target (docs/errata.md).
 */
#define SPE_ERRATUM_N1_1694299		(1u << 0)
#define SPE_ERRATA_KNOWN		SPE_ERRATUM_N1_1694299

/* Operations after a branch target whose selections move (our choice: Arm gives no count). */
#define SPE_N1_1694299_WINDOW		3u
/* A moved selection waits this many operations for a branch target, then is dropped. */
#define SPE_N1_1694299_WAIT		64u

/* MIDR_EL1 values (Arm ARM D24.2 MIDR_EL1; part numbers as Linux's cputype.h). */
#define SPE_MIDR_IMPL_ARM		0x41u
#define SPE_MIDR_PART_NEOVERSE_N1	0xd0cu
#define SPE_MIDR_PART_NEOVERSE_V1	0xd40u
/* Implementer, Architecture 0xf, part, variant (rN) and revision (pM). */
#define SPE_MIDR(part, var, rev)	((uint64_t)SPE_MIDR_IMPL_ARM << 24 | (uint64_t)(var) << 20 | \
					 0xfull << 16 | (uint64_t)(part) << 4 | (uint64_t)(rev))

/* What a --cpu MODEL names. */
struct spe_cpu_model {
	const char *name;		/* "neoverse-n1" ... */
	uint64_t midr;			/* of the default revision; 0: the engine's own */
	enum spe_version version;	/* ID_AA64DFR0_EL1.PMSVer of its SPE unit */
};

/* The models, NULL-terminated by name; "generic" first (vspe's defaults, no errata). */
const struct spe_cpu_model *spe_cpu_models(size_t *count);
/*
 * "neoverse-n1", or with a revision "neoverse-n1:r4p1" (variant and
 * revision 0..15). Fills *model (midr with that revision). SPE_UNIT_ENOENT:
 * no such model; SPE_UNIT_EINVAL: a malformed revision, or one given to a
 * model without a MIDR (generic).
 */
int spe_cpu_model_find(const char *spec, struct spe_cpu_model *model);
/* The modelled errata a CPU with this MIDR_EL1 has (0 for any other CPU). */
uint32_t spe_errata_of_midr(uint64_t midr);
/*
 * A unit configuration for a CPU: spe_config_default(v), then the model's
 * implementation choices for a known MIDR (PMSIDR_EL1 fields), and
 * errata = the bits of spe_errata_of_midr(midr) that `errata` keeps.
 */
void spe_config_for_cpu(struct spe_config *c, enum spe_version v, uint64_t midr, uint32_t errata);
/* "N1 #1694299" for one erratum bit, NULL for any other value. */
const char *spe_erratum_name(uint32_t bit);

#endif
