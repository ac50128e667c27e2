// SPDX-License-Identifier: GPL-2.0-only
/*
 * Snapshots and live migration in `vspe run` (migrate.h). The migration
 * protocol, every message a snapshot image (snapfile.h):
 *
 *   source                              destination
 *   CONF                  ------------>  creates the same machine, prepares
 *                         <------------  REDY   (phase setup)
 *   MEMR (all of RAM)     ------------>  (dirty log on at the source)
 *                         <------------  RCVD   (phase precopy)
 *   MEMR (dirty pages)    ------------>  ... rounds while the guest runs
 *                         <------------  RCVD
 *   MEMR + VCPU.. MACH PINS DEVS TRCE->  (the guest is stopped: downtime)
 *                         <------------  DONE: restored, pinned (phase final)
 *   GO                    ------------>  the guest runs there; the source
 *                                        stops (phase handover)
 *
 * The source's guest is untouched by all this (the dirty log only reads
 * memory), so a failure at any point just ends the attempt and the guest
 * keeps running at the source; the destination runs only after GO.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "channel.h"
#include "migrate.h"
#include "layout.h"
#include "vmm_err.h"
#include "vspe/vspe.h"

#define SNAP_REDY	SNAP_TAG('R', 'E', 'D', 'Y')
#define SNAP_RCVD	SNAP_TAG('R', 'C', 'V', 'D')
#define SNAP_DONE	SNAP_TAG('D', 'O', 'N', 'E')
#define SNAP_GO		SNAP_TAG('G', 'O', 'G', 'O')
#define PAGE		4096u
#define DEFAULT_ROUNDS	30u
#define DEFAULT_PAGES	64u

/* Source phases; a destination's --incoming-cut ack drops before DONE (phase final). */
enum phase { PH_SETUP, PH_PRECOPY, PH_FINAL, PH_ACK, PH_NR };
static const char *const phase_names[PH_NR] = { "setup", "precopy", "final", "ack" };

struct mig {
	const struct vmm_run_config *cfg;	/* the run's own options */
	/* --restore / --incoming */
	uint8_t *image;
	size_t image_len;
	struct snap_section secs[SNAP_MAX_SECTIONS];
	size_t nsecs;
	int fd, lfd;
	int cut;			/* --incoming-cut phase, or -1 */
	/* source side */
	bool snapshot_done, migrate_done;
	int out;			/* connection to the destination, or -1 */
	enum phase phase;
	unsigned int rounds;
	uint64_t *bitmap;
	uint64_t sent_pages, sent_bytes;
	double t_start;
};

static double now_us(void)
{
	struct timespec ts;

	/* Wall time only for the progress report: never in the guest's results. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int read_file(const char *path, uint8_t **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n;
	uint8_t *p;

	if (!f)
		return vmm_err_set(VMM_ENOENT, "%s: cannot open", path);
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return vmm_err_set(VMM_ENOENT, "%s: cannot read", path);
	}
	p = malloc(n ? (size_t)n : 1);
	if (!p || fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		fclose(f);
		return vmm_err_set(VMM_ENOENT, "%s: cannot read", path);
	}
	fclose(f);
	*buf = p;
	*len = (size_t)n;
	return 0;
}

static const struct snap_section *find(const struct mig *g, uint32_t tag)
{
	for (size_t i = 0; i < g->nsecs; i++)
		if (g->secs[i].tag == tag)
			return &g->secs[i];
	return NULL;
}

/* The snapshot's machine options over the run's own (output, stats, limits). */
static int take_conf(struct mig *g, const struct vmm_run_config *cfg,
		     struct vmm_run_config *machine)
{
	const struct snap_section *conf = find(g, SNAP_CONF);
	bool had_trace = false;

	*machine = *cfg;
	if (!conf)
		return vmm_err_set(VMM_EINVAL, "no CONF section: not a VM snapshot");
	if (vmstate_get_conf(conf, machine, &had_trace))
		return VMM_EINVAL;
	if (had_trace && !cfg->output)
		return vmm_err_set(VMM_EINVAL, "the source wrote an SPE trace (-o): give -o FILE "
				   "to continue it (the guest would see the channel vanish)");
	if (!had_trace && cfg->output)
		return vmm_err_set(VMM_EINVAL, "the source wrote no SPE trace: -o cannot start "
				   "one in the middle of a run");
	return 0;
}

static int cut_phase(const char *name)
{
	for (int i = 0; i < PH_NR; i++)
		if (!strcmp(name, phase_names[i]))
			return i;
	return -2;
}

static int recv_image(struct mig *g, uint64_t max)
{
	free(g->image);
	g->image = NULL;
	if (channel_recv(g->fd, max, &g->image, &g->image_len))
		return VMM_ENOENT;
	return snap_parse(g->image, g->image_len, g->secs, SNAP_MAX_SECTIONS, &g->nsecs);
}

static int incoming_start(struct mig *g, const struct vmm_run_config *cfg,
			  struct vmm_run_config *machine)
{
	uint16_t port;

	if (channel_listen(cfg->incoming, &g->lfd, &port))
		return VMM_EBUSY;
	cli_console_break();
	fprintf(stderr, "vspe: migration: listening on port %u\n", port);
	fflush(stderr);
	if (channel_accept(g->lfd, &g->fd) || recv_image(g, 1u << 20))
		return VMM_ENOENT;
	if (g->cut == PH_SETUP)
		return vmm_err_set(VMM_ENOENT, "--incoming-cut setup: connection dropped");
	return take_conf(g, cfg, machine);
}

int mig_create(const struct vmm_run_config *cfg, struct vmm_run_config *machine,
	       struct mig **out)
{
	struct mig *g;
	int err = 0;

	*out = NULL;
	*machine = *cfg;
	if (!cfg->restore && !cfg->incoming && !cfg->snapshot && !cfg->migrate_to)
		return 0;
	g = calloc(1, sizeof(*g));
	if (!g) {
		cli_error("run", "out of memory");
		return -1;
	}
	g->cfg = cfg;
	g->fd = g->lfd = g->out = -1;
	g->cut = cfg->incoming_cut ? cut_phase(cfg->incoming_cut) : -1;
	*out = g;
	if (g->cut == -2) {
		cli_error("run", "--incoming-cut: '%s' is not setup, precopy, final or ack",
			  cfg->incoming_cut);
		return -1;
	}
	if (cfg->restore) {
		err = read_file(cfg->restore, &g->image, &g->image_len);
		if (!err)
			err = snap_parse(g->image, g->image_len, g->secs, SNAP_MAX_SECTIONS,
					 &g->nsecs);
		if (!err)
			err = take_conf(g, cfg, machine);
		if (err) {
			cli_error("run", "--restore %s: %s", cfg->restore, vmm_err_detail());
			return -1;
		}
	} else if (cfg->incoming) {
		if (incoming_start(g, cfg, machine)) {
			cli_error("run", "--incoming %s: %s", cfg->incoming, vmm_err_detail());
			return -1;
		}
	}
	return 0;
}

bool mig_restoring(const struct mig *g)
{
	return g && (g->cfg->restore || g->cfg->incoming);
}

static int send_tag(int fd, uint32_t tag, uint64_t value)
{
	struct snap_buf b;
	int err;

	snap_begin(&b);
	snap_open(&b, tag);
	snap_put64(&b, value);
	snap_close(&b);
	err = snap_end(&b);
	if (!err)
		err = channel_send(fd, b.p, b.len);
	snap_free(&b);
	return err;
}

/* Destination: pre-copy rounds into RAM, then the final image; DONE; wait for GO. */
static int incoming_finish(struct mig *g, const struct mig_machine *m)
{
	uint64_t max = m->cfg->mem + (64ull << 20);
	unsigned int rounds = 0;
	double t0;
	int err;

	/* The first-run set-up (GIC, stage 2, pins) now, not in the downtime. */
	if (vspe_vm_prepare(m->vm))
		return vmm_err_set(VMM_EINVAL, "%s", vspe_last_error());
	if (send_tag(g->fd, SNAP_REDY, 0))
		return VMM_ENOENT;
	for (;;) {
		const struct snap_section *mem;

		if (recv_image(g, max))
			return VMM_ENOENT;
		mem = find(g, SNAP_MEMR);
		if (mem && vmstate_get_ram(mem, m))
			return VMM_EINVAL;
		if (find(g, SNAP_MACH))
			break;
		if (++rounds == 1 && g->cut == PH_PRECOPY)
			return vmm_err_set(VMM_ENOENT, "--incoming-cut precopy: connection dropped");
		if (send_tag(g->fd, SNAP_RCVD, rounds))
			return VMM_ENOENT;
	}
	if (g->cut == PH_FINAL)
		return vmm_err_set(VMM_ENOENT, "--incoming-cut final: connection dropped");
	t0 = now_us();
	err = vmstate_restore(g->secs, g->nsecs, m);
	if (err)
		return err;
	if (g->cut == PH_ACK)
		return vmm_err_set(VMM_ENOENT, "--incoming-cut ack: connection dropped");
	if (send_tag(g->fd, SNAP_DONE, (uint64_t)(now_us() - t0)) || recv_image(g, 4096) ||
	    !find(g, SNAP_GO))
		return vmm_err_set(VMM_ENOENT, "the source did not hand over: %s",
				   vmm_err_detail());
	{
		struct vspe_vm_mm_stats st;

		cli_console_break();
		fprintf(stderr, "vspe: migration: received after %u pre-copy rounds; restored "
			"in %.0f us", rounds, now_us() - t0);
		if (!vspe_vm_mm_stats(m->vm, &st))
			fprintf(stderr, "; re-pinned %" PRIu64 " pages (--spe-pin %s)",
				st.pinned_pages, m->cfg->spe_pin ? m->cfg->spe_pin : "auto");
		fprintf(stderr, "\n");
	}
	return 0;
}

int mig_restore(struct mig *g, const struct mig_machine *m)
{
	const struct snap_section *mem;
	int err;

	if (g->cfg->incoming) {
		err = incoming_finish(g, m);
		if (err)
			cli_error("run", "--incoming: %s; the VM does not start here",
				  vmm_err_detail());
		return err ? -1 : 0;
	}
	mem = find(g, SNAP_MEMR);
	err = mem ? vmstate_get_ram(mem, m) : vmm_err_set(VMM_EINVAL, "no MEMR section");
	if (!err)
		err = vmstate_restore(g->secs, g->nsecs, m);
	if (err) {
		cli_error("run", "--restore %s: %s", g->cfg->restore, vmm_err_detail());
		return -1;
	}
	return 0;
}

static int write_snapshot(struct mig *g, const struct mig_machine *m)
{
	struct snap_buf b;
	FILE *f;
	double t0 = now_us();
	int err = vmstate_snapshot(&b, m);

	if (err) {
		cli_error("run", "--snapshot: %s", vmm_err_detail());
		snap_free(&b);
		return -1;
	}
	f = fopen(g->cfg->snapshot, "wb");
	if (!f || fwrite(b.p, 1, b.len, f) != b.len || fclose(f)) {
		if (f)
			fclose(f);
		cli_error("run", "--snapshot %s: cannot write", g->cfg->snapshot);
		snap_free(&b);
		return -1;
	}
	if (!g->cfg->quiet) {
		cli_console_break();
		fprintf(stderr, "vspe: snapshot %s: %zu bytes at %" PRIu64 " instructions "
			"(%.0f us)\n", g->cfg->snapshot, b.len, vspe_vm_instructions(m->vm),
			now_us() - t0);
	}
	snap_free(&b);
	return 0;
}

static int set_logging(const struct mig_machine *m, bool on)
{
	struct vspe_userspace_memory_region r = {
		.slot = 0, .guest_phys_addr = m->ram_base, .memory_size = m->cfg->mem,
		.userspace_addr = (uint64_t)(uintptr_t)m->ram,
		.flags = on ? VSPE_MEM_LOG_DIRTY_PAGES : 0,
	};

	if (vspe_set_user_memory_region(m->vm, &r))
		return vmm_err_set(VMM_EINVAL, "dirty log: %s", vspe_last_error());
	return 0;
}

static void source_abort(struct mig *g, const struct mig_machine *m)
{
	cli_console_break();
	fprintf(stderr, "vspe: migration failed in phase %s: %s; the guest keeps running here\n",
		phase_names[g->phase], vmm_err_detail());
	set_logging(m, false);
	if (g->out >= 0)
		close(g->out);
	g->out = -1;
	free(g->bitmap);
	g->bitmap = NULL;
	g->migrate_done = true;
}

static int send_buf(struct mig *g, struct snap_buf *b)
{
	int err = snap_end(b);

	if (!err)
		err = channel_send(g->out, b->p, b->len);
	g->sent_bytes += b->len;
	snap_free(b);
	return err;
}

/* The destination's answer to the last message: a one-section image of tag. */
static int expect(struct mig *g, uint32_t tag, uint64_t *value)
{
	const struct snap_section *s;
	struct snap_reader r;

	free(g->image);
	g->image = NULL;
	if (channel_recv(g->out, 4096, &g->image, &g->image_len) ||
	    snap_parse(g->image, g->image_len, g->secs, SNAP_MAX_SECTIONS, &g->nsecs))
		return VMM_ENOENT;
	s = find(g, tag);
	if (!s)
		return vmm_err_set(VMM_EINVAL, "the destination answered out of turn");
	r = (struct snap_reader){ .p = s->data, .len = (size_t)s->len };
	*value = snap_get64(&r);
	return 0;
}

static int send_acked(struct mig *g, struct snap_buf *b)
{
	uint64_t v;

	return send_buf(g, b) ? VMM_ENOENT : expect(g, SNAP_RCVD, &v);
}

static uint64_t count_bits(const uint64_t *bm, uint64_t pages)
{
	uint64_t n = 0;

	for (uint64_t i = 0; i < (pages + 63) / 64; i++)
		n += (uint64_t)__builtin_popcountll(bm[i]);
	return n;
}

/* Setup: connect, CONF, the dirty log on, all of RAM. */
static int source_setup(struct mig *g, const struct mig_machine *m)
{
	uint64_t pages = m->cfg->mem / PAGE;
	struct snap_buf b;

	g->t_start = now_us();
	g->phase = PH_SETUP;
	g->bitmap = calloc((pages + 63) / 64, sizeof(uint64_t));
	if (!g->bitmap)
		return vmm_err_set(VMM_ENOMEM, "out of memory");
	if (channel_connect(g->cfg->migrate_to, &g->out) || set_logging(m, true))
		return VMM_ENOENT;
	snap_begin(&b);
	vmstate_put_conf(&b, m->cfg);
	if (send_buf(g, &b) || expect(g, SNAP_REDY, &(uint64_t){ 0 }))
		return VMM_ENOENT;
	g->phase = PH_PRECOPY;
	snap_begin(&b);
	g->sent_pages += vmstate_put_ram(&b, m);
	return send_acked(g, &b);
}

/* One round after the guest ran: the pages it dirtied. 1 when small enough to stop. */
static int source_round(struct mig *g, const struct mig_machine *m, bool *final)
{
	unsigned int max_rounds = g->cfg->migrate_rounds ? g->cfg->migrate_rounds : DEFAULT_ROUNDS;
	unsigned int small = g->cfg->migrate_pages ? g->cfg->migrate_pages : DEFAULT_PAGES;
	uint64_t pages = m->cfg->mem / PAGE, n;
	struct snap_buf b;

	if (vspe_vm_get_dirty_log(m->vm, 0, g->bitmap))
		return vmm_err_set(VMM_EINVAL, "dirty log: %s", vspe_last_error());
	n = count_bits(g->bitmap, pages);
	g->rounds++;
	*final = n <= small || g->rounds >= max_rounds;
	if (!g->cfg->quiet && (g->rounds <= 3 || *final)) {
		cli_console_break();
		fprintf(stderr, "vspe: migration: round %u: %" PRIu64 " dirty pages%s\n",
			g->rounds, n, *final ? ", stop and copy" : "");
	}
	if (*final)
		return 0;
	snap_begin(&b);
	vmstate_put_pages(&b, m, g->bitmap);
	g->sent_pages += n;
	return send_acked(g, &b);
}

/* Stop and copy: the guest is not run again here; downtime ends at DONE. */
static int source_final(struct mig *g, const struct mig_machine *m, double *down,
			uint64_t *dest_us)
{
	double t0 = now_us();
	struct snap_buf b;

	g->phase = PH_FINAL;
	snap_begin(&b);
	vmstate_put_pages(&b, m, g->bitmap);
	g->sent_pages += count_bits(g->bitmap, m->cfg->mem / PAGE);
	if (vmstate_put_state(&b, m)) {
		snap_free(&b);
		return VMM_EINVAL;
	}
	if (send_buf(g, &b) || expect(g, SNAP_DONE, dest_us))
		return VMM_ENOENT;
	*down = now_us() - t0;
	g->phase = PH_ACK;
	return send_tag(g->out, SNAP_GO, 0);
}

static int source_migrate(struct mig *g, const struct mig_machine *m)
{
	bool final = false;
	double down = 0;
	uint64_t dest_us = 0;

	if (g->out < 0) {
		if (source_setup(g, m)) {
			source_abort(g, m);
			return 0;
		}
		if (!g->cfg->quiet) {
			cli_console_break();
			fprintf(stderr, "vspe: migration to %s at %" PRIu64 " instructions: "
				"%" PRIu64 " non-zero pages of RAM sent, the guest runs on\n",
				g->cfg->migrate_to, vspe_vm_instructions(m->vm), g->sent_pages);
		}
		return 0;	/* the guest runs; the next return from it is round 1 */
	}
	if (source_round(g, m, &final) || (final && source_final(g, m, &down, &dest_us))) {
		source_abort(g, m);
		return 0;
	}
	if (!final)
		return 0;
	cli_console_break();
	fprintf(stderr, "vspe: migrated to %s at %" PRIu64 " instructions: %u rounds, %" PRIu64
		" pages, %.1f MiB in %.1f ms; downtime %.0f us (destination restore %" PRIu64
		" us)\n", g->cfg->migrate_to, vspe_vm_instructions(m->vm), g->rounds,
		g->sent_pages, (double)g->sent_bytes / (1 << 20), (now_us() - g->t_start) / 1e3,
		down, dest_us);
	return 1;
}

int mig_poll(struct mig *g, const struct mig_machine *m)
{
	uint64_t insns;

	if (!g)
		return 0;
	insns = vspe_vm_instructions(m->vm);
	if (g->cfg->snapshot && !g->snapshot_done && insns >= g->cfg->snapshot_at) {
		g->snapshot_done = true;
		if (write_snapshot(g, m))
			return -1;
	}
	if (g->cfg->migrate_to && !g->migrate_done && insns >= g->cfg->migrate_at)
		return source_migrate(g, m);
	return 0;
}

void mig_destroy(struct mig *g)
{
	if (!g)
		return;
	if (g->fd >= 0)
		close(g->fd);
	if (g->lfd >= 0)
		close(g->lfd);
	if (g->out >= 0)
		close(g->out);
	free(g->bitmap);
	free(g->image);
	free(g);
}
