/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loading a Linux arm64 "Image" (Documentation/arch/arm64/booting.rst):
 * a raw binary with a 64-byte header (text_offset, image_size, magic
 * "ARM\x64" at byte 56), entered at its first byte. It is placed at the
 * first 2 MiB boundary above the device tree plus text_offset.
 */
#ifndef VMM_LOADER_IMAGE_H
#define VMM_LOADER_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "loader_elf.h"

#define LOADER_IMAGE_ALIGN	(2ull << 20)

/* True when buf starts with an arm64 Image header (len >= 64 and the magic). */
bool loader_image_probe(const void *buf, size_t len);
/* Returns 0 or a negative vmm_err; RAM is untouched on error. */
int loader_image_load_mem(const void *buf, size_t len, const struct loader_ram *ram,
			  struct loader_image *img);

#endif
