/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loading a guest file of either kind the VMM accepts: an AArch64 ELF
 * (loader_elf.h) or a Linux arm64 Image (loader_image.h), told apart by
 * their magic numbers.
 */
#ifndef VMM_LOADER_H
#define VMM_LOADER_H

#include "loader_elf.h"

/* Returns 0 or a negative vmm_err; RAM is untouched on error. */
int loader_load_file(const char *path, const struct loader_ram *ram, struct loader_image *img);
/* `--kernel`: an arm64 Image only (an ELF or anything else is refused). */
int loader_load_kernel(const char *path, const struct loader_ram *ram, struct loader_image *img);
/* `--initrd`: any file, read straight into RAM at the next 2 MiB boundary
 * above the kernel's footprint (img->highest); it spans [*start, *end). */
int loader_load_initrd(const char *path, const struct loader_ram *ram, const struct loader_image *img,
		       uint64_t *start, uint64_t *end);

#endif
