/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A VM's guest memory as the hypervisor manages it: memslots backed by the
 * host memory manager (host/mm), the stage-2 table, MMU-notifier handling,
 * stage-2 fault handling, SPE pinning strategies and the SPE unit's memory
 * port. See docs/memory.md.
 *
 * Pinning strategies (per VM):
 *   NONE    nothing pinned: the host may move any page; an SPE write that
 *           meets a stage-2 fault loses its record (counted).
 *   BUFFER  (KVM RFC v6) when a vCPU's guest enables its profiling buffer,
 *           pin and map at stage 2 the buffer pages and the guest stage-1
 *           table pages that translate them; re-done when PMBPTR, PMBLIMITR,
 *           TTBRx or TCR change; bounded by a per-VM limit.
 *   ALL     (KVM v4/v5 memslot locking) hyp_mem_lock_slot() pins and maps
 *           every page of a slot, with 1 GiB / 2 MiB blocks where the host
 *           backing allows, in batches; needs no vCPU at all.
 *
 * Entry points for the CPU run loop (see docs/memory.md "Integration"):
 *   hyp_mem_cpu_access()       a CPU access: stage-2 walk, fault handled (hook / slice end)
 *   hyp_mem_handle_fault()     any stage-2 fault (CPU or SPE)
 *   hyp_mem_vcpu_set_s1()      vcpu_load, and trapped TTBR/TCR/SCTLR writes
 *   hyp_mem_buffer_update()    trapped PMBPTR/PMBLIMITR writes, vcpu_load
 *   hyp_mem_spe_port()         the port the vCPU's physical SPE unit writes through
 *   hyp_mem_spe_fix_fault()    after the unit reports a stage-2 fault (PMBSR EC 0x25)
 *
 * Not thread-safe: one lock around all calls (KVM's mmu_lock).
 */
#ifndef HYP_MEM_H
#define HYP_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host/mm.h"
#include "hw/spe.h"
#include "hyp/mem-err.h"
#include "hyp/s1walk.h"
#include "hyp/stage2.h"

enum hyp_mem_pin_mode {
	HYP_MEM_PIN_NONE,
	HYP_MEM_PIN_BUFFER,
	HYP_MEM_PIN_ALL,
};
const char *hyp_mem_pin_mode_name(enum hyp_mem_pin_mode m);
/* "none" | "buffer" | "all" -> mode; HYP_MEM_EINVAL otherwise. */
int hyp_mem_pin_mode_parse(const char *s, enum hyp_mem_pin_mode *m);

enum hyp_mem_src {
	HYP_MEM_SRC_CPU,
	HYP_MEM_SRC_SPE,
	HYP_MEM_SRC_KINDS
};

struct hyp_mem_config {
	unsigned ipa_bits;		/* 32..48 */
	unsigned nvcpus;		/* 1..512 */
	enum hyp_mem_pin_mode mode;
	uint64_t pin_limit_pages;	/* 0 = no limit (RLIMIT_MEMLOCK's role) */
	uint64_t batch_pages;		/* pin batch for ALL; 0 = 1 GiB (262144) */
	bool spe_hw_flags;		/* PMBIDR_EL1.F of the vCPUs' SPE units */
};

struct hyp_mem_stats {
	uint64_t pinned_pages;		/* pages pinned now (VM-wide) */
	uint64_t pin_ops, unpin_ops;	/* host pin / unpin calls (batches) */
	uint64_t pinned_bytes_peak;
	uint64_t s2_faults[HYP_MEM_SRC_KINDS];
	uint64_t unexpected_faults;	/* stage-2 faults on pinned memory */
	uint64_t last_unexpected_ipa;	/* the warning's address */
	uint64_t records_lost;		/* SPE writes stopped by a fault */
	uint64_t spe_bytes;		/* bytes the SPE port stored */
	uint64_t storm_events[HOST_MM_EV_KINDS];	/* host notifier calls by kind */
	uint64_t pinned_invalidations;	/* notifier ranges that held a pinned page (must stay 0) */
	uint64_t stale_s2;		/* SPE port writes whose stage-2 PA was not the host's frame (must stay 0) */
	uint64_t buffer_repins, buffer_reuses, s1_buffer_faults, limit_errors;
	uint64_t tracking_bytes;	/* heap bytes of pin tracking now */
};

/* A buffer that cannot be pinned: the hypervisor injects a buffer
 * management event with this stage-1 syndrome (PMBSR_EL1.EC = 0b100100). */
struct hyp_mem_buffer_fault {
	uint64_t va;
	uint8_t fsc;
	uint8_t level;
	uint8_t stage;		/* 1; 2 only if a table read failed in the host */
	uint64_t needed_pages;	/* HYP_MEM_ELIMIT: pages the VM would pin with this buffer */
};

struct hyp_mem;

int hyp_mem_create(const struct hyp_mem_config *cfg, struct host_mm *mm, struct hyp_mem **out);
void hyp_mem_destroy(struct hyp_mem *m);
struct stage2 *hyp_mem_stage2(struct hyp_mem *m);
void hyp_mem_get_stats(const struct hyp_mem *m, struct hyp_mem_stats *st);

/* A memslot: IPA [ipa, ipa + size) is the VMM's memory at hva. Registers
 * the mapping with the host memory manager too (thp: THP allowed).
 * Returns the slot id (>= 0) or an error. */
int hyp_mem_add_slot(struct hyp_mem *m, uint64_t ipa, uint64_t size, void *hva, bool thp);

/* ALL: lock (pin + map) a slot; write: map it writable. Unlock unpins and
 * leaves stage 2 as it is (later notifiers unmap as usual). */
int hyp_mem_lock_slot(struct hyp_mem *m, int slot, bool write);
int hyp_mem_unlock_slot(struct hyp_mem *m, int slot);
bool hyp_mem_pinned(const struct hyp_mem *m, uint64_t ipa);

/*
 * A CPU access to guest memory at ipa, as the vCPU makes it: walk stage 2
 * now, take (and count) the stage-2 fault if there is one, and return in
 * *hva where the page's bytes are. The pointer is good for the rest of the
 * page until the host's next event (the next storm call): call this again
 * for every access, or at every slice boundary for the pages a slice uses.
 */
int hyp_mem_cpu_access(struct hyp_mem *m, uint64_t ipa, bool write, void **hva);

/* A stage-2 fault at ipa (write or read) from src: fault the page in from
 * the host and map it. HYP_MEM_ENOENT outside every slot (an MMIO exit). */
int hyp_mem_handle_fault(struct hyp_mem *m, uint64_t ipa, bool write, enum hyp_mem_src src);

/*
 * The most recent unexpected faults on pinned memory (KVM v4's "unexpected
 * fault on locked memslot" warning; the library does not print): copies up
 * to cap IPAs, oldest first, and returns how many were copied. A ring of 16.
 */
size_t hyp_mem_unexpected_faults(const struct hyp_mem *m, uint64_t *ipas, size_t cap);

/* The vCPU's stage-1 controls as they are now (TTBR0/1, TCR, SCTLR.M). */
int hyp_mem_vcpu_set_s1(struct hyp_mem *m, unsigned vcpu, const struct hyp_mem_s1 *s1);

/*
 * BUFFER: the guest's buffer registers as they are now. With
 * PMBLIMITR_EL1.E = 1, pin [PMBPTR, LIMIT) and its stage-1 table pages (if
 * the same range, or part of it, with the same TTBR/TCR is pinned already,
 * nothing is done); with E = 0, unpin. Returns 0, 1 with *f when a page of
 * the buffer has no stage-1 translation (nothing pinned: inject the
 * event), HYP_MEM_ELIMIT over the VM's limit (the old pins stay). In the
 * other modes it only records the registers and returns 0.
 */
int hyp_mem_buffer_update(struct hyp_mem *m, unsigned vcpu, uint64_t pmbptr, uint64_t pmblimitr,
			  struct hyp_mem_buffer_fault *f);

/*
 * BUFFER: the guest invalidated stage-1 TLB entries (TLBI, broadcast): its
 * tables may map the buffer elsewhere now, so the next
 * hyp_mem_buffer_update() of every vCPU walks again (and re-pins what
 * changed) instead of trusting the re-pin heuristic. Returns how many
 * vCPUs have a pinned buffer (0: nothing to refresh).
 */
unsigned hyp_mem_buffer_tlbi(struct hyp_mem *m);

/* The SPE memory port of a vCPU's physical SPE unit (hw/spe.h). */
const struct spe_mem_port *hyp_mem_spe_port(struct hyp_mem *m, unsigned vcpu);

/* The last fault the vCPU's port reported: its VA, the IPA whose stage-2
 * entry was missing (stage 2), stage and fsc. 0, or HYP_MEM_ENOENT if none. */
int hyp_mem_spe_last_fault(const struct hyp_mem *m, unsigned vcpu, struct s1_fault *f);

/* After the unit stopped on a stage-2 fault: map what it needs (a table
 * page for reading, or the buffer page for writing) and forget the fault.
 * 0, HYP_MEM_ENOENT when there is no stage-2 fault to fix, or an error. */
int hyp_mem_spe_fix_fault(struct hyp_mem *m, unsigned vcpu);

#endif
