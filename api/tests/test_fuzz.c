// SPDX-License-Identifier: GPL-2.0-only
/*
 * A hostile guest: seeded random code (raw words, system-register accesses
 * with random encodings and values, loads/stores to random addresses,
 * exception-generating instructions) run through the whole stack. Every
 * run must end in a valid exit within its bound; vspe must not crash, hang
 * or write outside guest memory (RAM is bracketed by guard pages here).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include "vspe/vspe.h"

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(1ull << 20)
#define PROGRAMS	150
#define WORDS		512

static uint64_t rng;

static uint32_t next32(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static uint32_t random_insn(void)
{
	uint32_t r = next32(), rt = next32() & 31;

	switch (next32() % 8) {
	case 0:		/* MRS/MSR of any op0 = 2/3 encoding */
		return 0xd5100000u | (next32() & 1) << 21 | (2 + (next32() & 1)) << 19 |
		       (r & 0x7fff) << 5 | rt;
	case 1:		/* SYS (caches, TLBs, AT) */
		return 0xd5080000u | (r & 0x7fff) << 5 | rt;
	case 2:		/* LDR/STR (register offset, immediate) with random bases */
		return (r & 0xc0c00000u) | 0x39000000u | (next32() & 0x3ffc00u) | rt;
	case 3:		/* MOVZ/MOVK: random addresses in registers */
		return 0xd2800000u | (next32() & 0x7fffe0u) | rt | (r & 0x60000000u);
	case 4:		/* HVC/SMC/SVC/BRK with random immediates */
		return (next32() & 1 ? 0xd4000000u : 0xd4200000u) | (r & 0x1fffe0u) |
		       (next32() % 4);
	case 5:		/* branches within the program, or a PSCI function id in x0 */
		if (r & 1)
			return 0x14000000u | ((r >> 1) & 0x1ff);
		/* movz x0, #0x8400, lsl #16 / #0xc400, lsl #16 (PSCI 32/64) */
		return r & 2 ? 0xd2b08000u : 0xd2b88000u;
	case 6:		/* ERET, WFI, MSR DAIF immediates */
		return (const uint32_t[]){ 0xd69f03e0u, 0xd503207fu, 0xd50342dfu,
					   0xd50343ffu }[r & 3];
	default:	/* anything */
		return r;
	}
}

static void test_random_guests(void **state)
{
	struct vspe_system *sys;
	struct vspe_vm *vm;
	struct vspe_vcpu *vcpu, *vcpu1, *who;
	struct vspe_vcpu_init init;
	struct vspe_host_config cfg;
	uint8_t *map = mmap(NULL, RAM_SIZE + 2 * 4096, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint32_t *ram;
	unsigned int exits[16] = { 0 };

	(void)state;
	assert_true(map != MAP_FAILED);
	/* Guard pages on both sides: a stray host write would fault the test. */
	assert_int_equal(mprotect(map, 4096, PROT_NONE), 0);
	assert_int_equal(mprotect(map + 4096 + RAM_SIZE, 4096, PROT_NONE), 0);
	ram = (uint32_t *)(map + 4096);
	vspe_host_config_default(&cfg);
	cfg.nr_cpus = 2;
	cfg.quantum = 500;
	assert_int_equal(vspe_open(&cfg, &sys), 0);
	assert_int_equal(vspe_create_vm(sys, &vm), 0);
	assert_int_equal(vspe_set_user_memory_region(vm, &(struct vspe_userspace_memory_region){
		.slot = 0, .guest_phys_addr = RAM_BASE, .memory_size = RAM_SIZE,
		.userspace_addr = (uintptr_t)ram }), 0);
	assert_int_equal(vspe_create_vcpu(vm, 0, &vcpu), 0);
	assert_int_equal(vspe_create_vcpu(vm, 1, &vcpu1), 0);
	assert_int_equal(vspe_arm_preferred_target(vm, &init), 0);
	/* vCPU 1 starts off; the random code may CPU_ON it anywhere. */
	init.features[0] = 1u << VSPE_ARM_VCPU_POWER_OFF;
	assert_int_equal(vspe_vcpu_init(vcpu1, &init), 0);
	init.features[0] = 0;
	rng = 0x9e3779b97f4a7c15ull;
	for (unsigned int p = 0; p < PROGRAMS; p++) {
		uint64_t pc = RAM_BASE + 4 * (next32() % WORDS), vbar = RAM_BASE + 0x10000;

		for (unsigned int i = 0; i < WORDS; i++)
			ram[i] = random_insn();
		/* Vectors: each entry is random code too. */
		for (unsigned int i = 0; i < 0x800 / 4; i++)
			ram[0x10000 / 4 + i] = random_insn();
		assert_int_equal(vspe_vcpu_init(vcpu, &init), 0);
		init.features[0] = 1u << VSPE_ARM_VCPU_POWER_OFF;
		assert_int_equal(vspe_vcpu_init(vcpu1, &init), 0);
		init.features[0] = 0;
		assert_int_equal(vspe_set_one_reg(vcpu, &(struct vspe_one_reg){
			.id = VSPE_REG_CORE(pc), .addr = (uintptr_t)&pc }), 0);
		assert_int_equal(vspe_set_one_reg(vcpu, &(struct vspe_one_reg){
			.id = VSPE_REG_SYSREG((3u << 14) | (12u << 7)), .addr = (uintptr_t)&vbar }), 0);
		for (unsigned int r = 0; r < 6; r++) {
			struct vspe_run *run;

			assert_int_equal(vspe_vm_run(vm, &who), 0);
			run = vspe_vcpu_run_struct(who);
			assert_true(run->exit_reason <= VSPE_EXIT_HYPERCALL);
			exits[run->exit_reason]++;
			if (run->exit_reason == VSPE_EXIT_MMIO) {
				assert_true(run->mmio.len >= 1 && run->mmio.len <= 8);
				assert_true(run->mmio.phys_addr < RAM_BASE ||
					    run->mmio.phys_addr >= RAM_BASE + RAM_SIZE);
				memset(run->mmio.data, 0xa5, sizeof(run->mmio.data));
				continue;
			}
			if (run->exit_reason == VSPE_EXIT_INTERNAL_ERROR && getenv("FUZZ_VERBOSE"))
				print_message("internal %u: %s\n", run->internal.suberror,
					      run->internal.message);
			if (run->exit_reason != VSPE_EXIT_INTR)
				break;
		}
	}
	print_message("exits: mmio %u system-event %u internal %u intr %u halted %u\n",
		      exits[VSPE_EXIT_MMIO], exits[VSPE_EXIT_SYSTEM_EVENT],
		      exits[VSPE_EXIT_INTERNAL_ERROR], exits[VSPE_EXIT_INTR],
		      exits[VSPE_EXIT_HALTED]);
	assert_int_equal(exits[VSPE_EXIT_UNKNOWN], 0);
	vspe_close(sys);
	munmap(map, RAM_SIZE + 2 * 4096);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_guests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
