/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The physical SPE unit of one CPU (Arm ARM D24, Statistical Profiling
 * Extension): its system registers, the interval counter and sample
 * selection, filters, record encoding, profiling-buffer writes through a
 * memory port, PMBSR_EL1 syndromes and the PMBIRQ level.
 *
 * The unit is hardware: it knows nothing of the hypervisor. The machine
 * (hw/cpu) attaches one unit per CPU that has SPE and drives it so:
 *
 *   1. spe_unit_create(&cfg, &port, &u)     once; cfg from spe_config_default()
 *   2. spe_unit_set_ctx(u, &ctx)            whenever PSTATE.EL, HCR_EL2.{E2H,TGE},
 *                                           MDCR_EL2.{E2PB,TPMS} or CNTVOFF change
 *   3. MRS/MSR of an SPE encoding:
 *        spe_unit_sysreg_access(u, key, w)  -> OK / UNDEF / TRAP_EL2 (CPU takes it)
 *        spe_unit_sysreg_read/write(...)    when OK
 *   4. running code, in chunks:
 *        n = spe_unit_ops_until_sample(u);  members before the next sample
 *        run min(n, budget) instructions; spe_unit_count(u, done, el);
 *        if done == n: execute the next instruction, describe it
 *        (spe_op_classify() + PC, EL, addresses, taken, contexts, count)
 *        and spe_unit_observe(u, &op)
 *      (spe_unit_count() gates on the EL itself; an EL change inside a
 *      chunk must split the chunk.)
 *   5. after each step, the interrupt controller samples spe_unit_irq_level(u)
 *      (PMBIRQ is a level, high while PMBSR_EL1.S == 1).
 *   6. PSB CSYNC: spe_unit_psb_csync(u).
 *   7. optionally, spe_timing_access()/spe_timing_branch() on
 *      spe_unit_timing(u) for unsampled accesses and branches, so caches,
 *      TLB and predictor see the program (latencies then reflect it).
 *
 * Model choices (documented in docs/spe-unit.md): Non-secure state only,
 * no EL3 (MDCR_EL3 behaves as NSPB=0b11), no FEAT_ECV, architectural
 * instruction sampling, records complete (and are written) when observed,
 * and the unit stays busy for the sample's total latency, counted in
 * population members (IPC 1): a selection inside that window collides.
 * The interval gap is R + 1 members (Arm ARM SPEToCollectSample()).
 *
 * Not thread-safe: one unit is driven by one thread (its CPU's).
 */
#ifndef HW_SPE_H
#define HW_SPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/spe-op.h"
#include "hw/spe-record.h"
#include "hw/spe-timing.h"

/* The one error enum of hw_spe (negative returns). */
enum spe_unit_err {
	SPE_UNIT_OK = 0,
	SPE_UNIT_EINVAL = -1,	/* bad argument or configuration */
	SPE_UNIT_ENOMEM = -2,
	SPE_UNIT_ENOENT = -3,	/* not an SPE register key: not ours */
	SPE_UNIT_EUNDEF = -4,	/* SPE register this unit lacks, or write to RO: UNDEFINED */
	SPE_UNIT_ENOSPC = -5,	/* output does not fit */
};
const char *spe_unit_strerror(int err);

/* ID_AA64DFR0_EL1.PMSVer values this model implements. */
enum spe_version {
	SPE_V1P0 = 1,
	SPE_V1P1 = 2,
	SPE_V1P2 = 3,
};

/* Per-unit configuration: a machine may mix units and CPUs without SPE. */
struct spe_config {
	enum spe_version version;
	uint8_t interval;	/* PMSIDR_EL1.Interval encoding (0b0000 = 256 ...) */
	uint8_t max_size_log2;	/* PMSIDR_EL1.MaxSize, 6..11 (64 B .. 2 KiB) */
	uint8_t count_size;	/* PMSIDR_EL1.CountSize: 0b0010 12-bit, 0b0011 16-bit */
	uint8_t align_log2;	/* PMBIDR_EL1.Align, 0..max_size_log2 (<= 11) */
	uint8_t ea;		/* PMBIDR_EL1.EA: 0 reported, 1 ignored, 2 SError */
	bool fe, ft, fl;	/* PMSIDR_EL1.{FE,FT,FL}: filters implemented */
	bool fne;		/* PMSIDR_EL1.FnE (v1p2 only) */
	bool lds;		/* PMSIDR_EL1.LDS: data source packets for loads */
	bool archinst;		/* PMSIDR_EL1.ArchInst: the population is instructions, else
				 * micro-operations (the model issues one per instruction) */
	bool ernd;		/* PMSIDR_EL1.ERnd (v1p1+): jitter via ECOUNT */
	bool flag_updates;	/* PMBIDR_EL1.F */
	uint64_t evfr_mask;	/* event bits PMSEVFR/PMSNEVFR filter on (writable) */
	uint64_t seed;		/* PMSIRR_EL1.RND jitter generator */
	struct spe_timing_config timing;
	uint32_t errata;	/* SPE_ERRATUM_* behaviours (hw/spe-errata.h); 0: none */
};

/* Defaults for a version: Interval 256, MaxSize 64 B, 12-bit counters, Align 0,
 * EA ignored, all filters, LDS, ArchInst, no ERnd, F=0, the version's filterable events. */
void spe_config_default(struct spe_config *c, enum spe_version v);
/* The PMSEVFR_EL1 bits a version may make filterable (what the model emits). */
uint64_t spe_events_filterable(enum spe_version v);

/* The unit's inputs from its PE (set on every change). */
struct spe_ctx {
	uint8_t el;		/* current exception level, 0..2 */
	bool el2_enabled;	/* EL2 implemented and enabled in this state */
	bool e2h, tge;		/* HCR_EL2.E2H, HCR_EL2.TGE */
	uint8_t e2pb;		/* MDCR_EL2.E2PB */
	bool tpms;		/* MDCR_EL2.TPMS */
	uint64_t cntvoff;	/* CNTVOFF_EL2: virtual timestamps */
};

/*
 * The translation regime the profiling buffer uses (ProfilingBufferOwner):
 * owner EL2 -> EL2 stage 1 (EL2&0 with E2H), no stage 2; owner EL1 -> EL1&0
 * stage 1, then stage 2 when EL2 is enabled.
 */
struct spe_regime {
	uint8_t owner_el;	/* 1 or 2 */
	bool e2h;		/* owner EL2: EL2&0 regime */
	bool stage2;		/* owner EL1 with EL2 enabled */
	bool hw_flags;		/* PMBIDR_EL1.F: Access flag/dirty managed, else AF = 0 faults */
};

/* What went wrong writing at va (filled by the port when write != 0). */
struct spe_xlate_fault {
	size_t written;		/* bytes of the request written before the fault */
	uint8_t stage;		/* 1 or 2: which translation stage reported it */
	uint8_t fsc;		/* ESR_ELx.DFSC encoding (0b0001LL translation ...) */
	bool ext_abort;		/* external abort (fsc 0b010000 data, 0b0101LL walk) */
};

/*
 * The memory port the memory layer implements. write() translates va
 * through regime at this moment (stage 1, then stage 2 if regime->stage2)
 * and stores len bytes, in address order; it never waits. Returns 0 when
 * all bytes were written, or 1 with *fault filled (bytes before the fault
 * are written). The unit only ever asks for [PMBPTR, LIMIT).
 */
struct spe_mem_port {
	void *ctx;
	int (*write)(void *ctx, const struct spe_regime *regime, uint64_t va,
		     const void *buf, size_t len, struct spe_xlate_fault *fault);
	/*
	 * Optional (may be NULL): would write() of len bytes at va succeed now?
	 * 0 yes, 1 no; writes nothing. Lets a CPU know that the next record
	 * cannot raise a buffer management event (spe_unit_record_quiet).
	 */
	int (*probe)(void *ctx, const struct spe_regime *regime, uint64_t va, size_t len);
};

/*
 * Counters for tests, benchmarks and the machine's statistics; a PMU model
 * can read SPE's PMU events from them (SAMPLE_POP 0x4000 = population,
 * SAMPLE_FEED 0x4001 = feed, SAMPLE_FILTRATE 0x4002 = filtrate,
 * SAMPLE_COLLISION 0x4003 = collisions).
 */
struct spe_unit_stats {
	uint64_t population;	/* members counted */
	uint64_t selected;	/* members selected by the interval counter */
	uint64_t collisions;	/* selections dropped: previous sample in flight */
	uint64_t feed;		/* samples taken to completion */
	uint64_t filtrate;	/* samples that passed every filter */
	uint64_t missed;	/* selections inside spe_unit_count(): no description */
	uint64_t filtered;	/* samples dropped by the filters */
	uint64_t records;	/* records written completely */
	uint64_t discarded;	/* records dropped by discard mode */
	uint64_t lost;		/* records lost to a fault or a full buffer */
	uint64_t bytes;		/* bytes written through the port */
	uint64_t events;	/* buffer management events raised */
	uint64_t errata_moved;	/* selections an erratum moved to another operation */
	uint64_t errata_dropped;	/* selections an erratum lost */
};

struct spe_unit;

int spe_unit_create(const struct spe_config *cfg, const struct spe_mem_port *port,
		    struct spe_unit **out);
void spe_unit_free(struct spe_unit *u);
/* Warm reset: PMBLIMITR_EL1.E = 0, the UNKNOWN registers 0, generator reseeded. */
void spe_unit_reset(struct spe_unit *u);
const struct spe_config *spe_unit_config(const struct spe_unit *u);

void spe_unit_set_ctx(struct spe_unit *u, const struct spe_ctx *ctx);
void spe_unit_set_port(struct spe_unit *u, const struct spe_mem_port *port);
/* The buffer's regime for the current ctx. */
struct spe_regime spe_unit_regime(const struct spe_unit *u);

/* ---- System registers, by key = ARCH_SYSREG(...) (arch/sysreg.h SYS_*) ---- */
enum spe_access {
	SPE_ACCESS_OK = 0,
	SPE_ACCESS_UNDEF,	/* UNDEFINED at the current EL / not implemented */
	SPE_ACCESS_TRAP_EL2,	/* trapped to EL2 (MDCR_EL2.TPMS / E2PB) */
};
/* Whether an MRS (is_write false) / MSR of key may happen now (Arm ARM access pseudocode). */
enum spe_access spe_unit_sysreg_access(const struct spe_unit *u, uint32_t key, bool is_write);
/*
 * Read/write as an access from the current ctx (VHE redirection of
 * PMSCR_EL1 at EL2 with E2H, PMSCR_EL12, PMBIDR_EL1.P per reader). RES0
 * bits are dropped on write. SPE_UNIT_ENOENT: not an SPE key; SPE_UNIT_EUNDEF: this
 * unit lacks the register or it is read-only.
 */
int spe_unit_sysreg_read(const struct spe_unit *u, uint32_t key, uint64_t *val);
int spe_unit_sysreg_write(struct spe_unit *u, uint32_t key, uint64_t val);
/*
 * The registers this unit holds (PMSCR_EL12, an alias, excluded), in key
 * order: up to cap keys stored, the total count returned. For save/restore
 * lists; read them at EL2 with E2H = 0 to reach every register as itself.
 */
size_t spe_unit_sysreg_keys(const struct spe_unit *u, uint32_t *keys, size_t cap);
/* "PMSCR_EL1" ... for an SPE key, NULL for any other. */
const char *spe_sysreg_name(uint32_t key);

/* ---- Sampling ---- */
#define SPE_NEVER	UINT64_MAX
/* Is sampling on at el (StatisticalProfilingEnabled)? */
bool spe_unit_enabled(const struct spe_unit *u, uint8_t el);
/*
 * Members that spe_unit_count() can consume at the current EL before the
 * member that will be selected; SPE_NEVER when sampling is off here. It may
 * be 0 for several members in a row: a unit modelling an erratum
 * (spe_config.errata) wants those described too (hw/spe-errata.h).
 */
uint64_t spe_unit_ops_until_sample(const struct spe_unit *u);
/*
 * n members at el, none described: a selection among them is "missed"
 * (no record). The cost is O(1) per sampling interval inside n.
 */
void spe_unit_count(struct spe_unit *u, uint64_t n, uint8_t el);
/*
 * After a selection, at least this many members are counted before the
 * next one is selected (PMSIRR_EL1.INTERVAL << 8, jitter only adds), until
 * a register write: a CPU need not look for another sample that close.
 * 0 with an erratum model (spe_config.errata), which moves selections.
 */
uint64_t spe_unit_min_gap(const struct spe_unit *u);
/*
 * True when the next record cannot raise a buffer management event: the
 * buffer has room for two maximum-size records (so no "full" after it) and
 * the port's probe says the next 2^MaxSize bytes at PMBPTR_EL1 are
 * writable now. False when unsure (no probe). A CPU may then observe the
 * sampled operation at a point where it could not stop at once for the
 * interrupt (and must observe it where it can, otherwise).
 */
bool spe_unit_record_quiet(const struct spe_unit *u);
/* One member, described. Returns true when it was selected (sampled or collided). */
bool spe_unit_observe(struct spe_unit *u, const struct spe_op *op);

/*
 * PSB CSYNC (HINT #17): profiling data of earlier operations reaches the
 * buffer. Records are written when observed, so nothing is drained, but
 * the sample in flight completes: its collision window ends (and a
 * selection an erratum moved and not yet taken is dropped).
 */
void spe_unit_psb_csync(struct spe_unit *u);

/* ---- Buffer and interrupt ---- */
bool spe_unit_irq_level(const struct spe_unit *u);
/*
 * PMBLIMITR_EL1.PMFZ (v1p2): true while the PMU counters selected by
 * PMCR_EL0.FZS (and MDCR_EL2.HPMFZS) must stay frozen, i.e. PMFZ, E and
 * PMBSR_EL1.S are all 1 (SPEFreezeOnEvent()). For the PMU model.
 */
bool spe_unit_pmu_freeze(const struct spe_unit *u);
/* An external abort that PMBIDR_EL1.EA = SError turned into an SError; cleared by reading. */
bool spe_unit_take_serror(struct spe_unit *u);

struct spe_timing *spe_unit_timing(struct spe_unit *u);
void spe_unit_stats(const struct spe_unit *u, struct spe_unit_stats *st);

/*
 * Snapshots of the physical unit (docs/migration.md): registers, inputs,
 * the interval counter and its generator, an in-flight sample (busy),
 * statistics and the timing model, as bytes. Load needs a unit of the same
 * configuration; SPE_UNIT_EINVAL on a wrong size or an impossible value.
 */
size_t spe_unit_state_size(const struct spe_unit *u);
int spe_unit_state_save(const struct spe_unit *u, void *buf, size_t len);
int spe_unit_state_load(struct spe_unit *u, const void *buf, size_t len);

#endif
