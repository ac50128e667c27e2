// SPDX-License-Identifier: GPL-2.0-only
/*
 * include/vspe/vspe.h on top of hyp/: every argument is checked here
 * (negative errno + vspe_last_error()), then the hypervisor does the work.
 */
#include "vspe/vspe.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/prof.h"
#include "hyp/hyp.h"

#define IPA_BITS	40	/* guest-physical address space */
#define PAGE		4096ull

struct vspe_system {
	struct vspe_host_config cfg;
	struct vspe_vm *vms;		/* list, for vspe_close */
	unsigned int vms_created;	/* VM numbers (CONTEXTIDR_EL2) count from 1 */
};

struct vspe_vm {
	struct vspe_system *sys;
	struct hyp_vm *hyp;
	struct vspe_vm *next;
	struct vspe_vcpu *vcpus[VSPE_MAX_VCPUS];
	unsigned int number;		/* 1, 2, ... in creation order */
};

struct vspe_vcpu {
	struct vspe_vm *vm;
	struct hyp_vcpu *hyp;
};

static _Thread_local char last_error[256];

const char *vspe_last_error(void)
{
	return last_error;
}

static int fail(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return err;
}

static int ok(void)
{
	last_error[0] = '\0';
	return 0;
}

/* A hypervisor error: its message becomes ours. */
static int hyp_fail(struct vspe_vm *vm, int err)
{
	if (err >= 0)
		return ok();
	return fail(err, "%s", hyp_vm_error(vm->hyp));
}

void vspe_host_config_default(struct vspe_host_config *cfg)
{
	if (!cfg)
		return;
	memset(cfg, 0, sizeof(*cfg));
	cfg->nr_cpus = 4;
	cfg->seed = 0;
	cfg->quantum = 0;
}

int vspe_host_cpu_model(const char *spec, struct vspe_host_cpu *cpu)
{
	uint64_t midr;
	unsigned int spe;
	uint32_t errata;
	int err;

	if (!spec || !cpu)
		return fail(-EINVAL, "vspe_host_cpu_model: %s is NULL", spec ? "cpu" : "spec");
	err = hyp_cpu_model(spec, &midr, &spe, &errata);
	if (err == -ENOENT)
		return fail(err, "vspe_host_cpu_model: no CPU model '%s' (generic, neoverse-n1, "
			    "neoverse-v1)", spec);
	if (err)
		return fail(err, "vspe_host_cpu_model: '%s': a revision is rNpM with N and M in "
			    "0..15, and only for a model with a MIDR", spec);
	*cpu = (struct vspe_host_cpu){ .spe = (enum vspe_spe_version)spe, .errata = errata,
				       .midr = midr };
	return ok();
}

int vspe_open(const struct vspe_host_config *cfg, struct vspe_system **sys)
{
	struct vspe_host_config def;
	struct vspe_system *s;

	if (!sys)
		return fail(-EINVAL, "vspe_open: sys is NULL");
	*sys = NULL;
	if (!cfg) {
		vspe_host_config_default(&def);
		cfg = &def;
	}
	if (cfg->nr_cpus < 1 || cfg->nr_cpus > VSPE_MAX_HOST_CPUS)
		return fail(-EINVAL, "vspe_open: nr_cpus %u not in 1..%u", cfg->nr_cpus,
			    VSPE_MAX_HOST_CPUS);
	for (unsigned int i = 0; i < cfg->nr_cpus; i++) {
		const struct vspe_host_cpu *c = &cfg->cpus[i];
		uint32_t extra;

		if ((unsigned int)c->spe > VSPE_SPE_V1P2)
			return fail(-EINVAL, "vspe_open: cpu %u: unknown SPE version %u", i,
				    (unsigned int)c->spe);
		if (c->midr >> 32)
			return fail(-EINVAL, "vspe_open: cpu %u: MIDR_EL1 0x%llx has RES0 bits "
				    "[63:32] set", i, (unsigned long long)c->midr);
		/* An erratum must be detectable: only on a CPU (MIDR) that has it. */
		extra = c->errata & ~hyp_cpu_errata(c->midr);
		if (extra) {
			const char *name = hyp_erratum_name(extra & -extra);

			return fail(-EINVAL, "vspe_open: cpu %u: erratum %s%s is not one of MIDR_EL1 "
				    "0x%llx (see vspe_host_cpu_model())", i, name ? name : "bit ",
				    name ? "" : "(unknown)", (unsigned long long)c->midr);
		}
		if (c->errata && c->spe == VSPE_SPE_NONE)
			return fail(-EINVAL, "vspe_open: cpu %u: SPE errata on a CPU without SPE", i);
	}
	if (cfg->spe_switch > VSPE_SPE_SWITCH_EAGER)
		return fail(-EINVAL, "vspe_open: spe_switch %u is not LAZY (0) or EAGER (1)",
			    cfg->spe_switch);
	if (cfg->sched > VSPE_SCHED_RR)
		return fail(-EINVAL, "vspe_open: sched %u is not AFFINE (0) or RR (1)", cfg->sched);
	s = calloc(1, sizeof(*s));
	if (!s)
		return fail(-ENOMEM, "vspe_open: out of memory");
	s->cfg = *cfg;
	*sys = s;
	return ok();
}

void vspe_close(struct vspe_system *sys)
{
	if (!sys)
		return;
	while (sys->vms)
		vspe_destroy_vm(sys->vms);
	free(sys);
}

int vspe_check_extension(struct vspe_system *sys, enum vspe_cap cap)
{
	if (!sys)
		return fail(-EINVAL, "vspe_check_extension: sys is NULL");
	ok();
	switch (cap) {
	case VSPE_CAP_NR_VCPUS: return (int)sys->cfg.nr_cpus;
	case VSPE_CAP_MAX_VCPUS: return VSPE_MAX_VCPUS;
	case VSPE_CAP_NR_MEMSLOTS: return HYP_MAX_MEMSLOTS;
	case VSPE_CAP_ONE_REG: return 1;
	case VSPE_CAP_ARM_PSCI_0_2: return 1;
	case VSPE_CAP_READONLY_MEM: return 1;
	case VSPE_CAP_ARM_SPE:
		/* KVM v4: available when at least one physical CPU has SPE. */
		for (unsigned int i = 0; i < sys->cfg.nr_cpus; i++)
			if (sys->cfg.cpus[i].spe != VSPE_SPE_NONE)
				return 1;
		return 0;
	default: return 0;
	}
}

int vspe_create_vm(struct vspe_system *sys, struct vspe_vm **vm)
{
	struct hyp_vm_config hc;
	struct vspe_vm *v;
	int err;

	if (!sys || !vm)
		return fail(-EINVAL, "vspe_create_vm: %s is NULL", sys ? "vm" : "sys");
	*vm = NULL;
	v = calloc(1, sizeof(*v));
	if (!v)
		return fail(-ENOMEM, "vspe_create_vm: out of memory");
	hc = (struct hyp_vm_config){ .nr_pcpus = sys->cfg.nr_cpus,
				     .quantum = sys->cfg.quantum, .seed = sys->cfg.seed,
				     .spe_switch = (uint8_t)sys->cfg.spe_switch,
				     .sched = (uint8_t)sys->cfg.sched };
	for (unsigned int i = 0; i < sys->cfg.nr_cpus; i++) {
		hc.spe[i] = (uint8_t)sys->cfg.cpus[i].spe;
		hc.midr[i] = sys->cfg.cpus[i].midr;
		hc.errata[i] = sys->cfg.cpus[i].errata;
	}
	err = hyp_vm_create(&hc, &v->hyp);
	if (err) {
		free(v);
		return fail(err, "vspe_create_vm: the hypervisor could not create the VM "
			    "(CPU engine or self-test failure)");
	}
	v->sys = sys;
	v->number = ++sys->vms_created;
	v->next = sys->vms;
	sys->vms = v;
	*vm = v;
	return ok();
}

void vspe_destroy_vm(struct vspe_vm *vm)
{
	struct vspe_vm **pp;

	if (!vm)
		return;
	for (pp = &vm->sys->vms; *pp; pp = &(*pp)->next)
		if (*pp == vm) {
			*pp = vm->next;
			break;
		}
	hyp_vm_destroy(vm->hyp);
	for (unsigned int i = 0; i < VSPE_MAX_VCPUS; i++)
		free(vm->vcpus[i]);
	free(vm);
}

int vspe_set_user_memory_region(struct vspe_vm *vm,
				const struct vspe_userspace_memory_region *r)
{
	if (!vm || !r)
		return fail(-EINVAL, "set_user_memory_region: %s is NULL", vm ? "region" : "vm");
	if (r->slot >= HYP_MAX_MEMSLOTS)
		return fail(-EINVAL, "set_user_memory_region: slot %u not in 0..%u", r->slot,
			    HYP_MAX_MEMSLOTS - 1);
	if (r->flags & ~(VSPE_MEM_LOG_DIRTY_PAGES | VSPE_MEM_READONLY))
		return fail(-EINVAL, "set_user_memory_region: unknown flags 0x%x",
			    r->flags & ~(VSPE_MEM_LOG_DIRTY_PAGES | VSPE_MEM_READONLY));
	if (r->memory_size) {
		if ((r->guest_phys_addr | r->memory_size) & (PAGE - 1))
			return fail(-EINVAL, "set_user_memory_region: guest_phys_addr 0x%llx "
				    "and memory_size 0x%llx must be multiples of 4 KiB",
				    (unsigned long long)r->guest_phys_addr,
				    (unsigned long long)r->memory_size);
		if (!r->userspace_addr || (r->userspace_addr & (PAGE - 1)))
			return fail(-EINVAL, "set_user_memory_region: userspace_addr 0x%llx "
				    "must be a non-NULL, 4 KiB aligned pointer",
				    (unsigned long long)r->userspace_addr);
		if (r->guest_phys_addr + r->memory_size < r->guest_phys_addr ||
		    r->guest_phys_addr + r->memory_size > (1ull << IPA_BITS))
			return fail(-EINVAL, "set_user_memory_region: range beyond the "
				    "%u-bit guest-physical space", IPA_BITS);
	}
	return hyp_fail(vm, hyp_vm_set_memslot(vm->hyp, r->slot, r->flags, r->guest_phys_addr,
					       r->memory_size,
					       (void *)(uintptr_t)r->userspace_addr));
}

int vspe_create_vcpu(struct vspe_vm *vm, unsigned int id, struct vspe_vcpu **vcpu)
{
	struct vspe_vcpu *v;
	int err;

	if (!vm || !vcpu)
		return fail(-EINVAL, "create_vcpu: %s is NULL", vm ? "vcpu" : "vm");
	*vcpu = NULL;
	if (id >= VSPE_MAX_VCPUS)
		return fail(-EINVAL, "create_vcpu: id %u not in 0..%u", id, VSPE_MAX_VCPUS - 1);
	v = calloc(1, sizeof(*v));
	if (!v)
		return fail(-ENOMEM, "create_vcpu: out of memory");
	err = hyp_vcpu_create(vm->hyp, id, &v->hyp);
	if (err) {
		free(v);
		return hyp_fail(vm, err);
	}
	v->vm = vm;
	vm->vcpus[id] = v;
	*vcpu = v;
	return ok();
}

int vspe_arm_preferred_target(struct vspe_vm *vm, struct vspe_vcpu_init *init)
{
	if (!vm || !init)
		return fail(-EINVAL, "arm_preferred_target: %s is NULL", vm ? "init" : "vm");
	memset(init, 0, sizeof(*init));
	init->target = VSPE_ARM_TARGET_GENERIC_V8;
	return ok();
}

int vspe_vcpu_init(struct vspe_vcpu *vcpu, const struct vspe_vcpu_init *init)
{
	if (!vcpu || !init)
		return fail(-EINVAL, "vcpu_init: %s is NULL", vcpu ? "init" : "vcpu");
	if (init->target != VSPE_ARM_TARGET_GENERIC_V8)
		return fail(-EINVAL, "vcpu_init: target %u is not GENERIC_V8 (%u)",
			    init->target, VSPE_ARM_TARGET_GENERIC_V8);
	return hyp_fail(vcpu->vm, hyp_vcpu_init(vcpu->hyp, init->features));
}

enum attr_op { ATTR_SET, ATTR_GET, ATTR_HAS };	/* the hypervisor's op numbers */

static int device_attr(struct vspe_vcpu *vcpu, const struct vspe_device_attr *attr,
		       enum attr_op op, const char *what)
{
	int err;

	if (!vcpu || !attr)
		return fail(-EINVAL, "%s: %s is NULL", what, vcpu ? "attr" : "vcpu");
	if (attr->flags)
		return fail(-EINVAL, "%s: flags must be 0 (got 0x%x)", what, attr->flags);
	/* SPE_CTRL and SCHED_CTRL: the hypervisor checks the rest (docs/spe-guest.md). */
	if (attr->group != VSPE_ARM_VCPU_SPE_CTRL && attr->group != VSPE_ARM_VCPU_SCHED_CTRL)
		return fail(-ENXIO, "%s: no device attribute group %u", what, attr->group);
	err = hyp_vcpu_spe_attr(vcpu->hyp, (int)op, attr->group, attr->attr,
				(void *)(uintptr_t)attr->addr);
	if (err)
		return fail(err, "%s: %s", what, hyp_vm_error(vcpu->vm->hyp));
	return ok();
}

int vspe_vcpu_set_device_attr(struct vspe_vcpu *vcpu, const struct vspe_device_attr *attr)
{
	return device_attr(vcpu, attr, ATTR_SET, "set_device_attr");
}

int vspe_vcpu_get_device_attr(struct vspe_vcpu *vcpu, const struct vspe_device_attr *attr)
{
	return device_attr(vcpu, attr, ATTR_GET, "get_device_attr");
}

int vspe_vcpu_has_device_attr(struct vspe_vcpu *vcpu, const struct vspe_device_attr *attr)
{
	return device_attr(vcpu, attr, ATTR_HAS, "has_device_attr");
}

/*
 * VSPE_REG_CORE(field) carries no size bits: a core id without a size means
 * the field's own size (U64, U128 for V registers, U32 for FPSR/FPCR).
 */
static uint64_t reg_id_sized(uint64_t id)
{
	uint64_t idx = id & 0xffff;

	if ((id & 0x00f0000000000000ull) || (id & 0x000000000fff0000ull) != VSPE_REG_ARM_CORE)
		return id;
	if (idx >= offsetof(struct vspe_core_regs, fpsr) / 4)
		return id | VSPE_REG_SIZE_U32;
	if (idx >= offsetof(struct vspe_core_regs, fp_regs_v) / 4)
		return id | VSPE_REG_SIZE_U128;
	return id | VSPE_REG_SIZE_U64;
}

static int one_reg_check(struct vspe_vcpu *vcpu, const struct vspe_one_reg *reg,
			 const char *what)
{
	uint64_t size;

	if (!vcpu || !reg)
		return fail(-EINVAL, "%s: %s is NULL", what, vcpu ? "reg" : "vcpu");
	if (!reg->addr)
		return fail(-EFAULT, "%s: addr is NULL", what);
	size = reg_id_sized(reg->id) & 0x00f0000000000000ull;
	if (size != VSPE_REG_SIZE_U32 && size != VSPE_REG_SIZE_U64 &&
	    size != VSPE_REG_SIZE_U128)
		return fail(-ENOENT, "%s: register id 0x%llx has no valid size", what,
			    (unsigned long long)reg->id);
	return 0;
}

int vspe_get_one_reg(struct vspe_vcpu *vcpu, const struct vspe_one_reg *reg)
{
	uint8_t buf[16];
	uint64_t id;
	int err = one_reg_check(vcpu, reg, "get_one_reg");

	if (err)
		return err;
	id = reg_id_sized(reg->id);
	err = hyp_vcpu_get_reg(vcpu->hyp, id, buf);
	if (err)
		return hyp_fail(vcpu->vm, err);
	memcpy((void *)(uintptr_t)reg->addr, buf, 1u << ((id & 0x00f0000000000000ull) >> 52));
	return ok();
}

int vspe_set_one_reg(struct vspe_vcpu *vcpu, const struct vspe_one_reg *reg)
{
	uint8_t buf[16] = { 0 };
	uint64_t id;
	int err = one_reg_check(vcpu, reg, "set_one_reg");

	if (err)
		return err;
	id = reg_id_sized(reg->id);
	memcpy(buf, (const void *)(uintptr_t)reg->addr, 1u << ((id & 0x00f0000000000000ull) >> 52));
	return hyp_fail(vcpu->vm, hyp_vcpu_set_reg(vcpu->hyp, id, buf));
}

int vspe_get_reg_list(struct vspe_vcpu *vcpu, struct vspe_reg_list *list)
{
	size_t need;

	if (!vcpu || !list)
		return fail(-EINVAL, "get_reg_list: %s is NULL", vcpu ? "list" : "vcpu");
	need = hyp_vcpu_reg_list(vcpu->hyp, NULL, 0);
	if (list->n < need) {
		uint64_t had = list->n;

		list->n = need;
		return fail(-E2BIG, "get_reg_list: %llu entries given, %zu needed",
			    (unsigned long long)had, need);
	}
	list->n = hyp_vcpu_reg_list(vcpu->hyp, list->reg, need);
	return ok();
}

struct vspe_run *vspe_vcpu_run_struct(struct vspe_vcpu *vcpu)
{
	if (!vcpu) {
		fail(-EINVAL, "vcpu_run_struct: vcpu is NULL");
		return NULL;
	}
	return hyp_vcpu_run_struct(vcpu->hyp);
}

int vspe_vm_run(struct vspe_vm *vm, struct vspe_vcpu **exited)
{
	struct hyp_vcpu *hv = NULL;
	int err;

	if (!vm || !exited)
		return fail(-EINVAL, "vm_run: %s is NULL", vm ? "exited" : "vm");
	*exited = NULL;
	err = hyp_vm_run(vm->hyp, &hv);
	if (err)
		return hyp_fail(vm, err);
	*exited = vm->vcpus[hyp_vcpu_id(hv)];
	return ok();
}

int vspe_run(struct vspe_vcpu *vcpu)
{
	if (!vcpu)
		return fail(-EINVAL, "run: vcpu is NULL");
	return hyp_fail(vcpu->vm, hyp_vcpu_run(vcpu->hyp));
}

int vspe_irq_line(struct vspe_vm *vm, uint32_t intid, int level)
{
	if (!vm)
		return fail(-EINVAL, "irq_line: vm is NULL");
	if (level != 0 && level != 1)
		return fail(-EINVAL, "irq_line: level must be 0 or 1 (got %d)", level);
	return hyp_fail(vm, hyp_vm_irq_line(vm->hyp, intid, level));
}

uint64_t vspe_vm_instructions(const struct vspe_vm *vm)
{
	return vm ? hyp_vm_instructions(vm->hyp) : 0;
}

int vspe_vm_set_mm(struct vspe_vm *vm, const struct vspe_vm_mm_config *cfg)
{
	if (!vm || !cfg)
		return fail(-EINVAL, "vm_set_mm: %s is NULL", vm ? "cfg" : "vm");
	return hyp_fail(vm, hyp_vm_set_mm(vm->hyp, cfg));
}

int vspe_vm_mm_stats(const struct vspe_vm *vm, struct vspe_vm_mm_stats *st)
{
	if (!vm || !st)
		return fail(-EINVAL, "vm_mm_stats: %s is NULL", vm ? "st" : "vm");
	if (hyp_vm_mm_stats(vm->hyp, st))
		return fail(-ENODEV, "vm_mm_stats: memory management is not enabled");
	return ok();
}

/* ---- State for snapshots and migration (docs/migration.md) ---- */

int vspe_vm_save_state(struct vspe_vm *vm, void *buf, size_t cap, size_t *len)
{
	if (!vm || !len)
		return fail(-EINVAL, "vm_save_state: %s is NULL", vm ? "len" : "vm");
	return hyp_fail(vm, hyp_vm_save_state(vm->hyp, buf, cap, len));
}

int vspe_vm_load_state(struct vspe_vm *vm, const void *buf, size_t len)
{
	if (!vm || !buf)
		return fail(-EINVAL, "vm_load_state: %s is NULL", vm ? "buf" : "vm");
	return hyp_fail(vm, hyp_vm_load_state(vm->hyp, buf, len));
}

int vspe_vm_get_dirty_log(struct vspe_vm *vm, uint32_t slot, uint64_t *bitmap)
{
	if (!vm || !bitmap)
		return fail(-EINVAL, "vm_get_dirty_log: %s is NULL", vm ? "bitmap" : "vm");
	return hyp_fail(vm, hyp_vm_get_dirty_log(vm->hyp, slot, bitmap));
}

int vspe_vm_prepare(struct vspe_vm *vm)
{
	if (!vm)
		return fail(-EINVAL, "vm_prepare: vm is NULL");
	return hyp_fail(vm, hyp_vm_prepare(vm->hyp));
}

/* ---- host profiling (docs/host-profiling.md) ---- */

int vspe_vm_host_prof_start(struct vspe_vm *vm, const struct vspe_host_prof_config *cfg)
{
	struct host_prof_config hc;

	if (!vm || !cfg)
		return fail(-EINVAL, "vm_host_prof_start: %s is NULL", vm ? "cfg" : "vm");
	if (cfg->target > VSPE_HOST_PROF_VCPU)
		return fail(-EINVAL, "vm_host_prof_start: target %u is not VM (0), CPU (1) or "
			    "VCPU (2)", cfg->target);
	if (cfg->flags & ~(VSPE_HOST_PROF_JITTER | VSPE_HOST_PROF_EXCLUDE_EL0 |
			   VSPE_HOST_PROF_EXCLUDE_EL1))
		return fail(-EINVAL, "vm_host_prof_start: unknown flags 0x%x", cfg->flags);
	hc = (struct host_prof_config){
		.target = (enum host_prof_target)cfg->target, .id = cfg->id,
		.interval = cfg->interval ? cfg->interval : 1024,
		.buffer_size = cfg->buffer_size ? cfg->buffer_size : 64u << 10,
		.jitter = cfg->flags & VSPE_HOST_PROF_JITTER,
		.exclude_el0 = cfg->flags & VSPE_HOST_PROF_EXCLUDE_EL0,
		.exclude_el1 = cfg->flags & VSPE_HOST_PROF_EXCLUDE_EL1,
		.drain = cfg->drain, .arg = cfg->arg,
	};
	return hyp_fail(vm, hyp_vm_host_prof_start(vm->hyp, &hc, vm->number));
}

int vspe_vm_host_prof_stop(struct vspe_vm *vm)
{
	if (!vm)
		return fail(-EINVAL, "vm_host_prof_stop: vm is NULL");
	return hyp_fail(vm, hyp_vm_host_prof_stop(vm->hyp));
}

int vspe_vm_set_spe_policy(struct vspe_vm *vm, uint32_t policy)
{
	if (!vm)
		return fail(-EINVAL, "vm_set_spe_policy: vm is NULL");
	return hyp_fail(vm, hyp_vm_set_spe_policy(vm->hyp, policy));
}

int vspe_vm_spe_stats(const struct vspe_vm *vm, struct vspe_vm_spe_stats *st)
{
	struct hyp_spe_stats h;

	if (!vm || !st)
		return fail(-EINVAL, "vm_spe_stats: %s is NULL", vm ? "st" : "vm");
	hyp_vm_spe_stats(vm->hyp, &h);
	*st = (struct vspe_vm_spe_stats){
		.entries = h.entries, .switch_sysregs = h.switch_sysregs,
		.owner_changes = h.owner_changes, .guest_slices = h.guest_slices,
		.host_slices = h.host_slices, .contested = h.contested,
		.guest_insns = h.guest_insns, .host_insns = h.host_insns,
		.host_pieces = h.host_pieces, .host_bytes = h.host_bytes,
		.host_fulls = h.host_fulls, .host_faults = h.host_faults,
		.records = h.records, .lost = h.lost,
		.errata_moved = h.errata_moved, .errata_dropped = h.errata_dropped,
	};
	return ok();
}
