// SPDX-License-Identifier: GPL-2.0-only
/*
 * The storm's generator for snapshots and migration (docs/migration.md):
 * a run is defined by its seed, so a migrated VM must see the same host
 * events (kinds and pages) after the move as it would have without it.
 * Where the destination host keeps its frames is its own business.
 */
#include "mm-internal.h"

void host_mm_storm_state_get(const struct host_mm *mm, uint64_t *rng, uint64_t *acc)
{
	*rng = mm->rng;
	*acc = mm->acc;
}

int host_mm_storm_state_set(struct host_mm *mm, uint64_t rng, uint64_t acc)
{
	/* acc is a remainder modulo one million instructions. */
	if (!mm || acc >= 1000000)
		return HOST_MM_EINVAL;
	mm->rng = rng;
	mm->acc = acc;
	return HOST_MM_OK;
}
