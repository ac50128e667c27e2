// SPDX-License-Identifier: GPL-2.0-only
/*
 * Linux arm64 Image loader. Header fields (little-endian): code0/code1 at
 * 0, text_offset at 8, image_size at 16 (0 on kernels older than 3.17:
 * then text_offset is taken as 0x80000 and the size as the file's), flags
 * at 24, magic 0x644d5241 at 56.
 */
#include <string.h>

#include "loader_image.h"
#include "vmm_err.h"

#define IMAGE_HDR_SIZE		64u
#define IMAGE_MAGIC		0x644d5241u	/* "ARM\x64" */
#define IMAGE_OLD_TEXT_OFFSET	0x80000ull

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

bool loader_image_probe(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	return buf && len >= IMAGE_HDR_SIZE && (le64(p + 56) & 0xffffffffu) == IMAGE_MAGIC;
}

int loader_image_load_mem(const void *buf, size_t len, const struct loader_ram *ram,
			  struct loader_image *img)
{
	const uint8_t *p = buf;
	uint64_t text_offset, size, base, load, ram_end;

	if (!ram || !ram->host || !img || ram->size == 0 || ram->reserved > ram->size)
		return vmm_err_set(VMM_EINVAL, "loader: bad RAM description");
	if (!loader_image_probe(buf, len))
		return vmm_err_set(VMM_ENOEXEC, "not an arm64 Image (no \"ARM\\x64\" magic at byte 56)");
	text_offset = le64(p + 8);
	size = le64(p + 16);
	if (size == 0) {
		text_offset = IMAGE_OLD_TEXT_OFFSET;
		size = len;
	}
	if (size < len)
		return vmm_err_set(VMM_ENOEXEC, "Image: image_size 0x%llx is smaller than the file (0x%zx)",
				   (unsigned long long)size, len);
	if (text_offset >= LOADER_IMAGE_ALIGN || text_offset % 4096)
		return vmm_err_set(VMM_ENOEXEC, "Image: text_offset 0x%llx is not a page offset below 2 MiB",
				   (unsigned long long)text_offset);
	/* The first 2 MiB boundary at or above the end of the reserved area. */
	base = (ram->base + ram->reserved + LOADER_IMAGE_ALIGN - 1) & ~(LOADER_IMAGE_ALIGN - 1);
	load = base + text_offset;
	ram_end = ram->base + ram->size;
	if (load >= ram_end || size > ram_end - load)
		return vmm_err_set(VMM_ERANGE, "Image: 0x%llx bytes at 0x%llx do not fit RAM [0x%llx, 0x%llx)",
				   (unsigned long long)size, (unsigned long long)load,
				   (unsigned long long)ram->base, (unsigned long long)ram_end);
	memcpy(ram->host + (load - ram->base), buf, len);
	memset(ram->host + (load - ram->base) + len, 0, size - len);
	img->entry = load;
	img->lowest = load;
	img->highest = load + size;
	img->nr_segments = 1;
	return 0;
}
