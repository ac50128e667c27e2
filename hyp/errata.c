// SPDX-License-Identifier: GPL-2.0-only
/*
 * CPU models and SPE errata for the layers above: the API's
 * vspe_host_cpu_model() and its checks of a host configuration. The facts
 * and the behaviours live in hw (hw/spe-errata.h, docs/errata.md).
 */
#include <errno.h>

#include "hw/spe-errata.h"
#include "hyp/hyp.h"

_Static_assert(VSPE_ERRATUM_N1_1694299 == SPE_ERRATUM_N1_1694299,
	       "the API's erratum bits are hw's");

int hyp_cpu_model(const char *spec, uint64_t *midr, unsigned int *spe, uint32_t *errata)
{
	struct spe_cpu_model m;
	int err = spe_cpu_model_find(spec, &m);

	if (err == SPE_UNIT_ENOENT)
		return -ENOENT;
	if (err)
		return -EINVAL;
	*midr = m.midr;
	*spe = (unsigned int)m.version;
	*errata = spe_errata_of_midr(m.midr);
	return 0;
}

uint32_t hyp_cpu_errata(uint64_t midr)
{
	return spe_errata_of_midr(midr);
}

const char *hyp_erratum_name(uint32_t bit)
{
	return spe_erratum_name(bit);
}
