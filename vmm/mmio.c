// SPDX-License-Identifier: GPL-2.0-only
/* MMIO bus: a sorted array of non-overlapping device ranges. */
#include <string.h>

#include "mmio.h"
#include "vmm_err.h"

void mmio_bus_init(struct mmio_bus *bus)
{
	memset(bus, 0, sizeof(*bus));
}

int mmio_register(struct mmio_bus *bus, const struct mmio_device *dev)
{
	unsigned int i, at;

	if (!bus || !dev || !dev->read || !dev->write || dev->size == 0 ||
	    dev->base + dev->size - 1 < dev->base)
		return vmm_err_set(VMM_EINVAL, "mmio: bad device range");
	if (bus->count == MMIO_MAX_DEVICES)
		return vmm_err_set(VMM_EBUSY, "mmio: more than %d devices", MMIO_MAX_DEVICES);
	for (at = 0; at < bus->count && bus->dev[at].base < dev->base; at++)
		;
	/* Neighbours only: the ranges already present are disjoint and sorted. */
	if ((at > 0 && bus->dev[at - 1].base + (bus->dev[at - 1].size - 1) >= dev->base) ||
	    (at < bus->count && dev->base + (dev->size - 1) >= bus->dev[at].base))
		return vmm_err_set(VMM_EBUSY, "mmio: %s at 0x%llx overlaps another device",
				   dev->name ? dev->name : "device", (unsigned long long)dev->base);
	for (i = bus->count; i > at; i--)
		bus->dev[i] = bus->dev[i - 1];
	bus->dev[at] = *dev;
	bus->count++;
	return 0;
}

const struct mmio_device *mmio_find(const struct mmio_bus *bus, uint64_t addr)
{
	unsigned int lo = 0, hi = bus->count;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		const struct mmio_device *d = &bus->dev[mid];

		if (addr < d->base)
			hi = mid;
		else if (addr - d->base >= d->size)
			lo = mid + 1;
		else
			return d;
	}
	return NULL;
}

int mmio_access(const struct mmio_bus *bus, uint64_t addr, unsigned int len, bool is_write,
		uint64_t *val)
{
	const struct mmio_device *d;
	uint64_t off;

	if (len != 1 && len != 2 && len != 4 && len != 8)
		return VMM_EINVAL;
	d = mmio_find(bus, addr);
	if (!d)
		return VMM_ENODEV;
	off = addr - d->base;
	if (len > d->size - off)	/* straddles the end of the device */
		return VMM_ENODEV;
	if (is_write)
		return d->write(d->opaque, off, len, *val);
	*val = 0;
	return d->read(d->opaque, off, len, val);
}
