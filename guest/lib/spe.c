// SPDX-License-Identifier: GPL-2.0-only
// The SPE driver, after Linux's arm_spe_pmu (spe-architecture.md §6). The
// register sequences follow the architecture: the buffer is set up before
// sampling is enabled; after disabling, PSB CSYNC + DSB make every record
// of the session visible in memory and PMBPTR_EL1/PMBSR_EL1 up to date
// (D24.4, "Synchronization of Statistical Profiling").
#include "gic.h"
#include "irq.h"
#include "spe.h"
#include "sysreg.h"
#include "vspe_hc.h"

/* Per CPU: the running session, where its undrained data starts, what happened. */
struct spe_cpu {
	const struct spe_session *s;
	uintptr_t head;			/* first byte not yet drained */
	struct spe_cpu_stats st;
	struct vspe_trace_info info;	/* TRACE_INFO payload (guest RAM) */
};

static struct spe_cpu cpus[SPE_MAX_CPUS];

static struct spe_cpu *this_cpu(void)
{
	unsigned int c = cpu_index();

	return &cpus[c < SPE_MAX_CPUS ? c : SPE_MAX_CPUS - 1];
}

/* PMSIDR_EL1.Interval encodings -> minimum interval (spaced-out values; unknown -> 4096). */
static uint32_t spe_min_interval(uint64_t code)
{
	static const uint32_t table[16] = {
		256, 0, 512, 768, 1024, 1536, 2048, 3072, 4096,
	};

	return code < 16 && table[code] ? table[code] : 4096;
}

int spe_probe(struct spe_caps *caps)
{
	uint64_t idr;

	*caps = (struct spe_caps){ 0 };
	caps->version = (unsigned int)ID_AA64DFR0_EL1_PMSVer_GET(read_sysreg(id_aa64dfr0_el1));
	if (caps->version == ID_AA64DFR0_EL1_PMSVer_NI)
		return -1;
	/* PMBIDR_EL1 first: PMSIDR_EL1 is only worth reading if the buffer is ours. */
	caps->pmbidr = read_sysreg_key(SYS_PMBIDR_EL1);
	caps->usable = !PMBIDR_EL1_P_GET(caps->pmbidr);
	caps->align = 1u << PMBIDR_EL1_ALIGN_GET(caps->pmbidr);
	/*
	 * P = 1: a higher EL owns the buffer, and it may trap (UNDEF) every
	 * other SPE register (Arm's reading, kvm-spe-design.md 4.3; vspe's
	 * exclusive-host policy does): refuse without touching one.
	 */
	if (!caps->usable)
		return -1;
	caps->pmsidr = read_sysreg_key(SYS_PMSIDR_EL1);
	idr = caps->pmsidr;
	caps->min_interval = spe_min_interval(PMSIDR_EL1_INTERVAL_GET(idr));
	caps->max_record = 1u << PMSIDR_EL1_MAXSIZE_GET(idr);
	caps->count_bits = PMSIDR_EL1_COUNTSIZE_GET(idr) == PMSIDR_EL1_COUNTSIZE_16_BIT_SAT ? 16 : 12;
	caps->fe = PMSIDR_EL1_FE_GET(idr);
	caps->ft = PMSIDR_EL1_FT_GET(idr);
	caps->fl = PMSIDR_EL1_FL_GET(idr);
	caps->fne = PMSIDR_EL1_FnE_GET(idr);
	caps->archinst = PMSIDR_EL1_ARCHINST_GET(idr);
	caps->lds = PMSIDR_EL1_LDS_GET(idr);
	caps->ernd = PMSIDR_EL1_ERND_GET(idr);
	/* Linux refuses these units: the buffer is not EL1's, or sizes out of 16..2048. */
	if (!caps->usable || caps->align > 2048 || caps->max_record < 16 || caps->max_record > 2048)
		return -1;
	return 0;
}

void spe_reset_local(void)
{
	write_sysreg_key(SYS_PMSCR_EL1, 0);
	isb();
	psb_csync();
	dsb(nsh);
	write_sysreg_key(SYS_PMBLIMITR_EL1, 0);
	isb();
	write_sysreg_key(SYS_PMBPTR_EL1, 0);
	isb();
	write_sysreg_key(SYS_PMBSR_EL1, 0);
	isb();
}

static uint64_t spe_limitr(const struct spe_session *s)
{
	return (((uintptr_t)s->buf + s->size) & PMBLIMITR_EL1_LIMIT_MASK) | PMBLIMITR_EL1_E_MASK;
}

int spe_start(const struct spe_caps *caps, const struct spe_session *cfg)
{
	struct spe_cpu *c = this_cpu();
	uintptr_t base = (uintptr_t)cfg->buf;

	if (!caps->version || !caps->usable || (base & 4095) || !cfg->size ||
	    (cfg->size & 4095) || cfg->size < caps->max_record || cfg->interval < 256 ||
	    (base & (caps->align - 1)))
		return -1;
	c->s = cfg;
	c->head = base;
	c->st = (struct spe_cpu_stats){ 0 };
	if (cfg->trace && vspe_hc_present()) {
		c->info = (struct vspe_trace_info){
			.version = 1, .size = sizeof(c->info), .pmscr = cfg->pmscr,
			.pmsirr = PMSIRR_EL1_INTERVAL_PREP(cfg->interval >> 8) |
				  (cfg->jitter ? PMSIRR_EL1_RND_MASK : 0),
			.pmsfcr = cfg->pmsfcr, .pmsevfr = cfg->pmsevfr, .pmslatfr = cfg->pmslatfr,
		};
		if (vspe_hc_trace_info(&c->info) == VSPE_HC_INVALID)
			c->st.hc_errors++;
	}
	/* §6.4: the buffer, then the filters, the interval and the counter, PMSCR last. */
	write_sysreg_key(SYS_PMBPTR_EL1, base);
	write_sysreg_key(SYS_PMBLIMITR_EL1, spe_limitr(cfg));
	write_sysreg_key(SYS_PMBSR_EL1, 0);
	isb();
	write_sysreg_key(SYS_PMSFCR_EL1, cfg->pmsfcr);
	write_sysreg_key(SYS_PMSEVFR_EL1, cfg->pmsevfr);
	if (caps->fne)
		write_sysreg_key(SYS_PMSNEVFR_EL1, cfg->pmsnevfr);
	write_sysreg_key(SYS_PMSLATFR_EL1, cfg->pmslatfr);
	write_sysreg_key(SYS_PMSIRR_EL1, PMSIRR_EL1_INTERVAL_PREP(cfg->interval >> 8) |
			 (cfg->jitter ? PMSIRR_EL1_RND_MASK : 0));
	isb();
	/* Software writes 0 to the counter before a session (D24.7.12). */
	write_sysreg_key(SYS_PMSICR_EL1, 0);
	isb();
	write_sysreg_key(SYS_PMSCR_EL1, cfg->pmscr);
	isb();
	return 0;
}

/* Hands [head, ptr) over: the trace channel, then the callback. */
static void spe_drain(struct spe_cpu *c, uintptr_t ptr, uint32_t flags)
{
	const struct spe_session *s = c->s;
	uintptr_t base = (uintptr_t)s->buf;

	if (ptr < c->head || ptr > base + s->size)
		return;		/* a pointer outside the buffer holds nothing of ours */
	if (ptr > c->head) {
		size_t len = (size_t)(ptr - c->head);

		/* NOT_SUPPORTED: vspe runs without -o, nobody wants the trace. */
		if (s->trace && vspe_hc_present() &&
		    vspe_hc_trace_write((const void *)c->head, len, flags, cpu_index()) ==
		    VSPE_HC_INVALID)
			c->st.hc_errors++;
		if (s->drain)
			s->drain(s, (const uint8_t *)c->head, len, flags, s->drain_arg);
		c->st.drained += len;
		c->st.pieces++;
	}
	c->head = ptr;
}

/* PMSCR_EL1 = 0, then everything in flight into the buffer, then the buffer off. */
static void spe_disable_and_drain(void)
{
	write_sysreg_key(SYS_PMSCR_EL1, 0);
	isb();
	psb_csync();
	dsb(nsh);
	write_sysreg_key(SYS_PMBLIMITR_EL1, 0);
	isb();
}

/* Acts on a buffer-management event of this CPU (PMBSR_EL1.S set); true to restart. */
static bool spe_event(struct spe_cpu *c, uint64_t pmbsr, bool may_restart)
{
	uint64_t ec = PMBSR_EL1_EC_GET(pmbsr);
	uintptr_t ptr = (uintptr_t)read_sysreg_key(SYS_PMBPTR_EL1);
	uint32_t flags = 0;
	bool ok;

	c->st.last_pmbsr = pmbsr;
	if (PMBSR_EL1_DL_GET(pmbsr)) {
		c->st.truncated++;
		flags |= VSPE_TRACE_TRUNCATED;
	}
	if (PMBSR_EL1_COLL_GET(pmbsr)) {
		c->st.collisions++;
		flags |= VSPE_TRACE_COLLISION;
	}
	/* §6.5: only "buffer full" is recoverable; faults and unknown codes are fatal. */
	ok = ec == PMBSR_EL1_EC_BUF &&
	     PMBSR_MSS_BSC_GET(PMBSR_EL1_MSS_GET(pmbsr)) == PMBSR_MSS_BSC_FULL;
	/* A fault leaves the record at PMBPTR partly written: the piece ends inside it. */
	if (ec == PMBSR_EL1_EC_FAULT_S1 || ec == PMBSR_EL1_EC_FAULT_S2)
		flags |= VSPE_TRACE_TRUNCATED;
	if (ok)
		c->st.fulls++;
	else {
		c->st.faults++;
		c->st.fault_pmbptr = ptr;
		c->st.stopped = true;
	}
	if (!c->s)
		return false;
	spe_drain(c, ptr, flags);
	return ok && !(flags & VSPE_TRACE_TRUNCATED) && c->s->restart && may_restart;
}

static void spe_irq(unsigned int intid, void *arg)
{
	struct spe_cpu *c = this_cpu();
	uint64_t pmbsr;

	(void)intid;
	(void)arg;
	c->st.irqs++;
	/* Records of operations before this point are in memory, the registers current. */
	psb_csync();
	dsb(nsh);
	isb();
	pmbsr = read_sysreg_key(SYS_PMBSR_EL1);
	if (!PMBSR_EL1_S_GET(pmbsr)) {
		c->st.spurious++;
		return;
	}
	if (spe_event(c, pmbsr, true)) {
		/* Restart at the start of the buffer, as a fresh AUX transaction. */
		c->head = (uintptr_t)c->s->buf;
		write_sysreg_key(SYS_PMBPTR_EL1, c->head);
		write_sysreg_key(SYS_PMBLIMITR_EL1, spe_limitr(c->s));
		isb();
		c->st.restarts++;
	} else {
		/*
		 * Stop: disable the buffer before clearing PMBSR_EL1.S (which drops
		 * the interrupt), else profiling would resume into the full buffer
		 * and fire again (D24.8).
		 */
		write_sysreg_key(SYS_PMBLIMITR_EL1, 0);
		isb();
	}
	/* Clearing S restarts profiling (when the buffer is on) and lowers PMBIRQ. */
	write_sysreg_key(SYS_PMBSR_EL1, 0);
	isb();
}

size_t spe_stop(const struct spe_session *cfg)
{
	struct spe_cpu *c = this_cpu();
	uintptr_t base = (uintptr_t)cfg->buf;
	uint64_t pmbsr;
	uintptr_t ptr;

	spe_disable_and_drain();
	ptr = (uintptr_t)read_sysreg_key(SYS_PMBPTR_EL1);
	pmbsr = read_sysreg_key(SYS_PMBSR_EL1);
	if (c->s == cfg) {
		if (PMBSR_EL1_S_GET(pmbsr)) {
			/* An event the interrupt has not handled yet (interrupts masked). */
			spe_event(c, pmbsr, false);
			write_sysreg_key(SYS_PMBSR_EL1, 0);
			isb();
		} else {
			uint32_t flags = 0;

			if (PMBSR_EL1_COLL_GET(pmbsr)) {
				c->st.collisions++;
				flags |= VSPE_TRACE_COLLISION;
				write_sysreg_key(SYS_PMBSR_EL1, 0);
				isb();
			}
			spe_drain(c, ptr, flags);
		}
		c->s = NULL;
	}
	return ptr >= base && ptr <= base + cfg->size ? (size_t)(ptr - base) : 0;
}

void spe_irq_init(unsigned int intid)
{
	irq_install(intid, spe_irq, 0);
	gic_irq_set_edge(intid, false);	/* PMBIRQ is level-sensitive (§2.7) */
	gic_irq_enable(intid);
}

unsigned int spe_irq_count(void)
{
	return this_cpu()->st.irqs;
}

uint64_t spe_irq_pmbsr(void)
{
	return this_cpu()->st.last_pmbsr;
}

void spe_cpu_stats(unsigned int cpu, struct spe_cpu_stats *st)
{
	*st = cpus[cpu < SPE_MAX_CPUS ? cpu : SPE_MAX_CPUS - 1].st;
}
