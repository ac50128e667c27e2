// SPDX-License-Identifier: GPL-2.0-only
/*
 * Running one guest through the public API, as kvmtool's kvm-cpu.c does
 * through /dev/kvm: system, VM, one memslot of RAM, vCPUs (0 runs, the
 * others start powered off until PSCI CPU_ON), the device tree at the
 * RAM base, then the exit loop. Linux arm64 boot protocol
 * (Documentation/arch/arm64/booting.rst): EL1h, MMU off, DAIF masked,
 * x0 = device tree address, x1..x3 = 0.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "cli.h"
#include "console.h"
#include "hostprof.h"
#include "hypercall.h"
#include "layout.h"
#include "loader.h"
#include "loader_image.h"
#include "mmio.h"
#include "trace.h"
#include "vmm_err.h"
#include "vmm_fdt.h"

#ifdef VSPE_HAVE_API
#include "arch/sysreg.h"
#include "vspe/vspe.h"
#endif
#ifdef VSPE_HAVE_MIGRATE
#include "migrate/migrate.h"
#else
/* Builds without vmm/migrate (the fake-API unit test): no snapshots. */
struct mig;
struct mig_machine { struct vspe_vm *vm; };
static inline bool mig_restoring(const struct mig *g) { (void)g; return false; }
static inline int mig_restore(struct mig *g, const struct mig_machine *m)
{ (void)g; (void)m; return -1; }
static inline int mig_poll(struct mig *g, const struct mig_machine *m)
{ (void)g; (void)m; return 0; }
#endif
#include "dev/pl011.h"

#define RUN_MMIO_WARN_MAX	8	/* warnings about unknown addresses before going quiet */
#define RUN_DTB_BUF		(64u << 10)
#define RUN_EXIT_KINDS		9	/* VSPE_EXIT_UNKNOWN..VSPE_EXIT_HYPERCALL, then others */

/* Everything one run owns; vmm_run() releases it whatever happened. */
struct run_ctx {
	const struct vmm_run_config *cfg;
	uint8_t *ram;
	struct console con;
	struct mmio_bus bus;
	unsigned int mmio_warnings;
	uint64_t exits[RUN_EXIT_KINDS];	/* by exit reason (last slot: unknown reasons) */
	uint64_t mpidr[VMM_MAX_CPUS];
	uint8_t spe_part[VMM_MAX_CPUS];	/* vCPUs in the SPE PPI partition (heterogeneous host) */
	uint64_t dtb_addr;		/* where the device tree went: x0 at entry */
	uint64_t entry;
	uint64_t initrd_start, initrd_end;	/* --initrd's place; equal: none */
	struct pl011 *uart;
	struct vmm_trace *trace;	/* -o */
	struct vmm_hostprof *hostprof;	/* -o with --host-profile */
	bool host_running;
	bool no_spe;			/* --spe, but the hypervisor offers none: a skip (77) */
	unsigned int hc_warnings;
#ifdef VSPE_HAVE_API
	struct vspe_system *sys;
	struct vspe_vm *vm;
	struct vspe_vcpu *vcpu[VMM_MAX_CPUS];
	struct mig *mig;		/* snapshots and migration (vmm/migrate) */
#endif
};

/*
 * SIGINT/SIGTERM ask the run loop to stop at the next return from the
 * hypervisor (at most 64 time slices away) with a register dump: a hung
 * guest can be inspected without --max-insns.
 */
static volatile sig_atomic_t run_stop_signal;

static void run_on_signal(int sig)
{
	run_stop_signal = sig;
}

static void run_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = run_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void run_signals_restore(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}

/* The UART's transmit sink: the byte goes to stdout and through the EXIT scan. */
static void run_console_tx(void *opaque, uint8_t byte)
{
	struct run_ctx *ctx = opaque;

	console_feed(&ctx->con, byte);
	cli_console_putc(byte);
#ifdef VSPE_HAVE_API
	/* --mark: how many instructions the guest took to get to this line. */
	if (ctx->con.marked) {
		cli_console_break();
		fprintf(stderr, "vspe: mark at %" PRIu64 " instructions: %s\n",
			vspe_vm_instructions(ctx->vm), ctx->con.marked_line);
	}
#endif
}

/* The MMIO bus calls the PL011 model (vmm/dev/pl011.h) through these. */
static int run_uart_read(void *opaque, uint64_t off, unsigned int len, uint64_t *val)
{
	return pl011_read(opaque, off, len, val);
}

static int run_uart_write(void *opaque, uint64_t off, unsigned int len, uint64_t val)
{
	return pl011_write(opaque, off, len, val);
}

static int run_devices_init(struct run_ctx *ctx)
{
	struct mmio_device uart = {
		.name = "pl011", .base = VMM_UART_BASE, .size = VMM_UART_SIZE,
		.read = run_uart_read, .write = run_uart_write,
	};

	mmio_bus_init(&ctx->bus);
	ctx->uart = pl011_create(run_console_tx, ctx);
	if (!ctx->uart) {
		cli_error("run", "cannot create the PL011 UART");
		return -1;
	}
	uart.opaque = ctx->uart;
	if (mmio_register(&ctx->bus, &uart)) {
		cli_error("run", "%s", vmm_err_detail());
		return -1;
	}
	return 0;
}

/* Guest RAM: anonymous, zeroed, touched only where the guest writes. */
static int run_ram_init(struct run_ctx *ctx)
{
	void *p = mmap(NULL, ctx->cfg->mem, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		cli_error("run", "cannot allocate %" PRIu64 " MiB of guest RAM: %s",
			  ctx->cfg->mem >> 20, strerror(errno));
		return -1;
	}
	ctx->ram = p;
	return 0;
}

bool vmm_vcpu_has_spe(const struct vmm_run_config *cfg, unsigned int i)
{
	return cfg->spe && (!cfg->spe_vcpus || (i < 64 && (cfg->spe_vcpus >> i & 1)));
}

/*
 * When the SPE interrupt is not every CPU's, the device tree describes it
 * as a GICv3 PPI partition of the vCPUs with SPE (bindings/interrupt-
 * controller/arm,gic-v3.yaml, ppi-partitions; Linux's arm_spe_pmu takes
 * its CPUs from it): with --spe-vcpus naming some vCPUs, and on a
 * heterogeneous host (--spe-cpus not every CPU), where the hypervisor
 * keeps SPE vCPUs on the CPUs with a unit. NULL: a plain PPI.
 */
static const uint8_t *run_spe_partition(const struct vmm_run_config *cfg, uint8_t *part)
{
	uint64_t all = cfg->host_cpus >= 64 ? ~0ull : (1ull << cfg->host_cpus) - 1;
	bool some = false;

	if (!cfg->spe)
		return NULL;
	for (unsigned int i = 0; i < cfg->cpus && i < VMM_MAX_CPUS; i++) {
		part[i] = vmm_vcpu_has_spe(cfg, i);
		some |= !part[i];
	}
	if (!some && (!cfg->spe_cpus || (cfg->spe_cpus & all) == all))
		return NULL;
	return part;
}

/*
 * The guest's files, before the machine exists (a bad file is refused
 * before anything else happens): an ELF goes where it is linked, with the
 * device tree at the RAM base; a kernel (booting.rst) at the first 2 MiB
 * boundary past 2 MiB plus text_offset, as QEMU does, its initrd at the next
 * 2 MiB boundary above its footprint, and the device tree above both.
 */
static int run_load_guest(struct run_ctx *ctx)
{
	const struct vmm_run_config *cfg = ctx->cfg;
	struct loader_ram ram = {
		.host = ctx->ram, .base = VMM_RAM_BASE, .size = cfg->mem, .reserved = VMM_DTB_MAX,
	};
	struct loader_image img;
	int err;

	if (cfg->kernel) {
		err = loader_load_kernel(cfg->kernel, &ram, &img);
		if (!err)
			ctx->dtb_addr = img.highest;	/* a lower bound: run_load_dtb() aligns */
		if (!err && cfg->initrd) {
			err = loader_load_initrd(cfg->initrd, &ram, &img, &ctx->initrd_start,
						 &ctx->initrd_end);
			ctx->dtb_addr = ctx->initrd_end;
		}
	} else {
		err = loader_load_file(cfg->elf, &ram, &img);
		ctx->dtb_addr = VMM_DTB_BASE;
	}
	if (err) {
		cli_error("run", "%s", vmm_err_detail());
		return -1;
	}
	ctx->entry = img.entry;
	return 0;
}

/* The device tree the guest gets, once the vCPUs' MPIDRs are in ctx->mpidr. */
static int run_build_dtb(struct run_ctx *ctx, uint8_t *buf, size_t size)
{
	const struct vmm_run_config *cfg = ctx->cfg;
	struct vmm_fdt_config fc = {
		.ram_base = VMM_RAM_BASE, .ram_size = cfg->mem, .nr_cpus = cfg->cpus,
		.mpidr = ctx->mpidr, .bootargs = cfg->bootargs, .spe = cfg->spe,
		.spe_cpus = run_spe_partition(cfg, ctx->spe_part),
		.initrd_start = ctx->initrd_start, .initrd_end = ctx->initrd_end,
	};
	int n = vmm_fdt_build(&fc, buf, size);

	if (n < 0)
		cli_error("run", "%s", vmm_err_detail());
	return n;
}

/* Builds the device tree and puts it at its place in RAM (run_load_guest). */
static int run_load_dtb(struct run_ctx *ctx)
{
	const struct loader_ram ram = {
		.host = ctx->ram, .base = VMM_RAM_BASE, .size = ctx->cfg->mem, .reserved = VMM_DTB_MAX,
	};
	static uint8_t dtb[RUN_DTB_BUF];
	int n = run_build_dtb(ctx, dtb, sizeof(dtb));

	if (n < 0)
		return -1;
	if (ctx->cfg->kernel && loader_image_place_dtb(&ram, ctx->dtb_addr, (uint64_t)n,
						       &ctx->dtb_addr)) {
		cli_error("run", "%s", vmm_err_detail());
		return -1;
	}
	memcpy(ctx->ram + (ctx->dtb_addr - VMM_RAM_BASE), dtb, (size_t)n);
	return 0;
}

#ifdef VSPE_HAVE_API

static int run_api_error(const char *what)
{
	cli_error("run", "%s: %s", what, vspe_last_error());
	return -1;
}

static int run_get_u64(struct vspe_vcpu *vcpu, uint64_t id, uint64_t *val)
{
	struct vspe_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)val };

	return vspe_get_one_reg(vcpu, &r);
}

static int run_set_u64(struct vspe_vcpu *vcpu, uint64_t id, uint64_t val)
{
	struct vspe_one_reg r = { .id = id, .addr = (uint64_t)(uintptr_t)&val };

	return vspe_set_one_reg(vcpu, &r);
}

#define CORE64(field)	(VSPE_REG_CORE(field) | VSPE_REG_SIZE_U64)

/* The register dump printed when a guest cannot go on (bounded: one vCPU). */
static void run_dump_regs(struct vspe_vcpu *vcpu, unsigned int id)
{
	static const struct { const char *name; uint64_t id; } named[] = {
		{ "sp", CORE64(sp) },
		{ "pc", CORE64(pc) },
		{ "pstate", CORE64(pstate) },
		{ "sp_el1", CORE64(sp_el1) },
		{ "elr_el1", CORE64(elr_el1) },
		{ "spsr_el1", CORE64(spsr[0]) },
		/* Registers arch/sysreg describes (each .reg file owns its names). */
#ifdef SYS_ESR_EL1
		{ "esr_el1", VSPE_REG_SYSREG(SYS_ESR_EL1) },
#endif
#ifdef SYS_FAR_EL1
		{ "far_el1", VSPE_REG_SYSREG(SYS_FAR_EL1) },
#endif
#ifdef SYS_VBAR_EL1
		{ "vbar_el1", VSPE_REG_SYSREG(SYS_VBAR_EL1) },
#endif
	};
	uint64_t v;
	unsigned int i;

	cli_console_break();
	fprintf(stderr, "vCPU %u registers:\n", id);
	for (i = 0; i < 31; i++) {
		if (run_get_u64(vcpu, CORE64(x[i]), &v))
			fprintf(stderr, "  x%-2u ?                 ", i);
		else
			fprintf(stderr, "  x%-2u %016" PRIx64 "  ", i, v);
		if (i % 4 == 3)
			fputc('\n', stderr);
	}
	fputc('\n', stderr);
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (run_get_u64(vcpu, named[i].id, &v))
			fprintf(stderr, "  %-8s ?\n", named[i].name);
		else
			fprintf(stderr, "  %-8s %016" PRIx64 "\n", named[i].name, v);
	}
}

/*
 * One line per other vCPU (at most VMM_MAX_CPUS lines): where each one is,
 * and its last exception (ELR, ESR, FAR: a guest stuck in a fault loop
 * shows it here). A register the build cannot name prints as 0.
 */
static void run_dump_others(struct run_ctx *ctx, unsigned int except)
{
	unsigned int i;

	for (i = 0; i < ctx->cfg->cpus; i++) {
		uint64_t pc = 0, pstate = 0, elr = 0, esr = 0, far = 0;

		if (i == except)
			continue;
		if (run_get_u64(ctx->vcpu[i], CORE64(pc), &pc) ||
		    run_get_u64(ctx->vcpu[i], CORE64(pstate), &pstate)) {
			fprintf(stderr, "vCPU %u: registers unreadable\n", i);
			continue;
		}
		run_get_u64(ctx->vcpu[i], CORE64(elr_el1), &elr);
#ifdef SYS_ESR_EL1
		run_get_u64(ctx->vcpu[i], VSPE_REG_SYSREG(SYS_ESR_EL1), &esr);
#endif
#ifdef SYS_FAR_EL1
		run_get_u64(ctx->vcpu[i], VSPE_REG_SYSREG(SYS_FAR_EL1), &far);
#endif
		fprintf(stderr, "vCPU %u: pc %016" PRIx64 " pstate %016" PRIx64 " elr_el1 %016" PRIx64
			" esr_el1 %08" PRIx64 " far_el1 %016" PRIx64 "\n", i, pc, pstate, elr, esr, far);
	}
}

static int run_machine_init(struct run_ctx *ctx)
{
	const struct vmm_run_config *cfg = ctx->cfg;
	struct vspe_host_config host;
	struct vspe_userspace_memory_region mem = {
		.slot = 0, .guest_phys_addr = VMM_RAM_BASE, .memory_size = cfg->mem,
		.userspace_addr = (uint64_t)(uintptr_t)ctx->ram,
	};
	struct vspe_vcpu_init init;
	unsigned int i;
	int max;

	vspe_host_config_default(&host);
	host.nr_cpus = cfg->host_cpus;
	host.seed = cfg->seed;
	host.quantum = cfg->quantum;
	host.spe_switch = cfg->spe_switch;
	host.sched = cfg->sched;
	for (i = 0; i < host.nr_cpus; i++)
		host.cpus[i].midr = cfg->midr;
	for (i = 0; (cfg->spe || cfg->host_profile) && i < host.nr_cpus; i++)
		if (!cfg->spe_cpus || (cfg->spe_cpus >> i & 1)) {	/* 0: every CPU */
			host.cpus[i].spe = (enum vspe_spe_version)cfg->spe_version;
			host.cpus[i].errata = cfg->errata;
		}
	if (vspe_open(&host, &ctx->sys))
		return run_api_error("cannot open the host");
	if (cfg->spe && vspe_check_extension(ctx->sys, VSPE_CAP_ARM_SPE) <= 0) {
		cli_error("run", "--spe: this hypervisor does not offer SPE to guests");
		ctx->no_spe = true;
		return -1;
	}
	max = vspe_check_extension(ctx->sys, VSPE_CAP_MAX_VCPUS);
	if (max > 0 && cfg->cpus > (unsigned int)max) {
		cli_error("run", "--cpus %u: the hypervisor supports at most %d", cfg->cpus, max);
		return -1;
	}
	if (vspe_create_vm(ctx->sys, &ctx->vm))
		return run_api_error("cannot create the VM");
	if (run_mm_setup(ctx->vm, cfg))
		return -1;
	if (vspe_vm_set_spe_policy(ctx->vm, cfg->spe_policy))
		return run_api_error("--spe-policy");
	if (vspe_set_user_memory_region(ctx->vm, &mem))
		return run_api_error("cannot add guest RAM");
	if (vspe_arm_preferred_target(ctx->vm, &init))
		return run_api_error("no preferred vCPU target");
	for (i = 0; i < cfg->cpus; i++) {
		struct vspe_vcpu_init vi = init;

		if (vspe_create_vcpu(ctx->vm, i, &ctx->vcpu[i]))
			return run_api_error("cannot create a vCPU");
		vi.features[0] |= 1u << VSPE_ARM_VCPU_PSCI_0_2;
		if (i > 0)	/* secondaries wait for PSCI CPU_ON */
			vi.features[0] |= 1u << VSPE_ARM_VCPU_POWER_OFF;
		if (vmm_vcpu_has_spe(cfg, i))
			vi.features[0] |= 1u << VSPE_ARM_VCPU_SPE;
		if (vspe_vcpu_init(ctx->vcpu[i], &vi))
			return run_api_error("cannot initialize a vCPU");
		if (vmm_vcpu_has_spe(cfg, i)) {
			/* SPE_CTRL: the device tree's PPI (INTID 16 + n), then INIT. */
			int ppi = 16 + VMM_FDT_SPE_PPI;
			struct vspe_device_attr irq = { .group = VSPE_ARM_VCPU_SPE_CTRL,
				.attr = VSPE_ARM_VCPU_SPE_IRQ, .addr = (uint64_t)(uintptr_t)&ppi };
			struct vspe_device_attr ini = { .group = VSPE_ARM_VCPU_SPE_CTRL,
				.attr = VSPE_ARM_VCPU_SPE_INIT };

			if (vspe_vcpu_set_device_attr(ctx->vcpu[i], &irq) ||
			    vspe_vcpu_set_device_attr(ctx->vcpu[i], &ini))
				return run_api_error("cannot set up SPE");
		}
		if (cfg->vcpu_cpus) {
			/* After INIT: the VMM's word on affinity is final (even a wrong one). */
			uint64_t mask = cfg->vcpu_cpus;
			struct vspe_device_attr sc = { .group = VSPE_ARM_VCPU_SCHED_CTRL,
				.attr = VSPE_ARM_VCPU_SUPPORTED_CPUS, .addr = (uint64_t)(uintptr_t)&mask };

			if (vspe_vcpu_set_device_attr(ctx->vcpu[i], &sc))
				return run_api_error("--vcpu-cpus: cannot set SUPPORTED_CPUS");
		}
		/* The device tree describes the MPIDRs the hypervisor gives. */
		if (run_get_u64(ctx->vcpu[i], VSPE_REG_SYSREG(SYS_MPIDR_EL1), &ctx->mpidr[i]))
			ctx->mpidr[i] = i;
	}
	return 0;
}

static int run_boot_regs(struct run_ctx *ctx)
{
	struct vspe_vcpu *v = ctx->vcpu[0];
	/* PSTATE: EL1h (M = 0b0101), D, A, I, F masked. */
	const uint64_t pstate = 0x3c5;
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (run_set_u64(v, CORE64(x[i]), i == 0 ? ctx->dtb_addr : 0))
			return run_api_error("cannot set x0..x3");
	if (run_set_u64(v, CORE64(pstate), pstate) || run_set_u64(v, CORE64(pc), ctx->entry))
		return run_api_error("cannot set the entry state");
	return 0;
}

static unsigned int run_vcpu_index(const struct run_ctx *ctx, const struct vspe_vcpu *v)
{
	unsigned int i;

	for (i = 0; i < ctx->cfg->cpus; i++)
		if (ctx->vcpu[i] == v)
			return i;
	return 0;
}

static void run_mmio(struct run_ctx *ctx, struct vspe_vcpu *v, unsigned int id, struct vspe_run *r)
{
	uint64_t val = 0;
	unsigned int len = r->mmio.len, i;
	int err;

	if (len > 8)
		len = 8;
	if (r->mmio.is_write)
		for (i = 0; i < len; i++)
			val |= (uint64_t)r->mmio.data[i] << (8 * i);
	err = mmio_access(&ctx->bus, r->mmio.phys_addr, len, r->mmio.is_write, &val);
	if (err) {
		val = 0;	/* unknown addresses read as zero, writes are dropped */
		if (ctx->mmio_warnings < RUN_MMIO_WARN_MAX) {
			uint64_t pc = 0;

			run_get_u64(v, CORE64(pc), &pc);
			cli_console_break();
			fprintf(stderr, "vspe: vCPU %u at pc 0x%" PRIx64 ": %s of %u bytes at 0x%" PRIx64
				": no device there%s\n", id, pc,
				r->mmio.is_write ? "write" : "read", r->mmio.len, r->mmio.phys_addr,
				ctx->mmio_warnings + 1 == RUN_MMIO_WARN_MAX ?
				" (further warnings suppressed)" : "");
		}
		ctx->mmio_warnings++;
	}
	if (!r->mmio.is_write) {
		memset(r->mmio.data, 0, sizeof(r->mmio.data));
		for (i = 0; i < len; i++)
			r->mmio.data[i] = (uint8_t)(val >> (8 * i));
	}
}

/* Status after SYSTEM_OFF/RESET: the guest's EXIT line, or 0 without one. */
static int run_guest_status(struct run_ctx *ctx)
{
	console_finish(&ctx->con);
	switch (ctx->con.status) {
	case CONSOLE_STATUS:
		return (int)ctx->con.exit_status;
	case CONSOLE_BAD_STATUS:
		cli_error("run", "the guest's EXIT: STATUS= line holds no status in 0..255");
		return CLI_EXIT_FAILURE;
	case CONSOLE_NO_STATUS:
		break;
	}
	return CLI_EXIT_OK;
}

static int run_stop_max(struct run_ctx *ctx, struct vspe_vcpu *v, unsigned int id)
{
	cli_error("run", "stopped after %" PRIu64 " instructions (--max-insns %" PRIu64 ")",
		  vspe_vm_instructions(ctx->vm), ctx->cfg->max_insns);
	run_dump_regs(v, id);
	run_dump_others(ctx, id);
	return CLI_EXIT_MAX_INSNS;
}

/* A paravirtual call (docs/paravirt.md); -1 when the host failed (trace file). */
static int run_hypercall(struct run_ctx *ctx, unsigned int id, struct vspe_run *r)
{
	const struct vmm_hc_env env = {
		.ram = ctx->ram, .ram_base = VMM_RAM_BASE, .ram_size = ctx->cfg->mem,
		.nr_cpus = ctx->cfg->cpus, .trace = ctx->trace,
	};
	int err = vmm_hypercall(&env, r->hypercall.nr, r->hypercall.args, &r->hypercall.ret);

	if (err < 0) {
		cli_error("run", "%s", vmm_err_detail());
		return -1;
	}
	if (err > 0 && ctx->hc_warnings++ < RUN_MMIO_WARN_MAX) {
		cli_console_break();
		fprintf(stderr, "vspe: vCPU %u: hypercall refused: %s%s\n", id, vmm_err_detail(),
			ctx->hc_warnings == RUN_MMIO_WARN_MAX ? " (further warnings suppressed)" : "");
	}
	return 0;
}

/* Why a vCPU cannot enter, in words (VSPE_EXIT_FAIL_ENTRY). */
static const char *run_fail_entry_reason(uint64_t reason)
{
	switch (reason) {
	case VSPE_FAIL_ENTRY_CPU_UNSUPPORTED:
		return "CPU not supported: it lacks an SPE unit of the version the vCPU was "
		       "given (check --spe-cpus and --vcpu-cpus)";
	case VSPE_FAIL_ENTRY_NOT_INITIALIZED:
		return "vCPU not initialized";
	default:
		return "unknown reason";
	}
}

/* What the snapshot and migration code sees of this run. */
static struct mig_machine run_mig_view(struct run_ctx *ctx)
{
#ifndef VSPE_HAVE_MIGRATE
	return (struct mig_machine){ .vm = ctx->vm };
#else
	return (struct mig_machine){
		.cfg = ctx->cfg, .vm = ctx->vm, .vcpu = ctx->vcpu, .ram = ctx->ram,
		.ram_base = VMM_RAM_BASE, .uart = ctx->uart, .con = &ctx->con,
		.trace = ctx->trace,
	};
#endif
}

/* The exit loop: one switch over exit reasons, as KVM's user space does. */
static int run_loop(struct run_ctx *ctx)
{
	const uint64_t max = ctx->cfg->max_insns;

	for (;;) {
		struct vspe_vcpu *v = NULL;
		struct vspe_run *r;
		unsigned int id;

		if (vspe_vm_run(ctx->vm, &v) || !v) {
			run_api_error("run failed");
			return CLI_EXIT_FAILURE;
		}
		id = run_vcpu_index(ctx, v);
		r = vspe_vcpu_run_struct(v);
		ctx->exits[r->exit_reason < RUN_EXIT_KINDS - 1 ? r->exit_reason : RUN_EXIT_KINDS - 1]++;
		switch (r->exit_reason) {
		case VSPE_EXIT_MMIO:
			run_mmio(ctx, v, id, r);
			break;
		case VSPE_EXIT_INTR:
			break;
		case VSPE_EXIT_SYSTEM_EVENT:
			if (r->system_event.type == VSPE_SYSTEM_EVENT_RESET)
				cli_error("run", "the guest asked for a system reset: stopping");
			else if (r->system_event.type != VSPE_SYSTEM_EVENT_SHUTDOWN)
				cli_error("run", "system event %u: stopping", r->system_event.type);
			return run_guest_status(ctx);
		case VSPE_EXIT_FAIL_ENTRY:
			cli_error("run", "vCPU %u cannot run on physical CPU %u: %s (reason %" PRIu64 ")",
				  id, r->fail_entry.cpu,
				  run_fail_entry_reason(r->fail_entry.hardware_entry_failure_reason),
				  (uint64_t)r->fail_entry.hardware_entry_failure_reason);
			return CLI_EXIT_FAILURE;
		case VSPE_EXIT_INTERNAL_ERROR:
			r->internal.message[sizeof(r->internal.message) - 1] = '\0';
			if (r->internal.suberror == VSPE_INTERNAL_ERROR_RUNAWAY && max &&
			    vspe_vm_instructions(ctx->vm) >= max)
				return run_stop_max(ctx, v, id);
			cli_error("run", "vCPU %u: internal error %u: %s", id, r->internal.suberror,
				  r->internal.message[0] ? r->internal.message : "(no message)");
			run_dump_regs(v, id);
			return CLI_EXIT_FAILURE;
		case VSPE_EXIT_RLIMIT:
			return run_mm_rlimit(r, id);
		case VSPE_EXIT_HALTED:
			cli_error("run", "the guest hangs: every vCPU waits for an interrupt (WFI) and none can come");
			run_dump_regs(v, id);
			run_dump_others(ctx, id);
			return CLI_EXIT_FAILURE;
		case VSPE_EXIT_HYPERCALL:
			if (run_hypercall(ctx, id, r))
				return CLI_EXIT_FAILURE;
			break;
		default:
			cli_error("run", "vCPU %u: unexpected exit reason %u", id, r->exit_reason);
			run_dump_regs(v, id);
			return CLI_EXIT_FAILURE;
		}
		if (max && vspe_vm_instructions(ctx->vm) >= max)
			return run_stop_max(ctx, v, id);
		if (ctx->mig) {
			const struct mig_machine mm = run_mig_view(ctx);
			int m = mig_poll(ctx->mig, &mm);

			if (m)	/* 1: the VM now runs elsewhere */
				return m > 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
		}
		if (run_stop_signal) {
			cli_error("run", "stopped by signal %d after %" PRIu64 " instructions",
				  (int)run_stop_signal, vspe_vm_instructions(ctx->vm));
			run_dump_regs(v, id);
			run_dump_others(ctx, id);
			return CLI_EXIT_SIGNAL_BASE + (int)run_stop_signal;
		}
	}
}

/* --cpu with an SPE erratum (docs/errata.md): what it did to the samples. */
static void run_print_errata_stats(const struct run_ctx *ctx)
{
	struct vspe_vm_spe_stats st;

	if (ctx->cfg->spe && (ctx->cfg->errata & VSPE_ERRATUM_N1_1694299) &&
	    !vspe_vm_spe_stats(ctx->vm, &st))
		fprintf(stderr, "vspe: spe errata: %" PRIu64 " selections moved to a branch target, "
			"%" PRIu64 " dropped (N1 #1694299)\n", st.errata_moved, st.errata_dropped);
}

/*
 * What the SPE units wrote for each vCPU with SPE (SPE_CTRL STATS), one
 * line each and a total: a guest's own count of records (its perf.data)
 * can be checked against it.
 */
static void run_print_spe_stats(const struct run_ctx *ctx)
{
	struct vspe_vcpu_spe_stats st, sum = { 0 };
	struct vspe_device_attr a = { .group = VSPE_ARM_VCPU_SPE_CTRL,
		.attr = VSPE_ARM_VCPU_SPE_STATS, .addr = (uint64_t)(uintptr_t)&st };
	unsigned int i, n = 0;

	for (i = 0; i < ctx->cfg->cpus; i++) {
		if (!vmm_vcpu_has_spe(ctx->cfg, i) || vspe_vcpu_get_device_attr(ctx->vcpu[i], &a))
			continue;
		fprintf(stderr, "vspe: spe vCPU %u: records %" PRIu64 ", lost %" PRIu64 ", bytes %" PRIu64
			"\n", i, st.records, st.lost, st.bytes);
		sum.records += st.records;
		sum.lost += st.lost;
		sum.bytes += st.bytes;
		n++;
	}
	if (n)
		fprintf(stderr, "vspe: spe total: records %" PRIu64 ", lost %" PRIu64 ", bytes %" PRIu64
			" (%u vCPU%s)\n", sum.records, sum.lost, sum.bytes, n, n == 1 ? "" : "s");
	run_print_errata_stats(ctx);
}

static void run_print_stats(const struct run_ctx *ctx)
{
	static const char *const names[RUN_EXIT_KINDS] = {
		"unknown", "mmio", "system-event", "fail-entry", "internal-error",
		"intr", "halted", "hypercall", "other",
	};
	unsigned int i;

	cli_console_break();
	fprintf(stderr, "vspe: exits:");
	for (i = 0; i < RUN_EXIT_KINDS; i++)
		if (ctx->exits[i])
			fprintf(stderr, " %s %" PRIu64, names[i], ctx->exits[i]);
	fprintf(stderr, "\n");
	run_print_spe_stats(ctx);
}

static int run_trace_open(struct run_ctx *ctx)
{
	const struct vmm_trace_config tc = {
		.path = ctx->cfg->output, .elf = ctx->cfg->elf, .nr_cpus = ctx->cfg->cpus,
	};

	/* With --host-profile, -o is the host's profile (run_host_start). */
	if (!ctx->cfg->output || ctx->cfg->host_profile)
		return 0;
	if (vmm_trace_open(&tc, &ctx->trace)) {
		cli_error("run", "%s", vmm_err_detail());
		return -1;
	}
	return 0;
}

/* Finishes the perf.data file; -1 (with a message) when it could not be written. */
static int run_trace_close(struct run_ctx *ctx)
{
	struct vmm_trace_stats st;
	int err;

	vmm_trace_stats(ctx->trace, &st);
	err = vmm_trace_close(ctx->trace);
	ctx->trace = NULL;
	if (err) {
		cli_error("run", "%s", vmm_err_detail());
		return -1;
	}
	if (!ctx->cfg->quiet) {
		cli_console_break();
		fprintf(stderr, "vspe: trace %s: %" PRIu64 " bytes in %" PRIu64 " pieces from %u guest CPU%s"
			"%s", ctx->cfg->output, st.bytes, st.pieces, st.cpus, st.cpus == 1 ? "" : "s",
			st.truncated || st.collisions ? "" : "\n");
		if (st.truncated || st.collisions)
			fprintf(stderr, " (%" PRIu64 " truncated: %" PRIu64 " bytes of partial records "
				"dropped; %" PRIu64 " with collisions)\n", st.truncated, st.trimmed,
				st.collisions);
		if (st.no_symbols)
			fprintf(stderr, "vspe: trace %s: %s could not be mapped for symbols\n",
				ctx->cfg->output, ctx->cfg->elf);
	}
	return 0;
}

/* --host-profile: the host's session, its perf.data at -o (docs/host-profiling.md). */
static int run_host_start(struct run_ctx *ctx)
{
	const struct vmm_run_config *cfg = ctx->cfg;
	const struct vmm_hostprof_config hc = {
		.path = cfg->output, .elf = cfg->elf, .nr_cpus = cfg->host_cpus,
		.interval = cfg->host_interval,
	};
	struct vspe_host_prof_config pc = {
		.target = cfg->host_target, .id = cfg->host_id, .interval = cfg->host_interval,
	};

	if (!cfg->host_profile)
		return 0;
	if (cfg->output && vmm_hostprof_open(&hc, &ctx->hostprof)) {
		cli_error("run", "%s", vmm_err_detail());
		return -1;
	}
	if (ctx->hostprof) {
		pc.drain = vmm_hostprof_drain;
		pc.arg = ctx->hostprof;
	}
	if (vspe_vm_host_prof_start(ctx->vm, &pc))
		return run_api_error("--host-profile");
	ctx->host_running = true;
	return 0;
}

/* Stops the session (the buffers' rest is drained) and finishes the file. */
static int run_host_stop(struct run_ctx *ctx)
{
	struct vmm_hostprof_stats hs = { 0 };
	struct vspe_vm_spe_stats st;
	int rc = 0;

	if (ctx->host_running && vspe_vm_host_prof_stop(ctx->vm))
		rc = run_api_error("--host-profile: stop");
	ctx->host_running = false;
	if (ctx->hostprof) {
		vmm_hostprof_stats(ctx->hostprof, &hs);
		if (vmm_hostprof_close(ctx->hostprof)) {
			cli_error("run", "%s", vmm_err_detail());
			rc = -1;
		}
		ctx->hostprof = NULL;
	}
	if (!ctx->cfg->quiet && !vspe_vm_spe_stats(ctx->vm, &st)) {
		cli_console_break();
		fprintf(stderr, "vspe: host profile%s%s: %" PRIu64 " bytes in %" PRIu64 " pieces; "
			"slices host %" PRIu64 ", guest %" PRIu64 " (%" PRIu64 " contested)%s\n",
			ctx->cfg->output ? " " : "", ctx->cfg->output ? ctx->cfg->output : "",
			st.host_bytes, st.host_pieces, st.host_slices, st.guest_slices,
			st.contested, hs.no_symbols ? "; no symbols (ELF not mapped)" : "");
	}
	return rc;
}

static void run_machine_teardown(struct run_ctx *ctx)
{
	if (ctx->vm)
		vspe_destroy_vm(ctx->vm);
	if (ctx->sys)
		vspe_close(ctx->sys);
}

static int run_machine(struct run_ctx *ctx)
{
	int rc = CLI_EXIT_FAILURE;
	bool ran = false;

	if (mig_restoring(ctx->mig)) {
		/* A snapshot or an incoming VM instead of a boot: trace first, it is replayed. */
		const struct mig_machine mm = (run_machine_init(ctx) || run_trace_open(ctx)) ?
			(struct mig_machine){ .vm = NULL } : run_mig_view(ctx);

		if (mm.vm && !mig_restore(ctx->mig, &mm)) {
			ran = true;
			rc = run_loop(ctx);
		}
	} else if (!run_load_guest(ctx) && !run_machine_init(ctx) && !run_load_dtb(ctx) &&
		   !run_boot_regs(ctx) && !run_trace_open(ctx) && !run_host_start(ctx)) {
		ran = true;
		rc = run_loop(ctx);
	} else if (ctx->no_spe) {
		rc = CLI_EXIT_SKIP;	/* nothing ran: SPE tests skip (guest/run-vspe.sh) */
	}
	if (ctx->vm && (ctx->host_running || ctx->hostprof) && run_host_stop(ctx) &&
	    rc == CLI_EXIT_OK)
		rc = CLI_EXIT_FAILURE;
	if (ctx->trace && run_trace_close(ctx) && rc == CLI_EXIT_OK)
		rc = CLI_EXIT_FAILURE;
	if (ran && ctx->cfg->stats)
		run_print_stats(ctx);
	if (ran)
		run_mm_print_stats(ctx->vm, ctx->cfg->stats);
	if (ran && !ctx->cfg->quiet) {
		cli_console_break();
		fprintf(stderr, "vspe: %" PRIu64 " guest instructions, exit status %d\n",
			vspe_vm_instructions(ctx->vm), rc);
	}
	run_machine_teardown(ctx);
	return rc;
}

#else

static int run_machine(struct run_ctx *ctx)
{
	/* Loading still checks the files, so bad ones give their own error. */
	for (unsigned int i = 0; i < ctx->cfg->cpus; i++)
		ctx->mpidr[i] = i;
	if (run_load_guest(ctx) || run_load_dtb(ctx))
		return CLI_EXIT_FAILURE;
	cli_error("run", "this build has no hypervisor (library vspe_api): cannot run %s",
		  ctx->cfg->kernel ? ctx->cfg->kernel : ctx->cfg->elf);
	return CLI_EXIT_SKIP;
}

#endif

void vmm_run_config_default(struct vmm_run_config *cfg)
{
	*cfg = (struct vmm_run_config){
		.cpus = 1,
		.mem = VMM_RAM_DEFAULT,
		.host_cpus = 4,
		.bootargs = "",
		.spe_version = 2,	/* SPEv1p1, what KVM's series offered */
		.host_interval = 1024,
	};
}

/* --dump-dtb: the tree as the guest would get it (with --kernel, its initrd range too). */
int vmm_dump_dtb(const struct vmm_run_config *cfg)
{
	static uint8_t dtb[RUN_DTB_BUF];
	struct run_ctx *ctx = calloc(1, sizeof(*ctx));
	int n = -1, rc = CLI_EXIT_FAILURE;
	FILE *f;

	if (!ctx) {
		cli_error("run", "out of memory");
		return CLI_EXIT_FAILURE;
	}
	ctx->cfg = cfg;
	for (unsigned int i = 0; i < cfg->cpus && i < VMM_MAX_CPUS; i++)
		ctx->mpidr[i] = i;
	if (!cfg->kernel || (!run_ram_init(ctx) && !run_load_guest(ctx)))
		n = run_build_dtb(ctx, dtb, sizeof(dtb));
	if (n >= 0) {
		f = fopen(cfg->dump_dtb, "wb");
		if (f && fwrite(dtb, 1, (size_t)n, f) == (size_t)n) {
			rc = fclose(f) ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
		} else if (f) {
			fclose(f);
		}
		if (rc)
			cli_error("run", "cannot write %s: %s", cfg->dump_dtb, strerror(errno));
	}
	if (ctx->ram)
		munmap(ctx->ram, cfg->mem);
	free(ctx);
	return rc;
}

int vmm_run(const struct vmm_run_config *run_cfg)
{
	struct run_ctx *ctx;
	int rc = CLI_EXIT_FAILURE;
	const struct vmm_run_config *cfg = run_cfg;
#ifdef VSPE_HAVE_MIGRATE
	/* A snapshot or an incoming VM brings its machine options. */
	static struct vmm_run_config machine;
#endif

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx) {
		cli_error("run", "out of memory");
		return CLI_EXIT_FAILURE;
	}
#ifdef VSPE_HAVE_MIGRATE
	if (mig_create(run_cfg, &machine, &ctx->mig)) {
		mig_destroy(ctx->mig);
		free(ctx);
		return CLI_EXIT_FAILURE;
	}
	cfg = &machine;
#endif
	ctx->cfg = cfg;
	console_init(&ctx->con);
	ctx->con.mark = cfg->mark && *cfg->mark ? cfg->mark : NULL;
	/* From here on a signal stops the guest cleanly rather than killing vspe. */
	run_stop_signal = 0;
	run_signals_install();
	if (!run_ram_init(ctx) && !run_devices_init(ctx))
		rc = run_machine(ctx);
	cli_console_break();
	if (ctx->uart)
		pl011_destroy(ctx->uart);
	if (ctx->ram)
		munmap(ctx->ram, cfg->mem);
#ifdef VSPE_HAVE_MIGRATE
	mig_destroy(ctx->mig);
#endif
	free(ctx);
	run_signals_restore();
	return rc;
}
