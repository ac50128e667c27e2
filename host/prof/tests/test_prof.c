// SPDX-License-Identifier: GPL-2.0-only
/* host_prof: configuration checks, the EL2 buffer port, the interrupt handler, a real unit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arch/spe-packet.h"
#include "arch/sysreg.h"
#include "host/prof.h"

struct sink {
	unsigned int calls, cpu;
	size_t len;
	uint8_t bytes[8192];
};

static void sink_drain(void *arg, unsigned int cpu, const void *bytes, size_t len)
{
	struct sink *s = arg;

	s->calls++;
	s->cpu = cpu;
	if (s->len + len <= sizeof(s->bytes))
		memcpy(s->bytes + s->len, bytes, len);
	s->len += len;
}

static struct host_prof_config good(struct sink *s)
{
	return (struct host_prof_config){ .target = HOST_PROF_VM, .interval = 1024,
		.buffer_size = 4096, .drain = sink_drain, .arg = s };
}

static void test_bad_config(void **state)
{
	struct host_prof_config c;
	struct host_prof *hp;
	struct sink s;

	(void)state;
	c = good(&s);
	assert_int_equal(host_prof_create(NULL, 2, &hp), HOST_PROF_EINVAL);
	assert_int_equal(host_prof_create(&c, 0, &hp), HOST_PROF_EINVAL);
	assert_int_equal(host_prof_create(&c, HOST_PROF_MAX_CPUS + 1, &hp), HOST_PROF_EINVAL);
	c.interval = 100;
	assert_int_equal(host_prof_create(&c, 2, &hp), HOST_PROF_EINVAL);
	c = good(&s);
	c.interval = 1000;	/* not a multiple of 256 */
	assert_int_equal(host_prof_create(&c, 2, &hp), HOST_PROF_EINVAL);
	c = good(&s);
	c.buffer_size = 6000;
	assert_int_equal(host_prof_create(&c, 2, &hp), HOST_PROF_EINVAL);
	c = good(&s);
	c.target = HOST_PROF_CPU;
	c.id = 2;		/* only CPUs 0..1 */
	assert_int_equal(host_prof_create(&c, 2, &hp), HOST_PROF_EINVAL);
	c = good(&s);
	c.target = (enum host_prof_target)7;
	assert_int_equal(host_prof_create(&c, 2, &hp), HOST_PROF_EINVAL);
	c = good(&s);
	c.exclude_el0 = c.exclude_el1 = true;	/* nothing left to sample */
	assert_int_equal(host_prof_create(&c, 2, &hp), HOST_PROF_EINVAL);
	assert_string_equal(host_prof_strerror(HOST_PROF_EFAULT),
			    "the SPE unit reported a fault on the host buffer");
}

static void test_targets_and_regs(void **state)
{
	struct host_prof_config c;
	struct host_prof *hp;
	struct host_prof_regs *r;
	struct sink s;

	(void)state;
	c = good(&s);
	c.target = HOST_PROF_CPU;
	c.id = 1;
	c.jitter = true;
	c.exclude_el0 = true;
	assert_int_equal(host_prof_create(&c, 2, &hp), 0);
	assert_false(host_prof_targets(hp, 0, 0));
	assert_true(host_prof_targets(hp, 1, 5));
	assert_false(host_prof_targets(hp, 2, 0));
	assert_true(host_prof_covers_vm(hp));
	r = host_prof_regs(hp, 1);
	/* PCT phys (0b01 << 6) | TS | PA | CX */
	assert_int_equal(r->pmscr_el2, 0x78);
	/* CX | PA | E1SPE, no E0SPE */
	assert_int_equal(r->pmscr_el1, 0x1a);
	assert_int_equal(r->pmsirr, 0x401);
	assert_int_equal(r->pmbptr, HOST_PROF_VA_BASE + HOST_PROF_VA_STRIDE);
	assert_int_equal(r->pmblimitr, HOST_PROF_VA_BASE + HOST_PROF_VA_STRIDE + 4096 + 1);
	assert_int_equal(r->pmsicr, 0);
	assert_int_equal(host_prof_contextidr(3, 258), 0x30102);
	host_prof_free(hp);

	c = good(&s);
	c.target = HOST_PROF_VCPU;
	c.id = 3;
	assert_int_equal(host_prof_create(&c, 2, &hp), 0);
	assert_true(host_prof_targets(hp, 0, 3));
	assert_true(host_prof_targets(hp, 1, 3));
	assert_false(host_prof_targets(hp, 1, 2));
	host_prof_free(hp);
}

static void test_port(void **state)
{
	struct host_prof_config c;
	struct host_prof *hp;
	const struct spe_mem_port *p;
	struct spe_regime el2 = { .owner_el = 2 }, el1 = { .owner_el = 1, .stage2 = true };
	struct spe_xlate_fault f;
	uint8_t rec[64];
	struct sink s = { 0 };
	uint64_t base = HOST_PROF_VA_BASE;

	(void)state;
	memset(rec, 0xab, sizeof(rec));
	c = good(&s);
	assert_int_equal(host_prof_create(&c, 1, &hp), 0);
	p = host_prof_port(hp, 0);
	assert_int_equal(p->write(p->ctx, &el2, base + 4032, rec, 64, &f), 0);
	/* Crossing the end: the first 32 bytes land, then a stage-1 fault. */
	assert_int_equal(p->write(p->ctx, &el2, base + 4064, rec, 64, &f), 1);
	assert_int_equal(f.written, 32);
	assert_int_equal(f.stage, 1);
	/* Below the buffer, or an EL1-owned regime: never the host's memory. */
	assert_int_equal(p->write(p->ctx, &el2, base - 64, rec, 64, &f), 1);
	assert_int_equal(f.written, 0);
	assert_int_equal(p->write(p->ctx, &el1, base, rec, 64, &f), 1);
	assert_int_equal(f.written, 0);
	/* Flush hands [base, PMBPTR) over. */
	host_prof_regs(hp, 0)->pmbptr = base + 4096;
	host_prof_flush(hp, 0);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.len, 4096);
	assert_int_equal(s.bytes[4032], 0xab);
	assert_int_equal(s.bytes[4095], 0xab);
	assert_int_equal(s.bytes[4031], 0);
	assert_false(host_prof_running(hp, 0));
	host_prof_free(hp);
}

/* Any syndrome but buffer full stops the session on that CPU, after draining. */
static void test_fault(void **state)
{
	struct host_prof_config c;
	struct host_prof *hp;
	struct host_prof_regs *r;
	struct host_prof_stats st;
	struct sink s = { 0 };

	(void)state;
	c = good(&s);
	assert_int_equal(host_prof_create(&c, 2, &hp), 0);
	r = host_prof_regs(hp, 1);
	/* Spurious (S = 0): nothing happens. */
	r->pmbsr = 0;
	assert_int_equal(host_prof_irq(hp, 1, r), 0);
	assert_true(host_prof_running(hp, 1));
	/* Stage-1 fault at base + 128: the 128 bytes before are drained. */
	r->pmbsr = PMBSR_EL1_S_MASK | PMBSR_EL1_EC_PREP(PMBSR_EL1_EC_FAULT_S1) | 0x7;
	r->pmbptr = HOST_PROF_VA_BASE + HOST_PROF_VA_STRIDE + 128;
	assert_int_equal(host_prof_irq(hp, 1, r), HOST_PROF_EFAULT);
	assert_false(host_prof_running(hp, 1));
	assert_false(host_prof_targets(hp, 1, 0));
	assert_true(host_prof_targets(hp, 0, 0));
	assert_int_equal(r->pmblimitr, 0);
	assert_int_equal(r->pmbsr, 0);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.cpu, 1);
	assert_int_equal(s.len, 128);
	host_prof_stats(hp, &st);
	assert_int_equal(st.irqs, 2);
	assert_int_equal(st.faults, 1);
	assert_int_equal(st.fulls, 0);
	assert_int_equal(host_prof_irq(hp, 2, r), HOST_PROF_EINVAL);
	host_prof_free(hp);
}

/* A real unit owned by EL2 samples EL1 into the host buffer with CONTEXTIDR_EL2. */
static void test_unit_records(void **state)
{
	struct host_prof_config c;
	struct host_prof *hp;
	struct host_prof_regs *r;
	struct host_prof_stats st;
	struct spe_config sc;
	struct spe_unit *u;
	struct spe_ctx x = { .el = 2, .el2_enabled = true, .e2pb = 0, .tpms = true };
	struct sink s = { 0 };
	unsigned int records = 0;

	(void)state;
	c = good(&s);
	c.interval = 256;
	assert_int_equal(host_prof_create(&c, 1, &hp), 0);
	spe_config_default(&sc, SPE_V1P1);
	assert_int_equal(spe_unit_create(&sc, host_prof_port(hp, 0), &u), 0);
	spe_unit_set_ctx(u, &x);
	r = host_prof_regs(hp, 0);
	spe_unit_sysreg_write(u, SYS_PMSCR_EL2, r->pmscr_el2);
	spe_unit_sysreg_write(u, SYS_PMSCR_EL1, r->pmscr_el1);
	spe_unit_sysreg_write(u, SYS_PMSIRR_EL1, r->pmsirr);
	spe_unit_sysreg_write(u, SYS_PMSICR_EL1, 0);
	spe_unit_sysreg_write(u, SYS_PMBPTR_EL1, r->pmbptr);
	spe_unit_sysreg_write(u, SYS_PMBLIMITR_EL1, r->pmblimitr);
	x.el = 1;
	spe_unit_set_ctx(u, &x);
	/* 100 selections of a load at EL1, each a whole record; handle every PMBIRQ. */
	for (unsigned int i = 0; i < 100; i++) {
		struct spe_op op = { .pc = 0x1000, .el = 1, .kind = SPE_OPK_LOAD, .size = 8,
			.data_va = 0x2000, .contextidr_el2 = 0x10002 };
		uint64_t n = spe_unit_ops_until_sample(u);

		assert_int_equal(n, i == 0 ? 256 : 256);
		spe_unit_count(u, n, 1);
		spe_unit_observe(u, &op);
		if (spe_unit_irq_level(u)) {
			x.el = 2;
			spe_unit_set_ctx(u, &x);
			spe_unit_sysreg_read(u, SYS_PMBSR_EL1, &r->pmbsr);
			spe_unit_sysreg_read(u, SYS_PMBPTR_EL1, &r->pmbptr);
			assert_int_equal(host_prof_irq(hp, 0, r), 0);
			spe_unit_sysreg_write(u, SYS_PMBPTR_EL1, r->pmbptr);
			spe_unit_sysreg_write(u, SYS_PMBSR_EL1, r->pmbsr);
			x.el = 1;
			spe_unit_set_ctx(u, &x);
		}
	}
	x.el = 2;
	spe_unit_set_ctx(u, &x);
	spe_unit_sysreg_read(u, SYS_PMBPTR_EL1, &r->pmbptr);
	host_prof_flush(hp, 0);
	host_prof_stats(hp, &st);
	assert_true(st.fulls >= 1);
	assert_int_equal(st.faults, 0);
	assert_int_equal(st.pieces, st.fulls + 1);
	assert_int_equal(st.bytes, s.len);
	/* Every record: a context packet for index 1 with 0x10002, PC at EL1. */
	for (size_t off = 0; off + 5 <= s.len && off + 5 <= sizeof(s.bytes); off++) {
		if (s.bytes[off] == 0x65 && s.bytes[off + 1] == 0x02 && s.bytes[off + 2] == 0x00 &&
		    s.bytes[off + 3] == 0x01 && s.bytes[off + 4] == 0x00)
			records++;
	}
	assert_int_equal(records, 100);
	assert_int_equal(s.len % (s.len / 100), 0);
	spe_unit_free(u);
	host_prof_free(hp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_config),
		cmocka_unit_test(test_targets_and_regs),
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_fault),
		cmocka_unit_test(test_unit_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
