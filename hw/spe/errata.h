/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The unit's errata state and the hooks observe.c calls (errata.c). Every
 * hook is a no-op on a unit whose spe_config.errata is 0.
 */
#ifndef HW_SPE_ERRATA_INTERNAL_H
#define HW_SPE_ERRATA_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/spe-op.h"

struct spe_unit;

/* Where the described operations are relative to the last branch target. */
#define SPE_ERRATA_FAR	0xffu	/* no branch target seen since the last bulk count */

struct spe_errata_state {
	uint8_t since_target;	/* the last described op: 0 = a branch target, 1 = the next ... */
	bool prev_taken;	/* the last described op was a taken branch */
	bool deferred;		/* a selection waits for the next branch target */
	uint8_t wait_left;	/* operations it still waits */
};

void spe_errata_reset(struct spe_unit *u);
/* ops_until_sample(): n members before the selection, as the CPU must see them. */
uint64_t spe_errata_until_sample(const struct spe_unit *u, uint64_t n);
/* n > 0 members counted without a description: positions are lost. */
void spe_errata_count(struct spe_unit *u, uint64_t n);
/*
 * PSB CSYNC, a new PMSICR_EL1 count or PMBLIMITR_EL1.E changing (a context
 * switch, a new session): a moved selection is dropped, positions forgotten.
 */
void spe_errata_forget(struct spe_unit *u);
/* A described operation: its distance from the last branch target (SPE_ERRATA_FAR unknown). */
uint8_t spe_errata_track(struct spe_unit *u, const struct spe_op *op);
/* A selection at distance d: true when the erratum moves it (no sample here). */
bool spe_errata_defer(struct spe_unit *u, uint8_t d);
/* While deferred, an operation at distance d: true when the moved sample lands on it. */
bool spe_errata_resume(struct spe_unit *u, uint8_t d);

#endif
