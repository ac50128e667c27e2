// SPDX-License-Identifier: GPL-2.0-only
// A read-only walk of the structure block. Only /memory, /cpus and /chosen
// at depth 1 (and their children) are looked at.
#include <stdbool.h>
#include "dtb.h"
#include "layout.h"

#define FDT_MAGIC	0xd00dfeedu
#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9
#define FDT_MAX_SIZE	(2u << 20)	/* the machine reserves 2 MiB for it */
#define FDT_HEADER_SIZE	40

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Only read where RAM surely is: the first 128 MiB. */
static bool dtb_in_ram(uintptr_t addr)
{
	return addr >= GUEST_RAM_BASE && addr < GUEST_RAM_BASE + GUEST_RAM_DEFAULT_SIZE &&
	       !(addr & 7);
}

/* a is a property name in the strings block, at most n bytes long. */
static bool str_eq(const char *a, size_t n, const char *b)
{
	while (n && *a && *a == *b) {
		a++;
		b++;
		n--;
	}
	return n && *a == *b;
}

/* Node name without the unit address equals base ("cpu" for "cpu@1"). */
static bool name_is(const char *name, const char *base)
{
	while (*base && *name == *base) {
		name++;
		base++;
	}
	return !*base && (!*name || *name == '@');
}

static uint64_t read_cells(const uint8_t *p, uint32_t cells)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < cells && i < 2; i++)
		v = v << 32 | be32(p + 4 * i);
	return v;
}

int dtb_scan(uintptr_t hint, struct dtb_info *info)
{
	uintptr_t end = GUEST_RAM_BASE + GUEST_RAM_DEFAULT_SIZE;

	if (dtb_in_ram(hint) && dtb_parse((const void *)hint, end - hint, info) == 0)
		return 0;
	return dtb_parse((const void *)GUEST_RAM_BASE, FDT_MAX_SIZE, info);
}

static int dtb_walk(const void *blob, size_t avail, struct dtb_info *info)
{
	const uint8_t *base = blob;

	if (avail < FDT_HEADER_SIZE || be32(base) != FDT_MAGIC)
		return -1;
	uint32_t total = be32(base + 4);
	uint32_t off_struct = be32(base + 8), off_strings = be32(base + 12);
	uint32_t size_strings = be32(base + 32), size_struct = be32(base + 36);

	if (total < FDT_HEADER_SIZE || total > avail || total > FDT_MAX_SIZE ||
	    (off_struct & 3) || off_struct > total || size_struct > total - off_struct ||
	    off_strings > total || size_strings > total - off_strings)
		return -1;
	const uint8_t *p = base + off_struct, *end = p + size_struct;
	const char *strings = (const char *)base + off_strings;
	uint32_t addr_cells = 2, size_cells = 2;
	int depth = 0;
	enum { OTHER, MEMORY, CPUS, CHOSEN } top = OTHER;

	while (p + 4 <= end) {
		uint32_t tok = be32(p);

		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			const uint8_t *q = p;

			while (q < end && *q)
				q++;
			if (q >= end)
				return -1;
			p = (const uint8_t *)(((uintptr_t)q + 4) & ~(uintptr_t)3);
			depth++;
			if (depth == 2) {
				top = name_is(name, "memory") ? MEMORY :
				      name_is(name, "cpus") ? CPUS :
				      name_is(name, "chosen") ? CHOSEN : OTHER;
			} else if (depth == 3 && top == CPUS && name_is(name, "cpu")) {
				info->nr_cpus++;
			}
		} else if (tok == FDT_END_NODE) {
			if (--depth < 0)
				return -1;
		} else if (tok == FDT_PROP) {
			if (p + 8 > end)
				return -1;
			uint32_t len = be32(p), nameoff = be32(p + 4);
			const uint8_t *val = p + 8;

			if (len > (uint32_t)(end - val) || nameoff >= size_strings)
				return -1;
			p = (const uint8_t *)(((uintptr_t)val + len + 3) & ~(uintptr_t)3);
			const char *pname = strings + nameoff;
			size_t plen = size_strings - nameoff;

			if (depth == 1 && str_eq(pname, plen, "#address-cells") && len == 4)
				addr_cells = be32(val);
			else if (depth == 1 && str_eq(pname, plen, "#size-cells") && len == 4)
				size_cells = be32(val);
			else if (depth == 2 && top == MEMORY && str_eq(pname, plen, "reg") &&
				 !info->ram_size && len >= 4 * (addr_cells + size_cells) &&
				 addr_cells <= 2 && size_cells <= 2) {
				info->ram_base = read_cells(val, addr_cells);
				info->ram_size = read_cells(val + 4 * addr_cells, size_cells);
			} else if (depth == 2 && top == CHOSEN && str_eq(pname, plen, "bootargs") &&
				   len > 0 && val[len - 1] == '\0') {
				info->bootargs = (const char *)val;
			}
		} else if (tok == FDT_NOP) {
			continue;
		} else if (tok == FDT_END) {
			info->addr = (uintptr_t)blob;
			return 0;
		} else {
			return -1;
		}
	}
	return -1;	/* no FDT_END token */
}

int dtb_parse(const void *blob, size_t avail, struct dtb_info *info)
{
	struct dtb_info found = { 0, 0, 0, 0, "" };
	int err = dtb_walk(blob, avail, &found);

	*info = err ? (struct dtb_info){ 0, 0, 0, 0, "" } : found;
	return err;
}
