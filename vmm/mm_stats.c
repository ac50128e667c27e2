// SPDX-License-Identifier: GPL-2.0-only
/*
 * `vspe run --mm-storm[=RATE] --spe-pin=auto|all|buffer|none --spe-pin-limit=SIZE`: the VM's memory
 * management options (include/vspe/vspe.h vspe_vm_set_mm) and the line
 * --stats prints about them. See docs/mmint.md.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vspe/vspe.h"

#ifdef VSPE_HAVE_API
int run_mm_setup(struct vspe_vm *vm, const struct vmm_run_config *cfg)
{
	struct vspe_vm_mm_config mm = { .storm_seed = cfg->seed, .storm_rate = cfg->mm_storm,
					.pin_limit = cfg->spe_pin_limit };

	if (!cfg->spe_pin || !strcmp(cfg->spe_pin, "auto")) {
		mm.pin = VSPE_SPE_PIN_AUTO;
	} else if (!strcmp(cfg->spe_pin, "buffer")) {
		mm.pin = VSPE_SPE_PIN_BUFFER;
	} else if (!strcmp(cfg->spe_pin, "all")) {
		mm.pin = VSPE_SPE_PIN_ALL;
	} else if (!strcmp(cfg->spe_pin, "none")) {
		mm.pin = VSPE_SPE_PIN_NONE;
	} else {
		cli_error("run", "--spe-pin: '%s' is not auto, all, buffer or none", cfg->spe_pin);
		return -1;
	}
	if (mm.pin_limit && mm.pin != VSPE_SPE_PIN_BUFFER) {
		cli_error("run", "--spe-pin-limit needs --spe-pin=buffer (the other strategies "
			  "pin all memory or none)");
		return -1;
	}
	if (vspe_vm_set_mm(vm, &mm)) {
		cli_error("run", "memory management: %s", vspe_last_error());
		return -1;
	}
	return 0;
}

int run_mm_rlimit(const struct vspe_run *r, unsigned int id)
{
	cli_error("run", "vCPU %u: pinning the SPE buffer at 0x%" PRIx64 " needs %" PRIu64
		  " bytes of pinned memory, over --spe-pin-limit=%" PRIu64 " by %" PRIu64
		  " bytes: raise the limit or use a smaller buffer", id, r->rlimit.buffer_va,
		  r->rlimit.needed, r->rlimit.limit, r->rlimit.needed - r->rlimit.limit);
	return CLI_EXIT_FAILURE;
}

static const char *pin_name(uint32_t pin)
{
	return pin == VSPE_SPE_PIN_ALL ? "all" : pin == VSPE_SPE_PIN_BUFFER ? "buffer" : "none";
}

void run_mm_print_stats(const struct vspe_vm *vm, bool stats)
{
	struct vspe_vm_mm_stats st;

	if (vspe_vm_mm_stats(vm, &st))
		return;
	/* KVM v4's warning: the pinning strategy failed somewhere. */
	if (st.unexpected_faults) {
		cli_console_break();
		fprintf(stderr, "vspe: warning: %" PRIu64 " unexpected stage-2 fault(s) on pinned "
			"memory, the last at IPA 0x%" PRIx64 "\n", st.unexpected_faults,
			st.unexpected_ipa);
	}
	if (!stats)
		return;
	cli_console_break();
	fprintf(stderr, "vspe: mm: pin %s, pinned %" PRIu64 " pages, pin ops %" PRIu64
		", unpin ops %" PRIu64 ", stage-2 faults cpu %" PRIu64 " spe %" PRIu64
		", unexpected %" PRIu64 ", records lost %" PRIu64 ", storm events %" PRIu64
		" (refused %" PRIu64 "), cpu refaults %" PRIu64 ", spe restarts %" PRIu64
		", stage-1 buffer events %" PRIu64 ", limit exits %" PRIu64
		", cpu checks %" PRIu64 " (walks %" PRIu64 ")\n",
		pin_name(st.pin), st.pinned_pages, st.pin_ops, st.unpin_ops, st.s2_faults_cpu,
		st.s2_faults_spe, st.unexpected_faults, st.records_lost, st.storm_events,
		st.storm_refused, st.cpu_refaults, st.spe_restarts, st.s1_events, st.limit_exits,
		st.cpu_reports, st.cpu_walks);
}
#endif
