/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loading a bare-metal AArch64 ELF into guest RAM (the only user of
 * libelf in the VMM). Each PT_LOAD segment is copied to its physical
 * address (p_paddr) and the rest of its memory size is zeroed. Everything
 * is checked before the first byte is written: class, data encoding,
 * machine, type, program headers, segment bounds in the file and in RAM
 * (no arithmetic overflow), overlaps, and the entry point.
 */
#ifndef VMM_LOADER_ELF_H
#define VMM_LOADER_ELF_H

#include <stddef.h>
#include <stdint.h>

/* Guest RAM as the loader sees it: host memory backing [base, base + size). */
struct loader_ram {
	uint8_t *host;
	uint64_t base;
	uint64_t size;
	uint64_t reserved;	/* [base, base + reserved) holds the DTB: no segment there */
};

struct loader_image {
	uint64_t entry;
	uint64_t lowest, highest;	/* guest-physical span the segments cover [lowest, highest) */
	unsigned int nr_segments;	/* PT_LOAD segments loaded */
};

/* Returns 0 or a negative vmm_err (VMM_ENOENT, VMM_ENOEXEC, VMM_ERANGE, VMM_EBUSY). */
int loader_elf_load_file(const char *path, const struct loader_ram *ram, struct loader_image *img);
int loader_elf_load_mem(const void *buf, size_t len, const struct loader_ram *ram,
			struct loader_image *img);

#endif
