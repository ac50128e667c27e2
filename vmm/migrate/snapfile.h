/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The vspe snapshot format (docs/migration.md), shared by snapshot files
 * and the live-migration stream. Little-endian:
 *
 *   header   "VSPESNAP" | u32 version | u32 sections | u64 total bytes |
 *            u32 0 | u32 CRC-32 of the 28 bytes before it
 *   section  u32 tag | u32 0 | u64 length | u32 CRC-32 of the data |
 *            u32 CRC-32 of the 20 bytes before it, then the data
 *
 * Every byte is covered by a CRC, so a truncated, corrupted or foreign
 * file is refused, naming the section, before anything is restored.
 */
#ifndef VMM_MIGRATE_SNAPFILE_H
#define VMM_MIGRATE_SNAPFILE_H

#include <stddef.h>
#include <stdint.h>

#define SNAP_VERSION		1u
#define SNAP_HEADER_SIZE	32u
#define SNAP_SECTION_HEADER	24u
#define SNAP_MAX_SECTIONS	(4u + 512u + 8u)

#define SNAP_TAG(a, b, c, d)	((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | \
				 (uint32_t)(d) << 24)
#define SNAP_CONF	SNAP_TAG('C', 'O', 'N', 'F')	/* machine options */
#define SNAP_MEMR	SNAP_TAG('M', 'E', 'M', 'R')	/* guest RAM */
#define SNAP_VCPU	SNAP_TAG('V', 'C', 'P', 'U')	/* one vCPU's register list */
#define SNAP_MACH	SNAP_TAG('M', 'A', 'C', 'H')	/* clock, scheduler, RNGs, GIC, SPE units */
#define SNAP_PINS	SNAP_TAG('P', 'I', 'N', 'S')	/* pinning strategy and state */
#define SNAP_DEVS	SNAP_TAG('D', 'E', 'V', 'S')	/* PL011, console scan */
#define SNAP_TRCE	SNAP_TAG('T', 'R', 'C', 'E')	/* the trace written so far */

/* CRC-32 (IEEE 802.3, reflected 0xedb88320), chainable from crc = 0. */
uint32_t snap_crc32(uint32_t crc, const void *buf, size_t len);

/* A growing buffer the writer fills; err sticks at the first failure. */
struct snap_buf {
	uint8_t *p;
	size_t len, cap;
	unsigned int sections;
	size_t open;		/* offset of the open section's header, or 0 */
	int err;
};

void snap_begin(struct snap_buf *b);
void snap_put(struct snap_buf *b, const void *data, size_t len);
void snap_put64(struct snap_buf *b, uint64_t v);
/* A section is opened, filled with snap_put*, then closed (CRCs written). */
void snap_open(struct snap_buf *b, uint32_t tag);
void snap_close(struct snap_buf *b);
/* Finishes the header; 0 or the first error (VMM_ENOMEM). */
int snap_end(struct snap_buf *b);
void snap_free(struct snap_buf *b);

struct snap_section {
	uint32_t tag;
	const uint8_t *data;
	uint64_t len;
};

/* Checks the whole image; VMM_EINVAL with vmm_err_detail() naming what is wrong. */
int snap_parse(const uint8_t *img, size_t len, struct snap_section *secs, size_t cap,
	       size_t *n);
/* "CONF" for a tag (a static buffer per call site is not needed: 5 bytes out). */
void snap_tag_name(uint32_t tag, char out[5]);

/* Reading a section's fields: stops (bad = 1) at the end instead of overrunning. */
struct snap_reader {
	const uint8_t *p;
	size_t len, off;
	int bad;
};
uint64_t snap_get64(struct snap_reader *r);
const uint8_t *snap_get(struct snap_reader *r, size_t n);

#endif
