// SPDX-License-Identifier: GPL-2.0-only
/* The decoders' shared buffer position and resynchronisation. */
#include "spe_cursor.h"

#include "decode/spe_error.h"
#include "decode/spe_packet.h"

void spe_cursor_init(struct spe_cursor *cur, const uint8_t *buf, size_t len)
{
	cur->buf = buf;
	cur->len = len;
	cur->pos = 0;
	cur->synced = true;
}

int spe_cursor_sync_forward(struct spe_cursor *cur)
{
	if (cur->pos >= cur->len)
		return -SPE_ERR_EOS;
	cur->pos = spe_find_record_start(cur->buf, cur->len, cur->pos + 1);
	cur->synced = true;
	return cur->pos < cur->len ? 0 : -SPE_ERR_EOS;
}

int spe_cursor_sync_set(struct spe_cursor *cur, uint64_t offset)
{
	if (offset > cur->len)
		return -SPE_ERR_INVAL;
	cur->pos = (size_t)offset;
	cur->synced = true;
	return 0;
}
