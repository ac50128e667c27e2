// SPDX-License-Identifier: GPL-2.0-only
/* hw/cpu on real A64 code (tests/guest.S): counts, stops, MMIO, traps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch/sysreg.h"
#include "hw/cpu.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	0x200000ull

struct fixture {
	struct cpu *cpu;
	uint8_t *ram;
	uint64_t pmscr;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	FILE *bin = fopen(CPU_GUEST_BIN, "rb");

	assert_non_null(f);
	assert_non_null(bin);
	f->ram = aligned_alloc(4096, RAM_SIZE);
	assert_non_null(f->ram);
	memset(f->ram, 0, RAM_SIZE);
	assert_true(fread(f->ram, 1, RAM_SIZE, bin) > 0x1000);
	fclose(bin);
	assert_int_equal(cpu_create(0, &f->cpu), CPU_OK);
	assert_int_equal(cpu_map_ram(f->cpu, RAM_BASE, RAM_SIZE, f->ram, false), CPU_OK);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	cpu_destroy(f->cpu);
	free(f->ram);
	free(f);
	return 0;
}

static uint64_t reg(struct cpu *cpu, enum cpu_reg r)
{
	uint64_t v = 0;

	assert_int_equal(cpu_reg_read(cpu, r, &v), CPU_OK);
	return v;
}

static void test_selftest(void **state)
{
	struct cpu_selftest st;

	(void)state;
	assert_int_equal(cpu_selftest(&st), CPU_OK);
	/* Switching EL between runs (as vspe does) works, with or without the fix. */
	assert_true(!st.hflags_fix_needed || st.hflags_fix_works);
	assert_int_equal(st.va_alias_needed, cpu_engine_version() < 0x201);
	/* Debian's 2.0.1: both speed fixes must hold (their self-tests passed). */
	if (cpu_engine_version() == 0x201) {
		assert_true(st.store_fix);
		assert_true(st.hole_restore);
	}
}

static void test_count_exact(void **state)
{
	struct fixture *f = *state;
	struct cpu_stop stop;
	uint64_t n, total = 0;
	unsigned int runs = 0;

	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE);
	do {
		assert_int_equal(cpu_run(f->cpu, 100, &stop, &n), CPU_OK);
		assert_true(n <= 100);
		total += n;
		runs++;
	} while (stop.reason == CPU_STOP_BUDGET && runs < 1000);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	assert_int_equal(total, 4004);
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 2), 500500);
	assert_int_equal(reg(f->cpu, CPU_REG_PC), RAM_BASE + 0x20);

	/* Exact budgets: every run but the last executes exactly 7. */
	cpu_set_exact(f->cpu, true);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE);
	total = 0;
	runs = 0;
	do {
		assert_int_equal(cpu_run(f->cpu, 7, &stop, &n), CPU_OK);
		if (stop.reason == CPU_STOP_BUDGET)
			assert_int_equal(n, 7);
		total += n;
		runs++;
	} while (stop.reason == CPU_STOP_BUDGET && runs < 1000);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	assert_int_equal(total, 4004);
	assert_int_equal(runs, 4004 / 7);	/* 4004 = 7 * 572: the WFI is the 7th of the last */
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 2), 500500);
	cpu_set_exact(f->cpu, false);

	/* One run with a large budget gives the same count. */
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE);
	assert_int_equal(cpu_run(f->cpu, 1000000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	assert_int_equal(n, 4004);
}

static void test_mmio(void **state)
{
	struct fixture *f = *state;
	struct cpu_stop stop;
	uint64_t n;

	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x100);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_MMIO);
	assert_int_equal(n, 2);
	assert_int_equal(stop.pc, RAM_BASE + 0x108);
	assert_int_equal(stop.mmio.gpa, 0x09000000);
	assert_int_equal(stop.mmio.len, 1);
	assert_true(stop.mmio.is_write);
	assert_true(stop.mmio.valid);
	assert_int_equal(stop.mmio.data, 0x41);
	assert_int_equal(cpu_skip_insn(f->cpu), CPU_OK);

	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_MMIO);
	assert_int_equal(n, 0);
	assert_int_equal(stop.mmio.gpa, 0x09000002);
	assert_int_equal(stop.mmio.len, 2);
	assert_false(stop.mmio.is_write);
	assert_true(stop.mmio.valid);
	assert_true(stop.mmio.sign_extend);
	assert_true(stop.mmio.sf);
	assert_int_equal(stop.mmio.rt, 6);
	assert_int_equal(cpu_complete_mmio_read(f->cpu, &stop.mmio, 0x8001), CPU_OK);
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 6), 0xffffffffffff8001ull);

	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_MMIO);
	assert_int_equal(stop.mmio.gpa, 0x09000004);
	assert_int_equal(stop.mmio.len, 4);
	assert_false(stop.mmio.sign_extend);
	assert_int_equal(cpu_complete_mmio_read(f->cpu, &stop.mmio, 0x1deadbeefull), CPU_OK);
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 7), 0xdeadbeef);

	{
		struct cpu_access a;

		/* Before it runs: the access of str x7, [x10, #8]! */
		assert_int_equal(cpu_decode_access(f->cpu, &a), CPU_OK);
		assert_int_equal(a.va, 0x09000008);
		assert_int_equal(a.size, 8);
		assert_false(a.is_load);
	}
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_MMIO);
	assert_int_equal(stop.mmio.gpa, 0x09000008);
	assert_true(stop.mmio.is_write);
	assert_false(stop.mmio.valid);	/* writeback: KVM's ISV = 0 */
	assert_int_equal(cpu_complete_mmio_read(f->cpu, &stop.mmio, 0), CPU_EINVAL);
}

static enum cpu_sysreg_result handler(void *opaque, struct cpu *cpu,
				      struct cpu_sysreg_access *acc)
{
	struct fixture *f = opaque;

	if (acc->key == SYS_PMSIDR_EL1 && !acc->is_write) {
		acc->val = 0x1234;
		return CPU_SYSREG_DONE;
	}
	if (acc->key == SYS_PMSCR_EL1 && acc->is_write) {
		f->pmscr = acc->val;
		return CPU_SYSREG_DONE;
	}
	if (acc->key == ARCH_SYSREG(3, 0, 15, 0, 0))
		return CPU_SYSREG_UNDEF;
	if (acc->key == SYS_MIDR_EL1 && !acc->is_write) {
		acc->val = cpu_now(cpu);
		return CPU_SYSREG_DONE;
	}
	return CPU_SYSREG_NATIVE;
}

static void test_sysreg_traps(void **state)
{
	struct fixture *f = *state;
	struct cpu_stop stop;
	uint64_t n;

	cpu_set_sysreg_handler(f->cpu, handler, f);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x200);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_UNDEF);
	assert_int_equal(stop.pc, RAM_BASE + 0x208);
	assert_int_equal(stop.sysreg.key, ARCH_SYSREG(3, 0, 15, 0, 0));
	assert_int_equal(stop.sysreg.rt, 1);
	assert_int_equal(n, 2);
	assert_int_equal(reg(f->cpu, CPU_REG_X0), 0x1234);
	assert_int_equal(f->pmscr, 0x1234);
	assert_int_equal(reg(f->cpu, CPU_REG_PC), RAM_BASE + 0x208);

	/* The same in the middle of a block: the PC is found exactly. */
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x240);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_UNDEF);
	assert_int_equal(stop.pc, RAM_BASE + 0x250);
	assert_int_equal(n, 4);
	assert_int_equal(reg(f->cpu, CPU_REG_X0), 0x1234);
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 7), 0x1235);

	/* Identical accesses to a register QEMU has, in one block: exact times. */
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2e0);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	assert_int_equal(n, 6);
	assert_int_equal(reg(f->cpu, CPU_REG_X0), 0);
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 1), 3);
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 2), 4);
}

static void test_exception_stops(void **state)
{
	struct fixture *f = *state;
	struct cpu_stop stop;
	uint64_t n;

	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x280);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_HVC);
	assert_int_equal(stop.imm, 0x12);
	assert_int_equal(stop.pc, RAM_BASE + 0x280);
	assert_int_equal(n, 1);
	assert_int_equal(reg(f->cpu, CPU_REG_PC), RAM_BASE + 0x284);

	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_SVC);
	assert_int_equal(stop.imm, 0x34);
	assert_int_equal(stop.pc, RAM_BASE + 0x284);
	assert_int_equal(n, 1);
	assert_int_equal(reg(f->cpu, CPU_REG_PC), RAM_BASE + 0x288);

	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_SMC);
	assert_int_equal(stop.imm, 0x56);
	assert_int_equal(reg(f->cpu, CPU_REG_PC), RAM_BASE + 0x28c);

	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_BRK);
	assert_int_equal(stop.imm, 0x78);
	assert_int_equal(stop.pc, RAM_BASE + 0x28c);
	assert_int_equal(n, 0);
	cpu_skip_insn(f->cpu);

	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_UNDEF);
	assert_int_equal(stop.pc, RAM_BASE + 0x290);
	assert_int_equal(stop.insn, 0);	/* udf #0 */

	/* A misaligned PC: the PC alignment fault, not an UNDEF. */
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_PC_ALIGN);
	assert_int_equal(stop.pc, RAM_BASE + 0x2);
	assert_int_equal(n, 0);

	/*
	 * Unicorn 2.0.1 does not enforce CPACR_EL1.FPEN: FP runs with FPEN = 0
	 * (measured; documented in docs/machine.md).
	 */
	cpu_sysreg_write(f->cpu, SYS_CPACR_EL1, 0);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2fc);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_UNDEF);	/* the udf #1 of exc */
	assert_int_equal(stop.pc, RAM_BASE + 0x30c);
	assert_int_equal(n, 4);
}

static void test_exception_entry(void **state)
{
	struct fixture *f = *state;
	struct cpu_stop stop;
	uint64_t n, pstate;

	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x300);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_UNDEF);
	assert_int_equal(stop.pc, RAM_BASE + 0x30c);
	assert_int_equal(n, 3);
	pstate = reg(f->cpu, CPU_REG_PSTATE);
	assert_int_equal(pstate & 0x3ff, 0x3c5);
	assert_int_equal(cpu_take_exception(f->cpu, CPU_VECTOR_SYNC, stop.pc,
					    ESR_IL_MASK, false, 0), CPU_OK);
	assert_int_equal(reg(f->cpu, CPU_REG_PC), RAM_BASE + 0xa00);
	assert_int_equal(reg(f->cpu, CPU_REG_SPSR_EL1), pstate);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	assert_int_equal(n, 5 + 2);
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 1), 1);
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 2), ESR_IL_MASK);
}

static void test_el0_banking(void **state)
{
	struct fixture *f = *state;
	struct cpu_stop stop;
	uint64_t n;

	cpu_reg_write(f->cpu, CPU_REG_VBAR_EL1, RAM_BASE + 0x800);
	cpu_reg_write(f->cpu, CPU_REG_SP, 0x1111000);		/* EL1h: SP_EL1 */
	cpu_reg_write(f->cpu, CPU_REG_SP_EL0, 0x2222000);
	assert_int_equal(cpu_reg_write(f->cpu, CPU_REG_PSTATE, 0), CPU_OK);
	assert_int_equal(reg(f->cpu, CPU_REG_SP), 0x2222000);
	assert_int_equal(reg(f->cpu, CPU_REG_SP_EL1), 0x1111000);
	assert_int_equal(cpu_el(f->cpu), 0);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x1000);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_SVC);
	assert_int_equal(stop.imm, 7);
	assert_int_equal(cpu_take_exception(f->cpu, CPU_VECTOR_SYNC, RAM_BASE + 0x1004,
					    0x56000007u, false, 0), CPU_OK);
	assert_int_equal(cpu_el(f->cpu), 1);
	assert_int_equal(reg(f->cpu, CPU_REG_SP), 0x1111000);
	assert_int_equal(reg(f->cpu, CPU_REG_SP_EL0), 0x2222000);
	assert_int_equal(reg(f->cpu, CPU_REG_PC), RAM_BASE + 0x800 + 0x400);
	assert_int_equal(reg(f->cpu, CPU_REG_SPSR_EL1), 0);
	assert_int_equal(reg(f->cpu, CPU_REG_ESR_EL1), 0x56000007u);
	/* Back to EL0: an EL1 register read there UNDEFs. */
	assert_int_equal(cpu_reg_write(f->cpu, CPU_REG_PSTATE, 0), CPU_OK);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x1004);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_UNDEF);
	assert_int_equal(stop.pc, RAM_BASE + 0x1004);
	/* WFI at EL0: completes with nTWI = 1 (this model's reset), traps with 0. */
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x1008);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	assert_int_equal(stop.pc, RAM_BASE + 0x100c);
	cpu_sysreg_write(f->cpu, SYS_SCTLR_EL1, 0x30d00800);	/* nTWI = nTWE = 0 */
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x1008);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFX_TRAP);
	assert_int_equal(stop.pc, RAM_BASE + 0x1008);
	assert_int_equal(stop.imm, 0);
	/* WFE is a no-op in Unicorn 2.0.1 even then (never traps, never waits). */
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x100c);
	assert_int_equal(cpu_run(f->cpu, 10, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_BUDGET);
}

static void test_context_move(void **state)
{
	struct fixture *f = *state;
	struct cpu *other;
	struct cpu_context *ctx;
	struct cpu_stop stop;
	uint64_t n, total;

	assert_int_equal(cpu_create(1, &other), CPU_OK);
	assert_int_equal(cpu_map_ram(other, RAM_BASE, RAM_SIZE, f->ram, false), CPU_OK);
	assert_int_equal(cpu_context_alloc(f->cpu, &ctx), CPU_OK);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE);
	assert_int_equal(cpu_run(f->cpu, 1001, &stop, &total), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_BUDGET);
	assert_int_equal(cpu_context_save(f->cpu, ctx), CPU_OK);
	assert_int_equal(cpu_context_restore(other, ctx), CPU_OK);
	assert_int_equal(cpu_run(other, 100000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	assert_int_equal(total + n, 4004);
	assert_int_equal(reg(other, CPU_REG_X0 + 2), 500500);
	cpu_context_free(ctx);
	cpu_destroy(other);
}

/* Identity map of [1 GiB, 2 GiB) with one level-1 block; 39-bit VA. */
static uint64_t dev_last_off, dev_last_val;

static uint64_t dev_read(void *opaque, struct cpu *cpu, uint64_t off, unsigned int len)
{
	(void)opaque; (void)cpu;
	return 0x4200 + off + len;
}

static void dev_write(void *opaque, struct cpu *cpu, uint64_t off, unsigned int len,
		      uint64_t val)
{
	(void)opaque; (void)cpu; (void)len;
	dev_last_off = off;
	dev_last_val = val;
}

/*
 * MMU on with one level-1 table at RAM + 1 MiB (39-bit TTBR0 VAs, 4 KiB
 * granule): VA 1 GiB -> PA 1 GiB (RAM and the code), and VA 3 GiB -> PA
 * 1 GiB, a VA that is no PA (Unicorn 2.0.1's alias case). Returns the table.
 */
static uint64_t *low_tables(struct fixture *f)
{
	uint64_t *l1 = (uint64_t *)(f->ram + 0x100000);

	memset(l1, 0, 4096);
	l1[1] = RAM_BASE | PTE_AF_MASK | PTE_VALID_MASK |
		PTE_SH_PREP(PTE_SH_INNER) | PTE_AP_PREP(PTE_AP_RW_EL1);
	l1[3] = l1[1];
	cpu_sysreg_write(f->cpu, SYS_MAIR_EL1, 0xff);
	cpu_sysreg_write(f->cpu, SYS_TTBR0_EL1, RAM_BASE + 0x100000);
	cpu_sysreg_write(f->cpu, SYS_TCR_EL1, TCR_EL1_T0SZ_PREP(25) | TCR_EL1_EPD1_MASK |
			 TCR_EL1_TG0_PREP(TCR_EL1_TG0_4K) | TCR_EL1_IPS_PREP(2));
	cpu_sysreg_write(f->cpu, SYS_SCTLR_EL1, SCTLR_EL1_M_MASK);
	return l1;
}

static void test_translate(void **state)
{
	struct fixture *f = *state;
	uint64_t *l1;
	struct cpu_walk w;
	struct cpu_stop stop;
	uint64_t n;

	l1 = low_tables(f);
	assert_int_equal(cpu_translate(f->cpu, RAM_BASE + 0x1234, &w), CPU_OK);
	assert_false(w.fault);
	assert_int_equal(w.pa, RAM_BASE + 0x1234);
	assert_true(w.writable_el1);
	assert_false(w.readable_el0);
	assert_int_equal(cpu_translate(f->cpu, 0x80000000ull, &w), CPU_OK);
	assert_true(w.fault);
	assert_int_equal(w.fsc, ESR_ISS_DABT_DFSC_TRANS_L1);
	assert_int_equal(cpu_translate(f->cpu, 1ull << 40, &w), CPU_OK);
	assert_true(w.fault);
	assert_int_equal(w.fsc, ESR_ISS_DABT_DFSC_TRANS_L0);

	/* Code runs with the MMU on, and a load outside the map aborts. */
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE);
	assert_int_equal(cpu_run(f->cpu, 100000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	assert_int_equal(n, 4004);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x100);
	assert_int_equal(cpu_run(f->cpu, 100000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_ABORT);
	assert_false(stop.abort.is_fetch);
	assert_true(stop.abort.is_write);
	assert_int_equal(stop.abort.va, 0x09000000);
	assert_int_equal(stop.abort.fsc, ESR_ISS_DABT_DFSC_TRANS_L1);
	assert_int_equal(stop.pc, RAM_BASE + 0x108);

	/* Through the other mapping: the access reaches RAM. */
	cpu_reg_write(f->cpu, CPU_REG_X0 + 9, 0xc0000000ull + 0x1000);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
	assert_int_equal(cpu_run(f->cpu, 100000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	assert_int_equal(n, 3);
	assert_memory_equal(f->ram + 0x1008, f->ram + 0x1000, 8);
	assert_memory_equal(&(uint64_t){ reg(f->cpu, CPU_REG_X0 + 1) }, f->ram + 0x1000, 8);

	/* A kernel-style high VA through TTBR1 (39 bits: 0xffffff80_00000000 up). */
	uint64_t *l1hi = (uint64_t *)(f->ram + 0x101000);

	memset(l1hi, 0, 4096);
	l1hi[1] = l1[1];
	cpu_sysreg_write(f->cpu, SYS_TTBR1_EL1, RAM_BASE + 0x101000);
	cpu_sysreg_write(f->cpu, SYS_TCR_EL1, TCR_EL1_T0SZ_PREP(25) | TCR_EL1_T1SZ_PREP(25) |
			 TCR_EL1_TG0_PREP(TCR_EL1_TG0_4K) | TCR_EL1_TG1_PREP(TCR_EL1_TG1_4K) |
			 TCR_EL1_IPS_PREP(2));
	cpu_flush_tlb(f->cpu);
	assert_int_equal(cpu_translate(f->cpu, 0xffffff8040002010ull, &w), CPU_OK);
	assert_false(w.fault);
	assert_int_equal(w.pa, RAM_BASE + 0x2010);
	assert_int_equal(w.level, 1);
	memcpy(f->ram + 0x2000, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	cpu_reg_write(f->cpu, CPU_REG_X0 + 9, 0xffffff8040002000ull);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
	assert_int_equal(cpu_run(f->cpu, 100000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 1), 0x8877665544332211ull);
	assert_memory_equal(f->ram + 0x2008, f->ram + 0x2000, 8);

	/* An in-CPU device reached through a high VA (GIC-like, ioremap'd). */
	assert_int_equal(cpu_map_mmio(f->cpu, 0x08000000, 0x10000, dev_read, dev_write, NULL),
			 CPU_OK);
	assert_int_equal(cpu_map_ram(f->cpu, 0x08000000, 4096, f->ram, false), CPU_EBUSY);
	l1hi[0] = 0x0 | PTE_AF_MASK | PTE_VALID_MASK;	/* 1 GiB block at PA 0 */
	cpu_flush_tlb(f->cpu);
	cpu_reg_write(f->cpu, CPU_REG_X0 + 9, 0xffffff8008000010ull);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
	assert_int_equal(cpu_run(f->cpu, 100000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	assert_int_equal(n, 3);
	/* Unicorn splits 8-byte device accesses into two 4-byte ones (low first). */
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 1),
			 (0x4200ull + 0x10 + 4) | (0x4200ull + 0x14 + 4) << 32);
	assert_int_equal(dev_last_off, 0x1c);
	assert_int_equal(dev_last_val, 0x4200 + 0x14 + 4);
}

#define KVA_RAM		0xffffffffc0000000ull	/* 2 MiB block: RAM_BASE */
#define KVA_UART	0xfffffffffe203000ull	/* 4 KiB page: 0x09000000, fixmap-like */
#define KVA_DEV		0xffffff8009000000ull	/* 1 GiB block at PA 0 */

/*
 * Kernel-style tables (39-bit VAs, 4 KiB granule): TTBR0 maps RAM 1:1
 * (1 GiB block, the code), TTBR1 maps a 1 GiB block at PA 0 (devices and
 * holes), and in its top 1 GiB a 2 MiB block of RAM and a 4 KiB page of
 * the UART's PA in one range: Unicorn 2.0.1's VA check passes for both,
 * yet only RAM may be accessed as RAM.
 */
static void kernel_tables(struct fixture *f)
{
	uint64_t *l1 = (uint64_t *)(f->ram + 0x100000), *l1hi = (uint64_t *)(f->ram + 0x101000);
	uint64_t *l2 = (uint64_t *)(f->ram + 0x102000), *l3 = (uint64_t *)(f->ram + 0x103000);
	uint64_t attr = PTE_AF_MASK | PTE_VALID_MASK | PTE_AP_PREP(PTE_AP_RW_EL1);

	memset(f->ram + 0x100000, 0, 0x4000);
	l1[1] = RAM_BASE | attr | PTE_SH_PREP(PTE_SH_INNER);
	l1hi[0] = attr;
	l1hi[511] = (RAM_BASE + 0x102000) | PTE_VALID_MASK | PTE_TABLE_MASK;
	l2[0] = RAM_BASE | attr | PTE_SH_PREP(PTE_SH_INNER);
	l2[497] = (RAM_BASE + 0x103000) | PTE_VALID_MASK | PTE_TABLE_MASK;
	l3[3] = 0x09000000 | attr | PTE_TABLE_MASK;	/* level 3: "table" bit = page */
	cpu_sysreg_write(f->cpu, SYS_MAIR_EL1, 0xff);
	cpu_sysreg_write(f->cpu, SYS_TTBR0_EL1, RAM_BASE + 0x100000);
	cpu_sysreg_write(f->cpu, SYS_TTBR1_EL1, RAM_BASE + 0x101000);
	cpu_sysreg_write(f->cpu, SYS_TCR_EL1, TCR_EL1_T0SZ_PREP(25) | TCR_EL1_T1SZ_PREP(25) |
			 TCR_EL1_TG0_PREP(TCR_EL1_TG0_4K) | TCR_EL1_TG1_PREP(TCR_EL1_TG1_4K) |
			 TCR_EL1_IPS_PREP(2));
	cpu_sysreg_write(f->cpu, SYS_SCTLR_EL1, SCTLR_EL1_M_MASK);
	cpu_flush_tlb(f->cpu);
}

/* Loads and stores through kernel VAs whose PA is no RAM exit as MMIO, exactly. */
static void test_high_mmio(void **state)
{
	static const uint64_t vas[] = { KVA_UART, KVA_DEV };
	struct fixture *f = *state;
	struct cpu_stop stop;
	uint64_t n;

	kernel_tables(f);
	for (unsigned int i = 0; i < 2; i++) {
		/* RAM first, through the same top 1 GiB as the UART page. */
		memcpy(f->ram + 0x180000, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
		cpu_reg_write(f->cpu, CPU_REG_X0 + 9, KVA_RAM + 0x180000);
		cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
		assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
		assert_int_equal(stop.reason, CPU_STOP_WFI);
		assert_int_equal(reg(f->cpu, CPU_REG_X0 + 1), 0x8877665544332211ull);
		assert_memory_equal(f->ram + 0x180008, f->ram + 0x180000, 8);

		cpu_reg_write(f->cpu, CPU_REG_X0 + 6, 0x1234);
		cpu_reg_write(f->cpu, CPU_REG_X0 + 7, 0);
		cpu_reg_write(f->cpu, CPU_REG_X0 + 9, vas[i]);
		cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x1100);
		assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
		assert_int_equal(stop.reason, CPU_STOP_MMIO);
		assert_int_equal(n, 1);
		assert_int_equal(stop.pc, RAM_BASE + 0x1104);
		assert_int_equal(stop.mmio.gpa, 0x09000000);
		assert_int_equal(stop.mmio.va, vas[i]);
		assert_int_equal(stop.mmio.len, 1);
		assert_true(stop.mmio.is_write);
		assert_true(stop.mmio.valid);
		assert_int_equal(stop.mmio.data, 0x5a);
		assert_int_equal(cpu_skip_insn(f->cpu), CPU_OK);

		assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
		assert_int_equal(stop.reason, CPU_STOP_MMIO);
		assert_int_equal(n, 0);
		assert_int_equal(stop.pc, RAM_BASE + 0x1108);
		assert_int_equal(stop.mmio.gpa, 0x09000004);
		assert_int_equal(stop.mmio.va, vas[i] + 4);
		assert_int_equal(stop.mmio.len, 4);
		assert_false(stop.mmio.is_write);
		assert_true(stop.mmio.valid);
		assert_int_equal(stop.mmio.rt, 6);
		/* The load did not complete and nothing after it ran. */
		assert_int_equal(reg(f->cpu, CPU_REG_X0 + 6), 0x1234);
		assert_int_equal(reg(f->cpu, CPU_REG_X0 + 7), 0);
		assert_int_equal(cpu_complete_mmio_read(f->cpu, &stop.mmio, 0xabcd), CPU_OK);
		assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
		assert_int_equal(stop.reason, CPU_STOP_WFI);
		assert_int_equal(n, 2);
		assert_int_equal(reg(f->cpu, CPU_REG_X0 + 6), 0xabcd);
		assert_int_equal(reg(f->cpu, CPU_REG_X0 + 7), 1);
	}
}

/* DC ZVA through kernel VAs: fresh RAM is zeroed; a device page never crashes. */
static void test_high_zva(void **state)
{
	struct fixture *f = *state;
	struct cpu_stop stop;
	uint8_t want[256];
	uint64_t n;

	kernel_tables(f);
	for (unsigned int page = 0; page < 4; page++) {
		uint64_t off = 0x1c0000 + page * 0x1000;

		memset(f->ram + off, 0xee, 0x1000);
		memset(want, 0xee, sizeof(want));
		memset(want + 64, 0, 64);	/* DCZID_EL0.BS = 4: 64 bytes */
		cpu_reg_write(f->cpu, CPU_REG_X0 + 9, KVA_RAM + off + 64 + 8);
		cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x1140);
		assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
		assert_int_equal(stop.reason, CPU_STOP_WFI);
		assert_int_equal(n, 3);
		assert_memory_equal(f->ram + off, want, sizeof(want));
	}
	/* Onto a device: an Alignment fault for the guest (no MMIO stop to emulate). */
	cpu_reg_write(f->cpu, CPU_REG_X0 + 7, 0);
	cpu_reg_write(f->cpu, CPU_REG_X0 + 9, KVA_UART + 8);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x1140);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_ABORT);
	assert_true(stop.abort.is_write);
	assert_int_equal(stop.abort.va, KVA_UART);
	assert_int_equal(stop.abort.fsc, ESR_ISS_DABT_DFSC_ALIGNMENT);
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 7), 0);
}

/* Aborts at kernel VAs: SIMD loads get their FAR, code in a hole a fetch abort. */
static void test_high_aborts(void **state)
{
	struct fixture *f = *state;
	struct cpu_stop stop;
	uint64_t n;

	kernel_tables(f);
	cpu_reg_write(f->cpu, CPU_REG_X0 + 9, 0xffffff8080000040ull);	/* L1 entry 2: empty */
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x1160);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_ABORT);
	assert_false(stop.abort.is_fetch);
	assert_false(stop.abort.is_write);
	assert_int_equal(stop.abort.va, 0xffffff8080000040ull);
	assert_int_equal(stop.abort.fsc, ESR_ISS_DABT_DFSC_TRANS_L1);
	assert_int_equal(stop.pc, RAM_BASE + 0x1160);
	assert_int_equal(n, 0);

	/* DC ZVA there: a write abort at the block's start (glibc's memset). */
	cpu_reg_write(f->cpu, CPU_REG_X0 + 9, 0xffffff8080000078ull);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x1140);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_ABORT);
	assert_false(stop.abort.is_fetch);
	assert_true(stop.abort.is_write);
	assert_int_equal(stop.abort.va, 0xffffff8080000040ull);
	assert_int_equal(stop.abort.fsc, ESR_ISS_DABT_DFSC_TRANS_L1);
	assert_int_equal(stop.pc, RAM_BASE + 0x1140);

	/* ld1 through RAM works. */
	memcpy(f->ram + 0x180000, "0123456789abcdef", 16);
	cpu_reg_write(f->cpu, CPU_REG_X0 + 9, KVA_RAM + 0x180000);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x1160);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);

	/* Executing from the UART page: an instruction abort at that VA. */
	cpu_reg_write(f->cpu, CPU_REG_X0 + 9, KVA_UART + 0x10);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x1180);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_ABORT);
	assert_true(stop.abort.is_fetch);
	assert_int_equal(stop.abort.va, KVA_UART + 0x10);
	assert_int_equal(stop.pc, KVA_UART + 0x10);
	assert_int_equal(n, 1);

	/* With the MMU off, code at a hole's PA: the same. */
	cpu_sysreg_write(f->cpu, SYS_SCTLR_EL1, 0);
	cpu_flush_tlb(f->cpu);
	cpu_reg_write(f->cpu, CPU_REG_X0 + 9, 0x09000000);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x1180);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_ABORT);
	assert_true(stop.abort.is_fetch);
	assert_int_equal(stop.abort.va, 0x09000000);
	assert_int_equal(stop.abort.fsc, ESR_ISS_DABT_DFSC_EXT_ABORT);
}

/* Memory maps may change after running: the holes follow (RAM where a hole was). */
static void test_remap(void **state)
{
	struct fixture *f = *state;
	struct cpu_stop stop;
	uint8_t *ram2 = aligned_alloc(4096, 4096);
	uint64_t n;

	assert_non_null(ram2);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE);
	assert_int_equal(cpu_run(f->cpu, 100000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	memset(ram2, 0, 4096);
	memcpy(ram2 + 8, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	assert_int_equal(cpu_map_ram(f->cpu, 0x09000000, 4096, ram2, false), CPU_OK);
	cpu_reg_write(f->cpu, CPU_REG_X0 + 9, 0x09000008);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 1), 0x0807060504030201ull);
	assert_memory_equal(ram2 + 16, ram2 + 8, 8);
	/* And back to a hole. */
	assert_int_equal(cpu_unmap_ram(f->cpu, 0x09000000, 4096), CPU_OK);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_MMIO);
	assert_int_equal(stop.mmio.gpa, 0x09000008);
	assert_int_equal(stop.pc, RAM_BASE + 0x2c0);
	free(ram2);
}

struct reports {
	unsigned int n;
	uint64_t pa[8];
	enum cpu_access_kind kind[8];
};

static void on_access(void *opaque, struct cpu *cpu, uint64_t pa, enum cpu_access_kind kind)
{
	struct reports *r = opaque;

	(void)cpu;
	if (r->n < 8) {
		r->pa[r->n] = pa;
		r->kind[r->n] = kind;
	}
	r->n++;
}

/* The access reports: the block's fetch, then each load and store, before they happen. */
static void test_access_reports(void **state)
{
	struct fixture *f = *state;
	struct reports r = { 0 };
	struct cpu_stop stop;
	uint64_t n, gen = 0;

	/*
	 * First without a handler: the code is translated without memory
	 * hooks; adding the handler must translate it again with them.
	 */
	cpu_reg_write(f->cpu, CPU_REG_X0 + 9, RAM_BASE + 0x10ff8);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	cpu_set_access_handler(f->cpu, on_access, &r, &gen);
	for (unsigned int round = 0; round < 4; round++) {
		memset(&r, 0, sizeof(r));
		if (round == 2)
			gen++;			/* the handler's stage 2 moved */
		if (round == 3)
			cpu_flush_tlb(f->cpu);	/* the guest's translations moved */
		cpu_reg_write(f->cpu, CPU_REG_X0 + 9, RAM_BASE + 0x10ff8);
		cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
		assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
		assert_int_equal(stop.reason, CPU_STOP_WFI);
		if (round == 1) {
			/* Nothing moved: every page is a hit in the one-entry TLBs. */
			assert_int_equal(r.n, 0);
			continue;
		}
		/* MMU off: PA = VA. The store at +8 is the next page's first byte. */
		assert_int_equal(r.n, 3);
		assert_int_equal(r.kind[0], CPU_ACCESS_FETCH);
		assert_int_equal(r.pa[0], RAM_BASE + 0x2c0);
		assert_int_equal(r.kind[1], CPU_ACCESS_READ);
		assert_int_equal(r.pa[1], RAM_BASE + 0x10ff8);
		assert_int_equal(r.kind[2], CPU_ACCESS_WRITE);
		assert_int_equal(r.pa[2], RAM_BASE + 0x11000);
	}
	/*
	 * A load that crosses a page: both pages, then again for the two
	 * aligned loads QEMU splits it into (Unicorn hooks those too).
	 */
	memset(&r, 0, sizeof(r));
	gen++;
	cpu_reg_write(f->cpu, CPU_REG_X0 + 9, RAM_BASE + 0x12ffc);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	{
		static const uint64_t want[6] = { 0x2c0, 0x12ffc, 0x13003, 0x12ff8, 0x13000, 0x13004 };
		static const enum cpu_access_kind kinds[6] = {
			CPU_ACCESS_FETCH, CPU_ACCESS_READ, CPU_ACCESS_READ, CPU_ACCESS_READ,
			CPU_ACCESS_READ, CPU_ACCESS_WRITE };

		assert_int_equal(r.n, 6);
		for (unsigned int i = 0; i < 6; i++) {
			assert_int_equal(r.pa[i], RAM_BASE + want[i]);
			assert_int_equal(r.kind[i], kinds[i]);
		}
	}
	cpu_set_access_handler(f->cpu, NULL, NULL, NULL);
	memset(&r, 0, sizeof(r));
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(r.n, 0);
}

/*
 * What a sampling unit is told of a load or store before it runs: also for
 * atomics (the base register, the element size) and SIMD structures (the
 * base, every register's bytes).
 */
static void test_decode_access(void **state)
{
	struct fixture *f = *state;
	struct cpu_access a;

	cpu_reg_write(f->cpu, CPU_REG_X0 + 1, RAM_BASE + 0x1230);
	assert_int_equal(cpu_decode_access_insn(f->cpu, RAM_BASE, 0xf8220023u, &a), CPU_OK);
	assert_int_equal(a.va, RAM_BASE + 0x1230);		/* ldadd x2, x3, [x1] */
	assert_int_equal(a.size, 8);
	assert_false(a.simd);
	assert_int_equal(cpu_decode_access_insn(f->cpu, RAM_BASE, 0xb8a28023u, &a), CPU_OK);
	assert_int_equal(a.va, RAM_BASE + 0x1230);		/* swp w2, w3, [x1] */
	assert_int_equal(a.size, 4);
	assert_int_equal(cpu_decode_access_insn(f->cpu, RAM_BASE, 0x4c40a020u, &a), CPU_OK);
	assert_int_equal(a.va, RAM_BASE + 0x1230);		/* ld1 {v0.16b, v1.16b}, [x1] */
	assert_int_equal(a.size, 32);
	assert_true(a.simd);
	assert_true(a.is_load);
	assert_int_equal(cpu_decode_access_insn(f->cpu, RAM_BASE, 0xd503201fu, &a), CPU_ENOENT);
}

/*
 * DC ZVA where no RAM is (Device memory for the guest) is an Alignment
 * fault at the block-aligned address, reported as a write; nothing is
 * written and the PC stays at the DC ZVA.
 */
static void test_zva_device(void **state)
{
	static const uint32_t code[] = {
		0xd2a40001u,	/* mov x1, #0x20000000 (no RAM) */
		0x91011021u,	/* add x1, x1, #0x44 */
		0xd50b7421u,	/* dc zva, x1 */
		0xd503207fu,	/* wfi */
	};
	struct fixture *f = *state;
	struct cpu_stop stop;
	uint64_t n;

	memcpy(f->ram + 0x180000, code, sizeof(code));
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x180000);
	assert_int_equal(cpu_run(f->cpu, 100, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_ABORT);
	assert_int_equal(stop.pc, RAM_BASE + 0x180008);
	assert_int_equal(n, 2);
	assert_false(stop.abort.is_fetch);
	assert_true(stop.abort.is_write);
	assert_int_equal(stop.abort.va, 0x20000040);	/* DCZID_EL0.BS = 4: 64 bytes */
	assert_int_equal(stop.abort.fsc, ESR_ISS_DABT_DFSC_ALIGNMENT);
}

/*
 * A store through the MMU to a read-only slot exits as MMIO at its PA (as
 * KVM does for a read-only memslot), even where Unicorn's own check sees a
 * writable region at the VA; the slot keeps its bytes, loads read them.
 */
static void test_readonly_store(void **state)
{
	struct fixture *f = *state;
	uint8_t *rom = aligned_alloc(4096, 4096);
	struct cpu_stop stop;
	uint64_t n;

	assert_non_null(rom);
	memset(rom, 0x5a, 4096);
	assert_int_equal(cpu_map_ram(f->cpu, 0x50000000, 4096, rom, true), CPU_OK);
	low_tables(f);		/* VA 0xd0000000 is the slot's PA 0x50000000 */
	/* guest.S at 0x2c0: ldr x1, [x9]; str x1, [x9, #8]; wfi */
	cpu_reg_write(f->cpu, CPU_REG_X0 + 9, 0xd0000000ull);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
	assert_int_equal(cpu_run(f->cpu, 100, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_MMIO);
	assert_int_equal(stop.pc, RAM_BASE + 0x2c4);
	assert_true(stop.mmio.is_write);
	assert_int_equal(stop.mmio.gpa, 0x50000008);
	assert_int_equal(stop.mmio.va, 0xd0000008ull);
	assert_int_equal(stop.mmio.len, 8);
	assert_true(stop.mmio.valid);
	assert_int_equal(stop.mmio.data, 0x5a5a5a5a5a5a5a5aull);
	assert_int_equal(n, 1);
	for (unsigned int i = 0; i < 4096; i++)
		assert_int_equal(rom[i], 0x5a);
	cpu_unmap_ram(f->cpu, 0x50000000, 4096);
	free(rom);
}

/*
 * The TLB across context switches, as a VMID-tagged one behaves: kept when
 * the same context comes back to the CPU it left with nothing run between,
 * flushed otherwise; a flush asked while idle applies at the next run.
 * Seen through a mapping the tables drop without a TLBI (a stale entry
 * still translates; a flushed TLB faults).
 */
static void test_tlb_keep(void **state)
{
	struct fixture *f = *state;
	uint64_t *l1;
	struct cpu_context *a, *b;
	struct cpu_stop stop;
	uint64_t n;

	l1 = low_tables(f);
	assert_int_equal(cpu_context_alloc(f->cpu, &a), CPU_OK);
	assert_int_equal(cpu_context_alloc(f->cpu, &b), CPU_OK);
	assert_int_equal(cpu_context_save(f->cpu, b), CPU_OK);
	/* Load and store through VA 3 GiB + 4 KiB: its TLB entry is filled. */
	cpu_reg_write(f->cpu, CPU_REG_X0 + 9, 0xc0000000ull + 0x1000);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
	assert_int_equal(cpu_run(f->cpu, 100, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	l1[3] = 0;			/* unmapped, no TLBI */
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
	assert_int_equal(cpu_context_save(f->cpu, a), CPU_OK);

	/* Put and loaded again on the same CPU: the entry is still there. */
	assert_int_equal(cpu_context_restore(f->cpu, a), CPU_OK);
	assert_int_equal(cpu_run(f->cpu, 100, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);

	/* Another context ran here in between: flushed, the access faults. */
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
	assert_int_equal(cpu_context_save(f->cpu, a), CPU_OK);
	assert_int_equal(cpu_context_restore(f->cpu, b), CPU_OK);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE);
	assert_int_equal(cpu_run(f->cpu, 10, &stop, &n), CPU_OK);
	assert_int_equal(cpu_context_restore(f->cpu, a), CPU_OK);
	assert_int_equal(cpu_run(f->cpu, 100, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_ABORT);
	assert_int_equal(stop.abort.va, 0xc0001000ull);
	assert_int_equal(stop.abort.fsc, ESR_ISS_DABT_DFSC_TRANS_L1);

	/* A flush asked while idle (another CPU's TLBI) applies at the next run. */
	l1[3] = l1[1];
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
	assert_int_equal(cpu_run(f->cpu, 100, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	l1[3] = 0;
	cpu_flush_tlb(f->cpu);
	cpu_reg_write(f->cpu, CPU_REG_PC, RAM_BASE + 0x2c0);
	assert_int_equal(cpu_run(f->cpu, 100, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_ABORT);
	cpu_context_free(a);
	cpu_context_free(b);
}

/*
 * Code the CPU rewrites: the old code may run until IC IVAU (stores do
 * not look for translated code: tlb-fill.c), the new code right after.
 */
static void test_ic_local(void **state)
{
	static const uint32_t code[] = {
		0x9400001fu,	/* 0x00: bl 0x7c: mov x0, #1 (translated) */
		0xaa0003e3u,	/* 0x04: mov x3, x0 */
		0xb9000022u,	/* 0x08: str w2, [x1] (x1 = 0x7c: mov x0, #2) */
		0x9400001cu,	/* 0x0c: bl 0x7c: still the old code */
		0xaa0003e4u,	/* 0x10: mov x4, x0 */
		0xd50b7521u,	/* 0x14: ic ivau, x1 */
		0xd5033b9fu,	/* 0x18: dsb ish */
		0xd5033fdfu,	/* 0x1c: isb */
		0x94000017u,	/* 0x20: bl 0x7c: the new code */
		0xd503207fu,	/* 0x24: wfi */
	};
	struct fixture *f = *state;
	const uint64_t base = RAM_BASE + 0x180000;
	uint32_t *at = (uint32_t *)(f->ram + 0x180000);
	struct cpu_selftest st;
	struct cpu_stop stop;
	uint64_t n;

	assert_int_equal(cpu_selftest(&st), CPU_OK);
	memcpy(at, code, sizeof(code));
	at[0x7c / 4] = 0xd2800020u;	/* mov x0, #1 */
	at[0x80 / 4] = 0xd65f03c0u;	/* ret */
	cpu_reg_write(f->cpu, CPU_REG_X0 + 1, base + 0x7c);
	cpu_reg_write(f->cpu, CPU_REG_X0 + 2, 0xd2800040u);	/* mov x0, #2 */
	cpu_reg_write(f->cpu, CPU_REG_PC, base);
	assert_int_equal(cpu_run(f->cpu, 1000, &stop, &n), CPU_OK);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 3), 1);
	/* Without the fix, QEMU's store check drops the old code at once. */
	assert_int_equal(reg(f->cpu, CPU_REG_X0 + 4), st.store_fix ? 1 : 2);
	assert_int_equal(reg(f->cpu, CPU_REG_X0), 2);
}

static void test_bad_args(void **state)
{
	struct fixture *f = *state;
	struct cpu_stop stop;
	uint64_t n, v;

	assert_int_equal(cpu_create(0, NULL), CPU_EINVAL);
	assert_int_equal(cpu_map_ram(f->cpu, RAM_BASE, 4096, f->ram, false), CPU_EBUSY);
	assert_int_equal(cpu_map_ram(f->cpu, 0x123, 4096, f->ram, false), CPU_EINVAL);
	assert_int_equal(cpu_unmap_ram(f->cpu, 0x1000, 4096), CPU_ENOENT);
	assert_int_equal(cpu_run(f->cpu, 0, &stop, &n), CPU_EINVAL);
	assert_int_equal(cpu_reg_read(f->cpu, CPU_REG_NR, &v), CPU_EINVAL);
	assert_int_equal(cpu_reg_write(f->cpu, CPU_REG_PSTATE, 0x10), CPU_EINVAL);
	assert_int_equal(cpu_sysreg_read(f->cpu, SYS_NZCV, &v), CPU_EINVAL);
	assert_null(cpu_ram_ptr(f->cpu, RAM_BASE + RAM_SIZE - 4, 8));
	assert_string_equal(cpu_strerror(CPU_EBUSY), "mapping overlaps an existing one");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selftest),
		cmocka_unit_test_setup_teardown(test_count_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mmio, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sysreg_traps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exception_stops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exception_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_el0_banking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_context_move, setup, teardown),
		cmocka_unit_test_setup_teardown(test_translate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_high_mmio, setup, teardown),
		cmocka_unit_test_setup_teardown(test_high_zva, setup, teardown),
		cmocka_unit_test_setup_teardown(test_high_aborts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_remap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_access_reports, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ic_local, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tlb_keep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly_store, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zva_device, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decode_access, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_args, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
