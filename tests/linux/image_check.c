// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Image loader on Debian's real kernel and initramfs (linux-prepare's
 * output): the header parses, the kernel lands 2 MiB-aligned above the
 * device tree with its whole image_size, the initrd goes at the next 2 MiB
 * boundary above and fits 256 MiB of RAM. Expected values are computed
 * here from the raw header bytes, independently of the loader.
 *   linux-image-check Image initramfs.cpio
 * Exit 0 good, 1 bad, 77 when the files are not there.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "loader_image.h"
#include "vmm_err.h"

#define RAM	(256ull << 20)

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n);
		if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return buf;
}

static uint64_t raw64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));	/* the host is little-endian like the header */
	return v;
}

static int check(int ok, const char *what)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct loader_image_hdr h;
	struct loader_image img;
	struct loader_ram ram;
	size_t klen = 0, rlen = 0;
	uint8_t *k, *rd;
	uint64_t start = 0, want_entry, want_rd;
	int bad = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: linux-image-check Image initramfs.cpio\n");
		return 2;
	}
	k = slurp(argv[1], &klen);
	rd = slurp(argv[2], &rlen);
	if (!k || !rd) {
		printf("no %s or %s: skipped\n", argv[1], argv[2]);
		return 77;
	}
	ram.host = calloc(1, RAM);
	ram.base = VMM_RAM_BASE;
	ram.size = RAM;
	ram.reserved = VMM_DTB_MAX;
	if (!ram.host)
		return 1;
	bad |= check(loader_image_parse(k, klen, &h) == 0, "the header parses");
	printf("text_offset 0x%llx image_size 0x%llx flags 0x%llx file 0x%zx\n",
	       (unsigned long long)h.text_offset, (unsigned long long)h.image_size,
	       (unsigned long long)h.flags, klen);
	bad |= check(h.text_offset == raw64(k + 8) && h.image_size == raw64(k + 16) &&
		     h.flags == raw64(k + 24), "fields as in the raw header");
	bad |= check((h.flags & 0x7) == 0x2, "little-endian, 4 KiB pages (flags bits 2:0 = 0b010)");
	bad |= check(loader_image_load_mem(k, klen, &ram, &img) == 0, "the Image loads into 256 MiB");
	want_entry = ((VMM_RAM_BASE + VMM_DTB_MAX + (2ull << 20) - 1) & ~((2ull << 20) - 1)) +
		     raw64(k + 8);
	printf("entry 0x%llx end 0x%llx\n", (unsigned long long)img.entry,
	       (unsigned long long)img.highest);
	bad |= check(img.entry == want_entry && img.highest == want_entry + raw64(k + 16),
		     "entry 2 MiB-aligned above the DTB, footprint = image_size");
	bad |= check(memcmp(ram.host + (img.entry - ram.base), k, klen) == 0, "the bytes are in RAM");
	bad |= check(loader_image_load_initrd(rd, rlen, &ram, &img, &start) == 0, "the initramfs fits");
	want_rd = (img.highest + (2ull << 20) - 1) & ~((2ull << 20) - 1);
	printf("initrd 0x%llx..0x%llx\n", (unsigned long long)start,
	       (unsigned long long)(start + rlen));
	bad |= check(start == want_rd && memcmp(ram.host + (start - ram.base), rd, 6) == 0 &&
		     memcmp(rd, "070701", 6) == 0, "initrd at the next 2 MiB boundary, a newc cpio");
	free(ram.host);
	free(k);
	free(rd);
	return bad;
}
