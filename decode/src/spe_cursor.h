/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Private to the library: the position in a trace buffer that the packet
 * and the record decoders share, with the resynchronisation both offer.
 */
#ifndef DECODE_SPE_CURSOR_H
#define DECODE_SPE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct spe_cursor {
	const uint8_t *buf;
	size_t len;
	size_t pos;		/* next item, or the bad byte after an error */
	bool synced;		/* false after a decode error until resynced */
};

void spe_cursor_init(struct spe_cursor *cur, const uint8_t *buf, size_t len);
/* Moves to the next plausible record start after pos: 0 or -SPE_ERR_EOS. */
int spe_cursor_sync_forward(struct spe_cursor *cur);
/* Trusts the caller that offset starts a record: 0 or -SPE_ERR_INVAL. */
int spe_cursor_sync_set(struct spe_cursor *cur, uint64_t offset);

#endif
