/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Function symbols of a guest ELF, for attributing sampled PCs. The only
 * file of the decode tools that talks to libelf.
 */
#ifndef DECODE_TOOLS_ELF_SYMBOLS_H
#define DECODE_TOOLS_ELF_SYMBOLS_H

#include <stddef.h>
#include <stdint.h>

struct elf_sym {
	uint64_t addr;		/* runtime address (bias applied) */
	uint64_t size;		/* 0: up to the next symbol */
	char *name;
};

struct elf_symbols {
	struct elf_sym *syms;	/* sorted by addr, one per address */
	size_t nr;
	uint64_t text_addr;	/* ".text" link address, 0 if none */
	uint64_t lowest_load;	/* lowest PT_LOAD link address */
};

/* Load; bias is added to every symbol. 0 or -1 with msg set. */
int elf_symbols_load(const char *path, uint64_t bias, struct elf_symbols *es,
		     char *msg, size_t msglen);
/* Only the layout facts (no symbols), to compute a bias. */
int elf_symbols_layout(const char *path, uint64_t *text_addr, uint64_t *lowest_load);
void elf_symbols_free(struct elf_symbols *es);
/* The symbol containing addr, or NULL. */
const struct elf_sym *elf_symbols_find(const struct elf_symbols *es, uint64_t addr);

#endif
