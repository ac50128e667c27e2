// SPDX-License-Identifier: GPL-2.0-only
/*
 * The BUFFER strategy (KVM RFC v6): pin exactly what the SPE unit needs to
 * write the guest's buffer without a stage-2 fault, the buffer pages and
 * the guest stage-1 table pages on their walks, while the buffer is
 * enabled. The walk reads descriptors through the VMM's mapping (faulting
 * pages in from the host), as KVM's software walker does.
 */
#include <stdlib.h>
#include <string.h>

#include "arch/sysreg.h"
#include "mem-internal.h"

/* Read a descriptor the way the hypervisor can: through host memory. */
static int host_read(void *ctx, uint64_t ipa, uint64_t *desc, struct s1_fault *f)
{
	struct hyp_mem *m = ctx;
	struct host_mm_page pg;
	uint64_t gfn = ipa >> PAGE_SHIFT;

	if (!mem_slot_of(m, gfn) || host_mm_fault_in(m->mm, gfn, false, &pg)) {
		/* A table outside guest RAM: an external abort on the walk. */
		f->fsc = (uint8_t)ESR_ISS_DABT_DFSC_EXT_ABORT;
		f->level = 0;
		return 1;
	}
	memcpy(desc, (uint8_t *)host_mm_hva(m->mm, gfn) + (ipa & (PAGE_SIZE - 1)), 8);
	return 0;
}

struct runs {
	struct pin_range *r;
	unsigned n, cap;
};

/* Append gfn, extending the last run when it continues it in the same slot. */
static int runs_add(struct hyp_mem *m, struct runs *rs, uint64_t gfn)
{
	if (rs->n) {
		struct pin_range *l = &rs->r[rs->n - 1];

		if (gfn >= l->gfn && gfn < l->gfn + l->npages)
			return 0;
		if (gfn == l->gfn + l->npages && mem_slot_of(m, gfn) == mem_slot_of(m, l->gfn)) {
			l->npages++;
			return 0;
		}
	}
	if (!mem_slot_of(m, gfn))
		return HYP_MEM_ENOENT;
	if (rs->n == rs->cap) {
		unsigned ncap = rs->cap ? rs->cap * 2 : 8;
		struct pin_range *nr = realloc(rs->r, ncap * sizeof(*nr));

		if (!nr)
			return HYP_MEM_ENOMEM;
		rs->r = nr;
		rs->cap = ncap;
	}
	rs->r[rs->n++] = (struct pin_range){ gfn, 1, true };
	return 0;
}

static int range_cmp(const void *a, const void *b)
{
	const struct pin_range *x = a, *y = b;

	return x->gfn < y->gfn ? -1 : x->gfn > y->gfn;
}

/* Sort runs and merge those that overlap or touch inside one slot. */
static void runs_merge(struct hyp_mem *m, struct runs *rs)
{
	unsigned k = 0;

	qsort(rs->r, rs->n, sizeof(*rs->r), range_cmp);
	for (unsigned i = 0; i < rs->n; i++) {
		struct pin_range *l = k ? &rs->r[k - 1] : NULL, *c = &rs->r[i];

		if (l && c->gfn <= l->gfn + l->npages &&
		    mem_slot_of(m, c->gfn) == mem_slot_of(m, l->gfn)) {
			uint64_t end = c->gfn + c->npages;

			if (end > l->gfn + l->npages)
				l->npages = end - l->gfn;
		} else {
			rs->r[k++] = *c;
		}
	}
	rs->n = k;
}

/* Does any vCPU other than skip hold gfn in its buffer ranges? */
static bool held_elsewhere(const struct hyp_mem *m, const struct vcpu_mem *skip, uint64_t gfn)
{
	for (unsigned v = 0; v < m->cfg.nvcpus; v++) {
		const struct vcpu_mem *o = &m->vcpus[v];

		if (o == skip)
			continue;
		for (unsigned r = 0; r < o->nranges; r++)
			if (gfn >= o->ranges[r].gfn && gfn < o->ranges[r].gfn + o->ranges[r].npages)
				return true;
	}
	return false;
}

/* Unpin everything the vCPU's buffer holds. */
void buffer_release(struct vcpu_mem *v)
{
	struct hyp_mem *m = v->m;

	for (unsigned r = 0; r < v->nranges; r++) {
		struct pin_range *pr = &v->ranges[r];
		struct memslot *s = mem_slot_of(m, pr->gfn);

		(void)host_mm_unpin(m->mm, pr->gfn, pr->npages);
		m->st.unpin_ops++;
		for (uint64_t g = pr->gfn; s && g < pr->gfn + pr->npages; g++)
			if (!s->locked && !held_elsewhere(m, v, g))
				(void)pinset_clear(&s->pins, g - s->gfn, 1);
	}
	v->nranges = 0;
	v->buf_pinned = false;
	mem_track_bytes(m);
}

static bool same_s1(const struct hyp_mem_s1 *a, const struct hyp_mem_s1 *b)
{
	return a->mmu_on == b->mmu_on && a->ttbr0 == b->ttbr0 && a->ttbr1 == b->ttbr1 &&
	       a->tcr == b->tcr;
}

int hyp_mem_buffer_update(struct hyp_mem *m, unsigned vcpu, uint64_t pmbptr, uint64_t pmblimitr,
			  struct hyp_mem_buffer_fault *f)
{
	struct vcpu_mem *v;
	uint64_t lo, hi, npages, newpins = 0;
	uint64_t last_tbl[4] = { UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX };
	struct runs bufr = { 0 }, tblr = { 0 };
	struct pin_range *nr = NULL;
	unsigned nnr = 0;
	int r;

	if (!m || !f || vcpu >= m->cfg.nvcpus)
		return HYP_MEM_EINVAL;
	v = &m->vcpus[vcpu];
	if (m->cfg.mode != HYP_MEM_PIN_BUFFER)
		return HYP_MEM_OK;
	lo = pmbptr & ~(PAGE_SIZE - 1);
	hi = pmblimitr & PMBLIMITR_EL1_LIMIT_MASK;
	if (!(pmblimitr & PMBLIMITR_EL1_E_MASK) || lo >= hi) {
		/* Disabled (or empty): nothing for the unit to write. */
		if (v->buf_pinned)
			buffer_release(v);
		return HYP_MEM_OK;
	}
	/* James Clark's heuristic: re-enabling the same buffer (or the part
	 * of it ahead of PMBPTR) with the same tables re-pins nothing. */
	if (v->buf_pinned && !v->buf_stale && lo >= v->buf_lo && hi <= v->buf_hi &&
	    same_s1(&v->s1, &v->buf_s1)) {
		m->st.buffer_reuses++;
		return HYP_MEM_OK;
	}
	npages = (hi - lo) >> PAGE_SHIFT;
	/* A guest-sized walk: refuse before walking what could never be
	 * pinned (over the limit, or larger than all guest memory). */
	if ((m->cfg.pin_limit_pages && npages > m->cfg.pin_limit_pages) ||
	    npages > mem_total_pages(m)) {
		f->needed_pages = npages;
		m->st.limit_errors++;
		return HYP_MEM_ELIMIT;
	}
	for (uint64_t va = lo; va < hi; va += PAGE_SIZE) {
		struct s1_xlate x;
		struct s1_fault sf;

		r = s1_walk(&v->s1, va, true, m->cfg.spe_hw_flags, host_read, m, &x, &sf);
		if (r == 1) {
			free(bufr.r);
			free(tblr.r);
			f->va = va < pmbptr ? pmbptr : va;
			f->fsc = sf.fsc;
			f->level = sf.level;
			f->stage = sf.stage;
			m->st.s1_buffer_faults++;
			return 1;
		}
		r = r ? r : runs_add(m, &bufr, x.ipa >> PAGE_SHIFT);
		for (unsigned t = 0; !r && t < x.ntables; t++) {
			uint64_t tg = x.table_ipa[t] >> PAGE_SHIFT;

			/* Neighbouring pages share tables: skip the one seen last per level. */
			if (tg != last_tbl[t])
				r = runs_add(m, &tblr, tg);
			last_tbl[t] = tg;
		}
		if (r) {
			free(bufr.r);
			free(tblr.r);
			return r;
		}
	}
	for (unsigned i = 0; !r && i < tblr.n; i++)
		for (uint64_t g = tblr.r[i].gfn; !r && g < tblr.r[i].gfn + tblr.r[i].npages; g++)
			r = runs_add(m, &bufr, g);
	free(tblr.r);
	if (r) {
		free(bufr.r);
		return r;
	}
	runs_merge(m, &bufr);
	nr = bufr.r;
	nnr = bufr.n;
	for (unsigned i = 0; i < nnr; i++) {
		struct memslot *s = mem_slot_of(m, nr[i].gfn);

		newpins += nr[i].npages - pinset_count(&s->pins, nr[i].gfn - s->gfn, nr[i].npages);
	}
	if (m->cfg.pin_limit_pages && mem_pinned_total(m) + newpins > m->cfg.pin_limit_pages) {
		f->needed_pages = mem_pinned_total(m) + newpins;
		free(nr);
		m->st.limit_errors++;
		return HYP_MEM_ELIMIT;
	}
	/* Pin and map the new set first, then drop the old one. */
	for (unsigned i = 0; i < nnr; i++) {
		struct memslot *s = mem_slot_of(m, nr[i].gfn);

		r = host_mm_pin(m->mm, nr[i].gfn, nr[i].npages, true) ? HYP_MEM_EHOST : 0;
		for (uint64_t g = nr[i].gfn; !r && g < nr[i].gfn + nr[i].npages; g++)
			r = mem_map_gfn(m, g, true, false);
		if (!r && pinset_set(&s->pins, nr[i].gfn - s->gfn, nr[i].npages) < 0)
			r = HYP_MEM_ENOMEM;
		if (r) {
			(void)host_mm_unpin(m->mm, nr[i].gfn, nr[i].npages);
			for (unsigned j = 0; j < i; j++) {
				struct memslot *sj = mem_slot_of(m, nr[j].gfn);

				(void)host_mm_unpin(m->mm, nr[j].gfn, nr[j].npages);
				for (uint64_t g = nr[j].gfn; g < nr[j].gfn + nr[j].npages; g++)
					if (!sj->locked && !held_elsewhere(m, NULL, g))
						(void)pinset_clear(&sj->pins, g - sj->gfn, 1);
			}
			free(nr);
			mem_track_bytes(m);
			return r;
		}
		m->st.pin_ops++;
	}
	buffer_release(v);
	/* buffer_release cleared bits the new set shares with the old one. */
	for (unsigned i = 0; i < nnr; i++) {
		struct memslot *s = mem_slot_of(m, nr[i].gfn);

		(void)pinset_set(&s->pins, nr[i].gfn - s->gfn, nr[i].npages);
	}
	free(v->ranges);
	v->ranges = nr;
	v->nranges = nnr;
	v->buf_pinned = true;
	v->buf_stale = false;
	v->buf_lo = lo;
	v->buf_hi = hi;
	v->buf_s1 = v->s1;
	m->st.buffer_repins++;
	mem_track_bytes(m);
	return HYP_MEM_OK;
}

unsigned hyp_mem_buffer_tlbi(struct hyp_mem *m)
{
	unsigned n = 0;

	if (!m || m->cfg.mode != HYP_MEM_PIN_BUFFER)
		return 0;
	for (unsigned i = 0; i < m->cfg.nvcpus; i++)
		if (m->vcpus[i].buf_pinned) {
			m->vcpus[i].buf_stale = true;
			n++;
		}
	return n;
}
