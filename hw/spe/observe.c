// SPDX-License-Identifier: GPL-2.0-only
/*
 * The unit's view of execution: population counting, selection,
 * collisions, and building the record of a sampled operation (Arm ARM
 * SPEStartSample(), SPECompleteSample(), StatisticalProfilingEnabled(),
 * CollectPhysicalAddress(), CollectContextIDR1/2(), CollectTimeStamp()).
 */
#include "spe-internal.h"

#include "arch/spe-packet.h"
#include "arch/sysreg.h"

bool spe_unit_enabled(const struct spe_unit *u, uint8_t el)
{
	const struct spe_ctx *x = &u->ctx;
	uint8_t owner;

	if (!spe_buffer_enabled(u) || el > 2)
		return false;
	owner = spe_buffer_owner(u);
	/* An EL1-owned buffer never samples EL2, nor anything with TGE = 1. */
	if (owner < el || (x->el2_enabled && x->tge && owner == 1))
		return false;
	switch (el) {
	case 2:
		return PMSCR_EL2_E2SPE_GET(u->pmscr_el2);
	case 1:
		return PMSCR_EL1_E1SPE_GET(u->pmscr_el1);
	default:
		if (x->el2_enabled && x->tge)
			return PMSCR_EL2_E0HSPE_GET(u->pmscr_el2);
		return PMSCR_EL1_E0SPE_GET(u->pmscr_el1);
	}
}

uint64_t spe_unit_ops_until_sample(const struct spe_unit *u)
{
	struct spe_sampler look = u->smp;
	bool sel;
	uint64_t n;

	if (!u || !spe_unit_enabled(u, u->ctx.el))
		return SPE_NEVER;
	n = spe_sampler_advance(&look, u->pmsirr, u->cfg.ernd, SPE_NEVER, &sel);
	return spe_errata_until_sample(u, sel ? n - 1 : SPE_NEVER);
}

uint64_t spe_unit_min_gap(const struct spe_unit *u)
{
	/* An erratum model moves selections onto nearby operations: no gap is sure. */
	if (!u || u->cfg.errata)
		return 0;
	return PMSIRR_EL1_INTERVAL_GET(u->pmsirr) << 8;
}

bool spe_unit_record_quiet(const struct spe_unit *u)
{
	uint64_t limit, ptr, maxsz;
	struct spe_regime regime;

	if (!u)
		return false;
	/* Nothing to write: disabled (no sample) or discard mode. */
	if (!spe_buffer_enabled(u) || spe_buffer_discard(u))
		return true;
	limit = u->pmblimitr & PMBLIMITR_EL1_LIMIT_MASK;
	ptr = u->pmbptr;
	maxsz = 1ull << u->cfg.max_size_log2;
	/* A record is at most 2^MaxSize: after it 2^MaxSize still fit (SPEBufferIsFull). */
	if (ptr >= limit || limit - ptr < 2 * maxsz || !u->port.probe)
		return false;
	regime = spe_unit_regime(u);
	return u->port.probe(u->port.ctx, &regime, ptr, (size_t)maxsz) == 0;
}

static void busy_sub(struct spe_unit *u, uint64_t n)
{
	u->busy = u->busy > n ? u->busy - n : 0;
}

/* A selected member while the previous sample is in flight: only COLL (SPESampleCollision()). */
static bool collides(struct spe_unit *u)
{
	if (u->busy == 0)
		return false;
	u->pmbsr |= PMBSR_EL1_COLL_MASK;
	u->st.collisions++;
	return true;
}

void spe_unit_count(struct spe_unit *u, uint64_t n, uint8_t el)
{
	if (!u)
		return;
	spe_errata_count(u, n);
	if (!spe_unit_enabled(u, el)) {
		busy_sub(u, n);		/* time passes for the sample in flight */
		return;
	}
	while (n > 0) {
		bool sel;
		uint64_t c = spe_sampler_advance(&u->smp, u->pmsirr, u->cfg.ernd, n, &sel);

		u->st.population += c;
		n -= c;
		if (!sel) {
			busy_sub(u, c);
			break;
		}
		busy_sub(u, c - 1);
		u->st.selected++;
		if (!collides(u))
			u->st.missed++;
		busy_sub(u, 1);
	}
}

static void feed_timing(struct spe_unit *u, const struct spe_op *op)
{
	uint64_t pa = op->flags & SPE_OPF_PA_VALID ? op->data_pa : op->data_va;

	switch (op->kind) {
	case SPE_OPK_LOAD:
	case SPE_OPK_ATOMIC_LD:
		spe_timing_access(u->timing, op->data_va, pa, op->size, false);
		break;
	case SPE_OPK_STORE:
	case SPE_OPK_ATOMIC_ST:
		spe_timing_access(u->timing, op->data_va, pa, op->size, true);
		break;
	case SPE_OPK_BRANCH:
		spe_timing_branch(u->timing, op);
		break;
	default:
		break;
	}
}

static bool has_data(uint8_t kind)
{
	return kind >= SPE_OPK_LOAD && kind <= SPE_OPK_ATOMIC_ST;
}

/* Operation Type packet: class in the header, subclass byte (section 5.5). */
static void op_type(const struct spe_op *op, uint8_t *cls, uint8_t *sub)
{
	uint32_t f = op->flags;
	uint8_t s;

	switch (op->kind) {
	case SPE_OPK_LOAD:
	case SPE_OPK_STORE:
		*cls = SPE_OP_CLASS_LDST;
		if (f & (SPE_OPF_EXCLUSIVE | SPE_OPF_ACQREL))
			s = SPE_OP_LDST_EXT | (f & SPE_OPF_EXCLUSIVE ? SPE_OP_LDST_EXCL : 0) |
			    (f & SPE_OPF_ACQREL ? SPE_OP_LDST_AR : 0);
		else
			s = f & SPE_OPF_SIMD_FP ? SPE_OP_LDST_SIMD_FP : SPE_OP_LDST_GP_REG;
		*sub = s | (op->kind == SPE_OPK_STORE ? SPE_OP_LDST_ST : 0);
		return;
	case SPE_OPK_ATOMIC_LD:
	case SPE_OPK_ATOMIC_ST:
		*cls = SPE_OP_CLASS_LDST;
		*sub = SPE_OP_LDST_EXT | SPE_OP_LDST_AT | (f & SPE_OPF_ACQREL ? SPE_OP_LDST_AR : 0) |
		       (op->kind == SPE_OPK_ATOMIC_ST ? SPE_OP_LDST_ST : 0);
		return;
	case SPE_OPK_BRANCH:
		*cls = SPE_OP_CLASS_BRANCH;
		*sub = (f & SPE_OPF_COND ? SPE_OP_BR_COND : 0) |
		       (f & SPE_OPF_INDIRECT ? SPE_OP_BR_INDIRECT : 0);
		return;
	default:
		*cls = SPE_OP_CLASS_OTHER;
		*sub = f & SPE_OPF_COND ? SPE_OP_OTHER_COND : 0;
		return;
	}
}

/* Event bits a version defines (packets of older versions never carry later bits). */
static uint64_t version_events(enum spe_version v)
{
	uint64_t m = ARCH_GENMASK(10, 0) & ~SPE_EV_BIT(SPE_EV_NOT_TAKEN);

	if (v >= SPE_V1P1)
		m |= SPE_EV_BIT(SPE_EV_ALIGNMENT);
	if (v >= SPE_V1P2)
		m |= SPE_EV_BIT(SPE_EV_NOT_TAKEN);
	return m;
}

static uint64_t op_events(const struct spe_unit *u, const struct spe_op *op, uint64_t timing_ev)
{
	uint64_t ev = timing_ev;

	if (!(op->flags & SPE_OPF_NOT_RETIRED))
		ev |= SPE_EV_BIT(SPE_EV_RETIRED);
	if (op->flags & SPE_OPF_EXCEPTION)
		ev |= SPE_EV_BIT(SPE_EV_EXCEPTION_GEN);
	if ((op->flags & SPE_OPF_COND) && !(op->flags & SPE_OPF_TAKEN))
		ev |= SPE_EV_BIT(SPE_EV_NOT_TAKEN);
	if (has_data(op->kind) && op->size > 1 && op->data_va % op->size)
		ev |= SPE_EV_BIT(SPE_EV_ALIGNMENT);
	return ev & version_events(u->cfg.version);
}

static bool collect_pa(const struct spe_unit *u)
{
	if (u->ctx.el2_enabled)
		return PMSCR_EL2_PA_GET(u->pmscr_el2) &&
		       (spe_buffer_owner(u) == 2 || PMSCR_EL1_PA_GET(u->pmscr_el1));
	return PMSCR_EL1_PA_GET(u->pmscr_el1);
}

static bool collect_ts(const struct spe_unit *u)
{
	if (spe_buffer_owner(u) == 2)
		return PMSCR_EL2_TS_GET(u->pmscr_el2);
	return PMSCR_EL1_TS_GET(u->pmscr_el1);
}

/* CollectTimeStamp() without FEAT_ECV: physical or virtual (physical - CNTVOFF_EL2). */
static uint64_t timestamp(const struct spe_unit *u, const struct spe_op *op)
{
	const struct spe_ctx *x = &u->ctx;
	uint64_t virt = op->cntpct - x->cntvoff;
	bool phys1 = PMSCR_EL1_PCT_GET(u->pmscr_el1) == PMSCR_EL1_PCT_PHYS;

	if (x->el2_enabled) {
		if (PMSCR_EL2_PCT_GET(u->pmscr_el2) == PMSCR_EL2_PCT_VIRT) {
			bool in_host = x->e2h && (op->el == 2 || (op->el == 0 && x->tge));

			return in_host ? op->cntpct : virt;
		}
		if (spe_buffer_owner(u) == 2)
			return op->cntpct;
	}
	return phys1 ? op->cntpct : virt;
}

static void build_record(const struct spe_unit *u, const struct spe_op *op,
			 const struct spe_timing_result *tr, uint64_t events,
			 struct spe_unit_record *r)
{
	const struct spe_ctx *x = &u->ctx;
	uint32_t p = SPE_UREC_PC | SPE_UREC_LAT_TOTAL | SPE_UREC_LAT_ISSUE | SPE_UREC_OP_TYPE |
		     SPE_UREC_EVENTS;

	r->ns = true;
	r->pc = op->pc;
	r->pc_el = op->el;
	r->lat_total = tr->total_lat;
	r->lat_issue = tr->issue_lat;
	r->events = events;
	op_type(op, &r->op_class, &r->op_subclass);
	if (has_data(op->kind)) {
		p |= SPE_UREC_DATA_VA | SPE_UREC_LAT_XLAT;
		r->data_va = op->data_va;
		r->lat_xlat = tr->xlat_lat;
		if ((op->flags & SPE_OPF_PA_VALID) && collect_pa(u)) {
			p |= SPE_UREC_DATA_PA;
			r->data_pa = op->data_pa;
		}
		if (u->cfg.lds && tr->has_data_source &&
		    (op->kind == SPE_OPK_LOAD || op->kind == SPE_OPK_ATOMIC_LD)) {
			p |= SPE_UREC_DATA_SOURCE;
			r->data_source = tr->data_source;
		}
	}
	if (op->kind == SPE_OPK_BRANCH && (op->flags & SPE_OPF_TAKEN)) {
		p |= SPE_UREC_TARGET;
		r->target = op->target;
		r->target_el = op->el;
	}
	if (PMSCR_EL1_CX_GET(u->pmscr_el1) && op->el != 2 && !(x->el2_enabled && x->tge)) {
		p |= SPE_UREC_CTX_EL1;
		r->ctx_el1 = op->contextidr_el1;
	}
	if (x->el2_enabled && PMSCR_EL2_CX_GET(u->pmscr_el2)) {
		p |= SPE_UREC_CTX_EL2;
		r->ctx_el2 = op->contextidr_el2;
	}
	if (collect_ts(u)) {
		p |= SPE_UREC_TIMESTAMP;
		r->timestamp = timestamp(u, op);
	}
	r->present = p;
}

static void take_sample(struct spe_unit *u, const struct spe_op *op)
{
	struct spe_timing_result tr;
	struct spe_unit_record rec = { 0 };
	uint8_t bytes[2048];
	uint64_t events;
	int len;

	u->st.feed++;
	spe_timing_sample(u->timing, op, &tr);
	events = op_events(u, op, tr.events);
	/* In flight for its total latency: one member per cycle (IPC 1). */
	u->busy = tr.total_lat;
	if (!spe_filter_pass(u, op, events, tr.total_lat)) {
		u->st.filtered++;
		return;
	}
	u->st.filtrate++;
	if (spe_buffer_discard(u)) {
		u->st.discarded++;
		return;
	}
	build_record(u, op, &tr, events, &rec);
	len = spe_unit_record_encode(&rec, &u->fmt, bytes, sizeof(bytes));
	if (len < 0) {
		/* Cannot happen with a validated configuration; lose the record, not the unit. */
		u->st.lost++;
		return;
	}
	spe_buffer_write(u, bytes, (size_t)len);
}

bool spe_unit_observe(struct spe_unit *u, const struct spe_op *op)
{
	bool sel;
	uint8_t d;

	if (!u || !op)
		return false;
	d = spe_errata_track(u, op);
	if (op->el > 2 || !spe_unit_enabled(u, op->el)) {
		busy_sub(u, 1);
		feed_timing(u, op);
		return false;
	}
	spe_sampler_advance(&u->smp, u->pmsirr, u->cfg.ernd, 1, &sel);
	u->st.population++;
	if (spe_errata_resume(u, d)) {
		/* A selection an erratum moved lands here; one of this op's own is lost. */
		if (sel) {
			u->st.selected++;
			u->st.errata_dropped++;
		}
		take_sample(u, op);
		return true;
	}
	if (!sel) {
		busy_sub(u, 1);
		feed_timing(u, op);
		return false;
	}
	u->st.selected++;
	if (collides(u) || spe_errata_defer(u, d)) {
		busy_sub(u, 1);
		feed_timing(u, op);
		return true;
	}
	take_sample(u, op);
	return true;
}
