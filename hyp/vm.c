// SPDX-License-Identifier: GPL-2.0-only
/*
 * VMs: the host's physical CPUs (one engine each, per VM: memory maps are
 * per engine), memory slots mapped into every engine, the in-kernel GIC,
 * the virtual clock, and the scheduler loop behind vspe_vm_run.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hyp-internal.h"

/* vm_run returns VSPE_EXIT_INTR after this many slices with no exit. */
#define HYP_SLICES_PER_RUN	64

int hyp_vm_errorf(struct hyp_vm *vm, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vm->error, sizeof(vm->error), fmt, ap);
	va_end(ap);
	return err;
}

const char *hyp_vm_error(const struct hyp_vm *vm)
{
	return vm ? vm->error : "no VM";
}

void hyp_vm_destroy(struct hyp_vm *vm)
{
	if (!vm)
		return;
	for (unsigned int i = 0; i < VSPE_MAX_VCPUS; i++)
		hyp_vcpu_destroy(vm->vcpus[i]);
	hyp_spe_vm_destroy(vm);
	hyp_mm_destroy(vm);
	hyp_dirty_destroy(vm);
	for (unsigned int i = 0; vm->pcpus && i < vm->cfg.nr_pcpus; i++)
		cpu_destroy(vm->pcpus[i].cpu);
	free(vm->pcpus);
	cpu_destroy(vm->scratch);
	sched_destroy(vm->sched);
	gicv3_destroy(vm->gic);
	free(vm);
}

int hyp_vm_create(const struct hyp_vm_config *cfg, struct hyp_vm **out)
{
	struct hyp_vm *vm;

	if (!cfg || !out || cfg->nr_pcpus == 0 || cfg->nr_pcpus > VSPE_MAX_HOST_CPUS ||
	    cfg->sched > VSPE_SCHED_RR)
		return -EINVAL;
	if (hyp_sysreg_table_check())
		return -EINVAL;
	vm = calloc(1, sizeof(*vm));
	if (!vm)
		return -ENOMEM;
	vm->cfg = *cfg;
	vm->pcpus = calloc(cfg->nr_pcpus, sizeof(*vm->pcpus));
	vm->sched = sched_create(cfg->nr_pcpus, cfg->quantum, cfg->seed);
	if (vm->sched)
		sched_set_policy(vm->sched, cfg->sched == VSPE_SCHED_RR ? SCHED_RR : SCHED_AFFINE);
	if (!vm->pcpus || !vm->sched || cpu_create(0xffff, &vm->scratch)) {
		hyp_vm_destroy(vm);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < cfg->nr_pcpus; i++) {
		struct hyp_pcpu *p = &vm->pcpus[i];

		if (cpu_create(i, &p->cpu)) {
			hyp_vm_destroy(vm);
			return -ENOMEM;
		}
		p->vm = vm;
		cpu_set_sysreg_handler(p->cpu, hyp_sysreg_trap, p);
	}
	if (hyp_spe_vm_init(vm)) {
		hyp_vm_destroy(vm);
		return -ENOMEM;
	}
	hyp_vm_probe_ids(vm, vm->scratch);
	*out = vm;
	return 0;
}

int hyp_vm_set_memslot(struct hyp_vm *vm, uint32_t slot, uint32_t flags, uint64_t gpa,
		       uint64_t size, void *host)
{
	struct hyp_memslot *s;
	int err = 0;

	if (slot >= HYP_MAX_MEMSLOTS)
		return hyp_vm_errorf(vm, -EINVAL, "slot %u out of range (max %u)", slot,
				     HYP_MAX_MEMSLOTS - 1);
	/* hyp_mem's stage 2 is built from the slots at the first run. */
	if (vm->mm && (!vm->slots[slot].used || !size))
		return hyp_vm_errorf(vm, -EBUSY, "slot %u: memslots are fixed once the VM "
				     "runs with memory management", slot);
	s = &vm->slots[slot];
	if (s->used) {
		/* KVM: a slot is deleted (size 0) or keeps its place and size. */
		if (size && (gpa != s->gpa || size != s->size || host != s->host))
			return hyp_vm_errorf(vm, -EINVAL, "slot %u exists: delete it first",
					     slot);
		if (size) {
			/* Only flags may change; dirty logging starts or stops with them. */
			err = hyp_dirty_slot_flags(vm, slot, s->flags, flags);
			if (!err)
				s->flags = flags;
			return err;
		}
		hyp_dirty_slot_flags(vm, slot, s->flags, 0);
		cpu_unmap_ram(vm->scratch, s->gpa, s->size);
		for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++)
			cpu_unmap_ram(vm->pcpus[i].cpu, s->gpa, s->size);
		memset(s, 0, sizeof(*s));
		return 0;
	}
	if (!size)
		return hyp_vm_errorf(vm, -EINVAL, "slot %u does not exist", slot);
	for (unsigned int i = 0; i < HYP_MAX_MEMSLOTS; i++) {
		const struct hyp_memslot *o = &vm->slots[i];

		if (o->used && gpa < o->gpa + o->size && o->gpa < gpa + size)
			return hyp_vm_errorf(vm, -EEXIST, "guest range overlaps slot %u", i);
	}
	err = cpu_map_ram(vm->scratch, gpa, size, host, flags & VSPE_MEM_READONLY);
	for (unsigned int i = 0; !err && i < vm->cfg.nr_pcpus; i++)
		err = cpu_map_ram(vm->pcpus[i].cpu, gpa, size, host, flags & VSPE_MEM_READONLY);
	if (err) {
		cpu_unmap_ram(vm->scratch, gpa, size);
		for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++)
			cpu_unmap_ram(vm->pcpus[i].cpu, gpa, size);
		return hyp_vm_errorf(vm, -ENOMEM, "mapping slot %u failed: %s", slot,
				     cpu_strerror(err));
	}
	*s = (struct hyp_memslot){ .used = true, .flags = flags, .gpa = gpa, .size = size,
				   .host = host };
	err = hyp_dirty_slot_flags(vm, slot, 0, flags);
	if (err)
		s->flags = flags & ~VSPE_MEM_LOG_DIRTY_PAGES;
	return err;
}

bool hyp_vm_has_run(const struct hyp_vm *vm)
{
	return vm->ran;
}

uint64_t hyp_vm_instructions(const struct hyp_vm *vm)
{
	return vm ? vm->instructions : 0;
}

/*
 * The GIC's MMIO is served inside the CPU's memory system: synchronous, no
 * exit, any access form. A write that makes an interrupt deliverable to the
 * running vCPU ends its run soon (the next block) so it can be taken.
 */
static void gic_kick(struct hyp_pcpu *p, struct cpu *cpu)
{
	if (p->loaded && gicv3_irq_pending(p->vm->gic, p->loaded->id))
		cpu_set_budget(cpu, cpu_now(cpu) + 1);
}

static uint64_t gic_dist_read(void *opaque, struct cpu *cpu, uint64_t off, unsigned int len)
{
	struct hyp_pcpu *p = opaque;
	uint64_t val = 0;

	(void)cpu;
	gicv3_dist_read(p->vm->gic, off, len, &val);
	return val;
}

static void gic_dist_write(void *opaque, struct cpu *cpu, uint64_t off, unsigned int len,
			   uint64_t val)
{
	struct hyp_pcpu *p = opaque;

	gicv3_dist_write(p->vm->gic, off, len, val);
	gic_kick(p, cpu);
}

static uint64_t gic_redist_read(void *opaque, struct cpu *cpu, uint64_t off, unsigned int len)
{
	struct hyp_pcpu *p = opaque;
	uint64_t val = 0;

	(void)cpu;
	gicv3_redist_read(p->vm->gic, off, len, &val);
	return val;
}

static void gic_redist_write(void *opaque, struct cpu *cpu, uint64_t off, unsigned int len,
			     uint64_t val)
{
	struct hyp_pcpu *p = opaque;

	gicv3_redist_write(p->vm->gic, off, len, val);
	gic_kick(p, cpu);
}

/* First run: the GIC gets one CPU interface per vCPU id (as KVM's vgic init). */
static int vm_first_run(struct hyp_vm *vm)
{
	unsigned int n = 0;

	if (vm->ran)
		return 0;
	for (unsigned int i = 0; i < VSPE_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			n = i + 1;
	if (n == 0)
		return hyp_vm_errorf(vm, -EINVAL, "the VM has no vcpu");
	vm->gic = gicv3_create(n, HYP_GIC_NR_SPIS);
	if (!vm->gic)
		return hyp_vm_errorf(vm, -ENOMEM, "GIC creation failed");
	for (unsigned int i = 0; i < n; i++)
		if (vm->vcpus[i])
			gicv3_set_cpu_affinity(vm->gic, i, hyp_vcpu_mpidr(vm->vcpus[i]));
	for (unsigned int i = 0; i < HYP_GIC_NR_SPIS; i++)
		if (vm->spi_levels >> i & 1)
			gicv3_set_spi_level(vm->gic, 32 + i, true);
	vm->gic_cpus = n;
	for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++) {
		struct hyp_pcpu *p = &vm->pcpus[i];
		int err = cpu_map_mmio(p->cpu, HYP_GIC_DIST_BASE, GICV3_DIST_SIZE,
				       gic_dist_read, gic_dist_write, p);

		if (!err)
			err = cpu_map_mmio(p->cpu, HYP_GIC_REDIST_BASE,
					   (uint64_t)n * GICV3_REDIST_STRIDE, gic_redist_read,
					   gic_redist_write, p);
		if (err) {
			gicv3_destroy(vm->gic);
			vm->gic = NULL;
			return hyp_vm_errorf(vm, -EBUSY, "GIC MMIO at 0x%llx: %s (a memslot "
					     "overlaps it?)",
					     (unsigned long long)HYP_GIC_DIST_BASE,
					     cpu_strerror(err));
		}
	}
	vm->ran = true;
	return 0;
}

/* Everything the first run sets up, without running (restoring a snapshot). */
int hyp_vm_prepare(struct hyp_vm *vm)
{
	int err;

	for (unsigned int i = 0; i < VSPE_MAX_VCPUS; i++)
		if (vm->vcpus[i] && !vm->vcpus[i]->initialized)
			return hyp_vm_errorf(vm, -EINVAL, "vcpu %u is not initialized", i);
	err = vm_first_run(vm);
	if (!err)
		err = hyp_spe_first_run(vm);
	if (!err)
		err = hyp_mm_start(vm);
	return err;
}

int hyp_vm_irq_line(struct hyp_vm *vm, unsigned int intid, bool level)
{
	if (intid < 32 || intid >= 32 + HYP_GIC_NR_SPIS)
		return hyp_vm_errorf(vm, -EINVAL, "INTID %u is not an SPI (32..%u)", intid,
				     32 + HYP_GIC_NR_SPIS - 1);
	/* Before the first run the GIC does not exist yet: remember the level. */
	if (level)
		vm->spi_levels |= 1ull << (intid - 32);
	else
		vm->spi_levels &= ~(1ull << (intid - 32));
	if (vm->gic)
		gicv3_set_spi_level(vm->gic, intid, level);
	return 0;
}

static void fail_entry(struct hyp_vcpu *v, uint64_t reason)
{
	memset(&v->run, 0, sizeof(v->run));
	v->run.exit_reason = VSPE_EXIT_FAIL_ENTRY;
	v->run.fail_entry.hardware_entry_failure_reason = reason;
	v->run.fail_entry.cpu = v->pcpu ? cpu_index(v->pcpu->cpu) : 0;
}

static void exit_simple(struct hyp_vcpu *v, uint32_t reason)
{
	if (!v)
		return;
	memset(&v->run, 0, sizeof(v->run));
	v->run.exit_reason = reason;
}

/*
 * The loops below run after the first-run set-up: vm->gic_cpus is then one
 * past the highest vCPU id (vCPUs cannot be added once the VM ran).
 *
 * Nothing is runnable: wake sleepers whose interrupt is pending, else jump
 * the virtual clock to the earliest timer event (never spin). Returns false
 * when no event can ever come (the guest hangs).
 */
static bool vm_idle(struct hyp_vm *vm)
{
	uint64_t now = vm->ticks / HYP_TICKS_PER_COUNT, next = TIMER_NEVER;
	bool woke = false;

	for (unsigned int i = 0; i < vm->gic_cpus; i++) {
		struct hyp_vcpu *v = vm->vcpus[i];

		if (!v || v->state != VCPU_WFI)
			continue;
		if (hyp_vcpu_wakeable(v)) {
			hyp_vcpu_set_state(v, VCPU_RUNNABLE);
			woke = true;
			continue;
		}
		uint64_t e = timer_next_event(&v->timer, now);

		if (e < next)
			next = e;
	}
	if (woke)
		return true;
	if (next == TIMER_NEVER || next > UINT64_MAX / HYP_TICKS_PER_COUNT)
		return false;
	vm->ticks = next * HYP_TICKS_PER_COUNT;
	return true;
}

static void wake_sleepers(struct hyp_vm *vm)
{
	for (unsigned int i = 0; i < vm->gic_cpus; i++) {
		struct hyp_vcpu *v = vm->vcpus[i];

		if (v && v->state == VCPU_WFI && hyp_vcpu_wakeable(v))
			hyp_vcpu_set_state(v, VCPU_RUNNABLE);
	}
}

static struct hyp_vcpu *first_vcpu(struct hyp_vm *vm)
{
	for (unsigned int i = 0; i < vm->gic_cpus; i++)
		if (vm->vcpus[i])
			return vm->vcpus[i];
	return NULL;
}

int hyp_vm_run(struct hyp_vm *vm, struct hyp_vcpu **exited)
{
	int err = vm_first_run(vm);

	if (err)
		return err;
	for (unsigned int i = 0; i < vm->gic_cpus; i++) {
		struct hyp_vcpu *v = vm->vcpus[i];

		if (v && !v->initialized) {
			fail_entry(v, VSPE_FAIL_ENTRY_NOT_INITIALIZED);
			*exited = v;
			return 0;
		}
	}
	err = hyp_spe_first_run(vm);
	if (!err)
		err = hyp_mm_start(vm);
	if (err)
		return err;
	for (unsigned int slices = 0; slices < HYP_SLICES_PER_RUN; slices++) {
		unsigned int task, p;
		struct hyp_vcpu *v;

		wake_sleepers(vm);
		if (sched_next(vm->sched, &task, &p) != SCHED_OK) {
			if (vm_idle(vm)) {
				slices--;
				continue;
			}
			v = first_vcpu(vm);
			exit_simple(v, VSPE_EXIT_HALTED);
			*exited = v;
			return 0;
		}
		v = vm->vcpus[task];
		if (hyp_spe_check_entry(v, p)) {
			*exited = v;
			return 0;
		}
		vcpu_load(v, &vm->pcpus[p]);
		err = hyp_vcpu_run_slice(v, sched_quantum(vm->sched));
		hyp_mm_slice(vm);
		if (err) {
			*exited = v;
			return 0;
		}
	}
	/* A time slice with nothing for user space (KVM: -EINTR). */
	*exited = first_vcpu(vm);
	exit_simple(*exited, VSPE_EXIT_INTR);
	return 0;
}

int hyp_vcpu_run(struct hyp_vcpu *v)
{
	struct hyp_vm *vm = v->vm;
	int err = vm_first_run(vm);
	unsigned int p;

	if (err)
		return err;
	if (!v->initialized) {
		fail_entry(v, VSPE_FAIL_ENTRY_NOT_INITIALIZED);
		return 0;
	}
	err = hyp_spe_first_run(vm);
	if (!err)
		err = hyp_mm_start(vm);
	if (err)
		return err;
	if (v->state == VCPU_WFI && hyp_vcpu_wakeable(v))
		hyp_vcpu_set_state(v, VCPU_RUNNABLE);
	if (v->state == VCPU_RUNNABLE) {
		uint64_t mask = sched_allowed(vm->sched, v->id);

		/* Stay where it is when allowed, else the lowest allowed CPU. */
		p = v->pcpu ? (unsigned int)(v->pcpu - vm->pcpus) : 0;
		if (!(mask >> p & 1))
			for (p = 0; !(mask >> p & 1); p++)
				;
		if (hyp_spe_check_entry(v, p))
			return 0;
		/* vspe_vm_run's next pick starts from where it really ran. */
		sched_set_home(vm->sched, v->id, (int)p);
		vcpu_load(v, &vm->pcpus[p]);
		err = hyp_vcpu_run_slice(v, sched_quantum(vm->sched));
		hyp_mm_slice(vm);
		if (err)
			return 0;
	}
	if (v->state == VCPU_WFI) {
		uint64_t e = timer_next_event(&v->timer, vm->ticks / HYP_TICKS_PER_COUNT);
		bool others = false;

		for (unsigned int i = 0; i < VSPE_MAX_VCPUS; i++)
			if (vm->vcpus[i] && vm->vcpus[i] != v &&
			    vm->vcpus[i]->state == VCPU_RUNNABLE)
				others = true;
		if (!others && e == TIMER_NEVER) {
			exit_simple(v, VSPE_EXIT_HALTED);
			return 0;
		}
		if (!others)
			vm->ticks = e * HYP_TICKS_PER_COUNT;
	}
	exit_simple(v, VSPE_EXIT_INTR);
	return 0;
}
