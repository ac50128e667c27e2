/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A scripted stand-in for the hypervisor behind include/vspe/vspe.h, so the
 * VMM's run loop can be tested exit by exit without the machine: each
 * vspe_vm_run() call returns the next exit of the script.
 */
#ifndef VMM_TESTS_FAKE_API_H
#define VMM_TESTS_FAKE_API_H

#include <stdint.h>

#include "vspe/vspe.h"

#define FAKE_MAX_STEPS	256

struct fake_step {
	struct vspe_run run;		/* what vspe_vm_run reports */
	unsigned int vcpu;		/* which vCPU exits */
	uint64_t insns;			/* instructions executed before this exit */
};

struct fake_api {
	struct fake_step steps[FAKE_MAX_STEPS];
	unsigned int nsteps, next;
	/* What the VMM did, for the test to check. */
	uint64_t regs[8][64];		/* core registers by ONE_REG index (u64 words) */
	uint32_t features[8];		/* features[0] given to vspe_vcpu_init per vCPU */
	unsigned int nr_vcpus;
	struct vspe_userspace_memory_region slot;
	uint8_t read_data[FAKE_MAX_STEPS][8];	/* mmio.data as the VMM left it */
	uint64_t hc_ret[FAKE_MAX_STEPS];	/* hypercall.ret as the VMM left it */
	struct vspe_host_config host;
	uint64_t instructions;
	uint8_t ram_dtb[4];		/* RAM at the slot's start and at the entry */
	uint8_t ram_entry[4];		/*   when the VM first runs */
	uint64_t entry;			/* guest address of ram_entry, set by the test */
	uint8_t ram_x0[4];		/* RAM where vCPU 0's x0 points, at the first run */
	unsigned int runs;
	int fail_open;			/* vspe_open fails when set */
	int no_spe;			/* VSPE_CAP_ARM_SPE reads 0 whatever the host has */
};

extern struct fake_api fake;

void fake_reset(void);
void fake_mmio_write(uint64_t addr, uint8_t byte);
void fake_mmio_read(uint64_t addr, unsigned int len);
void fake_exit(uint32_t reason, uint32_t sub);
void fake_uart_puts(const char *s);
/* A VSPE_EXIT_HYPERCALL exit of vCPU vcpu with function id nr and x1..x4. */
void fake_hypercall(unsigned int vcpu, uint64_t nr, uint64_t a1, uint64_t a2, uint64_t a3,
		    uint64_t a4);

#endif
