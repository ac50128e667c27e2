// SPDX-License-Identifier: GPL-2.0-only
/*
 * Who holds each physical SPE unit's registers, and how they move
 * (docs/host-profiling.md). A unit holds one context at a time: the host's
 * profiling session (buffer owned by EL2, MDCR_EL2.E2PB = 0b00), a guest's
 * (owned by EL1 and translated by its stage 1 + stage 2, E2PB = 0b10), or
 * none (the host idle: everything off). spe-policy.c says who should hold
 * it for each time slice; this file moves the registers:
 *
 * - EAGER (KVM's nVHE code): every slice entry saves the host's registers
 *   and loads the holder's, every exit saves the holder's and loads the
 *   host's idle state, all registers each way.
 * - LAZY (KVM's VHE plan): registers move only when the holder changes;
 *   an inactive guest (buffer off, event pending, or no E0SPE/E1SPE) is
 *   not loaded at all, since the unit would not touch its state: every
 *   guest access traps and is served from the shadow. The trapped write
 *   that activates it loads it there and then, so both modes sample the
 *   same operations and write the same bytes (tested).
 *
 * Before a unit changes hands it is drained (PSB CSYNC) and its pending
 * buffer event is taken by the old holder (Arm ARM R_LFHQG: the owning
 * regime changes only with profiling drained), so no record of one
 * context can land in another's buffer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch/sysreg.h"
#include "spe-internal.h"

/* A context's registers by unit key, in load order: PMBLIMITR_EL1 (E) last. */
static const uint32_t ctx_keys[] = {
	SYS_PMSCR_EL2, SYS_PMSCR_EL1, SYS_PMSNEVFR_EL1, SYS_PMSICR_EL1, SYS_PMSIRR_EL1,
	SYS_PMSFCR_EL1, SYS_PMSEVFR_EL1, SYS_PMSLATFR_EL1, SYS_PMBPTR_EL1, SYS_PMBSR_EL1,
	SYS_PMBLIMITR_EL1,
};
#define NR_CTX_KEYS	(sizeof(ctx_keys) / sizeof(ctx_keys[0]))

static uint64_t *ctx_field(struct host_prof_regs *r, size_t i)
{
	uint64_t *f[NR_CTX_KEYS] = {
		&r->pmscr_el2, &r->pmscr_el1, &r->pmsnevfr, &r->pmsicr, &r->pmsirr, &r->pmsfcr,
		&r->pmsevfr, &r->pmslatfr, &r->pmbptr, &r->pmbsr, &r->pmblimitr,
	};

	return f[i];
}

static unsigned int pidx(const struct hyp_pcpu *p)
{
	return (unsigned int)(p - p->vm->pcpus);
}

static struct spe_pcpu_switch *sw_of(const struct hyp_pcpu *p)
{
	return &p->vm->spe->sw[pidx(p)];
}

/* The switch state of the CPU v is loaded on, or NULL (not loaded, no unit). */
static struct spe_pcpu_switch *vcpu_sw(const struct hyp_vcpu *v)
{
	const struct hyp_pcpu *p = v->pcpu;

	return p && p->spe_unit && v->vm->spe->sw ? sw_of(p) : NULL;
}

static bool eager(const struct hyp_vm *vm)
{
	return vm->cfg.spe_switch == VSPE_SPE_SWITCH_EAGER;
}

static bool unit_nevfr(const struct hyp_pcpu *p)
{
	return p->vm->cfg.spe[pidx(p)] >= SPE_V1P2;
}

/* Counted moves of a context (hyp_spe_stats.switch_sysregs). */
static void ctx_load(struct hyp_pcpu *p, struct host_prof_regs *r, bool nevfr)
{
	for (size_t i = 0; i < NR_CTX_KEYS; i++)
		if (ctx_keys[i] != SYS_PMSNEVFR_EL1 || nevfr)
			hyp_spe_unit_set(p->vm, p->spe_unit, ctx_keys[i], *ctx_field(r, i));
}

static void ctx_save(struct hyp_pcpu *p, struct host_prof_regs *r, bool nevfr)
{
	for (size_t i = 0; i < NR_CTX_KEYS; i++)
		if (ctx_keys[i] != SYS_PMSNEVFR_EL1 || nevfr)
			*ctx_field(r, i) = hyp_spe_unit_get(p->vm, p->spe_unit, ctx_keys[i]);
}

/* What the unit gets for a guest: its shadow, PMSCR_EL2 0 (no EL2 sampling, virtual time). */
static void guest_regs(const struct hyp_vcpu_spe *s, struct host_prof_regs *r)
{
	*r = (struct host_prof_regs){
		.pmscr_el1 = s->regs[R_PMSCR], .pmsnevfr = s->regs[R_PMSNEVFR],
		.pmsicr = s->regs[R_PMSICR], .pmsirr = s->regs[R_PMSIRR],
		.pmsfcr = s->regs[R_PMSFCR], .pmsevfr = s->regs[R_PMSEVFR],
		.pmslatfr = s->regs[R_PMSLATFR], .pmbptr = s->regs[R_PMBPTR],
		/* KVM: PMBSR 0 (the interrupt is virtual), the buffer off while it is pending. */
		.pmbsr = 0, .pmblimitr = hyp_spe_hw_limitr(s),
	};
}

int spe_switch_vm_init(struct hyp_vm *vm)
{
	vm->spe->sw = calloc(vm->cfg.nr_pcpus, sizeof(*vm->spe->sw));
	if (!vm->spe->sw)
		return -ENOMEM;
	vm->spe->vmid = 1;
	return 0;
}

void spe_switch_vm_destroy(struct hyp_vm *vm)
{
	host_prof_free(vm->spe->host);
	vm->spe->host = NULL;
	free(vm->spe->sw);
	vm->spe->sw = NULL;
}

uint8_t spe_switch_e2pb(const struct hyp_vcpu *v, const struct hyp_pcpu *p)
{
	enum spe_owner o = p->vm->spe->sw ? sw_of(p)->owner : SPE_OWNER_NONE;

	if (o == SPE_OWNER_HOST)
		return MDCR_EL2_E2PB_EL2;
	if (o == SPE_OWNER_GUEST || (v && v->spe && v->spe->feature))
		return MDCR_EL2_E2PB_EL1_TRAP;
	return MDCR_EL2_E2PB_EL2;
}

/* The host's buffer-management interrupt (host_prof_irq) while it holds the unit. */
static void host_irq(struct hyp_pcpu *p)
{
	struct hyp_vm *vm = p->vm;
	struct spe_unit *u = p->spe_unit;
	struct host_prof_regs *r;

	if (sw_of(p)->owner != SPE_OWNER_HOST || !spe_unit_irq_level(u))
		return;
	r = host_prof_regs(vm->spe->host, pidx(p));
	cpu_spe_set_el(p->spe, 2);
	spe_unit_sysreg_read(u, SYS_PMBSR_EL1, &r->pmbsr);
	spe_unit_sysreg_read(u, SYS_PMBPTR_EL1, &r->pmbptr);
	host_prof_irq(vm->spe->host, pidx(p), r);
	spe_unit_sysreg_write(u, SYS_PMBPTR_EL1, r->pmbptr);
	spe_unit_sysreg_write(u, SYS_PMBLIMITR_EL1, r->pmblimitr);
	spe_unit_sysreg_write(u, SYS_PMBSR_EL1, r->pmbsr);
	vm->spe->st.host_irq_sysregs += 5;
	if (p->loaded)
		cpu_spe_set_el(p->spe, (uint8_t)cpu_el(p->cpu));
}

void spe_switch_host_irq(struct hyp_vcpu *v)
{
	if (vcpu_sw(v))
		host_irq(v->pcpu);
}

/* The old holder's state out of the unit: what hardware changed (lazy) or all (eager). */
static void save(struct hyp_pcpu *p, bool full)
{
	struct spe_pcpu_switch *sw = sw_of(p);
	struct hyp_vm *vm = p->vm;
	bool nevfr = unit_nevfr(p);
	struct host_prof_regs tmp, *r;

	switch (sw->owner) {
	case SPE_OWNER_GUEST: {
		struct hyp_vcpu *g = sw->guest;
		struct hyp_vcpu_spe *s = g->spe;

		/* A vCPU reset dropped the state (hw false): nothing to keep. */
		if (!s->hw)
			break;
		hyp_spe_sync(g);	/* a pending event becomes the guest's, as at vcpu_put */
		cpu_spe_set_el(p->spe, 2);
		if (full) {
			ctx_save(p, &tmp, nevfr && s->version >= SPE_V1P2);
		} else {
			tmp.pmsicr = hyp_spe_unit_get(vm, p->spe_unit, SYS_PMSICR_EL1);
			tmp.pmbptr = hyp_spe_unit_get(vm, p->spe_unit, SYS_PMBPTR_EL1);
		}
		s->regs[R_PMSICR] = tmp.pmsicr;
		s->regs[R_PMBPTR] = tmp.pmbptr;
		hyp_spe_vcpu_stats(g, &s->st);	/* its records so far, before it leaves */
		s->hw = false;
		vm->spe->st.puts++;
		break;
	}
	case SPE_OWNER_HOST:
		host_irq(p);
		cpu_spe_set_el(p->spe, 2);
		r = host_prof_regs(vm->spe->host, pidx(p));
		if (full) {
			ctx_save(p, r, nevfr);
		} else {
			r->pmsicr = hyp_spe_unit_get(vm, p->spe_unit, SYS_PMSICR_EL1);
			r->pmbptr = hyp_spe_unit_get(vm, p->spe_unit, SYS_PMBPTR_EL1);
		}
		break;
	case SPE_OWNER_NONE:
		/* nVHE saves the host's registers even when it does not profile. */
		if (full)
			ctx_save(p, &tmp, nevfr);
		break;
	}
}

/* The new holder's state into the unit (always all of it: the unit may hold anyone's). */
static void load(struct hyp_pcpu *p, enum spe_owner from, enum spe_owner to, struct hyp_vcpu *v,
		 bool full)
{
	struct hyp_vm *vm = p->vm;
	struct spe_unit *u = p->spe_unit;
	struct host_prof_regs r;

	switch (to) {
	case SPE_OWNER_GUEST:
		guest_regs(v->spe, &r);
		spe_unit_set_port(u, &vm->spe->ports[pidx(p)]);
		hyp_mm_spe_load(v, u);
		ctx_load(p, &r, v->spe->version >= SPE_V1P2);
		v->spe->hw = true;	/* before the refresh: an injected event reaches the unit */
		hyp_mm_spe_refresh(v, r.pmbptr, r.pmblimitr, false);
		spe_unit_stats(u, &v->spe->at_load);
		vm->spe->st.loads++;
		break;
	case SPE_OWNER_HOST:
		spe_unit_set_port(u, host_prof_port(vm->spe->host, pidx(p)));
		ctx_load(p, host_prof_regs(vm->spe->host, pidx(p)), unit_nevfr(p));
		break;
	case SPE_OWNER_NONE:
		if (full) {
			memset(&r, 0, sizeof(r));
			ctx_load(p, &r, unit_nevfr(p));
		} else if (from != SPE_OWNER_NONE) {
			/* Host state: buffer and sampling off (the guest's PMSCR_EL2 is 0 already). */
			hyp_spe_unit_set(vm, u, SYS_PMBLIMITR_EL1, 0);
			hyp_spe_unit_set(vm, u, SYS_PMSCR_EL1, 0);
			if (from == SPE_OWNER_HOST)
				hyp_spe_unit_set(vm, u, SYS_PMSCR_EL2, 0);
		}
		break;
	}
}

/* Moves p's unit to `to` (v: the vCPU to load, with SPE_OWNER_GUEST). */
static void switch_to(struct hyp_pcpu *p, enum spe_owner to, struct hyp_vcpu *v)
{
	struct spe_pcpu_switch *sw = sw_of(p);
	enum spe_owner from = sw->owner;
	bool full = eager(p->vm);

	if (from == to && (to != SPE_OWNER_GUEST || sw->guest == v) && !full)
		return;
	/* Inside a chunk (a trapped write): the members so far count under the old holder. */
	cpu_spe_flush(p->spe);
	cpu_spe_set_el(p->spe, 2);
	/* Every record of the old holder's operations is in its buffer first. */
	cpu_spe_psb_csync(p->spe);
	save(p, full);
	load(p, from, to, v, full);
	sw->owner = to;
	sw->guest = to == SPE_OWNER_GUEST ? v : NULL;
	if (from != to || to == SPE_OWNER_GUEST)
		p->vm->spe->st.owner_changes++;
	/* MDCR_EL2.E2PB follows the holder: the buffer's regime is now theirs. */
	if (p->loaded)
		hyp_spe_set_ctx(p->loaded, p);
	cpu_spe_set_el(p->spe, p->loaded ? (uint8_t)cpu_el(p->cpu) : 2);
}

void hyp_spe_enter(struct hyp_vcpu *v)
{
	struct hyp_pcpu *p = v->pcpu;
	struct hyp_vm *vm = v->vm;
	struct spe_pcpu_switch *sw = vcpu_sw(v);
	enum spe_owner want;

	if (!sw)
		return;
	vm->spe->st.entries++;
	/* The host writes the vCPU thread's id at every switch (PID_IN_CONTEXTIDR). */
	cpu_spe_set_contextidr_el2(p->spe, host_prof_contextidr(vm->spe->vmid, v->id));
	want = spe_policy_owner(v, p);
	sw->slice = want;
	sw->slice_insns = v->instructions;
	sw->allow_guest = want == SPE_OWNER_GUEST;
	if (want == SPE_OWNER_GUEST)
		vm->spe->st.guest_slices++;
	else if (want == SPE_OWNER_HOST)
		vm->spe->st.host_slices++;
	if (eager(vm)) {
		if (want != SPE_OWNER_NONE)
			switch_to(p, want, v);
		return;
	}
	/* Lazy: an inactive guest stays in its shadow until it activates (spe_switch_activate). */
	if (want == SPE_OWNER_GUEST && !hyp_spe_guest_active(v->spe))
		want = SPE_OWNER_NONE;
	switch_to(p, want, v);
}

void hyp_spe_exit(struct hyp_vcpu *v)
{
	struct hyp_vm *vm = v->vm;
	struct spe_pcpu_switch *sw = vcpu_sw(v);

	if (!sw)
		return;
	vm->spe->st.exits++;
	if (sw->slice == SPE_OWNER_GUEST)
		vm->spe->st.guest_insns += v->instructions - sw->slice_insns;
	else if (sw->slice == SPE_OWNER_HOST)
		vm->spe->st.host_insns += v->instructions - sw->slice_insns;
	sw->slice = SPE_OWNER_NONE;
	sw->allow_guest = false;
	if (eager(vm) && sw->owner != SPE_OWNER_NONE)
		switch_to(v->pcpu, SPE_OWNER_NONE, NULL);
}

void spe_switch_put(struct hyp_vcpu *v)
{
	struct spe_pcpu_switch *sw = vcpu_sw(v);

	if (!sw)
		return;
	/* The host's session may stay in the unit for the next vCPU (lazy). */
	if (sw->owner == SPE_OWNER_GUEST && sw->guest == v)
		switch_to(v->pcpu, SPE_OWNER_NONE, NULL);
	sw->allow_guest = false;
	cpu_spe_set_el(v->pcpu->spe, 2);
}

void spe_switch_activate(struct hyp_vcpu *v)
{
	struct spe_pcpu_switch *sw = vcpu_sw(v);

	if (sw && sw->owner == SPE_OWNER_NONE && sw->allow_guest && hyp_spe_guest_active(v->spe))
		switch_to(v->pcpu, SPE_OWNER_GUEST, v);
}

void spe_switch_forget(struct hyp_vcpu *v)
{
	struct hyp_vm *vm = v->vm;

	for (unsigned int i = 0; vm->spe && vm->spe->sw && i < vm->cfg.nr_pcpus; i++) {
		struct spe_unit *u = vm->pcpus[i].spe_unit;

		if (vm->spe->sw[i].guest != v)
			continue;
		/* Its buffer is going away: the unit must not write there any more. */
		cpu_spe_set_el(vm->pcpus[i].spe, 2);
		spe_unit_sysreg_write(u, SYS_PMBLIMITR_EL1, 0);
		spe_unit_sysreg_write(u, SYS_PMSCR_EL1, 0);
		vm->spe->sw[i].guest = NULL;
		vm->spe->sw[i].owner = SPE_OWNER_NONE;
	}
}

void spe_switch_add_stats(const struct hyp_vm *vm, struct hyp_spe_stats *st)
{
	struct host_prof_stats hs;

	if (!vm->spe->host)
		return;
	host_prof_stats(vm->spe->host, &hs);
	st->host_pieces += hs.pieces;
	st->host_bytes += hs.bytes;
	st->host_fulls += hs.fulls;
	st->host_faults += hs.faults;
}

/* ---- the host's session ---- */

/* exclusive-host hides (or gives back) the guests' buffer interrupt with the buffer. */
static void sync_irqs(struct hyp_vm *vm)
{
	for (unsigned int i = 0; i < VSPE_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			hyp_spe_sync_irq(vm->vcpus[i]);
}

void spe_switch_policy_changed(struct hyp_vm *vm)
{
	sync_irqs(vm);
}

int hyp_vm_host_prof_start(struct hyp_vm *vm, const struct host_prof_config *cfg,
			   unsigned int vmid)
{
	struct host_prof *h;
	int err;

	if (!cfg)
		return hyp_vm_errorf(vm, -EINVAL, "host profiling: no configuration");
	if (vm->spe->host)
		return hyp_vm_errorf(vm, -EBUSY, "host profiling: a session is running already");
	if (!hyp_vm_has_spe(vm))
		return hyp_vm_errorf(vm, -ENODEV, "host profiling: no physical CPU has an SPE unit");
	if (cfg->target == HOST_PROF_CPU && (cfg->id >= vm->cfg.nr_pcpus || !vm->cfg.spe[cfg->id]))
		return hyp_vm_errorf(vm, -ENODEV, "host profiling: CPU %u has no SPE unit "
				     "(the host has %u CPUs)", cfg->id, vm->cfg.nr_pcpus);
	if (cfg->target == HOST_PROF_VCPU && cfg->id >= VSPE_MAX_VCPUS)
		return hyp_vm_errorf(vm, -EINVAL, "host profiling: vCPU %u is out of range", cfg->id);
	err = host_prof_create(cfg, vm->cfg.nr_pcpus, &h);
	if (err == HOST_PROF_ENOMEM)
		return hyp_vm_errorf(vm, -ENOMEM, "host profiling: out of memory");
	if (err)
		return hyp_vm_errorf(vm, -EINVAL, "host profiling: interval %u (a multiple of 256, "
				     ">= 256), buffer %u bytes (a multiple of 4096, 4 KiB..64 MiB), "
				     "at least one EL, target 0..2", cfg->interval, cfg->buffer_size);
	vm->spe->host = h;
	vm->spe->vmid = vmid ? vmid : 1;
	sync_irqs(vm);
	return 0;
}

int hyp_vm_host_prof_stop(struct hyp_vm *vm)
{
	struct host_prof *h = vm->spe->host;
	struct hyp_spe_stats add = { 0 };

	if (!h)
		return hyp_vm_errorf(vm, -ENOENT, "host profiling: no session is running");
	for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++) {
		struct hyp_pcpu *p = &vm->pcpus[i];

		if (p->spe_unit && vm->spe->sw[i].owner == SPE_OWNER_HOST)
			switch_to(p, SPE_OWNER_NONE, NULL);
		host_prof_flush(h, i);
	}
	spe_switch_add_stats(vm, &add);
	vm->spe->st.host_pieces += add.host_pieces;
	vm->spe->st.host_bytes += add.host_bytes;
	vm->spe->st.host_fulls += add.host_fulls;
	vm->spe->st.host_faults += add.host_faults;
	host_prof_free(h);
	vm->spe->host = NULL;
	sync_irqs(vm);
	return 0;
}

void spe_switch_state_save(const struct hyp_pcpu *p, uint64_t w[SPE_SWITCH_STATE_WORDS])
{
	const struct spe_pcpu_switch *sw = p->spe_unit && p->vm->spe && p->vm->spe->sw ?
					   sw_of(p) : NULL;

	memset(w, 0, SPE_SWITCH_STATE_WORDS * sizeof(*w));
	if (!sw)
		return;
	w[0] = sw->owner;
	w[1] = sw->guest ? sw->guest->id + 1 : 0;
	w[2] = sw->allow_guest;
	w[3] = sw->slice;
	w[4] = sw->slice_insns;
}

/* 0, or -EINVAL: a holder this VM cannot have (the host's session does not travel). */
int spe_switch_state_check(const struct hyp_vm *vm, const uint64_t w[SPE_SWITCH_STATE_WORDS])
{
	const struct hyp_vcpu *g = w[1] && w[1] <= VSPE_MAX_VCPUS ? vm->vcpus[w[1] - 1] : NULL;

	if (w[0] > SPE_OWNER_HOST || w[3] > SPE_OWNER_HOST || w[2] > 1 || w[0] == SPE_OWNER_HOST)
		return -EINVAL;
	if (w[0] == SPE_OWNER_GUEST ? !g || !g->spe || !g->spe->feature : w[1] != 0)
		return -EINVAL;
	return 0;
}

/* After the unit's image is back: the guest holder's registers are live in it again. */
void spe_switch_state_load(struct hyp_pcpu *p, const uint64_t w[SPE_SWITCH_STATE_WORDS])
{
	struct hyp_vm *vm = p->vm;
	struct spe_pcpu_switch *sw;
	struct hyp_vcpu *g;

	if (!p->spe_unit || !vm->spe || !vm->spe->sw)
		return;
	sw = sw_of(p);
	sw->owner = (enum spe_owner)w[0];
	sw->allow_guest = w[2];
	sw->slice = (enum spe_owner)w[3];
	sw->slice_insns = w[4];
	sw->guest = NULL;
	if (sw->owner == SPE_OWNER_GUEST) {
		g = vm->vcpus[w[1] - 1];
		sw->guest = g;
		spe_unit_set_port(p->spe_unit, &vm->spe->ports[pidx(p)]);
		hyp_mm_spe_load(g, p->spe_unit);
		g->spe->hw = true;
		/* Pins the buffer where the unit's pointer is now, as the source had it. */
		hyp_mm_spe_refresh(g, hyp_spe_unit_get(vm, p->spe_unit, SYS_PMBPTR_EL1),
				   hyp_spe_hw_limitr(g->spe), false);
		spe_unit_stats(p->spe_unit, &g->spe->at_load);
	}
	if (p->loaded)
		hyp_spe_set_ctx(p->loaded, p);
}
