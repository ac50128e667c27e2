// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU models and the SPE errata the unit reproduces (docs/errata.md).
 *
 * Neoverse N1 erratum 1694299 (fixed in r4p1; public description: Linaro
 * Forge's SPE known issues; Linux perf's datasym workload works around it):
 * sampling is biased towards branch targets. The Arm text gives the
 * symptom, not the mechanism, so the model is ours and deterministic: a
 * selection that falls on one of the SPE_N1_1694299_WINDOW operations right
 * after a branch target is not sampled there; it moves to the next branch
 * target (the operation after the next taken branch), or is dropped after
 * SPE_N1_1694299_WAIT operations without one. Branch targets gain samples,
 * the operations after them lose theirs, and a short loop whose body fits
 * in the window is only ever sampled at its head, as Linux saw.
 *
 * To know where a selected operation lies, the unit asks the CPU to
 * describe the WINDOW + 1 operations before each selection and every
 * operation while a moved selection waits (ops_until_sample() returns 0);
 * only then are positions known. A bulk count forgets them, and so do
 * PSB CSYNC, a new PMSICR_EL1 count and PMBLIMITR_EL1.E changing (what a
 * hypervisor switching contexts and a driver starting or stopping a
 * session do): a moved selection never lands in another context. Being
 * hidden state, it makes eager and lazy switching differ (docs/errata.md).
 */
#include <stdlib.h>
#include <string.h>

#include "hw/spe-errata.h"
#include "spe-internal.h"

#include "arch/sysreg.h"

static const struct spe_cpu_model models[] = {
	/* vspe's own unit: the engine's MIDR, the defaults of spe_config_default(). */
	{ "generic", 0, SPE_V1P1 },
	/* r3p1: the revision of the widely deployed N1 servers; affected by 1694299. */
	{ "neoverse-n1", SPE_MIDR(SPE_MIDR_PART_NEOVERSE_N1, 3, 1), SPE_V1P0 },
	/* Armv8.4 core with SVE: FEAT_SPEv1p1. No SPE erratum of it is public text. */
	{ "neoverse-v1", SPE_MIDR(SPE_MIDR_PART_NEOVERSE_V1, 1, 1), SPE_V1P1 },
};

const struct spe_cpu_model *spe_cpu_models(size_t *count)
{
	if (count)
		*count = sizeof(models) / sizeof(models[0]);
	return models;
}

/* "rNpM" with N, M in 0..15. */
static int parse_rev(const char *s, unsigned int *var, unsigned int *rev)
{
	char *end;
	unsigned long v, r;

	if (s[0] != 'r' || s[1] < '0' || s[1] > '9')
		return -1;
	v = strtoul(s + 1, &end, 10);
	if (*end != 'p' || end[1] < '0' || end[1] > '9')
		return -1;
	r = strtoul(end + 1, &end, 10);
	if (*end || v > 15 || r > 15)
		return -1;
	*var = (unsigned int)v;
	*rev = (unsigned int)r;
	return 0;
}

int spe_cpu_model_find(const char *spec, struct spe_cpu_model *model)
{
	const char *colon;
	size_t len;

	if (!spec || !model)
		return SPE_UNIT_EINVAL;
	colon = strchr(spec, ':');
	len = colon ? (size_t)(colon - spec) : strlen(spec);
	for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
		unsigned int var, rev;

		if (strlen(models[i].name) != len || strncmp(models[i].name, spec, len))
			continue;
		*model = models[i];
		if (!colon)
			return SPE_UNIT_OK;
		if (!model->midr || parse_rev(colon + 1, &var, &rev))
			return SPE_UNIT_EINVAL;
		model->midr &= ~(MIDR_EL1_Variant_MASK | MIDR_EL1_Revision_MASK);
		model->midr |= MIDR_EL1_Variant_PREP(var) | MIDR_EL1_Revision_PREP(rev);
		return SPE_UNIT_OK;
	}
	return SPE_UNIT_ENOENT;
}

static bool is_arm_part(uint64_t midr, uint64_t part)
{
	return MIDR_EL1_Implementer_GET(midr) == SPE_MIDR_IMPL_ARM &&
	       MIDR_EL1_PartNum_GET(midr) == part;
}

/* rNpM as one number, for "before r4p1" tests (Linux's MIDR_CPU_VAR_REV). */
static unsigned int var_rev(uint64_t midr)
{
	return (unsigned int)(MIDR_EL1_Variant_GET(midr) << 4 | MIDR_EL1_Revision_GET(midr));
}

uint32_t spe_errata_of_midr(uint64_t midr)
{
	uint32_t e = 0;

	/* 1694299: all N1 revisions before r4p1. */
	if (is_arm_part(midr, SPE_MIDR_PART_NEOVERSE_N1) && var_rev(midr) < 0x41)
		e |= SPE_ERRATUM_N1_1694299;
	return e;
}

void spe_config_for_cpu(struct spe_config *c, enum spe_version v, uint64_t midr, uint32_t errata)
{
	spe_config_default(c, v);
	/*
	 * Implementation choices (docs/errata.md, "CPU models"): both Neoverse
	 * cores recommend a minimum interval of 1024 (our choice); records are
	 * at most 64 bytes, counters 12 bits, no ERnd (the defaults).
	 */
	if (is_arm_part(midr, SPE_MIDR_PART_NEOVERSE_N1) ||
	    is_arm_part(midr, SPE_MIDR_PART_NEOVERSE_V1))
		c->interval = PMSIDR_EL1_INTERVAL_1024;
	/* N1 samples micro-operations (its TRM); ours are one per instruction. */
	if (is_arm_part(midr, SPE_MIDR_PART_NEOVERSE_N1))
		c->archinst = false;
	c->errata = spe_errata_of_midr(midr) & errata;
}

const char *spe_erratum_name(uint32_t bit)
{
	return bit == SPE_ERRATUM_N1_1694299 ? "N1 #1694299" : NULL;
}

/* ---- the unit's hooks ---- */

static bool n1_1694299(const struct spe_unit *u)
{
	return u->cfg.errata & SPE_ERRATUM_N1_1694299;
}

void spe_errata_reset(struct spe_unit *u)
{
	memset(&u->er, 0, sizeof(u->er));
	u->er.since_target = SPE_ERRATA_FAR;
}

uint64_t spe_errata_until_sample(const struct spe_unit *u, uint64_t n)
{
	if (!n1_1694299(u))
		return n;
	if (u->er.deferred)
		return 0;
	if (n == SPE_NEVER)
		return n;
	/* The window and the branch before it are described, so d is known at the selection. */
	return n > SPE_N1_1694299_WINDOW + 1 ? n - (SPE_N1_1694299_WINDOW + 1) : 0;
}

void spe_errata_count(struct spe_unit *u, uint64_t n)
{
	if (n > 0)
		spe_errata_forget(u);
}

void spe_errata_forget(struct spe_unit *u)
{
	if (!n1_1694299(u))
		return;
	u->er.since_target = SPE_ERRATA_FAR;
	u->er.prev_taken = false;
	if (u->er.deferred) {
		/* Run past undescribed, or the context changed: the moved sample is lost. */
		u->er.deferred = false;
		u->st.errata_dropped++;
	}
}

uint8_t spe_errata_track(struct spe_unit *u, const struct spe_op *op)
{
	struct spe_errata_state *e = &u->er;
	uint8_t d;

	if (!n1_1694299(u))
		return SPE_ERRATA_FAR;
	if (e->prev_taken)
		d = 0;
	else if (e->since_target >= SPE_ERRATA_FAR - 1)
		d = SPE_ERRATA_FAR;
	else
		d = (uint8_t)(e->since_target + 1);
	e->since_target = d;
	e->prev_taken = op->kind == SPE_OPK_BRANCH && (op->flags & SPE_OPF_TAKEN);
	return d;
}

bool spe_errata_defer(struct spe_unit *u, uint8_t d)
{
	if (!n1_1694299(u) || d == 0 || d > SPE_N1_1694299_WINDOW)
		return false;
	u->er.deferred = true;
	u->er.wait_left = SPE_N1_1694299_WAIT;
	return true;
}

bool spe_errata_resume(struct spe_unit *u, uint8_t d)
{
	struct spe_errata_state *e = &u->er;

	if (!e->deferred)
		return false;
	if (d == 0) {
		e->deferred = false;
		u->st.errata_moved++;
		return true;
	}
	if (--e->wait_left == 0) {
		e->deferred = false;
		u->st.errata_dropped++;
	}
	return false;
}
