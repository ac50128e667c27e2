// SPDX-License-Identifier: GPL-2.0-only
/*
 * Host and guest both wanting a physical SPE unit: the per-VM policy
 * (docs/host-profiling.md).
 *
 * - share (default): the unit is time-multiplexed at slice boundaries
 *   (each is a world switch). When both want it for the same slice, they
 *   take turns, the host first. The guest's session simply pauses: its
 *   registers stay in the shadow (PMSICR_EL1 mid-interval, PMBPTR_EL1
 *   after its last record) and every access is served from there, so it
 *   resumes exactly where it stopped and no guest record is lost.
 * - exclusive-host: while a host session runs, the buffer belongs to a
 *   higher EL as far as the guest can tell (Suzuki Poulose's reading of
 *   PMBIDR_EL1.P, kvm-spe-design.md 4.3): PMBIDR_EL1.P reads 1 and every
 *   other SPE access UNDEFs. A session already running is stopped: its
 *   records so far stay in its buffer, no interrupt is raised (its handler
 *   could not read PMBSR_EL1 anyway), and when the host's session ends
 *   the registers are back as they were, as if EL3 had borrowed the unit.
 */
#include <errno.h>

#include "arch/sysreg.h"
#include "spe-internal.h"

int hyp_vm_set_spe_policy(struct hyp_vm *vm, unsigned int policy)
{
	if (policy > VSPE_SPE_POLICY_EXCLUSIVE_HOST)
		return hyp_vm_errorf(vm, -EINVAL, "SPE policy %u: 0 share or 1 exclusive-host",
				     policy);
	vm->spe->policy = policy;
	spe_switch_policy_changed(vm);
	return 0;
}

bool spe_policy_hidden(const struct hyp_vcpu *v)
{
	const struct hyp_vm_spe *s = v->vm->spe;

	return s && s->policy == VSPE_SPE_POLICY_EXCLUSIVE_HOST && host_prof_covers_vm(s->host) &&
	       v->spe && v->spe->feature;
}

bool spe_policy_guest_can(const struct hyp_vcpu *v, const struct hyp_pcpu *p)
{
	const struct hyp_vcpu_spe *s = v->spe;

	return s && s->feature && !s->stop && v->vm->cfg.spe[p - v->vm->pcpus] >= s->version &&
	       !spe_policy_hidden(v);
}

enum spe_owner spe_policy_owner(struct hyp_vcpu *v, struct hyp_pcpu *p)
{
	struct hyp_vm_spe *vs = v->vm->spe;
	bool host = host_prof_targets(vs->host, (unsigned int)(p - v->vm->pcpus), v->id);
	bool guest = spe_policy_guest_can(v, p);

	if (!host)
		return guest ? SPE_OWNER_GUEST : SPE_OWNER_NONE;
	/* An idle guest session does not compete: it gets its turn once active. */
	if (!guest || !hyp_spe_guest_active(v->spe))
		return SPE_OWNER_HOST;
	vs->st.contested++;
	return (v->spe->turns++ & 1) ? SPE_OWNER_GUEST : SPE_OWNER_HOST;
}

bool spe_policy_route(struct hyp_vcpu *v, struct cpu_sysreg_access *acc, enum spe_access *a)
{
	struct spe_unit *sc;
	uint64_t val = 0;

	if (!spe_policy_hidden(v))
		return false;
	*a = SPE_ACCESS_UNDEF;
	if (acc->key != SYS_PMBIDR_EL1 || acc->is_write || !v->pcpu || cpu_el(v->pcpu->cpu) != 1)
		return true;
	/* The offered unit's PMBIDR_EL1, owned by a higher EL. */
	sc = hyp_spe_scratch(v->vm, v->spe->version);
	if (sc && !spe_unit_sysreg_read(sc, SYS_PMBIDR_EL1, &val)) {
		acc->val = val | PMBIDR_EL1_P_MASK;
		*a = SPE_ACCESS_OK;
	}
	return true;
}
