// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SPE unit's memory port (struct spe_mem_port) for a physical CPU:
 * a buffer write goes through the loaded guest's stage 1 (the CPU's own
 * walker, with the guest's SCTLR/TCR/TTBRs as they are now) and then
 * through stage 2, which today is the identity over the VM's memslots
 * (a gpa no writable slot backs is a stage-2 translation fault). The
 * stage-2 memory layer (hyp/mem) replaces spe_port_stage2() when it lands.
 * Nothing here waits: a fault is reported to the unit, as hardware does.
 */
#include <string.h>

#include "arch/sysreg.h"
#include "hyp-internal.h"
#include "spe-port.h"

#define PAGE_SIZE	4096ull

/* Stage 2: host address of [ipa, +len) in a writable slot, or NULL. */
static void *spe_port_stage2(struct hyp_vm *vm, uint64_t ipa, size_t len)
{
	for (unsigned int i = 0; i < HYP_MAX_MEMSLOTS; i++) {
		const struct hyp_memslot *s = &vm->slots[i];

		if (!s->used || (s->flags & VSPE_MEM_READONLY))
			continue;
		if (ipa >= s->gpa && ipa - s->gpa < s->size && len <= s->size - (ipa - s->gpa))
			return (uint8_t *)s->host + (ipa - s->gpa);
	}
	return NULL;
}

/*
 * Writes [va, +len) through stage 1 and stage 2 page by page; with src NULL
 * only checks that it could (the probe). 0, or 1 with *fault.
 */
static int spe_port_access(struct hyp_pcpu *p, const struct spe_regime *regime, uint64_t va,
			   const uint8_t *src, size_t len, struct spe_xlate_fault *fault)
{
	size_t done = 0;

	memset(fault, 0, sizeof(*fault));
	while (done < len) {
		uint64_t a = va + done;
		size_t n = (size_t)(PAGE_SIZE - (a & (PAGE_SIZE - 1)));
		struct cpu_walk w;
		void *host;

		if (n > len - done)
			n = len - done;
		/* Owner EL2 would be the host's own buffer: the host never profiles. */
		if (regime->owner_el != 1 || !p->loaded) {
			fault->stage = 1;
			fault->fsc = ESR_ISS_DABT_DFSC_TRANS_L0;
			goto out;
		}
		if (cpu_translate(p->cpu, a, &w) != CPU_OK || w.fault) {
			fault->stage = 1;
			fault->fsc = w.fault ? w.fsc : ESR_ISS_DABT_DFSC_TRANS_L0;
			goto out;
		}
		if (!w.writable_el1) {
			fault->stage = 1;
			fault->fsc = (uint8_t)(ESR_ISS_DABT_DFSC_PERM_L1 - 1 + (w.level ? w.level : 1));
			goto out;
		}
		host = spe_port_stage2(p->vm, w.pa, n);
		if (!host) {
			fault->stage = 2;
			fault->fsc = ESR_ISS_DABT_DFSC_TRANS_L3;
			goto out;
		}
		if (src)
			memcpy(host, src + done, n);
		done += n;
	}
	return 0;
out:
	fault->written = done;
	return 1;
}

static int spe_port_write(void *ctx, const struct spe_regime *regime, uint64_t va,
			  const void *buf, size_t len, struct spe_xlate_fault *fault)
{
	return spe_port_access(ctx, regime, va, buf, len, fault);
}

/* The same walk as a write, nothing stored: the unit's "is the next record quiet?". */
static int spe_port_probe(void *ctx, const struct spe_regime *regime, uint64_t va, size_t len)
{
	struct spe_xlate_fault f;

	return spe_port_access(ctx, regime, va, NULL, len, &f);
}

void spe_port_init(struct spe_mem_port *port, struct hyp_pcpu *pcpu)
{
	port->ctx = pcpu;
	port->write = spe_port_write;
	port->probe = spe_port_probe;
}
