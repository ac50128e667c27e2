// SPDX-License-Identifier: GPL-2.0-only
/*
 * hyp_mem: pin tracking, the three strategies under the host's storm, the
 * SPE port against stage 2 as it is at each write, limits, 256 vCPUs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "arch/sysreg.h"
#include "hyp/mem.h"
#include "hyp/pinset.h"

#define PG		4096u
#define RAM_IPA		UINT64_C(0x40000000)
#define RAM_PAGES	2048u			/* 8 MiB */
#define T1_IPA		(RAM_IPA + 0x100000)	/* guest stage-1 tables */
#define T2_IPA		(T1_IPA + PG)
#define T3_IPA		(T2_IPA + PG)
#define BUF_VA		UINT64_C(0x10000000)
#define BUF_IPA		(RAM_IPA + 0x400000)
#define BUF_PAGES	16u
#define S1_PAGES	18u			/* pages the guest maps at BUF_VA */
#define HOLE_VA		(BUF_VA + S1_PAGES * PG)	/* no stage-1 entry */

struct vm {
	struct host_mm *mm;
	struct hyp_mem *m;
	uint8_t *ram, *shadow;
	struct hyp_mem_s1 s1;
};

static const struct spe_regime el1_regime = { .owner_el = 1, .stage2 = true };

static void put_desc(struct vm *vm, uint64_t ipa, uint64_t d)
{
	struct host_mm_page pg;

	assert_int_equal(host_mm_fault_in(vm->mm, ipa >> 12, true, &pg), 0);
	memcpy(vm->ram + (ipa - RAM_IPA), &d, 8);
}

/* TTBR0 -> L1 -> L2 -> L3 mapping BUF_VA.. to BUF_IPA.. (39-bit VA, 4 KiB). */
static void build_s1(struct vm *vm)
{
	put_desc(vm, T1_IPA + 8 * ((BUF_VA >> 30) & 511), T2_IPA | 3);
	put_desc(vm, T2_IPA + 8 * ((BUF_VA >> 21) & 511), T3_IPA | 3);
	for (unsigned i = 0; i < S1_PAGES; i++)
		put_desc(vm, T3_IPA + 8 * (((BUF_VA >> 12) & 511) + i),
			 (BUF_IPA + i * PG) | PTE_AF_MASK | PTE_SH_PREP(PTE_SH_INNER) | 3);
	vm->s1.mmu_on = true;
	vm->s1.ttbr0 = T1_IPA;
	vm->s1.tcr = TCR_EL1_T0SZ_PREP(25) | TCR_EL1_TG0_PREP(TCR_EL1_TG0_4K) | TCR_EL1_EPD1_MASK |
		     TCR_EL1_TG1_PREP(TCR_EL1_TG1_4K);
	assert_int_equal(hyp_mem_vcpu_set_s1(vm->m, 0, &vm->s1), 0);
}

static void vm_init(struct vm *vm, enum hyp_mem_pin_mode mode, uint64_t limit, uint64_t seed)
{
	struct host_mm_config hc = { .nframes = 8192, .seed = seed, .rate = 1000 };
	struct hyp_mem_config mc = { .ipa_bits = 40, .nvcpus = 2, .mode = mode,
				     .pin_limit_pages = limit };

	memset(vm, 0, sizeof(*vm));
	vm->ram = aligned_alloc(PG, RAM_PAGES * PG);
	vm->shadow = malloc(RAM_PAGES * PG);
	assert_non_null(vm->ram);
	assert_non_null(vm->shadow);
	memset(vm->ram, 0, RAM_PAGES * PG);
	assert_int_equal(host_mm_create(&hc, &vm->mm), 0);
	assert_int_equal(hyp_mem_create(&mc, vm->mm, &vm->m), 0);
	assert_int_equal(hyp_mem_add_slot(vm->m, RAM_IPA, RAM_PAGES * PG, vm->ram, true), 0);
	build_s1(vm);
}

static void vm_fini(struct vm *vm)
{
	hyp_mem_destroy(vm->m);
	host_mm_destroy(vm->mm);
	free(vm->ram);
	free(vm->shadow);
}

/* A CPU access: through stage 2, faulting through the hypervisor. */
static uint8_t *cpu_access(struct vm *vm, uint64_t ipa, bool write)
{
	struct stage2_xlate x;
	void *p;

	assert_int_equal(hyp_mem_cpu_access(vm->m, ipa, write, &p), 0);
	assert_ptr_equal(p, vm->ram + (ipa - RAM_IPA));
	/* Stage 2 names the host's frame of the page, never an old one. */
	assert_int_equal(stage2_walk(hyp_mem_stage2(vm->m), ipa, write, &x), 0);
	assert_int_equal(x.pa >> 12, host_mm_pfn(vm->mm, ipa >> 12));
	return p;
}

static uint64_t xs(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void test_pinset(void **state)
{
	const uint64_t mid = sizeof(struct pinset_mid), leaf = 64;
	struct pinset ps;

	(void)state;
	pinset_init(&ps, 3 * PINSET_MID_PAGES + 100);
	assert_int_equal(ps.nmids, 4);
	assert_int_equal(ps.bytes, 0);
	assert_int_equal(pinset_set(&ps, 10, 3), 3);
	assert_int_equal(pinset_set(&ps, 11, 5), 3);
	assert_true(pinset_test(&ps, 15));
	assert_false(pinset_test(&ps, 16));
	assert_int_equal(ps.pinned, 6);
	assert_int_equal(ps.bytes, 4 * 8 + mid + leaf);
	assert_int_equal(pinset_set(&ps, 0, 1024), 1018);
	assert_int_equal(ps.bytes, 4 * 8 + mid);	/* full leaves are shared */
	assert_int_equal(pinset_count(&ps, 500, 600), 524);
	assert_int_equal(pinset_clear(&ps, 511, 2), 2);
	assert_int_equal(ps.bytes, 4 * 8 + mid + 2 * leaf);
	/* A whole GiB: one shared mid, no leaves. */
	assert_int_equal(pinset_set(&ps, PINSET_MID_PAGES, PINSET_MID_PAGES), PINSET_MID_PAGES);
	assert_int_equal(ps.bytes, 4 * 8 + mid + 2 * leaf);
	assert_int_equal(pinset_clear(&ps, PINSET_MID_PAGES + 7, 1), 1);
	assert_false(pinset_test(&ps, PINSET_MID_PAGES + 7));
	assert_true(pinset_test(&ps, PINSET_MID_PAGES + 8));
	assert_int_equal(ps.bytes, 4 * 8 + 2 * mid + 3 * leaf);
	assert_int_equal(pinset_count(&ps, 0, ps.npages), 1022 + PINSET_MID_PAGES - 1);
	assert_int_equal(pinset_clear(&ps, 0, ps.npages), 1022 + PINSET_MID_PAGES - 1);
	assert_int_equal(ps.pinned, 0);
	assert_int_equal(ps.bytes, 4 * 8);
	assert_int_equal(pinset_set(&ps, ps.npages - 10, 11), HYP_MEM_EINVAL);
	pinset_fini(&ps);
}

static void test_spe_port_sees_stage2_now(void **state)
{
	struct vm vm;
	struct spe_xlate_fault f;
	struct s1_fault lf;
	struct hyp_mem_stats st;
	const struct spe_mem_port *port;
	uint8_t rec[64];

	(void)state;
	vm_init(&vm, HYP_MEM_PIN_NONE, 0, 1);
	port = hyp_mem_spe_port(vm.m, 0);
	memset(rec, 0x42, sizeof(rec));
	/* Nothing is mapped at stage 2 yet: the first table read faults (S1PTW). */
	assert_int_equal(port->write(port->ctx, &el1_regime, BUF_VA, rec, 64, &f), 1);
	assert_int_equal(f.stage, 2);
	assert_int_equal(f.written, 0);
	assert_int_equal(f.fsc, 0x04);	/* 40-bit IPA, start level 0: nothing below the root */
	assert_int_equal(hyp_mem_spe_last_fault(vm.m, 0, &lf), 0);
	assert_int_equal(lf.ipa, T1_IPA);
	assert_true(lf.s1ptw);
	assert_int_equal(hyp_mem_handle_fault(vm.m, lf.ipa, false, HYP_MEM_SRC_SPE), 0);
	/* The 2 MiB THP block at 0x40000000 holds the tables: now the buffer's IPA faults. */
	assert_int_equal(port->write(port->ctx, &el1_regime, BUF_VA, rec, 64, &f), 1);
	assert_int_equal(hyp_mem_spe_last_fault(vm.m, 0, &lf), 0);
	assert_int_equal(lf.ipa, BUF_IPA);
	assert_false(lf.s1ptw);
	assert_int_equal(f.fsc, 0x06);
	assert_int_equal(hyp_mem_handle_fault(vm.m, BUF_IPA, true, HYP_MEM_SRC_SPE), 0);
	assert_int_equal(port->write(port->ctx, &el1_regime, BUF_VA + 0x40, rec, 64, &f), 0);
	assert_memory_equal(vm.ram + (BUF_IPA - RAM_IPA) + 0x40, rec, 64);
	/* The host reclaims the page between two writes: the second one faults
	 * at stage 2 (the THP was split, its 2 MiB entry is gone: level 2). */
	assert_int_equal(host_mm_reclaim(vm.mm, BUF_IPA >> 12), 0);
	assert_int_equal(port->write(port->ctx, &el1_regime, BUF_VA + 0x80, rec, 64, &f), 1);
	assert_int_equal(f.stage, 2);
	assert_int_equal(f.fsc, 0x06);
	assert_int_equal(f.written, 0);
	assert_int_equal(hyp_mem_handle_fault(vm.m, BUF_IPA, true, HYP_MEM_SRC_SPE), 0);
	/* Swapped back in: the first record survived, the page is 4 KiB now. */
	assert_memory_equal(vm.ram + (BUF_IPA - RAM_IPA) + 0x40, rec, 64);
	assert_int_equal(port->write(port->ctx, &el1_regime, BUF_VA + PG - 32, rec, 64, &f), 1);
	assert_int_equal(f.written, 32);	/* the next page of the buffer: not mapped */
	assert_int_equal(f.fsc, 0x07);
	/* A stage-1 hole is a stage-1 translation fault at level 3. */
	assert_int_equal(port->write(port->ctx, &el1_regime, HOLE_VA, rec, 8, &f), 1);
	assert_int_equal(f.stage, 1);
	assert_int_equal(f.fsc, 0x07);
	/* Reclaiming the last-level table page splits the THP holding all the
	 * tables: the walk faults at stage 2 on each table in turn (S1PTW). */
	assert_int_equal(host_mm_reclaim(vm.mm, T3_IPA >> 12), 0);
	assert_int_equal(port->write(port->ctx, &el1_regime, BUF_VA, rec, 8, &f), 1);
	assert_int_equal(f.stage, 2);
	assert_int_equal(hyp_mem_spe_last_fault(vm.m, 0, &lf), 0);
	assert_int_equal(lf.ipa, T1_IPA);
	assert_int_equal(hyp_mem_handle_fault(vm.m, lf.ipa, false, HYP_MEM_SRC_SPE), 0);
	assert_int_equal(port->write(port->ctx, &el1_regime, BUF_VA, rec, 8, &f), 1);
	assert_int_equal(hyp_mem_spe_last_fault(vm.m, 0, &lf), 0);
	assert_int_equal(lf.ipa, T2_IPA + 8 * ((BUF_VA >> 21) & 511));
	assert_int_equal(hyp_mem_handle_fault(vm.m, lf.ipa, false, HYP_MEM_SRC_SPE), 0);
	assert_int_equal(port->write(port->ctx, &el1_regime, BUF_VA, rec, 8, &f), 1);
	assert_int_equal(hyp_mem_spe_last_fault(vm.m, 0, &lf), 0);
	assert_int_equal(lf.ipa, T3_IPA + 8 * ((BUF_VA >> 12) & 511));
	assert_int_equal(f.fsc, 0x07);
	assert_int_equal(hyp_mem_handle_fault(vm.m, lf.ipa, false, HYP_MEM_SRC_SPE), 0);
	/* Swap-in gave the table back intact: the write goes through. */
	assert_int_equal(port->write(port->ctx, &el1_regime, BUF_VA, rec, 8, &f), 0);
	hyp_mem_get_stats(vm.m, &st);
	assert_int_equal(st.records_lost, 8);
	assert_int_equal(st.s2_faults[HYP_MEM_SRC_SPE], 6);
	assert_int_equal(st.stale_s2, 0);
	assert_int_equal(st.spe_bytes, 64 + 32 + 8);
	vm_fini(&vm);
}

static void test_buffer_mode(void **state)
{
	struct vm vm;
	struct hyp_mem_buffer_fault bf;
	struct hyp_mem_stats st;
	uint64_t limitr = (BUF_VA + BUF_PAGES * PG) | PMBLIMITR_EL1_E_MASK;

	(void)state;
	vm_init(&vm, HYP_MEM_PIN_BUFFER, 19, 1);
	assert_int_equal(hyp_mem_buffer_update(vm.m, 0, BUF_VA, limitr, &bf), 0);
	hyp_mem_get_stats(vm.m, &st);
	assert_int_equal(st.pinned_pages, BUF_PAGES + 3);	/* buffer + L1, L2, L3 */
	assert_true(hyp_mem_pinned(vm.m, T2_IPA));
	assert_true(hyp_mem_pinned(vm.m, BUF_IPA + 15 * PG));
	assert_false(hyp_mem_pinned(vm.m, BUF_IPA + 16 * PG));
	assert_int_equal(st.pin_ops, 2);	/* tables (3 pages) and buffer (16): two runs */
	/* The driver re-enables with PMBPTR further on: nothing re-pinned. */
	assert_int_equal(hyp_mem_buffer_update(vm.m, 0, BUF_VA + 0x3000, limitr, &bf), 0);
	hyp_mem_get_stats(vm.m, &st);
	assert_int_equal(st.buffer_reuses, 1);
	assert_int_equal(st.buffer_repins, 1);
	/* A second vCPU with the same buffer would pass the limit of 19. */
	assert_int_equal(hyp_mem_vcpu_set_s1(vm.m, 1, &vm.s1), 0);
	assert_int_equal(hyp_mem_buffer_update(vm.m, 1, BUF_VA, limitr + PG, &bf), HYP_MEM_ELIMIT);
	hyp_mem_get_stats(vm.m, &st);
	assert_int_equal(st.pinned_pages, BUF_PAGES + 3);	/* the old pins stay */
	assert_int_equal(st.limit_errors, 1);
	/* A buffer reaching a VA without a stage-1 entry: a stage-1 fault to inject. */
	assert_int_equal(hyp_mem_buffer_update(vm.m, 1, BUF_VA, HOLE_VA + PG + 1, &bf), 1);
	assert_int_equal(bf.va, HOLE_VA);
	assert_int_equal(bf.fsc, 0x07);
	assert_int_equal(bf.level, 3);
	assert_int_equal(bf.stage, 1);
	/* The guest turns its MMU off (SCTLR_EL1.M = 0): the same registers now
	 * name IPAs, no tables are walked, the pins follow. */
	{
		struct hyp_mem_s1 off = { .mmu_on = false };

		assert_int_equal(hyp_mem_vcpu_set_s1(vm.m, 0, &off), 0);
		assert_int_equal(hyp_mem_buffer_update(vm.m, 0, BUF_IPA,
				 (BUF_IPA + 4 * PG) | PMBLIMITR_EL1_E_MASK, &bf), 0);
		hyp_mem_get_stats(vm.m, &st);
		assert_int_equal(st.pinned_pages, 4);
		assert_false(hyp_mem_pinned(vm.m, T2_IPA));
		assert_true(hyp_mem_pinned(vm.m, BUF_IPA + 3 * PG));
		assert_int_equal(st.buffer_repins, 2);
	}
	/* A buffer larger than the whole limit is refused before any walk. */
	assert_int_equal(hyp_mem_buffer_update(vm.m, 1, BUF_VA,
			 (BUF_VA + 64 * PG) | PMBLIMITR_EL1_E_MASK, &bf), HYP_MEM_ELIMIT);
	/* Disable: everything unpinned. */
	assert_int_equal(hyp_mem_buffer_update(vm.m, 0, BUF_VA, limitr & ~PMBLIMITR_EL1_E_MASK, &bf), 0);
	hyp_mem_get_stats(vm.m, &st);
	assert_int_equal(st.pinned_pages, 0);
	assert_false(hyp_mem_pinned(vm.m, T2_IPA));
	assert_int_equal(st.tracking_bytes, 8);	/* only the top level: one 1 GiB pointer */
	vm_fini(&vm);
}

/* The storm against a VM: CPU accesses through stage 2, SPE writes through
 * the port; contents checked against a shadow copy at every read and at the end. */
static void storm_vm(enum hyp_mem_pin_mode mode, struct hyp_mem_stats *out, uint64_t *port_faults)
{
	struct vm vm;
	struct hyp_mem_buffer_fault bf;
	const struct spe_mem_port *port;
	uint64_t r = 99, off = 0;

	vm_init(&vm, mode, 0, 5);
	port = hyp_mem_spe_port(vm.m, 0);
	for (unsigned p = 0; p < RAM_PAGES; p++) {
		uint8_t *b = cpu_access(&vm, RAM_IPA + p * PG, true);

		if (p >= 256 && p < 259)
			continue;	/* the stage-1 tables */
		memset(b, p % 3 ? (int)(p % 11) : 0, PG);
	}
	memcpy(vm.shadow, vm.ram, RAM_PAGES * PG);
	if (mode == HYP_MEM_PIN_ALL)
		assert_int_equal(hyp_mem_lock_slot(vm.m, 0, true), 0);
	if (mode == HYP_MEM_PIN_BUFFER)
		assert_int_equal(hyp_mem_buffer_update(vm.m, 0, BUF_VA,
				 (BUF_VA + BUF_PAGES * PG) | PMBLIMITR_EL1_E_MASK, &bf), 0);
	*port_faults = 0;
	for (unsigned round = 0; round < 1000; round++) {
		struct spe_xlate_fault f;
		uint8_t rec[64];

		host_mm_storm_events(vm.mm, 100);
		for (unsigned a = 0; a < 20; a++) {
			uint64_t x = xs(&r), p = x % RAM_PAGES, o = (x >> 20) % (PG - 8);
			bool write = (x >> 40) & 1 && (p < 256 || p >= 259);
			uint8_t *b = cpu_access(&vm, RAM_IPA + p * PG, write);

			if (write) {
				memcpy(b + o, &x, 8);
				memcpy(vm.shadow + p * PG + o, &x, 8);
			} else {
				assert_memory_equal(b, vm.shadow + p * PG, PG);
			}
		}
		memset(rec, (int)round, sizeof(rec));
		if (port->write(port->ctx, &el1_regime, BUF_VA + off, rec, 64, &f)) {
			struct s1_fault lf;

			++*port_faults;
			assert_int_equal(hyp_mem_spe_last_fault(vm.m, 0, &lf), 0);
			assert_int_equal(lf.stage, 2);
			/* A table read faults at stage 2 as S1PTW, a buffer write not. */
			assert_int_equal(lf.s1ptw, !(lf.ipa >= BUF_IPA && lf.ipa < BUF_IPA + BUF_PAGES * PG));
			assert_int_equal(hyp_mem_spe_fix_fault(vm.m, 0), 0);
			assert_int_equal(hyp_mem_spe_fix_fault(vm.m, 0), HYP_MEM_ENOENT);
			memcpy(vm.shadow + (BUF_IPA - RAM_IPA) + off, rec, f.written);
		} else {
			memcpy(vm.shadow + (BUF_IPA - RAM_IPA) + off, rec, 64);
		}
		off = (off + 64) % (BUF_PAGES * PG);
	}
	for (unsigned p = 0; p < RAM_PAGES; p++)
		assert_memory_equal(cpu_access(&vm, RAM_IPA + p * PG, false), vm.shadow + p * PG, PG);
	hyp_mem_get_stats(vm.m, out);
	vm_fini(&vm);
}

static void test_storm_all(void **state)
{
	struct hyp_mem_stats st;
	uint64_t pf;

	(void)state;
	storm_vm(HYP_MEM_PIN_ALL, &st, &pf);
	assert_int_equal(pf, 0);
	assert_int_equal(st.records_lost, 0);
	assert_int_equal(st.s2_faults[HYP_MEM_SRC_SPE], 0);
	assert_int_equal(st.unexpected_faults, 0);
	assert_int_equal(st.pinned_invalidations, 0);
	assert_int_equal(st.stale_s2, 0);
	assert_int_equal(st.pinned_pages, RAM_PAGES);
}

static void test_storm_buffer(void **state)
{
	struct hyp_mem_stats st;
	uint64_t pf;

	(void)state;
	storm_vm(HYP_MEM_PIN_BUFFER, &st, &pf);
	assert_int_equal(pf, 0);
	assert_int_equal(st.records_lost, 0);
	assert_int_equal(st.pinned_invalidations, 0);
	assert_int_equal(st.stale_s2, 0);
	assert_int_equal(st.pinned_pages, BUF_PAGES + 3);
	assert_true(st.storm_events[HOST_MM_EV_RECLAIM] > 1000);
}

static void test_storm_none(void **state)
{
	struct hyp_mem_stats st;
	uint64_t pf;

	(void)state;
	struct hyp_mem_stats st2;
	uint64_t pf2;

	storm_vm(HYP_MEM_PIN_NONE, &st, &pf);
	assert_true(pf > 0);
	assert_int_equal(st.records_lost, pf);
	/* Same seed, same run: the same records lost, the same faults. */
	storm_vm(HYP_MEM_PIN_NONE, &st2, &pf2);
	assert_int_equal(pf2, pf);
	assert_memory_equal(st2.s2_faults, st.s2_faults, sizeof(st.s2_faults));
	assert_memory_equal(st2.storm_events, st.storm_events, sizeof(st.storm_events));
	assert_int_equal(st.stale_s2, 0);
	assert_int_equal(st.pinned_pages, 0);
}

static void test_lock_256_vcpus_1g(void **state)
{
	struct host_mm_config hc = { .nframes = UINT64_C(1) << 20, .seed = 3 };
	struct hyp_mem_config mc = { .ipa_bits = 40, .nvcpus = 256, .mode = HYP_MEM_PIN_ALL };
	uint64_t size = UINT64_C(1) << 31;
	void *ram = mmap(NULL, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	struct host_mm *mm;
	struct hyp_mem *m;
	struct hyp_mem_stats st;
	struct stage2_stats s2;
	struct stage2_xlate x;

	(void)state;
	assert_true(ram != MAP_FAILED);
	assert_int_equal(host_mm_create(&hc, &mm), 0);
	assert_int_equal(hyp_mem_create(&mc, mm, &m), 0);
	assert_int_equal(hyp_mem_add_slot(m, RAM_IPA, size, ram, true), 0);
	assert_int_equal(hyp_mem_lock_slot(m, 0, true), 0);
	assert_int_equal(hyp_mem_lock_slot(m, 0, true), HYP_MEM_EBUSY);
	hyp_mem_get_stats(m, &st);
	stage2_get_stats(hyp_mem_stage2(m), &s2);
	assert_int_equal(st.pinned_pages, size / PG);
	assert_int_equal(st.pin_ops, 2);		/* two 1 GiB batches */
	assert_int_equal(s2.leaves[1], 2);		/* two 1 GiB blocks */
	assert_int_equal(s2.leaves[2] + s2.leaves[3], 0);
	assert_int_equal(st.tracking_bytes, 2 * 8);	/* one shared full mid per GiB */
	assert_int_equal(stage2_walk(hyp_mem_stage2(m), RAM_IPA + 0x40000123, true, &x), 0);
	assert_int_equal(x.pa, 0x40000123);	/* 1 GiB frame ranges, 1 GiB aligned */
	/* The storm cannot touch it. */
	host_mm_storm_events(mm, 10000);
	stage2_get_stats(hyp_mem_stage2(m), &s2);
	assert_int_equal(s2.leaves[1], 2);
	hyp_mem_get_stats(m, &st);
	assert_int_equal(st.pinned_invalidations, 0);
	/* A fault on locked memory is counted and its address kept. */
	assert_int_equal(hyp_mem_handle_fault(m, RAM_IPA + 0x5000, false, HYP_MEM_SRC_CPU), 0);
	hyp_mem_get_stats(m, &st);
	assert_int_equal(st.unexpected_faults, 1);
	assert_int_equal(st.last_unexpected_ipa, RAM_IPA + 0x5000);
	/* Write faults on memory locked writable are unexpected too; the ring
	 * keeps the last 16, oldest first. */
	for (unsigned i = 0; i < 20; i++)
		assert_int_equal(hyp_mem_handle_fault(m, RAM_IPA + i * 0x200000, true,
						      HYP_MEM_SRC_SPE), 0);
	{
		uint64_t ipas[32];

		assert_int_equal(hyp_mem_unexpected_faults(m, ipas, 32), 16);
		assert_int_equal(ipas[0], RAM_IPA + 4 * 0x200000);
		assert_int_equal(ipas[15], RAM_IPA + 19 * 0x200000);
		assert_int_equal(hyp_mem_unexpected_faults(m, ipas, 2), 2);
	}
	assert_int_equal(hyp_mem_unlock_slot(m, 0), 0);
	hyp_mem_get_stats(m, &st);
	assert_int_equal(st.pinned_pages, 0);
	hyp_mem_destroy(m);
	host_mm_destroy(mm);
	munmap(ram, size);
}

static void test_lock_limit_and_args(void **state)
{
	struct vm vm;
	struct hyp_mem_stats st;
	enum hyp_mem_pin_mode md;

	(void)state;
	vm_init(&vm, HYP_MEM_PIN_ALL, 100, 1);
	assert_int_equal(hyp_mem_lock_slot(vm.m, 0, true), HYP_MEM_ELIMIT);
	assert_int_equal(hyp_mem_lock_slot(vm.m, 1, true), HYP_MEM_EINVAL);
	assert_int_equal(hyp_mem_unlock_slot(vm.m, 0), HYP_MEM_EINVAL);
	assert_int_equal(hyp_mem_add_slot(vm.m, RAM_IPA + PG, PG, vm.ram, false), HYP_MEM_EINVAL);
	assert_int_equal(hyp_mem_add_slot(vm.m, 0x123, PG, vm.ram, false), HYP_MEM_EINVAL);
	assert_int_equal(hyp_mem_handle_fault(vm.m, 0x1000, false, HYP_MEM_SRC_CPU), HYP_MEM_ENOENT);
	hyp_mem_get_stats(vm.m, &st);
	assert_int_equal(st.pinned_pages, 0);
	assert_int_equal(st.limit_errors, 1);
	assert_int_equal(hyp_mem_pin_mode_parse("buffer", &md), 0);
	assert_int_equal(md, HYP_MEM_PIN_BUFFER);
	assert_int_equal(hyp_mem_pin_mode_parse("some", &md), HYP_MEM_EINVAL);
	assert_string_equal(hyp_mem_strerror(HYP_MEM_ELIMIT), "pinned-memory limit of the VM exceeded");
	vm_fini(&vm);
}

static uint64_t spe_reg(struct spe_unit *u, uint32_t key)
{
	uint64_t v = 0;

	assert_int_equal(spe_unit_sysreg_read(u, key, &v), SPE_UNIT_OK);
	return v;
}

/* Count to the next sample and observe a load there; true if selected. */
static bool spe_sample(struct spe_unit *u)
{
	struct spe_op op = {
		.pc = 0x400000, .el = 1, .kind = SPE_OPK_LOAD, .data_va = 0x500000,
		.size = 8, .cntpct = 77,
	};
	uint64_t k = spe_unit_ops_until_sample(u);

	assert_true(k != SPE_NEVER);
	spe_unit_count(u, k, 1);
	return spe_unit_observe(u, &op);
}

/* The real SPE unit (hw/spe) writing through the port: PMBSR_EL1 says what
 * stage 2 said at that moment, and fixing the fault lets the next record in. */
static void test_spe_unit_end_to_end(void **state)
{
	struct vm vm;
	struct spe_config cfg;
	struct spe_unit *u;
	struct spe_ctx ctx = { .el = 1, .el2_enabled = true, .e2pb = 3 };
	struct spe_unit_stats us;
	struct hyp_mem_stats st;
	uint64_t ptr;

	(void)state;
	vm_init(&vm, HYP_MEM_PIN_NONE, 0, 1);
	spe_config_default(&cfg, SPE_V1P1);
	assert_int_equal(spe_unit_create(&cfg, hyp_mem_spe_port(vm.m, 0), &u), SPE_UNIT_OK);
	spe_unit_set_ctx(u, &ctx);
	assert_int_equal(spe_unit_sysreg_write(u, SYS_PMBPTR_EL1, BUF_VA), 0);
	assert_int_equal(spe_unit_sysreg_write(u, SYS_PMBLIMITR_EL1,
			 (BUF_VA + BUF_PAGES * PG) | PMBLIMITR_EL1_E_MASK), 0);
	assert_int_equal(spe_unit_sysreg_write(u, SYS_PMSIRR_EL1, PMSIRR_EL1_INTERVAL_PREP(1)), 0);
	assert_int_equal(spe_unit_sysreg_write(u, SYS_PMSCR_EL1, PMSCR_EL1_E1SPE_MASK), 0);
	/* Stage 2 is empty: the first record stops on the walk of TTBR0's table,
	 * PMBSR_EL1 = EC 0b100101 (stage 2), S, FSC level-0 translation. */
	assert_true(spe_sample(u));
	assert_int_equal(spe_reg(u, SYS_PMBSR_EL1), 0x94020004);
	assert_true(spe_unit_irq_level(u));
	assert_int_equal(spe_reg(u, SYS_PMBPTR_EL1), BUF_VA);
	/* The hypervisor maps what the unit needed and the guest driver restarts. */
	assert_int_equal(hyp_mem_spe_fix_fault(vm.m, 0), 0);
	assert_int_equal(spe_unit_sysreg_write(u, SYS_PMBSR_EL1, 0), 0);
	assert_true(spe_sample(u));
	assert_int_equal(spe_reg(u, SYS_PMBSR_EL1), 0x94020006);	/* the buffer page, level 2 */
	assert_int_equal(hyp_mem_spe_fix_fault(vm.m, 0), 0);
	assert_int_equal(spe_unit_sysreg_write(u, SYS_PMBSR_EL1, 0), 0);
	assert_true(spe_sample(u));
	assert_int_equal(spe_reg(u, SYS_PMBSR_EL1), 0);
	ptr = spe_reg(u, SYS_PMBPTR_EL1);
	assert_int_equal(ptr, BUF_VA + 36);	/* one 36-byte record (Align 0: no padding) */
	assert_true(vm.ram[BUF_IPA - RAM_IPA] != 0);	/* its first packet header */
	/* The host reclaims the buffer page between two records: the next one is lost. */
	assert_int_equal(host_mm_reclaim(vm.mm, BUF_IPA >> 12), 0);
	assert_true(spe_sample(u));
	assert_int_equal(spe_reg(u, SYS_PMBSR_EL1) & PMBSR_EL1_EC_MASK, UINT64_C(0x25) << 26);
	assert_int_equal(spe_reg(u, SYS_PMBPTR_EL1), ptr);
	spe_unit_stats(u, &us);
	hyp_mem_get_stats(vm.m, &st);
	assert_int_equal(us.records, 1);
	assert_int_equal(st.records_lost, 3);
	assert_int_equal(st.spe_bytes, 36);
	assert_int_equal(us.bytes, 36);
	spe_unit_free(u);
	vm_fini(&vm);
}

/* The host runs out of frames half-way through a lock: all or nothing. */
static void test_lock_rollback(void **state)
{
	struct host_mm_config hc = { .nframes = 1500, .seed = 1 };
	struct hyp_mem_config mc = { .ipa_bits = 40, .nvcpus = 1, .mode = HYP_MEM_PIN_ALL,
				     .batch_pages = 512 };
	uint8_t *ram = aligned_alloc(PG, RAM_PAGES * PG);
	struct host_mm *mm;
	struct hyp_mem *m;
	struct hyp_mem_stats st;
	struct host_mm_stats hs;

	(void)state;
	assert_non_null(ram);
	assert_int_equal(host_mm_create(&hc, &mm), 0);
	assert_int_equal(hyp_mem_create(&mc, mm, &m), 0);
	assert_int_equal(hyp_mem_add_slot(m, RAM_IPA, RAM_PAGES * PG, ram, true), 0);
	assert_int_equal(hyp_mem_lock_slot(m, 0, true), HYP_MEM_EHOST);
	hyp_mem_get_stats(m, &st);
	host_mm_get_stats(mm, &hs);
	assert_int_equal(st.pinned_pages, 0);
	assert_int_equal(st.pin_ops, 2);	/* two 2 MiB batches got in, then undone */
	assert_int_equal(hs.pinned_pages, 0);
	assert_false(hyp_mem_pinned(m, RAM_IPA));
	/* Nothing is left locked: the host may move those pages again. */
	assert_int_equal(host_mm_reclaim(mm, RAM_IPA >> 12), 0);
	hyp_mem_destroy(m);
	host_mm_destroy(mm);
	free(ram);
}

/* Guest-controlled values at random: tables of garbage, any TTBR/TCR/SCTLR.M,
 * any PMBPTR/PMBLIMITR, writes anywhere. Nothing may crash, hang, pin past
 * the limit, write outside guest RAM, or leave stage 2 stale. */
static void test_hostile_guest(void **state)
{
	struct vm vm;
	const struct spe_mem_port *port;
	struct hyp_mem_stats st;
	uint64_t r = 0x1234567, counts[4] = { 0 };
	uint8_t rec[300];

	(void)state;
	vm_init(&vm, HYP_MEM_PIN_BUFFER, 64, 9);
	port = hyp_mem_spe_port(vm.m, 1);
	for (unsigned p = 0; p < 256; p++) {
		struct host_mm_page pg;

		assert_int_equal(host_mm_fault_in(vm.mm, (RAM_IPA >> 12) + p, true, &pg), 0);
		for (unsigned w = 0; w < PG / 8; w++) {
			/* Mostly valid-looking descriptors pointing into RAM. */
			uint64_t x = xs(&r), d = (x & 3) ? ((RAM_IPA + (x >> 8) % (RAM_PAGES * PG)) &
							  ~UINT64_C(0xfff)) | (x & 0xfff) : x;

			memcpy(vm.ram + p * PG + w * 8, &d, 8);
		}
	}
	memset(rec, 0xee, sizeof(rec));
	for (unsigned i = 0; i < 3000; i++) {
		uint64_t x = xs(&r), y = xs(&r), z = xs(&r);
		struct hyp_mem_s1 s1 = {
			.mmu_on = x & 1,
			.ttbr0 = (x & 2) ? RAM_IPA + (y % 256) * PG : y,
			.ttbr1 = (x & 4) ? RAM_IPA + (z % 256) * PG : z,
			.tcr = (x & 8) ? (TCR_EL1_T0SZ_PREP(16 + y % 24) | TCR_EL1_T1SZ_PREP(16 + z % 24) |
					 TCR_EL1_TG1_PREP(TCR_EL1_TG1_4K)) : z ^ y,
		};
		struct hyp_mem_buffer_fault bf;
		struct spe_xlate_fault f;
		uint64_t va = (x & 16) ? (y & UINT64_C(0x7fffffffff)) : z;
		size_t len = 1 + (size_t)(x >> 40) % sizeof(rec);
		int rc;

		assert_int_equal(hyp_mem_vcpu_set_s1(vm.m, 1, &s1), 0);
		rc = hyp_mem_buffer_update(vm.m, 1, va, va + (x >> 50) * PG + (x & 32), &bf);
		assert_true(rc == 0 || rc == 1 || rc == HYP_MEM_ELIMIT || rc == HYP_MEM_ENOENT);
		counts[rc == 0 ? 0 : rc == 1 ? 1 : 2]++;
		rc = port->write(port->ctx, &el1_regime, va, rec, len, &f);
		assert_true(rc == 0 || rc == 1);
		if (rc) {
			assert_true(f.written < len);
			assert_true(f.stage == 1 || f.stage == 2);
			counts[3]++;
		}
		if (i % 8 == 0)
			host_mm_storm_events(vm.mm, 20);
		if (i % 4 == 0) {
			rc = hyp_mem_handle_fault(vm.m, z % (UINT64_C(1) << 40), y & 1, HYP_MEM_SRC_SPE);
			assert_true(rc == 0 || rc == HYP_MEM_ENOENT);
		}
	}
	hyp_mem_get_stats(vm.m, &st);
	assert_true(st.pinned_pages <= 64);
	assert_int_equal(st.stale_s2, 0);
	assert_int_equal(st.pinned_invalidations, 0);
	assert_true(counts[0] > 0 && counts[1] > 0 && counts[2] > 0 && counts[3] > 0);
	vm_fini(&vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pinset),
		cmocka_unit_test(test_spe_port_sees_stage2_now),
		cmocka_unit_test(test_buffer_mode),
		cmocka_unit_test(test_storm_all),
		cmocka_unit_test(test_storm_buffer),
		cmocka_unit_test(test_storm_none),
		cmocka_unit_test(test_lock_256_vcpus_1g),
		cmocka_unit_test(test_lock_limit_and_args),
		cmocka_unit_test(test_spe_unit_end_to_end),
		cmocka_unit_test(test_lock_rollback),
		cmocka_unit_test(test_hostile_guest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
