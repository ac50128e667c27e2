// SPDX-License-Identifier: GPL-2.0-only
/*
 * A hostile guest: random values in every SPE register (biased towards
 * edges), random ownership inputs, random operations at random ELs and
 * random port faults, interleaved. Invariants: the port never sees a write
 * outside [PMBPTR, LIMIT), every call returns, PMBIRQ equals PMBSR_EL1.S.
 */
#include "spe-test.h"

static struct test_port port;
static uint64_t seed = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return seed;
}

static uint64_t edge_value(void)
{
	static const uint64_t edges[] = {
		0, 1, ~0ull, 0xfff, 0x1000, 0xffffffff, 0x100000000ull, 1ull << 63,
		TP_BASE, TP_BASE + TP_SIZE, TP_BASE + TP_SIZE - 1, TP_BASE - 1,
		0xfffffffffffff000ull, 0xffffff00, 0x100, 0x101,
	};
	uint64_t r = rnd();

	switch (r % 4) {
	case 0:
		return edges[(r >> 8) % (sizeof(edges) / sizeof(edges[0]))];
	case 1:
		return TP_BASE + ((r >> 8) % (TP_SIZE + 0x3000)) - 0x1000;
	default:
		return rnd();
	}
}

static const uint32_t keys[] = {
	SYS_PMSCR_EL1, SYS_PMSCR_EL2, SYS_PMSCR_EL12, SYS_PMSNEVFR_EL1, SYS_PMSICR_EL1,
	SYS_PMSIRR_EL1, SYS_PMSFCR_EL1, SYS_PMSEVFR_EL1, SYS_PMSLATFR_EL1, SYS_PMSIDR_EL1,
	SYS_PMBLIMITR_EL1, SYS_PMBPTR_EL1, SYS_PMBSR_EL1, SYS_PMBIDR_EL1,
};

static void random_op(struct spe_op *op)
{
	uint64_t r = rnd();

	memset(op, 0, sizeof(*op));
	op->kind = (uint8_t)(r % 6);
	op->el = (uint8_t)((r >> 3) % 4);		/* EL3 too: must be ignored */
	op->flags = (uint32_t)(r >> 8) & 0x7ff;
	op->size = (uint8_t)((r >> 20) % 80);
	op->pc = rnd();
	op->data_va = edge_value();
	op->data_pa = edge_value();
	op->target = rnd();
	op->cntpct = rnd();
	op->contextidr_el1 = (uint32_t)rnd();
	op->contextidr_el2 = (uint32_t)rnd();
}

static void test_hostile_guest(void **state)
{
	(void)state;
	uint64_t writes = 0, records = 0, events = 0, collisions = 0;

	for (int round = 0; round < 60; round++) {
		struct spe_config c;
		struct spe_unit *u;

		spe_config_default(&c, (enum spe_version)(SPE_V1P0 + round % 3));
		c.align_log2 = (uint8_t)(round % 7);
		c.ernd = round % 3 != 0 && (round & 4);
		c.ea = (uint8_t)(round % 3);
		c.seed = (uint64_t)round;
		if (round & 8)
			c.timing.dram = 2000;		/* collisions */
		u = tp_unit(&port, &c);
		/* Start from a working session, as a driver would, then let the guest loose. */
		tp_start(u, 0, TP_SIZE, 1, 0);
		for (int step = 0; step < 1000; step++) {
			uint64_t r = rnd();
			struct spe_ctx x = {
				.el = (uint8_t)(r % 4), .el2_enabled = r & 4, .e2h = r & 8,
				.tge = r & 16, .e2pb = (uint8_t)((r >> 5) & 3), .tpms = r & 128,
				.cntvoff = rnd(),
			};
			uint64_t v;

			switch (r >> 60) {
			case 0:
				spe_unit_set_ctx(u, &x);
				break;
			case 1:
			case 2:
				(void)spe_unit_sysreg_access(u, keys[(r >> 8) % 14], r & 1);
				(void)spe_unit_sysreg_write(u, keys[(r >> 8) % 14], edge_value());
				break;
			case 3:
				port.fault_on = r & 1;
				port.fault_va = edge_value() & ~0xfffull;
				port.fault = (struct spe_xlate_fault){ .stage = (uint8_t)(1 + (r >> 1 & 1)),
					.fsc = (uint8_t)(r >> 2), .ext_abort = r & 8 };
				break;
			case 4:
				/* A driver's restart: clear the syndrome, sometimes a fresh pointer. */
				tp_set(u, SYS_PMBSR_EL1, 0);
				if (r & 1)
					tp_set(u, SYS_PMBPTR_EL1, TP_BASE + ((r >> 8) % TP_SIZE));
				break;
			case 5:
				/* Work is proportional to the selections inside: keep n CPU-sized. */
				spe_unit_count(u, rnd() >> (44 + (r & 15)), (uint8_t)(r >> 8 & 3));
				break;
			default: {
				/* Run to a few sample points the way a CPU does. */
				for (int k = 0; k < 8; k++) {
					struct spe_op op;
					uint64_t n = spe_unit_ops_until_sample(u);

					if (n != SPE_NEVER)
						spe_unit_count(u, n, x.el);
					random_op(&op);
					(void)spe_unit_observe(u, &op);
				}
				break;
			}
			}
			assert_int_equal(spe_unit_sysreg_read(u, SYS_PMBSR_EL1, &v), SPE_UNIT_OK);
			assert_int_equal(spe_unit_irq_level(u), (v >> 17) & 1);
			(void)spe_unit_take_serror(u);
		}
		assert_int_equal(port.violations, 0);
		{
			struct spe_unit_stats st;

			spe_unit_stats(u, &st);
			writes += port.writes;
			records += st.records;
			events += st.events;
			collisions += st.collisions;
		}
		spe_unit_free(u);
	}
	/* Not vacuous: the guest got records written, events raised and collisions. */
	assert_true(writes > 1000 && records > 1000 && events > 100 && collisions > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hostile_guest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
