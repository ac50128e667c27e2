// SPDX-License-Identifier: GPL-2.0-only
/* A64 decoding for the CPU's slow paths (Arm ARM C4.1, C6.2). */
#include "insn.h"

#include <string.h>

static uint32_t bits(uint32_t v, unsigned int hi, unsigned int lo)
{
	return (v >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static int64_t sext(uint64_t v, unsigned int width)
{
	uint64_t m = 1ull << (width - 1);

	v &= (m << 1) - 1;
	return (int64_t)((v ^ m) - m);
}

enum insn_kind insn_classify(uint32_t insn, uint32_t *imm16)
{
	uint32_t imm = bits(insn, 20, 5);
	struct insn_ldst d;

	if (imm16)
		*imm16 = imm;
	/* Exception generation (C4.1.65): 1101 0100 opc imm16 op2 LL. */
	switch (insn & 0xffe0001fu) {
	case 0xd4000001u: return INSN_SVC;
	case 0xd4000002u: return INSN_HVC;
	case 0xd4000003u: return INSN_SMC;
	case 0xd4200000u: return INSN_BRK;
	default: break;
	}
	if (insn == 0xd503207fu)
		return INSN_WFI;
	if (insn == 0xd503205fu)
		return INSN_WFE;
	if (insn == 0xd69f03e0u)
		return INSN_ERET;
	if (insn_decode_ldst(insn, &d))
		return INSN_LDST;
	return INSN_OTHER;
}

/* Single-register forms: size:V:opc decide width, direction, extension. */
static bool ldst_single_type(uint32_t insn, struct insn_ldst *d)
{
	unsigned int size = bits(insn, 31, 30), opc = bits(insn, 23, 22);

	d->simd = bits(insn, 26, 26);
	if (d->simd) {
		d->size = 1u << size;
		if (opc & 2) {
			if (size != 0)
				return false;
			d->size = 16;
		}
		d->is_load = opc & 1;
		return true;
	}
	d->size = 1u << size;
	switch (opc) {
	case 0: d->is_load = false; break;
	case 1: d->is_load = true; d->sf = size == 3; break;
	case 2:
		if (size == 3)
			return false;	/* PRFM */
		d->is_load = true; d->sign_extend = true; d->sf = true;
		break;
	default:
		if (size >= 2)
			return false;
		d->is_load = true; d->sign_extend = true; d->sf = false;
		break;
	}
	if (!d->sign_extend && d->is_load)
		d->sf = size == 3;
	return true;
}

bool insn_decode_ldst(uint32_t insn, struct insn_ldst *d)
{
	memset(d, 0, sizeof(*d));
	d->rt = bits(insn, 4, 0);
	d->rn = bits(insn, 9, 5);
	d->rt2 = bits(insn, 14, 10);

	if ((insn & 0x3b000000u) == 0x18000000u) {	/* load literal */
		unsigned int opc = bits(insn, 31, 30);

		d->literal = true;
		d->is_load = true;
		d->imm = sext(bits(insn, 23, 5), 19) * 4;
		d->simd = bits(insn, 26, 26);
		if (d->simd) {
			if (opc == 3)
				return false;
			d->size = 4u << opc;
		} else if (opc == 3) {
			return false;	/* PRFM literal */
		} else {
			d->size = opc == 1 ? 8 : 4;
			d->sign_extend = opc == 2;
			d->sf = opc != 0;
		}
		return true;
	}
	if ((insn & 0x3f000000u) == 0x08000000u) {	/* exclusive / ordered / CAS */
		unsigned int size = bits(insn, 31, 30);

		d->size = 1u << size;
		d->is_load = bits(insn, 22, 22);
		d->sf = size == 3;
		d->aligned = true;
		if (bits(insn, 23, 23) == 0 && !(bits(insn, 21, 21) && size < 2)) {
			d->exclusive = true;
			d->pair = bits(insn, 21, 21);
		} else if (bits(insn, 21, 21)) {
			/* CAS, and CASP (o2 = 0, size 0/1: pairs of 4/8 bytes): read and write. */
			if (bits(insn, 14, 10) != 0x1f)
				return false;
			d->is_load = false;
			d->atomic = true;
			if (bits(insn, 23, 23) == 0) {
				d->pair = true;
				d->size = 4u << size;
				d->sf = size == 1;
			}
		}
		return true;
	}
	if ((insn & 0x3f200c00u) == 0x38200000u) {	/* atomic memory ops (C4.1.94) */
		unsigned int size = bits(insn, 31, 30);

		d->size = 1u << size;
		d->sf = size == 3;
		d->aligned = d->atomic = true;
		/* LDAPR only loads; LDADD, SWP... read and write (WnR = 1). */
		d->is_load = bits(insn, 15, 15) && bits(insn, 14, 12) == 4;
		return true;
	}
	if ((insn & 0xbe000000u) == 0x0c000000u) {	/* SIMD structures (C4.1.93) */
		unsigned int opcode = bits(insn, 15, 12), q = bits(insn, 30, 30);

		d->simd = d->structure = true;
		d->is_load = bits(insn, 22, 22);
		d->writeback = d->post_index = bits(insn, 23, 23);
		if (bits(insn, 24, 24) == 0) {	/* multiple structures */
			static const unsigned char regs[16] = {
				[0] = 4, [2] = 4, [4] = 3, [6] = 3, [7] = 1, [8] = 2, [10] = 2,
			};

			if (!regs[opcode])
				return false;
			d->size = regs[opcode] * (q ? 16u : 8u);
		} else {			/* one element (or replicate) */
			unsigned int selem = (bits(insn, 13, 13) << 1 | bits(insn, 21, 21)) + 1;
			unsigned int scale = opcode >> 2;

			if (scale == 3)		/* LD1R..LD4R: size field */
				scale = bits(insn, 11, 10);
			else if (scale == 2 && bits(insn, 10, 10))
				scale = 3;
			d->size = selem << scale;
		}
		return true;
	}
	if ((insn & 0x3a000000u) == 0x28000000u) {	/* register pair */
		unsigned int opc = bits(insn, 31, 30), mode = bits(insn, 24, 23);
		unsigned int scale;

		d->pair = true;
		d->simd = bits(insn, 26, 26);
		d->is_load = bits(insn, 22, 22);
		if (d->simd) {
			if (opc == 3)
				return false;
			scale = 2 + opc;
		} else {
			if (opc == 3 || (opc == 1 && !d->is_load))
				return false;
			scale = opc == 2 ? 3 : 2;
			d->sign_extend = opc == 1;
			d->sf = opc != 0;
		}
		d->size = 1u << scale;
		d->imm = sext(bits(insn, 21, 15), 7) * (int64_t)d->size;
		d->writeback = mode == 1 || mode == 3;
		d->post_index = mode == 1;
		return true;
	}
	if ((insn & 0x3b000000u) == 0x39000000u) {	/* unsigned offset */
		if (!ldst_single_type(insn, d))
			return false;
		d->imm = (int64_t)bits(insn, 21, 10) * d->size;
		return true;
	}
	if ((insn & 0x3b000000u) == 0x38000000u) {
		if (bits(insn, 21, 21) == 0) {	/* imm9 forms */
			unsigned int mode = bits(insn, 11, 10);

			if (!ldst_single_type(insn, d))
				return false;
			d->imm = sext(bits(insn, 20, 12), 9);
			d->writeback = mode == 1 || mode == 3;
			d->post_index = mode == 1;
			return true;
		}
		if (bits(insn, 11, 10) == 2) {	/* register offset */
			if (!ldst_single_type(insn, d))
				return false;
			d->reg_offset = true;
			d->rm = bits(insn, 20, 16);
			d->option = bits(insn, 15, 13);
			if (bits(insn, 12, 12)) {
				unsigned int s = 0, n = d->size;

				while (n > 1) {
					n >>= 1;
					s++;
				}
				d->shift = s;
			}
			return true;
		}
	}
	return false;
}

uint64_t insn_ldst_address(const struct insn_ldst *d, const uint64_t x[31],
			   uint64_t sp, uint64_t pc)
{
	uint64_t base, off = 0;

	if (d->literal)
		return pc + (uint64_t)d->imm;
	base = d->rn == 31 ? sp : x[d->rn];
	if (d->reg_offset) {
		uint64_t m = d->rm == 31 ? 0 : x[d->rm];

		switch (d->option) {
		case 2: m = (uint32_t)m; break;			/* UXTW */
		case 6: m = (uint64_t)(int64_t)(int32_t)m; break; /* SXTW */
		default: break;					/* LSL / SXTX */
		}
		off = m << d->shift;
	} else if (!d->post_index) {
		off = (uint64_t)d->imm;
	}
	return base + off;
}

bool insn_ldst_is_simple(const struct insn_ldst *d)
{
	return !d->simd && !d->pair && !d->exclusive && !d->atomic && !d->writeback &&
	       !d->literal && d->size <= 8;
}
