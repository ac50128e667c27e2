/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The host scheduler: which vCPU thread runs next, and on which physical
 * CPU. Deterministic: round-robin over runnable tasks in id order; each
 * pick takes the next allowed physical CPU after the previous pick's CPU
 * (so vCPUs move between CPUs, as threads do), starting from a CPU the
 * seed chooses. Pure policy: the hypervisor does the loading and running.
 */
#ifndef HOST_SCHED_H
#define HOST_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#define SCHED_MAX_PCPUS		64
#define SCHED_MAX_TASKS		512
#define SCHED_DEFAULT_QUANTUM	100000u	/* instructions */

enum sched_err {
	SCHED_OK = 0,
	SCHED_EINVAL = -1,
	SCHED_ENOMEM = -2,
	SCHED_EAGAIN = -3,	/* nothing runnable */
};
const char *sched_strerror(int err);

struct sched;

struct sched *sched_create(unsigned int nr_pcpus, uint64_t quantum, uint64_t seed);
void sched_destroy(struct sched *s);
uint64_t sched_quantum(const struct sched *s);

/* Tasks are numbered 0..SCHED_MAX_TASKS-1; new tasks are not runnable. */
int sched_add_task(struct sched *s, unsigned int task);
int sched_set_runnable(struct sched *s, unsigned int task, bool runnable);
/* Physical CPUs the task may run on (bit n = CPU n); 0 is refused. */
int sched_set_allowed(struct sched *s, unsigned int task, uint64_t mask);
uint64_t sched_allowed(const struct sched *s, unsigned int task);

/* The next (task, physical CPU) to run for one quantum. */
int sched_next(struct sched *s, unsigned int *task, unsigned int *pcpu);

/* Snapshots (docs/migration.md): the round-robin cursor; runnable and
 * allowed travel with each task through the calls above. */
void sched_cursor_get(const struct sched *s, unsigned int *next_task, unsigned int *last_pcpu);
int sched_cursor_set(struct sched *s, unsigned int next_task, unsigned int last_pcpu);

#endif
