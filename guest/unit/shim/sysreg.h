/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Host stand-in for guest/lib/sysreg.h when guest/lib/spe.c is compiled for
 * test_guest_spe_driver: system register accesses go to the test, which
 * forwards the SPE ones to a hw/spe unit. Same include guard as the real one.
 */
#ifndef GUEST_SYSREG_H
#define GUEST_SYSREG_H
#include <stdint.h>
#include "arch/sysreg.h"

uint64_t shim_read_sysreg(const char *name);
uint64_t shim_read_key(uint32_t key);
void shim_write_key(uint32_t key, uint64_t val);
void shim_psb_csync(void);

#define read_sysreg(r)		shim_read_sysreg(#r)
#define read_sysreg_key(k)	shim_read_key(k)
#define write_sysreg_key(k, v)	shim_write_key((k), (v))
#define isb()			do { } while (0)
#define dsb(opt)		do { } while (0)
#define psb_csync()		shim_psb_csync()

#endif
