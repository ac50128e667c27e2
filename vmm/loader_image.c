// SPDX-License-Identifier: GPL-2.0-only
/*
 * Linux arm64 Image loader. Header (little-endian, booting.rst): code0 and
 * code1 at 0 (an EFI "MZ" stub on Debian's kernels: not checked),
 * text_offset at 8, image_size at 16, flags at 24, magic "ARM\x64" at 56.
 * image_size 0 means a kernel older than 3.17: text_offset is then 0x80000,
 * the size the file's and the flags unset.
 */
#include <string.h>

#include "loader_image.h"
#include "vmm_err.h"

#define IMAGE_MAGIC		0x644d5241u	/* "ARM\x64" */
#define IMAGE_OLD_TEXT_OFFSET	0x80000ull
#define IMAGE_PAGE		4096u

/*
 * The EFI stub of an EFI-capable kernel (CONFIG_EFI): "MZ" at 0, the PE
 * header's offset at 60, "PE\0\0", the COFF header (machine at +4, section
 * count at +6, optional header size at +20), then the section table of
 * 40-byte entries (raw size at +16, raw file offset at +20). The sections'
 * raw data must all be in the file: that tells a cut-off kernel apart.
 */
#define PE_OFFSET_AT		60u
#define PE_COFF_SIZE		24u
#define PE_MACHINE_ARM64	0xaa64u
#define PE_SECTION_SIZE		40u
#define PE_HEADER_LIMIT		4096u	/* a PE header further in is not an arm64 stub */

/* flags (booting.rst "Header notes"). */
#define IMAGE_FLAG_BE		(1ull << 0)	/* kernel endianness: 1 = big */
#define IMAGE_FLAG_PAGE_SHIFT	1		/* 0 unspecified, 1 4K, 2 16K, 3 64K */
#define IMAGE_FLAG_PAGE_MASK	(3ull << IMAGE_FLAG_PAGE_SHIFT)
#define IMAGE_PAGE_4K		1u

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* 0 when the EFI stub (if any) describes an arm64 file no longer than len. */
static int image_check_pe(const uint8_t *p, size_t len)
{
	uint32_t pe, nsec, i;
	uint64_t sect, need = 0;

	if (p[0] != 'M' || p[1] != 'Z')
		return 0;	/* no EFI stub: nothing more to check */
	pe = le32(p + PE_OFFSET_AT);
	if (pe < LOADER_IMAGE_HDR_SIZE || pe >= PE_HEADER_LIMIT)
		return 0;	/* "MZ" but not the stub's layout: not checked */
	if (len < (size_t)pe + PE_COFF_SIZE)
		return vmm_err_set(VMM_ENOEXEC, "Image: truncated: %zu bytes end inside the EFI stub's PE header at 0x%x",
				   len, pe);
	if (memcmp(p + pe, "PE\0\0", 4))
		return 0;
	if (le16(p + pe + 4) != PE_MACHINE_ARM64)
		return vmm_err_set(VMM_ENOEXEC, "Image: the EFI stub is for machine 0x%x, not arm64 (0xaa64)",
				   le16(p + pe + 4));
	nsec = le16(p + pe + 6);
	sect = (uint64_t)pe + PE_COFF_SIZE + le16(p + pe + 20);
	if (sect + (uint64_t)nsec * PE_SECTION_SIZE > len)
		return vmm_err_set(VMM_ENOEXEC, "Image: truncated: %zu bytes end inside the EFI stub's section table",
				   len);
	for (i = 0; i < nsec; i++) {
		const uint8_t *s = p + sect + (uint64_t)i * PE_SECTION_SIZE;
		uint64_t end = (uint64_t)le32(s + 20) + le32(s + 16);

		if (end > need)
			need = end;
	}
	if (need > len)
		return vmm_err_set(VMM_ENOEXEC, "Image: truncated: the file has 0x%zx bytes, its sections end at 0x%llx",
				   len, (unsigned long long)need);
	return 0;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

bool loader_image_probe(const void *buf, size_t len)
{
	const uint8_t *p = buf;

	return buf && len >= LOADER_IMAGE_HDR_SIZE && (le64(p + 56) & 0xffffffffu) == IMAGE_MAGIC;
}

int loader_image_parse(const void *buf, size_t len, struct loader_image_hdr *hdr)
{
	const uint8_t *p = buf;
	unsigned int page;

	if (!buf || !hdr)
		return vmm_err_set(VMM_EINVAL, "Image: no buffer");
	if (len < LOADER_IMAGE_HDR_SIZE)
		return vmm_err_set(VMM_ENOEXEC, "Image: truncated: %zu bytes, the header alone is %u",
				   len, LOADER_IMAGE_HDR_SIZE);
	if (!loader_image_probe(buf, len))
		return vmm_err_set(VMM_ENOEXEC, "not an arm64 Image (no \"ARM\\x64\" magic at byte 56)");
	if (image_check_pe(p, len))
		return VMM_ENOEXEC;
	hdr->text_offset = le64(p + 8);
	hdr->image_size = le64(p + 16);
	hdr->flags = le64(p + 24);
	if (hdr->image_size == 0) {
		hdr->text_offset = IMAGE_OLD_TEXT_OFFSET;
		hdr->image_size = len;
		hdr->flags = 0;
	}
	if (hdr->flags & IMAGE_FLAG_BE)
		return vmm_err_set(VMM_ENOEXEC, "Image: a big-endian kernel (flags bit 0); vspe runs little-endian guests");
	page = (unsigned int)((hdr->flags & IMAGE_FLAG_PAGE_MASK) >> IMAGE_FLAG_PAGE_SHIFT);
	if (page != 0 && page != IMAGE_PAGE_4K)
		return vmm_err_set(VMM_ENOEXEC, "Image: built for %u KiB pages; only 4 KiB-page kernels are supported",
				   page == 2 ? 16u : 64u);
	if (hdr->image_size < len)
		return vmm_err_set(VMM_ENOEXEC, "Image: image_size 0x%llx is smaller than the file (0x%zx)",
				   (unsigned long long)hdr->image_size, len);
	if (hdr->text_offset >= LOADER_IMAGE_ALIGN || hdr->text_offset % IMAGE_PAGE)
		return vmm_err_set(VMM_ENOEXEC, "Image: text_offset 0x%llx is not a page offset below 2 MiB",
				   (unsigned long long)hdr->text_offset);
	return 0;
}

int loader_image_load_mem(const void *buf, size_t len, const struct loader_ram *ram,
			  struct loader_image *img)
{
	struct loader_image_hdr hdr;
	uint64_t base, load, ram_end;
	int err;

	if (!ram || !ram->host || !img || ram->size == 0 || ram->reserved > ram->size ||
	    ram->base > UINT64_MAX - ram->size)
		return vmm_err_set(VMM_EINVAL, "loader: bad RAM description");
	err = loader_image_parse(buf, len, &hdr);
	if (err)
		return err;
	/* The first 2 MiB boundary at or above the end of the reserved area
	 * (booting.rst: "placed text_offset bytes from a 2MB aligned base"). */
	base = align_up(ram->base + ram->reserved, LOADER_IMAGE_ALIGN);
	load = base + hdr.text_offset;
	ram_end = ram->base + ram->size;
	if (base < ram->base || load >= ram_end || hdr.image_size > ram_end - load)
		return vmm_err_set(VMM_ERANGE, "Image: 0x%llx bytes at 0x%llx do not fit RAM [0x%llx, 0x%llx)",
				   (unsigned long long)hdr.image_size, (unsigned long long)load,
				   (unsigned long long)ram->base, (unsigned long long)ram_end);
	memcpy(ram->host + (load - ram->base), buf, len);
	/* The BSS and whatever image_size covers beyond the file start zeroed. */
	memset(ram->host + (load - ram->base) + len, 0, hdr.image_size - len);
	img->entry = load;
	img->lowest = load;
	img->highest = load + hdr.image_size;
	img->nr_segments = 1;
	return 0;
}

/* The next 2 MiB boundary at or above `above` where size bytes fit in RAM. */
static int image_place_above(const struct loader_ram *ram, uint64_t above, uint64_t size,
			     const char *what, const char *below, uint64_t *start)
{
	uint64_t at, ram_end;

	if (!ram || !start || ram->base > UINT64_MAX - ram->size || above < ram->base ||
	    above > ram->base + ram->size)
		return vmm_err_set(VMM_EINVAL, "%s: bad RAM or image description", what);
	ram_end = ram->base + ram->size;
	at = align_up(above, LOADER_IMAGE_ALIGN);
	if (at < above || at > ram_end)
		return vmm_err_set(VMM_ERANGE, "%s: %llu bytes do not fit in RAM above the %s (RAM ends at 0x%llx)",
				   what, (unsigned long long)size, below, (unsigned long long)ram_end);
	if (size > ram_end - at)
		return vmm_err_set(VMM_ERANGE,
				   "%s: %llu bytes do not fit in RAM above the %s (0x%llx..0x%llx is %llu bytes)",
				   what, (unsigned long long)size, below, (unsigned long long)at,
				   (unsigned long long)ram_end, (unsigned long long)(ram_end - at));
	*start = at;
	return 0;
}

int loader_image_place_initrd(const struct loader_ram *ram, const struct loader_image *img,
			      uint64_t size, uint64_t *start)
{
	/* Above the kernel's whole footprint, so that neither its BSS nor its
	 * early page tables land on the initrd. */
	if (!img)
		return vmm_err_set(VMM_EINVAL, "initrd: bad RAM or image description");
	return image_place_above(ram, img->highest, size, "initrd", "kernel", start);
}

int loader_image_place_dtb(const struct loader_ram *ram, uint64_t above, uint64_t size,
			   uint64_t *start)
{
	/* booting.rst: 8-byte aligned, at most 2 MiB, and alone in its 2 MiB
	 * block (mapped cacheable in 2 MiB blocks): a fresh 2 MiB boundary. */
	if (size > LOADER_IMAGE_ALIGN)
		return vmm_err_set(VMM_ERANGE, "device tree: %llu bytes, the boot protocol allows 2 MiB",
				   (unsigned long long)size);
	return image_place_above(ram, above, size, "device tree", "kernel and initrd", start);
}

int loader_image_load_initrd(const void *buf, size_t len, const struct loader_ram *ram,
			     const struct loader_image *img, uint64_t *start)
{
	uint64_t at = 0;
	int err;

	if ((!buf && len) || !ram || !ram->host)
		return vmm_err_set(VMM_EINVAL, "initrd: no buffer or RAM");
	err = loader_image_place_initrd(ram, img, len, &at);
	if (err)
		return err;
	if (len)
		memcpy(ram->host + (at - ram->base), buf, len);
	*start = at;
	return 0;
}

int loader_image_check_cmdline(const char *params)
{
	size_t n;

	if (!params)
		return 0;
	n = strnlen(params, LOADER_IMAGE_CMDLINE_MAX);
	if (n >= LOADER_IMAGE_CMDLINE_MAX)
		return vmm_err_set(VMM_EINVAL, "--params: the command line is longer than %u bytes (Linux's COMMAND_LINE_SIZE, NUL included)",
				   LOADER_IMAGE_CMDLINE_MAX - 1);
	return 0;
}
