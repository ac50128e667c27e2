// SPDX-License-Identifier: GPL-2.0-only
/*
 * vCPUs: creation and reset, register access (ONE_REG), vcpu_load/put on
 * a physical CPU, and the run slice: interrupt injection, the exit-reason
 * switch, architectural exception delivery and in-kernel GIC MMIO.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/sysreg.h"
#include "hyp-internal.h"

/* ---- state, load/put, borrowing an engine ---- */

uint64_t hyp_vcpu_mpidr(const struct hyp_vcpu *v)
{
	/* Aff0 = id bits 7:0, Aff1 = bits 15:8 (GICv3 needs Aff0 < 16 per cluster). */
	return MPIDR_EL1_RES1 | MPIDR_EL1_Aff0_PREP(v->id & 0xff) |
	       MPIDR_EL1_Aff1_PREP(v->id >> 8);
}

void hyp_vcpu_set_state(struct hyp_vcpu *v, enum vcpu_state st)
{
	v->state = st;
	sched_set_runnable(v->vm->sched, v->id, v->initialized && st == VCPU_RUNNABLE);
}

void vcpu_put(struct hyp_vcpu *v)
{
	struct hyp_pcpu *p = v->pcpu;

	if (!p)
		return;
	hyp_spe_put(v);
	cpu_context_save(p->cpu, v->ctx);
	p->loaded = NULL;
	v->pcpu = NULL;
}

void vcpu_load(struct hyp_vcpu *v, struct hyp_pcpu *p)
{
	if (v->pcpu == p)
		return;
	vcpu_put(v);
	if (p->loaded)
		vcpu_put(p->loaded);
	cpu_context_restore(p->cpu, v->ctx);	/* flushes the TLB: a new VMID */
	p->loaded = v;
	v->pcpu = p;
	p->loads++;
	hyp_spe_load(v, p);
}

struct cpu *hyp_vcpu_borrow(struct hyp_vcpu *v)
{
	if (v->pcpu)
		return v->pcpu->cpu;
	cpu_context_restore(v->vm->scratch, v->ctx);
	return v->vm->scratch;
}

void hyp_vcpu_return(struct hyp_vcpu *v, struct cpu *cpu, bool dirty)
{
	if (cpu == v->vm->scratch && dirty)
		cpu_context_save(cpu, v->ctx);
}

int hyp_vcpu_create(struct hyp_vm *vm, unsigned int id, struct hyp_vcpu **out)
{
	struct hyp_vcpu *v;

	if (id >= VSPE_MAX_VCPUS)
		return hyp_vm_errorf(vm, -EINVAL, "vcpu id %u out of range (max %u)", id,
				     VSPE_MAX_VCPUS - 1);
	if (vm->vcpus[id])
		return hyp_vm_errorf(vm, -EEXIST, "vcpu %u already exists", id);
	if (vm->ran)
		return hyp_vm_errorf(vm, -EBUSY, "vcpus cannot be added after the VM ran");
	v = calloc(1, sizeof(*v));
	if (!v)
		return hyp_vm_errorf(vm, -ENOMEM, "out of memory");
	v->sysregs = calloc(hyp_sysreg_count() + 1, sizeof(uint64_t));
	if (!v->sysregs || cpu_context_alloc(vm->scratch, &v->ctx)) {
		free(v->sysregs);
		free(v);
		return hyp_vm_errorf(vm, -ENOMEM, "out of memory");
	}
	v->vm = vm;
	v->id = id;
	v->state = VCPU_OFF;
	cpu_reset_state(vm->scratch);
	cpu_context_save(vm->scratch, v->ctx);
	sched_add_task(vm->sched, id);
	vm->vcpus[id] = v;
	vm->nr_vcpus++;
	*out = v;
	return 0;
}

void hyp_vcpu_destroy(struct hyp_vcpu *v)
{
	if (!v)
		return;
	if (v->pcpu) {
		v->pcpu->loaded = NULL;
		v->pcpu = NULL;
	}
	hyp_spe_vcpu_destroy(v);
	cpu_context_free(v->ctx);
	free(v->sysregs);
	free(v);
}

/* The architectural reset of KVM_ARM_VCPU_INIT: EL1h, DAIF masked, MMU off. */
int hyp_vcpu_reset(struct hyp_vcpu *v, struct cpu *cpu)
{
	int err = cpu_reset_state(cpu);

	if (err)
		return -EIO;
	hyp_sysreg_reset(v, cpu);
	timer_reset(&v->timer);
	v->mmio_pending = false;
	v->hypercall_pending = false;
	v->exit_pending = false;
	v->same_exceptions = 0;
	memset(&v->run, 0, sizeof(v->run));
	return 0;
}

int hyp_vcpu_init(struct hyp_vcpu *v, const uint32_t features[7])
{
	struct cpu *cpu;
	int err;

	for (unsigned int i = 0; i < 7; i++) {
		uint32_t ok = i ? 0 : (1u << VSPE_ARM_VCPU_POWER_OFF) |
				      (1u << VSPE_ARM_VCPU_PSCI_0_2) | (1u << VSPE_ARM_VCPU_SPE);

		if (features[i] & ~ok)
			return hyp_vm_errorf(v->vm, -EINVAL,
					     "unknown vcpu feature bits 0x%x in word %u",
					     features[i] & ~ok, i);
	}
	err = hyp_spe_vcpu_init(v, features[0] & (1u << VSPE_ARM_VCPU_SPE));
	if (err)
		return err;
	cpu = hyp_vcpu_borrow(v);
	err = hyp_vcpu_reset(v, cpu);
	hyp_vcpu_return(v, cpu, true);
	if (err)
		return hyp_vm_errorf(v->vm, err, "vcpu reset failed");
	/* A re-init after a run (a reset): the VMM may have rewritten memory. */
	if (v->vm->ran)
		for (unsigned int i = 0; i < v->vm->cfg.nr_pcpus; i++)
			cpu_flush_all_code(v->vm->pcpus[i].cpu);
	memcpy(v->features, features, sizeof(v->features));
	v->initialized = true;
	hyp_vcpu_set_state(v, features[0] & (1u << VSPE_ARM_VCPU_POWER_OFF) ?
			   VCPU_OFF : VCPU_RUNNABLE);
	return 0;
}

int hyp_vcpu_set_cpu_mask(struct hyp_vcpu *v, uint64_t mask)
{
	if (sched_set_allowed(v->vm->sched, v->id, mask))
		return hyp_vm_errorf(v->vm, -EINVAL, "cpu mask 0x%llx: no allowed physical CPU",
				     (unsigned long long)mask);
	/* Leave a physical CPU it may no longer use. */
	if (v->pcpu && !(mask >> (v->pcpu - v->vm->pcpus) & 1))
		vcpu_put(v);
	return 0;
}

uint64_t hyp_vcpu_cpu_mask(const struct hyp_vcpu *v)
{
	return sched_allowed(v->vm->sched, v->id);
}

struct hyp_vm *hyp_vcpu_vm(const struct hyp_vcpu *v)
{
	return v->vm;
}

unsigned int hyp_vcpu_id(const struct hyp_vcpu *v)
{
	return v->id;
}

struct vspe_run *hyp_vcpu_run_struct(struct hyp_vcpu *v)
{
	return &v->run;
}

/* ---- ONE_REG ---- */

#define CORE_OFF(f)	(offsetof(struct vspe_core_regs, f) / sizeof(uint32_t))

static int core_reg(struct cpu *cpu, uint64_t id, void *buf, bool set)
{
	uint64_t idx = id & 0xffff, size = id & 0x00f0000000000000ull, v = 0;
	enum cpu_reg r;

	if (idx >= CORE_OFF(fp_regs_v) && idx < CORE_OFF(fpsr)) {
		uint64_t q[2];
		unsigned int n = (unsigned int)((idx - CORE_OFF(fp_regs_v)) / 4);

		if ((idx - CORE_OFF(fp_regs_v)) % 4 || size != VSPE_REG_SIZE_U128)
			return -ENOENT;
		if (set) {
			memcpy(q, buf, 16);
			return cpu_vreg_write(cpu, n, q) ? -EIO : 0;
		}
		if (cpu_vreg_read(cpu, n, q))
			return -EIO;
		memcpy(buf, q, 16);
		return 0;
	}
	if (idx == CORE_OFF(fpsr) || idx == CORE_OFF(fpcr)) {
		uint32_t w;

		if (size != VSPE_REG_SIZE_U32)
			return -ENOENT;
		r = idx == CORE_OFF(fpsr) ? CPU_REG_FPSR : CPU_REG_FPCR;
		if (set) {
			memcpy(&w, buf, 4);
			return cpu_reg_write(cpu, r, w) ? -EINVAL : 0;
		}
		cpu_reg_read(cpu, r, &v);
		w = (uint32_t)v;
		memcpy(buf, &w, 4);
		return 0;
	}
	if (size != VSPE_REG_SIZE_U64 || idx % 2)
		return -ENOENT;
	if (idx < CORE_OFF(sp))
		r = (enum cpu_reg)(CPU_REG_X0 + idx / 2);
	else if (idx == CORE_OFF(sp))
		r = CPU_REG_SP_EL0;
	else if (idx == CORE_OFF(pc))
		r = CPU_REG_PC;
	else if (idx == CORE_OFF(pstate))
		r = CPU_REG_PSTATE;
	else if (idx == CORE_OFF(sp_el1))
		r = CPU_REG_SP_EL1;
	else if (idx == CORE_OFF(elr_el1))
		r = CPU_REG_ELR_EL1;
	else if (idx == CORE_OFF(spsr[0]))
		r = CPU_REG_SPSR_EL1;
	else if (idx > CORE_OFF(spsr[0]) && idx <= CORE_OFF(spsr[4])) {
		/* SPSR_abt/und/irq/fiq: no AArch32 here; they read 0. */
		if (set) {
			memcpy(&v, buf, 8);
			return v ? -EINVAL : 0;
		}
		memset(buf, 0, 8);
		return 0;
	} else
		return -ENOENT;
	if (set) {
		memcpy(&v, buf, 8);
		return cpu_reg_write(cpu, r, v) ? -EINVAL : 0;
	}
	cpu_reg_read(cpu, r, &v);
	memcpy(buf, &v, 8);
	return 0;
}

static int one_reg(struct hyp_vcpu *v, uint64_t id, void *buf, bool set)
{
	struct cpu *cpu;
	int err;

	if ((id & 0xff00000000000000ull) != VSPE_REG_ARM64)
		return hyp_vm_errorf(v->vm, -EINVAL, "register id 0x%llx is not arm64",
				     (unsigned long long)id);
	cpu = hyp_vcpu_borrow(v);
	switch (id & 0x000000000fff0000ull) {
	case VSPE_REG_ARM_CORE:
		err = (id & 0x0000fffff0000000ull) ? -ENOENT : core_reg(cpu, id, buf, set);
		break;
	case VSPE_REG_ARM64_SYSREG: {
		uint64_t val = 0;

		if ((id & 0x00f0000000000000ull) != VSPE_REG_SIZE_U64 ||
		    (id & 0x000ffffff0000000ull)) {
			err = -ENOENT;
			break;
		}
		if (set) {
			memcpy(&val, buf, 8);
			err = hyp_sysreg_set(v, cpu, (uint32_t)(id & 0xffff), val);
		} else {
			err = hyp_sysreg_get(v, cpu, (uint32_t)(id & 0xffff), &val);
			if (!err)
				memcpy(buf, &val, 8);
		}
		break;
	}
	case VSPE_REG_ARM_FW: {
		/* KVM's firmware register 0: the PSCI version offered (1.0). */
		uint64_t val = 0x10000;

		if (id != (VSPE_REG_ARM64 | VSPE_REG_SIZE_U64 | VSPE_REG_ARM_FW)) {
			err = -ENOENT;
		} else if (set) {
			memcpy(&val, buf, 8);
			err = val == 0x10000 ? 0 : -EINVAL;
		} else {
			memcpy(buf, &val, 8);
			err = 0;
		}
		break;
	}
	case VSPE_REG_ARM_VSPE:
		err = hyp_state_vcpu_reg(v, id, buf, set);
		break;
	default:
		err = -ENOENT;
		break;
	}
	hyp_vcpu_return(v, cpu, set && !err);
	if (err == -ENOENT)
		return hyp_vm_errorf(v->vm, err, "no register with id 0x%llx",
				     (unsigned long long)id);
	if (err)
		return hyp_vm_errorf(v->vm, err, "register 0x%llx: value refused",
				     (unsigned long long)id);
	return 0;
}

int hyp_vcpu_get_reg(struct hyp_vcpu *v, uint64_t id, void *buf)
{
	return one_reg(v, id, buf, false);
}

int hyp_vcpu_set_reg(struct hyp_vcpu *v, uint64_t id, const void *buf)
{
	return one_reg(v, id, (void *)buf, true);
}

size_t hyp_vcpu_reg_list(struct hyp_vcpu *v, uint64_t *ids, size_t cap)
{
	size_t n = 0;
	uint64_t core = VSPE_REG_ARM64 | VSPE_REG_ARM_CORE;

#define ADD(x) do { if (ids && n < cap) ids[n] = (x); n++; } while (0)
	for (unsigned int i = 0; i < 31; i++)
		ADD(core | VSPE_REG_SIZE_U64 | (CORE_OFF(x) + 2 * i));
	ADD(core | VSPE_REG_SIZE_U64 | CORE_OFF(sp));
	ADD(core | VSPE_REG_SIZE_U64 | CORE_OFF(pc));
	ADD(core | VSPE_REG_SIZE_U64 | CORE_OFF(pstate));
	ADD(core | VSPE_REG_SIZE_U64 | CORE_OFF(sp_el1));
	ADD(core | VSPE_REG_SIZE_U64 | CORE_OFF(elr_el1));
	for (unsigned int i = 0; i < 5; i++)
		ADD(core | VSPE_REG_SIZE_U64 | (CORE_OFF(spsr) + 2 * i));
	for (unsigned int i = 0; i < 32; i++)
		ADD(core | VSPE_REG_SIZE_U128 | (CORE_OFF(fp_regs_v) + 4 * i));
	ADD(core | VSPE_REG_SIZE_U32 | CORE_OFF(fpsr));
	ADD(core | VSPE_REG_SIZE_U32 | CORE_OFF(fpcr));
	ADD(VSPE_REG_ARM64 | VSPE_REG_SIZE_U64 | VSPE_REG_ARM_FW);	/* PSCI version */
#undef ADD
	n += hyp_sysreg_list(v, ids && n < cap ? ids + n : NULL, n < cap ? cap - n : 0);
	/* vspe's own state last: it may depend on the registers before it. */
	return n + hyp_state_vcpu_list(v, ids && n < cap ? ids + n : NULL, n < cap ? cap - n : 0);
}

/* ---- time and interrupts ---- */

uint64_t hyp_vcpu_counter(struct hyp_vcpu *v, struct cpu *cpu)
{
	uint64_t ticks = v->vm->ticks + (cpu ? cpu_now(cpu) : 0);

	return ticks / HYP_TICKS_PER_COUNT;
}

/* Instructions until this vCPU's timer can fire (from the current point). */
static uint64_t ticks_to_timer(struct hyp_vcpu *v, uint64_t ticks_now)
{
	uint64_t next = timer_next_event(&v->timer, ticks_now / HYP_TICKS_PER_COUNT);

	if (next == TIMER_NEVER || next > UINT64_MAX / HYP_TICKS_PER_COUNT)
		return UINT64_MAX;
	next *= HYP_TICKS_PER_COUNT;
	return next > ticks_now ? next - ticks_now : 1;
}

void hyp_vcpu_update_budget(struct hyp_vcpu *v, struct cpu *cpu)
{
	uint64_t now = cpu_now(cpu);
	uint64_t t = ticks_to_timer(v, v->vm->ticks + now);

	if (t != UINT64_MAX && now + t < v->run_budget) {
		v->run_budget = now + t;
		cpu_set_budget(cpu, now + t);
	}
}

/* Timer outputs drive PPIs 27 and 30 of this vCPU's redistributor. */
void hyp_vcpu_sync_irq(struct hyp_vcpu *v)
{
	struct timer_levels l = timer_levels(&v->timer, v->vm->ticks / HYP_TICKS_PER_COUNT);

	gicv3_set_ppi_level(v->vm->gic, v->id, TIMER_PPI_VIRT, l.virt);
	gicv3_set_ppi_level(v->vm->gic, v->id, TIMER_PPI_PHYS, l.phys);
	hyp_spe_sync_irq(v);
}

bool hyp_vcpu_wakeable(struct hyp_vcpu *v)
{
	hyp_vcpu_sync_irq(v);
	return gicv3_irq_pending(v->vm->gic, v->id);
}

/* ---- exits and exceptions ---- */

static int internal_error(struct hyp_vcpu *v, uint32_t sub, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int internal_error(struct hyp_vcpu *v, uint32_t sub, const char *fmt, ...)
{
	va_list ap;

	memset(&v->run, 0, sizeof(v->run));
	v->run.exit_reason = VSPE_EXIT_INTERNAL_ERROR;
	v->run.internal.suberror = sub;
	va_start(ap, fmt);
	vsnprintf(v->run.internal.message, sizeof(v->run.internal.message), fmt, ap);
	va_end(ap);
	return 1;
}

/*
 * An exception loop: the same synchronous exception (ESR, ELR) 32 times in a
 * row with no instruction completed in between (a vector that faults itself,
 * a jump into nothing with no vectors). A handler that runs even one
 * instruction (a syscall loop with a bare ERET) is progress, not a loop.
 */
#define RUNAWAY_REPEATS	32
#define RUNAWAY_GAP	1

/* A synchronous exception to the guest's EL1, with exception-loop detection. */
static int inject_sync(struct hyp_vcpu *v, struct cpu *cpu, uint64_t esr, uint64_t elr,
		       bool set_far, uint64_t far)
{
	if (esr == v->last_esr && elr == v->last_elr &&
	    v->instructions - v->last_exc_insns < RUNAWAY_GAP) {
		if (++v->same_exceptions >= RUNAWAY_REPEATS)
			return internal_error(v, VSPE_INTERNAL_ERROR_RUNAWAY,
					      "exception loop: ESR 0x%llx at 0x%llx %u times",
					      (unsigned long long)esr, (unsigned long long)elr,
					      v->same_exceptions);
	} else {
		v->same_exceptions = 1;
	}
	v->last_esr = esr;
	v->last_elr = elr;
	v->last_exc_insns = v->instructions;
	if (cpu_take_exception(cpu, CPU_VECTOR_SYNC, elr, esr, set_far, far))
		return internal_error(v, VSPE_INTERNAL_ERROR_EMULATION,
				      "exception entry failed at 0x%llx", (unsigned long long)elr);
	return 0;
}

static uint64_t esr(uint64_t ec, uint64_t iss)
{
	return ESR_EC_PREP(ec) | ESR_IL_MASK | ESR_ISS_PREP(iss);
}

static int inject_undef(struct hyp_vcpu *v, struct cpu *cpu, uint64_t pc)
{
	return inject_sync(v, cpu, esr(ESR_EC_UNKNOWN, 0), pc, false, 0);
}

static int inject_abort(struct hyp_vcpu *v, struct cpu *cpu, const struct cpu_stop *s)
{
	bool low = cpu_el(cpu) == 0;
	uint64_t ec, iss;

	if (s->abort.is_fetch) {
		ec = low ? ESR_EC_IABT_LOW : ESR_EC_IABT_CUR;
		iss = ESR_ISS_IABT_IFSC_PREP(s->abort.fsc);
	} else {
		ec = low ? ESR_EC_DABT_LOW : ESR_EC_DABT_CUR;
		iss = ESR_ISS_DABT_DFSC_PREP(s->abort.fsc) |
		      ESR_ISS_DABT_WnR_PREP(s->abort.is_write);
	}
	return inject_sync(v, cpu, esr(ec, iss), s->pc, true, s->abort.va);
}

static void count(struct hyp_vcpu *v, uint64_t n)
{
	v->instructions += n;
	v->vm->instructions += n;
	v->vm->ticks += n;
}

/* Completes the MMIO access of the last exit with the VMM's data. */
static void mmio_complete(struct hyp_vcpu *v, struct cpu *cpu)
{
	uint64_t data = 0;

	v->mmio_pending = false;
	if (v->mmio.is_write) {
		cpu_skip_insn(cpu);
	} else {
		memcpy(&data, v->run.mmio.data, sizeof(data));	/* little-endian */
		cpu_complete_mmio_read(cpu, &v->mmio, data);
	}
	count(v, 1);
}

static int exit_mmio(struct hyp_vcpu *v, const struct cpu_mmio *m)
{
	memset(&v->run, 0, sizeof(v->run));
	v->run.exit_reason = VSPE_EXIT_MMIO;
	v->run.mmio.phys_addr = m->gpa;
	v->run.mmio.len = m->len;
	v->run.mmio.is_write = m->is_write;
	if (m->is_write)
		memcpy(v->run.mmio.data, &m->data, sizeof(m->data));
	v->mmio = *m;
	v->mmio_pending = true;
	return 1;
}

/* The exit-reason switch: 0 continue, 1 exit to user space. */
static int handle_stop(struct hyp_vcpu *v, struct cpu *cpu, const struct cpu_stop *s)
{
	switch (s->reason) {
	case CPU_STOP_BUDGET:
	case CPU_STOP_IRQ_WINDOW:
	case CPU_STOP_EL_CHANGE:	/* an SPE chunk split at an ERET */
		return 0;
	case CPU_STOP_PC_ALIGN:
		/* EC 0x22, FAR = the misaligned PC, ELR = it too. */
		return inject_sync(v, cpu, esr(ESR_EC_PC_ALIGN, 0), s->pc, true, s->pc);
	case CPU_STOP_WFX_TRAP:
		/* EL0 WFI/WFE with SCTLR_EL1.nTWx = 0 (D19.2 ESR_EL1, EC 0x01). */
		return inject_sync(v, cpu, esr(ESR_EC_WFX, ESR_ISS_WFX_CV_MASK |
					       ESR_ISS_WFX_COND_PREP(0xe) |
					       ESR_ISS_WFX_TI_PREP(s->imm)),
				   s->pc, false, 0);
	case CPU_STOP_WFI:
		if (!hyp_vcpu_wakeable(v))
			hyp_vcpu_set_state(v, VCPU_WFI);
		return 0;
	case CPU_STOP_UNDEF: {
		uint32_t iss;

		if (cpu_el(cpu) == 0 && hyp_sysreg_el0_trap(s->insn, &iss))
			return inject_sync(v, cpu, esr(ESR_EC_SYS64, iss), s->pc, false, 0);
		return inject_undef(v, cpu, s->pc);
	}
	case CPU_STOP_HVC:
	case CPU_STOP_SMC:
		if (cpu_el(cpu) == 0) {
			/* HVC and SMC are UNDEFINED at EL0. */
			cpu_reg_write(cpu, CPU_REG_PC, s->pc);
			return inject_undef(v, cpu, s->pc);
		}
		return hyp_psci_call(v, cpu);
	case CPU_STOP_SVC: {
		uint64_t pc = 0;

		cpu_reg_read(cpu, CPU_REG_PC, &pc);
		return inject_sync(v, cpu, esr(ESR_EC_SVC64, s->imm), pc, false, 0);
	}
	case CPU_STOP_BRK:
		return inject_sync(v, cpu, esr(ESR_EC_BRK64, s->imm), s->pc, false, 0);
	case CPU_STOP_ABORT:
		return inject_abort(v, cpu, s);
	case CPU_STOP_MMIO:
		if (!s->mmio.valid)
			return internal_error(v, VSPE_INTERNAL_ERROR_EMULATION,
					      "MMIO at 0x%llx by instruction 0x%08x at 0x%llx "
					      "cannot be emulated (not a single-register "
					      "load/store without writeback)",
					      (unsigned long long)s->mmio.gpa, s->insn,
					      (unsigned long long)s->pc);
		/* The GIC never gets here: it is served in the CPU (vm.c). */
		return exit_mmio(v, &s->mmio);
	case CPU_STOP_SYSREG:
		return internal_error(v, VSPE_INTERNAL_ERROR_EMULATION,
				      "deferred system register 0x%x at 0x%llx",
				      s->sysreg.key, (unsigned long long)s->pc);
	case CPU_STOP_ERROR:
	default:
		return internal_error(v, VSPE_INTERNAL_ERROR_EMULATION, "%s", s->message);
	}
}

static int run_slice(struct hyp_vcpu *v, uint64_t quantum)
{
	struct cpu *cpu = v->pcpu->cpu;
	uint64_t left = quantum;

	while (left > 0) {
		struct cpu_stop stop;
		uint64_t n, pstate = 0, t;
		int r;

		if (v->state == VCPU_OFF)
			return 0;
		if (v->mmio_pending)
			mmio_complete(v, cpu);
		if (v->hypercall_pending)
			hyp_hypercall_complete(v, cpu);
		if (!hyp_vcpu_wakeable(v)) {
			if (v->state == VCPU_WFI)
				return 0;
			cpu_watch_irq_unmask(cpu, false);
		} else {
			hyp_vcpu_set_state(v, VCPU_RUNNABLE);
			cpu_reg_read(cpu, CPU_REG_PSTATE, &pstate);
			if (!(pstate & SPSR_EL1_I_MASK)) {
				uint64_t pc = 0;

				cpu_reg_read(cpu, CPU_REG_PC, &pc);
				cpu_take_exception(cpu, CPU_VECTOR_IRQ, pc, 0, false, 0);
				cpu_watch_irq_unmask(cpu, false);
			} else {
				cpu_watch_irq_unmask(cpu, true);
			}
		}
		t = ticks_to_timer(v, v->vm->ticks);
		v->run_budget = left < t ? left : t;
		if (hyp_spe_cpu_run(v, cpu, v->run_budget, &stop, &n))
			return internal_error(v, VSPE_INTERNAL_ERROR_EMULATION,
					      "cpu_run failed");
		count(v, n);
		hyp_spe_sync(v);
		if (hyp_spe_stop_exit(v))
			return 1;
		left -= n < left ? n : left;
		r = handle_stop(v, cpu, &stop);
		if (r)
			return r;
		if (v->state != VCPU_RUNNABLE)
			return 0;
	}
	return 0;
}

/* A slice is a world switch: SPE registers move at its entry and exit (spe-switch.c). */
int hyp_vcpu_run_slice(struct hyp_vcpu *v, uint64_t quantum)
{
	int r;

	hyp_spe_enter(v);
	r = run_slice(v, quantum);
	hyp_spe_exit(v);
	return r;
}
