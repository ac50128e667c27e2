// SPDX-License-Identifier: GPL-2.0-only
// Boot CPU start-up after start.S: device tree, MMU, GIC, then main().
#include "console.h"
#include "gic.h"
#include "layout.h"
#include "mem.h"
#include "mmu.h"
#include "report.h"
#include "runtime.h"

static struct dtb_info dt;
static uint64_t ram_size;
static uintptr_t boot_x0;

const struct dtb_info *runtime_dtb(void)
{
	return &dt;
}

uint64_t runtime_ram_size(void)
{
	return ram_size;
}

uintptr_t runtime_boot_x0(void)
{
	return boot_x0;
}

void runtime_start(uintptr_t dtb)
{
	boot_x0 = dtb;
	dtb_scan(dtb, &dt);
	ram_size = GUEST_RAM_DEFAULT_SIZE;
	if (dt.ram_base == GUEST_RAM_BASE && dt.ram_size >= (4u << 20))
		ram_size = dt.ram_size;
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
