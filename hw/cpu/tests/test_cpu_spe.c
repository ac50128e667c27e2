// SPDX-License-Identifier: GPL-2.0-only
/*
 * A CPU driving its SPE unit (hw/cpu/cpu-spe.c) on the `count` program of
 * tests/guest.S, without a hypervisor: the unit is owned by EL1 with no
 * EL2, and its port stores records in an array. Exact selections, PCs,
 * branch outcomes and the SPE-register routing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch/sysreg.h"
#include "decode/spe_record.h"
#include "hw/cpu-spe.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	0x200000ull
#define BUF_VA		0x40100000ull

static uint8_t trace[64 << 10];

/* Stores at va - BUF_VA in trace (no translation: a test port). */
static int port_write(void *ctx, const struct spe_regime *r, uint64_t va, const void *buf,
		      size_t len, struct spe_xlate_fault *fault)
{
	(void)ctx; (void)r;
	if (va < BUF_VA || va - BUF_VA + len > sizeof(trace)) {
		memset(fault, 0, sizeof(*fault));
		fault->stage = 1;
		fault->fsc = 0x04;
		return 1;
	}
	memcpy(trace + (va - BUF_VA), buf, len);
	return 0;
}

/* The test port's probe: the same check write() makes, nothing written. */
static int port_probe(void *ctx, const struct spe_regime *r, uint64_t va, size_t len)
{
	(void)ctx; (void)r;
	return va < BUF_VA || va - BUF_VA + len > sizeof(trace);
}

/* A CPU with tests/guest.S in RAM and a v1p1 unit sampling EL1 into trace. */
struct rig {
	uint8_t *ram;
	struct cpu *cpu;
	struct spe_unit *u;
	struct cpu_spe *cs;
};

static void rig_open(struct rig *r, const struct spe_mem_port *port, uint64_t seed,
		     uint64_t irr, uint64_t pmscr)
{
	struct spe_ctx ctx = { .el = 1 };
	struct spe_config c;
	FILE *bin = fopen(CPU_GUEST_BIN, "rb");

	r->ram = aligned_alloc(4096, RAM_SIZE);
	assert_non_null(r->ram);
	assert_non_null(bin);
	memset(r->ram, 0, RAM_SIZE);
	assert_true(fread(r->ram, 1, RAM_SIZE, bin) > 0);
	fclose(bin);
	memset(trace, 0, sizeof(trace));
	assert_int_equal(cpu_create(0, &r->cpu), CPU_OK);
	assert_int_equal(cpu_map_ram(r->cpu, RAM_BASE, RAM_SIZE, r->ram, false), CPU_OK);
	spe_config_default(&c, SPE_V1P1);
	if (seed)
		c.seed = seed;
	assert_int_equal(spe_unit_create(&c, port, &r->u), SPE_UNIT_OK);
	assert_int_equal(cpu_spe_attach(r->cpu, r->u, &r->cs), CPU_OK);
	cpu_spe_set_ctx(r->cs, &ctx);
	assert_int_equal(spe_unit_sysreg_write(r->u, SYS_PMSIRR_EL1, irr), 0);
	assert_int_equal(spe_unit_sysreg_write(r->u, SYS_PMBPTR_EL1, BUF_VA), 0);
	assert_int_equal(spe_unit_sysreg_write(r->u, SYS_PMBLIMITR_EL1,
					       (BUF_VA + sizeof(trace)) | 1), 0);
	assert_int_equal(spe_unit_sysreg_write(r->u, SYS_PMSCR_EL1, pmscr), 0);
}

static void rig_close(struct rig *r)
{
	cpu_spe_detach(r->cs);
	spe_unit_free(r->u);
	cpu_destroy(r->cpu);
	free(r->ram);
}

static void test_count_program(void **state)
{
	static const struct spe_mem_port port = { .write = port_write };
	struct rig r;
	struct cpu_stop stop;
	struct cpu_spe_stats st;
	struct spe_record_decoder *d;
	struct spe_record rec;
	uint64_t n, total = 0, ptr = 0;
	unsigned int j = 0;

	(void)state;
	rig_open(&r, &port, 0, 256, PMSCR_EL1_E1SPE_MASK);
	struct cpu *cpu = r.cpu;
	struct spe_unit *u = r.u;
	struct cpu_spe *cs = r.cs;

	cpu_reg_write(cpu, CPU_REG_PC, RAM_BASE);
	do {
		assert_int_equal(cpu_spe_run(cs, 1000, &stop, &n), CPU_OK);
		total += n;
	} while (stop.reason == CPU_STOP_BUDGET && total < 10000);
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	assert_int_equal(total, 4004);
	/* A selection every 257 members (R + 1): 4004 / 257 = 15. */
	cpu_spe_stats(cs, &st);
	assert_int_equal(st.observed, 15);
	spe_unit_sysreg_read(u, SYS_PMBPTR_EL1, &ptr);
	d = spe_rec_alloc(trace, (size_t)(ptr - BUF_VA));
	assert_non_null(d);
	/*
	 * Selection j is instruction 257j - 1: three set-up instructions, then
	 * the 4-instruction loop at 0x0c, so its position is (257j - 4) % 4 = j % 4.
	 */
	while (spe_rec_next(d, &rec) == 0) {
		static const uint64_t pcs[4] = { 0x0c, 0x10, 0x14, 0x18 };

		j++;
		assert_int_equal(rec.pc, RAM_BASE + pcs[j % 4]);
		if (j % 4 == 3) {	/* b.ne 1b, taken (iteration < 999) */
			assert_true(rec.valid & SPE_REC_BRANCH_TARGET);
			assert_int_equal(rec.branch_target, RAM_BASE + 0x0c);
		}
	}
	assert_int_equal(j, 15);
	spe_rec_free(d);

	/* Routing: OK at EL1 without EL2; a CPU without a unit UNDEFs them. */
	{
		struct cpu_sysreg_access acc = { .key = SYS_PMSIRR_EL1 };
		struct cpu_spe *none;

		assert_int_equal(cpu_spe_sysreg(cs, &acc), SPE_ACCESS_OK);
		assert_int_equal(acc.val, 256);
		assert_int_equal(cpu_spe_attach(cpu, NULL, &none), CPU_OK);
		assert_int_equal(cpu_spe_sysreg(none, &acc), SPE_ACCESS_UNDEF);
		cpu_spe_detach(none);
	}
	rig_close(&r);
}

struct mixed_run {
	uint8_t trace[sizeof(trace)];
	uint64_t bytes, insns, x2, x5, x9;
	struct cpu_spe_stats st;
};

/*
 * Runs `mixed` (guest.S: loads and stores with writeback, pairs, a load into
 * its own base, CSEL/CCMP, CBZ/TBZ, BLR/RET, LDXR/STXR, a UDF taken through
 * the vectors every 64 iterations) sampled at irr, in budget-sized chunks.
 */
static void run_mixed(uint64_t irr, bool exact_only, bool probe, uint64_t budget,
		      struct mixed_run *out)
{
	const struct spe_mem_port port = { .write = port_write, .probe = probe ? port_probe : NULL };
	struct rig r;
	struct cpu_stop stop;
	uint64_t n, ptr = 0;

	memset(out, 0, sizeof(*out));
	rig_open(&r, &port, 42, irr, PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_PA_MASK | PMSCR_EL1_CX_MASK);
	cpu_spe_set_exact_only(r.cs, exact_only);
	struct cpu *cpu = r.cpu;
	struct spe_unit *u = r.u;
	struct cpu_spe *cs = r.cs;

	cpu_reg_write(cpu, CPU_REG_X0, 1000);
	cpu_reg_write(cpu, CPU_REG_X0 + 11, RAM_BASE + 0x800);
	cpu_reg_write(cpu, CPU_REG_PC, RAM_BASE + 0x400);
	for (;;) {
		assert_int_equal(cpu_spe_run(cs, budget, &stop, &n), CPU_OK);
		out->insns += n;
		assert_true(out->insns < 100000);
		if (stop.reason == CPU_STOP_UNDEF) {
			assert_int_equal(cpu_take_exception(cpu, CPU_VECTOR_SYNC, stop.pc,
							    (uint64_t)1 << 25, false, 0), CPU_OK);
			continue;
		}
		if (stop.reason != CPU_STOP_BUDGET)
			break;
	}
	assert_int_equal(stop.reason, CPU_STOP_WFI);
	spe_unit_sysreg_read(u, SYS_PMBPTR_EL1, &ptr);
	out->bytes = ptr - BUF_VA;
	memcpy(out->trace, trace, sizeof(trace));
	cpu_reg_read(cpu, CPU_REG_X0 + 2, &out->x2);
	cpu_reg_read(cpu, CPU_REG_X0 + 5, &out->x5);
	cpu_reg_read(cpu, CPU_REG_X0 + 9, &out->x9);
	cpu_spe_stats(cs, &out->st);
	rig_close(&r);
}

/*
 * Samples seen in passing (no stop before them) give exactly the records,
 * register results and instruction count of samples taken at exact stops:
 * intervals 256 and 512 with and without jitter, two chunk sizes. Without a
 * probe on the port (the unit cannot tell that a record raises no event)
 * every sample takes the exact stop.
 */
static void test_passing_equals_exact(void **state)
{
	static const uint64_t irrs[] = { 256, 256 | PMSIRR_EL1_RND_MASK, 512,
					 512 | PMSIRR_EL1_RND_MASK };
	static const uint64_t budgets[] = { 1000, 100000 };
	static struct mixed_run a, b, c;

	(void)state;
	for (unsigned int i = 0; i < sizeof(irrs) / sizeof(irrs[0]); i++) {
		for (unsigned int j = 0; j < 2; j++) {
			run_mixed(irrs[i], true, true, budgets[j], &a);
			run_mixed(irrs[i], false, true, budgets[j], &b);
			assert_true(a.bytes > 1000);
			assert_int_equal(a.bytes, b.bytes);
			assert_memory_equal(a.trace, b.trace, a.bytes);
			assert_int_equal(a.insns, b.insns);
			assert_int_equal(a.x2, b.x2);
			assert_int_equal(a.x5, b.x5);
			assert_int_equal(a.x9, 1000);
			assert_int_equal(b.x9, 1000);
			assert_int_equal(a.st.observed, b.st.observed);
			assert_int_equal(a.st.passing, 0);
			/* Most samples in passing: all but conditional selects/compares, exclusives. */
			assert_true(b.st.passing * 2 > b.st.observed);
			assert_true(b.st.chunks < a.st.chunks);
		}
	}
	/*
	 * From interval 1024 the CPU runs without memory hooks: a sampled load
	 * or store is seen at its block's start when it is the first, else at
	 * an exact stop. Still the same records, results and count.
	 */
	for (unsigned int i = 0; i < 2; i++) {
		uint64_t irr = i ? 1024 | PMSIRR_EL1_RND_MASK : 1024;

		run_mixed(irr, true, true, 1000, &a);
		run_mixed(irr, false, true, 1000, &b);
		assert_true(a.st.observed >= 20);	/* 23 samples in 24,580 instructions */
		assert_int_equal(a.bytes, b.bytes);
		assert_memory_equal(a.trace, b.trace, a.bytes);
		assert_int_equal(a.insns, b.insns);
		assert_int_equal(a.x2, b.x2);
		assert_int_equal(a.x5, b.x5);
		assert_int_equal(a.st.observed, b.st.observed);
		assert_true(b.st.passing > 0);
	}
	run_mixed(256, false, false, 1000, &c);
	run_mixed(256, true, true, 1000, &a);
	assert_int_equal(c.st.passing, 0);
	assert_int_equal(c.bytes, a.bytes);
	assert_memory_equal(c.trace, a.trace, a.bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count_program),
		cmocka_unit_test(test_passing_equals_exact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
