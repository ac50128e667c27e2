// SPDX-License-Identifier: GPL-2.0-only
/*
 * `vspe snapshot FILE`: checks a snapshot (every CRC, the version) and
 * lists its sections with their offsets and the machine options it holds,
 * so a user (or a test) can see what a file is before resuming it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "snapfile.h"
#include "vmm_err.h"
#include "vmstate.h"

static const char snapshot_usage[] = "vspe snapshot FILE";

int cmd_snapshot(int argc, char **argv)
{
	static struct snap_section secs[SNAP_MAX_SECTIONS];
	struct vmm_run_config cfg;
	uint8_t *img;
	size_t len, n;
	long sz;
	bool trace = false;
	FILE *f;

	if (argc != 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		printf("usage: %s\n\nChecks a snapshot written by `vspe run --snapshot` and lists "
		       "its sections.\nexit status: 0 valid, 1 refused (the reason on stderr), "
		       "2 usage error.\n", snapshot_usage);
		return argc == 2 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	}
	f = fopen(argv[1], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		cli_error("snapshot", "%s: cannot open", argv[1]);
		if (f)
			fclose(f);
		return CLI_EXIT_FAILURE;
	}
	len = (size_t)sz;
	img = malloc(len ? len : 1);
	if (!img || fread(img, 1, len, f) != len) {
		cli_error("snapshot", "%s: cannot read", argv[1]);
		free(img);
		fclose(f);
		return CLI_EXIT_FAILURE;
	}
	fclose(f);
	if (snap_parse(img, len, secs, SNAP_MAX_SECTIONS, &n)) {
		cli_error("snapshot", "%s: %s", argv[1], vmm_err_detail());
		free(img);
		return CLI_EXIT_FAILURE;
	}
	printf("%s: vspe snapshot version %u, %zu sections, %zu bytes\n", argv[1], SNAP_VERSION,
	       n, len);
	for (size_t i = 0; i < n; i++) {
		char name[5];

		snap_tag_name(secs[i].tag, name);
		printf("  #%-3zu %s offset %zu length %" PRIu64 "\n", i, name,
		       (size_t)(secs[i].data - img), secs[i].len);
	}
	memset(&cfg, 0, sizeof(cfg));
	for (size_t i = 0; i < n; i++) {
		if (secs[i].tag != SNAP_CONF || vmstate_get_conf(&secs[i], &cfg, &trace))
			continue;
		printf("machine: %u vCPUs, %" PRIu64 " MiB, %u host CPUs, seed %" PRIu64
		       ", SPE %s, storm %u, pin %s, trace %s, guest %s\n", cfg.cpus,
		       cfg.mem >> 20, cfg.host_cpus, cfg.seed, cfg.spe ? "on" : "off",
		       cfg.mm_storm, cfg.spe_pin ? cfg.spe_pin : "default", trace ? "yes" : "no",
		       cfg.kernel ? cfg.kernel : cfg.elf);
		vmstate_free_conf(&cfg);
	}
	free(img);
	return CLI_EXIT_OK;
}
