// SPDX-License-Identifier: GPL-2.0-only
/*
 * The guest's stage-1 translation as the CPU performs it (Arm ARM D8,
 * VMSAv8-64, 4 KiB granule only): used for fault syndromes Unicorn does
 * not report, for MMIO addresses (Unicorn 2.0.1 hands us the VA), and to
 * read instructions at a virtual PC.
 */
#include "hw/cpu.h"

#include <string.h>

#include "arch/sysreg.h"

static bool read_desc(struct cpu *cpu, uint64_t pa, uint64_t *desc)
{
	const uint8_t *p = cpu_ram_ptr(cpu, pa, 8);

	if (!p)
		return false;
	memcpy(desc, p, 8);	/* little-endian guest, little-endian host */
	return true;
}

static void fault(struct cpu_walk *w, uint32_t fsc_base, unsigned int level)
{
	w->fault = true;
	w->level = level;
	w->fsc = fsc_base + level;
}

int cpu_translate(struct cpu *cpu, uint64_t va, struct cpu_walk *w)
{
	uint64_t sctlr = 0, tcr = 0, ttbr = 0, table;
	unsigned int tsz, bits, level;
	bool upper, no_w = false, no_el0 = false, pxn = false, uxn = false;

	if (!cpu || !w)
		return CPU_EINVAL;
	memset(w, 0, sizeof(*w));
	cpu_sysreg_read(cpu, SYS_SCTLR_EL1, &sctlr);
	if (!SCTLR_EL1_M_GET(sctlr)) {
		w->pa = va;
		w->level = 3;
		w->writable_el1 = w->writable_el0 = w->readable_el0 = true;
		return CPU_OK;
	}
	cpu_sysreg_read(cpu, SYS_TCR_EL1, &tcr);
	/* Top-byte ignore selects the region by bit 55 (D8.8). */
	upper = (va >> 55) & 1;
	if (upper ? TCR_EL1_TBI1_GET(tcr) : TCR_EL1_TBI0_GET(tcr))
		va = upper ? va | (0xffull << 56) : va & ~(0xffull << 56);
	tsz = (unsigned int)(upper ? TCR_EL1_T1SZ_GET(tcr) : TCR_EL1_T0SZ_GET(tcr));
	if (tsz < 16)
		tsz = 16;
	if (tsz > 39)
		tsz = 39;
	bits = 64 - tsz;
	if (upper ? (~va >> bits) != 0 : (va >> bits) != 0) {
		fault(w, ESR_ISS_DABT_DFSC_TRANS_L0, 0);
		return CPU_OK;
	}
	if (upper ? TCR_EL1_EPD1_GET(tcr) : TCR_EL1_EPD0_GET(tcr)) {
		fault(w, ESR_ISS_DABT_DFSC_TRANS_L0, 0);
		return CPU_OK;
	}
	if (upper ? TCR_EL1_TG1_GET(tcr) != TCR_EL1_TG1_4K :
		    TCR_EL1_TG0_GET(tcr) != TCR_EL1_TG0_4K)
		return CPU_EINVAL;	/* 16K/64K granules: not modelled */
	cpu_sysreg_read(cpu, upper ? SYS_TTBR1_EL1 : SYS_TTBR0_EL1, &ttbr);
	table = ttbr & ARCH_GENMASK(47, 1) & ~0xfffull;
	/* 4 KiB granule: 9 bits per level above the 12-bit page offset. */
	level = 4 - (bits - 12 + 8) / 9;
	for (;; level++) {
		unsigned int shift = 12 + 9 * (3 - level);
		uint64_t idx = (va >> shift) & 0x1ff, desc;

		if (!read_desc(cpu, table + idx * 8, &desc)) {
			fault(w, FSC_EXT_WALK_L0, level);
			return CPU_OK;
		}
		if (!PTE_VALID_GET(desc) || (level == 3 && !PTE_TABLE_GET(desc)) ||
		    (level == 0 && !PTE_TABLE_GET(desc))) {
			fault(w, ESR_ISS_DABT_DFSC_TRANS_L0, level);
			return CPU_OK;
		}
		if (level < 3 && PTE_TABLE_GET(desc)) {
			no_w |= (PTE_APTABLE_GET(desc) & 2) != 0;
			no_el0 |= (PTE_APTABLE_GET(desc) & 1) != 0;
			pxn |= PTE_PXNTABLE_GET(desc);
			uxn |= PTE_UXNTABLE_GET(desc);
			table = desc & PTE_ADDR_MASK;
			continue;
		}
		if (!PTE_AF_GET(desc)) {
			fault(w, ESR_ISS_DABT_DFSC_ACCESS_L1 - 1, level);
			return CPU_OK;
		}
		{
			uint64_t ap = PTE_AP_GET(desc);
			uint64_t mask = (1ull << shift) - 1;

			w->pa = (desc & PTE_ADDR_MASK & ~mask) | (va & mask);
			w->level = level;
			w->writable_el1 = !(ap & 2) && !no_w;
			w->readable_el0 = (ap & 1) && !no_el0;
			w->writable_el0 = ap == PTE_AP_RW_ALL && !no_w && !no_el0;
			/* EL0-writable memory is never EL1-executable (D8.4.1.2). */
			w->xn_el1 = pxn || PTE_PXN_GET(desc) || ap == PTE_AP_RW_ALL;
			w->xn_el0 = uxn || PTE_UXN_GET(desc);
		}
		return CPU_OK;
	}
}

int cpu_read_insn(struct cpu *cpu, uint64_t va, uint32_t *insn)
{
	struct cpu_walk w;
	const uint8_t *p;
	int err;

	if (!cpu || !insn || (va & 3))
		return CPU_EINVAL;
	err = cpu_translate(cpu, va, &w);
	if (err)
		return err;
	if (w.fault)
		return CPU_EFAULT;
	p = cpu_ram_ptr(cpu, w.pa, 4);
	if (!p)
		return CPU_EFAULT;
	memcpy(insn, p, 4);
	return CPU_OK;
}
