/* SPDX-License-Identifier: GPL-2.0-only */
/* Bit helpers used by the generated register headers, host and guest. */
#ifndef ARCH_BITS_H
#define ARCH_BITS_H

#ifdef __ASSEMBLER__
#define ARCH_U64(x)	(x)
#else
#define ARCH_U64(x)	((unsigned long long)(x))
#endif

/* Bits hi..lo set, inclusive, as a 64-bit constant. */
#define ARCH_GENMASK(hi, lo) \
	(((~ARCH_U64(0)) >> (63 - (hi))) & ((~ARCH_U64(0)) << (lo)))

/*
 * A system register's encoding as one sortable key; the same packing as
 * the sysreg part of KVM's ONE_REG ids (op0:op1:CRn:CRm:op2 in 16 bits).
 */
#define ARCH_SYSREG(op0, op1, crn, crm, op2) \
	(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2))
#define ARCH_SYSREG_OP0(k)	(((k) >> 14) & 0x3)
#define ARCH_SYSREG_OP1(k)	(((k) >> 11) & 0x7)
#define ARCH_SYSREG_CRN(k)	(((k) >> 7) & 0xf)
#define ARCH_SYSREG_CRM(k)	(((k) >> 3) & 0xf)
#define ARCH_SYSREG_OP2(k)	((k) & 0x7)

#endif
