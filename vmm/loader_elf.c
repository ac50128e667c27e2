// SPDX-License-Identifier: GPL-2.0-only
/*
 * ELF loader. Validation and copying are two passes so that a bad file
 * leaves guest RAM untouched. Facts from the ELF-64 specification
 * (program header, PT_LOAD semantics: p_filesz <= p_memsz, zero fill).
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader_elf.h"
#include "vmm_err.h"

#define LOADER_MAX_SEGMENTS	64

struct loader_seg {
	uint64_t paddr, filesz, memsz, offset;
};

/* [a, a + alen) and [b, b + blen) overlap; lengths are non-zero, no overflow (checked). */
static bool range_overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

static int loader_check_header(Elf *elf, const char *name, GElf_Ehdr *eh)
{
	const char *ident;
	size_t n;

	if (elf_kind(elf) != ELF_K_ELF)
		return vmm_err_set(VMM_ENOEXEC, "%s: not an ELF file", name);
	ident = elf_getident(elf, &n);
	if (!ident || n < EI_NIDENT)
		return vmm_err_set(VMM_ENOEXEC, "%s: truncated ELF identification", name);
	if (ident[EI_CLASS] != ELFCLASS64)
		return vmm_err_set(VMM_ENOEXEC, "%s: not a 64-bit ELF (class %d)", name, ident[EI_CLASS]);
	if (ident[EI_DATA] != ELFDATA2LSB)
		return vmm_err_set(VMM_ENOEXEC, "%s: not a little-endian ELF", name);
	if (!gelf_getehdr(elf, eh))
		return vmm_err_set(VMM_ENOEXEC, "%s: bad ELF header: %s", name, elf_errmsg(-1));
	if (eh->e_machine != EM_AARCH64)
		return vmm_err_set(VMM_ENOEXEC, "%s: not an AArch64 ELF (e_machine %u)", name,
				   (unsigned int)eh->e_machine);
	if (eh->e_type != ET_EXEC)
		return vmm_err_set(VMM_ENOEXEC, "%s: not an executable (e_type %u)", name,
				   (unsigned int)eh->e_type);
	return 0;
}

/* Collects and checks the PT_LOAD segments against the file and RAM. */
static int loader_collect(Elf *elf, const char *name, size_t file_size, const struct loader_ram *ram,
			  struct loader_seg *segs, unsigned int *nsegs)
{
	size_t phnum, i;
	unsigned int n = 0, j;
	uint64_t ram_end = ram->base + ram->size;

	if (elf_getphdrnum(elf, &phnum))
		return vmm_err_set(VMM_ENOEXEC, "%s: bad program header table: %s", name, elf_errmsg(-1));
	for (i = 0; i < phnum; i++) {
		GElf_Phdr ph;
		struct loader_seg *s;

		if (!gelf_getphdr(elf, (int)i, &ph))
			return vmm_err_set(VMM_ENOEXEC, "%s: program header %zu unreadable: %s", name, i,
					   elf_errmsg(-1));
		if (ph.p_type != PT_LOAD || (ph.p_memsz == 0 && ph.p_filesz == 0))
			continue;
		if (n == LOADER_MAX_SEGMENTS)
			return vmm_err_set(VMM_ENOEXEC, "%s: more than %d loadable segments", name,
					   LOADER_MAX_SEGMENTS);
		if (ph.p_filesz > ph.p_memsz)
			return vmm_err_set(VMM_ENOEXEC, "%s: segment %zu: file size 0x%llx exceeds memory size 0x%llx",
					   name, i, (unsigned long long)ph.p_filesz,
					   (unsigned long long)ph.p_memsz);
		if (ph.p_offset > file_size || ph.p_filesz > file_size - ph.p_offset)
			return vmm_err_set(VMM_ENOEXEC, "%s: segment %zu: bytes 0x%llx+0x%llx lie beyond the end of the file (0x%zx)",
					   name, i, (unsigned long long)ph.p_offset,
					   (unsigned long long)ph.p_filesz, file_size);
		if (ph.p_paddr < ram->base || ph.p_paddr >= ram_end ||
		    ph.p_memsz > ram_end - ph.p_paddr)
			return vmm_err_set(VMM_ERANGE, "%s: segment %zu: [0x%llx, +0x%llx) is outside RAM [0x%llx, 0x%llx)",
					   name, i, (unsigned long long)ph.p_paddr,
					   (unsigned long long)ph.p_memsz,
					   (unsigned long long)ram->base, (unsigned long long)ram_end);
		if (ram->reserved && range_overlaps(ph.p_paddr, ph.p_memsz, ram->base, ram->reserved))
			return vmm_err_set(VMM_EBUSY, "%s: segment %zu at 0x%llx overlaps the device tree at [0x%llx, 0x%llx): link the guest at 0x%llx or above",
					   name, i, (unsigned long long)ph.p_paddr,
					   (unsigned long long)ram->base,
					   (unsigned long long)(ram->base + ram->reserved),
					   (unsigned long long)(ram->base + ram->reserved));
		for (j = 0; j < n; j++)
			if (range_overlaps(ph.p_paddr, ph.p_memsz, segs[j].paddr, segs[j].memsz))
				return vmm_err_set(VMM_EBUSY, "%s: segment %zu at 0x%llx overlaps another segment at 0x%llx",
						   name, i, (unsigned long long)ph.p_paddr,
						   (unsigned long long)segs[j].paddr);
		s = &segs[n++];
		s->paddr = ph.p_paddr;
		s->filesz = ph.p_filesz;
		s->memsz = ph.p_memsz;
		s->offset = ph.p_offset;
	}
	if (n == 0)
		return vmm_err_set(VMM_ENOEXEC, "%s: no loadable segment", name);
	*nsegs = n;
	return 0;
}

static int loader_elf_load(Elf *elf, const char *name, const struct loader_ram *ram,
			   struct loader_image *img)
{
	struct loader_seg segs[LOADER_MAX_SEGMENTS];
	unsigned int nsegs = 0, i;
	GElf_Ehdr eh;
	const char *file;
	size_t file_size;
	bool entry_ok = false;
	int err;

	err = loader_check_header(elf, name, &eh);
	if (err)
		return err;
	file = elf_rawfile(elf, &file_size);
	if (!file)
		return vmm_err_set(VMM_ENOEXEC, "%s: cannot read the file: %s", name, elf_errmsg(-1));
	err = loader_collect(elf, name, file_size, ram, segs, &nsegs);
	if (err)
		return err;
	for (i = 0; i < nsegs; i++)
		if (eh.e_entry >= segs[i].paddr && eh.e_entry - segs[i].paddr < segs[i].memsz)
			entry_ok = true;
	if (!entry_ok)
		return vmm_err_set(VMM_ERANGE, "%s: entry point 0x%llx is not inside a loaded segment",
				   name, (unsigned long long)eh.e_entry);

	img->entry = eh.e_entry;
	img->lowest = UINT64_MAX;
	img->highest = 0;
	img->nr_segments = nsegs;
	for (i = 0; i < nsegs; i++) {
		uint8_t *dst = ram->host + (segs[i].paddr - ram->base);

		memcpy(dst, file + segs[i].offset, segs[i].filesz);
		memset(dst + segs[i].filesz, 0, segs[i].memsz - segs[i].filesz);
		if (segs[i].paddr < img->lowest)
			img->lowest = segs[i].paddr;
		if (segs[i].paddr + segs[i].memsz > img->highest)
			img->highest = segs[i].paddr + segs[i].memsz;
	}
	return 0;
}

static int loader_check_ram(const struct loader_ram *ram, const struct loader_image *img)
{
	if (!ram || !ram->host || !img || ram->size == 0 || ram->base + ram->size < ram->base ||
	    ram->reserved > ram->size)
		return vmm_err_set(VMM_EINVAL, "loader: bad RAM description");
	if (elf_version(EV_CURRENT) == EV_NONE)
		return vmm_err_set(VMM_ENOEXEC, "libelf: %s", elf_errmsg(-1));
	return 0;
}

int loader_elf_load_mem(const void *buf, size_t len, const struct loader_ram *ram,
			struct loader_image *img)
{
	Elf *elf;
	int err;

	err = loader_check_ram(ram, img);
	if (err)
		return err;
	if (!buf)
		return vmm_err_set(VMM_EINVAL, "loader: no buffer");
	/* elf_memory() takes a non-const image but ELF_C_READ never writes it. */
	elf = elf_memory((char *)(uintptr_t)buf, len);
	if (!elf)
		return vmm_err_set(VMM_ENOEXEC, "(memory): %s", elf_errmsg(-1));
	err = loader_elf_load(elf, "(memory)", ram, img);
	elf_end(elf);
	return err;
}

int loader_elf_load_file(const char *path, const struct loader_ram *ram, struct loader_image *img)
{
	struct stat st;
	Elf *elf;
	int fd, err;

	err = loader_check_ram(ram, img);
	if (err)
		return err;
	if (!path)
		return vmm_err_set(VMM_EINVAL, "loader: no file name");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vmm_err_set(VMM_ENOENT, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return vmm_err_set(VMM_ENOENT, "%s: not a regular file", path);
	}
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf) {
		err = vmm_err_set(VMM_ENOEXEC, "%s: %s", path, elf_errmsg(-1));
	} else {
		err = loader_elf_load(elf, path, ram, img);
		elf_end(elf);
	}
	close(fd);
	return err;
}
