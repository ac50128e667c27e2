// SPDX-License-Identifier: GPL-2.0-only
/*
 * Guest memory management in the running VM (docs/mmint.md): the VM's
 * memslots become a hyp_mem (real stage 2) over a simulated host mm, the
 * SPE units of SPE vCPUs write through hyp_mem's port (stage-2 faults are
 * real), the pinning strategy follows the guest's buffer registers, and the
 * host's memory storm runs at slice boundaries.
 *
 * CPU accesses (docs/mmint.md "CPU accesses"): every data access and block
 * fetch of a CPU is checked against stage 2 before it happens (hw/cpu's
 * access reports), and a missing or read-only entry is a stage-2 fault
 * resolved here, counted as CPU. The bytes of pages the storm swapped out
 * or KSM-merged are brought back at the host after each storm step,
 * because QEMU also reads guest memory where no hook sees it (its own
 * table walker, the translator); their stage-2 entries stay invalid, so
 * the CPU's next access still faults and the SPE unit meets exactly the
 * stage-2 faults the storm caused.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch/sysreg.h"
#include "hyp-internal.h"
#include "hyp/mem.h"

#define MM_LOG_CAP	4096u
/* Entries of the CPUs' stage-2 cache (a power of two): IPA page -> mapped, writable. */
#define MM_S2_CACHE	1024u
/* Instructions per storm call, so that one call never fills the log. */
#define MM_STORM_STEP	2048u

struct hyp_vm_mm {
	struct host_mm *host;
	struct hyp_mem *mem;
	enum hyp_mem_pin_mode mode;	/* AUTO resolved at the first run */
	struct host_mm_event log[MM_LOG_CAP];
	uint64_t last_insns;
	uint64_t cpu_refaults, spe_restarts, limit_exits, s1_events;
	/* BUFFER over the limit: the vCPU exits with VSPE_EXIT_RLIMIT. */
	bool rlimit[VSPE_MAX_VCPUS];
	uint64_t rlimit_needed[VSPE_MAX_VCPUS], rlimit_va[VSPE_MAX_VCPUS];
	/*
	 * What the CPUs last found at stage 2 (a TLB for the access reports):
	 * valid while stage2_tlb_gen() has not moved (every unmap and
	 * write-protect moves it).
	 */
	struct { uint64_t page, gen; bool writable; } s2c[MM_S2_CACHE];
	uint64_t cpu_accesses, cpu_walks;
};

static void mm_cpu_access(void *opaque, struct cpu *cpu, uint64_t ipa, enum cpu_access_kind k);

static enum hyp_mem_pin_mode pin_mode(const struct hyp_vm *vm)
{
	switch (vm->mmcfg.pin) {
	case VSPE_SPE_PIN_BUFFER:
		return HYP_MEM_PIN_BUFFER;
	case VSPE_SPE_PIN_ALL:
		return HYP_MEM_PIN_ALL;
	case VSPE_SPE_PIN_NONE:
		return HYP_MEM_PIN_NONE;
	default:
		break;
	}
	/*
	 * AUTO: ALL when a vCPU can profile, the one strategy that never loses a
	 * record whatever the guest does (docs/memory.md "The default"); a VM
	 * without SPE has no record to lose, so the host keeps every page.
	 */
	for (unsigned int i = 0; i < VSPE_MAX_VCPUS; i++)
		if (vm->vcpus[i] && hyp_spe_visible(vm->vcpus[i], SYS_PMBLIMITR_EL1))
			return HYP_MEM_PIN_ALL;
	return HYP_MEM_PIN_NONE;
}

int hyp_vm_set_mm(struct hyp_vm *vm, const struct vspe_vm_mm_config *cfg)
{
	if (!cfg || cfg->pin > VSPE_SPE_PIN_NONE || cfg->identity > 1 ||
	    cfg->storm_rate > 1000000u || cfg->pad ||
	    (cfg->pin_limit && cfg->pin_limit < HOST_MM_PAGE_SIZE))
		return hyp_vm_errorf(vm, -EINVAL, "mm config: identity 0|1, pin 0..3, "
				     "storm_rate <= 1000000, pin_limit 0 or >= 4096 bytes");
	if (cfg->pin_limit && cfg->pin != VSPE_SPE_PIN_BUFFER)
		return hyp_vm_errorf(vm, -EINVAL, "mm config: pin_limit applies to the "
				     "buffer strategy only");
	if (vm->ran || vm->mm)
		return hyp_vm_errorf(vm, -EBUSY, "mm config: the VM has run");
	vm->mmcfg = *cfg;
	return 0;
}

void hyp_mm_destroy(struct hyp_vm *vm)
{
	if (!vm->mm)
		return;
	for (unsigned int p = 0; p < vm->cfg.nr_pcpus; p++)
		if (vm->pcpus && vm->pcpus[p].cpu)
			cpu_set_access_handler(vm->pcpus[p].cpu, NULL, NULL, NULL);
	hyp_mem_destroy(vm->mm->mem);	/* before the host mm it listens to */
	host_mm_destroy(vm->mm->host);
	free(vm->mm);
	vm->mm = NULL;
}

/*
 * The pages the VMM wrote (the loaded images) are resident in a real host;
 * untouched zero pages are not. Without this the storm would find nothing
 * to move but the pages SPE faulted in.
 */
static int mm_touch_loaded(struct hyp_vm_mm *mm, const struct hyp_memslot *s)
{
	static const uint8_t zero[HOST_MM_PAGE_SIZE];

	for (uint64_t off = 0; off < s->size; off += HOST_MM_PAGE_SIZE) {
		struct host_mm_page pg;
		int err;

		if (!memcmp((const uint8_t *)s->host + off, zero, HOST_MM_PAGE_SIZE))
			continue;
		err = host_mm_fault_in(mm->host, (s->gpa + off) / HOST_MM_PAGE_SIZE, false, &pg);
		if (err)
			return HYP_MEM_ENOMEM;
	}
	return 0;
}

/*
 * CPU accesses matter to the mm only where stage 2 can change under them
 * or be read by an SPE unit: pages the storm moves, and pages mapped on
 * first touch (pin buffer/none) that a unit may sample or write next.
 * Elsewhere the CPUs run without access reports, so hw/cpu needs no
 * memory hooks and loads and stores stay on Unicorn's fast path.
 */
static bool mm_cpu_reports_needed(const struct hyp_vm *vm, enum hyp_mem_pin_mode mode)
{
	if (vm->mmcfg.storm_rate)
		return true;
	if (mode == HYP_MEM_PIN_ALL)
		return false;
	for (unsigned int p = 0; p < vm->cfg.nr_pcpus; p++)
		if (vm->pcpus[p].spe_unit)
			return true;
	return false;
}

int hyp_mm_start(struct hyp_vm *vm)
{
	struct host_mm_config hc = { .seed = vm->mmcfg.storm_seed, .rate = vm->mmcfg.storm_rate };
	struct hyp_mem_config mc = { .ipa_bits = 48, .nvcpus = VSPE_MAX_VCPUS,
				     .pin_limit_pages = vm->mmcfg.pin_limit / HOST_MM_PAGE_SIZE };
	struct hyp_vm_mm *mm;
	uint64_t pages = 0;
	int err;

	/* Called at every run: done once (pin_mode looks at every vCPU). */
	if (vm->mmcfg.identity || vm->mm)
		return 0;
	mc.mode = pin_mode(vm);
	for (unsigned int i = 0; i < HYP_MAX_MEMSLOTS; i++)
		if (vm->slots[i].used)
			pages += vm->slots[i].size / HOST_MM_PAGE_SIZE;
	/* Room for every page twice (migration, COW) and the huge-frame rounding. */
	hc.nframes = 2 * pages + 2 * HOST_MM_GIANT_PAGES;
	mm = calloc(1, sizeof(*mm));
	if (!mm)
		return hyp_vm_errorf(vm, -ENOMEM, "mm: out of memory");
	vm->mm = mm;
	mm->mode = mc.mode;
	err = host_mm_create(&hc, &mm->host);
	if (err) {
		hyp_mm_destroy(vm);
		return hyp_vm_errorf(vm, -ENOMEM, "mm: host: %s", host_mm_strerror(err));
	}
	err = hyp_mem_create(&mc, mm->host, &mm->mem);
	if (err)
		goto fail;
	for (unsigned int i = 0; i < HYP_MAX_MEMSLOTS; i++) {
		const struct hyp_memslot *s = &vm->slots[i];
		int id;

		if (!s->used)
			continue;
		id = hyp_mem_add_slot(mm->mem, s->gpa, s->size, s->host, true);
		if (id < 0) {
			err = id;
			goto fail;
		}
		/* Only a storm needs to know which pages are resident (a scan of all RAM). */
		if (hc.rate) {
			err = mm_touch_loaded(mm, s);
			if (err)
				goto fail;
		}
		if (mc.mode == HYP_MEM_PIN_ALL) {
			err = hyp_mem_lock_slot(mm->mem, id, !(s->flags & VSPE_MEM_READONLY));
			if (err)
				goto fail;
		}
	}
	for (unsigned int p = 0; p < vm->cfg.nr_pcpus && mm_cpu_reports_needed(vm, mc.mode); p++)
		cpu_set_access_handler(vm->pcpus[p].cpu, mm_cpu_access, mm,
				       stage2_tlb_gen_ptr(hyp_mem_stage2(mm->mem)));
	return 0;
fail:
	hyp_mm_destroy(vm);
	return hyp_vm_errorf(vm, err == HYP_MEM_ENOMEM ? -ENOMEM : -EINVAL, "mm: %s",
			     hyp_mem_strerror(err));
}

/* The loaded guest's stage-1 controls (not trapped: read them now). */
static void spe_set_s1(struct hyp_vcpu *v)
{
	struct cpu *cpu = v->pcpu->cpu;
	struct hyp_mem_s1 s1 = { 0 };
	uint64_t sctlr = 0;

	cpu_sysreg_read(cpu, SYS_TTBR0_EL1, &s1.ttbr0);
	cpu_sysreg_read(cpu, SYS_TTBR1_EL1, &s1.ttbr1);
	cpu_sysreg_read(cpu, SYS_TCR_EL1, &s1.tcr);
	cpu_sysreg_read(cpu, SYS_SCTLR_EL1, &sctlr);
	s1.mmu_on = SCTLR_EL1_M_GET(sctlr);
	hyp_mem_vcpu_set_s1(v->vm->mm->mem, v->id, &s1);
}

void hyp_mm_spe_refresh(struct hyp_vcpu *v, uint64_t pmbptr, uint64_t pmblimitr,
			bool programmed)
{
	struct hyp_vm_mm *mm = v->vm->mm;
	struct hyp_mem_buffer_fault f = { 0 };
	int r;

	if (!mm || !v->pcpu)
		return;
	spe_set_s1(v);
	r = hyp_mem_buffer_update(mm->mem, v->id, pmbptr, pmblimitr, &f);
	mm->rlimit[v->id] = false;
	if (r == 1 && programmed) {
		/* KVM v6: no translation for the buffer: the guest gets the
		 * stage-1 fault event now, not a buffer that would fault. A hole
		 * made by the tables (break-before-make, TLBI) keeps the old pins
		 * until they map the buffer again. */
		mm->s1_events++;
		hyp_spe_inject_s1_fault(v, f.va, f.fsc);
	} else if (r == HYP_MEM_ELIMIT) {
		/* The old pins stay; user space hears of it (KVM_EXIT_RLIMIT). */
		mm->rlimit[v->id] = true;
		mm->rlimit_needed[v->id] = f.needed_pages * HOST_MM_PAGE_SIZE;
		mm->rlimit_va[v->id] = pmbptr;
	}
}

int hyp_mm_rlimit_exit(struct hyp_vcpu *v)
{
	struct hyp_vm_mm *mm = v->vm->mm;

	if (!mm || !mm->rlimit[v->id])
		return 0;
	mm->rlimit[v->id] = false;
	mm->limit_exits++;
	memset(&v->run, 0, sizeof(v->run));
	v->run.exit_reason = VSPE_EXIT_RLIMIT;
	v->run.rlimit.limit = v->vm->mmcfg.pin_limit;
	v->run.rlimit.needed = mm->rlimit_needed[v->id];
	v->run.rlimit.buffer_va = mm->rlimit_va[v->id];
	return 1;
}

int hyp_mm_tlbi(struct hyp_vm *vm)
{
	return vm->mm && hyp_mem_buffer_tlbi(vm->mm->mem) ? 1 : 0;
}

bool hyp_mm_rlimit_pending(const struct hyp_vcpu *v)
{
	return v->vm->mm && v->vm->mm->rlimit[v->id];
}

/*
 * Every CPU data access and block fetch to RAM (hw/cpu's access reports):
 * the access goes through stage 2 as it is now. A missing entry (the host
 * reclaimed, migrated, NUMA-unmapped, KSM-merged or split the page since)
 * or a read-only one for a write is a stage-2 fault the hypervisor
 * resolves before the access happens, counted as a CPU fault, as KVM's
 * user_mem_abort() would.
 */
static void mm_cpu_access(void *opaque, struct cpu *cpu, uint64_t ipa, enum cpu_access_kind k)
{
	struct hyp_vm_mm *mm = opaque;
	struct stage2 *s2 = hyp_mem_stage2(mm->mem);
	uint64_t page = ipa >> 12, gen = stage2_tlb_gen(s2) + 1;
	unsigned int i = (unsigned int)page & (MM_S2_CACHE - 1);
	bool write = k == CPU_ACCESS_WRITE;
	void *hva;

	(void)cpu;
	mm->cpu_accesses++;
	if (mm->s2c[i].gen == gen && mm->s2c[i].page == page && (mm->s2c[i].writable || !write))
		return;
	mm->cpu_walks++;
	/* Outside every slot (MMIO) or a fault the host cannot serve: the CPU's own path. */
	if (hyp_mem_cpu_access(mm->mem, ipa, write, &hva))
		return;
	mm->s2c[i].page = page;
	mm->s2c[i].gen = stage2_tlb_gen(s2) + 1;
	mm->s2c[i].writable = write;
}

void hyp_mm_spe_load(struct hyp_vcpu *v, struct spe_unit *u)
{
	if (!v->vm->mm)
		return;
	spe_unit_set_port(u, hyp_mem_spe_port(v->vm->mm->mem, v->id));
}

int hyp_mm_spe_fault(struct hyp_vcpu *v)
{
	if (!v->vm->mm || hyp_mem_spe_fix_fault(v->vm->mm->mem, v->id))
		return 0;
	v->vm->mm->spe_restarts++;
	return 1;
}

/* Bring back, at the host, what the CPUs must not see scribbled or shared. */
static void mm_refault(struct hyp_vm_mm *mm)
{
	size_t n = host_mm_event_log_len(mm->host);

	for (size_t i = 0; i < n; i++) {
		const struct host_mm_event *e = &mm->log[i];
		struct host_mm_page pg;

		if (e->result || (e->kind != HOST_MM_EV_RECLAIM && e->kind != HOST_MM_EV_KSM))
			continue;
		if (!host_mm_fault_in(mm->host, e->gfn, e->kind == HOST_MM_EV_KSM, &pg))
			mm->cpu_refaults++;
	}
}

void hyp_mm_slice(struct hyp_vm *vm)
{
	struct hyp_vm_mm *mm = vm->mm;
	uint64_t todo;

	if (!mm || !vm->mmcfg.storm_rate)
		return;
	todo = vm->instructions - mm->last_insns;
	mm->last_insns = vm->instructions;
	while (todo) {
		uint64_t step = todo < MM_STORM_STEP ? todo : MM_STORM_STEP;

		host_mm_set_event_log(mm->host, mm->log, MM_LOG_CAP);
		host_mm_storm(mm->host, step);
		mm_refault(mm);
		todo -= step;
	}
	host_mm_set_event_log(mm->host, NULL, 0);
}

int hyp_vm_mm_stats(const struct hyp_vm *vm, struct vspe_vm_mm_stats *st)
{
	struct hyp_mem_stats ms;
	struct host_mm_stats hs;

	if (!st)
		return -EINVAL;
	if (!vm->mm)
		return -ENODEV;
	hyp_mem_get_stats(vm->mm->mem, &ms);
	host_mm_get_stats(vm->mm->host, &hs);
	*st = (struct vspe_vm_mm_stats){
		.pinned_pages = ms.pinned_pages, .pin_ops = ms.pin_ops,
		.unpin_ops = ms.unpin_ops, .s2_faults_cpu = ms.s2_faults[HYP_MEM_SRC_CPU],
		.s2_faults_spe = ms.s2_faults[HYP_MEM_SRC_SPE],
		.unexpected_faults = ms.unexpected_faults, .records_lost = ms.records_lost,
		.storm_refused = hs.skipped_pinned, .cpu_refaults = vm->mm->cpu_refaults,
		.spe_restarts = vm->mm->spe_restarts, .limit_exits = vm->mm->limit_exits,
		.s1_events = vm->mm->s1_events, .unexpected_ipa = ms.last_unexpected_ipa,
		.cpu_reports = vm->mm->cpu_accesses, .cpu_walks = vm->mm->cpu_walks,
		.pin = vm->mm->mode == HYP_MEM_PIN_ALL ? VSPE_SPE_PIN_ALL :
		       vm->mm->mode == HYP_MEM_PIN_BUFFER ? VSPE_SPE_PIN_BUFFER : VSPE_SPE_PIN_NONE,
	};
	for (unsigned int k = 0; k < HOST_MM_EV_KINDS; k++)
		st->storm_events += hs.events[k];
	return 0;
}

/* Snapshots: the storm's generator and how far it got (docs/migration.md). */
void hyp_mm_state_save(struct hyp_vm *vm, uint64_t w[HYP_MM_STATE_WORDS])
{
	memset(w, 0, HYP_MM_STATE_WORDS * sizeof(uint64_t));
	if (!vm->mm)
		return;
	host_mm_storm_state_get(vm->mm->host, &w[0], &w[1]);
	w[2] = vm->mm->last_insns;
	w[3] = vm->mm->cpu_refaults;
	w[4] = vm->mm->spe_restarts;
}

int hyp_mm_state_load(struct hyp_vm *vm, const uint64_t w[HYP_MM_STATE_WORDS])
{
	if (!vm->mm)
		return w[0] || w[1] || w[2] || w[3] || w[4] ? -EINVAL : 0;
	if (host_mm_storm_state_set(vm->mm->host, w[0], w[1]))
		return -EINVAL;
	vm->mm->last_insns = w[2];
	vm->mm->cpu_refaults = w[3];
	vm->mm->spe_restarts = w[4];
	return 0;
}
