// SPDX-License-Identifier: GPL-2.0-only
/* The VM as snapshot sections through the public API (vmstate.h). */
#include <stdlib.h>
#include <string.h>

#include "dev/pl011.h"
#include "layout.h"
#include "trace.h"
#include "vmm_err.h"
#include "vmstate.h"
#include "vspe/vspe.h"

#define PAGE		4096u
#define MAX_REGS	4096u
#define CONF_WORDS	19u	/* version 1 had 18: no scheduler policy */
#define CONF_VERSION	2u	/* 2: --sched */

static const char *const pin_names[] = { "buffer", "all", "none", "auto" };
#define NR_PINS	4u

static uint64_t pin_code(const char *pin)
{
	for (uint64_t i = 0; i < NR_PINS; i++)
		if (pin && !strcmp(pin, pin_names[i]))
			return i;
	return 0xff;	/* not given */
}

static void put_str(struct snap_buf *b, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	snap_put64(b, s ? n : UINT64_MAX);
	snap_put(b, s, n);
}

static const char *get_str(struct snap_reader *r, char **owned)
{
	uint64_t n = snap_get64(r);
	const uint8_t *p;
	char *s;

	if (n == UINT64_MAX)
		return NULL;
	p = snap_get(r, (size_t)n);
	if (!p || memchr(p, 0, (size_t)n))
		return r->bad = 1, NULL;
	s = malloc((size_t)n + 1);
	if (!s)
		return r->bad = 1, NULL;
	memcpy(s, p, (size_t)n);
	s[n] = '\0';
	*owned = s;
	return s;
}

void vmstate_put_conf(struct snap_buf *b, const struct vmm_run_config *cfg)
{
	snap_open(b, SNAP_CONF);
	snap_put64(b, CONF_VERSION);
	snap_put64(b, cfg->cpus);
	snap_put64(b, cfg->mem);
	snap_put64(b, cfg->host_cpus);
	snap_put64(b, cfg->seed);
	snap_put64(b, cfg->quantum);
	snap_put64(b, cfg->spe);
	snap_put64(b, cfg->spe_version);
	snap_put64(b, cfg->spe_cpus);
	snap_put64(b, cfg->vcpu_cpus);
	snap_put64(b, cfg->mm_storm);
	snap_put64(b, pin_code(cfg->spe_pin) | (uint64_t)(cfg->output != NULL) << 8);
	snap_put64(b, cfg->spe_vcpus);
	snap_put64(b, cfg->spe_pin_limit);
	snap_put64(b, cfg->midr);
	snap_put64(b, cfg->errata);
	snap_put64(b, cfg->spe_policy);
	snap_put64(b, cfg->spe_switch);
	snap_put64(b, cfg->sched);
	put_str(b, cfg->elf);
	put_str(b, cfg->bootargs);
	put_str(b, cfg->kernel);
	put_str(b, cfg->initrd);
	snap_close(b);
}

int vmstate_get_conf(const struct snap_section *s, struct vmm_run_config *cfg, bool *had_trace)
{
	struct snap_reader r = { .p = s->data, .len = (size_t)s->len };
	uint64_t w[CONF_WORDS];
	char *elf = NULL, *args = NULL, *kernel = NULL, *initrd = NULL;
	unsigned int words = CONF_WORDS;

	w[0] = snap_get64(&r);
	if (!r.bad && w[0] == 1) {
		/* Version 1 came before --sched: its VMs ran round-robin. */
		words = CONF_WORDS - 1;
		w[CONF_WORDS - 1] = VSPE_SCHED_RR;
	} else if (!r.bad && w[0] != CONF_VERSION) {
		return vmm_err_set(VMM_EINVAL, "snapshot CONF version %llu (this vspe reads 1 and %u)",
				   (unsigned long long)w[0], CONF_VERSION);
	}
	for (unsigned int i = 1; i < words; i++)
		w[i] = snap_get64(&r);
	get_str(&r, &elf);
	get_str(&r, &args);
	get_str(&r, &kernel);
	get_str(&r, &initrd);
	if (!args && !r.bad)
		args = calloc(1, 1);	/* owned like the others: vmstate_free_conf() */
	if (!args)
		r.bad = 1;
	if (r.bad || r.off != r.len || !w[1] || w[1] > VMM_MAX_CPUS || !w[2] || w[2] % PAGE ||
	    !w[3] || w[3] > VSPE_MAX_HOST_CPUS || w[6] > 1 || w[7] < 1 || w[7] > 3 ||
	    w[10] > 1000000 || ((w[11] & 0xff) >= NR_PINS && (w[11] & 0xff) != 0xff) ||
	    (w[11] >> 8) > 1 || w[15] > UINT32_MAX || w[16] > UINT32_MAX || w[17] > UINT32_MAX ||
	    w[18] > VSPE_SCHED_RR || (!elf && !kernel)) {
		free(elf);
		free(args);
		free(kernel);
		free(initrd);
		return vmm_err_set(VMM_EINVAL, "snapshot CONF section: bad machine options");
	}
	cfg->cpus = (unsigned int)w[1];
	cfg->mem = w[2];
	cfg->host_cpus = (unsigned int)w[3];
	cfg->seed = w[4];
	cfg->quantum = w[5];
	cfg->spe = w[6];
	cfg->spe_version = (unsigned int)w[7];
	cfg->spe_cpus = w[8];
	cfg->vcpu_cpus = w[9];
	cfg->mm_storm = (unsigned int)w[10];
	cfg->spe_pin = (w[11] & 0xff) == 0xff ? NULL : pin_names[w[11] & 0xff];
	cfg->spe_vcpus = w[12];
	cfg->spe_pin_limit = w[13];
	cfg->midr = w[14];
	cfg->errata = (uint32_t)w[15];
	cfg->spe_policy = (unsigned int)w[16];
	cfg->spe_switch = (unsigned int)w[17];
	cfg->sched = (unsigned int)w[18];
	/* The strings live as long as the process: the run reads them to the end. */
	cfg->elf = elf;
	cfg->bootargs = args;
	cfg->kernel = kernel;
	cfg->initrd = initrd;
	*had_trace = w[11] >> 8;
	return 0;
}

void vmstate_free_conf(struct vmm_run_config *cfg)
{
	free((char *)cfg->elf);
	free((char *)cfg->bootargs);
	free((char *)cfg->kernel);
	free((char *)cfg->initrd);
	cfg->elf = cfg->bootargs = cfg->kernel = cfg->initrd = NULL;
}

static bool page_zero(const uint8_t *p)
{
	static const uint8_t zero[PAGE];

	return !memcmp(p, zero, PAGE);
}

static void put_page(struct snap_buf *b, const struct mig_machine *m, uint64_t i)
{
	snap_put64(b, i);
	snap_put(b, m->ram + i * PAGE, PAGE);
}

uint64_t vmstate_put_ram(struct snap_buf *b, const struct mig_machine *m)
{
	uint64_t pages = m->cfg->mem / PAGE, n = 0;

	for (uint64_t i = 0; i < pages; i++)
		n += !page_zero(m->ram + i * PAGE);
	snap_open(b, SNAP_MEMR);
	snap_put64(b, m->ram_base);
	snap_put64(b, pages);
	snap_put64(b, n);
	for (uint64_t i = 0; i < pages; i++)
		if (!page_zero(m->ram + i * PAGE))
			put_page(b, m, i);
	snap_close(b);
	return n;
}

void vmstate_put_pages(struct snap_buf *b, const struct mig_machine *m, const uint64_t *bitmap)
{
	uint64_t pages = m->cfg->mem / PAGE, n = 0;

	for (uint64_t i = 0; i < pages; i++)
		n += bitmap[i / 64] >> (i % 64) & 1;
	snap_open(b, SNAP_MEMR);
	snap_put64(b, m->ram_base);
	snap_put64(b, pages);
	snap_put64(b, n);
	for (uint64_t i = 0; i < pages; i++)
		if (bitmap[i / 64] >> (i % 64) & 1)
			put_page(b, m, i);
	snap_close(b);
}

int vmstate_get_ram(const struct snap_section *s, const struct mig_machine *m)
{
	struct snap_reader r = { .p = s->data, .len = (size_t)s->len };
	uint64_t base = snap_get64(&r), pages = snap_get64(&r), n = snap_get64(&r);

	if (r.bad || base != m->ram_base || pages != m->cfg->mem / PAGE ||
	    n > pages || r.len - r.off != n * (8 + PAGE))
		return vmm_err_set(VMM_EINVAL, "snapshot MEMR section: does not describe this "
				   "machine's RAM");
	/* Check every index before writing any page: a bad section changes nothing. */
	for (uint64_t k = 0; k < n; k++) {
		uint64_t i;

		memcpy(&i, r.p + r.off + k * (8 + PAGE), 8);
		if (i >= pages)
			return vmm_err_set(VMM_EINVAL, "snapshot MEMR section: page %llu outside "
					   "RAM", (unsigned long long)i);
	}
	for (uint64_t k = 0; k < n; k++) {
		uint64_t i = snap_get64(&r);

		memcpy(m->ram + i * PAGE, snap_get(&r, PAGE), PAGE);
	}
	return 0;
}

static size_t reg_bytes(uint64_t id)
{
	return (size_t)1 << ((id >> 52) & 0xf);
}

static int put_vcpu(struct snap_buf *b, const struct mig_machine *m, unsigned int idx)
{
	struct vspe_reg_list *l = malloc(sizeof(*l) + MAX_REGS * sizeof(uint64_t));
	uint8_t val[16];

	if (!l)
		return vmm_err_set(VMM_ENOMEM, "snapshot: out of memory");
	l->n = MAX_REGS;
	if (vspe_get_reg_list(m->vcpu[idx], l)) {
		free(l);
		return vmm_err_set(VMM_EINVAL, "vCPU %u: register list: %s", idx,
				   vspe_last_error());
	}
	snap_open(b, SNAP_VCPU);
	snap_put64(b, idx);
	snap_put64(b, l->n);
	for (uint64_t i = 0; i < l->n; i++) {
		struct vspe_one_reg r = { .id = l->reg[i], .addr = (uint64_t)(uintptr_t)val };

		if (reg_bytes(l->reg[i]) > sizeof(val) || vspe_get_one_reg(m->vcpu[idx], &r)) {
			int err = vmm_err_set(VMM_EINVAL, "vCPU %u: register 0x%llx: %s", idx,
					      (unsigned long long)l->reg[i], vspe_last_error());

			free(l);
			return err;
		}
		snap_put64(b, l->reg[i]);
		snap_put(b, val, reg_bytes(l->reg[i]));
	}
	snap_close(b);
	free(l);
	return 0;
}

static void put_machine(struct snap_buf *b, const struct mig_machine *m)
{
	size_t len = 0;
	uint8_t *blob;

	vspe_vm_save_state(m->vm, NULL, 0, &len);
	blob = malloc(len ? len : 1);
	if (!blob || vspe_vm_save_state(m->vm, blob, len, &len)) {
		b->err = vmm_err_set(VMM_EINVAL, "VM state: %s", blob ? vspe_last_error() :
				     "out of memory");
		free(blob);
		return;
	}
	snap_open(b, SNAP_MACH);
	snap_put(b, blob, len);
	snap_close(b);
	free(blob);
}

static void put_pins(struct snap_buf *b, const struct mig_machine *m)
{
	struct vspe_vm_mm_stats st = { 0 };
	bool mm = vspe_vm_mm_stats(m->vm, &st) == 0;

	snap_open(b, SNAP_PINS);
	snap_put64(b, mm);
	snap_put64(b, pin_code(m->cfg->spe_pin));
	snap_put64(b, st.pinned_pages);
	snap_close(b);
}

static void put_devices(struct snap_buf *b, const struct mig_machine *m)
{
	uint8_t uart[PL011_STATE_SIZE];

	if (pl011_state_save(m->uart, uart, sizeof(uart))) {
		b->err = vmm_err_set(VMM_EINVAL, "PL011 state could not be saved");
		return;
	}
	snap_open(b, SNAP_DEVS);
	snap_put64(b, sizeof(uart));
	snap_put(b, uart, sizeof(uart));
	snap_put64(b, m->con->len);
	snap_put(b, m->con->line, sizeof(m->con->line));
	snap_put64(b, m->con->overlong);
	snap_put64(b, m->con->status);
	snap_put64(b, m->con->exit_status);
	snap_put64(b, m->con->bytes);
	snap_close(b);
}

int vmstate_put_state(struct snap_buf *b, const struct mig_machine *m)
{
	for (unsigned int i = 0; i < m->cfg->cpus; i++)
		if (put_vcpu(b, m, i))
			return b->err = VMM_EINVAL;
	put_machine(b, m);
	put_pins(b, m);
	put_devices(b, m);
	snap_open(b, SNAP_TRCE);
	if (m->trace) {
		const void *j;
		size_t n;

		vmm_trace_journal(m->trace, &j, &n);
		snap_put(b, j, n);
	}
	snap_close(b);
	return b->err;
}

int vmstate_snapshot(struct snap_buf *b, const struct mig_machine *m)
{
	snap_begin(b);
	vmstate_put_conf(b, m->cfg);
	vmstate_put_ram(b, m);
	vmstate_put_state(b, m);
	return snap_end(b);
}

/* ---- restore ---- */

static int check_vcpu(const struct snap_section *s, const struct mig_machine *m, bool *seen)
{
	struct snap_reader r = { .p = s->data, .len = (size_t)s->len };
	uint64_t idx = snap_get64(&r), n = snap_get64(&r);

	if (r.bad || idx >= m->cfg->cpus || seen[idx] || n > MAX_REGS)
		return vmm_err_set(VMM_EINVAL, "snapshot VCPU section: bad vCPU or count");
	for (uint64_t i = 0; i < n; i++) {
		uint64_t id = snap_get64(&r);

		if (reg_bytes(id) > 16 || !snap_get(&r, reg_bytes(id)))
			return vmm_err_set(VMM_EINVAL, "snapshot VCPU section %llu: truncated",
					   (unsigned long long)idx);
	}
	if (r.off != r.len)
		return vmm_err_set(VMM_EINVAL, "snapshot VCPU section: trailing bytes");
	seen[idx] = true;
	return 0;
}

static int set_vcpu(const struct snap_section *s, const struct mig_machine *m)
{
	struct snap_reader r = { .p = s->data, .len = (size_t)s->len };
	uint64_t idx = snap_get64(&r), n = snap_get64(&r);

	for (uint64_t i = 0; i < n; i++) {
		uint64_t id = snap_get64(&r);
		uint8_t val[16] = { 0 };
		struct vspe_one_reg reg = { .id = id, .addr = (uint64_t)(uintptr_t)val };

		memcpy(val, snap_get(&r, reg_bytes(id)), reg_bytes(id));
		if (vspe_set_one_reg(m->vcpu[idx], &reg))
			return vmm_err_set(VMM_EINVAL, "vCPU %llu: register 0x%llx refused: %s",
					   (unsigned long long)idx, (unsigned long long)id,
					   vspe_last_error());
	}
	return 0;
}

static int set_devices(const struct snap_section *s, const struct mig_machine *m)
{
	struct snap_reader r = { .p = s->data, .len = (size_t)s->len };
	uint64_t n = snap_get64(&r);
	const uint8_t *uart = snap_get(&r, PL011_STATE_SIZE);
	uint64_t len = snap_get64(&r);
	const uint8_t *line = snap_get(&r, sizeof(m->con->line));
	uint64_t overlong = snap_get64(&r), status = snap_get64(&r), code = snap_get64(&r);
	uint64_t bytes = snap_get64(&r);

	if (r.bad || r.off != r.len || n != PL011_STATE_SIZE || len > sizeof(m->con->line) ||
	    overlong > 1 || status > CONSOLE_BAD_STATUS || code > 255)
		return vmm_err_set(VMM_EINVAL, "snapshot DEVS section: bad device state");
	if (pl011_state_load(m->uart, uart, PL011_STATE_SIZE))
		return vmm_err_set(VMM_EINVAL, "snapshot DEVS section: PL011 state refused");
	memcpy(m->con->line, line, sizeof(m->con->line));
	m->con->len = (size_t)len;
	m->con->overlong = overlong;
	m->con->status = (enum console_status)status;
	m->con->exit_status = (unsigned int)code;
	m->con->bytes = bytes;
	return 0;
}

int vmstate_restore(const struct snap_section *secs, size_t n, const struct mig_machine *m)
{
	bool seen[VMM_MAX_CPUS] = { false };
	const struct snap_section *mach = NULL, *devs = NULL, *trce = NULL, *pins = NULL;
	unsigned int vcpus = 0;
	int err;

	/* Everything is checked first: a bad section must not half-restore a VM. */
	for (size_t i = 0; i < n; i++) {
		switch (secs[i].tag) {
		case SNAP_VCPU:
			if ((err = check_vcpu(&secs[i], m, seen)))
				return err;
			vcpus++;
			break;
		case SNAP_MACH: mach = &secs[i]; break;
		case SNAP_DEVS: devs = &secs[i]; break;
		case SNAP_TRCE: trce = &secs[i]; break;
		case SNAP_PINS: pins = &secs[i]; break;
		default: break;
		}
	}
	if (vcpus != m->cfg->cpus || !mach || !devs || !trce || !pins)
		return vmm_err_set(VMM_EINVAL, "snapshot is incomplete: %u of %u vCPUs%s%s%s%s",
				   vcpus, m->cfg->cpus, mach ? "" : ", no MACH", devs ? "" : ", no DEVS",
				   trce ? "" : ", no TRCE", pins ? "" : ", no PINS");
	if (pins->len != 24)
		return vmm_err_set(VMM_EINVAL, "snapshot PINS section: bad size");
	if (trce->len && !m->trace)
		return vmm_err_set(VMM_EINVAL, "the source wrote an SPE trace: give -o FILE to "
				   "continue it");
	for (size_t i = 0; i < n; i++)
		if (secs[i].tag == SNAP_VCPU && (err = set_vcpu(&secs[i], m)))
			return err;
	if (vspe_vm_load_state(m->vm, mach->data, (size_t)mach->len))
		return vmm_err_set(VMM_EINVAL, "snapshot MACH section: %s", vspe_last_error());
	if ((err = set_devices(devs, m)))
		return err;
	if (m->trace && trce->len && vmm_trace_replay(m->trace, trce->data, (size_t)trce->len))
		return vmm_err_set(VMM_EINVAL, "snapshot TRCE section: %s", vmm_err_detail());
	return 0;
}
