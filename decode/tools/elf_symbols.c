// SPDX-License-Identifier: GPL-2.0-only
/* Guest ELF function symbols through libelf (see elf_symbols.h). */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "elf_symbols.h"

static int sym_cmp(const void *a, const void *b)
{
	const struct elf_sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	/* At one address, the sized symbol (a real function) first. */
	if ((x->size != 0) != (y->size != 0))
		return x->size ? -1 : 1;
	return strcmp(x->name, y->name);
}

static int open_elf(const char *path, int *fd, Elf **elf)
{
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -1;
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return -1;
	*elf = elf_begin(*fd, ELF_C_READ, NULL);
	if (!*elf || elf_kind(*elf) != ELF_K_ELF) {
		if (*elf)
			elf_end(*elf);
		close(*fd);
		return -1;
	}
	return 0;
}

static void layout(Elf *elf, uint64_t *text_addr, uint64_t *lowest)
{
	size_t shstrndx, phnum;
	Elf_Scn *scn = NULL;

	*text_addr = 0;
	*lowest = UINT64_MAX;
	if (!elf_getshdrstrndx(elf, &shstrndx)) {
		while ((scn = elf_nextscn(elf, scn))) {
			GElf_Shdr sh;
			const char *n;

			if (!gelf_getshdr(scn, &sh))
				continue;
			n = elf_strptr(elf, shstrndx, sh.sh_name);
			if (n && !strcmp(n, ".text"))
				*text_addr = sh.sh_addr;
		}
	}
	if (!elf_getphdrnum(elf, &phnum)) {
		for (size_t i = 0; i < phnum; i++) {
			GElf_Phdr ph;

			if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_LOAD &&
			    ph.p_vaddr < *lowest)
				*lowest = ph.p_vaddr;
		}
	}
	if (*lowest == UINT64_MAX)
		*lowest = 0;
}

int elf_symbols_layout(const char *path, uint64_t *text_addr, uint64_t *lowest_load)
{
	Elf *elf;
	int fd;

	if (open_elf(path, &fd, &elf))
		return -1;
	layout(elf, text_addr, lowest_load);
	elf_end(elf);
	close(fd);
	return 0;
}

int elf_symbols_load(const char *path, uint64_t bias, struct elf_symbols *es,
		     char *msg, size_t msglen)
{
	Elf_Scn *scn = NULL;
	size_t cap = 0;
	Elf *elf;
	int fd;

	memset(es, 0, sizeof(*es));
	if (open_elf(path, &fd, &elf)) {
		snprintf(msg, msglen, "%s: not a readable ELF file", path);
		return -1;
	}
	layout(elf, &es->text_addr, &es->lowest_load);
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *data;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data)
			continue;
		for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			const char *n;
			int type;

			if (!gelf_getsym(data, (int)i, &s))
				break;
			type = GELF_ST_TYPE(s.st_info);
			n = elf_strptr(elf, sh.sh_link, s.st_name);
			/* Functions and plain labels; not $x/$d mapping symbols. */
			if ((type != STT_FUNC && type != STT_NOTYPE) || !n || !*n || n[0] == '$' ||
			    s.st_shndx == SHN_UNDEF || s.st_shndx >= SHN_LORESERVE)
				continue;
			if (es->nr == cap) {
				struct elf_sym *p;

				cap = cap ? cap * 2 : 256;
				p = realloc(es->syms, cap * sizeof(*p));
				if (!p)
					goto nomem;
				es->syms = p;
			}
			es->syms[es->nr].addr = s.st_value + bias;
			es->syms[es->nr].size = s.st_size;
			es->syms[es->nr].name = strdup(n);
			if (!es->syms[es->nr].name)
				goto nomem;
			es->nr++;
		}
	}
	elf_end(elf);
	close(fd);
	if (es->nr) {
		size_t out = 0;

		qsort(es->syms, es->nr, sizeof(*es->syms), sym_cmp);
		for (size_t i = 0; i < es->nr; i++) {
			if (out && es->syms[out - 1].addr == es->syms[i].addr) {
				free(es->syms[i].name);
				continue;
			}
			es->syms[out++] = es->syms[i];
		}
		es->nr = out;
	}
	return 0;
nomem:
	elf_end(elf);
	close(fd);
	elf_symbols_free(es);
	snprintf(msg, msglen, "out of memory reading symbols");
	return -1;
}

void elf_symbols_free(struct elf_symbols *es)
{
	for (size_t i = 0; i < es->nr; i++)
		free(es->syms[i].name);
	free(es->syms);
	memset(es, 0, sizeof(*es));
}

const struct elf_sym *elf_symbols_find(const struct elf_symbols *es, uint64_t addr)
{
	size_t lo = 0, hi = es->nr;
	const struct elf_sym *s;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (es->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	s = &es->syms[lo - 1];
	if (s->size && addr - s->addr >= s->size)
		return NULL;
	return s;
}
