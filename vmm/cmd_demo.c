// SPDX-License-Identifier: GPL-2.0-only
/*
 * `vspe demo`: boots the demo guest that the build puts next to the vspe
 * binary (guest/spe-demo.elf when it exists, else guest/demo.elf) and
 * shows its output. It is the command that will show SPE profiling.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "layout.h"
#include "vmm_err.h"

static const char demo_usage[] = "vspe demo [OPTIONS]";
static const char demo_summary[] =
	"Boots the demo guest of this build (guest/spe-demo.elf, or guest/demo.elf, next\n"
	"to the vspe binary) and prints what it does. Exit status as `vspe run`.";

static const char *const demo_guests[] = { "guest/spe-demo.elf", "guest/demo.elf" };

/* The folder of the running binary (the build root), from /proc/self/exe. */
static int demo_build_dir(char *dir, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", dir, size - 1);
	char *slash;

	if (n <= 0)
		return -1;
	dir[n] = '\0';
	slash = strrchr(dir, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	return 0;
}

static const char *demo_find_guest(char *path, size_t size)
{
	char dir[PATH_MAX];
	size_t i;

	if (demo_build_dir(dir, sizeof(dir)))
		return NULL;
	for (i = 0; i < sizeof(demo_guests) / sizeof(demo_guests[0]); i++) {
		snprintf(path, size, "%s/%s", dir, demo_guests[i]);
		if (access(path, R_OK) == 0)
			return path;
	}
	return NULL;
}

int cmd_demo(int argc, char **argv)
{
	struct vmm_run_config cfg;
	char path[PATH_MAX + 32];
	const char *guest = NULL;
	const struct opt table[] = {
		{ OPT_STRING, "guest", "ELF", "boot this ELF instead of the build's demo guest",
		  &guest, 0, 0, 0 },
		{ OPT_UINT, "cpus", "N", "vCPUs (default 1)", &cfg.cpus, 1, VMM_MAX_CPUS, 0 },
		{ OPT_U64, "max-insns", "N", "stop after N guest instructions (default 2000000000)",
		  &cfg.max_insns, 0, UINT64_MAX, 0 },
		{ OPT_U64, "seed", "S", "seed of every random choice (default 0)",
		  &cfg.seed, 0, UINT64_MAX, 0 },
		{ OPT_END, NULL, NULL, NULL, NULL, 0, 0, 0 },
	};
	int err, npos = 0;

	vmm_run_config_default(&cfg);
	cfg.max_insns = 2000000000ull;
	err = opt_parse(table, argc, argv, &npos);
	if (err == OPT_HELP_REQUESTED) {
		usage_print(stdout, demo_usage, demo_summary, table);
		return CLI_EXIT_OK;
	}
	if (err) {
		cli_error("demo", "%s (see `vspe demo --help`)", vmm_err_detail());
		return CLI_EXIT_USAGE;
	}
	if (npos) {
		cli_error("demo", "unexpected argument '%s'", argv[1]);
		return CLI_EXIT_USAGE;
	}
	if (!guest)
		guest = demo_find_guest(path, sizeof(path));
	if (!guest) {
		cli_error("demo", "no demo guest next to this binary (guest/spe-demo.elf or guest/demo.elf): build the guests first");
		return CLI_EXIT_FAILURE;
	}
	/* The SPE demo guest profiles itself: give it SPE. */
	if (strstr(guest, "spe-demo"))
		cfg.spe = true;
	printf("vspe demo: booting %s%s\n", guest, cfg.spe ? " with SPE" : "");
	cfg.elf = guest;
	return vmm_run(&cfg);
}
