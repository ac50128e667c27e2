// SPDX-License-Identifier: GPL-2.0-only
// spe-interval: sampling produces records at the programmed interval. A
// loop of exactly 999,999 instructions (ADD + SUBS + B.NE, 333,333 times) is
// profiled at EL1 with no filter; vspe samples architectural instructions
// with a gap of R + 1 (docs/spe-unit.md: the member after a selection
// reloads the counter), so the loop alone gives floor(999,999 / (R + 1))
// records: 3891 at R = 256, 975 at 1024, 244 at 4096. The few instructions
// of the driver around the loop (spe_start's tail, spe_stop's head) may add
// one record at most, which must then lie outside the loop. Profiling must
// not change what the loop computes: it counts its iterations in x1.
#include "mem.h"
#include "report.h"
#include "spe.h"
#include "spe_trace.h"
#include "sysreg.h"

#define BUF_SIZE	(256u << 10)
#define LOOP_ITERS	333333u
#define LOOP_INSNS	(3 * LOOP_ITERS)

/* The loop and its bounds, in assembly so its instruction count is exact. */
uint64_t spin_loop(uint64_t iterations);
extern const char spin_loop_end[];
__asm__(".text\n"
	".balign 64\n"
	".global spin_loop\n"
	".type spin_loop, %function\n"
	"spin_loop:\n"
	"	mov x1, #0\n"
	"1:	add x1, x1, #1\n"
	"	subs x0, x0, #1\n"
	"	b.ne 1b\n"
	"	mov x0, x1\n"
	"	ret\n"
	".global spin_loop_end\n"
	"spin_loop_end:\n"
	".size spin_loop, spin_loop_end - spin_loop\n");

/* A load in the loop: sums *one (1) per iteration, as many as asked. */
uint64_t load_loop(uint64_t iterations, const uint64_t *one);
__asm__(".text\n"
	".global load_loop\n"
	".type load_loop, %function\n"
	"load_loop:\n"
	"	mov x2, #0\n"
	"1:	ldr x3, [x1]\n"
	"	add x2, x2, x3\n"
	"	subs x0, x0, #1\n"
	"	b.ne 1b\n"
	"	mov x0, x2\n"
	"	ret\n"
	".size load_loop, . - load_loop\n");

static struct spe_caps caps;


static void check_interval(uint8_t *buf, uint32_t interval, uint64_t want)
{
	struct spe_session s = {
		.buf = buf, .size = BUF_SIZE, .interval = interval,
		.pmscr = PMSCR_EL1_E1SPE_MASK,
	};
	struct spe_trace_stats st;

	/* Nothing between start and stop but the loop (a report() would be sampled too). */
	uint64_t count = 0;
	int started = spe_start(&caps, &s);

	if (started == 0)
		count = spin_loop(LOOP_ITERS);
	size_t bytes = spe_stop(&s);

	if (!report(started == 0, "R = %u: session started", interval))
		return;
	int err = spe_trace_walk(buf, bytes, (uintptr_t)spin_loop, (uintptr_t)spin_loop_end, &st);

	report(count == LOOP_ITERS, "R = %u: the loop counted %llu iterations (want %u)", interval,
	       (unsigned long long)count, LOOP_ITERS);
	report(err == 0, "R = %u: %lu bytes of well-formed records", interval, (unsigned long)bytes);
	report(st.pcs_in_range == want, "R = %u: %llu records in the loop (want %llu)", interval,
	       (unsigned long long)st.pcs_in_range, (unsigned long long)want);
	report(st.records - st.pcs_in_range <= 1, "R = %u: %llu records outside the loop (at most 1)",
	       interval, (unsigned long long)(st.records - st.pcs_in_range));
	report(st.pc_el[1] == st.records, "R = %u: every record sampled at EL1", interval);
	report(read_sysreg_key(SYS_PMBSR_EL1) == 0, "R = %u: no buffer-management event", interval);
}

/* Profiling at the smallest interval changes nothing a load loop computes. */
static void check_loads(uint8_t *buf)
{
	static const uint64_t one = 1;
	struct spe_session s = {
		.buf = buf, .size = BUF_SIZE, .interval = 256,
		.pmscr = PMSCR_EL1_E1SPE_MASK,
	};
	uint64_t count = 0;
	int started = spe_start(&caps, &s);

	if (started == 0)
		count = load_loop(LOOP_ITERS, &one);
	spe_stop(&s);
	report(started == 0 && count == LOOP_ITERS, "loads: the loop summed %llu (want %u)",
	       (unsigned long long)count, LOOP_ITERS);
}

int main(void)
{
	if (spe_probe(&caps)) {
		report_skip("no usable SPE (ID_AA64DFR0_EL1.PMSVer == 0 or PMBIDR_EL1.P)");
		return report_summary();
	}
	uint8_t *buf = mem_alloc(BUF_SIZE, 4096);

	if (!report(buf != 0, "buffer allocated"))
		return report_summary();
	check_interval(buf, 256, LOOP_INSNS / 257);
	check_interval(buf, 1024, LOOP_INSNS / 1025);
	check_interval(buf, 4096, LOOP_INSNS / 4097);
	check_loads(buf);
	return report_summary();
}
