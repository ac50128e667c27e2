// SPDX-License-Identifier: GPL-2.0-only
/*
 * Deterministic placement of vCPU threads on physical CPUs: tasks take
 * turns round-robin; the CPU is the task's home when it may keep it
 * (SCHED_AFFINE) or the next one along (SCHED_RR).
 */
#include "host/sched.h"

#include <stdlib.h>

struct sched_task {
	bool present, runnable;
	int home;			/* last CPU it ran on, or SCHED_NO_PCPU */
	uint64_t allowed;
};

struct sched {
	unsigned int nr_pcpus;
	uint64_t quantum;
	enum sched_policy policy;
	unsigned int next_task;		/* round-robin cursor */
	unsigned int last_pcpu;
	unsigned int nr_slots;		/* one past the highest task added: the loops' end */
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

static const char *const sched_policies[] = {
	[SCHED_AFFINE] = "affine", [SCHED_RR] = "rr",
};

const char *sched_policy_name(enum sched_policy policy)
{
	return (unsigned int)policy <= SCHED_RR ? sched_policies[policy] : "unknown";
}

int sched_set_policy(struct sched *s, enum sched_policy policy)
{
	if (!s || (unsigned int)policy > SCHED_RR)
		return SCHED_EINVAL;
	s->policy = policy;
	return SCHED_OK;
}

enum sched_policy sched_policy(const struct sched *s)
{
	return s->policy;
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
	s->tasks[task] = (struct sched_task){ .present = true, .home = SCHED_NO_PCPU,
					      .allowed = all_pcpus(s) };
	if (task >= s->nr_slots)
		s->nr_slots = task + 1;
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

/* SCHED_RR: the first allowed CPU after the previous pick's. */
static unsigned int place_rr(const struct sched *s, const struct sched_task *st)
{
	unsigned int p = 0;

	for (unsigned int j = 1; j <= s->nr_pcpus; j++) {
		p = (s->last_pcpu + j) % s->nr_pcpus;
		if (st->allowed >> p & 1)
			break;
	}
	return p;
}

/*
 * SCHED_AFFINE. A CPU's claim on task t: 2 for every other runnable task
 * whose home it is, plus 1 if it is the home of other tasks that are not
 * runnable (a vCPU in WFI comes back to it). t keeps its home while it is
 * allowed and no other runnable task calls it home. Otherwise t goes to
 * the allowed CPU with the smallest claim, the first one found from the
 * CPU after the previous pick's (the seed chooses where the first search
 * starts, so vCPUs spread out); it stays at an allowed home that no CPU
 * beats. So with at least as many allowed CPUs as runnable vCPUs each
 * vCPU keeps one CPU, and with fewer they share without moving.
 */
static unsigned int place_affine(const struct sched *s, unsigned int t)
{
	const struct sched_task *st = &s->tasks[t];
	unsigned int claim[SCHED_MAX_PCPUS] = { 0 }, best = 0, best_claim = ~0u;
	bool slept[SCHED_MAX_PCPUS] = { false };

	for (unsigned int u = 0; u < s->nr_slots; u++) {
		const struct sched_task *o = &s->tasks[u];

		if (u == t || !o->present || o->home == SCHED_NO_PCPU)
			continue;
		if (o->runnable)
			claim[o->home] += 2;
		else
			slept[o->home] = true;
	}
	for (unsigned int p = 0; p < s->nr_pcpus; p++)
		claim[p] += slept[p];
	if (st->home != SCHED_NO_PCPU && (st->allowed >> st->home & 1)) {
		if (claim[st->home] < 2)
			return (unsigned int)st->home;
		best = (unsigned int)st->home;
		best_claim = claim[best];
	}
	for (unsigned int j = 1; j <= s->nr_pcpus; j++) {
		unsigned int p = (s->last_pcpu + j) % s->nr_pcpus;

		if ((st->allowed >> p & 1) && claim[p] < best_claim) {
			best = p;
			best_claim = claim[p];
		}
	}
	return best;
}

int sched_next(struct sched *s, unsigned int *task, unsigned int *pcpu)
{
	if (!s || !task || !pcpu)
		return SCHED_EINVAL;
	/*
	 * From the cursor up, then from 0: the order of a walk over all
	 * SCHED_MAX_TASKS slots, without the empty ones past the last task.
	 */
	unsigned int n = s->nr_slots, start = s->next_task < n ? s->next_task : 0;

	for (unsigned int i = 0; i < n; i++) {
		unsigned int t = (start + i) % n, p;
		struct sched_task *st = &s->tasks[t];

		if (!st->present || !st->runnable)
			continue;
		/* allowed is never empty (sched_set_allowed): a CPU is always found. */
		p = s->policy == SCHED_RR ? place_rr(s, st) : place_affine(s, t);
		s->last_pcpu = p;
		s->next_task = (t + 1) % SCHED_MAX_TASKS;
		st->home = (int)p;
		*task = t;
		*pcpu = p;
		return SCHED_OK;
	}
	return SCHED_EAGAIN;
}

int sched_home(const struct sched *s, unsigned int task)
{
	if (!s || task >= SCHED_MAX_TASKS || !s->tasks[task].present)
		return SCHED_NO_PCPU;
	return s->tasks[task].home;
}

int sched_set_home(struct sched *s, unsigned int task, int pcpu)
{
	if (!s || task >= SCHED_MAX_TASKS || !s->tasks[task].present ||
	    pcpu < SCHED_NO_PCPU || pcpu >= (int)s->nr_pcpus)
		return SCHED_EINVAL;
	s->tasks[task].home = pcpu;
	return SCHED_OK;
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
