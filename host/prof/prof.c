// SPDX-License-Identifier: GPL-2.0-only
/*
 * One host perf session with the physical SPE units (host/prof.h): the
 * registers the host programs, its own buffers behind an EL2 memory port,
 * and the buffer-management interrupt handler, in the order Linux's
 * arm_spe_pmu uses (spe-architecture.md §6.4, §6.5).
 */
#include <stdlib.h>
#include <string.h>

#include "arch/sysreg.h"
#include "host/prof.h"

struct prof_cpu {
	struct host_prof *hp;
	unsigned int n;
	uint8_t *buf;
	uint64_t base;		/* EL2 VA of buf */
	uint64_t head;		/* first byte not yet drained */
	bool running;
	struct host_prof_regs regs;
	struct spe_mem_port port;
};

struct host_prof {
	struct host_prof_config cfg;
	unsigned int nr_cpus;
	struct prof_cpu *cpus;
	struct host_prof_stats st;
};

const char *host_prof_strerror(int err)
{
	switch (err) {
	case HOST_PROF_OK:	return "success";
	case HOST_PROF_EINVAL:	return "invalid host profiling configuration";
	case HOST_PROF_ENOMEM:	return "out of memory";
	case HOST_PROF_EFAULT:	return "the SPE unit reported a fault on the host buffer";
	default:		return "unknown host_prof error";
	}
}

/*
 * The EL2 stage 1 of the host buffer: one flat mapping of [base, +size).
 * Anything else is a translation fault, as an unmapped EL2 VA would be.
 */
static int prof_port_write(void *ctx, const struct spe_regime *regime, uint64_t va,
			   const void *src, size_t len, struct spe_xlate_fault *fault)
{
	struct prof_cpu *c = ctx;
	uint64_t size = c->hp->cfg.buffer_size;
	size_t ok = 0;

	memset(fault, 0, sizeof(*fault));
	if (regime->owner_el == 2 && va >= c->base && va - c->base < size) {
		uint64_t room = size - (va - c->base);

		ok = len < room ? len : (size_t)room;
		memcpy(c->buf + (va - c->base), src, ok);
		if (ok == len)
			return 0;
	}
	fault->written = ok;
	fault->stage = 1;
	fault->fsc = ESR_ISS_DABT_DFSC_TRANS_L0;
	return 1;
}

static void prof_reset_regs(struct prof_cpu *c)
{
	const struct host_prof_config *cfg = &c->hp->cfg;
	struct host_prof_regs *r = &c->regs;

	memset(r, 0, sizeof(*r));
	/*
	 * PMSCR_EL2: the owner is EL2, so TS, PA and PCT come from here (the
	 * host's physical clock); CX puts CONTEXTIDR_EL2, the vCPU thread, in
	 * every record. E2SPE stays 0: host code itself is not emulated.
	 */
	r->pmscr_el2 = PMSCR_EL2_TS_MASK | PMSCR_EL2_PA_MASK | PMSCR_EL2_CX_MASK |
		       PMSCR_EL2_PCT_PREP(PMSCR_EL2_PCT_PHYS);
	/* PMSCR_EL1 (PMSCR_EL12 to a VHE host): which guest ELs are sampled, and its PID. */
	r->pmscr_el1 = PMSCR_EL1_CX_MASK | PMSCR_EL1_PA_MASK |
		       (cfg->exclude_el1 ? 0 : PMSCR_EL1_E1SPE_MASK) |
		       (cfg->exclude_el0 ? 0 : PMSCR_EL1_E0SPE_MASK);
	r->pmsirr = PMSIRR_EL1_INTERVAL_PREP(cfg->interval >> 8) |
		    (cfg->jitter ? PMSIRR_EL1_RND_MASK : 0);
	r->pmbptr = c->base;
	r->pmblimitr = ((c->base + cfg->buffer_size) & PMBLIMITR_EL1_LIMIT_MASK) |
		       PMBLIMITR_EL1_E_MASK;
}

int host_prof_create(const struct host_prof_config *cfg, unsigned int nr_cpus,
		     struct host_prof **out)
{
	struct host_prof *hp;

	if (!cfg || !out || nr_cpus == 0 || nr_cpus > HOST_PROF_MAX_CPUS ||
	    cfg->target > HOST_PROF_VCPU || cfg->interval < 256 || cfg->interval % 256 ||
	    cfg->buffer_size < HOST_PROF_MIN_BUFFER || cfg->buffer_size > HOST_PROF_MAX_BUFFER ||
	    cfg->buffer_size % 4096 || (cfg->exclude_el0 && cfg->exclude_el1) ||
	    (cfg->target == HOST_PROF_CPU && cfg->id >= nr_cpus))
		return HOST_PROF_EINVAL;
	hp = calloc(1, sizeof(*hp));
	if (!hp)
		return HOST_PROF_ENOMEM;
	hp->cfg = *cfg;
	hp->nr_cpus = nr_cpus;
	hp->cpus = calloc(nr_cpus, sizeof(*hp->cpus));
	if (!hp->cpus) {
		free(hp);
		return HOST_PROF_ENOMEM;
	}
	for (unsigned int i = 0; i < nr_cpus; i++) {
		struct prof_cpu *c = &hp->cpus[i];

		c->hp = hp;
		c->n = i;
		c->base = HOST_PROF_VA_BASE + i * HOST_PROF_VA_STRIDE;
		c->head = c->base;
		c->running = true;
		c->port = (struct spe_mem_port){ .ctx = c, .write = prof_port_write };
		/* Only the CPUs the session can use get a buffer. */
		if (cfg->target != HOST_PROF_CPU || cfg->id == i) {
			c->buf = calloc(1, cfg->buffer_size);
			if (!c->buf) {
				host_prof_free(hp);
				return HOST_PROF_ENOMEM;
			}
		} else {
			c->running = false;
		}
		prof_reset_regs(c);
	}
	*out = hp;
	return HOST_PROF_OK;
}

void host_prof_free(struct host_prof *hp)
{
	if (!hp)
		return;
	for (unsigned int i = 0; hp->cpus && i < hp->nr_cpus; i++)
		free(hp->cpus[i].buf);
	free(hp->cpus);
	free(hp);
}

const struct host_prof_config *host_prof_config(const struct host_prof *hp)
{
	return &hp->cfg;
}

bool host_prof_targets(const struct host_prof *hp, unsigned int cpu, unsigned int vcpu)
{
	if (!hp || cpu >= hp->nr_cpus || !hp->cpus[cpu].running)
		return false;
	switch (hp->cfg.target) {
	case HOST_PROF_CPU:	return cpu == hp->cfg.id;
	case HOST_PROF_VCPU:	return vcpu == hp->cfg.id;
	default:		return true;
	}
}

bool host_prof_covers_vm(const struct host_prof *hp)
{
	return hp != NULL;
}

bool host_prof_running(const struct host_prof *hp, unsigned int cpu)
{
	return hp && cpu < hp->nr_cpus && hp->cpus[cpu].running;
}

uint32_t host_prof_contextidr(unsigned int vm, unsigned int vcpu)
{
	return (uint32_t)(vm & 0xffff) << 16 | (vcpu & 0xffff);
}

struct host_prof_regs *host_prof_regs(struct host_prof *hp, unsigned int cpu)
{
	return hp && cpu < hp->nr_cpus ? &hp->cpus[cpu].regs : NULL;
}

const struct spe_mem_port *host_prof_port(struct host_prof *hp, unsigned int cpu)
{
	return hp && cpu < hp->nr_cpus ? &hp->cpus[cpu].port : NULL;
}

/* Hands [head, upto) to the drain: whole records (the unit never splits one). */
static void prof_drain(struct prof_cpu *c, uint64_t upto)
{
	struct host_prof *hp = c->hp;
	uint64_t end = c->base + hp->cfg.buffer_size;

	if (upto > end)
		upto = end;
	if (!c->buf || upto <= c->head)
		return;
	if (hp->cfg.drain)
		hp->cfg.drain(hp->cfg.arg, c->n, c->buf + (c->head - c->base),
			      (size_t)(upto - c->head));
	hp->st.pieces++;
	hp->st.bytes += upto - c->head;
	c->head = upto;
}

int host_prof_irq(struct host_prof *hp, unsigned int cpu, struct host_prof_regs *r)
{
	struct prof_cpu *c;
	uint64_t ec, bsc;

	if (!hp || cpu >= hp->nr_cpus || !r)
		return HOST_PROF_EINVAL;
	c = &hp->cpus[cpu];
	hp->st.irqs++;
	if (!PMBSR_EL1_S_GET(r->pmbsr))
		return HOST_PROF_OK;	/* spurious: nothing to do (Linux: IRQ_NONE) */
	ec = PMBSR_EL1_EC_GET(r->pmbsr);
	bsc = PMBSR_MSS_BSC_GET(PMBSR_EL1_MSS_GET(r->pmbsr));
	prof_drain(c, r->pmbptr);
	if (ec == PMBSR_EL1_EC_BUF && bsc == PMBSR_MSS_BSC_FULL) {
		/* Full: the data is out, start again at the base (the AUX ring wraps). */
		hp->st.fulls++;
		c->head = c->base;
		r->pmbptr = c->base;
		r->pmbsr = 0;
		return HOST_PROF_OK;
	}
	/* Any fault on our own buffer is fatal for the session on this CPU. */
	hp->st.faults++;
	c->running = false;
	r->pmblimitr = 0;
	r->pmbsr = 0;
	return HOST_PROF_EFAULT;
}

void host_prof_flush(struct host_prof *hp, unsigned int cpu)
{
	struct prof_cpu *c;

	if (!hp || cpu >= hp->nr_cpus)
		return;
	c = &hp->cpus[cpu];
	prof_drain(c, c->regs.pmbptr);
	c->running = false;
}

void host_prof_stats(const struct host_prof *hp, struct host_prof_stats *st)
{
	*st = hp->st;
}
