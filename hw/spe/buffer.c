// SPDX-License-Identifier: GPL-2.0-only
/*
 * The profiling buffer (Arm ARM D24, SPEWriteToBuffer(), SPEBufferIsFull(),
 * DebugWriteFault()): ownership, records written at PMBPTR_EL1 through the
 * memory port, and the buffer management events with their PMBSR_EL1
 * syndromes. A management event sets PMBSR_EL1.S, which stops profiling
 * and raises PMBIRQ until software clears it.
 */
#include "spe-internal.h"

#include "arch/sysreg.h"

/* ProfilingBufferOwner(): EL2 when EL2 is enabled and MDCR_EL2.E2PB == 0b00. */
uint8_t spe_buffer_owner(const struct spe_unit *u)
{
	return u->ctx.el2_enabled && u->ctx.e2pb == MDCR_EL2_E2PB_EL2 ? 2 : 1;
}

/* ProfilingBufferEnabled(): PMBLIMITR_EL1.E == 1 and PMBSR_EL1.S == 0. */
bool spe_buffer_enabled(const struct spe_unit *u)
{
	return PMBLIMITR_EL1_E_GET(u->pmblimitr) && !PMBSR_EL1_S_GET(u->pmbsr);
}

/* Discard mode is SPEv1p2; the reserved FM values behave as fill mode here. */
bool spe_buffer_discard(const struct spe_unit *u)
{
	return u->cfg.version >= SPE_V1P2 &&
	       PMBLIMITR_EL1_FM_GET(u->pmblimitr) == PMBLIMITR_EL1_FM_DISCARD;
}

static void raise_event(struct spe_unit *u, uint64_t ec, uint64_t mss, uint64_t extra)
{
	uint64_t keep = u->pmbsr & (PMBSR_EL1_DL_MASK | PMBSR_EL1_EA_MASK | PMBSR_EL1_COLL_MASK);

	u->pmbsr = keep | extra | PMBSR_EL1_EC_PREP(ec) | PMBSR_EL1_S_MASK |
		   PMBSR_EL1_MSS_PREP(mss);
	u->st.events++;
}

/* Other buffer management event, BSC = buffer filled (EC 0b000000). */
static void raise_full(struct spe_unit *u)
{
	raise_event(u, PMBSR_EL1_EC_BUF, PMBSR_MSS_BSC_PREP(PMBSR_MSS_BSC_FULL), 0);
}

/* ESR DFSC 0b010000: synchronous external abort, not on a table walk. */
#define FSC_SEA		0x10

void spe_buffer_write(struct spe_unit *u, const uint8_t *rec, size_t len)
{
	uint64_t limit = u->pmblimitr & PMBLIMITR_EL1_LIMIT_MASK;
	uint64_t maxsz = 1ull << u->cfg.max_size_log2;
	uint64_t ptr = u->pmbptr;
	struct spe_regime regime = spe_unit_regime(u);
	size_t off = 0;

	/*
	 * A pointer outside the buffer, or too close to the limit for this
	 * record, breaks the software restrictions on PMBPTR_EL1 (CONSTRAINED
	 * UNPREDICTABLE). The model writes nothing outside [PMBPTR, LIMIT):
	 * it drops the record and reports the buffer full.
	 */
	if (ptr >= limit || limit - ptr < len) {
		u->st.lost++;
		raise_full(u);
		return;
	}
	while (off < len) {
		struct spe_xlate_fault f = { 0 };
		size_t w;

		if (u->port.write(u->port.ctx, &regime, ptr + off, rec + off, len - off, &f) == 0) {
			u->st.bytes += len - off;
			off = len;
			break;
		}
		w = f.written < len - off ? f.written : len - off;
		off += w;
		u->st.bytes += w;
		/* PMBIDR_EL1.EA: a data external abort ignored or made an SError; the byte is lost. */
		if (f.ext_abort && f.fsc == FSC_SEA && u->cfg.ea != PMBIDR_EL1_EA_NOT_DESCRIBED) {
			if (u->cfg.ea == PMBIDR_EL1_EA_SERROR)
				u->serror = true;
			off++;
			continue;
		}
		/* Fault: PMBPTR_EL1 holds the faulting byte; the rest of the record is lost. */
		u->pmbptr = ptr + off;
		raise_event(u, f.stage == 2 && regime.stage2 ? PMBSR_EL1_EC_FAULT_S2 :
			    PMBSR_EL1_EC_FAULT_S1, f.fsc & 0x3f,
			    f.ext_abort ? PMBSR_EL1_EA_MASK | (off ? PMBSR_EL1_DL_MASK : 0) : 0);
		u->st.lost++;
		return;
	}
	u->pmbptr = ptr + len;
	u->st.records++;
	/* SPEBufferIsFull(): another maximum-size record would not fit. */
	if (limit - u->pmbptr < maxsz)
		raise_full(u);
}
