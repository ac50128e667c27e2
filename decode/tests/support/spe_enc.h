/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A small SPE packet encoder for tests and benchmarks only (the SPE unit's
 * real encoder lives in hw/spe). It writes packets from the same constants
 * the decoder reads, so encode -> decode round trips test both sides.
 */
#ifndef DECODE_TEST_SPE_ENC_H
#define DECODE_TEST_SPE_ENC_H

#include <stddef.h>
#include <stdint.h>

struct spe_enc {
	uint8_t *buf;
	size_t cap;
	size_t len;
	int overflow;	/* a packet did not fit: len stops before it */
};

void spe_enc_init(struct spe_enc *e, uint8_t *buf, size_t cap);
void spe_enc_pad(struct spe_enc *e, size_t n);
void spe_enc_end(struct spe_enc *e);
void spe_enc_timestamp(struct spe_enc *e, uint64_t ts);
/* Address/counter with index >= 8 use the extended header. */
void spe_enc_address(struct spe_enc *e, unsigned int idx, uint64_t payload);
void spe_enc_counter(struct spe_enc *e, unsigned int idx, uint16_t value);
/* sz is the size code 0..3 (1, 2, 4, 8 bytes). */
void spe_enc_events(struct spe_enc *e, unsigned int sz, uint64_t events);
void spe_enc_data_source(struct spe_enc *e, unsigned int sz, uint64_t ds);
void spe_enc_context(struct spe_enc *e, unsigned int idx, uint32_t ctx);
void spe_enc_op_type(struct spe_enc *e, unsigned int cls, uint8_t subclass);

/* The payload of a PC-like address packet (index 0, 1, 4). */
uint64_t spe_enc_pc_payload(uint64_t va, unsigned int el, int ns);

/*
 * A deterministic synthetic workload: records of loads, stores, branches
 * and other ops with PCs among nr_funcs functions of func_size bytes from
 * text_base, data addresses in [data_base, data_base + data_size), and a
 * simple cache/latency story. Same seed, same bytes.
 */
struct spe_synth {
	uint64_t rng;
	uint64_t ts;
	uint64_t text_base;
	uint32_t func_size;
	uint32_t nr_funcs;
	uint64_t data_base;
	uint64_t data_size;
	int with_ts;		/* end records with Timestamp (else End) */
	int with_pa;
	int with_context;
	uint32_t context;
	uint32_t pad_align;	/* pad each record to this many bytes (0 = none) */
	unsigned int el;	/* exception level of the sampled code (default 1) */
};

void spe_synth_init(struct spe_synth *s, uint64_t seed);
/* Append one record; returns its size, or 0 if it did not fit. */
size_t spe_synth_record(struct spe_synth *s, struct spe_enc *e);

#endif
