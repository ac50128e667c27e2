// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample filters (Arm ARM SPECollectRecord(): SPEFilterByEvents/Type/
 * Latency). Every enabled filter must pass. The CONSTRAINED UNPREDICTABLE
 * programmings (FE with PMSEVFR_EL1 == 0, FnE with PMSNEVFR_EL1 == 0, FT
 * with B = LD = ST = 0, FL with MINLAT == 0) are modelled as "filter off".
 */
#include "spe-internal.h"

#include "arch/sysreg.h"

static bool is_load(uint8_t kind)
{
	return kind == SPE_OPK_LOAD || kind == SPE_OPK_ATOMIC_LD;
}

/* ST includes every atomic (PMSFCR_EL1.ST text). */
static bool is_store(uint8_t kind)
{
	return kind == SPE_OPK_STORE || kind == SPE_OPK_ATOMIC_LD || kind == SPE_OPK_ATOMIC_ST;
}

static bool type_pass(uint64_t fcr, uint8_t kind)
{
	bool b = PMSFCR_EL1_B_GET(fcr), ld = PMSFCR_EL1_LD_GET(fcr), st = PMSFCR_EL1_ST_GET(fcr);

	if (!b && !ld && !st)
		return true;
	return (b && kind == SPE_OPK_BRANCH) || (ld && is_load(kind)) || (st && is_store(kind));
}

bool spe_filter_pass(const struct spe_unit *u, const struct spe_op *op, uint64_t events,
		     uint32_t total_lat)
{
	uint64_t fcr = u->pmsfcr;

	if (PMSFCR_EL1_FE_GET(fcr) && u->pmsevfr && (events & u->pmsevfr) != u->pmsevfr)
		return false;
	if (PMSFCR_EL1_FnE_GET(fcr) && u->pmsnevfr && (events & u->pmsnevfr) != 0)
		return false;
	if (PMSFCR_EL1_FT_GET(fcr) && !type_pass(fcr, op->kind))
		return false;
	if (PMSFCR_EL1_FL_GET(fcr) && u->pmslatfr) {
		/* The comparison sees the saturated counter value. */
		uint32_t max = u->fmt.count_bits == 16 ? 0xffff : 0xfff;
		uint32_t lat = total_lat > max ? max : total_lat;

		if (lat < PMSLATFR_EL1_MINLAT_GET(u->pmslatfr))
			return false;
	}
	return true;
}
