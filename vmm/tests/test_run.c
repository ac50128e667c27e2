// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run loop against a scripted hypervisor (fake_api.c): boot state,
 * console and exit status, every exit reason, --max-insns.
 */
#include <elf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli.h"
#include "fake_api.h"

#define ENTRY	0x40200000ull
#define CORE(f)	(offsetof(struct vspe_core_regs, f) / sizeof(uint64_t))

static char elf_path[64];

/* One segment of four instruction words at 0x40200000. */
static int write_elf(void **state)
{
	struct {
		Elf64_Ehdr eh;
		Elf64_Phdr ph;
		uint32_t text[4];
	} f;
	int fd;

	(void)state;
	memset(&f, 0, sizeof(f));
	memcpy(f.eh.e_ident, ELFMAG, SELFMAG);
	f.eh.e_ident[EI_CLASS] = ELFCLASS64;
	f.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	f.eh.e_ident[EI_VERSION] = EV_CURRENT;
	f.eh.e_type = ET_EXEC;
	f.eh.e_machine = EM_AARCH64;
	f.eh.e_version = EV_CURRENT;
	f.eh.e_entry = ENTRY;
	f.eh.e_phoff = offsetof(__typeof__(f), ph);
	f.eh.e_ehsize = sizeof(Elf64_Ehdr);
	f.eh.e_phentsize = sizeof(Elf64_Phdr);
	f.eh.e_phnum = 1;
	f.ph.p_type = PT_LOAD;
	f.ph.p_offset = offsetof(__typeof__(f), text);
	f.ph.p_paddr = f.ph.p_vaddr = ENTRY;
	f.ph.p_filesz = f.ph.p_memsz = sizeof(f.text);
	f.text[0] = 0xd503201f;	/* nop */
	strcpy(elf_path, "/tmp/vspe-run-XXXXXX");
	fd = mkstemp(elf_path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, &f, sizeof(f)), (ssize_t)sizeof(f));
	close(fd);
	return 0;
}

static int remove_elf(void **state)
{
	(void)state;
	unlink(elf_path);
	return 0;
}

static struct vmm_run_config cfg;

static int setup(void **state)
{
	(void)state;
	fake_reset();
	fake.entry = ENTRY;
	vmm_run_config_default(&cfg);
	cfg.elf = elf_path;
	cfg.quiet = true;
	return 0;
}

static void test_boot_state(void **state)
{
	(void)state;
	cfg.cpus = 2;
	cfg.mem = 64ull << 20;
	cfg.host_cpus = 3;
	cfg.seed = 42;
	cfg.quantum = 5000;
	fake.regs[0][CORE(x[1])] = 0x1111;	/* the VMM must clear x1..x3 */
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vmm_run(&cfg), 0);

	assert_int_equal(fake.host.nr_cpus, 3);
	assert_int_equal(fake.host.seed, 42);
	assert_int_equal(fake.host.quantum, 5000);
	assert_int_equal(fake.slot.slot, 0);
	assert_int_equal(fake.slot.guest_phys_addr, 0x40000000);
	assert_int_equal(fake.slot.memory_size, 64ull << 20);
	assert_int_equal(fake.nr_vcpus, 2);
	assert_int_equal(fake.features[0], 1u << VSPE_ARM_VCPU_PSCI_0_2);
	assert_int_equal(fake.features[1],
			 (1u << VSPE_ARM_VCPU_PSCI_0_2) | (1u << VSPE_ARM_VCPU_POWER_OFF));
	assert_int_equal(fake.regs[0][CORE(pc)], ENTRY);
	assert_int_equal(fake.regs[0][CORE(x[0])], 0x40000000);
	assert_int_equal(fake.regs[0][CORE(x[1])], 0);
	assert_int_equal(fake.regs[0][CORE(x[2])], 0);
	assert_int_equal(fake.regs[0][CORE(x[3])], 0);
	assert_int_equal(fake.regs[0][CORE(pstate)], 0x3c5);
	assert_int_equal(fake.regs[1][CORE(pc)], 0);	/* secondaries wait for CPU_ON */
	/* The DTB's magic (0xd00dfeed, big-endian) at RAM base; the ELF's nop at entry. */
	assert_memory_equal(fake.ram_dtb, "\xd0\x0d\xfe\xed", 4);
	assert_memory_equal(fake.ram_entry, "\x1f\x20\x03\xd5", 4);
}

static void test_spe(void **state)
{
	(void)state;
	cfg.spe = true;
	cfg.cpus = 2;
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vmm_run(&cfg), 0);
	assert_int_equal(fake.host.cpus[0].spe, VSPE_SPE_V1P1);
	assert_int_equal(fake.host.cpus[3].spe, VSPE_SPE_V1P1);
	assert_int_equal(fake.features[0], (1u << VSPE_ARM_VCPU_PSCI_0_2) | (1u << VSPE_ARM_VCPU_SPE));
	assert_int_equal(fake.features[1], (1u << VSPE_ARM_VCPU_PSCI_0_2) |
			 (1u << VSPE_ARM_VCPU_POWER_OFF) | (1u << VSPE_ARM_VCPU_SPE));
}

/* --spe where the hypervisor offers no SPE: nothing runs, exit 77 (a skip for SPE tests). */
static void test_spe_not_offered(void **state)
{
	(void)state;
	cfg.spe = true;
	fake.no_spe = 1;
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vmm_run(&cfg), 77);
	assert_int_equal(fake.runs, 0);
	assert_int_equal(fake.nr_vcpus, 0);
}

/* --spe-version 1.2 --spe-cpus 1,3: only those host CPUs get a unit, of that version. */
static void test_spe_heterogeneous(void **state)
{
	(void)state;
	cfg.spe = true;
	cfg.spe_version = VSPE_SPE_V1P2;
	cfg.spe_cpus = 0xa;
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vmm_run(&cfg), 0);
	assert_int_equal(fake.host.cpus[0].spe, VSPE_SPE_NONE);
	assert_int_equal(fake.host.cpus[1].spe, VSPE_SPE_V1P2);
	assert_int_equal(fake.host.cpus[2].spe, VSPE_SPE_NONE);
	assert_int_equal(fake.host.cpus[3].spe, VSPE_SPE_V1P2);
}

/* --spe-vcpus 1: only vCPU 1 gets the feature (and SPE_CTRL). */
static void test_spe_vcpus(void **state)
{
	(void)state;
	cfg.spe = true;
	cfg.cpus = 3;
	cfg.spe_vcpus = 0x2;
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vmm_run(&cfg), 0);
	assert_int_equal(fake.features[0], 1u << VSPE_ARM_VCPU_PSCI_0_2);
	assert_int_equal(fake.features[1], (1u << VSPE_ARM_VCPU_PSCI_0_2) |
			 (1u << VSPE_ARM_VCPU_POWER_OFF) | (1u << VSPE_ARM_VCPU_SPE));
	assert_int_equal(fake.features[2],
			 (1u << VSPE_ARM_VCPU_PSCI_0_2) | (1u << VSPE_ARM_VCPU_POWER_OFF));
	assert_false(vmm_vcpu_has_spe(&cfg, 0));
	assert_true(vmm_vcpu_has_spe(&cfg, 1));
	assert_false(vmm_vcpu_has_spe(&cfg, 64));
	cfg.spe_vcpus = 0;
	assert_true(vmm_vcpu_has_spe(&cfg, 64));
	cfg.spe = false;
	assert_false(vmm_vcpu_has_spe(&cfg, 0));
}

/*
 * --kernel with an initrd: entry at 0x40200000 (text_offset 0), the initrd
 * at the 2 MiB boundary above image_size (0x100000 -> 0x40400000), the DTB
 * at the next one after the initrd (0x40600000) and in x0.
 */
static void test_kernel_layout(void **state)
{
	static uint8_t img[0x1000];
	char kpath[] = "/tmp/vspe-run-kernel-XXXXXX", rpath[] = "/tmp/vspe-run-initrd-XXXXXX";
	int kfd = mkstemp(kpath), rfd = mkstemp(rpath);

	(void)state;
	assert_true(kfd >= 0 && rfd >= 0);
	memset(img, 0, sizeof(img));
	img[0] = 0x1f; img[1] = 0x20; img[2] = 0x03; img[3] = 0xd5;	/* nop */
	img[18] = 0x10;			/* image_size 0x100000 */
	img[24] = 0xa;			/* flags: LE, 4 KiB pages */
	memcpy(img + 56, "ARM\x64", 4);
	assert_int_equal(write(kfd, img, sizeof(img)), (ssize_t)sizeof(img));
	assert_int_equal(write(rfd, img, 100), 100);
	close(kfd);
	close(rfd);
	cfg.elf = NULL;
	cfg.kernel = kpath;
	cfg.initrd = rpath;
	fake.entry = 0x40200000;
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vmm_run(&cfg), 0);
	unlink(kpath);
	unlink(rpath);
	assert_int_equal(fake.regs[0][CORE(pc)], 0x40200000);
	assert_int_equal(fake.regs[0][CORE(x[0])], 0x40600000);
	assert_int_equal(fake.regs[0][CORE(x[1])], 0);
	assert_memory_equal(fake.ram_x0, "\xd0\x0d\xfe\xed", 4);
	assert_memory_equal(fake.ram_entry, "\x1f\x20\x03\xd5", 4);
	assert_memory_equal(fake.ram_dtb, "\0\0\0\0", 4);	/* nothing at the RAM base */
}

/* --stats: one line per SPE vCPU from SPE_CTRL STATS, then the total. */
static void test_spe_stats(void **state)
{
	char buf[4096] = "";
	FILE *f = tmpfile();
	int saved = dup(2);

	(void)state;
	assert_non_null(f);
	cfg.spe = true;
	cfg.cpus = 2;
	cfg.stats = true;
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	fflush(stderr);
	dup2(fileno(f), 2);
	assert_int_equal(vmm_run(&cfg), 0);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(f);
	assert_true(fread(buf, 1, sizeof(buf) - 1, f) > 0);
	fclose(f);
	assert_non_null(strstr(buf, "vspe: spe vCPU 0: records 12, lost 1, bytes 768\n"
			       "vspe: spe vCPU 1: records 12, lost 1, bytes 768\n"
			       "vspe: spe total: records 24, lost 2, bytes 1536 (2 vCPUs)\n"));
}

static void test_exit_status_line(void **state)
{
	(void)state;
	fake_uart_puts("hello\nSUMMARY: 1 tests\nEXIT: STATUS=3\n");
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vmm_run(&cfg), 3);
	assert_int_equal(fake.next, fake.nsteps);
}

static void test_no_status_line(void **state)
{
	(void)state;
	fake_uart_puts("bye\n");
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vmm_run(&cfg), 0);
}

static void test_reset_stops(void **state)
{
	(void)state;
	fake_uart_puts("EXIT: STATUS=77");	/* no newline: still counts */
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_RESET);
	assert_int_equal(vmm_run(&cfg), 77);
}

static void test_bad_status_line(void **state)
{
	(void)state;
	fake_uart_puts("EXIT: STATUS=300\n");
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vmm_run(&cfg), CLI_EXIT_FAILURE);
}

static void test_unknown_mmio(void **state)
{
	(void)state;
	fake_mmio_read(0x0a000000, 4);		/* no device: reads as 0 */
	fake_mmio_write(0x0a000000, 0x55);	/* dropped */
	fake_mmio_read(0x09000ffc, 8);		/* straddles the UART's end */
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vmm_run(&cfg), 0);
	assert_memory_equal(fake.read_data[0], "\0\0\0\0\0\0\0\0", 8);
	assert_memory_equal(fake.read_data[2], "\0\0\0\0\0\0\0\0", 8);
}

static void test_intr_and_hypercall_continue(void **state)
{
	(void)state;
	fake_exit(VSPE_EXIT_INTR, 0);
	fake_exit(VSPE_EXIT_HYPERCALL, 0);
	fake_uart_puts("EXIT: STATUS=5\n");
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vmm_run(&cfg), 5);
}

/* -o: TRACE_WRITE pieces per vCPU go to the file; refused ones get INVALID. */
static void test_hypercall_trace(void **state)
{
	char path[64];
	FILE *f;
	long size;

	(void)state;
	snprintf(path, sizeof(path), "test_run_trace.%d.data", (int)getpid());
	cfg.spe = true;
	cfg.cpus = 2;
	cfg.output = path;
	/* 64 bytes of RAM past the ELF: zeros, i.e. SPE padding. */
	fake_hypercall(0, VSPE_HC_TRACE_WRITE, 0x40300000, 64, 0, 0);
	fake_hypercall(1, VSPE_HC_TRACE_WRITE, 0x40300000, 32, 0, 1);
	fake_hypercall(1, VSPE_HC_TRACE_WRITE, 0x3ffff000, 64, 0, 1);	/* below RAM */
	fake_hypercall(0, VSPE_HC_TRACE_WRITE, 0x40300000, 64, 0, 2);	/* no vCPU 2 */
	fake_hypercall(0, VSPE_HC_QUERY + 0x20, 0, 0, 0, 0);		/* unknown id */
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vmm_run(&cfg), 0);
	assert_int_equal(fake.hc_ret[0], 0);
	assert_int_equal(fake.hc_ret[1], 0);
	assert_int_equal(fake.hc_ret[2], (uint64_t)-2);
	assert_int_equal(fake.hc_ret[3], (uint64_t)-2);
	assert_int_equal(fake.hc_ret[4], (uint64_t)-1);
	f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fclose(f);
	assert_true(size > 96);		/* a perf.data file around the two pieces */
	unlink(path);
}

/* Without -o the trace calls are NOT_SUPPORTED. */
static void test_hypercall_no_output(void **state)
{
	(void)state;
	cfg.spe = true;
	fake_hypercall(0, VSPE_HC_TRACE_WRITE, 0x40300000, 64, 0, 0);
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vmm_run(&cfg), 0);
	assert_int_equal(fake.hc_ret[0], (uint64_t)-1);
}

static void test_halted(void **state)
{
	(void)state;
	fake_exit(VSPE_EXIT_HALTED, 0);
	assert_int_equal(vmm_run(&cfg), CLI_EXIT_FAILURE);
	assert_int_equal(fake.next, 1);
}

static void test_internal_error(void **state)
{
	(void)state;
	fake_exit(VSPE_EXIT_INTERNAL_ERROR, VSPE_INTERNAL_ERROR_EMULATION);
	assert_int_equal(vmm_run(&cfg), CLI_EXIT_FAILURE);
}

static void test_fail_entry(void **state)
{
	(void)state;
	fake_exit(VSPE_EXIT_FAIL_ENTRY, VSPE_FAIL_ENTRY_CPU_UNSUPPORTED);
	assert_int_equal(vmm_run(&cfg), CLI_EXIT_FAILURE);
}

static void test_unknown_exit(void **state)
{
	(void)state;
	fake_exit(VSPE_EXIT_UNKNOWN, 0);
	assert_int_equal(vmm_run(&cfg), CLI_EXIT_FAILURE);
}

static void test_max_insns(void **state)
{
	unsigned int i;

	(void)state;
	cfg.max_insns = 250;	/* each scripted exit costs 100 instructions */
	for (i = 0; i < 5; i++)
		fake_exit(VSPE_EXIT_INTR, 0);
	assert_int_equal(vmm_run(&cfg), CLI_EXIT_MAX_INSNS);
	assert_int_equal(fake.next, 3);
}

static void test_open_fails(void **state)
{
	(void)state;
	fake.fail_open = 1;
	assert_int_equal(vmm_run(&cfg), CLI_EXIT_FAILURE);
	assert_int_equal(fake.runs, 0);
}

static void test_missing_elf(void **state)
{
	(void)state;
	cfg.elf = "/nonexistent.elf";
	fake_exit(VSPE_EXIT_SYSTEM_EVENT, VSPE_SYSTEM_EVENT_SHUTDOWN);
	assert_int_equal(vmm_run(&cfg), CLI_EXIT_FAILURE);
	assert_int_equal(fake.runs, 0);
}

static void test_too_many_cpus_for_hyp(void **state)
{
	(void)state;
	cfg.cpus = 9;	/* the fake says VSPE_CAP_MAX_VCPUS = 8 */
	assert_int_equal(vmm_run(&cfg), CLI_EXIT_FAILURE);
	assert_int_equal(fake.nr_vcpus, 0);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_boot_state), T(test_spe), T(test_spe_not_offered), T(test_spe_heterogeneous), T(test_spe_vcpus), T(test_kernel_layout), T(test_spe_stats),
		T(test_exit_status_line), T(test_no_status_line),
		T(test_reset_stops), T(test_bad_status_line), T(test_unknown_mmio),
		T(test_intr_and_hypercall_continue),
		T(test_hypercall_trace), T(test_hypercall_no_output), T(test_halted), T(test_internal_error),
		T(test_fail_entry), T(test_unknown_exit), T(test_max_insns), T(test_open_fails),
		T(test_missing_elf), T(test_too_many_cpus_for_hyp),
	};

	return cmocka_run_group_tests(tests, write_elf, remove_elf);
}
