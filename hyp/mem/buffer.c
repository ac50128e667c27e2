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

static int gfn_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
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

/* Sorted, de-duplicated gfns -> runs that stay inside one memslot. */
static int to_ranges(struct hyp_mem *m, uint64_t *g, uint64_t n, uint64_t nbuf_first,
		     struct pin_range **out, unsigned *nout)
{
	struct pin_range *r = NULL;
	unsigned nr = 0;

	(void)nbuf_first;
	for (uint64_t i = 0; i < n;) {
		struct memslot *s = mem_slot_of(m, g[i]);
		uint64_t j = i + 1;
		struct pin_range *nrr;

		if (!s) {
			free(r);
			return HYP_MEM_ENOENT;
		}
		while (j < n && g[j] == g[j - 1] + 1 && g[j] < s->gfn + s->npages)
			j++;
		nrr = realloc(r, (nr + 1) * sizeof(*r));
		if (!nrr) {
			free(r);
			return HYP_MEM_ENOMEM;
		}
		r = nrr;
		r[nr++] = (struct pin_range){ g[i], j - i, true };
		i = j;
	}
	*out = r;
	*nout = nr;
	return HYP_MEM_OK;
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
	uint64_t lo, hi, npages, *gfns, ng = 0, newpins = 0;
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
	if (v->buf_pinned && lo >= v->buf_lo && hi <= v->buf_hi && same_s1(&v->s1, &v->buf_s1)) {
		m->st.buffer_reuses++;
		return HYP_MEM_OK;
	}
	npages = (hi - lo) >> PAGE_SHIFT;
	/* A guest-sized walk: refuse before walking what could never be pinned. */
	if (npages > (UINT64_C(1) << 30) / 5 ||
	    (m->cfg.pin_limit_pages && npages > m->cfg.pin_limit_pages)) {
		m->st.limit_errors++;
		return HYP_MEM_ELIMIT;
	}
	gfns = malloc(npages * 5 * sizeof(*gfns));
	if (!gfns)
		return HYP_MEM_ENOMEM;
	for (uint64_t va = lo; va < hi; va += PAGE_SIZE) {
		struct s1_xlate x;
		struct s1_fault sf;

		r = s1_walk(&v->s1, va, true, m->cfg.spe_hw_flags, host_read, m, &x, &sf);
		if (r == 1) {
			free(gfns);
			f->va = va < pmbptr ? pmbptr : va;
			f->fsc = sf.fsc;
			f->level = sf.level;
			f->stage = sf.stage;
			m->st.s1_buffer_faults++;
			return 1;
		}
		if (r) {
			free(gfns);
			return r;
		}
		gfns[ng++] = x.ipa >> PAGE_SHIFT;
		for (unsigned t = 0; t < x.ntables; t++)
			gfns[ng++] = x.table_ipa[t] >> PAGE_SHIFT;
	}
	qsort(gfns, ng, sizeof(*gfns), gfn_cmp);
	{
		uint64_t k = 0;

		for (uint64_t i = 0; i < ng; i++)
			if (!k || gfns[i] != gfns[k - 1])
				gfns[k++] = gfns[i];
		ng = k;
	}
	for (uint64_t i = 0; i < ng; i++) {
		struct memslot *s = mem_slot_of(m, gfns[i]);

		if (s && !pinset_test(&s->pins, gfns[i] - s->gfn))
			newpins++;
	}
	if (m->cfg.pin_limit_pages && mem_pinned_total(m) + newpins > m->cfg.pin_limit_pages) {
		free(gfns);
		m->st.limit_errors++;
		return HYP_MEM_ELIMIT;
	}
	r = to_ranges(m, gfns, ng, 0, &nr, &nnr);
	free(gfns);
	if (r)
		return r;
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
	v->buf_lo = lo;
	v->buf_hi = hi;
	v->buf_s1 = v->s1;
	m->st.buffer_repins++;
	mem_track_bytes(m);
	return HYP_MEM_OK;
}
