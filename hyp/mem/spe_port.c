// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SPE unit's memory port (hw/spe.h struct spe_mem_port): every write
 * is translated NOW through the guest's stage 1, whose table reads go
 * through stage 2, and then through stage 2, exactly as the hardware's
 * buffer writes are (Arm ARM D24, "Profiling Buffer"; the one rule of
 * docs/design.md). No fault is ever fixed up here: the unit reports it in
 * PMBSR_EL1 and the record is lost; the hypervisor learns the IPA from
 * hyp_mem_spe_last_fault().
 */
#include <string.h>

#include "arch/sysreg.h"
#include "mem-internal.h"

/* Bytes at ipa through the memslot, after stage 2 gave pa. */
static uint8_t *mem_at(struct hyp_mem *m, uint64_t ipa, uint64_t pa, bool check)
{
	uint64_t gfn = ipa >> PAGE_SHIFT;
	struct memslot *s = mem_slot_of(m, gfn);

	if (!s)
		return NULL;
	/* Stage 2 must name the host's frame: notifiers keep them in step. */
	if (check && host_mm_pfn(m->mm, gfn) != pa >> PAGE_SHIFT)
		m->st.stale_s2++;
	return s->hva + ((gfn - s->gfn) << PAGE_SHIFT) + (ipa & (PAGE_SIZE - 1));
}

/* A stage-1 descriptor read by the walker: through stage 2 (S1PTW). */
static int s2_read(void *ctx, uint64_t ipa, uint64_t *desc, struct s1_fault *f)
{
	struct vcpu_mem *v = ctx;
	struct stage2_xlate x;
	uint8_t *p;
	int r = stage2_walk(v->m->s2, ipa, false, &x);

	if (r) {
		f->fsc = x.fsc;
		f->level = x.level;
		return r < 0 ? r : 1;
	}
	p = mem_at(v->m, ipa, x.pa, true);
	if (!p) {
		f->fsc = (uint8_t)ESR_ISS_DABT_DFSC_EXT_ABORT;
		f->level = 0;
		return 1;
	}
	memcpy(desc, p, 8);
	return 0;
}

static int port_fault(struct vcpu_mem *v, const struct s1_fault *sf, size_t written, bool ext,
		      struct spe_xlate_fault *fault)
{
	fault->written = written;
	fault->stage = sf->stage;
	fault->fsc = sf->fsc;
	fault->ext_abort = ext;
	v->last_fault = *sf;
	v->has_fault = true;
	v->m->st.records_lost++;
	return 1;
}

int spe_port_write(void *ctx, const struct spe_regime *regime, uint64_t va, const void *buf,
		   size_t len, struct spe_xlate_fault *fault)
{
	struct vcpu_mem *v = ctx;
	struct hyp_mem *m = v->m;
	size_t written = 0;

	memset(fault, 0, sizeof(*fault));
	while (written < len) {
		uint64_t cur = va + written, ipa, pa;
		size_t chunk = PAGE_SIZE - (cur & (PAGE_SIZE - 1));
		struct s1_xlate x;
		struct s1_fault sf = { .stage = 1, .va = cur };
		uint8_t *p;
		int r;

		if (chunk > len - written)
			chunk = len - written;
		if (regime->owner_el != 1) {
			/* Guests own their buffer at EL1; an EL2-owned regime is the host's. */
			sf.fsc = (uint8_t)ESR_ISS_DABT_DFSC_TRANS_L0;
			return port_fault(v, &sf, written, false, fault);
		}
		r = s1_walk(&v->s1, cur, true, regime->hw_flags, s2_read, v, &x, &sf);
		if (r) {
			if (r < 0) {
				sf.fsc = (uint8_t)ESR_ISS_DABT_DFSC_EXT_ABORT;
				return port_fault(v, &sf, written, true, fault);
			}
			return port_fault(v, &sf, written,
					  sf.fsc == (uint8_t)ESR_ISS_DABT_DFSC_EXT_ABORT, fault);
		}
		ipa = x.ipa;
		pa = ipa;
		if (regime->stage2) {
			struct stage2_xlate x2;

			r = stage2_walk(m->s2, ipa, true, &x2);
			if (r) {
				sf.stage = 2;
				sf.s1ptw = false;
				sf.fsc = x2.fsc;
				sf.level = x2.level;
				sf.ipa = ipa;
				return port_fault(v, &sf, written, false, fault);
			}
			pa = x2.pa;
		}
		p = mem_at(m, ipa, pa, regime->stage2);
		if (!p) {
			sf.stage = regime->stage2 ? 2 : 1;
			sf.fsc = (uint8_t)ESR_ISS_DABT_DFSC_EXT_ABORT;
			sf.ipa = ipa;
			return port_fault(v, &sf, written, true, fault);
		}
		memcpy(p, (const uint8_t *)buf + written, chunk);
		written += chunk;
		m->st.spe_bytes += chunk;
	}
	return 0;
}

/*
 * The port's probe (hw/spe.h): would spe_port_write() of len bytes at va
 * succeed now? The same walks with nothing written, counted or recorded.
 * Without hardware flag updates an Access flag of 0 says no (a write
 * might have set it): a "no" only costs the CPU an exact stop.
 */
int spe_port_probe(void *ctx, const struct spe_regime *regime, uint64_t va, size_t len)
{
	struct vcpu_mem *v = ctx;
	size_t done = 0;

	if (regime->owner_el != 1)
		return 1;
	while (done < len) {
		uint64_t cur = va + done, ipa;
		size_t chunk = PAGE_SIZE - (cur & (PAGE_SIZE - 1));
		struct s1_xlate x;
		struct s1_fault sf = { .stage = 1, .va = cur };
		struct stage2_xlate x2;

		if (s1_walk(&v->s1, cur, true, false, s2_read, v, &x, &sf))
			return 1;
		ipa = x.ipa;
		if (regime->stage2 && stage2_walk(v->m->s2, ipa, true, &x2))
			return 1;
		if (!mem_at(v->m, ipa, regime->stage2 ? x2.pa : ipa, false))
			return 1;
		done += chunk < len - done ? chunk : len - done;
	}
	return 0;
}
