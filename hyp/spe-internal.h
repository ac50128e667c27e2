/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared by the SPE files of hyp/: spe.c (guest SPE: shadow, traps,
 * attributes), spe-switch.c (who holds each physical unit, eager or lazy
 * switching) and spe-policy.c (host and guest wanting the same unit).
 */
#ifndef HYP_SPE_INTERNAL_H
#define HYP_SPE_INTERNAL_H

#include "host/prof.h"
#include "hyp-internal.h"

/* The guest-writable SPE registers, in switch order. */
enum { R_PMSCR, R_PMSNEVFR, R_PMSICR, R_PMSIRR, R_PMSFCR, R_PMSEVFR, R_PMSLATFR,
       R_PMBPTR, R_PMBLIMITR, R_PMBSR, R_NR };

struct hyp_vcpu_spe {
	bool feature;		/* VSPE_ARM_VCPU_SPE */
	bool initialized;	/* SPE_INIT done */
	unsigned int irq;	/* PPI, 0 = not set */
	bool user_cpus;		/* SUPPORTED_CPUS set by user space */
	int stop;		/* SPE_STOP mode: 0, STOP_TRAP or STOP_EXIT */
	enum spe_version version;
	uint64_t regs[R_NR];	/* the shadow */
	bool hw;		/* state is in the loaded pCPU's unit */
	struct spe_unit_stats at_load;	/* the unit's counters when hw became true */
	struct vspe_vcpu_spe_stats st;	/* this vCPU's share, up to the last put */
	unsigned int turns;	/* share policy: contested slices so far */
};

/* Who holds a physical unit's registers. */
enum spe_owner { SPE_OWNER_NONE, SPE_OWNER_GUEST, SPE_OWNER_HOST };

struct spe_pcpu_switch {
	enum spe_owner owner;
	struct hyp_vcpu *guest;		/* with SPE_OWNER_GUEST */
	bool allow_guest;		/* this slice is the guest's (lazy loads on demand) */
	enum spe_owner slice;		/* the policy's choice for the running slice */
	uint64_t slice_insns;		/* vCPU instructions at the slice's entry */
};

struct hyp_vm_spe {
	struct spe_unit *scratch[SPE_V1P2 + 1];	/* per version: sanitising */
	struct spe_mem_port *ports;
	struct hyp_spe_stats st;
	struct spe_pcpu_switch *sw;	/* per physical CPU */
	struct host_prof *host;		/* the host's session, or NULL */
	unsigned int vmid;		/* in CONTEXTIDR_EL2 */
	unsigned int policy;		/* VSPE_SPE_POLICY_* */
};

/* spe.c */
/* The vCPU's record counters now (SPE_STATS): past loads plus the loaded unit's. */
void hyp_spe_vcpu_stats(const struct hyp_vcpu *v, struct vspe_vcpu_spe_stats *st);
bool hyp_spe_guest_active(const struct hyp_vcpu_spe *s);
uint64_t hyp_spe_hw_limitr(const struct hyp_vcpu_spe *s);
uint64_t hyp_spe_unit_get(struct hyp_vm *vm, struct spe_unit *u, uint32_t key);
void hyp_spe_unit_set(struct hyp_vm *vm, struct spe_unit *u, uint32_t key, uint64_t val);
struct spe_unit *hyp_spe_scratch(struct hyp_vm *vm, enum spe_version ver);
/* The unit's inputs for v on p (MDCR_EL2.E2PB by owner, CNTVOFF), at EL2. */
void hyp_spe_set_ctx(struct hyp_vcpu *v, struct hyp_pcpu *p);

/* spe-switch.c */
int spe_switch_vm_init(struct hyp_vm *vm);
void spe_switch_vm_destroy(struct hyp_vm *vm);
/* vcpu_put: the guest's state leaves the unit (lazy) or is already out (eager). */
void spe_switch_put(struct hyp_vcpu *v);
/* A trapped write may have made the guest's session active: load it now (lazy). */
void spe_switch_activate(struct hyp_vcpu *v);
/* After a chunk: the host's buffer-management interrupt, when the host holds the unit. */
void spe_switch_host_irq(struct hyp_vcpu *v);
/* The vCPU goes away: no unit holds it any more. */
void spe_switch_forget(struct hyp_vcpu *v);
/* The policy changed: the guests' interrupt lines follow what they may see. */
void spe_switch_policy_changed(struct hyp_vm *vm);
/* Adds the running host session's counters. */
void spe_switch_add_stats(const struct hyp_vm *vm, struct hyp_spe_stats *st);
/* The unit's MDCR_EL2.E2PB for the current owner (0b00 host, 0b10 guest). */
uint8_t spe_switch_e2pb(const struct hyp_vcpu *v, const struct hyp_pcpu *p);
/*
 * Snapshots (hyp/state.c): who holds p's unit, and for whom the running
 * slice is. Lazy switching leaves a guest's registers in the unit between
 * slices, so the holder travels with the unit's image; load checks it.
 */
#define SPE_SWITCH_STATE_WORDS	5
void spe_switch_state_save(const struct hyp_pcpu *p, uint64_t w[SPE_SWITCH_STATE_WORDS]);
int spe_switch_state_check(const struct hyp_vm *vm, const uint64_t w[SPE_SWITCH_STATE_WORDS]);
void spe_switch_state_load(struct hyp_pcpu *p, const uint64_t w[SPE_SWITCH_STATE_WORDS]);

/* spe-policy.c */
/* Who should hold pcpu's unit for the slice vcpu is about to run. */
enum spe_owner spe_policy_owner(struct hyp_vcpu *v, struct hyp_pcpu *p);
/* exclusive-host while the host profiles: the guest's SPE is a higher EL's. */
bool spe_policy_hidden(const struct hyp_vcpu *v);
/* The guest's access while hidden: true with *a set (PMBIDR_EL1 P = 1, else UNDEF). */
bool spe_policy_route(struct hyp_vcpu *v, struct cpu_sysreg_access *acc, enum spe_access *a);
/* May the guest's state be in a unit at all (feature, not stopped, CPU new enough)? */
bool spe_policy_guest_can(const struct hyp_vcpu *v, const struct hyp_pcpu *p);

#endif
