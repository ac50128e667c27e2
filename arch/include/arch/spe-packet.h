/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * SPE record format 0 (PMSIDR_EL1.Format == 0): packet headers, payload
 * layouts and bit meanings. The one definition shared by the SPE unit's
 * encoder (hw/spe) and the decoder (decode/); nothing here has behaviour.
 * Source of the facts: Arm ARM D24 "Statistical Profiling Extension",
 * packet descriptions (see shared/docs/spe-architecture.md section 5).
 */
#ifndef ARCH_SPE_PACKET_H
#define ARCH_SPE_PACKET_H

#include "arch/bits.h"

/* Short header: [7:6] class bits, [5:4] size (payload = 1 << sz), [3:0] type. */
#define SPE_HDR_SZ_SHIFT		4
#define SPE_HDR_SZ_MASK			0x30
#define SPE_HDR_SZ(h)			(((h) & SPE_HDR_SZ_MASK) >> SPE_HDR_SZ_SHIFT)
#define SPE_HDR_PAYLOAD_LEN(h)		(1u << SPE_HDR_SZ(h))
#define SPE_SZ_1			0
#define SPE_SZ_2			1
#define SPE_SZ_4			2
#define SPE_SZ_8			3

/* Single-byte packets. */
#define SPE_HDR_PADDING			0x00
#define SPE_HDR_END			0x01

/* Timestamp: 0x71, 8-byte generic-timer count; ends a record like End. */
#define SPE_HDR_TIMESTAMP		0x71

/* Events: 0b01ss0010; any payload size. */
#define SPE_HDR_EVENTS_MASK		0xcf
#define SPE_HDR_EVENTS			0x42

/* Data source: 0b01ss0011; any payload size (IMPLEMENTATION DEFINED). */
#define SPE_HDR_DATA_SOURCE_MASK	0xcf
#define SPE_HDR_DATA_SOURCE		0x43

/* Context: 0b011001ii, 4-byte CONTEXTIDR_ELx payload. */
#define SPE_HDR_CONTEXT_MASK		0xfc
#define SPE_HDR_CONTEXT			0x64
#define SPE_CONTEXT_IDX_EL1		0
#define SPE_CONTEXT_IDX_EL2		1
#define SPE_HDR_CONTEXT_IDX_MASK	0x03

/* Operation type: 0b010010cc, 1-byte subclass payload. */
#define SPE_HDR_OP_TYPE_MASK		0xfc
#define SPE_HDR_OP_TYPE			0x48
#define SPE_OP_CLASS_OTHER		0
#define SPE_OP_CLASS_LDST		1
#define SPE_OP_CLASS_BRANCH		2
#define SPE_HDR_OP_CLASS_MASK		0x03

/* Address: 0b10110iii, 8-byte payload; Counter: 0b10011iii, 2-byte payload. */
#define SPE_HDR_ADDRESS_MASK		0xf8
#define SPE_HDR_ADDRESS			0xb0
#define SPE_HDR_COUNTER_MASK		0xf8
#define SPE_HDR_COUNTER			0x98
#define SPE_HDR_INDEX_LO_MASK		0x07

/* Extended header prefix 0b001000ii: index bits [4:3] of the next header. */
#define SPE_HDR_EXTENDED_MASK		0xfc
#define SPE_HDR_EXTENDED		0x20
#define SPE_HDR_EXT_INDEX_HI_MASK	0x03
#define SPE_INDEX_MAX			31

/* Address packet indices. */
#define SPE_ADDR_IDX_PC			0
#define SPE_ADDR_IDX_BRANCH_TARGET	1
#define SPE_ADDR_IDX_DATA_VA		2
#define SPE_ADDR_IDX_DATA_PA		3
#define SPE_ADDR_IDX_PREV_BRANCH_TARGET	4

/* PC-like payloads (indices 0, 1, 4): VA[55:0], NSE 60, EL 62:61, NS 63. */
#define SPE_ADDR_VA_MASK		ARCH_GENMASK(55, 0)
#define SPE_ADDR_NSE			(ARCH_U64(1) << 60)
#define SPE_ADDR_EL_SHIFT		61
#define SPE_ADDR_EL_MASK		ARCH_GENMASK(62, 61)
#define SPE_ADDR_NS			(ARCH_U64(1) << 63)
/* Data PA payload (index 3): PA[55:0], PAT 59:56, NSE 60, CH 62, NS 63. */
#define SPE_ADDR_PA_MASK		ARCH_GENMASK(55, 0)
#define SPE_ADDR_PAT_SHIFT		56
#define SPE_ADDR_PAT_MASK		ARCH_GENMASK(59, 56)
#define SPE_ADDR_CH			(ARCH_U64(1) << 62)
/* Data VA payload (index 2): the whole 64-bit VA, top byte = tag under TBI. */

/* Counter indices; values saturate at 0xfff (12-bit) or 0xffff (16-bit). */
#define SPE_CNT_IDX_TOTAL_LAT		0
#define SPE_CNT_IDX_ISSUE_LAT		1
#define SPE_CNT_IDX_TRANS_LAT		2
#define SPE_CNT_IDX_ALT_ISSUE_LAT	4
#define SPE_COUNTER_MAX_12BIT		0xfff
#define SPE_COUNTER_MAX_16BIT		0xffff

/* Op type, class OTHER: 0b00000SFC. */
#define SPE_OP_OTHER_COND		0x01
#define SPE_OP_OTHER_FP			0x02
#define SPE_OP_OTHER_SIMD		0x04
#define SPE_OP_OTHER_SVE		0x08	/* with bit 0 clear: 0EEE1PF0 */
#define SPE_OP_OTHER_SVE_MASK		0x89	/* bits 7, 3, 0 select SVE "other" */
#define SPE_OP_OTHER_SVE_PRED		0x04
#define SPE_OP_OTHER_SVE_FP		0x02

/* Op type, class LDST: bit 0 = store. */
#define SPE_OP_LDST_ST			0x01
#define SPE_OP_LDST_GP_REG		0x00
#define SPE_OP_LDST_SIMD_FP		0x04
#define SPE_OP_LDST_UNSPEC		0x10
#define SPE_OP_LDST_MTE_TAG		0x14
#define SPE_OP_LDST_MEMCPY		0x20
#define SPE_OP_LDST_MEMSET		0x25
#define SPE_OP_LDST_NV_SYSREG		0x30
#define SPE_OP_LDST_GCS			0x40
/* The plain subclasses above compare with the ST bit masked off. */
#define SPE_OP_LDST_SUBCLASS_MASK	0xfe
/* GCS form 01000C0s: C (bit 2) = common GCS access (push/pop by BL/RET). */
#define SPE_OP_LDST_GCS_MASK		0xfa
#define SPE_OP_LDST_GCS_COMM		0x04
/* Extended form 000AXT1s: acquire/release, exclusive, atomic. */
#define SPE_OP_LDST_EXT			0x02
#define SPE_OP_LDST_EXT_MASK		0xe2
#define SPE_OP_LDST_AT			0x04
#define SPE_OP_LDST_EXCL		0x08
#define SPE_OP_LDST_AR			0x10
/* SVE/SME form GEEE1P0s. */
#define SPE_OP_LDST_SVE_MASK		0x0a
#define SPE_OP_LDST_SVE			0x08
#define SPE_OP_LDST_SVE_PRED		0x04
#define SPE_OP_LDST_SVE_SG		0x80
#define SPE_OP_LDST_SVE_EVL_SHIFT	4
#define SPE_OP_LDST_SVE_EVL_MASK	0x70

/* Op type, class BRANCH: 000RRGIC. */
#define SPE_OP_BR_COND			0x01
#define SPE_OP_BR_INDIRECT		0x02
#define SPE_OP_BR_GCS			0x04
#define SPE_OP_BR_CR_SHIFT		3
#define SPE_OP_BR_CR_MASK		0x18
#define SPE_OP_BR_CR_NONE		0
#define SPE_OP_BR_CR_CALL		1
#define SPE_OP_BR_CR_RET		2
#define SPE_OP_BR_CR_OTHER		3

/* Events packet bits (PMSEVFR_EL1/PMSNEVFR_EL1 use the same positions). */
#define SPE_EV_EXCEPTION_GEN		0
#define SPE_EV_RETIRED			1
#define SPE_EV_L1D_ACCESS		2
#define SPE_EV_L1D_REFILL		3
#define SPE_EV_TLB_ACCESS		4
#define SPE_EV_TLB_WALK			5
#define SPE_EV_NOT_TAKEN		6
#define SPE_EV_MISPRED			7
#define SPE_EV_LLC_ACCESS		8
#define SPE_EV_LLC_MISS			9
#define SPE_EV_REMOTE_ACCESS		10
#define SPE_EV_ALIGNMENT		11
#define SPE_EV_TRANSACTIONAL		16
#define SPE_EV_SVE_PARTIAL_PRED		17
#define SPE_EV_SVE_EMPTY_PRED		18
#define SPE_EV_L2D_ACCESS		19
#define SPE_EV_L2D_MISS			20
#define SPE_EV_CACHE_DATA_MODIFIED	21
#define SPE_EV_RECENTLY_FETCHED		22
#define SPE_EV_DATA_SNOOPED		23
#define SPE_EV_BIT(n)			(ARCH_U64(1) << (n))

/* Data source values of Arm's Neoverse/Cortex cores (IMPLEMENTATION DEFINED). */
#define SPE_DS_L1D			0x0
#define SPE_DS_L2			0x8
#define SPE_DS_PEER_CORE		0x9
#define SPE_DS_LOCAL_CLUSTER		0xa
#define SPE_DS_SYS_CACHE		0xb
#define SPE_DS_PEER_CLUSTER		0xc
#define SPE_DS_REMOTE			0xd
#define SPE_DS_DRAM			0xe

#endif
