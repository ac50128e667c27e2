// SPDX-License-Identifier: GPL-2.0-only
/* The snapshot container: sections with CRCs (snapfile.h, docs/migration.md). */
#include <stdlib.h>
#include <string.h>

#include "snapfile.h"
#include "vmm_err.h"

static const char snap_magic[8] = { 'V', 'S', 'P', 'E', 'S', 'N', 'A', 'P' };

/*
 * Slicing by 8: table t[k][b] is the CRC of byte b followed by k zero
 * bytes, so eight bytes fold in with eight lookups (the snapshot's CRCs
 * run inside the migration downtime: ~8x the bytewise speed).
 */
uint32_t snap_crc32(uint32_t crc, const void *buf, size_t len)
{
	static uint32_t t[8][256];
	const uint8_t *p = buf;

	if (!t[0][1]) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;

			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			t[0][i] = c;
		}
		for (uint32_t i = 0; i < 256; i++)
			for (int k = 1; k < 8; k++)
				t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xff];
	}
	crc = ~crc;
	for (; len >= 8; p += 8, len -= 8) {
		uint32_t lo = crc ^ ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
				     (uint32_t)p[3] << 24);

		crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^
		      t[4][lo >> 24] ^ t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
	}
	while (len--)
		crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static void le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

void snap_put(struct snap_buf *b, const void *data, size_t len)
{
	if (b->err)
		return;
	if (b->len + len > b->cap) {
		size_t cap = b->cap ? b->cap : 1u << 16;
		uint8_t *p;

		while (cap < b->len + len)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->err = vmm_err_set(VMM_ENOMEM, "snapshot: out of memory (%zu bytes)", cap);
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	if (len)
		memcpy(b->p + b->len, data, len);
	b->len += len;
}

void snap_put64(struct snap_buf *b, uint64_t v)
{
	uint8_t w[8];

	le64(w, v);
	snap_put(b, w, sizeof(w));
}

void snap_begin(struct snap_buf *b)
{
	static const uint8_t zero[SNAP_HEADER_SIZE];

	memset(b, 0, sizeof(*b));
	snap_put(b, zero, sizeof(zero));
}

void snap_open(struct snap_buf *b, uint32_t tag)
{
	uint8_t h[SNAP_SECTION_HEADER] = { 0 };

	le32(h, tag);
	b->open = b->len;
	snap_put(b, h, sizeof(h));
}

void snap_close(struct snap_buf *b)
{
	uint8_t *h;
	uint64_t n;

	if (b->err || !b->open)
		return;
	h = b->p + b->open;
	n = b->len - b->open - SNAP_SECTION_HEADER;
	le64(h + 8, n);
	le32(h + 16, snap_crc32(0, h + SNAP_SECTION_HEADER, n));
	le32(h + 20, snap_crc32(0, h, 20));
	b->open = 0;
	b->sections++;
}

int snap_end(struct snap_buf *b)
{
	if (b->err)
		return b->err;
	memcpy(b->p, snap_magic, sizeof(snap_magic));
	le32(b->p + 8, SNAP_VERSION);
	le32(b->p + 12, b->sections);
	le64(b->p + 16, b->len);
	le32(b->p + 24, 0);
	le32(b->p + 28, snap_crc32(0, b->p, 28));
	return 0;
}

void snap_free(struct snap_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

void snap_tag_name(uint32_t tag, char out[5])
{
	for (int i = 0; i < 4; i++) {
		char c = (char)(tag >> (8 * i));

		out[i] = c >= 'A' && c <= 'Z' ? c : '?';
	}
	out[4] = '\0';
}

int snap_parse(const uint8_t *img, size_t len, struct snap_section *secs, size_t cap,
	       size_t *n)
{
	uint64_t total, off = SNAP_HEADER_SIZE;
	uint32_t count;

	*n = 0;
	if (len < SNAP_HEADER_SIZE || memcmp(img, snap_magic, sizeof(snap_magic)))
		return vmm_err_set(VMM_EINVAL, "not a vspe snapshot (no VSPESNAP header)");
	if (rd32(img + 28) != snap_crc32(0, img, 28))
		return vmm_err_set(VMM_EINVAL, "snapshot header is corrupted (CRC mismatch)");
	if (rd32(img + 8) != SNAP_VERSION)
		return vmm_err_set(VMM_EINVAL, "snapshot version %u: this vspe reads version %u",
				   rd32(img + 8), SNAP_VERSION);
	count = rd32(img + 12);
	total = rd64(img + 16);
	if (total != len)
		return vmm_err_set(VMM_EINVAL, "snapshot is %s: %zu bytes, its header says %llu",
				   len < total ? "truncated" : "longer than written", len,
				   (unsigned long long)total);
	if (count > cap || rd32(img + 24))
		return vmm_err_set(VMM_EINVAL, "snapshot header: %u sections (at most %zu)",
				   count, cap);
	for (uint32_t i = 0; i < count; i++) {
		const uint8_t *h = img + off;
		uint64_t sl;
		char name[5];

		if (len - off < SNAP_SECTION_HEADER)
			return vmm_err_set(VMM_EINVAL, "snapshot truncated in section #%u", i);
		snap_tag_name(rd32(h), name);
		if (rd32(h + 20) != snap_crc32(0, h, 20) || rd32(h + 4))
			return vmm_err_set(VMM_EINVAL, "snapshot section #%u header is corrupted "
					   "(CRC mismatch)", i);
		sl = rd64(h + 8);
		if (sl > len - off - SNAP_SECTION_HEADER)
			return vmm_err_set(VMM_EINVAL, "snapshot section %s (#%u) runs past the end",
					   name, i);
		if (rd32(h + 16) != snap_crc32(0, h + SNAP_SECTION_HEADER, sl))
			return vmm_err_set(VMM_EINVAL, "snapshot section %s (#%u) is corrupted "
					   "(CRC mismatch)", name, i);
		secs[i] = (struct snap_section){ .tag = rd32(h), .data = h + SNAP_SECTION_HEADER,
						 .len = sl };
		off += SNAP_SECTION_HEADER + sl;
	}
	if (off != len)
		return vmm_err_set(VMM_EINVAL, "snapshot has %llu bytes after its last section",
				   (unsigned long long)(len - off));
	*n = count;
	return 0;
}

const uint8_t *snap_get(struct snap_reader *r, size_t n)
{
	const uint8_t *p;

	if (r->bad || n > r->len - r->off) {
		r->bad = 1;
		return NULL;
	}
	p = r->p + r->off;
	r->off += n;
	return p;
}

uint64_t snap_get64(struct snap_reader *r)
{
	const uint8_t *p = snap_get(r, 8);

	return p ? rd64(p) : 0;
}
