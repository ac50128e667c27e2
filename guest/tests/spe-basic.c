// SPDX-License-Identifier: GPL-2.0-only
// spe-basic: the guest's own view of SPE (Arm ARM D24). Probes the ID
// registers, profiles the workloads at EL1 into a buffer in guest RAM and
// checks the records (every record has a PC in this image, sampled at
// EL1; type filters select only branches or only loads), then fills a
// small buffer and expects the buffer-management interrupt with
// PMBSR_EL1 = {S, EC buffer, BSC full}. Skips when PMSVer is 0.
#include "console.h"
#include "gic.h"
#include "irq.h"
#include "mem.h"
#include "report.h"
#include "runtime.h"
#include "spe.h"
#include "spe_trace.h"
#include "sysreg.h"
#include "timer.h"
#include "workload.h"

#define BUF_SIZE	(256u << 10)
#define SMALL_BUF	4096u
#define SEED		0x5e5eull

extern char __image_start[], __text_end[];

static struct spe_caps caps;
static struct branchy branchy;
static struct pointer_chase chase;

static void test_id_registers(void)
{
	report_info("PMSVer %u PMSIDR_EL1 0x%llx PMBIDR_EL1 0x%llx", caps.version,
		    (unsigned long long)caps.pmsidr, (unsigned long long)caps.pmbidr);
	report(caps.usable, "PMBIDR_EL1.P == 0: the buffer is EL1's to program");
	report(PMBIDR_EL1_ALIGN_GET(caps.pmbidr) <= 11, "PMBIDR_EL1.Align %llu <= 11",
	       (unsigned long long)PMBIDR_EL1_ALIGN_GET(caps.pmbidr));
	report(PMSIDR_EL1_FORMAT_GET(caps.pmsidr) == 0, "PMSIDR_EL1.Format == 0");
	report(PMSIDR_EL1_MAXSIZE_GET(caps.pmsidr) >= 4 && PMSIDR_EL1_MAXSIZE_GET(caps.pmsidr) <= 11,
	       "PMSIDR_EL1.MaxSize: records of %u bytes at most (16..2048)", caps.max_record);
	uint64_t cs = PMSIDR_EL1_COUNTSIZE_GET(caps.pmsidr);

	report(cs == PMSIDR_EL1_COUNTSIZE_12_BIT_SAT || cs == PMSIDR_EL1_COUNTSIZE_16_BIT_SAT,
	       "PMSIDR_EL1.CountSize %llu is 12- or 16-bit saturating", (unsigned long long)cs);
	report(PMSIDR_EL1_FT_GET(caps.pmsidr), "PMSIDR_EL1.FT: type filtering");

	/* RES0 bits of PMSIRR_EL1 read as zero. */
	write_sysreg_key(SYS_PMSIRR_EL1, ~0ull);
	isb();
	uint64_t irr = read_sysreg_key(SYS_PMSIRR_EL1);

	report(irr == (PMSIRR_EL1_INTERVAL_MASK | PMSIRR_EL1_RND_MASK),
	       "PMSIRR_EL1 all-ones reads 0x%llx (INTERVAL | RND)", (unsigned long long)irr);
	write_sysreg_key(SYS_PMSIRR_EL1, 0);
}

static int profile(const char *what, uint64_t pmsfcr, void *buf, size_t size,
		   int workload, struct spe_trace_stats *st)
{
	struct spe_session cfg = {
		.buf = buf, .size = size,
		.interval = caps.min_interval > 1024 ? caps.min_interval : 1024,
		.jitter = false,
		.pmscr = PMSCR_EL1_E1SPE_MASK,
		.pmsfcr = pmsfcr,
	};

	if (!report(spe_start(&caps, &cfg) == 0, "%s: session started", what))
		return -1;
	if (workload == 0)
		branchy_run(&branchy, 4);
	else
		pointer_chase_run(&chase, chase.nr_nodes, 0);
	size_t bytes = spe_stop(&cfg);
	int err = spe_trace_walk(buf, bytes, (uintptr_t)__image_start,
				 (uintptr_t)__text_end, st);

	report_info("%s: %llu bytes, %llu records", what, (unsigned long long)bytes,
		    (unsigned long long)st->records);
	report(err == 0, "%s: every packet is well formed (bad offset %lu)", what,
	       (unsigned long)(err ? st->bad_offset : 0));
	return err;
}

static void test_sessions(uint8_t *buf)
{
	struct spe_trace_stats st;

	if (profile("branchy", 0, buf, BUF_SIZE, 0, &st) == 0) {
		report(st.records > 0, "branchy: records were written");
		report(st.pcs == st.records, "branchy: one PC packet per record");
		report(st.pc_el[1] == st.pcs, "branchy: every PC sampled at EL1");
		report(st.pcs_in_range == st.pcs, "branchy: every PC inside the image text");
	}
	report(spe_irq_count() == 0 && read_sysreg_key(SYS_PMBSR_EL1) == 0,
	       "no buffer-management event while the buffer had room");

	if (profile("branches only", PMSFCR_EL1_FT_MASK | PMSFCR_EL1_B_MASK, buf, BUF_SIZE,
		    0, &st) == 0) {
		report(st.records > 0 && st.op_class[2] == st.records &&
		       st.op_class[0] == 0 && st.op_class[1] == 0,
		       "branches only: %llu of %llu records are branches",
		       (unsigned long long)st.op_class[2], (unsigned long long)st.records);
	}
	if (profile("loads only", PMSFCR_EL1_FT_MASK | PMSFCR_EL1_LD_MASK, buf, BUF_SIZE,
		    1, &st) == 0) {
		report(st.records > 0 && st.op_class[1] == st.records && st.data_va == st.records,
		       "loads only: %llu of %llu records are loads with a data address",
		       (unsigned long long)st.op_class[1], (unsigned long long)st.records);
	}
}

static void test_buffer_full(uint8_t *buf)
{
	struct spe_session cfg = {
		.buf = buf, .size = SMALL_BUF,
		.interval = caps.min_interval,
		.pmscr = PMSCR_EL1_E1SPE_MASK,
	};

	if (!report(spe_start(&caps, &cfg) == 0, "full buffer: session started"))
		return;
	/* Far more samples than 4 KiB holds; the interrupt stops sampling. */
	uint64_t end = timer_deadline_ms(2000);

	while (spe_irq_count() == 0 && !timer_expired(end))
		branchy_run(&branchy, 1);
	size_t bytes = spe_stop(&cfg);
	uint64_t pmbsr = spe_irq_pmbsr();

	report(spe_irq_count() == 1, "buffer full: one PMBIRQ (INTID %u)", SPE_PMBIRQ_INTID);
	report(PMBSR_EL1_S_GET(pmbsr) == 1 && PMBSR_EL1_EC_GET(pmbsr) == PMBSR_EL1_EC_BUF &&
	       PMBSR_MSS_BSC_GET(PMBSR_EL1_MSS_GET(pmbsr)) == PMBSR_MSS_BSC_FULL,
	       "buffer full: PMBSR_EL1 0x%llx = S, EC buffer, BSC full", (unsigned long long)pmbsr);
	report(bytes <= SMALL_BUF && bytes + caps.max_record > SMALL_BUF,
	       "buffer full: %lu bytes written, within one record of the limit",
	       (unsigned long)bytes);
}

int main(void)
{
	if (spe_probe(&caps)) {
		report_skip("no SPE: ID_AA64DFR0_EL1.PMSVer == 0");
		return report_summary();
	}
	uint8_t *buf = mem_alloc(BUF_SIZE, 4096);

	if (!report(buf && branchy_init(&branchy, 16u << 10, SEED) == 0 &&
		    pointer_chase_init(&chase, 1u << 20, SEED) == 0, "buffers allocated"))
		return report_summary();
	test_id_registers();
	spe_irq_init(SPE_PMBIRQ_INTID);
	irq_enable();
	test_sessions(buf);
	test_buffer_full(buf);
	irq_disable();
	report(irq_unhandled_count() == 0, "no unhandled interrupts");
	return report_summary();
}
