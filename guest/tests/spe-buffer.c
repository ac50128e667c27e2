// SPDX-License-Identifier: GPL-2.0-only
// spe-buffer: the buffer-management interrupt (PMBIRQ, INTID 21) and the
// driver's restart (spe-architecture.md §4.2, §6.5). A 4 KiB buffer fills
// again and again during one session: each fill is one interrupt with
// PMBSR_EL1 = S | EC other | BSC full, PMBPTR_EL1 within one maximum
// record of the limit, the filled part is handed over whole (it parses to
// the last byte) and profiling restarts at the buffer's base. Without
// restart the first fill stops the session. A software write of
// PMBSR_EL1.S is a service event: one interrupt with exactly that syndrome.
#include "gic.h"
#include "irq.h"
#include "mem.h"
#include "report.h"
#include "spe.h"
#include "spe_trace.h"
#include "sysreg.h"
#include "timer.h"
#include "workload.h"

#define SMALL		4096u
#define SEED		0xb0ffe5ull

static struct spe_caps caps;
static struct branchy branchy;

struct pieces {
	unsigned int n, full, bad;
	uint64_t bytes, records;
};

static void on_piece(const struct spe_session *s, const uint8_t *p, size_t len, uint32_t flags,
		     void *arg)
{
	struct pieces *pc = arg;
	struct spe_trace_stats st;

	pc->n++;
	pc->bytes += len;
	/* A full buffer: less than one maximum-size record was left (SPEBufferIsFull). */
	if (len <= s->size && len + caps.max_record > s->size)
		pc->full++;
	int walk = spe_trace_walk(p, len, 0, 0, &st);

	if (flags || walk || p != s->buf) {
		/* Say which piece and why (at most four lines in a failing run). */
		if (pc->bad++ < 4)
			report_info("piece %u: flags 0x%x, %lu bytes at base + %lu, %s at byte %lu",
				    pc->n, flags, (unsigned long)len,
				    (unsigned long)(p - (const uint8_t *)s->buf),
				    walk ? "malformed" : "parses", (unsigned long)st.bad_offset);
	} else {
		pc->records += st.records;
	}
}

static void test_restart(uint8_t *buf)
{
	struct pieces pc = { 0 };
	struct spe_session s = {
		.buf = buf, .size = SMALL, .interval = caps.min_interval,
		.pmscr = PMSCR_EL1_E1SPE_MASK, .restart = true,
		.drain = on_piece, .drain_arg = &pc,
	};
	struct spe_cpu_stats st;

	struct branchy_result want = branchy_run(&branchy, 4), got = { 0 };
	int started = spe_start(&caps, &s);

	if (started == 0)
		got = branchy_run(&branchy, 4);
	size_t last = spe_stop(&s);

	if (!report(started == 0, "restart: session started"))
		return;
	report(got.taken == want.taken && got.acc == want.acc,
	       "restart: the profiled workload computes what it does unprofiled");
	spe_cpu_stats(cpu_index(), &st);
	report_info("restart: %u interrupts, %u pieces, %llu bytes, %llu records", st.irqs, pc.n,
		    (unsigned long long)pc.bytes, (unsigned long long)pc.records);
	report(st.irqs >= 3 && st.fulls == st.irqs && st.restarts == st.irqs,
	       "restart: %u buffer-full interrupts, each restarted", st.irqs);
	report(st.spurious == 0 && st.faults == 0 && st.truncated == 0 && !st.stopped,
	       "restart: no spurious interrupt, fault or lost record");
	report(st.last_pmbsr == (PMBSR_EL1_S_MASK | PMBSR_MSS_BSC_PREP(PMBSR_MSS_BSC_FULL)),
	       "restart: PMBSR_EL1 0x%llx = S, EC other, BSC full", (unsigned long long)st.last_pmbsr);
	report(pc.n == st.irqs + (last > 0) && pc.full == st.irqs,
	       "restart: one full piece per interrupt (%u of %u), then the rest (%lu bytes)",
	       pc.full, pc.n, (unsigned long)last);
	report(pc.bad == 0, "restart: every piece starts at the base and parses to its end");
	report(pc.bytes == st.drained, "restart: %llu bytes handed over", (unsigned long long)pc.bytes);
	report(read_sysreg_key(SYS_PMBSR_EL1) == 0 && read_sysreg_key(SYS_PMBLIMITR_EL1) == 0 &&
	       read_sysreg_key(SYS_PMSCR_EL1) == 0, "restart: after stop PMBSR, PMBLIMITR, PMSCR are 0");
}

static void test_stop_at_full(uint8_t *buf)
{
	struct spe_session s = {
		.buf = buf, .size = SMALL, .interval = caps.min_interval,
		.pmscr = PMSCR_EL1_E1SPE_MASK,
	};
	struct spe_cpu_stats st;
	uint64_t deadline = timer_deadline_ms(2000);

	int started = spe_start(&caps, &s);

	while (started == 0 && spe_irq_count() == 0 && !timer_expired(deadline))
		branchy_run(&branchy, 1);
	uint64_t ptr = read_sysreg_key(SYS_PMBPTR_EL1);

	branchy_run(&branchy, 1);	/* stopped: the pointer must not move */
	uint64_t ptr2 = read_sysreg_key(SYS_PMBPTR_EL1);
	size_t bytes = spe_stop(&s);

	if (!report(started == 0, "stop: session started"))
		return;
	spe_cpu_stats(cpu_index(), &st);
	report(st.irqs == 1 && st.fulls == 1 && st.restarts == 0, "stop: one interrupt, no restart");
	report(ptr == ptr2 && bytes == ptr - (uintptr_t)buf && bytes + caps.max_record > SMALL,
	       "stop: PMBPTR_EL1 frozen %lu bytes in, within one record of the limit",
	       (unsigned long)bytes);
}

static void test_service_event(uint64_t syndrome, bool fatal)
{
	struct spe_cpu_stats before, after;

	spe_cpu_stats(cpu_index(), &before);
	write_sysreg_key(SYS_PMBSR_EL1, syndrome);
	isb();
	/* The level interrupt is taken at the first instruction with IRQs unmasked. */
	uint64_t deadline = timer_deadline_ms(100);

	while (spe_irq_count() == before.irqs && !timer_expired(deadline))
		;
	spe_cpu_stats(cpu_index(), &after);
	report(after.irqs == before.irqs + 1 && after.last_pmbsr == syndrome,
	       "service event 0x%llx: one interrupt with that syndrome", (unsigned long long)syndrome);
	report(after.faults == before.faults + fatal && after.fulls == before.fulls + !fatal,
	       "service event 0x%llx: handled as %s", (unsigned long long)syndrome,
	       fatal ? "a fault" : "buffer full");
	report(read_sysreg_key(SYS_PMBSR_EL1) == 0 && !gic_irq_is_pending(SPE_PMBIRQ_INTID),
	       "service event 0x%llx: PMBSR_EL1 cleared, PPI idle", (unsigned long long)syndrome);
}

int main(void)
{
	if (spe_probe(&caps)) {
		report_skip("no usable SPE (ID_AA64DFR0_EL1.PMSVer == 0 or PMBIDR_EL1.P)");
		return report_summary();
	}
	uint8_t *buf = mem_alloc(SMALL, 4096);

	if (!report(buf && branchy_init(&branchy, 64u << 10, SEED) == 0, "workload ready"))
		return report_summary();
	spe_reset_local();
	spe_irq_init(SPE_PMBIRQ_INTID);
	irq_enable();
	test_restart(buf);
	test_stop_at_full(buf);
	test_service_event(PMBSR_EL1_S_MASK | PMBSR_MSS_BSC_PREP(PMBSR_MSS_BSC_FULL), false);
	/* A stage-1 fault syndrome (translation, level 3) written by software. */
	test_service_event(PMBSR_EL1_S_MASK | PMBSR_EL1_EC_PREP(PMBSR_EL1_EC_FAULT_S1) | 0x07, true);
	irq_disable();
	report(irq_unhandled_count() == 0, "no unhandled interrupts");
	return report_summary();
}
