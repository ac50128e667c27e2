// SPDX-License-Identifier: GPL-2.0-only
/*
 * SPE for guests (docs/spe-guest.md), the way KVM's SPE series do it, with
 * every SPE register trapped (MDCR_EL2.TPMS = 1, E2PB = 0b10: the buffer
 * is owned by EL1 and translated by guest stage 1 + stage 2):
 *
 * - Guest SPE state lives in a shadow in struct hyp_vcpu_spe. While the
 *   vCPU is loaded, the physical unit also holds it; the registers the
 *   hardware changes (PMSICR_EL1 counting, PMBPTR_EL1 advancing, PMBSR_EL1
 *   events) are read back from the unit at vcpu_put and when trapped.
 * - Values are sanitised by a scratch unit of the vCPU's offered version,
 *   so a guest sees the RES0 rules of the unit it was promised, whatever
 *   unit it runs on.
 * - PMBSR_EL1 and the buffer-management interrupt are virtual (KVM v3+):
 *   a hardware event is moved into the shadow PMBSR, the hardware is
 *   cleared and the buffer held disabled while the virtual line is high;
 *   a stage-2 fault becomes an external abort (S=1, EA=1, EC stage-1
 *   fault, FSC 0x10) since the guest cannot fix it. A guest write to
 *   PMBSR_EL1 sets the line from S.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch/sysreg.h"
#include "hw/spe-errata.h"
#include "hyp-internal.h"
#include "spe-internal.h"
#include "spe-port.h"

static const uint32_t reg_key[R_NR] = {
	SYS_PMSCR_EL1, SYS_PMSNEVFR_EL1, SYS_PMSICR_EL1, SYS_PMSIRR_EL1, SYS_PMSFCR_EL1,
	SYS_PMSEVFR_EL1, SYS_PMSLATFR_EL1, SYS_PMBPTR_EL1, SYS_PMBLIMITR_EL1, SYS_PMBSR_EL1,
};

static int reg_index(uint32_t key)
{
	for (int i = 0; i < R_NR; i++)
		if (reg_key[i] == key)
			return i;
	return -1;
}

static struct spe_unit *loaded_unit(const struct hyp_vcpu *v)
{
	return v->spe && v->spe->hw && v->pcpu ? v->pcpu->spe_unit : NULL;
}

/* ---- VM ---- */

bool hyp_vm_has_spe(const struct hyp_vm *vm)
{
	for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++)
		if (vm->cfg.spe[i])
			return true;
	return false;
}

static uint64_t spe_cpus(const struct hyp_vm *vm, enum spe_version at_least)
{
	uint64_t m = 0;

	for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++)
		if (vm->cfg.spe[i] && vm->cfg.spe[i] >= at_least)
			m |= 1ull << i;
	return m;
}

/*
 * The physical unit of pCPU i: its CPU model's implementation choices
 * (keyed on its MIDR) and the errata the host configuration turned on.
 * KVM has nothing to do for the modelled errata (docs/errata.md): the
 * guest detects them from MIDR_EL1, which it reads as the physical one.
 */
static void hyp_spe_unit_config(const struct hyp_vm *vm, unsigned int i, enum spe_version ver,
				struct spe_config *c)
{
	spe_config_for_cpu(c, ver, vm->cfg.midr[i], vm->cfg.errata[i]);
}

int hyp_spe_vm_init(struct hyp_vm *vm)
{
	struct hyp_vm_spe *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	vm->spe = s;
	s->ports = calloc(vm->cfg.nr_pcpus, sizeof(*s->ports));
	if (!s->ports)
		return -ENOMEM;
	for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++) {
		struct hyp_pcpu *p = &vm->pcpus[i];
		unsigned int ver = vm->cfg.spe[i];

		if (ver > SPE_V1P2)
			return -EINVAL;
		if (ver) {
			struct spe_config c;

			hyp_spe_unit_config(vm, i, (enum spe_version)ver, &c);
			/* Each unit's jitter generator: from the host seed and the CPU. */
			c.seed = vm->cfg.seed * 0x9e3779b97f4a7c15ull + i + 1;
			spe_port_init(&s->ports[i], p);
			if (spe_unit_create(&c, &s->ports[i], &p->spe_unit))
				return -ENOMEM;
		}
		if (cpu_spe_attach(p->cpu, p->spe_unit, &p->spe))
			return -ENOMEM;
	}
	return spe_switch_vm_init(vm);
}

void hyp_spe_vm_destroy(struct hyp_vm *vm)
{
	if (!vm->spe)
		return;
	spe_switch_vm_destroy(vm);
	for (unsigned int i = 0; vm->pcpus && i < vm->cfg.nr_pcpus; i++) {
		cpu_spe_detach(vm->pcpus[i].spe);
		spe_unit_free(vm->pcpus[i].spe_unit);
	}
	for (unsigned int i = 0; i <= SPE_V1P2; i++)
		spe_unit_free(vm->spe->scratch[i]);
	free(vm->spe->ports);
	free(vm->spe);
	vm->spe = NULL;
}

void hyp_vm_spe_stats(const struct hyp_vm *vm, struct hyp_spe_stats *st)
{
	*st = vm->spe->st;
	for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++) {
		struct spe_unit_stats us;
		struct cpu_spe_stats cs;

		if (!vm->pcpus[i].spe_unit)
			continue;
		spe_unit_stats(vm->pcpus[i].spe_unit, &us);
		cpu_spe_stats(vm->pcpus[i].spe, &cs);
		st->records += us.records;
		st->lost += us.lost;
		st->collisions += us.collisions;
		st->observed += cs.observed;
		st->chunks += cs.chunks;
		st->passing += cs.passing;
		st->errata_moved += us.errata_moved;
		st->errata_dropped += us.errata_dropped;
	}
	spe_switch_add_stats(vm, st);
}

void hyp_vm_spe_set_exact_only(struct hyp_vm *vm, bool on)
{
	for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++)
		cpu_spe_set_exact_only(vm->pcpus[i].spe, on);
}

/* The scratch units never sample: a write would be a stage-1 fault. */
static int no_write(void *ctx, const struct spe_regime *regime, uint64_t va, const void *buf,
		    size_t len, struct spe_xlate_fault *fault)
{
	(void)ctx; (void)regime; (void)va; (void)buf; (void)len;
	memset(fault, 0, sizeof(*fault));
	fault->stage = 1;
	fault->fsc = ESR_ISS_DABT_DFSC_TRANS_L0;
	return 1;
}

/* The unit that sanitises values for a version (EL2 view, guest-owned buffer). */
static struct spe_unit *scratch(struct hyp_vm *vm, enum spe_version ver)
{
	struct hyp_vm_spe *s = vm->spe;

	if (!s->scratch[ver]) {
		struct spe_config c;
		struct spe_mem_port none = { .write = no_write };
		struct spe_ctx x = { .el = 2, .el2_enabled = true, .e2pb = 2, .tpms = true };

		/* The virtual unit's ID registers: pCPU 0's model, without its errata. */
		spe_config_for_cpu(&c, ver, vm->cfg.midr[0], 0);
		if (spe_unit_create(&c, &none, &s->scratch[ver]))
			return NULL;
		spe_unit_set_ctx(s->scratch[ver], &x);
	}
	return s->scratch[ver];
}

struct spe_unit *hyp_spe_scratch(struct hyp_vm *vm, enum spe_version ver)
{
	return scratch(vm, ver);
}

/* ---- vCPU ---- */

int hyp_spe_vcpu_init(struct hyp_vcpu *v, bool enable)
{
	struct hyp_vm *vm = v->vm;
	struct hyp_vcpu_spe *s;
	uint64_t mask;

	if (!enable) {
		if (v->spe && v->spe->feature && !v->spe->user_cpus)
			sched_set_allowed(vm->sched, v->id, vm->cfg.nr_pcpus >= 64 ? ~0ull :
					  (1ull << vm->cfg.nr_pcpus) - 1);
		free(v->spe);
		v->spe = NULL;
		return 0;
	}
	if (!hyp_vm_has_spe(vm))
		return hyp_vm_errorf(vm, -EINVAL, "SPE not available: no physical CPU of the "
				     "host has an SPE unit");
	if (!v->spe) {
		v->spe = calloc(1, sizeof(*v->spe));
		if (!v->spe)
			return hyp_vm_errorf(vm, -ENOMEM, "out of memory");
	}
	s = v->spe;
	/* A reset keeps the IRQ, INIT and CPU choices (KVM keeps attributes). */
	s->feature = true;
	memset(s->regs, 0, sizeof(s->regs));
	s->hw = false;
	if (v->pcpu)
		vcpu_put(v);
	mask = s->user_cpus ? sched_allowed(vm->sched, v->id) & spe_cpus(vm, SPE_V1P0)
			    : spe_cpus(vm, SPE_V1P0);
	if (!s->user_cpus)
		sched_set_allowed(vm->sched, v->id, mask);
	/* The version offered: the least of the CPUs the vCPU may run on. */
	s->version = SPE_V1P2;
	for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++)
		if ((mask >> i & 1) && vm->cfg.spe[i] < s->version)
			s->version = (enum spe_version)vm->cfg.spe[i];
	if (!scratch(vm, s->version))
		return hyp_vm_errorf(vm, -ENOMEM, "out of memory");
	return 0;
}

void hyp_spe_vcpu_destroy(struct hyp_vcpu *v)
{
	spe_switch_forget(v);
	free(v->spe);
	v->spe = NULL;
}

bool hyp_spe_visible(const struct hyp_vcpu *v, uint32_t key)
{
	if (!v->spe || !v->spe->feature)
		return false;
	/* PMSNEVFR_EL1 exists with FEAT_SPE_FnE (SPEv1p2) only. */
	return key != SYS_PMSNEVFR_EL1 || v->spe->version >= SPE_V1P2;
}

uint64_t hyp_spe_dfr0(const struct hyp_vcpu *v, uint64_t dfr0)
{
	dfr0 &= ~ID_AA64DFR0_EL1_PMSVer_MASK;
	if (v->spe && v->spe->feature)
		dfr0 |= ID_AA64DFR0_EL1_PMSVer_PREP(v->spe->version);
	return dfr0;
}

/* The hypervisor's accesses to a unit (EL2 view), counted per switch. */
uint64_t hyp_spe_unit_get(struct hyp_vm *vm, struct spe_unit *u, uint32_t key)
{
	uint64_t val = 0;

	spe_unit_sysreg_read(u, key, &val);
	vm->spe->st.switch_sysregs++;
	return val;
}

void hyp_spe_unit_set(struct hyp_vm *vm, struct spe_unit *u, uint32_t key, uint64_t val)
{
	spe_unit_sysreg_write(u, key, val);
	vm->spe->st.switch_sysregs++;
}

static bool vpending(const struct hyp_vcpu_spe *s)
{
	return PMBSR_EL1_S_GET(s->regs[R_PMBSR]);
}

/* KVM: the hardware buffer stays disabled while the virtual interrupt is pending. */
static uint64_t hw_limitr(const struct hyp_vcpu_spe *s)
{
	return vpending(s) ? 0 : s->regs[R_PMBLIMITR];
}

/* The vCPU's counters now: those of past loads, plus the loaded unit's since. */
static void spe_vcpu_stats(const struct hyp_vcpu *v, struct vspe_vcpu_spe_stats *st)
{
	const struct hyp_vcpu_spe *s = v->spe;
	struct spe_unit *u = loaded_unit(v);
	struct spe_unit_stats now;

	*st = s->st;
	if (!u)
		return;
	spe_unit_stats(u, &now);
	st->records += now.records - s->at_load.records;
	st->lost += now.lost - s->at_load.lost;
	st->bytes += now.bytes - s->at_load.bytes;
}

void hyp_spe_vcpu_stats(const struct hyp_vcpu *v, struct vspe_vcpu_spe_stats *st)
{
	spe_vcpu_stats(v, st);
}

uint64_t hyp_spe_hw_limitr(const struct hyp_vcpu_spe *s)
{
	return hw_limitr(s);
}

/* Would the unit sample for the guest (buffer on, no pending event, E0SPE or E1SPE)? */
bool hyp_spe_guest_active(const struct hyp_vcpu_spe *s)
{
	return PMBLIMITR_EL1_E_GET(s->regs[R_PMBLIMITR]) && !vpending(s) &&
	       (s->regs[R_PMSCR] & (PMSCR_EL1_E0SPE_MASK | PMSCR_EL1_E1SPE_MASK));
}

void hyp_spe_set_ctx(struct hyp_vcpu *v, struct hyp_pcpu *p)
{
	struct spe_ctx x = {
		.el = 2, .el2_enabled = true, .tpms = true, .cntvoff = v->timer.cntvoff,
		/* SPE vCPU: buffer owned by EL1 (E2PB 0b10); the host's: EL2 (0b00). */
		.e2pb = spe_switch_e2pb(v, p),
	};

	cpu_spe_set_ctx(p->spe, &x);
}

/* The registers move at slice entry (spe-switch.c); here only the unit's inputs. */
void hyp_spe_load(struct hyp_vcpu *v, struct hyp_pcpu *p)
{
	if (!p->spe_unit)
		return;
	hyp_spe_set_ctx(v, p);
	cpu_spe_set_el(p->spe, (uint8_t)cpu_el(p->cpu));
}

void hyp_spe_put(struct hyp_vcpu *v)
{
	spe_switch_put(v);
}

void hyp_spe_sync(struct hyp_vcpu *v)
{
	struct hyp_vcpu_spe *s = v->spe;
	struct spe_unit *u = loaded_unit(v);
	uint64_t sr = 0, ec;

	spe_switch_host_irq(v);
	if (!u || !spe_unit_irq_level(u))
		return;
	spe_unit_sysreg_read(u, SYS_PMBSR_EL1, &sr);
	ec = PMBSR_EL1_EC_GET(sr);
	if (ec != PMBSR_EL1_EC_BUF && ec != PMBSR_EL1_EC_FAULT_S1) {
		/* The guest cannot fix a stage-2 fault: report an external abort. */
		if (ec == PMBSR_EL1_EC_FAULT_S2) {
			v->vm->spe->st.stage2_faults++;
			/* Host memory moved: map it and restart, the guest sees lost records. */
			if (hyp_mm_spe_fault(v)) {
				spe_unit_sysreg_write(u, SYS_PMBSR_EL1, 0);
				spe_unit_sysreg_write(u, SYS_PMBLIMITR_EL1, hw_limitr(s));
				return;
			}
		}
		sr = (sr & (PMBSR_EL1_DL_MASK | PMBSR_EL1_COLL_MASK)) | PMBSR_EL1_S_MASK |
		     PMBSR_EL1_EA_MASK | PMBSR_EL1_EC_PREP(PMBSR_EL1_EC_FAULT_S1) |
		     PMBSR_EL1_MSS_PREP(ESR_ISS_DABT_DFSC_EXT_ABORT);
	}
	s->regs[R_PMBSR] = sr;
	v->vm->spe->st.events++;
	/* Hardware: syndrome cleared, buffer held off while the virtual line is high. */
	spe_unit_sysreg_write(u, SYS_PMBSR_EL1, 0);
	spe_unit_sysreg_write(u, SYS_PMBLIMITR_EL1, 0);
	hyp_spe_sync_irq(v);
}

void hyp_spe_inject_s1_fault(struct hyp_vcpu *v, uint64_t va, uint8_t fsc)
{
	struct hyp_vcpu_spe *s = v->spe;
	struct spe_unit *u = loaded_unit(v);

	if (!s || vpending(s))
		return;
	/* As the unit would report it (PMBSR_EL1.EC 0b100100, MSS = DFSC, PMBPTR = the address). */
	s->regs[R_PMBSR] = PMBSR_EL1_S_MASK | PMBSR_EL1_EC_PREP(PMBSR_EL1_EC_FAULT_S1) |
			   PMBSR_EL1_MSS_PREP(fsc);
	s->regs[R_PMBPTR] = va;
	if (u) {
		spe_unit_sysreg_write(u, SYS_PMBLIMITR_EL1, 0);
		spe_unit_sysreg_write(u, SYS_PMBPTR_EL1, va);
	}
	v->vm->spe->st.events++;
	hyp_spe_sync_irq(v);
}

void hyp_spe_sync_irq(struct hyp_vcpu *v)
{
	/* exclusive-host: a higher EL owns the buffer, so its interrupt is not the guest's. */
	if (v->spe && v->spe->feature && v->spe->irq && v->vm->gic)
		gicv3_set_ppi_level(v->vm->gic, v->id, v->spe->irq,
				    vpending(v->spe) && !spe_policy_hidden(v));
}

/* ---- trapped accesses and ONE_REG ---- */

static struct spe_unit *view(struct hyp_vcpu *v)
{
	struct spe_unit *u = loaded_unit(v);

	if (u) {
		cpu_spe_flush(v->pcpu->spe);	/* members so far count under the old values */
		cpu_spe_set_el(v->pcpu->spe, 2);
	}
	return u;
}

static void unview(struct hyp_vcpu *v, struct spe_unit *u)
{
	if (u)
		cpu_spe_set_el(v->pcpu->spe, (uint8_t)cpu_el(v->pcpu->cpu));
}

int hyp_spe_read(struct hyp_vcpu *v, uint32_t key, uint64_t *val)
{
	struct hyp_vcpu_spe *s = v->spe;
	struct spe_unit *u;
	int i = reg_index(key);

	if (!hyp_spe_visible(v, key))
		return -ENOENT;
	if (key == SYS_PMSIDR_EL1 || key == SYS_PMBIDR_EL1) {
		/* The virtual unit: the offered version's, buffer owned by EL1 (P = 0). */
		struct spe_unit *sc = scratch(v->vm, s->version);

		return sc && !spe_unit_sysreg_read(sc, key, val) ? 0 : -ENOENT;
	}
	if (i < 0)
		return -ENOENT;
	*val = s->regs[i];
	u = view(v);
	if (u && (i == R_PMSICR || i == R_PMBPTR))
		spe_unit_sysreg_read(u, key, val);	/* the hardware moves these */
	unview(v, u);
	return 0;
}

int hyp_spe_write(struct hyp_vcpu *v, uint32_t key, uint64_t val)
{
	struct hyp_vcpu_spe *s = v->spe;
	struct spe_unit *sc, *u;
	int i = reg_index(key);

	if (!hyp_spe_visible(v, key) || i < 0)
		return -ENOENT;
	sc = scratch(v->vm, s->version);
	if (!sc || spe_unit_sysreg_write(sc, key, val) || spe_unit_sysreg_read(sc, key, &val))
		return -EINVAL;
	s->regs[i] = val;
	u = view(v);
	if (u) {
		if (i == R_PMBSR || i == R_PMBLIMITR) {
			spe_unit_sysreg_write(u, SYS_PMBSR_EL1, 0);
			spe_unit_sysreg_write(u, SYS_PMBLIMITR_EL1, hw_limitr(s));
		} else {
			spe_unit_sysreg_write(u, key, val);
		}
	}
	unview(v, u);
	if (i == R_PMBPTR || i == R_PMBLIMITR)
		hyp_mm_spe_refresh(v, s->regs[R_PMBPTR], hw_limitr(s), true);
	if (i == R_PMBSR)
		hyp_spe_sync_irq(v);	/* the line follows S (level-sensitive) */
	spe_switch_activate(v);
	/*
	 * End the chunk after this instruction: the next one may be selected
	 * now, or (STOP_EXIT) the guest may just have started to profile.
	 */
	if (v->pcpu)
		cpu_set_budget(v->pcpu->cpu, cpu_now(v->pcpu->cpu) + 1);
	return 0;
}

/* ---- routing an SPE encoding: the physical CPU first ---- */

enum spe_access hyp_spe_route(struct hyp_pcpu *p, struct cpu_sysreg_access *acc)
{
	enum spe_access a;

	/* exclusive-host: a higher EL owns the buffer while the host profiles. */
	if (p->loaded && spe_policy_route(p->loaded, acc, &a))
		return a;
	/*
	 * TPMS and E2PB trap everything but PMBIDR_EL1, which only FEAT_FGT
	 * traps (HDFGRTR_EL2.PMBIDR_EL1, as KVM's v6 series): set for every
	 * guest, so the table answers (UNDEF without the feature, P = 0 with).
	 */
	if (!p->spe_unit)
		return SPE_ACCESS_UNDEF;
	cpu_spe_set_el(p->spe, (uint8_t)cpu_el(p->cpu));
	a = spe_unit_sysreg_access(p->spe_unit, acc->key, acc->is_write);
	if (a == SPE_ACCESS_OK && acc->key == SYS_PMBIDR_EL1 && cpu_el(p->cpu) == 1)
		return SPE_ACCESS_TRAP_EL2;
	return a == SPE_ACCESS_OK ? cpu_spe_sysreg(p->spe, acc) : a;
}

/* ---- running ---- */

int hyp_spe_cpu_run(struct hyp_vcpu *v, struct cpu *cpu, uint64_t budget,
		    struct cpu_stop *stop, uint64_t *executed)
{
	/* Every run drives the unit, owned or idle: time passes for a sample in flight. */
	if (!v->pcpu || !v->pcpu->spe_unit)
		return cpu_run(cpu, budget, stop, executed);
	cpu_spe_set_clock(v->pcpu->spe, v->vm->ticks, HYP_TICKS_PER_COUNT);
	/* TTBR/TCR/SCTLR writes are not trapped: the port's stage 1 as it is now. */
	if (v->spe && v->spe->hw) {
		uint64_t ptr = 0;

		spe_unit_sysreg_read(v->pcpu->spe_unit, SYS_PMBPTR_EL1, &ptr);
		hyp_mm_spe_refresh(v, ptr, hw_limitr(v->spe), false);
		if (hyp_mm_rlimit_pending(v)) {
			/* Not over an unpinned buffer: exit first (hyp_spe_stop_exit). */
			*executed = 0;
			memset(stop, 0, sizeof(*stop));
			stop->reason = CPU_STOP_BUDGET;
			return 0;
		}
	}
	return cpu_spe_run(v->pcpu->spe, budget, stop, executed);
}

/* STOP_EXIT: would the guest profile if it ran? */
static bool wants_to_profile(const struct hyp_vcpu_spe *s)
{
	return hyp_spe_guest_active(s);
}

static int stop_exit(struct hyp_vcpu *v, unsigned int p)
{
	/* KVM v5: FAIL_ENTRY with a zero reason (v4 used a flag and -EAGAIN). */
	memset(&v->run, 0, sizeof(v->run));
	v->run.exit_reason = VSPE_EXIT_FAIL_ENTRY;
	v->run.fail_entry.cpu = p;
	return 1;
}

int hyp_spe_stop_exit(struct hyp_vcpu *v)
{
	if (hyp_mm_rlimit_exit(v))
		return 1;
	if (!v->spe || v->spe->stop != VSPE_ARM_VCPU_SPE_STOP_EXIT || !wants_to_profile(v->spe))
		return 0;
	return stop_exit(v, v->pcpu ? (unsigned int)(v->pcpu - v->vm->pcpus) : 0);
}

int hyp_spe_check_entry(struct hyp_vcpu *v, unsigned int p)
{
	struct hyp_vm *vm = v->vm;

	if (v->spe && v->spe->feature && v->spe->stop == VSPE_ARM_VCPU_SPE_STOP_EXIT &&
	    wants_to_profile(v->spe))
		return stop_exit(v, p);

	if (!v->spe || !v->spe->feature || vm->cfg.spe[p] >= v->spe->version)
		return 0;
	/* KVM's vcpu_on_unsupported_cpu(): the VMM must fix the affinity. */
	memset(&v->run, 0, sizeof(v->run));
	v->run.exit_reason = VSPE_EXIT_FAIL_ENTRY;
	v->run.fail_entry.hardware_entry_failure_reason = VSPE_FAIL_ENTRY_CPU_UNSUPPORTED;
	v->run.fail_entry.cpu = p;
	return 1;
}

int hyp_spe_first_run(struct hyp_vm *vm)
{
	/* Called at every run, after the first-run set-up fixed gic_cpus (ids in use). */
	for (unsigned int i = 0; i < vm->gic_cpus; i++) {
		struct hyp_vcpu *v = vm->vcpus[i];

		if (v && v->spe && v->spe->feature && !v->spe->initialized)
			return hyp_vm_errorf(vm, -EPERM, "vcpu %u has the SPE feature but "
					     "SPE_CTRL/SPE_INIT was not done", i);
	}
	return 0;
}

/* ---- attributes: SPE_CTRL and SCHED_CTRL ---- */

/* KVM v4/v5 SPE_STOP: stop guest profiling for migration, or resume it. */
static int spe_stop(struct hyp_vcpu *v, int op, void *addr)
{
	struct hyp_vm *vm = v->vm;
	struct hyp_vcpu_spe *s = v->spe;
	int flag;

	if (!addr)
		return hyp_vm_errorf(vm, -EFAULT, "SPE_STOP: addr is NULL");
	if (!s->initialized)
		return hyp_vm_errorf(vm, -EAGAIN, "SPE_STOP: SPE is not initialized on vcpu %u",
				     v->id);
	if (op == 1) {
		memcpy(addr, &s->stop, sizeof(s->stop));
		return 0;
	}
	memcpy(&flag, addr, sizeof(flag));
	if (flag != VSPE_ARM_VCPU_SPE_STOP_TRAP && flag != VSPE_ARM_VCPU_SPE_STOP_EXIT &&
	    flag != VSPE_ARM_VCPU_SPE_RESUME)
		return hyp_vm_errorf(vm, -EINVAL, "SPE_STOP: 0x%x is not exactly one of "
				     "STOP_TRAP, STOP_EXIT, RESUME", (unsigned int)flag);
	/* Out of the unit first: the next vcpu_load applies the new mode. */
	if (v->pcpu)
		vcpu_put(v);
	s->stop = flag == VSPE_ARM_VCPU_SPE_RESUME ? 0 : flag;
	return 0;
}

static int spe_ctrl(struct hyp_vcpu *v, int op, uint64_t attr, void *addr)
{
	struct hyp_vm *vm = v->vm;
	struct hyp_vcpu_spe *s = v->spe;
	int irq;

	if (!s || !s->feature)
		return hyp_vm_errorf(vm, -ENXIO, "vcpu %u does not have the SPE feature", v->id);
	if (attr != VSPE_ARM_VCPU_SPE_IRQ && attr != VSPE_ARM_VCPU_SPE_INIT &&
	    attr != VSPE_ARM_VCPU_SPE_STOP && attr != VSPE_ARM_VCPU_SPE_STATS)
		return hyp_vm_errorf(vm, -ENXIO, "SPE_CTRL attribute %llu is not supported",
				     (unsigned long long)attr);
	if (op == 2)
		return 0;
	if (attr == VSPE_ARM_VCPU_SPE_STATS) {
		struct vspe_vcpu_spe_stats st;

		if (op != 1)
			return hyp_vm_errorf(vm, -ENXIO, "SPE_STATS can only be read");
		if (!addr)
			return hyp_vm_errorf(vm, -EFAULT, "SPE_STATS: addr is NULL");
		spe_vcpu_stats(v, &st);
		memcpy(addr, &st, sizeof(st));
		return 0;
	}
	if (attr == VSPE_ARM_VCPU_SPE_STOP)
		return spe_stop(v, op, addr);
	if (attr == VSPE_ARM_VCPU_SPE_INIT) {
		if (op == 1)
			return hyp_vm_errorf(vm, -ENXIO, "SPE_INIT cannot be read");
		if (s->initialized)
			return hyp_vm_errorf(vm, -EBUSY, "SPE already initialized on vcpu %u",
					     v->id);
		if (!s->irq)
			return hyp_vm_errorf(vm, -ENXIO, "SPE_INIT: set SPE_IRQ first");
		if (s->irq == TIMER_PPI_VIRT || s->irq == TIMER_PPI_PHYS)
			return hyp_vm_errorf(vm, -ENXIO, "SPE_INIT: PPI %u belongs to the timer",
					     s->irq);
		s->initialized = true;
		return 0;
	}
	if (!addr)
		return hyp_vm_errorf(vm, -EFAULT, "SPE_IRQ: addr is NULL");
	if (op == 1) {
		if (!s->irq)
			return hyp_vm_errorf(vm, -ENXIO, "SPE_IRQ is not set on vcpu %u", v->id);
		irq = (int)s->irq;
		memcpy(addr, &irq, sizeof(irq));
		return 0;
	}
	memcpy(&irq, addr, sizeof(irq));
	if (s->irq || s->initialized)
		return hyp_vm_errorf(vm, -EBUSY, "SPE_IRQ already set on vcpu %u", v->id);
	if (irq < 16 || irq > 31)
		return hyp_vm_errorf(vm, -EINVAL, "SPE_IRQ %d is not a PPI (16..31)", irq);
	for (unsigned int i = 0; i < VSPE_MAX_VCPUS; i++) {
		struct hyp_vcpu *o = vm->vcpus[i];

		if (o && o != v && o->spe && o->spe->irq && o->spe->irq != (unsigned int)irq)
			return hyp_vm_errorf(vm, -EINVAL, "SPE_IRQ %d differs from vcpu %u's %u",
					     irq, i, o->spe->irq);
	}
	s->irq = (unsigned int)irq;
	return 0;
}

static int sched_ctrl(struct hyp_vcpu *v, int op, uint64_t attr, void *addr)
{
	struct hyp_vm *vm = v->vm;
	uint64_t mask, all = vm->cfg.nr_pcpus >= 64 ? ~0ull : (1ull << vm->cfg.nr_pcpus) - 1;

	if (attr != VSPE_ARM_VCPU_SUPPORTED_CPUS)
		return hyp_vm_errorf(vm, -ENXIO, "SCHED_CTRL attribute %llu is not supported",
				     (unsigned long long)attr);
	if (op == 2)
		return 0;
	if (!addr)
		return hyp_vm_errorf(vm, -EFAULT, "SUPPORTED_CPUS: addr is NULL");
	if (op == 1) {
		mask = sched_allowed(vm->sched, v->id);
		memcpy(addr, &mask, sizeof(mask));
		return 0;
	}
	memcpy(&mask, addr, sizeof(mask));
	if (vm->ran)
		return hyp_vm_errorf(vm, -EBUSY, "SUPPORTED_CPUS: the VM has run");
	if (!mask || (mask & ~all))
		return hyp_vm_errorf(vm, -EINVAL, "SUPPORTED_CPUS 0x%llx: empty or names CPUs "
				     "the host lacks (it has %u)", (unsigned long long)mask,
				     vm->cfg.nr_pcpus);
	if (!v->spe && !(v->spe = calloc(1, sizeof(*v->spe))))
		return hyp_vm_errorf(vm, -ENOMEM, "out of memory");
	v->spe->user_cpus = true;
	hyp_vcpu_set_cpu_mask(v, mask);
	/* The offered version follows the SPE CPUs the vCPU may now use. */
	if (v->spe->feature && (mask & spe_cpus(vm, SPE_V1P0))) {
		v->spe->version = SPE_V1P2;
		for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++)
			if ((mask >> i & 1) && vm->cfg.spe[i] && vm->cfg.spe[i] < v->spe->version)
				v->spe->version = (enum spe_version)vm->cfg.spe[i];
		if (!scratch(vm, v->spe->version))
			return hyp_vm_errorf(vm, -ENOMEM, "out of memory");
	}
	return 0;
}

int hyp_vcpu_spe_attr(struct hyp_vcpu *v, int op, uint32_t group, uint64_t attr, void *addr)
{
	switch (group) {
	case VSPE_ARM_VCPU_SPE_CTRL:
		return spe_ctrl(v, op, attr, addr);
	case VSPE_ARM_VCPU_SCHED_CTRL:
		return sched_ctrl(v, op, attr, addr);
	default:
		return hyp_vm_errorf(v->vm, -ENXIO, "no device attribute group %u", group);
	}
}
