// SPDX-License-Identifier: GPL-2.0-only
// spe-filter: the sampling filters (spe-architecture.md §3.3; a record that
// fails a filter is not written): operation type (branches, loads, stores),
// events (PMSEVFR_EL1: every selected event present), inverted events
// (PMSNEVFR_EL1, v1.2: none present) and latency (PMSLATFR_EL1.MINLAT:
// total latency at least MINLAT). Each filtered session runs the same
// workload as an unfiltered one: its records must all pass, and there must
// be some, and fewer than without the filter where the filter drops any.
#include "mem.h"
#include "report.h"
#include "spe.h"
#include "spe_trace.h"
#include "sysreg.h"
#include "workload.h"

#define BUF_SIZE	(512u << 10)
#define SEED		0xf117e5ull
#define EV(n)		(1ull << (n))

static struct spe_caps caps;
static struct branchy branchy;
static struct pointer_chase chase;
static uint64_t *stores;
static uint8_t *buf;

enum work { W_BRANCHY, W_CHASE, W_STORES };

/* 8-byte stores over 64 KiB, 4 times: a store-only loop. */
static void store_loop(void)
{
	for (unsigned int r = 0; r < 4; r++)
		for (unsigned int i = 0; i < 8192; i++)
			((volatile uint64_t *)stores)[i] = i + r;
}

static void run(enum work w)
{
	uint64_t sum;

	if (w == W_BRANCHY)
		branchy_run(&branchy, 2);
	else if (w == W_CHASE)
		pointer_chase_run(&chase, 20000, &sum);
	else
		store_loop();
}

struct tally {
	uint64_t records, pass;
	uint64_t (*ok)(const struct spe_trace_record *r, uint64_t arg);
	uint64_t arg;
};

static void tally_one(const struct spe_trace_record *r, void *p)
{
	struct tally *t = p;

	t->records++;
	t->pass += t->ok ? t->ok(r, t->arg) : 1;
}

static uint64_t is_branch(const struct spe_trace_record *r, uint64_t a)
{
	(void)a;
	return r->op_class == 2;
}

/* Op-type class 1 (load/store), payload bit 0: 1 = store (§5.5). */
static uint64_t is_load(const struct spe_trace_record *r, uint64_t a)
{
	(void)a;
	return r->op_class == 1 && !(r->op_subclass & 1) && r->has_data_va;
}

static uint64_t is_store(const struct spe_trace_record *r, uint64_t a)
{
	(void)a;
	return r->op_class == 1 && (r->op_subclass & 1) && r->has_data_va;
}

static uint64_t has_events(const struct spe_trace_record *r, uint64_t ev)
{
	return r->has_events && (r->events & ev) == ev;
}

static uint64_t lacks_events(const struct spe_trace_record *r, uint64_t ev)
{
	return !r->has_events || (r->events & ev) == 0;
}

static uint64_t lat_at_least(const struct spe_trace_record *r, uint64_t min)
{
	return r->has_lat_total && r->lat_total >= min;
}

/* One session over w; returns records (all checked with t->ok). */
static int session(enum work w, uint64_t fcr, uint64_t evfr, uint64_t nevfr, uint64_t latfr,
		   struct tally *t)
{
	struct spe_session s = {
		.buf = buf, .size = BUF_SIZE, .interval = 256,
		.pmscr = PMSCR_EL1_E1SPE_MASK,
		.pmsfcr = fcr, .pmsevfr = evfr, .pmsnevfr = nevfr, .pmslatfr = latfr,
	};
	struct spe_trace_stats st;

	if (spe_start(&caps, &s))
		return -1;
	run(w);
	size_t bytes = spe_stop(&s);

	t->records = t->pass = 0;
	return spe_trace_each(buf, bytes, tally_one, t, &st);
}

static void check(const char *what, enum work w, uint64_t fcr, uint64_t evfr, uint64_t nevfr,
		  uint64_t latfr, uint64_t (*ok)(const struct spe_trace_record *, uint64_t),
		  uint64_t arg, bool drops)
{
	struct tally all = { 0 }, some = { .ok = ok, .arg = arg };

	if (!report(session(w, 0, 0, 0, 0, &all) == 0 &&
		    session(w, fcr, evfr, nevfr, latfr, &some) == 0, "%s: sessions well formed", what))
		return;
	report_info("%s: %llu of %llu records", what, (unsigned long long)some.records,
		    (unsigned long long)all.records);
	report(some.records > 0 && some.pass == some.records,
	       "%s: %llu records, all pass", what, (unsigned long long)some.records);
	if (drops)
		report(some.records < all.records, "%s: fewer than unfiltered (%llu < %llu)", what,
		       (unsigned long long)some.records, (unsigned long long)all.records);
}

int main(void)
{
	if (spe_probe(&caps)) {
		report_skip("no usable SPE (ID_AA64DFR0_EL1.PMSVer == 0 or PMBIDR_EL1.P)");
		return report_summary();
	}
	buf = mem_alloc(BUF_SIZE, 4096);
	stores = mem_alloc(64u << 10, 4096);
	if (!report(buf && stores && branchy_init(&branchy, 64u << 10, SEED) == 0 &&
		    pointer_chase_init(&chase, 4u << 20, SEED) == 0, "workloads ready"))
		return report_summary();

	const uint64_t ft = PMSFCR_EL1_FT_MASK;

	check("FT+B on branchy", W_BRANCHY, ft | PMSFCR_EL1_B_MASK, 0, 0, 0, is_branch, 0, true);
	check("FT+LD on the chase", W_CHASE, ft | PMSFCR_EL1_LD_MASK, 0, 0, 0, is_load, 0, true);
	check("FT+ST on stores", W_STORES, ft | PMSFCR_EL1_ST_MASK, 0, 0, 0, is_store, 0, true);
	check("FE L1D refill on the chase", W_CHASE, PMSFCR_EL1_FE_MASK, EV(3), 0, 0,
	      has_events, EV(3), true);
	check("FE mispredicted on branchy", W_BRANCHY, PMSFCR_EL1_FE_MASK, EV(7), 0, 0,
	      has_events, EV(7), true);
	check("FE retired + L1D refill on the chase", W_CHASE, PMSFCR_EL1_FE_MASK, EV(1) | EV(3), 0,
	      0, has_events, EV(1) | EV(3), true);
	check("FL MINLAT 30 on the chase", W_CHASE, PMSFCR_EL1_FL_MASK, 0, 0, 30, lat_at_least,
	      30, true);
	check("FT+LD and FL 30 on the chase", W_CHASE, ft | PMSFCR_EL1_LD_MASK | PMSFCR_EL1_FL_MASK,
	      0, 0, 30, lat_at_least, 30, true);
	if (caps.fne)
		check("FnE L1D refill on the chase", W_CHASE, PMSFCR_EL1_FnE_MASK, 0, EV(3), 0,
		      lacks_events, EV(3), true);
	else
		report_skip("FnE: PMSIDR_EL1.FnE == 0 before v1.2");
	return report_summary();
}
