// SPDX-License-Identifier: GPL-2.0-only
/*
 * The interval counter (PMSICR_EL1) and its jitter generator, exactly as the
 * Arm ARM pseudocode SPEToCollectSample()/SPEResetSampleCounter() count one
 * population member:
 *
 *   COUNT == 0: reload COUNT = INTERVAL:(RND && !ERnd ? random8 : 0);
 *               the member is not selected by COUNT.
 *   else:       COUNT -= 1; reaching 0 selects the member, unless RND &&
 *               ERnd, which loads ECOUNT = random8 and selects only if 0.
 *   Then, with RND && ERnd and ECOUNT != 0: ECOUNT -= 1, reaching 0 selects.
 *
 * So without jitter the gap between selected members is R + 1 (one member
 * is spent on the reload). The generator is splitmix64 seeded from the
 * unit's configuration: same seed, same intervals.
 */
#include "spe-internal.h"

#include "arch/sysreg.h"

void spe_sampler_seed(struct spe_sampler *s, uint64_t seed)
{
	s->rng = seed;
}

static uint8_t random8(struct spe_sampler *s)
{
	uint64_t z = (s->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return (uint8_t)(z >> 56);
}

bool spe_sampler_step(struct spe_sampler *s, uint64_t irr, bool ernd)
{
	bool rnd = PMSIRR_EL1_RND_GET(irr);

	if (s->count == 0) {
		s->count = (uint32_t)(PMSIRR_EL1_INTERVAL_GET(irr) << 8);
		if (rnd && !ernd)
			s->count |= random8(s);
	} else {
		s->count--;
		if (s->count == 0) {
			if (!(rnd && ernd))
				return true;
			s->ecount = random8(s);
			return s->ecount == 0;
		}
	}
	if (rnd && ernd && s->ecount != 0) {
		s->ecount--;
		if (s->ecount == 0)
			return true;
	}
	return false;
}

uint64_t spe_sampler_advance(struct spe_sampler *s, uint64_t irr, bool ernd, uint64_t n,
			     bool *selected)
{
	bool rnd = PMSIRR_EL1_RND_GET(irr);
	bool secondary = rnd && ernd;
	bool reload_zero = PMSIRR_EL1_INTERVAL_GET(irr) == 0 && !(rnd && !ernd);
	uint64_t done = 0;

	*selected = false;
	while (done < n) {
		/* Members that only decrement (no reload, no zero reached) in one jump. */
		if (s->count > 1) {
			uint64_t k = s->count - 1;

			if (secondary && s->ecount != 0 && s->ecount - 1u < k)
				k = s->ecount - 1u;
			if (k > n - done)
				k = n - done;
			if (k > 0) {
				s->count -= (uint32_t)k;
				if (secondary && s->ecount != 0)
					s->ecount -= (uint8_t)k;
				done += k;
				continue;
			}
		}
		/* INTERVAL == 0 without jitter reloads 0 forever: nothing can change. */
		if (s->count == 0 && reload_zero && !(secondary && s->ecount != 0))
			return n;
		done++;
		if (spe_sampler_step(s, irr, ernd)) {
			*selected = true;
			return done;
		}
	}
	return done;
}
