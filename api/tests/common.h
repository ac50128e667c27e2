/* SPDX-License-Identifier: GPL-2.0-only */
/* A VM with 16 MiB of RAM at 0x40000000 holding api/tests/guest.S. */
#ifndef API_TEST_COMMON_H
#define API_TEST_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vspe/vspe.h"

/* A call that must fail with err and leave a message (cmocka included first). */
#define assert_fails(call, err)	do {					\
		assert_int_equal((call), (err));			\
		assert_true(vspe_last_error()[0] != '\0');		\
	} while (0)

#define RAM_BASE	0x40000000ull
#define RAM_SIZE	(16ull << 20)

struct machine {
	struct vspe_system *sys;
	struct vspe_vm *vm;
	void *ram;
	char out[256];
	size_t out_len;
};

/* A system and VM from cfg, RAM at RAM_BASE holding the flat binary bin. */
static inline int machine_open_cfg(struct machine *m, const struct vspe_host_config *cfg,
				   const char *bin)
{
	struct vspe_userspace_memory_region r;
	FILE *f;
	int err;

	memset(m, 0, sizeof(*m));
	if ((err = vspe_open(cfg, &m->sys)) || (err = vspe_create_vm(m->sys, &m->vm)))
		return err;
	m->ram = aligned_alloc(4096, RAM_SIZE);
	if (!m->ram)
		return -1;
	memset(m->ram, 0, RAM_SIZE);
	f = fopen(bin, "rb");
	if (!f)
		return -1;
	if (fread(m->ram, 1, RAM_SIZE, f) == 0) {
		fclose(f);
		return -1;
	}
	fclose(f);
	r = (struct vspe_userspace_memory_region){ .slot = 0, .guest_phys_addr = RAM_BASE,
		.memory_size = RAM_SIZE, .userspace_addr = (uintptr_t)m->ram };
	return vspe_set_user_memory_region(m->vm, &r);
}

static inline int machine_open(struct machine *m, unsigned int nr_cpus)
{
	struct vspe_host_config cfg;

	vspe_host_config_default(&cfg);
	cfg.nr_cpus = nr_cpus;
	return machine_open_cfg(m, &cfg, API_GUEST_BIN);
}

static inline void machine_close(struct machine *m)
{
	vspe_close(m->sys);
	free(m->ram);
}

static inline int vcpu_start(struct machine *m, unsigned int id, uint64_t pc, bool off,
			     struct vspe_vcpu **vcpu)
{
	struct vspe_vcpu_init init;
	struct vspe_one_reg reg = { .id = VSPE_REG_CORE(pc), .addr = (uintptr_t)&pc };
	int err;

	if ((err = vspe_create_vcpu(m->vm, id, vcpu)) ||
	    (err = vspe_arm_preferred_target(m->vm, &init)))
		return err;
	init.features[0] |= 1u << VSPE_ARM_VCPU_PSCI_0_2;
	if (off)
		init.features[0] |= 1u << VSPE_ARM_VCPU_POWER_OFF;
	if ((err = vspe_vcpu_init(*vcpu, &init)))
		return err;
	return vspe_set_one_reg(*vcpu, &reg);
}

static inline uint64_t vcpu_reg(struct vspe_vcpu *vcpu, uint64_t id)
{
	uint64_t v = 0;
	struct vspe_one_reg reg = { .id = id, .addr = (uintptr_t)&v };

	if (vspe_get_one_reg(vcpu, &reg))
		return 0xbadbadbadull;
	return v;
}

/* Runs until an exit other than a UART write or INTR; bounded. */
static inline struct vspe_run *machine_run(struct machine *m, struct vspe_vcpu **who)
{
	for (unsigned int i = 0; i < 100000; i++) {
		struct vspe_run *run;

		if (vspe_vm_run(m->vm, who))
			return NULL;
		run = vspe_vcpu_run_struct(*who);
		if (run->exit_reason == VSPE_EXIT_INTR)
			continue;
		if (run->exit_reason == VSPE_EXIT_MMIO && run->mmio.is_write &&
		    run->mmio.phys_addr == 0x09000000 && m->out_len + 1 < sizeof(m->out)) {
			m->out[m->out_len++] = (char)run->mmio.data[0];
			continue;
		}
		return run;
	}
	return NULL;
}

#endif
