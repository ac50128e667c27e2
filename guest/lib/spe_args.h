/* SPDX-License-Identifier: GPL-2.0-only */
/* key=N words of the command line (/chosen/bootargs), for tests run with variants. */
#ifndef GUEST_SPE_ARGS_H
#define GUEST_SPE_ARGS_H
#include <stdint.h>

/* The decimal value of "key=N" in the command line, or def when absent or malformed. */
uint64_t spe_args_uint(const char *key, uint64_t def);

#endif
