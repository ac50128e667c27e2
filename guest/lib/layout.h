/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest memory map (QEMU virt and vspe agree on it).
 *
 *  0x0800_0000  GICv3 distributor (64 KiB)
 *  0x080a_0000  GICv3 redistributors, 128 KiB per CPU (RD_base + SGI_base)
 *  0x0900_0000  PL011 UART
 *  0x4000_0000  RAM: device tree (first 2 MiB, left alone)
 *  0x4020_0000  this image: text/rodata, .user, data, bss (<= 2 MiB)
 *  0x4040_0000  free RAM: mem_alloc() hands it out upwards
 *
 * Virtual: everything above is identity mapped through TTBR0 (48-bit VA);
 * RAM is also aliased at GUEST_HIGH_BASE + PA through TTBR1.
 * Used by assembly too, so plain constants only.
 */
#ifndef GUEST_LAYOUT_H
#define GUEST_LAYOUT_H

#define GUEST_NR_CPUS		8
#define GUEST_STACK_SHIFT	14	/* 16 KiB of EL1 stack per CPU */
#define GUEST_STACK_SIZE	(1 << GUEST_STACK_SHIFT)

#define GUEST_GICD_BASE		0x08000000
#define GUEST_GICR_BASE		0x080a0000
#define GUEST_UART_BASE		0x09000000
#define GUEST_RAM_BASE		0x40000000
#define GUEST_RAM_DEFAULT_SIZE	0x08000000	/* 128 MiB without a DTB */
#define GUEST_RAM_MAX_SIZE	0x40000000	/* one L1 entry: 1 GiB */
#define GUEST_IMAGE_BASE	0x40200000
#define GUEST_HEAP_BASE		0x40400000
#define GUEST_HIGH_BASE		0xffff000000000000

/* struct exc_frame (exception.h), as byte offsets for start.S. */
#define EXC_FRAME_SP		248
#define EXC_FRAME_ELR		256
#define EXC_FRAME_ESR		272
#define EXC_FRAME_SIZE		288

#endif
