/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Test helpers for hw/spe: a memory port over a flat array that checks
 * every write against [PMBPTR_EL1, LIMIT) and can inject faults, a unit
 * factory, and a deterministic synthetic operation stream.
 */
#ifndef SPE_TEST_H
#define SPE_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hw/spe.h"

#include "arch/spe-packet.h"
#include "arch/sysreg.h"

#define TP_BASE		0x80000000ull	/* VA of the test memory */
#define TP_SIZE		(256u * 1024u)

struct test_port {
	uint8_t mem[TP_SIZE];
	struct spe_unit *unit;		/* for the window check */
	uint64_t writes, bytes, violations;
	struct spe_regime regime;	/* of the last write */
	/* Fault injection: the page [fault_va, fault_va + 4K) faults. */
	bool fault_on;
	uint64_t fault_va;
	struct spe_xlate_fault fault;
};

static inline uint64_t tp_reg(struct spe_unit *u, uint32_t key)
{
	uint64_t v = 0;

	assert_int_equal(spe_unit_sysreg_read(u, key, &v), SPE_UNIT_OK);
	return v;
}

static inline void tp_set(struct spe_unit *u, uint32_t key, uint64_t v)
{
	assert_int_equal(spe_unit_sysreg_write(u, key, v), SPE_UNIT_OK);
}

static inline int tp_write(void *ctx, const struct spe_regime *regime, uint64_t va,
			   const void *buf, size_t len, struct spe_xlate_fault *fault)
{
	struct test_port *p = ctx;
	uint64_t ptr = tp_reg(p->unit, SYS_PMBPTR_EL1);
	uint64_t limit = tp_reg(p->unit, SYS_PMBLIMITR_EL1) & PMBLIMITR_EL1_LIMIT_MASK;
	size_t ok = len;

	p->writes++;
	p->regime = *regime;
	if (va < ptr || va >= limit || len > limit - va)
		p->violations++;
	if (p->fault_on && va + len > p->fault_va && va < p->fault_va + 4096)
		ok = va < p->fault_va ? (size_t)(p->fault_va - va) : 0;
	/* Outside the test memory: a stage-1 translation fault, level 3. */
	if (va < TP_BASE || va - TP_BASE >= TP_SIZE) {
		*fault = (struct spe_xlate_fault){ .written = 0, .stage = 1, .fsc = 0x07 };
		return 1;
	}
	if (ok > TP_SIZE - (va - TP_BASE))
		ok = (size_t)(TP_SIZE - (va - TP_BASE));
	memcpy(p->mem + (va - TP_BASE), buf, ok);
	p->bytes += ok;
	if (ok == len)
		return 0;
	*fault = p->fault;
	fault->written = ok;
	if (!p->fault_on || va + ok < p->fault_va || va + ok >= p->fault_va + 4096) {
		fault->stage = 1;
		fault->fsc = 0x07;
		fault->ext_abort = false;
	}
	return 1;
}

static inline struct spe_unit *tp_unit(struct test_port *p, const struct spe_config *cfg)
{
	struct spe_mem_port port = { .ctx = p, .write = tp_write };
	struct spe_ctx ctx = { .el = 1 };
	struct spe_unit *u = NULL;

	memset(p, 0, sizeof(*p));
	assert_int_equal(spe_unit_create(cfg, &port, &u), SPE_UNIT_OK);
	p->unit = u;
	spe_unit_set_ctx(u, &ctx);
	return u;
}

/* Buffer [TP_BASE + off, TP_BASE + limit_off), sampling EL1 and EL0, interval 256*field. */
static inline void tp_start(struct spe_unit *u, uint64_t off, uint64_t limit_off,
			    uint64_t interval_field, uint64_t pmscr)
{
	tp_set(u, SYS_PMBPTR_EL1, TP_BASE + off);
	tp_set(u, SYS_PMBLIMITR_EL1, (TP_BASE + limit_off) | PMBLIMITR_EL1_E_MASK);
	tp_set(u, SYS_PMSIRR_EL1, PMSIRR_EL1_INTERVAL_PREP(interval_field));
	tp_set(u, SYS_PMSICR_EL1, 0);
	tp_set(u, SYS_PMSCR_EL1, pmscr | PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_E0SPE_MASK);
}

/* Counts to the next sample point and observes op there. */
static inline bool tp_sample(struct spe_unit *u, const struct spe_op *op)
{
	uint64_t k = spe_unit_ops_until_sample(u);

	if (k == SPE_NEVER)
		return false;
	spe_unit_count(u, k, op->el);
	return spe_unit_observe(u, op);
}

/* A load (or store) at EL1 of 8 bytes at a fixed address. */
static inline struct spe_op tp_ld(bool store)
{
	return (struct spe_op){
		.pc = 0xffff800000100000ull, .el = 1, .kind = store ? SPE_OPK_STORE : SPE_OPK_LOAD,
		.data_va = 0xffff000000200000ull, .data_pa = 0x40200000ull, .size = 8,
		.flags = SPE_OPF_PA_VALID, .cntpct = 0x1122334455ull, .contextidr_el1 = 0x42,
	};
}

/* Synthetic op i: load, store, branch, other in turn, at EL1, 64-byte stride data. */
static inline void tp_op(uint64_t i, struct spe_op *op)
{
	memset(op, 0, sizeof(*op));
	op->pc = 0xffff800000100000ull + 4 * (i & 0xffff);
	op->el = 1;
	op->cntpct = 1000 + i;
	switch (i % 4) {
	case 0:
	case 1:
		op->kind = i % 4 ? SPE_OPK_STORE : SPE_OPK_LOAD;
		op->data_va = 0xffff000000200000ull + ((i * 64) & 0xfffff);
		op->data_pa = 0x40200000ull + ((i * 64) & 0xfffff);
		op->size = 8;
		op->flags = SPE_OPF_PA_VALID;
		break;
	case 2:
		op->kind = SPE_OPK_BRANCH;
		op->flags = SPE_OPF_COND | ((i / 4) % 3 ? SPE_OPF_TAKEN : 0);
		op->target = op->pc - 64;
		break;
	default:
		op->kind = SPE_OPK_OTHER;
		break;
	}
}

/* Drives n ops the way a CPU does: bulk count to the sample point, observe it. */
static inline void tp_run(struct spe_unit *u, uint64_t n)
{
	uint64_t i = 0;

	while (i < n) {
		uint64_t k = spe_unit_ops_until_sample(u);
		struct spe_op op;

		if (k >= n - i) {
			spe_unit_count(u, n - i, 1);
			return;
		}
		spe_unit_count(u, k, 1);
		i += k;
		tp_op(i, &op);
		spe_unit_observe(u, &op);
		i++;
	}
}

#endif
