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

#endif
