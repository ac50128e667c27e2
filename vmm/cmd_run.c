// SPDX-License-Identifier: GPL-2.0-only
/* `vspe run`: the options table, its validation, then vmm_run(). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cpulist.h"
#include "layout.h"
#include "vmm_err.h"
#include "vmm_fdt.h"
#include "vspe/vspe.h"

static const char run_usage[] =
	"vspe run [OPTIONS] guest.elf\n"
	"       vspe run [OPTIONS] --kernel Image [--initrd FILE] [--params \"command line\"]";
static const char run_summary[] =
	"Boots an AArch64 ELF, or a Linux arm64 Image by the arm64 boot protocol, on a\n"
	"virt-like machine (RAM at 0x40000000, PL011 at 0x09000000, GICv3). An ELF gets\n"
	"the device tree at the RAM base; a kernel goes to 0x40200000 + text_offset, its\n"
	"initrd and then the device tree at 2 MiB boundaries above it (x0 = the tree).\n\n"
	"exit status: the guest's (its \"EXIT: STATUS=<n>\" console line; 0 without one),\n"
	"1 failure, 2 usage error, 77 no hypervisor in this build (or none that offers\n"
	"SPE, with --spe), 124 --max-insns reached, 128+n stopped by signal n. See\n"
	"docs/cli.md.";

/* --cpu MODEL[:rNpM]: MIDR, errata, and the SPE version unless --spe-version says. */
static int run_cpu_option(struct vmm_run_config *cfg, const char *model, const char *version)
{
	struct vspe_host_cpu m;

	if (!model)
		return 0;
	if (vspe_host_cpu_model(model, &m)) {
		cli_error("run", "--cpu: %s", vspe_last_error());
		return -1;
	}
	cfg->midr = m.midr;
	cfg->errata = m.errata;
	if (!version)
		cfg->spe_version = (unsigned int)m.spe;
	return 0;
}

/* The SPE flags, once --host-cpus is known; prints and returns -1 on a bad one. */
static int run_spe_options(struct vmm_run_config *cfg, const char *version, const char *spe_cpus,
			   const char *spe_vcpus, const char *vcpu_cpus)
{
	static const char *const versions[] = { "1.0", "1.1", "1.2" };
	uint64_t all = cfg->host_cpus >= 64 ? ~0ull : (1ull << cfg->host_cpus) - 1;
	unsigned int i;

	/* --host-profile gives the host CPUs units too (and -o its profile). */
	if (!cfg->spe && ((!cfg->host_profile && (version || spe_cpus || cfg->output)) ||
			  spe_vcpus)) {
		cli_error("run", "%s needs --spe%s", version ? "--spe-version" :
			  spe_cpus ? "--spe-cpus" : spe_vcpus ? "--spe-vcpus" : "-o",
			  spe_vcpus ? "" : " or --host-profile");
		return -1;
	}
	if (version) {
		for (i = 0; i < 3 && strcmp(version, versions[i]); i++)
			;
		if (i == 3) {
			cli_error("run", "--spe-version: '%s' is not 1.0, 1.1 or 1.2", version);
			return -1;
		}
		cfg->spe_version = i + 1;	/* PMSVer: 1 = FEAT_SPE, 2 = v1p1, 3 = v1p2 */
	}
	cfg->spe_cpus = cfg->spe || cfg->host_profile ? all : 0;
	if (spe_cpus && cpulist_parse(spe_cpus, cfg->host_cpus, &cfg->spe_cpus)) {
		cli_error("run", "--spe-cpus: %s", vmm_err_detail());
		return -1;
	}
	/* The list format holds 64 CPUs: vCPUs 64 and up can only have SPE all together. */
	if (spe_vcpus && cpulist_parse(spe_vcpus, cfg->cpus < 64 ? cfg->cpus : 64, &cfg->spe_vcpus)) {
		cli_error("run", "--spe-vcpus: %s (vCPUs are 0..%u)", vmm_err_detail(),
			  (cfg->cpus < 64 ? cfg->cpus : 64) - 1);
		return -1;
	}
	if (vcpu_cpus && cpulist_parse(vcpu_cpus, cfg->host_cpus, &cfg->vcpu_cpus)) {
		cli_error("run", "--vcpu-cpus: %s", vmm_err_detail());
		return -1;
	}
	if (cfg->output && !*cfg->output) {
		cli_error("run", "-o: empty file name");
		return -1;
	}
	return 0;
}

/* --sched affine|rr (docs/machine.md, "Scheduling"). */
static int run_sched_option(struct vmm_run_config *cfg, const char *sched)
{
	if (!sched || !strcmp(sched, "affine")) {
		cfg->sched = VSPE_SCHED_AFFINE;
	} else if (!strcmp(sched, "rr")) {
		cfg->sched = VSPE_SCHED_RR;
	} else {
		cli_error("run", "--sched: '%s' is not affine or rr", sched);
		return -1;
	}
	return 0;
}

/* --host-profile[=vm|cpu:N|vcpu:N], --spe-policy, --spe-switch (docs/host-profiling.md). */
static int run_host_options(struct vmm_run_config *cfg, const char *target, const char *policy,
			    const char *sw)
{
	uint64_t n;

	if (policy) {
		if (!strcmp(policy, "share")) {
			cfg->spe_policy = VSPE_SPE_POLICY_SHARE;
		} else if (!strcmp(policy, "exclusive-host")) {
			cfg->spe_policy = VSPE_SPE_POLICY_EXCLUSIVE_HOST;
		} else {
			cli_error("run", "--spe-policy: '%s' is not share or exclusive-host", policy);
			return -1;
		}
	}
	if (sw) {
		if (!strcmp(sw, "lazy")) {
			cfg->spe_switch = VSPE_SPE_SWITCH_LAZY;
		} else if (!strcmp(sw, "eager")) {
			cfg->spe_switch = VSPE_SPE_SWITCH_EAGER;
		} else {
			cli_error("run", "--spe-switch: '%s' is not lazy or eager", sw);
			return -1;
		}
	}
	if (cfg->host_interval % 256) {
		cli_error("run", "--host-interval: %u is not a multiple of 256 (PMSIRR_EL1.INTERVAL)",
			  cfg->host_interval);
		return -1;
	}
	if (!target)
		return 0;
	cfg->host_profile = true;
	if (!strcmp(target, "vm")) {
		cfg->host_target = VSPE_HOST_PROF_VM;
		return 0;
	}
	if (!strncmp(target, "cpu:", 4) && !opt_parse_u64(target + 4, &n) && n < cfg->host_cpus) {
		cfg->host_target = VSPE_HOST_PROF_CPU;
		cfg->host_id = (unsigned int)n;
		return 0;
	}
	if (!strncmp(target, "vcpu:", 5) && !opt_parse_u64(target + 5, &n) && n < cfg->cpus) {
		cfg->host_target = VSPE_HOST_PROF_VCPU;
		cfg->host_id = (unsigned int)n;
		return 0;
	}
	cli_error("run", "--host-profile: '%s' is not vm, cpu:N (N < %u) or vcpu:N (N < %u)",
		  target, cfg->host_cpus, cfg->cpus);
	return -1;
}

int cmd_run(int argc, char **argv)
{
	struct vmm_run_config cfg;
	const char *spe_version = NULL, *spe_cpus = NULL, *spe_vcpus = NULL, *vcpu_cpus = NULL;
	const char *params = NULL, *append = NULL, *cpu_model = NULL;
	const char *host_target = NULL, *spe_policy = NULL, *spe_switch = NULL, *sched = NULL;
	const struct opt table[] = {
		{ OPT_UINT, "cpus", "N", "vCPUs (default 1; at most 123, the GICv3 redistributor space)",
		  &cfg.cpus, 1, VMM_MAX_CPUS, 0 },
		{ OPT_SIZE, "mem", "SIZE", "guest RAM, e.g. 128M or 1G (default 128M; plain number = MiB)",
		  &cfg.mem, VMM_RAM_MIN, VMM_RAM_LIMIT - VMM_RAM_BASE, 0 },
		{ OPT_UINT, "host-cpus", "N", "simulated physical CPUs (default 4)",
		  &cfg.host_cpus, 1, VSPE_MAX_HOST_CPUS, 0 },
		{ OPT_STRING, "cpu", "MODEL", "host CPU model: generic (default), neoverse-n1, neoverse-v1, "
		  "optionally :rNpM; sets MIDR, SPE version and errata (docs/errata.md)",
		  &cpu_model, 0, 0, 0 },
		{ OPT_U64, "seed", "S", "seed of every random choice (default 0)",
		  &cfg.seed, 0, UINT64_MAX, 0 },
		{ OPT_U64, "max-insns", "N", "stop after N guest instructions, exit 124 (default: no limit)",
		  &cfg.max_insns, 0, UINT64_MAX, 0 },
		{ OPT_U64, "quantum", "N", "scheduler time slice in instructions (default: the hypervisor's)",
		  &cfg.quantum, 0, UINT64_MAX, 0 },
		{ OPT_STRING, "sched", "POLICY", "vCPU placement: affine (default: stay on the last host CPU) "
		  "or rr (move every slice)", &sched, 0, 0, 0 },
		{ OPT_STRING, "kernel", "Image", "boot a Linux arm64 Image (booting.rst) instead of an ELF",
		  &cfg.kernel, 0, 0, 0 },
		{ OPT_STRING, "initrd", "FILE", "with --kernel: an initramfs, in /chosen/linux,initrd-start/-end",
		  &cfg.initrd, 0, 0, 0 },
		{ OPT_STRING, "params", "STR", "kernel command line, /chosen/bootargs (at most 2047 bytes)",
		  &params, 0, 0, 0 },
		{ OPT_STRING, "append", "STR", "the same as --params (QEMU's name)",
		  &append, 0, 0, 0 },
		{ OPT_BOOL, "spe", "", "SPE units on the host CPUs (--spe-cpus), the SPE feature on every vCPU",
		  &cfg.spe, 0, 0, 0 },
		{ OPT_STRING, "spe-version", "V", "with --spe: the units' version, 1.0, 1.1 or 1.2 (default 1.1)",
		  &spe_version, 0, 0, 0 },
		{ OPT_STRING, "spe-cpus", "LIST", "with --spe: host CPUs with an SPE unit, e.g. 0-1,3 (default all)",
		  &spe_cpus, 0, 0, 0 },
		{ OPT_STRING, "spe-vcpus", "LIST", "with --spe: the vCPUs that get SPE, e.g. 2-3 (default all)",
		  &spe_vcpus, 0, 0, 0 },
		{ OPT_STRING, "vcpu-cpus", "LIST", "host CPUs every vCPU may run on (SUPPORTED_CPUS; default: the hypervisor's)",
		  &vcpu_cpus, 0, 0, 0 },
		{ OPT_STRING, "output", "FILE", "with --spe: write the guest's SPE trace (paravirtual channel) as perf.data",
		  &cfg.output, 0, 0, 'o' },
		{ OPT_STRING, "dump-dtb", "FILE", "write the device tree to FILE and exit (no guest needed)",
		  &cfg.dump_dtb, 0, 0, 0 },
		{ OPT_BOOL, "quiet", "", "no summary line on stderr at the end",
		  &cfg.quiet, 0, 0, 0 },
		{ OPT_BOOL, "stats", "", "print how many exits of each kind the run took, and SPE records per vCPU",
		  &cfg.stats, 0, 0, 0 },
		{ OPT_STRING, "mark", "PREFIX", "after each guest console line starting with PREFIX, print the instruction count",
		  &cfg.mark, 0, 0, 0 },
		{ OPT_UINT, "mm-storm", "RATE", "host memory storm: RATE events per million instructions "
		  "(bare --mm-storm: 1000)", &cfg.mm_storm, 1, 1000000, 0 },
		{ OPT_STRING, "spe-pin", "MODE", "SPE pinning: auto (default: all with --spe, else none), "
		  "all, buffer or none", &cfg.spe_pin, 0, 0, 0 },
		{ OPT_SIZE, "spe-pin-limit", "SIZE", "with --spe-pin=buffer: memory the VM may pin, "
		  "e.g. 64K (default: no limit)", &cfg.spe_pin_limit, 4096, UINT64_MAX, 0 },
		{ OPT_STRING, "host-profile", "TARGET", "the host profiles vm (bare --host-profile), "
		  "cpu:N or vcpu:N with the physical SPE units; -o writes its perf.data",
		  &host_target, 0, 0, 0 },
		{ OPT_UINT, "host-interval", "N", "with --host-profile: sampling interval, a multiple "
		  "of 256 (default 1024)", &cfg.host_interval, 256, 0xffffff00u, 0 },
		{ OPT_STRING, "spe-policy", "P", "host and guest both profiling: share (default) or "
		  "exclusive-host", &spe_policy, 0, 0, 0 },
		{ OPT_STRING, "spe-switch", "MODE", "SPE register switching: lazy (default) or eager",
		  &spe_switch, 0, 0, 0 },
		/* Snapshots and live migration (docs/migration.md). */
		{ OPT_STRING, "snapshot", "FILE", "write the VM to FILE at --snapshot-at, then go on",
		  &cfg.snapshot, 0, 0, 0 },
		{ OPT_U64, "snapshot-at", "N", "with --snapshot: once N guest instructions have run (default 0)",
		  &cfg.snapshot_at, 0, UINT64_MAX, 0 },
		{ OPT_STRING, "restore", "FILE", "resume the VM of a snapshot (its machine options; no guest ELF)",
		  &cfg.restore, 0, 0, 0 },
		{ OPT_STRING, "incoming", "tcp:H:P", "receive a migrating VM on H:P (port 0: any, printed)",
		  &cfg.incoming, 0, 0, 0 },
		{ OPT_STRING, "incoming-cut", "PHASE", "tests: drop the connection at setup, precopy, final or ack",
		  &cfg.incoming_cut, 0, 0, 0 },
		{ OPT_STRING, "migrate-to", "tcp:H:P", "migrate the VM to a `vspe run --incoming` at H:P",
		  &cfg.migrate_to, 0, 0, 0 },
		{ OPT_U64, "migrate-at", "N", "with --migrate-to: once N guest instructions have run (default 0)",
		  &cfg.migrate_at, 0, UINT64_MAX, 0 },
		{ OPT_UINT, "migrate-rounds", "N", "with --migrate-to: at most N pre-copy rounds (default 30)",
		  &cfg.migrate_rounds, 1, 1000000, 0 },
		{ OPT_UINT, "migrate-pages", "N", "with --migrate-to: stop and copy at N dirty pages or fewer (default 64)",
		  &cfg.migrate_pages, 1, UINT32_MAX, 0 },
		{ OPT_END, NULL, NULL, NULL, NULL, 0, 0, 0 },
	};
	int err, npos = 0;

	vmm_run_config_default(&cfg);
	/* --mm-storm's value is optional, which the table cannot say. */
	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--mm-storm"))
			argv[i] = (char *)"--mm-storm=1000";
		else if (!strcmp(argv[i], "--host-profile"))
			argv[i] = (char *)"--host-profile=vm";
	err = opt_parse(table, argc, argv, &npos);
	if (err == OPT_HELP_REQUESTED) {
		usage_print(stdout, run_usage, run_summary, table);
		return CLI_EXIT_OK;
	}
	if (err) {
		cli_error("run", "%s (see `vspe run --help`)", vmm_err_detail());
		return CLI_EXIT_USAGE;
	}
	if (params && append) {
		cli_error("run", "--params and --append are the same option: give one");
		return CLI_EXIT_USAGE;
	}
	if (params || append)
		cfg.bootargs = params ? params : append;
	if (strlen(cfg.bootargs) >= VMM_FDT_BOOTARGS_MAX) {
		cli_error("run", "%s: %zu bytes, Linux takes at most %u (COMMAND_LINE_SIZE)",
			  params ? "--params" : "--append", strlen(cfg.bootargs),
			  VMM_FDT_BOOTARGS_MAX - 1);
		return CLI_EXIT_USAGE;
	}
	if (cfg.initrd && !cfg.kernel) {
		cli_error("run", "--initrd needs --kernel");
		return CLI_EXIT_USAGE;
	}
	if (cfg.kernel && !*cfg.kernel) {
		cli_error("run", "--kernel: empty file name");
		return CLI_EXIT_USAGE;
	}
	if (cfg.mem % VMM_RAM_ALIGN) {
		cli_error("run", "--mem: %lluK is not a multiple of 4 KiB",
			  (unsigned long long)(cfg.mem >> 10));
		return CLI_EXIT_USAGE;
	}
	if (cfg.restore || cfg.incoming) {
		/* The machine comes from the snapshot or the source: no guest, no machine flags. */
		if (cfg.restore && cfg.incoming) {
			cli_error("run", "--restore and --incoming exclude each other");
			return CLI_EXIT_USAGE;
		}
		if (host_target) {
			cli_error("run", "--host-profile: a restored or incoming VM cannot be "
				  "profiled by the host (its profiler state does not travel)");
			return CLI_EXIT_USAGE;
		}
		if (npos > 0 || cfg.kernel) {
			cli_error("run", "%s brings its guest: no ELF or --kernel ('%s') expected",
				  cfg.restore ? "--restore" : "--incoming", npos ? argv[1] : cfg.kernel);
			return CLI_EXIT_USAGE;
		}
		if (cfg.output && !*cfg.output) {
			cli_error("run", "-o: empty file name");
			return CLI_EXIT_USAGE;
		}
		return vmm_run(&cfg);
	}
	if (cfg.incoming_cut) {
		cli_error("run", "--incoming-cut needs --incoming");
		return CLI_EXIT_USAGE;
	}
	if (host_target && (cfg.snapshot || cfg.migrate_to)) {
		cli_error("run", "--host-profile cannot be combined with --snapshot or --migrate-to: "
			  "the host profiler's state does not travel");
		return CLI_EXIT_USAGE;
	}
	if (run_sched_option(&cfg, sched) ||
	    run_host_options(&cfg, host_target, spe_policy, spe_switch) ||
	    run_spe_options(&cfg, spe_version, spe_cpus, spe_vcpus, vcpu_cpus) ||
	    run_cpu_option(&cfg, cpu_model, spe_version))
		return CLI_EXIT_USAGE;
	if (cfg.kernel && npos > 0) {
		cli_error("run", "--kernel %s and the guest ELF '%s' cannot be combined: boot one",
			  cfg.kernel, argv[1]);
		return CLI_EXIT_USAGE;
	}
	if (cfg.dump_dtb && npos <= 1)
		return vmm_dump_dtb(&cfg);
	if (cfg.kernel)
		return vmm_run(&cfg);
	if (npos == 0) {
		cli_error("run", "no guest ELF or --kernel given (usage: vspe run [OPTIONS] guest.elf)");
		return CLI_EXIT_USAGE;
	}
	if (npos > 1) {
		cli_error("run", "one guest ELF expected, got '%s' and '%s'", argv[1], argv[2]);
		return CLI_EXIT_USAGE;
	}
	cfg.elf = argv[1];
	return vmm_run(&cfg);
}
