// SPDX-License-Identifier: GPL-2.0-only
/*
 * hyp_mem: memslots, the MMU-notifier listener, stage-2 fault handling and
 * whole-memslot locking (the ALL strategy).
 */
#include <stdlib.h>
#include <string.h>

#include "mem-internal.h"

const char *hyp_mem_pin_mode_name(enum hyp_mem_pin_mode m)
{
	switch (m) {
	case HYP_MEM_PIN_NONE: return "none";
	case HYP_MEM_PIN_BUFFER: return "buffer";
	case HYP_MEM_PIN_ALL: return "all";
	}
	return "?";
}

int hyp_mem_pin_mode_parse(const char *s, enum hyp_mem_pin_mode *m)
{
	static const enum hyp_mem_pin_mode modes[] = {
		HYP_MEM_PIN_NONE, HYP_MEM_PIN_BUFFER, HYP_MEM_PIN_ALL,
	};

	if (!s || !m)
		return HYP_MEM_EINVAL;
	for (unsigned i = 0; i < 3; i++)
		if (!strcmp(s, hyp_mem_pin_mode_name(modes[i]))) {
			*m = modes[i];
			return HYP_MEM_OK;
		}
	return HYP_MEM_EINVAL;
}

struct memslot *mem_slot_of(const struct hyp_mem *m, uint64_t gfn)
{
	for (unsigned i = 0; i < m->nslots; i++)
		if (gfn >= m->slots[i].gfn && gfn - m->slots[i].gfn < m->slots[i].npages)
			return &m->slots[i];
	return NULL;
}

uint64_t mem_pinned_total(const struct hyp_mem *m)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < m->nslots; i++)
		n += m->slots[i].pins.pinned;
	return n;
}

uint64_t mem_total_pages(const struct hyp_mem *m)
{
	uint64_t n = 0;

	for (unsigned i = 0; i < m->nslots; i++)
		n += m->slots[i].npages;
	return n;
}

void mem_track_bytes(struct hyp_mem *m)
{
	uint64_t b = 0;

	for (unsigned i = 0; i < m->nslots; i++)
		b += m->slots[i].pins.bytes;
	for (unsigned v = 0; v < m->cfg.nvcpus; v++)
		b += m->vcpus[v].nranges * sizeof(struct pin_range);
	m->st.tracking_bytes = b;
	m->st.pinned_pages = mem_pinned_total(m);
	if (m->st.pinned_pages * PAGE_SIZE > m->st.pinned_bytes_peak)
		m->st.pinned_bytes_peak = m->st.pinned_pages * PAGE_SIZE;
}

/*
 * invalidate_range_start: the host is about to change these pages, so
 * their stage-2 entries go now (blocks partly inside are split); the next
 * access faults and asks the host again.
 */
static void notifier_start(void *ctx, uint64_t gfn, uint64_t npages, enum host_mm_event_kind why)
{
	struct hyp_mem *m = ctx;
	struct memslot *s = mem_slot_of(m, gfn);

	if ((unsigned)why < HOST_MM_EV_KINDS)
		m->st.storm_events[why]++;
	if (s && pinset_count(&s->pins, gfn - s->gfn, npages))
		m->st.pinned_invalidations++;
	(void)stage2_unmap(m->s2, gfn << PAGE_SHIFT, npages << PAGE_SHIFT);
}

static void notifier_end(void *ctx, uint64_t gfn, uint64_t npages, enum host_mm_event_kind why)
{
	(void)ctx;
	(void)gfn;
	(void)npages;
	(void)why;
}

int hyp_mem_create(const struct hyp_mem_config *cfg, struct host_mm *mm, struct hyp_mem **out)
{
	struct host_mm_notifier n = { NULL, notifier_start, notifier_end };
	struct hyp_mem *m;
	int r;

	if (!cfg || !mm || !out || !cfg->nvcpus || cfg->nvcpus > 512 ||
	    (unsigned)cfg->mode > HYP_MEM_PIN_ALL)
		return HYP_MEM_EINVAL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return HYP_MEM_ENOMEM;
	m->cfg = *cfg;
	if (!m->cfg.batch_pages)
		m->cfg.batch_pages = HOST_MM_GIANT_PAGES;
	m->mm = mm;
	m->vcpus = calloc(cfg->nvcpus, sizeof(*m->vcpus));
	r = m->vcpus ? stage2_create(cfg->ipa_bits, &m->s2) : HYP_MEM_ENOMEM;
	if (r) {
		free(m->vcpus);
		free(m);
		return r;
	}
	for (unsigned v = 0; v < cfg->nvcpus; v++) {
		m->vcpus[v].m = m;
		m->vcpus[v].id = v;
		m->vcpus[v].port.ctx = &m->vcpus[v];
		m->vcpus[v].port.write = spe_port_write;
		m->vcpus[v].port.probe = spe_port_probe;
	}
	n.ctx = m;
	(void)host_mm_set_notifier(mm, &n);
	*out = m;
	return HYP_MEM_OK;
}

void hyp_mem_destroy(struct hyp_mem *m)
{
	if (!m)
		return;
	(void)host_mm_set_notifier(m->mm, NULL);
	for (unsigned v = 0; v < m->cfg.nvcpus; v++) {
		buffer_release(&m->vcpus[v]);
		free(m->vcpus[v].ranges);
	}
	for (unsigned i = 0; i < m->nslots; i++) {
		if (m->slots[i].locked)
			(void)hyp_mem_unlock_slot(m, (int)i);
		pinset_fini(&m->slots[i].pins);
	}
	free(m->slots);
	free(m->vcpus);
	stage2_destroy(m->s2);
	free(m);
}

struct stage2 *hyp_mem_stage2(struct hyp_mem *m)
{
	return m->s2;
}

void hyp_mem_get_stats(const struct hyp_mem *m, struct hyp_mem_stats *st)
{
	*st = m->st;
}

int hyp_mem_add_slot(struct hyp_mem *m, uint64_t ipa, uint64_t size, void *hva, bool thp)
{
	struct memslot *ns;
	int r;

	if (!m || !hva || !size || (ipa | size) & (PAGE_SIZE - 1) ||
	    ipa >= UINT64_C(1) << m->cfg.ipa_bits || size > (UINT64_C(1) << m->cfg.ipa_bits) - ipa)
		return HYP_MEM_EINVAL;
	r = host_mm_add_slot(m->mm, ipa >> PAGE_SHIFT, size >> PAGE_SHIFT, hva, thp);
	if (r)
		return r == HOST_MM_ENOMEM ? HYP_MEM_ENOMEM : HYP_MEM_EINVAL;
	ns = realloc(m->slots, (m->nslots + 1) * sizeof(*ns));
	if (!ns)
		return HYP_MEM_ENOMEM;	/* the host keeps the VMA; harmless */
	m->slots = ns;
	memset(&ns[m->nslots], 0, sizeof(*ns));
	ns[m->nslots].gfn = ipa >> PAGE_SHIFT;
	ns[m->nslots].npages = size >> PAGE_SHIFT;
	ns[m->nslots].hva = hva;
	pinset_init(&ns[m->nslots].pins, size >> PAGE_SHIFT);
	return (int)m->nslots++;
}

int mem_map_gfn(struct hyp_mem *m, uint64_t gfn, bool write, bool block)
{
	struct host_mm_page pg;
	struct memslot *s = mem_slot_of(m, gfn);
	uint64_t size = PAGE_SIZE, ipa, pa;
	int r;

	if (!s)
		return HYP_MEM_ENOENT;
	r = host_mm_fault_in(m->mm, gfn, write, &pg);
	if (r)
		return HYP_MEM_EHOST;
	ipa = gfn << PAGE_SHIFT;
	pa = pg.pfn << PAGE_SHIFT;
	if (block && pg.order >= 9) {
		/* The block must lie inside the slot (host THP needs alignment). */
		uint64_t bsize = pg.order >= 18 && stage2_start_level(m->s2) <= 1 ? STAGE2_BLOCK_1G
										  : STAGE2_BLOCK_2M;
		uint64_t bpages = bsize >> PAGE_SHIFT, bgfn = gfn & ~(bpages - 1);

		if (bgfn >= s->gfn && bgfn + bpages <= s->gfn + s->npages) {
			size = bsize;
			ipa = bgfn << PAGE_SHIFT;
			pa = (pg.pfn - (gfn - bgfn)) << PAGE_SHIFT;
		}
	}
	return stage2_map(m->s2, ipa, pa, size,
			  pg.writable ? STAGE2_PROT_RW : STAGE2_PROT_R);
}

int hyp_mem_handle_fault(struct hyp_mem *m, uint64_t ipa, bool write, enum hyp_mem_src src)
{
	struct memslot *s;
	uint64_t gfn;

	if (!m || (unsigned)src >= HYP_MEM_SRC_KINDS)
		return HYP_MEM_EINVAL;
	gfn = ipa >> PAGE_SHIFT;
	s = mem_slot_of(m, gfn);
	if (!s)
		return HYP_MEM_ENOENT;
	m->st.s2_faults[src]++;
	/* KVM v4: a fault on locked memory is unexpected, except a write to
	 * memory locked read-only (a permission relaxation). */
	if (pinset_test(&s->pins, gfn - s->gfn) && (!write || !s->locked || s->locked_write)) {
		m->warn_ipa[m->st.unexpected_faults % WARN_RING] = ipa;
		m->st.unexpected_faults++;
		m->st.last_unexpected_ipa = ipa;
	}
	return mem_map_gfn(m, gfn, write, true);
}

int hyp_mem_cpu_access(struct hyp_mem *m, uint64_t ipa, bool write, void **hva)
{
	struct stage2_xlate x;
	struct memslot *s;
	int r;

	if (!m || !hva)
		return HYP_MEM_EINVAL;
	s = mem_slot_of(m, ipa >> PAGE_SHIFT);
	if (!s)
		return HYP_MEM_ENOENT;
	r = stage2_walk(m->s2, ipa, write, &x);
	if (r == 1) {
		r = hyp_mem_handle_fault(m, ipa, write, HYP_MEM_SRC_CPU);
		if (!r)
			r = stage2_walk(m->s2, ipa, write, &x) ? HYP_MEM_EHOST : 0;
	}
	if (r)
		return r;
	*hva = s->hva + (ipa - (s->gfn << PAGE_SHIFT));
	return HYP_MEM_OK;
}

size_t hyp_mem_unexpected_faults(const struct hyp_mem *m, uint64_t *ipas, size_t cap)
{
	uint64_t n, first;
	size_t k = 0;

	if (!m || (!ipas && cap))
		return 0;
	n = m->st.unexpected_faults < WARN_RING ? m->st.unexpected_faults : WARN_RING;
	first = m->st.unexpected_faults - n;
	for (uint64_t i = first; i < m->st.unexpected_faults && k < cap; i++)
		ipas[k++] = m->warn_ipa[i % WARN_RING];
	return k;
}

bool hyp_mem_pinned(const struct hyp_mem *m, uint64_t ipa)
{
	struct memslot *s = m ? mem_slot_of(m, ipa >> PAGE_SHIFT) : NULL;

	return s && pinset_test(&s->pins, (ipa >> PAGE_SHIFT) - s->gfn);
}

/* An unlocked slot's bits: exactly the pages some vCPU's buffer holds. */
static void slot_pins_rebuild(struct hyp_mem *m, struct memslot *s)
{
	(void)pinset_clear(&s->pins, 0, s->npages);
	for (unsigned v = 0; v < m->cfg.nvcpus; v++)
		for (unsigned k = 0; k < m->vcpus[v].nranges; k++) {
			struct pin_range *pr = &m->vcpus[v].ranges[k];

			if (mem_slot_of(m, pr->gfn) == s)
				(void)pinset_set(&s->pins, pr->gfn - s->gfn, pr->npages);
		}
}

int hyp_mem_unlock_slot(struct hyp_mem *m, int slot)
{
	struct memslot *s;

	if (!m || slot < 0 || (unsigned)slot >= m->nslots)
		return HYP_MEM_EINVAL;
	s = &m->slots[slot];
	if (!s->locked)
		return HYP_MEM_EINVAL;
	for (uint64_t i = 0; i < s->npages; i += m->cfg.batch_pages) {
		uint64_t n = s->npages - i < m->cfg.batch_pages ? s->npages - i : m->cfg.batch_pages;

		(void)host_mm_unpin(m->mm, s->gfn + i, n);
		m->st.unpin_ops++;
	}
	s->locked = false;
	slot_pins_rebuild(m, s);
	mem_track_bytes(m);
	return HYP_MEM_OK;
}

int hyp_mem_lock_slot(struct hyp_mem *m, int slot, bool write)
{
	struct memslot *s;
	uint64_t done = 0;
	int r = HYP_MEM_OK;

	if (!m || slot < 0 || (unsigned)slot >= m->nslots)
		return HYP_MEM_EINVAL;
	s = &m->slots[slot];
	if (s->locked)
		return HYP_MEM_EBUSY;
	if (m->cfg.pin_limit_pages &&
	    mem_pinned_total(m) + s->npages - s->pins.pinned > m->cfg.pin_limit_pages) {
		m->st.limit_errors++;
		return HYP_MEM_ELIMIT;
	}
	/* In batches, as VFIO pins: host pin, then stage-2 map with blocks. */
	while (done < s->npages) {
		uint64_t n = s->npages - done, g;

		if (n > m->cfg.batch_pages)
			n = m->cfg.batch_pages;
		if (host_mm_pin(m->mm, s->gfn + done, n, write)) {
			r = HYP_MEM_EHOST;
			break;
		}
		m->st.pin_ops++;
		for (g = s->gfn + done; g < s->gfn + done + n;) {
			struct stage2_xlate x;

			r = mem_map_gfn(m, g, write, true);
			if (r)
				break;
			(void)stage2_walk(m->s2, g << PAGE_SHIFT, false, &x);
			g = ((g << PAGE_SHIFT & ~(x.size - 1)) + x.size) >> PAGE_SHIFT;
		}
		if (!r && pinset_set(&s->pins, done, n) < 0)
			r = HYP_MEM_ENOMEM;
		if (r) {
			(void)host_mm_unpin(m->mm, s->gfn + done, n);
			break;
		}
		done += n;
	}
	if (r) {
		/* Undo the batches taken; the bits buffers hold are set again. */
		for (uint64_t i = 0; i < done; i += m->cfg.batch_pages) {
			uint64_t n = done - i < m->cfg.batch_pages ? done - i : m->cfg.batch_pages;

			(void)host_mm_unpin(m->mm, s->gfn + i, n);
		}
		slot_pins_rebuild(m, s);
		mem_track_bytes(m);
		return r;
	}
	s->locked = true;
	s->locked_write = write;
	mem_track_bytes(m);
	return HYP_MEM_OK;
}

int hyp_mem_vcpu_set_s1(struct hyp_mem *m, unsigned vcpu, const struct hyp_mem_s1 *s1)
{
	if (!m || !s1 || vcpu >= m->cfg.nvcpus)
		return HYP_MEM_EINVAL;
	m->vcpus[vcpu].s1 = *s1;
	return HYP_MEM_OK;
}

const struct spe_mem_port *hyp_mem_spe_port(struct hyp_mem *m, unsigned vcpu)
{
	if (!m || vcpu >= m->cfg.nvcpus)
		return NULL;
	return &m->vcpus[vcpu].port;
}

int hyp_mem_spe_last_fault(const struct hyp_mem *m, unsigned vcpu, struct s1_fault *f)
{
	if (!m || !f || vcpu >= m->cfg.nvcpus)
		return HYP_MEM_EINVAL;
	if (!m->vcpus[vcpu].has_fault)
		return HYP_MEM_ENOENT;
	*f = m->vcpus[vcpu].last_fault;
	return HYP_MEM_OK;
}

int hyp_mem_spe_fix_fault(struct hyp_mem *m, unsigned vcpu)
{
	struct vcpu_mem *v;
	int r;

	if (!m || vcpu >= m->cfg.nvcpus)
		return HYP_MEM_EINVAL;
	v = &m->vcpus[vcpu];
	if (!v->has_fault || v->last_fault.stage != 2)
		return HYP_MEM_ENOENT;
	r = hyp_mem_handle_fault(m, v->last_fault.ipa, !v->last_fault.s1ptw, HYP_MEM_SRC_SPE);
	if (!r)
		v->has_fault = false;
	return r;
}
