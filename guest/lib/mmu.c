// SPDX-License-Identifier: GPL-2.0-only
// Page tables (Arm ARM D8, VMSAv8-64, 4 KiB granule, 4 levels from L0).
//   TTBR0: L0[0] -> L1: [0] 1 GiB device block (GIC, UART),
//                       [1] -> L2 of RAM: 2 MiB blocks, except [1] (the
//                           image) -> L3 pages with per-section permissions.
//   TTBR1: L0[0] -> L1: [1] -> the same L2: RAM again at GUEST_HIGH_BASE.
#include "layout.h"
#include "mmu.h"
#include "sysreg.h"

#define PAGE_SIZE	4096
#define PT_ENTRIES	512
#define BLOCK_2M	(2ull << 20)

typedef uint64_t pte_t;

/* One block so that it can be cleaned from the caches in one loop. */
static struct {
	pte_t l0_low[PT_ENTRIES];
	pte_t l1_low[PT_ENTRIES];
	pte_t l2_ram[PT_ENTRIES];
	pte_t l3_image[PT_ENTRIES];
	pte_t l0_high[PT_ENTRIES];
	pte_t l1_high[PT_ENTRIES];
} pt __attribute__((aligned(PAGE_SIZE)));

#define l0_low		pt.l0_low
#define l1_low		pt.l1_low
#define l2_ram		pt.l2_ram
#define l3_image	pt.l3_image
#define l0_high		pt.l0_high
#define l1_high		pt.l1_high

extern char __image_start[], __text_end[], __user_start[], __user_end[];

static uint64_t tcr_value, mair_value;

static pte_t pte_table(const pte_t *next)
{
	return PTE_ADDR_PREP((uintptr_t)next >> 12) | PTE_TABLE_MASK | PTE_VALID_MASK;
}

/* Common attributes: access flag set (no AF faults), shareability. */
static pte_t pte_leaf(uint64_t pa, enum mmu_attr attr, uint64_t ap, bool uxn, bool pxn)
{
	pte_t d = PTE_ADDR_PREP(pa >> 12) | PTE_AF_MASK | PTE_AP_PREP(ap) |
		  PTE_ATTRINDX_PREP(attr) | PTE_VALID_MASK;

	if (attr != MMU_ATTR_DEVICE)
		d |= PTE_SH_PREP(PTE_SH_INNER);
	if (uxn)
		d |= PTE_UXN_MASK;
	if (pxn)
		d |= PTE_PXN_MASK;
	return d;
}

static void mmu_build(uint64_t ram_size)
{
	uintptr_t text_end = (uintptr_t)__text_end;
	uintptr_t user_start = (uintptr_t)__user_start, user_end = (uintptr_t)__user_end;

	l0_low[0] = pte_table(l1_low);
	/* D8.5: devices must not be executable; EL1 access only. */
	l1_low[0] = pte_leaf(0, MMU_ATTR_DEVICE, PTE_AP_RW_EL1, true, true);
	l1_low[1] = pte_table(l2_ram);
	l0_high[0] = pte_table(l1_high);
	l1_high[1] = pte_table(l2_ram);

	for (uint64_t i = 0; i < ram_size / BLOCK_2M && i < PT_ENTRIES; i++) {
		uint64_t pa = GUEST_RAM_BASE + i * BLOCK_2M;

		if (pa == GUEST_IMAGE_BASE)
			l2_ram[i] = pte_table(l3_image);
		else	/* block descriptor: TABLE bit clear */
			l2_ram[i] = pte_leaf(pa, MMU_ATTR_NORMAL, PTE_AP_RW_EL1, true, true);
	}
	for (uint64_t i = 0; i < PT_ENTRIES; i++) {
		uint64_t pa = GUEST_IMAGE_BASE + i * PAGE_SIZE;
		pte_t d;

		if (pa < text_end)	/* code and constants: EL0 may run them */
			d = pte_leaf(pa, MMU_ATTR_NORMAL, PTE_AP_RO_ALL, false, false);
		else if (pa >= user_start && pa < user_end)
			d = pte_leaf(pa, MMU_ATTR_NORMAL, PTE_AP_RW_ALL, true, true);
		else
			d = pte_leaf(pa, MMU_ATTR_NORMAL, PTE_AP_RW_EL1, true, true);
		l3_image[i] = d | PTE_TABLE_MASK;	/* L3 page: bits[1:0] = 0b11 */
	}
}

static uint64_t mmu_ips(void)
{
	uint64_t pa = ID_AA64MMFR0_EL1_PARange_GET(read_sysreg(id_aa64mmfr0_el1));

	/* 48 bits are enough for any address we map; never ask for 52. */
	return pa > ID_AA64MMFR0_EL1_PARange_48 ? ID_AA64MMFR0_EL1_PARange_48 : pa;
}

void mmu_enable(void)
{
	write_sysreg(mair_el1, mair_value);
	write_sysreg(tcr_el1, tcr_value);
	write_sysreg(ttbr0_el1, (uintptr_t)l0_low);
	write_sysreg(ttbr1_el1, (uintptr_t)l0_high);
	isb();
	__asm__ volatile("tlbi vmalle1\n dsb nsh" ::: "memory");
	isb();
	uint64_t sctlr = read_sysreg(sctlr_el1);

	/*
	 * SPAN = 1: taking an exception must not set PSTATE.PAN, or EL1 could
	 * no longer touch the .user pages it shares with EL0.
	 */
	sctlr |= SCTLR_EL1_M_MASK | SCTLR_EL1_C_MASK | SCTLR_EL1_I_MASK |
		 SCTLR_EL1_SA_MASK | SCTLR_EL1_SA0_MASK | SCTLR_EL1_SPAN_MASK;
	sctlr &= ~(SCTLR_EL1_A_MASK | SCTLR_EL1_WXN_MASK | SCTLR_EL1_EE_MASK |
		   SCTLR_EL1_E0E_MASK);
	write_sysreg(sctlr_el1, sctlr);
	isb();
}

int mmu_init(uint64_t ram_size)
{
	if (ID_AA64MMFR0_EL1_TGran4_GET(read_sysreg(id_aa64mmfr0_el1)) ==
	    ID_AA64MMFR0_EL1_TGran4_NI)
		return -1;
	mmu_build(ram_size);
	mair_value = MAIR_EL1_Attr0_PREP(MAIR_ATTR_DEVICE_nGnRnE) |
		     MAIR_EL1_Attr1_PREP(MAIR_ATTR_NORMAL_WB) |
		     MAIR_EL1_Attr2_PREP(MAIR_ATTR_NORMAL_NC);
	tcr_value = TCR_EL1_T0SZ_PREP(16) | TCR_EL1_T1SZ_PREP(16) |
		    TCR_EL1_TG0_PREP(TCR_EL1_TG0_4K) | TCR_EL1_TG1_PREP(TCR_EL1_TG1_4K) |
		    TCR_EL1_IRGN0_PREP(TCR_RGN_WBWA) | TCR_EL1_ORGN0_PREP(TCR_RGN_WBWA) |
		    TCR_EL1_SH0_PREP(TCR_SH_INNER) |
		    TCR_EL1_IRGN1_PREP(TCR_RGN_WBWA) | TCR_EL1_ORGN1_PREP(TCR_RGN_WBWA) |
		    TCR_EL1_SH1_PREP(TCR_SH_INNER) | TCR_EL1_IPS_PREP(mmu_ips());
	/*
	 * Secondaries read these with their MMU (and caches) still off: clean
	 * them to the point of coherency (D7.5.9).
	 */
	dcache_clean_range(&pt, sizeof(pt));
	dcache_clean_range(&tcr_value, sizeof(tcr_value));
	dcache_clean_range(&mair_value, sizeof(mair_value));
	mmu_enable();
	return 0;
}

void dcache_clean_range(const void *start, size_t size)
{
	/* CTR_EL0.DminLine: log2 of the smallest line in words. */
	uintptr_t line = 4u << CTR_EL0_DminLine_GET(read_sysreg(ctr_el0));
	uintptr_t p = (uintptr_t)start & ~(line - 1);

	for (; p < (uintptr_t)start + size; p += line)
		__asm__ volatile("dc civac, %0" :: "r"(p) : "memory");
	dsb(sy);
}

bool mmu_enabled(void)
{
	return SCTLR_EL1_M_GET(read_sysreg(sctlr_el1));
}

uint64_t mmu_lookup(uintptr_t va, unsigned int *level)
{
	const pte_t *table = l0_low;

	for (unsigned int lvl = 0; lvl < 4; lvl++) {
		pte_t d = table[(va >> (39 - 9 * lvl)) & (PT_ENTRIES - 1)];

		if (!PTE_VALID_GET(d))
			return 0;
		if (lvl == 3 || !PTE_TABLE_GET(d)) {
			if (level)
				*level = lvl;
			return d;
		}
		table = (const pte_t *)(uintptr_t)(PTE_ADDR_GET(d) << 12);
	}
	return 0;
}
