// SPDX-License-Identifier: GPL-2.0-only
/* Guest stage-1 walk (Arm ARM D8.2 "Translation table walk"), 4 KiB granule. */
#include <string.h>

#include "arch/sysreg.h"
#include "hyp/s1walk.h"

static int s1_fault_at(struct s1_fault *f, uint64_t va, uint64_t fsc_base, unsigned level)
{
	f->stage = 1;
	f->fsc = (uint8_t)(fsc_base + level);
	f->level = (uint8_t)level;
	f->s1ptw = false;
	f->va = va;
	f->ipa = 0;
	return 1;
}

int s1_walk(const struct hyp_mem_s1 *s1, uint64_t va, bool write, bool hw_flags,
	    s1_read_fn read, void *ctx, struct s1_xlate *x, struct s1_fault *f)
{
	bool hi = (va >> 55) & 1, ro = false;
	uint64_t tcr = s1->tcr, ttbr, txsz, table;
	unsigned ia_bits, level, tbi;

	memset(x, 0, sizeof(*x));
	if (!s1->mmu_on) {
		x->ipa = va;
		x->writable = true;
		return 0;
	}
	if (hi) {
		ttbr = s1->ttbr1;
		txsz = TCR_EL1_T1SZ_GET(tcr);
		tbi = (unsigned)TCR_EL1_TBI1_GET(tcr);
		if (TCR_EL1_EPD1_GET(tcr) || TCR_EL1_TG1_GET(tcr) != TCR_EL1_TG1_4K)
			return s1_fault_at(f, va, ESR_ISS_DABT_DFSC_TRANS_L0, 0);
	} else {
		ttbr = s1->ttbr0;
		txsz = TCR_EL1_T0SZ_GET(tcr);
		tbi = (unsigned)TCR_EL1_TBI0_GET(tcr);
		if (TCR_EL1_EPD0_GET(tcr) || TCR_EL1_TG0_GET(tcr) != TCR_EL1_TG0_4K)
			return s1_fault_at(f, va, ESR_ISS_DABT_DFSC_TRANS_L0, 0);
	}
	if (txsz < 16 || txsz > 39)
		return s1_fault_at(f, va, ESR_ISS_DABT_DFSC_TRANS_L0, 0);
	ia_bits = 64 - (unsigned)txsz;
	/* VA[63:ia_bits] (VA[55:ia_bits] with TBI) must all equal VA[55]. */
	{
		unsigned top = tbi ? 56 : 64;
		uint64_t upper = (va & (top == 64 ? UINT64_MAX : (UINT64_C(1) << top) - 1)) >> ia_bits;
		uint64_t want = hi ? (UINT64_C(1) << (top - ia_bits)) - 1 : 0;

		if (upper != want)
			return s1_fault_at(f, va, ESR_ISS_DABT_DFSC_TRANS_L0, 0);
	}
	level = 4 - (ia_bits - 12 + 8) / 9;
	table = ttbr & TTBR0_EL1_BADDR_MASK & ~UINT64_C(7);
	for (;; level++) {
		unsigned shift = 12 + 9 * (3 - level);
		uint64_t idx = (va >> shift) & ((UINT64_C(1) << (ia_bits > shift + 9 ? 9 : ia_bits - shift)) - 1);
		uint64_t d;
		int r;

		if (x->ntables < 4)
			x->table_ipa[x->ntables++] = table & ~UINT64_C(0xfff);
		r = read(ctx, table + idx * 8, &d, f);
		if (r) {
			if (r == 1) {
				f->stage = 2;
				f->s1ptw = true;
				f->va = va;
				f->ipa = table + idx * 8;
			}
			return r;
		}
		if (!(d & PTE_VALID_MASK) || (level == 3 && !(d & PTE_TABLE_MASK)) ||
		    (level == 0 && !(d & PTE_TABLE_MASK)))
			return s1_fault_at(f, va, ESR_ISS_DABT_DFSC_TRANS_L0, level);
		if (level < 3 && (d & PTE_TABLE_MASK)) {
			/* APTable[1]: no write access at any later level (D8.4.2). */
			ro |= (PTE_APTABLE_GET(d) & 2) != 0;
			table = d & PTE_ADDR_MASK;
			continue;
		}
		if (!(d & PTE_AF_MASK) && !hw_flags)
			return s1_fault_at(f, va, ESR_ISS_DABT_DFSC_ACCESS_L1 - 1, level);
		/* AP[2] (bit 7) set: read-only at EL1. */
		ro |= (PTE_AP_GET(d) & 2) != 0;
		if (write && ro)
			return s1_fault_at(f, va, ESR_ISS_DABT_DFSC_PERM_L1 - 1, level);
		x->ipa = (d & PTE_ADDR_MASK & ~((UINT64_C(1) << shift) - 1)) |
			 (va & ((UINT64_C(1) << shift) - 1));
		x->writable = !ro;
		return 0;
	}
}
