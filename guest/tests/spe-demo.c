// SPDX-License-Identifier: GPL-2.0-only
// spe-demo: the guest `vspe demo` boots. It profiles itself with SPE, the
// way `perf record -e arm_spe/ts_enable=1/` would: one session on CPU 0 at
// interval 1024 over a pointer chase (a load per step, each depending on
// the previous: cache misses, long latencies) and a branchy loop (a data-
// dependent branch per byte: mispredictions), draining every filled 64 KiB
// through the vspe trace channel (vspe run -o FILE writes it as perf.data).
// It checks the workloads' results and that nothing was lost, then
// prints what the driver saw; `vspe report` shows where the samples fell.
#include "console.h"
#include "irq.h"
#include "mem.h"
#include "report.h"
#include "spe.h"
#include "sysreg.h"
#include "vspe_hc.h"
#include "workload.h"

#define CHASE_BYTES	(4u << 20)
#define BRANCHY_BYTES	(64u << 10)
#define BRANCHY_ROUNDS	8
#define BUF_SIZE	(64u << 10)
#define SEED		0x5e5eull

int main(void)
{
	struct spe_caps caps;
	struct pointer_chase pc;
	struct branchy b;
	struct spe_cpu_stats st;
	uint64_t sum = 0;

	printf("vspe SPE demo guest\n");
	if (spe_probe(&caps)) {
		report_skip("no usable SPE: run with vspe run --spe (or vspe demo)");
		return report_summary();
	}
	printf("SPE v1.%u: records <= %u bytes, minimum interval %u, trace channel %s\n",
	       caps.version - 1, caps.max_record, caps.min_interval,
	       vspe_hc_present() ? "present" : "absent");
	uint8_t *buf = mem_alloc(BUF_SIZE, 4096);

	if (!report(buf && pointer_chase_init(&pc, CHASE_BYTES, SEED) == 0 &&
		    branchy_init(&b, BRANCHY_BYTES, SEED) == 0, "workloads built"))
		return report_summary();

	struct spe_session s = {
		.buf = buf, .size = BUF_SIZE, .interval = 1024,
		.pmscr = PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_TS_MASK | PMSCR_EL1_PCT_PREP(1),
		.restart = true, .trace = true,
	};

	spe_reset_local();
	spe_irq_init(SPE_PMBIRQ_INTID);
	irq_enable();
	int started = spe_start(&caps, &s);
	uint64_t end = pointer_chase_run(&pc, pc.nr_nodes, &sum);
	struct branchy_result r = branchy_run(&b, BRANCHY_ROUNDS);
	size_t rest = spe_stop(&s);

	irq_disable();
	report(started == 0, "SPE session at interval 1024 (EL1, timestamps)");
	report(end == 0, "pointer chase: %llu steps return to node 0", (unsigned long long)pc.nr_nodes);
	report(sum == pc.nr_nodes * (pc.nr_nodes - 1) / 2,
	       "pointer chase: every node visited once (index sum %llu)", (unsigned long long)sum);
	uint64_t expect = 0;

	for (size_t i = 0; i < b.size; i++)
		expect += (b.data[i] >> 7) ^ 1;
	report(r.taken == expect * BRANCHY_ROUNDS, "branchy: %llu taken of %llu",
	       (unsigned long long)r.taken, (unsigned long long)b.size * BRANCHY_ROUNDS);
	spe_cpu_stats(0, &st);
	report(st.faults == 0 && st.truncated == 0 && st.hc_errors == 0,
	       "no fault, no lost record, every piece accepted by the VMM");
	printf("SPE: %llu bytes of records in %u pieces (%u buffer-full interrupts, %lu bytes at the end)\n",
	       (unsigned long long)st.drained, st.pieces, st.fulls, (unsigned long)rest);
	return report_summary();
}
