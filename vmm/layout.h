/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest-physical memory map: QEMU's "virt" board with a GICv3, so the
 * same guest ELF boots on both. Drawn once here; every address comes from
 * these names.
 *
 *   0x0000_0000 +----------------------+
 *               |   (unused)           |
 *   0x0800_0000 +----------------------+ GICD, 64 KiB
 *   0x0801_0000 |   (unused)           |
 *   0x080A_0000 +----------------------+ GICR, 128 KiB per vCPU (max 123)
 *   0x0900_0000 +----------------------+ PL011 UART, 4 KiB, SPI 1
 *   0x0900_1000 |   (unused)           |
 *   0x4000_0000 +----------------------+ RAM base: the device tree (<= 2 MiB)
 *   0x4020_0000 |   guest ELF segments |  first address a segment may use
 *               |   ...                |
 *   RAM end     +----------------------+ at most 0x40_0000_0000 (256 GiB)
 *
 * The GIC regions are served inside the hypervisor; only the UART (and
 * unknown addresses) reach the VMM's MMIO bus.
 */
#ifndef VMM_LAYOUT_H
#define VMM_LAYOUT_H

#define VMM_GICD_BASE		0x08000000ull
#define VMM_GICD_SIZE		0x00010000ull
#define VMM_GICR_BASE		0x080A0000ull
#define VMM_GICR_STRIDE		0x00020000ull
#define VMM_GICR_LIMIT		0x09000000ull	/* the UART follows */
#define VMM_MAX_CPUS		((VMM_GICR_LIMIT - VMM_GICR_BASE) / VMM_GICR_STRIDE)

#define VMM_UART_BASE		0x09000000ull
#define VMM_UART_SIZE		0x00001000ull
#define VMM_UART_SPI		1u		/* INTID 33 */
#define VMM_UART_CLOCK_HZ	24000000u

#define VMM_RAM_BASE		0x40000000ull
#define VMM_RAM_LIMIT		0x4000000000ull	/* QEMU virt's low RAM ends here */
#define VMM_RAM_MIN		(4ull << 20)
#define VMM_RAM_DEFAULT		(128ull << 20)
#define VMM_RAM_ALIGN		0x1000ull

#define VMM_DTB_BASE		VMM_RAM_BASE
#define VMM_DTB_MAX		(2ull << 20)	/* guests are linked at RAM + 2 MiB or above */

#endif
