// SPDX-License-Identifier: GPL-2.0-only
// The guest's SPE driver (guest/lib/spe.c, compiled for the host with the
// stand-ins in unit/shim/) programming the SPE unit model of hw/spe: probe
// values, a session's records in the buffer, exact counts against the
// unit's own statistics, the buffer-full interrupt and its handling, and
// the configurations the driver refuses.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch/spe-packet.h"
#include "hw/spe.h"
#include "hw/spe-op.h"
#include "gic.h"	/* unit/shim: the stand-ins defined below */
#include "irq.h"
#include "spe.h"
#include "spe_trace.h"
#include "sysreg.h"
#include "vspe_hc.h"

#define PC_LO		0x40200000ull
#define PC_HI		0x40210000ull
#define BUF_SIZE	(64u << 10)

static struct spe_unit *unit;
static uint8_t *buf;
static size_t buf_size;
static irq_handler_fn pmbirq;
static unsigned int pmbirq_intid, enabled_intid, psb_count;

/* ---- the stand-ins spe.c calls ---- */
uint64_t shim_read_sysreg(const char *name)
{
	if (strcmp(name, "id_aa64dfr0_el1") == 0)
		return unit ? ID_AA64DFR0_EL1_PMSVer_PREP(spe_unit_config(unit)->version) : 0;
	fail_msg("unexpected MRS %s", name);
	return 0;
}

uint64_t shim_read_key(uint32_t key)
{
	uint64_t v = 0;

	assert_int_equal(spe_unit_sysreg_read(unit, key, &v), 0);
	return v;
}

void shim_write_key(uint32_t key, uint64_t val)
{
	assert_int_equal(spe_unit_sysreg_write(unit, key, val), 0);
}

void shim_psb_csync(void)
{
	spe_unit_psb_csync(unit);
	psb_count++;
}

/* The paravirtual channel: absent, as on a machine without vspe. */
bool vspe_hc_present(void)
{
	return false;
}

int64_t vspe_hc_trace_write(const void *p, uint64_t len, uint32_t flags, unsigned int cpu)
{
	(void)p; (void)len; (void)flags; (void)cpu;
	fail_msg("TRACE_WRITE without vspe");
	return -1;
}

int64_t vspe_hc_trace_info(const struct vspe_trace_info *info)
{
	(void)info;
	fail_msg("TRACE_INFO without vspe");
	return -1;
}

void gic_irq_enable(unsigned int intid)
{
	enabled_intid = intid;
}

void gic_irq_set_edge(unsigned int intid, bool edge)
{
	(void)intid;
	assert_false(edge);	/* PMBIRQ is level-sensitive */
}

int irq_install(unsigned int intid, irq_handler_fn fn, void *arg)
{
	(void)arg;
	pmbirq_intid = intid;
	pmbirq = fn;
	return 0;
}

/* The buffer is identity mapped host memory; anything else is a fault. */
static int port_write(void *ctx, const struct spe_regime *regime, uint64_t va,
		      const void *src, size_t len, struct spe_xlate_fault *fault)
{
	uintptr_t lo = (uintptr_t)buf;

	(void)ctx;
	(void)regime;
	if (va < lo || va - lo > buf_size || len > buf_size - (va - lo)) {
		fault->written = 0;
		fault->stage = 1;
		fault->fsc = 0x07;	/* translation fault, level 3 */
		return 1;
	}
	memcpy((void *)(uintptr_t)va, src, len);
	return 0;
}

static const struct spe_mem_port port = { .write = port_write };

static int setup(void **state)
{
	struct spe_config cfg;
	struct spe_ctx ctx = { .el = 1 };

	(void)state;
	spe_config_default(&cfg, SPE_V1P1);
	assert_int_equal(spe_unit_create(&cfg, &port, &unit), 0);
	spe_unit_set_ctx(unit, &ctx);
	buf_size = BUF_SIZE;
	buf = aligned_alloc(4096, buf_size);
	assert_non_null(buf);
	memset(buf, 0xee, buf_size);
	pmbirq = NULL;
	psb_count = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	spe_unit_free(unit);
	unit = NULL;
	free(buf);
	return 0;
}

/* n branches at EL1 inside [PC_LO, PC_HI), half of them taken. */
static void run_branches(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct spe_op op = {
			.pc = PC_LO + 4 * (i % 0x4000), .target = PC_LO,
			.flags = SPE_OPF_COND | (i & 1 ? SPE_OPF_TAKEN : 0),
			.kind = SPE_OPK_BRANCH, .el = 1,
		};

		spe_unit_observe(unit, &op);
	}
}

static void test_probe(void **state)
{
	struct spe_caps caps;

	(void)state;
	assert_int_equal(spe_probe(&caps), 0);
	assert_int_equal(caps.version, SPE_V1P1);
	assert_int_equal(caps.min_interval, 256);
	assert_int_equal(caps.max_record, 64);
	assert_int_equal(caps.align, 1);
	assert_true(caps.usable);
}

static void test_session(void **state)
{
	struct spe_caps caps;
	struct spe_unit_stats st;
	struct spe_trace_stats ts;
	struct spe_session s = {
		.buf = buf, .size = BUF_SIZE, .interval = 1024,
		.pmscr = PMSCR_EL1_E1SPE_MASK,
	};

	(void)state;
	assert_int_equal(spe_probe(&caps), 0);
	assert_int_equal(spe_start(&caps, &s), 0);
	assert_true(spe_unit_enabled(unit, 1));
	assert_false(spe_unit_enabled(unit, 0));	/* E0SPE clear */
	run_branches(100000);
	size_t bytes = spe_stop(&s);

	assert_int_equal(psb_count, 1);
	assert_false(spe_unit_enabled(unit, 1));
	spe_unit_stats(unit, &st);
	/* One sample each 1024 operations, all of them written. */
	assert_int_equal(st.records, 100000 / 1024);
	assert_int_equal(st.lost, 0);
	assert_int_equal(bytes, st.bytes);
	assert_int_equal(spe_trace_walk(buf, bytes, PC_LO, PC_HI, &ts), 0);
	assert_int_equal(ts.records, st.records);
	assert_int_equal(ts.pcs, st.records);
	assert_int_equal(ts.pcs_in_range, st.records);
	assert_int_equal(ts.pc_el[1], st.records);
	assert_int_equal(ts.op_class[SPE_OP_CLASS_BRANCH], st.records);
	/* The buffer is off after the session: nothing more is written. */
	assert_int_equal(shim_read_key(SYS_PMBLIMITR_EL1), 0);
	assert_int_equal(shim_read_key(SYS_PMSCR_EL1), 0);
}

static void test_buffer_full(void **state)
{
	struct spe_caps caps;
	struct spe_session s = {
		.buf = buf, .size = 4096, .interval = 256,
		.pmscr = PMSCR_EL1_E1SPE_MASK,
	};
	unsigned int rounds = 0;

	(void)state;
	assert_int_equal(spe_probe(&caps), 0);
	spe_irq_init(SPE_PMBIRQ_INTID);
	assert_int_equal(pmbirq_intid, SPE_PMBIRQ_INTID);
	assert_int_equal(enabled_intid, SPE_PMBIRQ_INTID);
	assert_non_null(pmbirq);
	assert_int_equal(spe_start(&caps, &s), 0);
	while (!spe_unit_irq_level(unit) && rounds++ < 1000)
		run_branches(256);
	assert_true(spe_unit_irq_level(unit));
	uint64_t ptr = shim_read_key(SYS_PMBPTR_EL1) - (uintptr_t)buf;

	/* SPEBufferIsFull(): less than one maximum-size record is left. */
	assert_true(ptr <= 4096 && ptr + caps.max_record > 4096);

	pmbirq(SPE_PMBIRQ_INTID, NULL);		/* what the GIC would deliver */
	uint64_t pmbsr = spe_irq_pmbsr();

	assert_int_equal(spe_irq_count(), 1);
	assert_int_equal(PMBSR_EL1_S_GET(pmbsr), 1);
	assert_int_equal(PMBSR_EL1_EC_GET(pmbsr), PMBSR_EL1_EC_BUF);
	assert_int_equal(PMBSR_MSS_BSC_GET(PMBSR_EL1_MSS_GET(pmbsr)), PMBSR_MSS_BSC_FULL);
	/* The handler turned the buffer off, then dropped the interrupt. */
	assert_false(spe_unit_irq_level(unit));
	assert_int_equal(shim_read_key(SYS_PMBSR_EL1), 0);
	assert_int_equal(shim_read_key(SYS_PMBLIMITR_EL1), 0);
	run_branches(10000);
	assert_false(spe_unit_irq_level(unit));
	assert_int_equal(shim_read_key(SYS_PMBPTR_EL1) - (uintptr_t)buf, ptr);
	assert_int_equal(spe_stop(&s), ptr);
}

struct drained {
	unsigned int pieces, truncated;
	uint64_t bytes, records, bad;
};

static void on_piece(const struct spe_session *s, const uint8_t *p, size_t len, uint32_t flags,
		     void *arg)
{
	struct drained *d = arg;
	struct spe_trace_stats ts;

	(void)s;
	d->pieces++;
	d->bytes += len;
	d->truncated += !!(flags & VSPE_TRACE_TRUNCATED);
	/* This test's port refuses whole writes: even a truncated piece parses here. */
	if ((flags & ~VSPE_TRACE_TRUNCATED) || spe_trace_walk(p, len, PC_LO, PC_HI, &ts) ||
	    ts.pcs_in_range != ts.records)
		d->bad++;
	else
		d->records += ts.records;
}

/* Restart at every buffer-full interrupt: every record the unit wrote is handed over once. */
static void test_restart(void **state)
{
	struct spe_caps caps;
	struct drained d = { 0 };
	struct spe_session s = {
		.buf = buf, .size = 4096, .interval = 256, .pmscr = PMSCR_EL1_E1SPE_MASK,
		.restart = true, .drain = on_piece, .drain_arg = &d,
	};
	struct spe_cpu_stats cs;
	struct spe_unit_stats us;

	(void)state;
	assert_int_equal(spe_probe(&caps), 0);
	spe_irq_init(SPE_PMBIRQ_INTID);
	assert_int_equal(spe_start(&caps, &s), 0);
	for (unsigned int i = 0; i < 400; i++) {
		run_branches(256);
		if (spe_unit_irq_level(unit))
			pmbirq(SPE_PMBIRQ_INTID, NULL);
	}
	size_t rest = spe_stop(&s);

	spe_cpu_stats(0, &cs);
	spe_unit_stats(unit, &us);
	/* Branches run while S = 1 are not sampled, so fewer than 102,400 / 257. */
	assert_true(us.records > 350 && us.records <= 102400 / 257);
	assert_int_equal(us.lost, 0);
	assert_true(cs.fulls >= 2);
	assert_int_equal(cs.restarts, cs.fulls);
	assert_int_equal(cs.irqs, cs.fulls);
	assert_int_equal(cs.faults + cs.spurious + cs.truncated, 0);
	assert_int_equal(d.bad, 0);
	assert_int_equal(d.truncated, 0);
	assert_int_equal(d.pieces, cs.fulls + (rest > 0));
	assert_int_equal(d.records, us.records);
	assert_int_equal(d.bytes, us.bytes);
	assert_int_equal(cs.drained, us.bytes);
	assert_int_equal(shim_read_key(SYS_PMBLIMITR_EL1), 0);
	assert_int_equal(shim_read_key(SYS_PMBSR_EL1), 0);
}

/* A fault stops the session: what precedes PMBPTR is handed over, the rest is not. */
static void test_fault_stops(void **state)
{
	struct spe_caps caps;
	struct drained d = { 0 };
	struct spe_session s = {
		.buf = buf, .size = BUF_SIZE, .interval = 256, .pmscr = PMSCR_EL1_E1SPE_MASK,
		.restart = true, .drain = on_piece, .drain_arg = &d,
	};
	struct spe_cpu_stats cs;

	(void)state;
	assert_int_equal(spe_probe(&caps), 0);
	spe_irq_init(SPE_PMBIRQ_INTID);
	buf_size = 4096;		/* the port faults past the first page */
	assert_int_equal(spe_start(&caps, &s), 0);
	for (unsigned int i = 0; i < 400 && !spe_unit_irq_level(unit); i++)
		run_branches(256);
	assert_true(spe_unit_irq_level(unit));
	pmbirq(SPE_PMBIRQ_INTID, NULL);
	spe_cpu_stats(0, &cs);
	assert_int_equal(cs.faults, 1);
	assert_true(cs.stopped);
	assert_int_equal(cs.restarts, 0);
	assert_int_equal(PMBSR_EL1_EC_GET(cs.last_pmbsr), PMBSR_EL1_EC_FAULT_S1);
	assert_int_equal(PMBSR_EL1_MSS_GET(cs.last_pmbsr), 0x07);
	/* This port refuses a whole write: PMBPTR stays at the record that did not fit. */
	assert_true(cs.fault_pmbptr <= (uintptr_t)buf + 4096 &&
		    cs.fault_pmbptr + caps.max_record > (uintptr_t)buf + 4096);
	assert_int_equal(shim_read_key(SYS_PMBLIMITR_EL1), 0);
	assert_false(spe_unit_irq_level(unit));
	spe_stop(&s);
	assert_int_equal(d.pieces, 1);
	assert_int_equal(d.truncated, 1);	/* a fault: the piece is marked TRUNCATED */
	assert_int_equal(d.bad, 0);
	assert_int_equal(d.bytes, cs.fault_pmbptr - (uintptr_t)buf);
}

static void test_refused(void **state)
{
	struct spe_caps caps, absent = { 0 };
	struct spe_session s = {
		.buf = buf, .size = BUF_SIZE, .interval = 1024,
		.pmscr = PMSCR_EL1_E1SPE_MASK,
	};

	(void)state;
	assert_int_equal(spe_probe(&caps), 0);
	assert_int_equal(spe_start(&absent, &s), -1);
	s.buf = buf + 64;
	assert_int_equal(spe_start(&caps, &s), -1);
	s.buf = buf;
	s.size = 100;
	assert_int_equal(spe_start(&caps, &s), -1);
	s.size = 0;
	assert_int_equal(spe_start(&caps, &s), -1);
	s.size = BUF_SIZE;
	s.interval = 128;
	assert_int_equal(spe_start(&caps, &s), -1);
	/* Nothing was programmed by a refused start. */
	assert_int_equal(shim_read_key(SYS_PMBLIMITR_EL1), 0);
	assert_int_equal(shim_read_key(SYS_PMSCR_EL1), 0);
}

static void test_no_spe(void **state)
{
	struct spe_caps caps;
	struct spe_unit *saved = unit;

	(void)state;
	unit = NULL;			/* PMSVer reads 0 */
	assert_int_equal(spe_probe(&caps), -1);
	assert_int_equal(caps.version, 0);
	unit = saved;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_probe, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_buffer_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fault_stops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_spe, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
