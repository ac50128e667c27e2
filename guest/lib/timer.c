// SPDX-License-Identifier: GPL-2.0-only
#include "timer.h"

uint64_t timer_deadline_ms(uint64_t ms)
{
	uint64_t f = timer_freq();

	if (!f)
		f = 1000;
	return timer_count() + ms * (f / 1000);
}

void timer_delay_ms(uint64_t ms)
{
	uint64_t end = timer_deadline_ms(ms);

	while (!timer_expired(end))
		;
}
