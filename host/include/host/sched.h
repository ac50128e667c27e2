/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host scheduler: which vCPU thread runs next, and on which physical
 * CPU (docs/machine.md, "Scheduling"). Deterministic. Tasks take turns in
 * id order (round-robin over the runnable ones) under both policies; the
 * policy decides the physical CPU:
 *   SCHED_AFFINE (default): a task stays on its home, the CPU it last ran
 *     on, while that CPU is allowed and no other runnable task calls it
 *     home; otherwise it goes to the allowed CPU with the fewest claims
 *     (see sched_next), so it moves only when it must.
 *   SCHED_RR: each pick takes the next allowed CPU after the previous
 *     pick's, so vCPUs move between CPUs every slice (tests of SPE state
 *     travelling between physical units ask for it).
 * The first CPU searched is chosen by the seed. Pure policy: the
 * hypervisor does the loading and running.
 */
#ifndef HOST_SCHED_H
#define HOST_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#define SCHED_MAX_PCPUS		64
#define SCHED_MAX_TASKS		512
#define SCHED_DEFAULT_QUANTUM	100000u	/* instructions */
#define SCHED_NO_PCPU		(-1)	/* a task that has not run yet */

enum sched_err {
	SCHED_OK = 0,
	SCHED_EINVAL = -1,
	SCHED_ENOMEM = -2,
	SCHED_EAGAIN = -3,	/* nothing runnable */
};
const char *sched_strerror(int err);

enum sched_policy {
	SCHED_AFFINE = 0,
	SCHED_RR = 1,
};
const char *sched_policy_name(enum sched_policy policy);

struct sched;

/* A new scheduler uses SCHED_AFFINE. */
struct sched *sched_create(unsigned int nr_pcpus, uint64_t quantum, uint64_t seed);
void sched_destroy(struct sched *s);
uint64_t sched_quantum(const struct sched *s);
int sched_set_policy(struct sched *s, enum sched_policy policy);
enum sched_policy sched_policy(const struct sched *s);

/* Tasks are numbered 0..SCHED_MAX_TASKS-1; new tasks are not runnable. */
int sched_add_task(struct sched *s, unsigned int task);
int sched_set_runnable(struct sched *s, unsigned int task, bool runnable);
/* Physical CPUs the task may run on (bit n = CPU n); 0 is refused. */
int sched_set_allowed(struct sched *s, unsigned int task, uint64_t mask);
uint64_t sched_allowed(const struct sched *s, unsigned int task);

/* The next (task, physical CPU) to run for one quantum. */
int sched_next(struct sched *s, unsigned int *task, unsigned int *pcpu);

/*
 * A task's home: the physical CPU it last ran on (SCHED_NO_PCPU before
 * its first run). sched_next sets it; a caller that runs a task on a CPU
 * of its own choosing (hyp_vcpu_run) reports it with sched_set_home, and
 * snapshots restore it. sched_home returns SCHED_NO_PCPU for no task.
 */
int sched_home(const struct sched *s, unsigned int task);
int sched_set_home(struct sched *s, unsigned int task, int pcpu);

/* Snapshots (docs/migration.md): the round-robin cursor; runnable, allowed
 * and home travel with each task through the calls above. */
void sched_cursor_get(const struct sched *s, unsigned int *next_task, unsigned int *last_pcpu);
int sched_cursor_set(struct sched *s, unsigned int next_task, unsigned int last_pcpu);

#endif
