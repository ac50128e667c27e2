// SPDX-License-Identifier: GPL-2.0-only
// spe-smp: SPE on 4 vCPUs that the host scheduler moves between physical
// CPUs (the manifest's -migrate entries run them round-robin, --sched rr,
// on 2 or 3 host CPUs with short time slices, so every vCPU is put and
// loaded again, on other CPUs, many times; under the default affinity
// they keep their CPUs). Each
// CPU profiles its own copy of a loop into its own 16 KiB buffer, with
// CONTEXTIDR_EL1 = 0x5e00 + its index and PMSCR_EL1.CX, restarting at
// every buffer-full interrupt and handing each piece to the trace channel.
// No record may be lost or land in another CPU's stream: every record of a
// CPU's pieces carries that CPU's context, none has a PC in another CPU's
// loop, and each CPU's loop gets its 975 records (999,999 instructions at
// R = 1024, docs/spe-unit.md), give or take the instructions its own
// interrupt handler adds between samples.
#include "irq.h"
#include "mem.h"
#include "report.h"
#include "smp.h"
#include "spe.h"
#include "spe_trace.h"
#include "spinlock.h"
#include "sysreg.h"
#include "timer.h"

#define NR_CPUS		4
#define BUF_SIZE	(16u << 10)
#define ITERS		333333u
#define CTX_BASE	0x5e00u

/* Four copies of the same loop (ADD, SUBS, B.NE), each with its own addresses. */
#define WORK(n)								\
	".global smp_work" #n "\n"					\
	".type smp_work" #n ", %function\n"				\
	".balign 64\n"							\
	"smp_work" #n ":\n"						\
	"	mov x1, #0\n"						\
	"1:	add x1, x1, #1\n"					\
	"	subs x0, x0, #1\n"					\
	"	b.ne 1b\n"						\
	"	mov x0, x1\n"						\
	"	ret\n"							\
	".size smp_work" #n ", . - smp_work" #n "\n"
__asm__(".text\n" WORK(0) WORK(1) WORK(2) WORK(3) ".balign 64\n.global smp_work_end\nsmp_work_end:\n");
uint64_t smp_work0(uint64_t), smp_work1(uint64_t), smp_work2(uint64_t), smp_work3(uint64_t);
extern const char smp_work_end[];

static uint64_t (*const work[NR_CPUS])(uint64_t) = { smp_work0, smp_work1, smp_work2, smp_work3 };

struct cpu_result {
	uint64_t count;			/* what the loop computed */
	uint64_t records, own, foreign, bad_ctx, bad_pieces;
	struct spe_cpu_stats st;
	int started;
};

static struct spe_caps caps;
static struct cpu_result res[NR_CPUS];
static uint8_t *bufs[NR_CPUS];
static uint64_t done;

/* Which CPU's loop holds pc, or -1 (the loops are 64-byte aligned and in order). */
static int loop_of(uint64_t pc)
{
	for (int c = 0; c < NR_CPUS; c++) {
		uint64_t lo = (uintptr_t)work[c];
		uint64_t hi = c + 1 < NR_CPUS ? (uintptr_t)work[c + 1] : (uintptr_t)smp_work_end;

		if (pc >= lo && pc < hi)
			return c;
	}
	return -1;
}

static void on_record(const struct spe_trace_record *r, void *arg)
{
	unsigned int c = (unsigned int)(uintptr_t)arg;
	struct cpu_result *x = &res[c];
	int l = loop_of(r->pc);

	x->records++;
	if (!r->has_context || r->context != CTX_BASE + c)
		x->bad_ctx++;
	if (l == (int)c)
		x->own++;
	else if (l >= 0)
		x->foreign++;
}

static void on_piece(const struct spe_session *s, const uint8_t *p, size_t len, uint32_t flags,
		     void *arg)
{
	struct spe_trace_stats st;

	(void)s;
	if (flags || spe_trace_each(p, len, on_record, arg, &st))
		res[(uintptr_t)arg].bad_pieces++;
}

static void profile(void *arg)
{
	unsigned int c = (unsigned int)(uintptr_t)arg;
	struct spe_session s = {
		.buf = bufs[c], .size = BUF_SIZE, .interval = 1024,
		.pmscr = PMSCR_EL1_E1SPE_MASK | PMSCR_EL1_CX_MASK,
		.restart = true, .trace = true, .drain = on_piece, .drain_arg = arg,
	};

	write_sysreg(contextidr_el1, CTX_BASE + c);
	isb();
	spe_reset_local();
	spe_irq_init(SPE_PMBIRQ_INTID);
	irq_enable();
	res[c].started = spe_start(&caps, &s);
	if (res[c].started == 0)
		res[c].count = work[c](ITERS);
	spe_stop(&s);
	irq_disable();
	spe_cpu_stats(c, &res[c].st);
	atomic_add_return(&done, 1);
}

int main(void)
{
	if (spe_probe(&caps)) {
		report_skip("no usable SPE (ID_AA64DFR0_EL1.PMSVer == 0 or PMBIDR_EL1.P)");
		return report_summary();
	}
	if (!report(smp_nr_cpus() >= NR_CPUS, "%u CPUs (want %u)", smp_nr_cpus(), NR_CPUS))
		return report_summary();
	for (unsigned int c = 0; c < NR_CPUS; c++)
		bufs[c] = mem_alloc(BUF_SIZE, 4096);
	for (unsigned int c = 1; c < NR_CPUS; c++)
		report(smp_boot(c, profile, (void *)(uintptr_t)c) == 0, "CPU %u started", c);
	profile(0);
	uint64_t deadline = timer_deadline_ms(20000);

	while (atomic_read(&done) < NR_CPUS && !timer_expired(deadline))
		wfe();
	report(atomic_read(&done) == NR_CPUS, "every CPU finished its session");

	for (unsigned int c = 0; c < NR_CPUS; c++) {
		struct cpu_result *x = &res[c];

		report_info("CPU %u: %llu records (%llu in its loop), %u interrupts, %u pieces", c,
			    (unsigned long long)x->records, (unsigned long long)x->own, x->st.irqs,
			    x->st.pieces);
		report(x->started == 0 && x->count == ITERS, "CPU %u: the loop counted %llu", c,
		       (unsigned long long)x->count);
		report(x->st.fulls >= 1 && x->st.restarts == x->st.fulls && x->st.faults == 0 &&
		       x->st.truncated == 0 && x->st.collisions == 0 && x->st.hc_errors == 0,
		       "CPU %u: %u buffer-full restarts, no fault, no lost record", c, x->st.fulls);
		report(x->bad_pieces == 0 && x->bad_ctx == 0,
		       "CPU %u: every piece parses, every record has context 0x%x", c, CTX_BASE + c);
		report(x->foreign == 0, "CPU %u: no record from another CPU's loop", c);
		report(x->own + x->st.irqs + 1 >= ITERS * 3 / 1025 && x->own <= ITERS * 3 / 1025 + 1,
		       "CPU %u: %llu records in its loop (975, less at most one per interrupt)", c,
		       (unsigned long long)x->own);
	}
	return report_summary();
}
