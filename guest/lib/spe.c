// SPDX-License-Identifier: GPL-2.0-only
// The register sequences follow the architecture's requirements: the
// buffer is set up before sampling is enabled, and after disabling,
// PSB CSYNC + DSB make every record of the session visible in memory
// (D24.4, "Synchronization of Statistical Profiling").
#include "gic.h"
#include "irq.h"
#include "spe.h"
#include "sysreg.h"

static volatile unsigned int irq_count;
static volatile uint64_t irq_pmbsr;

/* PMSIDR_EL1.Interval encodings -> minimum interval (spaced-out values). */
static uint32_t spe_min_interval(uint64_t code)
{
	static const uint32_t table[16] = {
		256, 0, 512, 768, 1024, 1536, 2048, 3072, 4096,
	};

	return code < 16 && table[code] ? table[code] : 4096;
}

int spe_probe(struct spe_caps *caps)
{
	*caps = (struct spe_caps){ 0 };
	caps->version = (unsigned int)ID_AA64DFR0_EL1_PMSVer_GET(read_sysreg(id_aa64dfr0_el1));
	if (caps->version == ID_AA64DFR0_EL1_PMSVer_NI)
		return -1;
	caps->pmsidr = read_sysreg_key(SYS_PMSIDR_EL1);
	caps->pmbidr = read_sysreg_key(SYS_PMBIDR_EL1);
	caps->min_interval = spe_min_interval(PMSIDR_EL1_INTERVAL_GET(caps->pmsidr));
	caps->max_record = 1u << PMSIDR_EL1_MAXSIZE_GET(caps->pmsidr);
	caps->align = 1u << PMBIDR_EL1_ALIGN_GET(caps->pmbidr);
	caps->usable = !PMBIDR_EL1_P_GET(caps->pmbidr);
	return 0;
}

int spe_start(const struct spe_caps *caps, const struct spe_session *cfg)
{
	uintptr_t base = (uintptr_t)cfg->buf;

	if (!caps->version || !caps->usable || (base & 4095) || !cfg->size ||
	    (cfg->size & 4095) || cfg->interval < 256 || (base & (caps->align - 1)))
		return -1;
	/* The buffer first, then the filters and interval, then enable. */
	write_sysreg_key(SYS_PMBPTR_EL1, base);
	write_sysreg_key(SYS_PMBLIMITR_EL1, ((base + cfg->size) & PMBLIMITR_EL1_LIMIT_MASK) |
			 PMBLIMITR_EL1_E_MASK);
	write_sysreg_key(SYS_PMBSR_EL1, 0);
	isb();
	write_sysreg_key(SYS_PMSFCR_EL1, cfg->pmsfcr);
	write_sysreg_key(SYS_PMSEVFR_EL1, cfg->pmsevfr);
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

size_t spe_stop(const struct spe_session *cfg)
{
	write_sysreg_key(SYS_PMSCR_EL1, 0);
	isb();
	psb_csync();
	dsb(nsh);
	uint64_t ptr = read_sysreg_key(SYS_PMBPTR_EL1);

	write_sysreg_key(SYS_PMBLIMITR_EL1, 0);
	isb();
	uintptr_t base = (uintptr_t)cfg->buf;

	return ptr >= base && ptr <= base + cfg->size ? (size_t)(ptr - base) : 0;
}

static void spe_irq(unsigned int intid, void *arg)
{
	(void)intid;
	(void)arg;
	irq_pmbsr = read_sysreg_key(SYS_PMBSR_EL1);
	irq_count++;
	/*
	 * Disable the buffer before clearing PMBSR_EL1.S (which drops the
	 * interrupt): with S clear and the buffer still enabled, profiling
	 * would resume into the full buffer and fire again (D24.8).
	 */
	write_sysreg_key(SYS_PMBLIMITR_EL1, 0);
	isb();
	write_sysreg_key(SYS_PMBSR_EL1, 0);
	isb();
}

void spe_irq_init(unsigned int intid)
{
	irq_count = 0;
	irq_pmbsr = 0;
	irq_install(intid, spe_irq, 0);
	gic_irq_set_edge(intid, false);
	gic_irq_enable(intid);
}

unsigned int spe_irq_count(void)
{
	return irq_count;
}

uint64_t spe_irq_pmbsr(void)
{
	return irq_pmbsr;
}
