// SPDX-License-Identifier: GPL-2.0-only
/* The SPE unit's lifecycle, configuration and inputs. */
#include <stdlib.h>
#include <string.h>

#include "hw/spe-errata.h"
#include "spe-internal.h"

#include "arch/spe-packet.h"
#include "arch/sysreg.h"

const char *spe_unit_strerror(int err)
{
	switch (err) {
	case SPE_UNIT_OK:		return "success";
	case SPE_UNIT_EINVAL:	return "invalid argument or configuration";
	case SPE_UNIT_ENOMEM:	return "out of memory";
	case SPE_UNIT_ENOENT:	return "not an SPE register";
	case SPE_UNIT_EUNDEF:	return "SPE register not implemented or read-only (UNDEFINED)";
	case SPE_UNIT_ENOSPC:	return "output does not fit";
	default:		return "unknown SPE error";
	}
}

/*
 * Event bits a version defines as filterable and this model produces
 * (PMSEVFR_EL1 page; Linux's PMSEVFR_EL1_RES0_{IMP,V1P1,V1P2}): retired,
 * L1D refill, TLB walk, mispredicted; v1p1 adds misaligned; v1p2 not-taken.
 */
uint64_t spe_events_filterable(enum spe_version v)
{
	uint64_t m = SPE_EV_BIT(SPE_EV_RETIRED) | SPE_EV_BIT(SPE_EV_L1D_REFILL) |
		     SPE_EV_BIT(SPE_EV_TLB_WALK) | SPE_EV_BIT(SPE_EV_MISPRED);

	if (v >= SPE_V1P1)
		m |= SPE_EV_BIT(SPE_EV_ALIGNMENT);
	if (v >= SPE_V1P2)
		m |= SPE_EV_BIT(SPE_EV_NOT_TAKEN);
	return m;
}

void spe_config_default(struct spe_config *c, enum spe_version v)
{
	memset(c, 0, sizeof(*c));
	c->version = v;
	c->interval = PMSIDR_EL1_INTERVAL_256;
	c->max_size_log2 = 6;
	c->count_size = PMSIDR_EL1_COUNTSIZE_12_BIT_SAT;
	c->align_log2 = 0;
	c->ea = PMBIDR_EL1_EA_IGNORED;
	c->fe = c->ft = c->fl = true;
	c->fne = v >= SPE_V1P2;
	c->lds = true;
	c->archinst = true;
	c->evfr_mask = spe_events_filterable(v);
	spe_timing_config_default(&c->timing);
}

static void format_of(const struct spe_config *c, struct spe_unit_record_format *f)
{
	f->count_bits = c->count_size == PMSIDR_EL1_COUNTSIZE_16_BIT_SAT ? 16 : 12;
	f->events_bytes = 2;		/* every event the model produces is below bit 16 */
	f->data_source_bytes = 2;	/* as Arm's Neoverse cores */
	f->align_log2 = c->align_log2;
	f->max_size = (uint16_t)(1u << c->max_size_log2);
}

static bool config_valid(const struct spe_config *c)
{
	struct spe_unit_record_format f;

	if (c->version < SPE_V1P0 || c->version > SPE_V1P2)
		return false;
	if (c->interval == 1 || c->interval > PMSIDR_EL1_INTERVAL_4096)
		return false;
	if (c->max_size_log2 < 6 || c->max_size_log2 > 11)
		return false;
	if (c->count_size != PMSIDR_EL1_COUNTSIZE_12_BIT_SAT &&
	    c->count_size != PMSIDR_EL1_COUNTSIZE_16_BIT_SAT)
		return false;
	if (c->align_log2 > c->max_size_log2 || c->ea > PMBIDR_EL1_EA_SERROR)
		return false;
	if ((c->fne && c->version < SPE_V1P2) || (c->ernd && c->version < SPE_V1P1))
		return false;
	if (c->evfr_mask & ~spe_events_filterable(c->version))
		return false;
	if (c->errata & ~SPE_ERRATA_KNOWN)
		return false;
	format_of(c, &f);
	return spe_unit_record_max_len(&f) <= f.max_size;
}

int spe_unit_create(const struct spe_config *cfg, const struct spe_mem_port *port,
		    struct spe_unit **out)
{
	struct spe_unit *u;
	int err;

	if (!cfg || !port || !port->write || !out || !config_valid(cfg))
		return SPE_UNIT_EINVAL;
	u = calloc(1, sizeof(*u));
	if (!u)
		return SPE_UNIT_ENOMEM;
	u->cfg = *cfg;
	u->port = *port;
	format_of(cfg, &u->fmt);
	err = spe_timing_create(&cfg->timing, &u->timing);
	if (err) {
		free(u);
		return err;
	}
	u->ctx.el = 1;
	spe_unit_reset(u);
	*out = u;
	return SPE_UNIT_OK;
}

void spe_unit_free(struct spe_unit *u)
{
	if (!u)
		return;
	spe_timing_free(u->timing);
	free(u);
}

void spe_unit_reset(struct spe_unit *u)
{
	spe_regs_reset(u);
	spe_timing_reset(u->timing);
	u->busy = 0;
	u->serror = false;
	memset(&u->st, 0, sizeof(u->st));
	spe_errata_reset(u);
}

const struct spe_config *spe_unit_config(const struct spe_unit *u)
{
	return &u->cfg;
}

void spe_unit_set_ctx(struct spe_unit *u, const struct spe_ctx *ctx)
{
	if (u && ctx)
		u->ctx = *ctx;
}

void spe_unit_set_port(struct spe_unit *u, const struct spe_mem_port *port)
{
	if (u && port && port->write)
		u->port = *port;
}

struct spe_regime spe_unit_regime(const struct spe_unit *u)
{
	struct spe_regime r = { .owner_el = spe_buffer_owner(u), .hw_flags = u->cfg.flag_updates };

	if (r.owner_el == 2)
		r.e2h = u->ctx.e2h;
	else
		r.stage2 = u->ctx.el2_enabled;
	return r;
}

/* PMBIRQ: high while PMBSR_EL1.S == 1 (SPECycle(); no FEAT_SPE_EXC). */
bool spe_unit_irq_level(const struct spe_unit *u)
{
	return u && PMBSR_EL1_S_GET(u->pmbsr) != 0;
}

bool spe_unit_pmu_freeze(const struct spe_unit *u)
{
	return u && PMBLIMITR_EL1_PMFZ_GET(u->pmblimitr) && PMBLIMITR_EL1_E_GET(u->pmblimitr) &&
	       PMBSR_EL1_S_GET(u->pmbsr);
}

/*
 * PSB CSYNC: all profiling data of earlier operations is formatted and its
 * buffer writes initiated (spe-architecture.md 4.4). The record is already
 * in memory; what remains of the sample in flight is its busy window, which
 * ends here: a later selection cannot collide with a sample the barrier
 * has completed. A hypervisor's vcpu_put relies on it, or a vCPU that left
 * this CPU mid-sample would collide with itself when it comes back.
 */
void spe_unit_psb_csync(struct spe_unit *u)
{
	if (!u)
		return;
	u->busy = 0;
	/* Likewise a selection an erratum moved and not yet taken: it is dropped. */
	spe_errata_forget(u);
}

bool spe_unit_take_serror(struct spe_unit *u)
{
	bool s = u->serror;

	u->serror = false;
	return s;
}

struct spe_timing *spe_unit_timing(struct spe_unit *u)
{
	return u->timing;
}

void spe_unit_stats(const struct spe_unit *u, struct spe_unit_stats *st)
{
	*st = u->st;
}
