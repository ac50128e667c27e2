/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Loading a Linux arm64 "Image" (the arm64 boot protocol, Linux's
 * Documentation/arch/arm64/booting.rst): a raw binary with a 64-byte
 * header, entered at its first byte with x0 = the device tree. It is
 * placed at the first 2 MiB boundary above the reserved area (ram->reserved) plus
 * text_offset; its footprint (image_size, BSS included) ends at
 * img->highest, the initrd goes at the next 2 MiB boundary above that, the
 * device tree at the 2 MiB boundary after the initrd (`vspe run --kernel`).
 *
 *   RAM base                                                           RAM end
 *   | (2 MiB) |..| Image text_offset..image_size |..| initrd |..| DTB |...|
 *             ^2 MiB                              ^2 MiB       ^2 MiB
 */
#ifndef VMM_LOADER_IMAGE_H
#define VMM_LOADER_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "loader_elf.h"

#define LOADER_IMAGE_ALIGN	(2ull << 20)
#define LOADER_IMAGE_HDR_SIZE	64u
/* Linux's arm64 COMMAND_LINE_SIZE: the longest bootargs, NUL included. */
#define LOADER_IMAGE_CMDLINE_MAX	2048u

/* The header fields the loader uses, after the pre-3.17 defaults. */
struct loader_image_hdr {
	uint64_t text_offset;	/* byte 8: entry = 2 MiB-aligned base + this */
	uint64_t image_size;	/* byte 16: footprint from the entry, BSS included */
	uint64_t flags;		/* byte 24: bit 0 BE, bits 2:1 page size, bit 3 placement */
};

/* True when buf starts with an arm64 Image header (len >= 64 and the magic). */
bool loader_image_probe(const void *buf, size_t len);
/* Validates the header: magic, a little-endian 4 KiB-page kernel, a page
 * aligned text_offset below 2 MiB, an image_size covering the file. */
int loader_image_parse(const void *buf, size_t len, struct loader_image_hdr *hdr);
/* Returns 0 or a negative vmm_err; RAM is untouched on error. */
int loader_image_load_mem(const void *buf, size_t len, const struct loader_ram *ram,
			  struct loader_image *img);
/* Where an initrd of size bytes goes above the loaded image (*start). */
int loader_image_place_initrd(const struct loader_ram *ram, const struct loader_image *img,
			      uint64_t size, uint64_t *start);
/* Where a device tree of size bytes goes: the next 2 MiB boundary at or
 * above `above` (the end of the kernel, or of the initrd when there is one). */
int loader_image_place_dtb(const struct loader_ram *ram, uint64_t above, uint64_t size,
			   uint64_t *start);
/* Places and copies an initrd; it spans [*start, *start + len). */
int loader_image_load_initrd(const void *buf, size_t len, const struct loader_ram *ram,
			     const struct loader_image *img, uint64_t *start);
/* 0 when params (NULL = none) fits the device tree's bootargs. */
int loader_image_check_cmdline(const char *params);

#endif
