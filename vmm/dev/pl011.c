// SPDX-License-Identifier: GPL-2.0-only
/*
 * PL011 UART model (Arm DDI 0183, the PrimeCell UART TRM). Transmission is
 * instantaneous: every byte written to DR goes to the sink at once, so the
 * transmit FIFO is always empty and never full. Reception is a real FIFO
 * (16 bytes, or 1 with LCR_H.FEN clear) filled by pl011_receive().
 *
 * Receive interrupts without a clock: the character-time timeout of the
 * hardware is taken as already elapsed, so RTIS is set whenever the FIFO
 * holds data below the trigger level and RXIS at or above it (TRM, the interrupts chapter).
 */
#include "dev/pl011.h"

#include <stdlib.h>
#include <string.h>

#include "arch/sysreg.h"

#define PL011_CR_RESET		(PL011_CR_RXE_MASK | PL011_CR_TXE_MASK)
#define PL011_IFLS_RESET	(PL011_IFLS_RXIFLSEL_PREP(PL011_IFLS_RXIFLSEL_1_2) | \
				 PL011_IFLS_TXIFLSEL_PREP(2))
#define PL011_INT_ALL		(PL011_INT_OE_MASK | PL011_INT_BE_MASK | PL011_INT_PE_MASK | \
				 PL011_INT_FE_MASK | PL011_INT_RT_MASK | PL011_INT_TX_MASK | \
				 PL011_INT_RX_MASK | PL011_INT_DSRM_MASK | PL011_INT_DCDM_MASK | \
				 PL011_INT_CTSM_MASK | PL011_INT_RIM_MASK)
#define PL011_LCR_H_ALL		(PL011_LCR_H_SPS_MASK | PL011_LCR_H_WLEN_MASK | PL011_LCR_H_FEN_MASK | \
				 PL011_LCR_H_STP2_MASK | PL011_LCR_H_EPS_MASK | PL011_LCR_H_PEN_MASK | \
				 PL011_LCR_H_BRK_MASK)
#define PL011_CR_ALL		(PL011_CR_CTSEn_MASK | PL011_CR_RTSEn_MASK | PL011_CR_Out2_MASK | \
				 PL011_CR_Out1_MASK | PL011_CR_RTS_MASK | PL011_CR_DTR_MASK | \
				 PL011_CR_RXE_MASK | PL011_CR_TXE_MASK | PL011_CR_LBE_MASK | \
				 PL011_CR_SIRLP_MASK | PL011_CR_SIREN_MASK | PL011_CR_UARTEN_MASK)

struct pl011 {
	pl011_tx_fn tx;
	void *opaque;
	uint8_t fifo[PL011_FIFO_DEPTH];
	unsigned int head, count;
	uint32_t ilpr, ibrd, fbrd, lcr_h, cr, ifls, imsc, ris, dmacr;
};

/*
 * PrimeCell identification (TRM, UARTPeriphID0-3 and UARTPCellID0-3): part
 * 0x011, designer Arm (0x41), revision 1, then the PrimeCell preamble.
 */
static const uint8_t pl011_ids[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

const char *pl011_strerror(int err)
{
	switch (err) {
	case PL011_OK:
		return "success";
	case PL011_EINVAL:
		return "invalid argument (NULL pointer or access size)";
	default:
		return "unknown PL011 error";
	}
}

void pl011_reset(struct pl011 *uart)
{
	if (!uart)
		return;
	uart->head = uart->count = 0;
	uart->ilpr = uart->ibrd = uart->fbrd = uart->lcr_h = 0;
	uart->imsc = uart->ris = uart->dmacr = 0;
	uart->cr = PL011_CR_RESET;
	uart->ifls = PL011_IFLS_RESET;
}

struct pl011 *pl011_create(pl011_tx_fn tx, void *opaque)
{
	struct pl011 *uart = calloc(1, sizeof(*uart));

	if (!uart)
		return NULL;
	uart->tx = tx;
	uart->opaque = opaque;
	pl011_reset(uart);
	return uart;
}

void pl011_destroy(struct pl011 *uart)
{
	free(uart);
}

static unsigned int pl011_depth(const struct pl011 *uart)
{
	return PL011_LCR_H_FEN_GET(uart->lcr_h) ? PL011_FIFO_DEPTH : 1;
}

/* Receive trigger level in bytes: 1/8 .. 7/8 of 16; 1 without the FIFO. */
static unsigned int pl011_rx_trigger(const struct pl011 *uart)
{
	static const uint8_t level[8] = { 2, 4, 8, 12, 14, 14, 14, 14 };

	if (!PL011_LCR_H_FEN_GET(uart->lcr_h))
		return 1;
	return level[PL011_IFLS_RXIFLSEL_GET(uart->ifls)];
}

/* Recompute RXIS and RTIS from the FIFO after it changed (see the top). */
static void pl011_update_rx(struct pl011 *uart)
{
	uart->ris &= ~(uint32_t)(PL011_INT_RX_MASK | PL011_INT_RT_MASK);
	if (uart->count >= pl011_rx_trigger(uart))
		uart->ris |= PL011_INT_RX_MASK;
	else if (uart->count)
		uart->ris |= PL011_INT_RT_MASK;
}

static size_t pl011_push(struct pl011 *uart, const uint8_t *buf, size_t len)
{
	size_t n = 0;

	while (n < len && uart->count < pl011_depth(uart)) {
		uart->fifo[(uart->head + uart->count) % PL011_FIFO_DEPTH] = buf[n++];
		uart->count++;
	}
	if (n)
		pl011_update_rx(uart);
	return n;
}

size_t pl011_receive(struct pl011 *uart, const uint8_t *buf, size_t len)
{
	if (!uart || !buf)
		return 0;
	return pl011_push(uart, buf, len);
}

size_t pl011_rx_space(const struct pl011 *uart)
{
	if (!uart)
		return 0;
	return pl011_depth(uart) - uart->count;
}

bool pl011_irq_level(const struct pl011 *uart)
{
	return uart && (uart->ris & uart->imsc) != 0;
}

static uint32_t pl011_flags(const struct pl011 *uart)
{
	uint32_t fr = PL011_FR_TXFE_MASK;	/* transmission is instantaneous */

	if (!uart->count)
		fr |= PL011_FR_RXFE_MASK;
	if (uart->count >= pl011_depth(uart))
		fr |= PL011_FR_RXFF_MASK;
	return fr;
}

static uint32_t pl011_pop(struct pl011 *uart)
{
	uint32_t byte;

	if (!uart->count)
		return 0;
	byte = uart->fifo[uart->head];
	uart->head = (uart->head + 1) % PL011_FIFO_DEPTH;
	uart->count--;
	pl011_update_rx(uart);
	return byte;
}

/* reads_fifo: the access covers DR's data byte, so it pops the FIFO. */
static uint32_t pl011_reg_read(struct pl011 *uart, uint64_t reg, bool reads_fifo)
{
	if (reg >= PL011_PERIPHID0 && reg < PL011_PCELLID0 + 16)
		return pl011_ids[(reg - PL011_PERIPHID0) / 4];
	switch (reg) {
	case PL011_DR:
		return reads_fifo ? pl011_pop(uart) : 0;
	case PL011_FR:
		return pl011_flags(uart);
	case PL011_ILPR:
		return uart->ilpr;
	case PL011_IBRD:
		return uart->ibrd;
	case PL011_FBRD:
		return uart->fbrd;
	case PL011_LCR_H:
		return uart->lcr_h;
	case PL011_CR:
		return uart->cr;
	case PL011_IFLS:
		return uart->ifls;
	case PL011_IMSC:
		return uart->imsc;
	case PL011_RIS:
		return uart->ris;
	case PL011_MIS:
		return uart->ris & uart->imsc;
	case PL011_DMACR:
		return uart->dmacr;
	default:
		return 0;	/* RSR: no receive errors are ever modelled */
	}
}

static void pl011_transmit(struct pl011 *uart, uint8_t byte)
{
	/* Loopback (CR.LBE) feeds the transmitter into the receiver (TRM, UARTCR.LBE). */
	if (PL011_CR_LBE_GET(uart->cr))
		pl011_push(uart, &byte, 1);
	else if (uart->tx)
		uart->tx(uart->opaque, byte);
	/* The FIFO empties through the trigger level at once: TXIS (TRM, UARTTXINTR). */
	uart->ris |= PL011_INT_TX_MASK;
}

static void pl011_reg_write(struct pl011 *uart, uint64_t reg, uint32_t val)
{
	switch (reg) {
	case PL011_DR:
		pl011_transmit(uart, (uint8_t)PL011_DR_DATA_GET(val));
		break;
	case PL011_ILPR:
		uart->ilpr = (uint32_t)PL011_ILPR_ILPDVSR_GET(val);
		break;
	case PL011_IBRD:
		uart->ibrd = (uint32_t)PL011_IBRD_BAUD_DIVINT_GET(val);
		break;
	case PL011_FBRD:
		uart->fbrd = (uint32_t)PL011_FBRD_BAUD_DIVFRAC_GET(val);
		break;
	case PL011_LCR_H:
	{
		bool fen_changed = (uart->lcr_h ^ val) & PL011_LCR_H_FEN_MASK;

		uart->lcr_h = val & PL011_LCR_H_ALL;
		/* Switching the FIFOs on or off flushes them (as QEMU's model does). */
		if (fen_changed) {
			uart->head = uart->count = 0;
			pl011_update_rx(uart);
		}
		break;
	}
	case PL011_CR:
		uart->cr = val & PL011_CR_ALL;
		break;
	case PL011_IFLS:
		uart->ifls = val & (PL011_IFLS_RXIFLSEL_MASK | PL011_IFLS_TXIFLSEL_MASK);
		if (uart->count)
			pl011_update_rx(uart);
		break;
	case PL011_IMSC:
		uart->imsc = val & PL011_INT_ALL;
		break;
	case PL011_ICR:
		uart->ris &= ~(val & PL011_INT_ALL);
		break;
	case PL011_DMACR:
		uart->dmacr = val & (PL011_DMACR_DMAONERR_MASK | PL011_DMACR_TXDMAE_MASK |
				     PL011_DMACR_RXDMAE_MASK);
		break;
	default:
		break;	/* RSR/ECR: clears errors, of which there are none; RO and reserved: WI */
	}
}

/* An 8-byte access is a valid bus access but no PL011 register: RAZ/WI. */
static bool pl011_len_ok(unsigned int len)
{
	return len == 1 || len == 2 || len == 4 || len == 8;
}

int pl011_read(struct pl011 *uart, uint64_t off, unsigned int len, uint64_t *val)
{
	unsigned int lane;
	uint64_t reg;

	if (!val)
		return PL011_EINVAL;
	*val = 0;	/* also on a bad access: a caller that ignores errors reads 0 */
	if (!uart || !pl011_len_ok(len))
		return PL011_EINVAL;
	if (len == 8 || off % len || off >= PL011_SIZE)
		return PL011_OK;
	reg = off & ~3ull;
	lane = (unsigned int)(off & 3);
	*val = (pl011_reg_read(uart, reg, lane == 0) >> (8 * lane)) &
	       (len == 4 ? 0xffffffffu : (1u << (8 * len)) - 1);
	return PL011_OK;
}

int pl011_write(struct pl011 *uart, uint64_t off, unsigned int len, uint64_t val)
{
	if (!uart || !pl011_len_ok(len))
		return PL011_EINVAL;
	if (len == 8 || off % len || off >= PL011_SIZE || (off & 3))
		return PL011_OK;
	pl011_reg_write(uart, off, (uint32_t)(len == 4 ? val : val & ((1u << (8 * len)) - 1)));
	return PL011_OK;
}

/*
 * State image, version 1, little-endian:
 *   "PL11" u32 version, u8 count, 16 FIFO bytes oldest first (unused: 0),
 *   u32 ILPR IBRD FBRD LCR_H CR IFLS IMSC RIS DMACR.
 */
#define PL011_STATE_MAGIC	0x31314c50u	/* "PL11" */
#define PL011_STATE_VERSION	1u

static void pl011_put32(uint8_t *p, uint32_t v)
{
	for (unsigned int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t pl011_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int pl011_state_save(const struct pl011 *uart, void *buf, size_t len)
{
	uint8_t *p = buf;
	uint32_t regs[9];

	if (!uart || !buf || len < PL011_STATE_SIZE)
		return PL011_EINVAL;
	regs[0] = uart->ilpr;
	regs[1] = uart->ibrd;
	regs[2] = uart->fbrd;
	regs[3] = uart->lcr_h;
	regs[4] = uart->cr;
	regs[5] = uart->ifls;
	regs[6] = uart->imsc;
	regs[7] = uart->ris;
	regs[8] = uart->dmacr;
	memset(p, 0, PL011_STATE_SIZE);
	pl011_put32(p, PL011_STATE_MAGIC);
	pl011_put32(p + 4, PL011_STATE_VERSION);
	p[8] = (uint8_t)uart->count;
	for (unsigned int i = 0; i < uart->count; i++)
		p[9 + i] = uart->fifo[(uart->head + i) % PL011_FIFO_DEPTH];
	for (unsigned int i = 0; i < 9; i++)
		pl011_put32(p + 25 + 4 * i, regs[i]);
	return PL011_OK;
}

int pl011_state_load(struct pl011 *uart, const void *buf, size_t len)
{
	static const uint32_t masks[9] = {
		PL011_ILPR_ILPDVSR_MASK, PL011_IBRD_BAUD_DIVINT_MASK, PL011_FBRD_BAUD_DIVFRAC_MASK,
		PL011_LCR_H_ALL, PL011_CR_ALL, PL011_IFLS_RXIFLSEL_MASK | PL011_IFLS_TXIFLSEL_MASK,
		PL011_INT_ALL, PL011_INT_ALL,
		PL011_DMACR_DMAONERR_MASK | PL011_DMACR_TXDMAE_MASK | PL011_DMACR_RXDMAE_MASK,
	};
	const uint8_t *p = buf;
	struct pl011 n;
	uint32_t regs[9];

	if (!uart || !buf || len != PL011_STATE_SIZE)
		return PL011_EINVAL;
	if (pl011_get32(p) != PL011_STATE_MAGIC || pl011_get32(p + 4) != PL011_STATE_VERSION)
		return PL011_EINVAL;
	for (unsigned int i = 0; i < 9; i++) {
		regs[i] = pl011_get32(p + 25 + 4 * i);
		if (regs[i] & ~masks[i])
			return PL011_EINVAL;
	}
	n = *uart;	/* keeps the sink */
	n.ilpr = regs[0];
	n.ibrd = regs[1];
	n.fbrd = regs[2];
	n.lcr_h = regs[3];
	n.cr = regs[4];
	n.ifls = regs[5];
	n.imsc = regs[6];
	n.ris = regs[7];
	n.dmacr = regs[8];
	n.head = 0;
	n.count = p[8];
	if (n.count > pl011_depth(&n))
		return PL011_EINVAL;
	for (unsigned int i = 0; i < PL011_FIFO_DEPTH; i++) {
		if (i >= n.count && p[9 + i])
			return PL011_EINVAL;	/* unused FIFO bytes are zero */
		n.fifo[i] = p[9 + i];
	}
	*uart = n;
	return PL011_OK;
}
