// SPDX-License-Identifier: GPL-2.0-only
// hello: the runtime came up. Prints, runs at EL1 with the MMU on, finds
// its memory, reaches RAM through the high alias, and formats numbers.
#include "console.h"
#include "mem.h"
#include "mmu.h"
#include "report.h"
#include "runtime.h"
#include "sysreg.h"

#define HELLO_ARGS	"vspe-guest hello"

static volatile uint64_t alias_probe = 0x1122334455667788ull;

static void check_format(const char *expect, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void check_format(const char *expect, const char *fmt, ...)
{
	char buf[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	report(strcmp(buf, expect) == 0, "printf \"%s\" gives \"%s\"", fmt, buf);
}

int main(void)
{
	const struct dtb_info *dt = runtime_dtb();

	printf("Hello from the vspe guest runtime\n");
	report(CURRENTEL_EL_GET(read_sysreg(CurrentEL)) == 1, "running at EL1");
	report(mmu_enabled(), "MMU on");
	if (dt->addr)
		report_info("device tree at 0x%lx (x0 0x%lx): %u CPUs, RAM 0x%llx+0x%llx, bootargs \"%s\"",
			    (unsigned long)dt->addr, (unsigned long)runtime_boot_x0(), dt->nr_cpus,
			    (unsigned long long)dt->ram_base,
			    (unsigned long long)dt->ram_size, dt->bootargs);
	else
		report_info("no device tree; assuming 128 MiB of RAM");
	/* The manifest passes this command line (QEMU -append, vspe --append). */
	if (dt->bootargs[0])
		report(strcmp(dt->bootargs, HELLO_ARGS) == 0, "bootargs \"%s\" == \"%s\"",
		       dt->bootargs, HELLO_ARGS);
	else
		report_skip("no bootargs given (the manifest passes \"%s\")", HELLO_ARGS);
	report(runtime_ram_size() >= (64u << 20), "RAM size 0x%llx",
	       (unsigned long long)runtime_ram_size());

	volatile uint64_t *high = mmu_high_alias((const void *)&alias_probe);

	report(*high == 0x1122334455667788ull, "read through the TTBR1 alias %p", (void *)high);
	*high = 0x8877665544332211ull;
	report(alias_probe == 0x8877665544332211ull, "write through the alias is seen at the PA");

	uint8_t *block = mem_alloc(3 << 20, 4096);

	report(block && ((uintptr_t)block & 4095) == 0, "allocated 3 MiB at %p", (void *)block);

	check_format("42", "%d", 42);
	check_format("-7", "%d", -7);
	check_format("4294967295", "%u", 0xffffffffu);
	check_format("00ff", "%04x", 0xff);
	check_format("0x123456789abcdef0", "0x%lx", 0x123456789abcdef0ul);
	check_format("ffffffffffffffff", "%llx", ~0ull);
	check_format("[  ab]", "[%4s]", "ab");
	check_format("[ab  ]", "[%-4s]", "ab");
	check_format("c%", "%c%%", 'c');
	check_format("0x0000000040200000", "%p", (void *)0x40200000);
	check_format("-0042", "%05d", -42);
	return report_summary();
}
