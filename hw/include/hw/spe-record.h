/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One SPE record (format 0) as fields, and its byte encoder. The unit fills
 * a struct spe_unit_record per sampled operation; spe_unit_record_encode() turns it
 * into bytes in the order of the Arm ARM's example SPEConstructRecord():
 * Context EL1, Context EL2, Counters by index, Addresses by index, Data
 * Source, Operation Type, Events, then Timestamp or End, then padding.
 */
#ifndef HW_SPE_RECORD_H
#define HW_SPE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* spe_unit_record.present */
#define SPE_UREC_CTX_EL1		(1u << 0)
#define SPE_UREC_CTX_EL2		(1u << 1)
#define SPE_UREC_LAT_TOTAL	(1u << 2)
#define SPE_UREC_LAT_ISSUE	(1u << 3)
#define SPE_UREC_LAT_XLAT	(1u << 4)
#define SPE_UREC_PC		(1u << 5)
#define SPE_UREC_TARGET		(1u << 6)
#define SPE_UREC_DATA_VA		(1u << 7)
#define SPE_UREC_DATA_PA		(1u << 8)
#define SPE_UREC_DATA_SOURCE	(1u << 9)
#define SPE_UREC_OP_TYPE		(1u << 10)
#define SPE_UREC_EVENTS		(1u << 11)
#define SPE_UREC_TIMESTAMP	(1u << 12)	/* else the record ends with End */

struct spe_unit_record {
	uint32_t present;		/* SPE_UREC_* */
	uint64_t pc;			/* VA; payload keeps [55:0] */
	uint64_t target;
	uint64_t data_va;		/* all 64 bits, tag included */
	uint64_t data_pa;		/* payload keeps [55:0] */
	uint64_t events;
	uint64_t timestamp;
	uint32_t ctx_el1, ctx_el2;
	uint32_t lat_total, lat_issue, lat_xlat;	/* saturated when encoded */
	uint16_t data_source;
	uint8_t pc_el, target_el;	/* EL field of PC-like address packets */
	bool ns;			/* Non-secure: NS bit of PC, target, PA */
	uint8_t op_class;		/* SPE_OP_CLASS_* */
	uint8_t op_subclass;		/* payload byte */
};

/* How records of a unit are shaped (from PMSIDR_EL1 / PMBIDR_EL1). */
struct spe_unit_record_format {
	uint8_t count_bits;		/* 12 or 16: counters saturate there */
	uint8_t events_bytes;		/* events payload: 1, 2, 4 or 8 */
	uint8_t data_source_bytes;	/* data source payload: 1, 2, 4 or 8 */
	uint8_t align_log2;		/* PMBIDR_EL1.Align: pad to 2^Align */
	uint16_t max_size;		/* 2^PMSIDR_EL1.MaxSize */
};

/* The longest record the encoder can produce before padding (bytes). */
size_t spe_unit_record_max_len(const struct spe_unit_record_format *f);

/*
 * Encodes rec into out[0..cap). Returns the length (a multiple of
 * 2^align_log2, never above f->max_size) or SPE_UNIT_EINVAL (bad format) /
 * SPE_UNIT_ENOSPC (cap or max_size too small); out is untouched on error.
 */
int spe_unit_record_encode(const struct spe_unit_record *rec, const struct spe_unit_record_format *f,
		      uint8_t *out, size_t cap);

#endif
