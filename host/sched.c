// SPDX-License-Identifier: GPL-2.0-only
/* Deterministic round-robin placement of vCPU threads on physical CPUs. */
#include "host/sched.h"

#include <stdlib.h>

struct sched_task {
	bool present, runnable;
	uint64_t allowed;
};

struct sched {
	unsigned int nr_pcpus;
	uint64_t quantum;
	unsigned int next_task;		/* round-robin cursor */
	unsigned int last_pcpu;
	struct sched_task tasks[SCHED_MAX_TASKS];
};

static const char *const sched_errors[] = {
	"success", "invalid argument", "out of memory", "nothing runnable",
};

const char *sched_strerror(int err)
{
	unsigned int i = err < 0 ? (unsigned int)-err : (unsigned int)err;

	return i < 4 ? sched_errors[i] : "unknown error";
}

/* splitmix64: a seeded, portable mixing of the seed into a start CPU. */
static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

struct sched *sched_create(unsigned int nr_pcpus, uint64_t quantum, uint64_t seed)
{
	struct sched *s;

	if (nr_pcpus == 0 || nr_pcpus > SCHED_MAX_PCPUS)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->nr_pcpus = nr_pcpus;
	s->quantum = quantum ? quantum : SCHED_DEFAULT_QUANTUM;
	/* The first pick lands on CPU (last + 1): seed-chosen. */
	s->last_pcpu = (unsigned int)(mix(seed) % nr_pcpus);
	return s;
}

void sched_destroy(struct sched *s)
{
	free(s);
}

uint64_t sched_quantum(const struct sched *s)
{
	return s->quantum;
}

static uint64_t all_pcpus(const struct sched *s)
{
	return s->nr_pcpus == 64 ? ~0ull : (1ull << s->nr_pcpus) - 1;
}

int sched_add_task(struct sched *s, unsigned int task)
{
	if (!s || task >= SCHED_MAX_TASKS || s->tasks[task].present)
		return SCHED_EINVAL;
	s->tasks[task] = (struct sched_task){ .present = true, .allowed = all_pcpus(s) };
	return SCHED_OK;
}

int sched_set_runnable(struct sched *s, unsigned int task, bool runnable)
{
	if (!s || task >= SCHED_MAX_TASKS || !s->tasks[task].present)
		return SCHED_EINVAL;
	s->tasks[task].runnable = runnable;
	return SCHED_OK;
}

int sched_set_allowed(struct sched *s, unsigned int task, uint64_t mask)
{
	if (!s || task >= SCHED_MAX_TASKS || !s->tasks[task].present ||
	    (mask & all_pcpus(s)) == 0 || (mask & ~all_pcpus(s)))
		return SCHED_EINVAL;
	s->tasks[task].allowed = mask;
	return SCHED_OK;
}

uint64_t sched_allowed(const struct sched *s, unsigned int task)
{
	if (!s || task >= SCHED_MAX_TASKS || !s->tasks[task].present)
		return 0;
	return s->tasks[task].allowed;
}

int sched_next(struct sched *s, unsigned int *task, unsigned int *pcpu)
{
	if (!s || !task || !pcpu)
		return SCHED_EINVAL;
	for (unsigned int i = 0; i < SCHED_MAX_TASKS; i++) {
		unsigned int t = (s->next_task + i) % SCHED_MAX_TASKS;
		const struct sched_task *st = &s->tasks[t];

		if (!st->present || !st->runnable)
			continue;
		for (unsigned int j = 1; j <= s->nr_pcpus; j++) {
			unsigned int p = (s->last_pcpu + j) % s->nr_pcpus;

			if (!(st->allowed >> p & 1))
				continue;
			s->last_pcpu = p;
			s->next_task = (t + 1) % SCHED_MAX_TASKS;
			*task = t;
			*pcpu = p;
			return SCHED_OK;
		}
	}
	return SCHED_EAGAIN;
}

/* The round-robin position, for snapshots: where the next pick starts. */
void sched_cursor_get(const struct sched *s, unsigned int *next_task, unsigned int *last_pcpu)
{
	*next_task = s->next_task;
	*last_pcpu = s->last_pcpu;
}

int sched_cursor_set(struct sched *s, unsigned int next_task, unsigned int last_pcpu)
{
	if (!s || next_task >= SCHED_MAX_TASKS || last_pcpu >= s->nr_pcpus)
		return SCHED_EINVAL;
	s->next_task = next_task;
	s->last_pcpu = last_pcpu;
	return SCHED_OK;
}
