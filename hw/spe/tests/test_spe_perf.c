// SPDX-License-Identifier: GPL-2.0-only
/*
 * Linux perf decodes the unit's records: a 1,000,000-op trace goes into a
 * perf.data file (decode/'s writer) and `perf report --dump-raw-trace`
 * must show every record and no bad packet. Skipped when perf is absent.
 */
#include <stdio.h>
#include <stdlib.h>

#include "spe-test.h"

#include "decode/perf_data.h"

static struct test_port port;

static void test_perf_decodes(void **state)
{
	(void)state;
	const char *path = "test_spe_perf.data";
	struct spe_perf_meta meta = { 0 };
	struct spe_perf_writer *w;
	struct spe_config c;
	struct spe_unit *u;
	char line[512], cmd[256];
	uint64_t ends = 0, bad = 0, lines = 0;
	FILE *p;

	if (system("command -v perf > /dev/null 2>&1") != 0) {
		skip();
		return;
	}
	spe_config_default(&c, SPE_V1P2);
	u = tp_unit(&port, &c);
	tp_start(u, 0, TP_SIZE, 4, PMSCR_EL1_TS_MASK | PMSCR_EL1_PA_MASK | PMSCR_EL1_PCT_MASK);
	tp_run(u, 1000000);
	assert_int_equal(spe_perf_writer_open(path, &meta, &w), 0);
	assert_int_equal(spe_perf_writer_add_aux(w, 0, port.mem,
						 tp_reg(u, SYS_PMBPTR_EL1) - TP_BASE), 0);
	assert_int_equal(spe_perf_writer_close(w), 0);
	spe_unit_free(u);

	snprintf(cmd, sizeof(cmd), "timeout 60 perf report -f -i %s --dump-raw-trace 2>&1", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	/* One line per packet: bounded by the trace (about 10 packets per record). */
	while (fgets(line, sizeof(line), p) && lines < 100000) {
		lines++;
		if (strstr(line, " TS ") || strstr(line, " END"))
			ends++;
		if (strstr(line, "BAD") || strstr(line, "Bad"))
			bad++;
	}
	assert_int_equal(pclose(p), 0);
	assert_int_equal(bad, 0);
	assert_int_equal(ends, 975);
	remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perf_decodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
