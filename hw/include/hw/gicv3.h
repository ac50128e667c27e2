/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A GICv3 interrupt controller model: one distributor, one redistributor
 * and one CPU interface (ICC_* system registers) per connected CPU, system
 * register access only (ICC_SRE_EL1.SRE reads 1), redistributors awake.
 * No ITS, no LPIs, a single Security state (non-secure, GICD_CTLR.DS = 1).
 *
 * The model is pure state: it never calls out, and it is not thread-safe
 * (callers serialize all calls on one instance). The CPU side asks
 * gicv3_irq_pending() before each run slice and after every ICC write.
 * INTIDs: 0-15 SGI, 16-31 PPI (per CPU), 32..(32+nr_spis-1) SPI.
 */
#ifndef HW_GICV3_H
#define HW_GICV3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GICV3_DIST_SIZE		0x10000u	/* 64 KiB */
#define GICV3_REDIST_STRIDE	0x20000u	/* RD_base + SGI_base, 128 KiB */
#define GICV3_SPURIOUS		1023u

enum gicv3_err {
	GICV3_OK = 0,
	GICV3_EINVAL = -1,	/* bad argument (cpu index, intid, access size) */
	GICV3_ENOENT = -2,	/* not a register of this model: caller UNDEFs */
	GICV3_ENOMEM = -3,	/* out of memory (gicv3_state_load) */
};
const char *gicv3_strerror(int err);

struct gicv3;

/*
 * nr_spis: a multiple of 32, at most 988 (so at most 960); nr_cpus: 1 to
 * 512. Returns NULL on bad arguments (or when out of memory).
 */
struct gicv3 *gicv3_create(unsigned int nr_cpus, unsigned int nr_spis);
void gicv3_destroy(struct gicv3 *gic);
/* Back to the reset state; CPU affinities and input line levels are kept (wiring). */
void gicv3_reset(struct gicv3 *gic);
/* MPIDR affinity of each CPU, as GICR_TYPER reports it (default: cpu index). */
int gicv3_set_cpu_affinity(struct gicv3 *gic, unsigned int cpu, uint64_t mpidr);

/*
 * MMIO. Offsets are relative to the distributor base, or to the base of
 * the redistributor region (CPU n's frames start at n * GICV3_REDIST_STRIDE).
 * len is 1, 2, 4 or 8; unaligned or reserved accesses read 0 / ignore
 * writes (RAZ/WI) and return GICV3_OK, as hardware does.
 */
int gicv3_dist_read(struct gicv3 *gic, uint64_t off, unsigned int len, uint64_t *val);
int gicv3_dist_write(struct gicv3 *gic, uint64_t off, unsigned int len, uint64_t val);
int gicv3_redist_read(struct gicv3 *gic, uint64_t off, unsigned int len, uint64_t *val);
int gicv3_redist_write(struct gicv3 *gic, uint64_t off, unsigned int len, uint64_t val);

/*
 * ICC_* system registers of one CPU interface. key = ARCH_SYSREG(...)
 * encoding (arch/bits.h). Returns GICV3_ENOENT for encodings the model does
 * not implement (the caller injects UNDEF). Reading ICC_IAR1_EL1
 * acknowledges; writing ICC_SGI1R_EL1 makes SGIs pending on the targets.
 */
int gicv3_icc_read(struct gicv3 *gic, unsigned int cpu, uint32_t key, uint64_t *val);
int gicv3_icc_write(struct gicv3 *gic, unsigned int cpu, uint32_t key, uint64_t val);

/* Interrupt lines driven by devices. PPIs are per CPU; SPIs are global. */
int gicv3_set_ppi_level(struct gicv3 *gic, unsigned int cpu, unsigned int intid, bool level);
int gicv3_set_spi_level(struct gicv3 *gic, unsigned int intid, bool level);

/*
 * True when CPU cpu has a pending, enabled, group-1 interrupt of higher
 * priority than its running priority and PMR (and IGRPEN1 is on): the CPU
 * takes an IRQ exception unless PSTATE.I masks it.
 */
bool gicv3_irq_pending(const struct gicv3 *gic, unsigned int cpu);
/* The same for a Group 0 interrupt, which a single Security state signals as FIQ. */
bool gicv3_fiq_pending(const struct gicv3 *gic, unsigned int cpu);

/*
 * Saving and restoring the whole state (for snapshots and migration):
 * gicv3_state_size() bytes, a versioned, endian-fixed byte layout.
 */
size_t gicv3_state_size(const struct gicv3 *gic);
int gicv3_state_save(const struct gicv3 *gic, void *buf, size_t len);
int gicv3_state_load(struct gicv3 *gic, const void *buf, size_t len);

#endif
