// SPDX-License-Identifier: GPL-2.0-only
// spe-transparent: profiling must not change what a program computes. The
// same workloads run unprofiled and profiled at the smallest interval
// (256): an ALU loop, a loop of loads, the pointer chase (LDR x0, [x0]:
// a load whose base is its destination) and branchy; every result must be
// identical. (At the time of writing the pointer chase's sum differs on
// vspe: see docs/spe-driver.md "Known problems".)
#include "mem.h"
#include "report.h"
#include "spe.h"
#include "sysreg.h"
#include "workload.h"

#define BUF_SIZE	(1u << 20)
#define SEED		0x7a5ull

static struct spe_caps caps;
static uint8_t *buf;
static struct pointer_chase chase;
static struct branchy branchy;

static void begin(void)
{
	struct spe_session s = {
		.buf = buf, .size = BUF_SIZE, .interval = 256, .pmscr = PMSCR_EL1_E1SPE_MASK,
	};
	static struct spe_session keep;

	keep = s;
	spe_start(&caps, &keep);
}

static void end(void)
{
	struct spe_session s = { .buf = buf, .size = BUF_SIZE };

	spe_stop(&s);
}

static uint64_t alu(void)
{
	return compute_run(200000, SEED);
}

static uint64_t chase_sum(void)
{
	uint64_t sum = 0;

	pointer_chase_run(&chase, chase.nr_nodes, &sum);
	return sum;
}

static uint64_t chase_end(void)
{
	return pointer_chase_run(&chase, chase.nr_nodes / 3, 0);
}

static uint64_t branches(void)
{
	struct branchy_result r = branchy_run(&branchy, 2);

	return r.taken ^ r.acc << 20;
}

static void same(const char *what, uint64_t (*fn)(void))
{
	uint64_t want = fn();

	begin();
	uint64_t got = fn();

	end();
	report(got == want, "%s: profiled 0x%llx == unprofiled 0x%llx", what,
	       (unsigned long long)got, (unsigned long long)want);
}

int main(void)
{
	if (spe_probe(&caps)) {
		report_skip("no usable SPE (ID_AA64DFR0_EL1.PMSVer == 0 or PMBIDR_EL1.P)");
		return report_summary();
	}
	buf = mem_alloc(BUF_SIZE, 4096);
	if (!report(buf && pointer_chase_init(&chase, 1u << 20, SEED) == 0 &&
		    branchy_init(&branchy, 32u << 10, SEED) == 0, "workloads ready"))
		return report_summary();
	same("ALU loop", alu);
	same("branchy", branches);
	same("pointer chase, end node", chase_end);
	same("pointer chase, index sum", chase_sum);
	return report_summary();
}
