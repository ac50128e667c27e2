// SPDX-License-Identifier: GPL-2.0-only
/*
 * `vspe run --mm-storm[=RATE] --spe-pin=all|buffer|none`: the VM's memory
 * management options (include/vspe/vspe.h vspe_vm_set_mm) and the line
 * --stats prints about them. See docs/mmint.md.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vspe/vspe.h"

#ifdef VSPE_HAVE_API
bool run_mm_enabled(const struct vmm_run_config *cfg)
{
	return cfg->mm_storm || cfg->spe_pin;
}

int run_mm_setup(struct vspe_vm *vm, const struct vmm_run_config *cfg)
{
	struct vspe_vm_mm_config mm = { .enable = 1, .storm_seed = cfg->seed,
					.storm_rate = cfg->mm_storm };

	if (!run_mm_enabled(cfg))
		return 0;
	if (!cfg->spe_pin || !strcmp(cfg->spe_pin, "buffer")) {
		mm.pin = VSPE_SPE_PIN_BUFFER;
	} else if (!strcmp(cfg->spe_pin, "all")) {
		mm.pin = VSPE_SPE_PIN_ALL;
	} else if (!strcmp(cfg->spe_pin, "none")) {
		mm.pin = VSPE_SPE_PIN_NONE;
	} else {
		cli_error("run", "--spe-pin: '%s' is not all, buffer or none", cfg->spe_pin);
		return -1;
	}
	if (vspe_vm_set_mm(vm, &mm)) {
		cli_error("run", "memory management: %s", vspe_last_error());
		return -1;
	}
	return 0;
}

void run_mm_print_stats(const struct vspe_vm *vm)
{
	struct vspe_vm_mm_stats st;

	if (vspe_vm_mm_stats(vm, &st))
		return;
	cli_console_break();
	fprintf(stderr, "vspe: mm: pinned %" PRIu64 " pages, pin ops %" PRIu64 ", unpin ops %" PRIu64
		", stage-2 faults cpu %" PRIu64 " spe %" PRIu64 ", unexpected %" PRIu64
		", records lost %" PRIu64 ", storm events %" PRIu64 " (refused %" PRIu64
		"), cpu refaults %" PRIu64 ", spe restarts %" PRIu64 "\n",
		st.pinned_pages, st.pin_ops, st.unpin_ops, st.s2_faults_cpu, st.s2_faults_spe,
		st.unexpected_faults, st.records_lost, st.storm_events, st.storm_refused,
		st.cpu_refaults, st.spe_restarts);
}
#endif
