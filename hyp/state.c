// SPDX-License-Identifier: GPL-2.0-only
/*
 * State for snapshots and live migration (docs/migration.md):
 *
 * - the VSPE_REG_ARM_VSPE coproc of ONE_REG: what a vCPU holds beyond its
 *   architectural registers (run state, its instruction count, CNTVOFF, an
 *   MMIO or hypercall exit still to complete, exception-loop detection,
 *   placement, the SPE STOP mode and the virtual PPI level);
 * - the VM blob: the virtual clock, the scheduler's cursor, the GIC, each
 *   physical CPU's SPE unit and which vCPU it holds, the storm's generator.
 *
 * A run is defined by guest, options and seed, so everything that decides
 * what happens next travels; statistics of the hypervisor itself do not.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch/sysreg.h"
#include "hyp-internal.h"
#include "spe-internal.h"

/* ---- the VSPE coproc ---- */

#define MMIO_INFO(m)	((uint64_t)(m)->len | (uint64_t)(m)->is_write << 8 | \
			 (uint64_t)(m)->valid << 9 | (uint64_t)(m)->rt << 16 | \
			 (uint64_t)(m)->sign_extend << 24 | (uint64_t)(m)->sf << 25)
#define MMIO_INFO_VALID	0x3ff03ffull

static bool spe_reg(unsigned int idx)
{
	return idx == 14 || idx == 15;
}

static bool has_spe(const struct hyp_vcpu *v)
{
	return hyp_spe_visible(v, SYS_PMSCR_EL1);
}

size_t hyp_state_vcpu_list(struct hyp_vcpu *v, uint64_t *ids, size_t cap)
{
	size_t n = 0;

	for (unsigned int i = 0; i < VSPE_REG_VSPE_NR; i++) {
		if (spe_reg(i) && !has_spe(v))
			continue;
		if (ids && n < cap)
			ids[n] = VSPE_REG_VSPE(i);
		n++;
	}
	return n;
}

static int get_irq_level(struct hyp_vcpu *v, uint64_t *val)
{
	uint64_t sr = 0;
	int err = hyp_spe_read(v, SYS_PMBSR_EL1, &sr);

	/* KVM: the line is high while PMBSR_EL1.S is set (a level). */
	*val = PMBSR_EL1_S_GET(sr);
	return err;
}

static int vspe_get(struct hyp_vcpu *v, unsigned int idx, uint64_t *val)
{
	switch (idx) {
	case 0: *val = v->state; return 0;
	case 1: *val = v->instructions; return 0;
	case 2: *val = v->timer.cntvoff; return 0;
	case 3: *val = (uint64_t)v->mmio_pending | (uint64_t)v->hypercall_pending << 1; return 0;
	case 4: *val = v->mmio.gpa; return 0;
	case 5: *val = v->mmio.va; return 0;
	case 6: *val = MMIO_INFO(&v->mmio); return 0;
	case 7: *val = v->mmio.data; return 0;
	case 8:
		if (v->hypercall_pending)
			*val = v->run.hypercall.ret;
		else
			memcpy(val, v->run.mmio.data, sizeof(*val));
		return 0;
	case 9: *val = v->last_esr; return 0;
	case 10: *val = v->last_elr; return 0;
	case 11: *val = v->last_exc_insns; return 0;
	case 12: *val = v->same_exceptions; return 0;
	case 13: *val = hyp_vcpu_cpu_mask(v); return 0;
	case 14: {
		int mode = 0;
		int err = hyp_vcpu_spe_attr(v, 1, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_STOP,
					    &mode);

		*val = (uint64_t)mode;
		/* Before SPE_INIT there is no STOP mode: it reads as "not stopped". */
		return err == -EAGAIN ? (*val = 0, 0) : err;
	}
	case 15: return get_irq_level(v, val);
	}
	return -ENOENT;
}

static int vspe_set(struct hyp_vcpu *v, unsigned int idx, uint64_t val)
{
	switch (idx) {
	case 0:
		if (val > VCPU_OFF)
			return -EINVAL;
		hyp_vcpu_set_state(v, (enum vcpu_state)val);
		return 0;
	case 1: v->instructions = val; return 0;
	case 2: v->timer.cntvoff = val; return 0;
	case 3:
		/* One exit at a time: an MMIO and a hypercall cannot both wait. */
		if (val > 2)
			return -EINVAL;
		v->mmio_pending = val & 1;
		v->hypercall_pending = val >> 1 & 1;
		return 0;
	case 4: v->mmio.gpa = val; return 0;
	case 5: v->mmio.va = val; return 0;
	case 6: {
		unsigned int len = val & 0xff;

		if ((val & ~MMIO_INFO_VALID) || (len && len != 1 && len != 2 && len != 4 &&
						 len != 8) || (val >> 16 & 0xff) > 31)
			return -EINVAL;
		v->mmio.len = len;
		v->mmio.is_write = val >> 8 & 1;
		v->mmio.valid = val >> 9 & 1;
		v->mmio.rt = val >> 16 & 0xff;
		v->mmio.sign_extend = val >> 24 & 1;
		v->mmio.sf = val >> 25 & 1;
		return 0;
	}
	case 7: v->mmio.data = val; return 0;
	case 8:
		/* Both views: whichever exit is pending reads its own. */
		memcpy(v->run.mmio.data, &val, sizeof(val));
		v->run.hypercall.ret = val;
		return 0;
	case 9: v->last_esr = val; return 0;
	case 10: v->last_elr = val; return 0;
	case 11: v->last_exc_insns = val; return 0;
	case 12:
		if (val > UINT32_MAX)
			return -EINVAL;
		v->same_exceptions = (unsigned int)val;
		return 0;
	case 13:
		return hyp_vcpu_set_cpu_mask(v, val) ? -EINVAL : 0;
	case 14: {
		int mode = (int)val;

		if (val != 0 && val != VSPE_ARM_VCPU_SPE_STOP_TRAP &&
		    val != VSPE_ARM_VCPU_SPE_STOP_EXIT)
			return -EINVAL;
		if (!val) {
			uint64_t cur = 0;
			int err = vspe_get(v, 14, &cur);

			/* Not stopped and not asked to be: nothing to resume. */
			if (err || !cur)
				return err;
			mode = VSPE_ARM_VCPU_SPE_RESUME;
		}
		return hyp_vcpu_spe_attr(v, 0, VSPE_ARM_VCPU_SPE_CTRL, VSPE_ARM_VCPU_SPE_STOP,
					 &mode);
	}
	case 15: {
		uint64_t cur = 0;
		int err = get_irq_level(v, &cur);

		/* Derived from PMBSR_EL1.S (restored before it in the list). */
		return err ? err : cur == val ? 0 : -EINVAL;
	}
	}
	return -ENOENT;
}

int hyp_state_vcpu_reg(struct hyp_vcpu *v, uint64_t id, void *buf, bool set)
{
	unsigned int idx = (unsigned int)(id & 0xffff);
	uint64_t val = 0;
	int err;

	if ((id & ~0xffffull) != (VSPE_REG_ARM64 | VSPE_REG_SIZE_U64 | VSPE_REG_ARM_VSPE) ||
	    idx >= VSPE_REG_VSPE_NR || (spe_reg(idx) && !has_spe(v)))
		return -ENOENT;
	if (!set) {
		err = vspe_get(v, idx, &val);
		if (!err)
			memcpy(buf, &val, sizeof(val));
		return err;
	}
	memcpy(&val, buf, sizeof(val));
	return vspe_set(v, idx, val);
}

/* ---- the VM blob ---- */

#define STATE_MAGIC	0x314d56455053565full	/* "_VSPEVM1" */
/* 2: the SPE units' holders (lazy switching); 3: the scheduler's policy and homes */
#define STATE_VERSION	3u

/* A growing byte cursor: writes past cap only count (size probing). */
struct cursor {
	uint8_t *p;
	size_t len, cap;
	bool bad;
};

static void put(struct cursor *c, const void *src, size_t n)
{
	if (c->p && c->len + n <= c->cap)
		memcpy(c->p + c->len, src, n);
	c->len += n;
}

static void put64(struct cursor *c, uint64_t v)
{
	put(c, &v, sizeof(v));
}

static const void *take(struct cursor *c, size_t n)
{
	const void *p;

	if (c->bad || n > c->cap - c->len) {
		c->bad = true;
		return NULL;
	}
	p = c->p + c->len;
	c->len += n;
	return p;
}

static uint64_t take64(struct cursor *c)
{
	const void *p = take(c, sizeof(uint64_t));
	uint64_t v = 0;

	if (p)
		memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * A Fletcher-style sum over 64-bit words (two running sums, the length
 * mixed in): every single-bit error and most bursts change it, and it
 * costs ~0.05 ns a byte, which matters in the downtime (the blob is mostly
 * the SPE units' timing models). Files and the migration stream add CRCs.
 */
static uint64_t blob_sum(const uint8_t *p, size_t n)
{
	uint64_t a = 1, b = 0, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		a += w;
		b += a;
	}
	w = 0;
	memcpy(&w, p + i, n - i);
	a += w;
	b += a;
	return a ^ (b * 0x9e3779b97f4a7c15ull) ^ n;
}

/*
 * Version 3's tail: the policy, then (vCPU id, home) for every vCPU that
 * has run, in id order. Under SCHED_AFFINE the homes decide every later
 * placement, so a restored VM must know them to schedule as the
 * unmigrated one does.
 */
static void save_sched(struct hyp_vm *vm, struct cursor *c)
{
	uint64_t n = 0;

	put64(c, sched_policy(vm->sched));
	for (unsigned int i = 0; i < VSPE_MAX_VCPUS; i++)
		n += vm->vcpus[i] && sched_home(vm->sched, i) != SCHED_NO_PCPU;
	put64(c, n);
	for (unsigned int i = 0; i < VSPE_MAX_VCPUS; i++) {
		int h = vm->vcpus[i] ? sched_home(vm->sched, i) : SCHED_NO_PCPU;

		if (h == SCHED_NO_PCPU)
			continue;
		put64(c, i);
		put64(c, (uint64_t)h);
	}
}

static void save_body(struct hyp_vm *vm, struct cursor *c)
{
	unsigned int next = 0, last = 0;
	uint64_t mm[HYP_MM_STATE_WORDS] = { 0 };

	put64(c, STATE_MAGIC);
	put64(c, STATE_VERSION);
	put64(c, vm->cfg.nr_pcpus);
	put64(c, vm->ticks);
	put64(c, vm->instructions);
	put64(c, vm->spi_levels);
	sched_cursor_get(vm->sched, &next, &last);
	put64(c, next);
	put64(c, last);
	put64(c, vm->mm ? 1 : 0);
	hyp_mm_state_save(vm, mm);
	for (unsigned int i = 0; i < HYP_MM_STATE_WORDS; i++)
		put64(c, mm[i]);
	for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++) {
		struct hyp_pcpu *p = &vm->pcpus[i];
		uint64_t w[CPU_SPE_STATE_WORDS] = { 0 };
		uint64_t sw[SPE_SWITCH_STATE_WORDS];
		size_t n = p->spe_unit ? spe_unit_state_size(p->spe_unit) : 0;

		put64(c, p->loaded ? p->loaded->id + 1 : 0);
		put64(c, p->loads);
		cpu_spe_state_save(p->spe, w);
		for (unsigned int k = 0; k < CPU_SPE_STATE_WORDS; k++)
			put64(c, w[k]);
		put64(c, n);
		if (n) {
			if (c->p && c->len + n <= c->cap)
				spe_unit_state_save(p->spe_unit, c->p + c->len, n);
			c->len += n;
		}
		spe_switch_state_save(p, sw);
		for (unsigned int k = 0; k < SPE_SWITCH_STATE_WORDS; k++)
			put64(c, sw[k]);
	}
	{
		size_t n = vm->gic ? gicv3_state_size(vm->gic) : 0;

		put64(c, n);
		if (n && c->p && c->len + n <= c->cap)
			gicv3_state_save(vm->gic, c->p + c->len, n);
		c->len += n;
	}
	save_sched(vm, c);
}

int hyp_vm_save_state(struct hyp_vm *vm, void *buf, size_t cap, size_t *len)
{
	struct cursor c = { .p = buf, .cap = cap };
	uint64_t h;

	if (!vm->ran)
		return hyp_vm_errorf(vm, -EINVAL, "save state: the VM has not run yet");
	save_body(vm, &c);
	*len = c.len + sizeof(uint64_t);
	if (!buf || cap < *len)
		return hyp_vm_errorf(vm, -E2BIG, "save state: %zu bytes needed", *len);
	h = blob_sum(buf, c.len);
	memcpy((uint8_t *)buf + c.len, &h, sizeof(h));
	return 0;
}

/* A parsed blob: pointers into the caller's buffer, checked before use. */
struct parsed {
	uint64_t ticks, insns, spi, next, last, has_mm;
	uint64_t mm[HYP_MM_STATE_WORDS];
	struct {
		uint64_t loaded, loads;
		uint64_t w[CPU_SPE_STATE_WORDS];
		const void *unit;
		size_t unit_len;
		uint64_t sw[SPE_SWITCH_STATE_WORDS];
	} pcpu[VSPE_MAX_HOST_CPUS];
	const void *gic;
	size_t gic_len;
	uint64_t nr_homes;
	struct {
		uint64_t vcpu, pcpu;
	} home[VSPE_MAX_VCPUS];
};

/* Version 3's scheduler tail (save_sched); version 2 ran round-robin only. */
static int parse_sched(struct hyp_vm *vm, struct cursor *c, uint64_t version,
		       struct parsed *ps)
{
	uint64_t policy = SCHED_RR;

	if (version >= 3) {
		policy = take64(c);
		ps->nr_homes = take64(c);
		if (c->bad || ps->nr_homes > VSPE_MAX_VCPUS)
			return hyp_vm_errorf(vm, -EINVAL, "VM state: truncated or bad scheduler "
					     "state");
		for (uint64_t i = 0; i < ps->nr_homes; i++) {
			ps->home[i].vcpu = take64(c);
			ps->home[i].pcpu = take64(c);
			if (c->bad || ps->home[i].vcpu >= VSPE_MAX_VCPUS ||
			    !vm->vcpus[ps->home[i].vcpu] || ps->home[i].pcpu >= vm->cfg.nr_pcpus ||
			    (i && ps->home[i].vcpu <= ps->home[i - 1].vcpu))
				return hyp_vm_errorf(vm, -EINVAL, "VM state: scheduler state names "
						     "a vCPU or physical CPU this VM lacks");
		}
	}
	if (policy != sched_policy(vm->sched))
		return hyp_vm_errorf(vm, -EINVAL, "VM state: saved under the %s scheduler%s, this "
				     "VM uses %s (same --sched on both sides)",
				     policy <= SCHED_RR ? sched_policy_name((enum sched_policy)policy) :
				     "unknown",
				     version < 3 ? " (version 2)" : "",
				     sched_policy_name(sched_policy(vm->sched)));
	return 0;
}

static int parse(struct hyp_vm *vm, const void *buf, size_t len, struct parsed *ps)
{
	struct cursor c = { .p = (uint8_t *)buf, .cap = len - sizeof(uint64_t) };
	uint64_t h, version;
	int err;

	if (len < 4 * sizeof(uint64_t))
		return hyp_vm_errorf(vm, -EINVAL, "VM state: %zu bytes is too short", len);
	memcpy(&h, (const uint8_t *)buf + len - sizeof(h), sizeof(h));
	if (h != blob_sum(buf, len - sizeof(h)))
		return hyp_vm_errorf(vm, -EINVAL, "VM state: checksum mismatch (corrupted)");
	if (take64(&c) != STATE_MAGIC)
		return hyp_vm_errorf(vm, -EINVAL, "VM state: not a vspe VM state");
	version = take64(&c);
	if (version != 2 && version != STATE_VERSION)
		return hyp_vm_errorf(vm, -EINVAL, "VM state: version %llu, this vspe reads 2 "
				     "and %u", (unsigned long long)version, STATE_VERSION);
	if (take64(&c) != vm->cfg.nr_pcpus)
		return hyp_vm_errorf(vm, -EINVAL, "VM state: saved on a host with another "
				     "number of physical CPUs");
	ps->ticks = take64(&c);
	ps->insns = take64(&c);
	ps->spi = take64(&c);
	ps->next = take64(&c);
	ps->last = take64(&c);
	ps->has_mm = take64(&c);
	for (unsigned int i = 0; i < HYP_MM_STATE_WORDS; i++)
		ps->mm[i] = take64(&c);
	if (ps->next >= VSPE_MAX_VCPUS || ps->last >= vm->cfg.nr_pcpus || ps->has_mm > 1 ||
	    ps->has_mm != (uint64_t)!vm->mmcfg.identity)
		return hyp_vm_errorf(vm, -EINVAL, "VM state: scheduler or memory management "
				     "does not match this VM");
	for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++) {
		struct hyp_pcpu *p = &vm->pcpus[i];
		uint64_t l;

		ps->pcpu[i].loaded = l = take64(&c);
		ps->pcpu[i].loads = take64(&c);
		for (unsigned int k = 0; k < CPU_SPE_STATE_WORDS; k++)
			ps->pcpu[i].w[k] = take64(&c);
		ps->pcpu[i].unit_len = (size_t)take64(&c);
		ps->pcpu[i].unit = ps->pcpu[i].unit_len ? take(&c, ps->pcpu[i].unit_len) : NULL;
		for (unsigned int k = 0; k < SPE_SWITCH_STATE_WORDS; k++)
			ps->pcpu[i].sw[k] = take64(&c);
		if (c.bad)
			break;
		if (spe_switch_state_check(vm, ps->pcpu[i].sw))
			return hyp_vm_errorf(vm, -EINVAL, "VM state: physical CPU %u: its SPE unit's "
					     "holder is not a vCPU with SPE of this VM", i);
		if (l > VSPE_MAX_VCPUS || (l && (!vm->vcpus[l - 1] || !vm->vcpus[l - 1]->initialized)))
			return hyp_vm_errorf(vm, -EINVAL, "VM state: physical CPU %u holds vCPU "
					     "%llu, which this VM lacks", i,
					     (unsigned long long)l - 1);
		for (unsigned int j = 0; l && j < i; j++)
			if (ps->pcpu[j].loaded == l)
				return hyp_vm_errorf(vm, -EINVAL, "VM state: vCPU %llu on two "
						     "physical CPUs", (unsigned long long)l - 1);
		if (ps->pcpu[i].unit_len != (p->spe_unit ? spe_unit_state_size(p->spe_unit) : 0))
			return hyp_vm_errorf(vm, -EINVAL, "VM state: physical CPU %u: SPE unit "
					     "differs from this host's", i);
	}
	ps->gic_len = (size_t)take64(&c);
	ps->gic = take(&c, ps->gic_len);
	err = c.bad ? 0 : parse_sched(vm, &c, version, ps);
	if (err)
		return err;
	if (c.bad || c.len != c.cap)
		return hyp_vm_errorf(vm, -EINVAL, "VM state: truncated or trailing bytes");
	return 0;
}

int hyp_vm_load_state(struct hyp_vm *vm, const void *buf, size_t len)
{
	struct parsed *ps;
	int err;

	/* Prepared (hyp_vm_prepare) is fine; a clock that moved means it ran. */
	if (vm->ticks || vm->instructions)
		return hyp_vm_errorf(vm, -EBUSY, "load state: the VM has already run");
	ps = calloc(1, sizeof(*ps));
	if (!ps)
		return hyp_vm_errorf(vm, -ENOMEM, "load state: out of memory");
	err = parse(vm, buf, len, ps);
	if (!err)
		err = hyp_vm_prepare(vm);
	if (!err && gicv3_state_load(vm->gic, ps->gic, ps->gic_len))
		err = hyp_vm_errorf(vm, -EINVAL, "VM state: the GIC state is refused");
	if (!err && hyp_mm_state_load(vm, ps->mm))
		err = hyp_vm_errorf(vm, -EINVAL, "VM state: the storm state is refused");
	if (err) {
		free(ps);
		return err;
	}
	vm->ticks = ps->ticks;
	vm->instructions = ps->insns;
	vm->spi_levels = ps->spi;
	sched_cursor_set(vm->sched, (unsigned int)ps->next, (unsigned int)ps->last);
	for (uint64_t i = 0; i < ps->nr_homes; i++)
		sched_set_home(vm->sched, (unsigned int)ps->home[i].vcpu, (int)ps->home[i].pcpu);
	for (unsigned int i = 0; i < vm->cfg.nr_pcpus; i++) {
		struct hyp_pcpu *p = &vm->pcpus[i];

		/* The vCPU goes back where it was, then the unit exactly as it was. */
		if (ps->pcpu[i].loaded)
			vcpu_load(vm->vcpus[ps->pcpu[i].loaded - 1], p);
		p->loads = ps->pcpu[i].loads;
		if (p->spe_unit && spe_unit_state_load(p->spe_unit, ps->pcpu[i].unit,
						       ps->pcpu[i].unit_len))
			err = hyp_vm_errorf(vm, -EINVAL, "VM state: physical CPU %u: SPE unit "
					    "state refused", i);
		if (!err && cpu_spe_state_load(p->spe, ps->pcpu[i].w))
			err = hyp_vm_errorf(vm, -EINVAL, "VM state: physical CPU %u: driving "
					    "state refused", i);
		if (!err)
			spe_switch_state_load(p, ps->pcpu[i].sw);
	}
	for (unsigned int i = 0; i < VSPE_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			hyp_spe_sync_irq(vm->vcpus[i]);
	free(ps);
	return err;
}

/* ---- dirty log (KVM_GET_DIRTY_LOG) ---- */

/*
 * Unicorn maps guest RAM directly, so there is no stage-2 write fault to
 * take on a store. The log compares each page with a shadow copy taken
 * when logging started (or the page was last reported): exact for every
 * writer (CPUs, SPE units, the VMM), costs one copy of the slot while
 * logging and one pass over it per call.
 */
struct hyp_dirty {
	uint8_t *shadow[HYP_MAX_MEMSLOTS];
};

#define DIRTY_PAGE	4096u

int hyp_dirty_slot_flags(struct hyp_vm *vm, unsigned int slot, uint32_t old, uint32_t flags)
{
	const struct hyp_memslot *s = &vm->slots[slot];
	bool was = old & VSPE_MEM_LOG_DIRTY_PAGES, now = flags & VSPE_MEM_LOG_DIRTY_PAGES;

	if (was == now)
		return 0;
	if (!now) {
		if (vm->dirty) {
			free(vm->dirty->shadow[slot]);
			vm->dirty->shadow[slot] = NULL;
		}
		return 0;
	}
	if (!vm->dirty) {
		vm->dirty = calloc(1, sizeof(*vm->dirty));
		if (!vm->dirty)
			return hyp_vm_errorf(vm, -ENOMEM, "dirty log: out of memory");
	}
	vm->dirty->shadow[slot] = malloc(s->size);
	if (!vm->dirty->shadow[slot])
		return hyp_vm_errorf(vm, -ENOMEM, "dirty log: no memory for a %llu-byte shadow",
				     (unsigned long long)s->size);
	memcpy(vm->dirty->shadow[slot], s->host, s->size);
	return 0;
}

void hyp_dirty_destroy(struct hyp_vm *vm)
{
	if (!vm->dirty)
		return;
	for (unsigned int i = 0; i < HYP_MAX_MEMSLOTS; i++)
		free(vm->dirty->shadow[i]);
	free(vm->dirty);
	vm->dirty = NULL;
}

int hyp_vm_get_dirty_log(struct hyp_vm *vm, unsigned int slot, uint64_t *bitmap)
{
	const struct hyp_memslot *s;
	uint8_t *sh;
	uint64_t pages;

	if (slot >= HYP_MAX_MEMSLOTS || !vm->slots[slot].used)
		return hyp_vm_errorf(vm, -ENOENT, "dirty log: no slot %u", slot);
	s = &vm->slots[slot];
	sh = vm->dirty ? vm->dirty->shadow[slot] : NULL;
	if (!sh)
		return hyp_vm_errorf(vm, -EINVAL, "dirty log: slot %u does not log dirty pages",
				     slot);
	pages = s->size / DIRTY_PAGE;
	memset(bitmap, 0, (pages + 63) / 64 * sizeof(uint64_t));
	for (uint64_t i = 0; i < pages; i++) {
		const uint8_t *cur = (const uint8_t *)s->host + i * DIRTY_PAGE;

		if (memcmp(cur, sh + i * DIRTY_PAGE, DIRTY_PAGE)) {
			memcpy(sh + i * DIRTY_PAGE, cur, DIRTY_PAGE);
			bitmap[i / 64] |= 1ull << (i % 64);
		}
	}
	return 0;
}
