/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every system register and layout of arch/sysreg/NAME.reg file as macros:
 * SYS_<REG> (encoding key), <REG>_<FIELD>_{SHIFT,WIDTH,MASK,GET,PREP},
 * <REG>_<FIELD>_<ENUM>, <REG>_RES0/_RES1. Shared by host and guest code.
 */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H
#include "arch/bits.h"
#include "arch/gen/sysreg.h"
#endif
