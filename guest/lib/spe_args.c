// SPDX-License-Identifier: GPL-2.0-only
// Words are separated by spaces; a key matches a whole word's start.
#include "dtb.h"
#include "runtime.h"
#include "spe_args.h"

uint64_t spe_args_uint(const char *key, uint64_t def)
{
	const struct dtb_info *d = runtime_dtb();
	const char *p = d && d->bootargs ? d->bootargs : "";

	while (*p) {
		const char *k = key, *w = p;

		while (*k && *w == *k) {
			k++;
			w++;
		}
		if (!*k && *w == '=' && w[1] >= '0' && w[1] <= '9') {
			uint64_t v = 0;

			for (w++; *w >= '0' && *w <= '9'; w++)
				v = v * 10 + (uint64_t)(*w - '0');
			if (*w == '\0' || *w == ' ')
				return v;
			return def;
		}
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	return def;
}
