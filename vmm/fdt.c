// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device-tree construction with libfdt's sequential-write API. Bindings:
 * Documentation/devicetree/bindings in Linux (arm/cpus, arm/psci,
 * interrupt-controller/arm,gic-v3, timer/arm,arch_timer, serial/pl011,
 * clock/fixed-clock, perf/spe-pmu). Interrupt specifiers are the GIC's
 * three cells: type (0 SPI, 1 PPI), number, flags (4 = level-high, as
 * QEMU's virt board gives with a GICv3).
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "vmm_err.h"
#include "vmm_fdt.h"

#define GIC_SPI		0u
#define GIC_PPI		1u
#define IRQ_LEVEL_HIGH	4u

/* Timer PPIs in the binding's order: secure phys, non-secure phys, virt, hyp. */
static const uint32_t timer_ppis[4] = { 13, 14, 11, 10 };

/* Sequential writer that remembers the first libfdt error. */
struct fdt_writer {
	void *fdt;
	int err;
};

static void fw_check(struct fdt_writer *w, int ret)
{
	if (ret < 0 && !w->err)
		w->err = ret;
}

static void fw_begin(struct fdt_writer *w, const char *name)
{
	if (!w->err)
		fw_check(w, fdt_begin_node(w->fdt, name));
}

static void fw_end(struct fdt_writer *w)
{
	if (!w->err)
		fw_check(w, fdt_end_node(w->fdt));
}

static void fw_string(struct fdt_writer *w, const char *name, const char *val)
{
	if (!w->err)
		fw_check(w, fdt_property_string(w->fdt, name, val));
}

/* A string list: the strings back to back, each with its NUL (len counts them all). */
static void fw_strings(struct fdt_writer *w, const char *name, const char *val, int len)
{
	if (!w->err)
		fw_check(w, fdt_property(w->fdt, name, val, len));
}

static void fw_empty(struct fdt_writer *w, const char *name)
{
	if (!w->err)
		fw_check(w, fdt_property(w->fdt, name, NULL, 0));
}

static void fw_u32(struct fdt_writer *w, const char *name, uint32_t val)
{
	if (!w->err)
		fw_check(w, fdt_property_u32(w->fdt, name, val));
}

static void fw_cells(struct fdt_writer *w, const char *name, const uint32_t *cells, unsigned int n)
{
	fdt32_t be[128];	/* the longest: an affinity list of every vCPU */
	unsigned int i;

	if (w->err)
		return;
	for (i = 0; i < n && i < 128; i++)
		be[i] = cpu_to_fdt32(cells[i]);
	fw_check(w, fdt_property(w->fdt, name, be, (int)(i * sizeof(be[0]))));
}

/* reg = <addr size>... with #address-cells = #size-cells = 2: each value is two cells. */
static void fw_reg2(struct fdt_writer *w, const uint64_t *pairs, unsigned int npairs)
{
	uint32_t cells[16];
	unsigned int v, nvals = npairs * 2 < 8 ? npairs * 2 : 8;

	for (v = 0; v < nvals; v++) {
		cells[2 * v] = (uint32_t)(pairs[v] >> 32);
		cells[2 * v + 1] = (uint32_t)pairs[v];
	}
	fw_cells(w, "reg", cells, 2 * nvals);
}

_Static_assert(VMM_MAX_CPUS <= 128, "fw_cells() holds an affinity list of every vCPU");

/* 3 interrupt cells, or 4 when the SPE PPI is partitioned (heterogeneous host). */
static unsigned int fdt_irq_cells(const struct vmm_fdt_config *cfg)
{
	return cfg->spe && cfg->spe_cpus ? 4 : 3;
}

static void fdt_add_cpus(struct fdt_writer *w, const struct vmm_fdt_config *cfg)
{
	char name[32];
	unsigned int i;

	fw_begin(w, "cpus");
	fw_u32(w, "#address-cells", 1);
	fw_u32(w, "#size-cells", 0);
	for (i = 0; i < cfg->nr_cpus; i++) {
		/* reg is MPIDR_EL1's Aff2..Aff0 (Arm ARM D19.2, MPIDR_EL1). */
		uint32_t reg = cfg->mpidr ? (uint32_t)(cfg->mpidr[i] & 0xffffffu) : i;

		snprintf(name, sizeof(name), "cpu@%x", reg);
		fw_begin(w, name);
		fw_string(w, "device_type", "cpu");
		fw_string(w, "compatible", "arm,armv8");
		fw_u32(w, "reg", reg);
		fw_string(w, "enable-method", "psci");
		if (cfg->spe && cfg->spe_cpus)
			fw_u32(w, "phandle", VMM_FDT_PHANDLE_CPU0 + i);
		fw_end(w);
	}
	fw_end(w);
}

static void fdt_add_gic(struct fdt_writer *w, const struct vmm_fdt_config *cfg)
{
	const uint64_t reg[4] = {
		VMM_GICD_BASE, VMM_GICD_SIZE,
		VMM_GICR_BASE, VMM_GICR_STRIDE * cfg->nr_cpus,
	};
	char name[32];

	snprintf(name, sizeof(name), "intc@%llx", (unsigned long long)VMM_GICD_BASE);
	fw_begin(w, name);
	fw_string(w, "compatible", "arm,gic-v3");
	fw_u32(w, "#interrupt-cells", fdt_irq_cells(cfg));
	fw_empty(w, "interrupt-controller");
	fw_u32(w, "#redistributor-regions", 1);
	fw_u32(w, "#address-cells", 2);
	fw_u32(w, "#size-cells", 2);
	fw_empty(w, "ranges");
	fw_reg2(w, reg, 2);
	fw_u32(w, "phandle", VMM_FDT_PHANDLE_GIC);
	if (fdt_irq_cells(cfg) == 4) {
		uint32_t cpus[128];
		unsigned int i, n = 0;

		/* One partition: the CPUs with an SPE unit (the SPE PPI is theirs only). */
		for (i = 0; i < cfg->nr_cpus; i++)
			if (cfg->spe_cpus[i])
				cpus[n++] = VMM_FDT_PHANDLE_CPU0 + i;
		fw_begin(w, "ppi-partitions");
		fw_begin(w, "interrupt-partition-0");
		fw_cells(w, "affinity", cpus, n);
		fw_u32(w, "phandle", VMM_FDT_PHANDLE_SPE_PART);
		fw_end(w);
		fw_end(w);
	}
	fw_end(w);
}

static void fdt_add_timer(struct fdt_writer *w, unsigned int cells)
{
	static const char compat[] = "arm,armv8-timer\0arm,armv7-timer";
	uint32_t irqs[16] = { 0 };
	unsigned int i;

	for (i = 0; i < 4; i++) {
		irqs[cells * i] = GIC_PPI;
		irqs[cells * i + 1] = timer_ppis[i];
		irqs[cells * i + 2] = IRQ_LEVEL_HIGH;
	}
	fw_begin(w, "timer");
	fw_strings(w, "compatible", compat, sizeof(compat));
	fw_cells(w, "interrupts", irqs, 4 * cells);
	fw_empty(w, "always-on");
	fw_end(w);
}

static void fdt_add_uart(struct fdt_writer *w, unsigned int cells)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char clock_names[] = "uartclk\0apb_pclk";
	const uint64_t reg[2] = { VMM_UART_BASE, VMM_UART_SIZE };
	const uint32_t irq[4] = { GIC_SPI, VMM_UART_SPI, IRQ_LEVEL_HIGH, 0 };
	const uint32_t clocks[2] = { VMM_FDT_PHANDLE_CLK, VMM_FDT_PHANDLE_CLK };
	char name[32];

	fw_begin(w, "apb-pclk");
	fw_string(w, "compatible", "fixed-clock");
	fw_u32(w, "#clock-cells", 0);
	fw_u32(w, "clock-frequency", VMM_UART_CLOCK_HZ);
	fw_string(w, "clock-output-names", "clk24mhz");
	fw_u32(w, "phandle", VMM_FDT_PHANDLE_CLK);
	fw_end(w);

	snprintf(name, sizeof(name), "pl011@%llx", (unsigned long long)VMM_UART_BASE);
	fw_begin(w, name);
	fw_strings(w, "compatible", compat, sizeof(compat));
	fw_reg2(w, reg, 1);
	fw_cells(w, "interrupts", irq, cells);
	fw_cells(w, "clocks", clocks, 2);
	fw_strings(w, "clock-names", clock_names, sizeof(clock_names));
	fw_end(w);
}

static int fdt_check_config(const struct vmm_fdt_config *cfg, void *buf, size_t size)
{
	if (!cfg || !buf)
		return vmm_err_set(VMM_EINVAL, "device tree: no config or buffer");
	if (cfg->nr_cpus == 0 || cfg->nr_cpus > VMM_MAX_CPUS)
		return vmm_err_set(VMM_EINVAL, "device tree: %u vCPUs (1..%llu fit the map)",
				   cfg->nr_cpus, (unsigned long long)VMM_MAX_CPUS);
	if (cfg->ram_size == 0 || cfg->ram_base + cfg->ram_size < cfg->ram_base)
		return vmm_err_set(VMM_EINVAL, "device tree: bad RAM range");
	if (cfg->bootargs && strlen(cfg->bootargs) >= VMM_FDT_BOOTARGS_MAX)
		return vmm_err_set(VMM_EINVAL, "device tree: command line of %zu bytes (Linux takes at most %u)",
				   strlen(cfg->bootargs), VMM_FDT_BOOTARGS_MAX - 1);
	if (cfg->initrd_end < cfg->initrd_start ||
	    (cfg->initrd_end != cfg->initrd_start &&
	     (cfg->initrd_start < cfg->ram_base || cfg->initrd_end > cfg->ram_base + cfg->ram_size)))
		return vmm_err_set(VMM_EINVAL, "device tree: initrd [0x%llx, 0x%llx) is not inside RAM",
				   (unsigned long long)cfg->initrd_start,
				   (unsigned long long)cfg->initrd_end);
	if (cfg->spe && cfg->spe_cpus) {
		unsigned int i, n = 0;

		for (i = 0; i < cfg->nr_cpus; i++)
			n += cfg->spe_cpus[i] != 0;
		if (n == 0)
			return vmm_err_set(VMM_EINVAL, "device tree: an SPE partition without CPUs");
	}
	if (size < 64 || size > INT32_MAX)
		return vmm_err_set(VMM_EINVAL, "device tree: buffer size %zu", size);
	return 0;
}

int vmm_fdt_build(const struct vmm_fdt_config *cfg, void *buf, size_t size)
{
	static const char psci_compat[] = "arm,psci-1.0\0arm,psci-0.2";
	const uint64_t mem_reg[2] = { cfg ? cfg->ram_base : 0, cfg ? cfg->ram_size : 0 };
	struct fdt_writer w = { .fdt = buf, .err = 0 };
	char name[64];
	int err;

	err = fdt_check_config(cfg, buf, size);
	if (err)
		return err;

	fw_check(&w, fdt_create(buf, (int)size));
	if (!w.err)
		fw_check(&w, fdt_finish_reservemap(buf));
	fw_begin(&w, "");
	fw_string(&w, "compatible", "linux,dummy-virt");
	fw_string(&w, "model", "vspe virt");
	fw_u32(&w, "#address-cells", 2);
	fw_u32(&w, "#size-cells", 2);
	fw_u32(&w, "interrupt-parent", VMM_FDT_PHANDLE_GIC);

	fw_begin(&w, "chosen");
	snprintf(name, sizeof(name), "/pl011@%llx", (unsigned long long)VMM_UART_BASE);
	fw_string(&w, "stdout-path", name);
	fw_string(&w, "bootargs", cfg->bootargs ? cfg->bootargs : "");
	if (cfg->initrd_end != cfg->initrd_start) {
		/* Linux reads these as one or two cells; two cells carry any address. */
		if (!w.err)
			fw_check(&w, fdt_property_u64(buf, "linux,initrd-start", cfg->initrd_start));
		if (!w.err)
			fw_check(&w, fdt_property_u64(buf, "linux,initrd-end", cfg->initrd_end));
	}
	fw_end(&w);

	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)cfg->ram_base);
	fw_begin(&w, name);
	fw_string(&w, "device_type", "memory");
	fw_reg2(&w, mem_reg, 1);
	fw_end(&w);

	fdt_add_cpus(&w, cfg);

	fw_begin(&w, "psci");
	fw_strings(&w, "compatible", psci_compat, sizeof(psci_compat));
	fw_string(&w, "method", "hvc");
	fw_end(&w);

	fdt_add_gic(&w, cfg);
	fdt_add_timer(&w, fdt_irq_cells(cfg));
	fdt_add_uart(&w, fdt_irq_cells(cfg));

	if (cfg->spe) {
		/* PPI 5 = INTID 21, level-high; partitioned: only the CPUs with SPE. */
		const uint32_t irq[4] = { GIC_PPI, VMM_FDT_SPE_PPI, IRQ_LEVEL_HIGH,
					  VMM_FDT_PHANDLE_SPE_PART };

		fw_begin(&w, "spe-pmu");
		fw_string(&w, "compatible", "arm,statistical-profiling-extension-v1");
		fw_cells(&w, "interrupts", irq, fdt_irq_cells(cfg));
		fw_end(&w);
	}

	fw_end(&w);
	if (!w.err)
		fw_check(&w, fdt_finish(buf));
	if (!w.err)
		fw_check(&w, fdt_pack(buf));
	if (w.err)
		return vmm_err_set(VMM_EFDT, "device tree: %s", fdt_strerror(w.err));
	return (int)fdt_totalsize(buf);
}
