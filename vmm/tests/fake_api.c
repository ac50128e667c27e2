// SPDX-License-Identifier: GPL-2.0-only
/* The scripted API: just enough state to answer the VMM's calls. */
#include <errno.h>
#include <string.h>

#include "fake_api.h"

struct fake_api fake;

struct vspe_system { int unused; };
struct vspe_vm { int unused; };
struct vspe_vcpu {
	unsigned int id;
	struct vspe_run run;
};

static struct vspe_system the_sys;
static struct vspe_vm the_vm;
static struct vspe_vcpu the_vcpus[8];

void fake_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	memset(the_vcpus, 0, sizeof(the_vcpus));
}

static struct fake_step *fake_add(void)
{
	struct fake_step *s = &fake.steps[fake.nsteps++];

	memset(s, 0, sizeof(*s));
	s->insns = 100;
	return s;
}

void fake_mmio_write(uint64_t addr, uint8_t byte)
{
	struct fake_step *s = fake_add();

	s->run.exit_reason = VSPE_EXIT_MMIO;
	s->run.mmio.phys_addr = addr;
	s->run.mmio.len = 1;
	s->run.mmio.is_write = 1;
	s->run.mmio.data[0] = byte;
}

void fake_mmio_read(uint64_t addr, unsigned int len)
{
	struct fake_step *s = fake_add();

	s->run.exit_reason = VSPE_EXIT_MMIO;
	s->run.mmio.phys_addr = addr;
	s->run.mmio.len = len;
	memset(s->run.mmio.data, 0xee, sizeof(s->run.mmio.data));
}

void fake_exit(uint32_t reason, uint32_t sub)
{
	struct fake_step *s = fake_add();

	s->run.exit_reason = reason;
	if (reason == VSPE_EXIT_SYSTEM_EVENT)
		s->run.system_event.type = sub;
	if (reason == VSPE_EXIT_INTERNAL_ERROR) {
		s->run.internal.suberror = sub;
		strcpy(s->run.internal.message, "scripted failure");
	}
	if (reason == VSPE_EXIT_FAIL_ENTRY) {
		s->run.fail_entry.hardware_entry_failure_reason = sub;
		s->run.fail_entry.cpu = 2;
	}
}

void fake_hypercall(unsigned int vcpu, uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3,
		    uint64_t a4)
{
	struct fake_step *s = fake_add();

	s->vcpu = vcpu;
	s->run.exit_reason = VSPE_EXIT_HYPERCALL;
	s->run.hypercall.nr = nr;
	s->run.hypercall.args[0] = a1;
	s->run.hypercall.args[1] = a2;
	s->run.hypercall.args[2] = a3;
	s->run.hypercall.args[3] = a4;
	s->run.hypercall.ret = 0x5555;	/* the VMM must overwrite it */
}

void fake_uart_puts(const char *s)
{
	while (*s)
		fake_mmio_write(0x09000000, (uint8_t)*s++);
}

void vspe_host_config_default(struct vspe_host_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->nr_cpus = 4;
}

int vspe_open(const struct vspe_host_config *cfg, struct vspe_system **sys)
{
	if (fake.fail_open)
		return -EINVAL;
	fake.host = *cfg;
	*sys = &the_sys;
	return 0;
}

void vspe_close(struct vspe_system *sys)
{
	(void)sys;
}

const char *vspe_last_error(void)
{
	return "scripted API error";
}

int vspe_check_extension(struct vspe_system *sys, enum vspe_cap cap)
{
	(void)sys;
	if (cap == VSPE_CAP_MAX_VCPUS)
		return 8;
	if (cap == VSPE_CAP_ARM_SPE) {
		if (fake.no_spe)
			return 0;
		/* As KVM v4: some physical CPU has SPE. */
		for (unsigned int i = 0; i < fake.host.nr_cpus; i++)
			if (fake.host.cpus[i].spe != VSPE_SPE_NONE)
				return 1;
		return 0;
	}
	return 0;
}

int vspe_create_vm(struct vspe_system *sys, struct vspe_vm **vm)
{
	(void)sys;
	*vm = &the_vm;
	return 0;
}

void vspe_destroy_vm(struct vspe_vm *vm)
{
	(void)vm;
}

int vspe_set_user_memory_region(struct vspe_vm *vm, const struct vspe_userspace_memory_region *r)
{
	(void)vm;
	fake.slot = *r;
	return 0;
}

int vspe_create_vcpu(struct vspe_vm *vm, unsigned int id, struct vspe_vcpu **vcpu)
{
	(void)vm;
	if (id >= 8)
		return -EINVAL;
	the_vcpus[id].id = id;
	*vcpu = &the_vcpus[id];
	fake.nr_vcpus++;
	return 0;
}

int vspe_arm_preferred_target(struct vspe_vm *vm, struct vspe_vcpu_init *init)
{
	(void)vm;
	memset(init, 0, sizeof(*init));
	init->target = VSPE_ARM_TARGET_GENERIC_V8;
	return 0;
}

int vspe_vcpu_init(struct vspe_vcpu *vcpu, const struct vspe_vcpu_init *init)
{
	fake.features[vcpu->id] = init->features[0];
	return 0;
}

int vspe_get_one_reg(struct vspe_vcpu *vcpu, const struct vspe_one_reg *reg)
{
	uint64_t *out = (uint64_t *)(uintptr_t)reg->addr;
	uint64_t idx = reg->id & 0xffff;

	if ((reg->id & VSPE_REG_ARM64_SYSREG) == VSPE_REG_ARM64_SYSREG) {
		/* MPIDR_EL1 (3,0,0,0,5): RES1 bit 31, Aff0 = id; the rest unknown. */
		if (idx == ((3u << 14) | 5u)) {
			*out = 0x80000000ull | vcpu->id;
			return 0;
		}
		return -ENOENT;
	}
	if (idx / 2 >= 64)
		return -ENOENT;
	*out = fake.regs[vcpu->id][idx / 2];
	return 0;
}

int vspe_set_one_reg(struct vspe_vcpu *vcpu, const struct vspe_one_reg *reg)
{
	uint64_t idx = reg->id & 0xffff;

	if ((reg->id & VSPE_REG_ARM64_SYSREG) == VSPE_REG_ARM64_SYSREG || idx / 2 >= 64)
		return -ENOENT;
	fake.regs[vcpu->id][idx / 2] = *(const uint64_t *)(uintptr_t)reg->addr;
	return 0;
}

struct vspe_run *vspe_vcpu_run_struct(struct vspe_vcpu *vcpu)
{
	return &vcpu->run;
}

int vspe_vm_run(struct vspe_vm *vm, struct vspe_vcpu **exited)
{
	struct fake_step *s;
	struct vspe_vcpu *v;

	(void)vm;
	if (fake.runs++ == 0 && fake.slot.userspace_addr) {
		const uint8_t *ram = (const uint8_t *)(uintptr_t)fake.slot.userspace_addr;

		memcpy(fake.ram_dtb, ram, 4);
		if (fake.entry >= fake.slot.guest_phys_addr)
			memcpy(fake.ram_entry, ram + (fake.entry - fake.slot.guest_phys_addr), 4);
		/* x0 = the device tree (regs[0][0] is x0's ONE_REG index). */
		if (fake.regs[0][0] >= fake.slot.guest_phys_addr &&
		    fake.regs[0][0] + 4 <= fake.slot.guest_phys_addr + fake.slot.memory_size)
			memcpy(fake.ram_x0, ram + (fake.regs[0][0] - fake.slot.guest_phys_addr), 4);
	}
	/* Record what the VMM answered to the previous exit (an MMIO read's data). */
	if (fake.next > 0) {
		memcpy(fake.read_data[fake.next - 1],
		       the_vcpus[fake.steps[fake.next - 1].vcpu].run.mmio.data, 8);
		if (fake.steps[fake.next - 1].run.exit_reason == VSPE_EXIT_HYPERCALL)
			fake.hc_ret[fake.next - 1] =
				the_vcpus[fake.steps[fake.next - 1].vcpu].run.hypercall.ret;
	}
	if (fake.next == fake.nsteps)
		return -EIO;	/* the script ran out: the test is wrong */
	s = &fake.steps[fake.next++];
	v = &the_vcpus[s->vcpu];
	v->run = s->run;
	fake.instructions += s->insns;
	*exited = v;
	return 0;
}

uint64_t vspe_vm_instructions(const struct vspe_vm *vm)
{
	(void)vm;
	return fake.instructions;
}

/* Not used by the VMM's run loop. */
int vspe_vcpu_set_device_attr(struct vspe_vcpu *v, const struct vspe_device_attr *a)
{
	(void)v;
	/* SPE_CTRL IRQ and INIT succeed, as on a hypervisor that offers SPE. */
	return a && a->group == VSPE_ARM_VCPU_SPE_CTRL ? 0 : -ENXIO;
}

int vspe_vcpu_get_device_attr(struct vspe_vcpu *v, const struct vspe_device_attr *a)
{
	(void)v;
	/* SPE_CTRL STATS: a fixed answer, so --stats has lines to print. */
	if (a && a->group == VSPE_ARM_VCPU_SPE_CTRL && a->attr == VSPE_ARM_VCPU_SPE_STATS) {
		const struct vspe_vcpu_spe_stats st = { .records = 12, .lost = 1, .bytes = 768 };

		memcpy((void *)(uintptr_t)a->addr, &st, sizeof(st));
		return 0;
	}
	return -ENXIO;
}

int vspe_vcpu_has_device_attr(struct vspe_vcpu *v, const struct vspe_device_attr *a)
{
	(void)v; (void)a;
	return -ENXIO;
}

int vspe_get_reg_list(struct vspe_vcpu *v, struct vspe_reg_list *l)
{
	(void)v;
	l->n = 0;
	return 0;
}

int vspe_run(struct vspe_vcpu *vcpu)
{
	(void)vcpu;
	return -EINVAL;
}

/* Memory management (vmm/mm_stats.c): accepted, never enabled. */
int vspe_vm_set_mm(struct vspe_vm *vm, const struct vspe_vm_mm_config *cfg)
{
	(void)vm;
	(void)cfg;
	return 0;
}

int vspe_vm_mm_stats(const struct vspe_vm *vm, struct vspe_vm_mm_stats *st)
{
	(void)vm;
	(void)st;
	return -19;	/* -ENODEV: the fake VM has no memory management */
}

/* Host profiling (docs/host-profiling.md): accepted, nothing sampled. */
int vspe_vm_set_spe_policy(struct vspe_vm *vm, uint32_t policy)
{
	(void)vm;
	return policy <= VSPE_SPE_POLICY_EXCLUSIVE_HOST ? 0 : -EINVAL;
}

int vspe_vm_host_prof_start(struct vspe_vm *vm, const struct vspe_host_prof_config *cfg)
{
	(void)vm;
	return cfg ? 0 : -EINVAL;
}

int vspe_vm_host_prof_stop(struct vspe_vm *vm)
{
	(void)vm;
	return 0;
}

int vspe_vm_spe_stats(const struct vspe_vm *vm, struct vspe_vm_spe_stats *st)
{
	(void)vm;
	memset(st, 0, sizeof(*st));
	return 0;
}
