/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Snapshots and live migration in `vspe run` (docs/migration.md):
 *   --snapshot FILE --snapshot-at N   write the VM to FILE once N guest
 *                                     instructions have run, and go on
 *   --restore FILE                    resume a snapshot instead of booting
 *   --incoming tcp:HOST:PORT          receive a VM (port 0: any, printed)
 *   --migrate-to tcp:HOST:PORT --migrate-at N
 *                                     send the VM there once N instructions
 *                                     have run: pre-copy with the dirty log,
 *                                     stop-and-copy, hand-over; a failure
 *                                     leaves it running here
 * This is CLI code: it prints (progress, downtime, errors).
 */
#ifndef VMM_MIGRATE_MIGRATE_H
#define VMM_MIGRATE_MIGRATE_H

#include <stdbool.h>

#include "vmstate.h"

struct mig;

/*
 * Before the machine exists: for --restore, reads and checks the whole
 * file; for --incoming, waits for the source and its CONF. machine gets
 * cfg's run options with the snapshot's machine options. -1 (printed) on
 * error; *out NULL when there is nothing to do.
 */
int mig_create(const struct vmm_run_config *cfg, struct vmm_run_config *machine,
	       struct mig **out);
/* Instead of loading a guest: memory, vCPUs, VM state, devices, trace. */
bool mig_restoring(const struct mig *g);
int mig_restore(struct mig *g, const struct mig_machine *m);
/* After every return from the hypervisor: 0 go on, 1 the VM left (stop), -1 fatal. */
int mig_poll(struct mig *g, const struct mig_machine *m);
void mig_destroy(struct mig *g);

#endif
