// SPDX-License-Identifier: GPL-2.0-only
// Boot CPU start-up after start.S: device tree, MMU, GIC, then main().
#include "console.h"
#include "gic.h"
#include "layout.h"
#include "mem.h"
#include "mmu.h"
#include "report.h"
#include "runtime.h"

static struct fdt_info fdt;
static uint64_t ram_size;

const struct fdt_info *runtime_fdt(void)
{
	return &fdt;
}

uint64_t runtime_ram_size(void)
{
	return ram_size;
}

void runtime_start(uintptr_t dtb)
{
	fdt_scan(dtb, &fdt);
	ram_size = GUEST_RAM_DEFAULT_SIZE;
	if (fdt.ram_base == GUEST_RAM_BASE && fdt.ram_size >= (4u << 20))
		ram_size = fdt.ram_size;
	if (ram_size > GUEST_RAM_MAX_SIZE)
		ram_size = GUEST_RAM_MAX_SIZE;
	if (mmu_init(ram_size)) {
		printf("FATAL: no 4 KiB translation granule\n");
		report_exit(REPORT_ABORT);
	}
	mem_init(GUEST_RAM_BASE + ram_size);
	if (gic_init()) {
		printf("FATAL: no redistributor for CPU %u\n", 0u);
		report_exit(REPORT_ABORT);
	}
	report_exit(main());
}
