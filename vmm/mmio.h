/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMM's MMIO bus (kvmtool's mmio.c in spirit): devices register an
 * address range and handlers; an MMIO exit is dispatched to the device
 * whose range holds the address. Ranges are kept sorted and may not
 * overlap, so lookup is a binary search.
 */
#ifndef VMM_MMIO_H
#define VMM_MMIO_H

#include <stdbool.h>
#include <stdint.h>

/* off is relative to the device's base; len is 1, 2, 4 or 8. Return 0 or < 0. */
typedef int (*mmio_read_fn)(void *opaque, uint64_t off, unsigned int len, uint64_t *val);
typedef int (*mmio_write_fn)(void *opaque, uint64_t off, unsigned int len, uint64_t val);

struct mmio_device {
	const char *name;
	uint64_t base, size;
	mmio_read_fn read;
	mmio_write_fn write;
	void *opaque;
};

#define MMIO_MAX_DEVICES	32

struct mmio_bus {
	struct mmio_device dev[MMIO_MAX_DEVICES];	/* sorted by base */
	unsigned int count;
};

void mmio_bus_init(struct mmio_bus *bus);
/* VMM_EINVAL: empty, wrapping or handler-less range; VMM_EBUSY: overlap or bus full. */
int mmio_register(struct mmio_bus *bus, const struct mmio_device *dev);
const struct mmio_device *mmio_find(const struct mmio_bus *bus, uint64_t addr);
/*
 * One access. Reads fill *val (zero-extended to 64 bits). VMM_ENODEV when no
 * device holds [addr, addr + len); VMM_EINVAL for a bad length.
 */
int mmio_access(const struct mmio_bus *bus, uint64_t addr, unsigned int len, bool is_write,
		uint64_t *val);

#endif
