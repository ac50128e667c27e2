/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * PL011 UART (a VMM device, as in kvmtool) as guests see it on QEMU's virt
 * board: transmit always ready (every write accepted), receive from a byte
 * queue the VMM fills (the 16-byte hardware FIFO), the PrimeCell ID
 * registers, and an interrupt level for SPI 1 (INTID 33). Transmitted bytes
 * go to a sink callback (the console).
 */
#ifndef VMM_PL011_H
#define VMM_PL011_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PL011_SIZE	0x1000u

enum pl011_err {
	PL011_OK = 0,
	PL011_EINVAL = -1,	/* NULL device or pointer, or an access size not 1, 2, 4 or 8 */
};
const char *pl011_strerror(int err);

struct pl011;
typedef void (*pl011_tx_fn)(void *opaque, uint8_t byte);

struct pl011 *pl011_create(pl011_tx_fn tx, void *opaque);
void pl011_destroy(struct pl011 *uart);
/* Registers to their reset values; the receive FIFO is emptied. */
void pl011_reset(struct pl011 *uart);
/*
 * len 1, 2 or 4; unknown offsets, unaligned and 8-byte accesses are RAZ/WI.
 * Returns 0 (PL011_OK), or PL011_EINVAL for a len other than 1, 2, 4, 8 or
 * a NULL pointer. A narrow access reads the bytes of the 32-bit register it
 * covers; a narrow write at byte 0 writes the register, elsewhere it is
 * ignored. After any call, pl011_irq_level() may have changed.
 */
int pl011_read(struct pl011 *uart, uint64_t off, unsigned int len, uint64_t *val);
int pl011_write(struct pl011 *uart, uint64_t off, unsigned int len, uint64_t val);
/*
 * Queue received bytes (input for the guest). Returns bytes accepted: the
 * receive FIFO holds 16 bytes with LCR_H.FEN set, 1 byte without (as the
 * hardware); the VMM keeps the rest and offers it again later.
 */
size_t pl011_receive(struct pl011 *uart, const uint8_t *buf, size_t len);
/* Bytes pl011_receive() would accept now (so the VMM reads only that much input). */
size_t pl011_rx_space(const struct pl011 *uart);
/* Level of the UART's interrupt line (UARTINTR = RIS & IMSC != 0). */
bool pl011_irq_level(const struct pl011 *uart);

/*
 * The whole device state (registers and received bytes not yet read) as
 * PL011_STATE_SIZE bytes, versioned and little-endian, for migration. A
 * load checks every field and changes nothing when it returns PL011_EINVAL.
 */
#define PL011_STATE_SIZE	61u
int pl011_state_save(const struct pl011 *uart, void *buf, size_t len);
int pl011_state_load(struct pl011 *uart, const void *buf, size_t len);

#endif
