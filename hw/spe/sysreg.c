// SPDX-License-Identifier: GPL-2.0-only
/*
 * The unit's system registers (Arm ARM D24.7 / DDI0601 register pages):
 * which exist for this configuration, who may access them (the access
 * pseudocode: EL0 UNDEFINED, MDCR_EL2.TPMS for PMS*, MDCR_EL2.E2PB == 0bx0
 * for PMB*), the VHE redirection of PMSCR_EL1, and the writable bits of
 * each. RES0 bits are dropped on write and read as 0.
 */
#include "spe-internal.h"

#include "arch/sysreg.h"

enum reg_group { GROUP_PMS, GROUP_PMB, GROUP_PMBIDR };

/* Every SPE register encoding, sorted by key (checked by the tests). */
struct reg_desc {
	uint32_t key;
	const char *name;
	enum reg_group group;
	bool ro;
};

static const struct reg_desc regs[] = {
	{ SYS_PMSCR_EL1,	"PMSCR_EL1",	 GROUP_PMS,	false },
	{ SYS_PMSNEVFR_EL1,	"PMSNEVFR_EL1",	 GROUP_PMS,	false },
	{ SYS_PMSICR_EL1,	"PMSICR_EL1",	 GROUP_PMS,	false },
	{ SYS_PMSIRR_EL1,	"PMSIRR_EL1",	 GROUP_PMS,	false },
	{ SYS_PMSFCR_EL1,	"PMSFCR_EL1",	 GROUP_PMS,	false },
	{ SYS_PMSEVFR_EL1,	"PMSEVFR_EL1",	 GROUP_PMS,	false },
	{ SYS_PMSLATFR_EL1,	"PMSLATFR_EL1",	 GROUP_PMS,	false },
	{ SYS_PMSIDR_EL1,	"PMSIDR_EL1",	 GROUP_PMS,	true },
	{ SYS_PMBLIMITR_EL1,	"PMBLIMITR_EL1", GROUP_PMB,	false },
	{ SYS_PMBPTR_EL1,	"PMBPTR_EL1",	 GROUP_PMB,	false },
	{ SYS_PMBSR_EL1,	"PMBSR_EL1",	 GROUP_PMB,	false },
	{ SYS_PMBIDR_EL1,	"PMBIDR_EL1",	 GROUP_PMBIDR,	true },
	{ SYS_PMSCR_EL2,	"PMSCR_EL2",	 GROUP_PMS,	false },
	{ SYS_PMSCR_EL12,	"PMSCR_EL12",	 GROUP_PMS,	false },
};

#define NR_REGS	(sizeof(regs) / sizeof(regs[0]))

static const struct reg_desc *lookup(uint32_t key)
{
	size_t lo = 0, hi = NR_REGS;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (regs[mid].key == key)
			return &regs[mid];
		if (regs[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool is_spe_key(uint32_t key)
{
	return lookup(key) != NULL;
}

/* PMSNEVFR_EL1 exists with FEAT_SPE_FnE only (SPEv1p2). */
static bool implemented(const struct spe_unit *u, uint32_t key)
{
	if (key == SYS_PMSNEVFR_EL1)
		return u->cfg.version >= SPE_V1P2 && u->cfg.fne;
	return true;
}

const char *spe_sysreg_name(uint32_t key)
{
	const struct reg_desc *d = lookup(key);

	return d ? d->name : NULL;
}

bool spe_sysreg_table_sorted(void)
{
	for (size_t i = 1; i < NR_REGS; i++)
		if (regs[i - 1].key >= regs[i].key)
			return false;
	return true;
}

size_t spe_unit_sysreg_keys(const struct spe_unit *u, uint32_t *keys, size_t cap)
{
	size_t n = 0;

	for (size_t i = 0; u && i < NR_REGS; i++) {
		/* PMSCR_EL12 is an alias of PMSCR_EL1, not state of its own. */
		if (regs[i].key == SYS_PMSCR_EL12 || !implemented(u, regs[i].key))
			continue;
		if (keys && n < cap)
			keys[n] = regs[i].key;
		n++;
	}
	return n;
}

/* Without FEAT_ECV PMSCR_ELx.PCT bit 7 is RES0. */
#define PMSCR_WRITABLE	(~PMSCR_EL1_RES0 & ~(PMSCR_EL1_PCT_MASK & ~PMSCR_EL1_PCT_PREP(1)))

static uint64_t pmsfcr_writable(const struct spe_unit *u)
{
	const struct spe_config *c = &u->cfg;
	uint64_t m = 0;

	if (c->fe)
		m |= PMSFCR_EL1_FE_MASK;
	if (c->ft)
		m |= PMSFCR_EL1_FT_MASK | PMSFCR_EL1_B_MASK | PMSFCR_EL1_LD_MASK | PMSFCR_EL1_ST_MASK;
	if (c->fl)
		m |= PMSFCR_EL1_FL_MASK;
	if (c->version >= SPE_V1P2 && c->fne)
		m |= PMSFCR_EL1_FnE_MASK;
	return m;
}

static uint64_t pmslatfr_writable(const struct spe_unit *u)
{
	/* No latency filtering: nothing to hold. MINLAT[15:12] are RES0 with 12-bit counters. */
	if (!u->cfg.fl)
		return 0;
	if (u->cfg.count_size == PMSIDR_EL1_COUNTSIZE_12_BIT_SAT)
		return ARCH_GENMASK(11, 0);
	return PMSLATFR_EL1_MINLAT_MASK;
}

static uint64_t pmblimitr_writable(const struct spe_unit *u)
{
	uint64_t m = PMBLIMITR_EL1_LIMIT_MASK | PMBLIMITR_EL1_FM_MASK | PMBLIMITR_EL1_E_MASK;

	if (u->cfg.version >= SPE_V1P2)
		m |= PMBLIMITR_EL1_PMFZ_MASK;
	return m;
}

/* MSS2 holds only FEAT_THE/S1POE/S1PIE fault detail, none modelled: RES0. */
#define PMBSR_WRITABLE	(PMBSR_EL1_EC_MASK | PMBSR_EL1_DL_MASK | PMBSR_EL1_EA_MASK | \
			 PMBSR_EL1_S_MASK | PMBSR_EL1_COLL_MASK | PMBSR_EL1_MSS_MASK)

static uint64_t pmsidr_value(const struct spe_unit *u)
{
	const struct spe_config *c = &u->cfg;

	return PMSIDR_EL1_FE_PREP(c->fe) | PMSIDR_EL1_FT_PREP(c->ft) | PMSIDR_EL1_FL_PREP(c->fl) |
	       PMSIDR_EL1_ARCHINST_PREP(c->archinst) | PMSIDR_EL1_LDS_PREP(c->lds) |
	       PMSIDR_EL1_ERND_PREP(c->ernd) | PMSIDR_EL1_FnE_PREP(c->fne) |
	       PMSIDR_EL1_INTERVAL_PREP(c->interval) | PMSIDR_EL1_MAXSIZE_PREP(c->max_size_log2) |
	       PMSIDR_EL1_COUNTSIZE_PREP(c->count_size);
}

/* P is per reader: 0 when the buffer is owned by the reader's EL or a lower one. */
static uint64_t pmbidr_value(const struct spe_unit *u)
{
	const struct spe_config *c = &u->cfg;
	bool p = spe_buffer_owner(u) > u->ctx.el;

	return PMBIDR_EL1_ALIGN_PREP(c->align_log2) | PMBIDR_EL1_P_PREP(p) |
	       PMBIDR_EL1_F_PREP(c->flag_updates) | PMBIDR_EL1_EA_PREP(c->ea);
}

enum spe_access spe_unit_sysreg_access(const struct spe_unit *u, uint32_t key, bool is_write)
{
	const struct spe_ctx *x;

	if (!u || !is_spe_key(key) || !implemented(u, key))
		return SPE_ACCESS_UNDEF;
	x = &u->ctx;
	if (x->el == 0)
		return SPE_ACCESS_UNDEF;
	if (is_write && lookup(key)->ro)
		return SPE_ACCESS_UNDEF;
	if (key == SYS_PMSCR_EL2)
		return x->el >= 2 ? SPE_ACCESS_OK : SPE_ACCESS_UNDEF;
	if (key == SYS_PMSCR_EL12)
		return x->el == 2 && x->e2h ? SPE_ACCESS_OK : SPE_ACCESS_UNDEF;
	if (x->el == 1 && x->el2_enabled) {
		enum reg_group g = lookup(key)->group;

		if (g == GROUP_PMS && x->tpms)
			return SPE_ACCESS_TRAP_EL2;
		if (g == GROUP_PMB && (x->e2pb & 1) == 0)
			return SPE_ACCESS_TRAP_EL2;
	}
	return SPE_ACCESS_OK;
}

/* The register an access reaches: VHE redirects PMSCR_EL1 at EL2 to PMSCR_EL2. */
static int resolve(const struct spe_unit *u, uint32_t key, uint32_t *real)
{
	bool vhe_el2 = u->ctx.el == 2 && u->ctx.e2h;

	if (!is_spe_key(key))
		return SPE_UNIT_ENOENT;
	if (!implemented(u, key))
		return SPE_UNIT_EUNDEF;
	if (key == SYS_PMSCR_EL12) {
		if (!vhe_el2)
			return SPE_UNIT_EUNDEF;
		key = SYS_PMSCR_EL1;
	} else if (key == SYS_PMSCR_EL1 && vhe_el2) {
		key = SYS_PMSCR_EL2;
	}
	*real = key;
	return SPE_UNIT_OK;
}

int spe_unit_sysreg_read(const struct spe_unit *u, uint32_t key, uint64_t *val)
{
	uint32_t r;
	int err;

	if (!u || !val)
		return SPE_UNIT_EINVAL;
	err = resolve(u, key, &r);
	if (err)
		return err;
	switch (r) {
	case SYS_PMSCR_EL1:	*val = u->pmscr_el1; break;
	case SYS_PMSCR_EL2:	*val = u->pmscr_el2; break;
	case SYS_PMSNEVFR_EL1:	*val = u->pmsnevfr; break;
	case SYS_PMSICR_EL1:
		*val = PMSICR_EL1_COUNT_PREP(u->smp.count) | PMSICR_EL1_ECOUNT_PREP(u->smp.ecount);
		break;
	case SYS_PMSIRR_EL1:	*val = u->pmsirr; break;
	case SYS_PMSFCR_EL1:	*val = u->pmsfcr; break;
	case SYS_PMSEVFR_EL1:	*val = u->pmsevfr; break;
	case SYS_PMSLATFR_EL1:	*val = u->pmslatfr; break;
	case SYS_PMSIDR_EL1:	*val = pmsidr_value(u); break;
	case SYS_PMBLIMITR_EL1:	*val = u->pmblimitr; break;
	case SYS_PMBPTR_EL1:	*val = u->pmbptr; break;
	case SYS_PMBSR_EL1:	*val = u->pmbsr; break;
	case SYS_PMBIDR_EL1:	*val = pmbidr_value(u); break;
	default:		return SPE_UNIT_ENOENT;
	}
	return SPE_UNIT_OK;
}

int spe_unit_sysreg_write(struct spe_unit *u, uint32_t key, uint64_t val)
{
	struct spe_sampler old;
	uint64_t ev_mask;
	uint32_t r;
	int err;

	if (!u)
		return SPE_UNIT_EINVAL;
	err = resolve(u, key, &r);
	if (err)
		return err;
	ev_mask = u->cfg.evfr_mask;
	switch (r) {
	case SYS_PMSCR_EL1:	u->pmscr_el1 = val & PMSCR_WRITABLE; break;
	case SYS_PMSCR_EL2:	u->pmscr_el2 = val & PMSCR_WRITABLE; break;
	case SYS_PMSNEVFR_EL1:	u->pmsnevfr = val & ev_mask; break;
	case SYS_PMSICR_EL1:
		old = u->smp;
		u->smp.count = (uint32_t)PMSICR_EL1_COUNT_GET(val);
		u->smp.ecount = u->cfg.ernd ? (uint8_t)PMSICR_EL1_ECOUNT_GET(val) : 0;
		/* A new count is a new context (restoring the same one is not). */
		if (old.count != u->smp.count || old.ecount != u->smp.ecount)
			spe_errata_forget(u);
		break;
	case SYS_PMSIRR_EL1:	u->pmsirr = val & ~PMSIRR_EL1_RES0; break;
	case SYS_PMSFCR_EL1:	u->pmsfcr = val & pmsfcr_writable(u); break;
	case SYS_PMSEVFR_EL1:	u->pmsevfr = val & (u->cfg.fe ? ev_mask : 0); break;
	case SYS_PMSLATFR_EL1:	u->pmslatfr = val & pmslatfr_writable(u); break;
	case SYS_PMBLIMITR_EL1:
		if ((val ^ u->pmblimitr) & PMBLIMITR_EL1_E_MASK)
			spe_errata_forget(u);	/* the buffer is turned on or off */
		u->pmblimitr = val & pmblimitr_writable(u);
		break;
	case SYS_PMBPTR_EL1:	u->pmbptr = val; break;
	/* A direct write may set S (PMBIRQ rises) or clear it (profiling resumes). */
	case SYS_PMBSR_EL1:	u->pmbsr = val & PMBSR_WRITABLE; break;
	case SYS_PMSIDR_EL1:
	case SYS_PMBIDR_EL1:	return SPE_UNIT_EUNDEF;
	default:		return SPE_UNIT_ENOENT;
	}
	return SPE_UNIT_OK;
}

void spe_regs_reset(struct spe_unit *u)
{
	/* Only PMBLIMITR_EL1.E has an architected reset (0); 0 for the UNKNOWN rest. */
	u->pmscr_el1 = u->pmscr_el2 = 0;
	u->pmsnevfr = u->pmsirr = u->pmsfcr = u->pmsevfr = u->pmslatfr = 0;
	u->pmblimitr = u->pmbptr = u->pmbsr = 0;
	u->smp.count = 0;
	u->smp.ecount = 0;
	spe_sampler_seed(&u->smp, u->cfg.seed);
}
