// SPDX-License-Identifier: GPL-2.0-only
/* CPU lists: "N", "N-M", joined by commas; strict, with errors that name the item. */
#include <stdio.h>
#include <string.h>

#include "cpulist.h"
#include "vmm_err.h"

/* One decimal CPU number at *p; advances *p. */
static int cpulist_number(const char **p, unsigned int *out)
{
	unsigned int v = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (unsigned int)(*s - '0');
		if (v > 1000000)
			return -1;
	}
	*p = s;
	*out = v;
	return 0;
}

int cpulist_parse(const char *s, unsigned int nr, uint64_t *mask)
{
	const char *p = s;
	uint64_t m = 0;

	if (!s || !mask || nr == 0 || nr > 64)
		return vmm_err_set(VMM_EINVAL, "cpu list: bad arguments");
	if (!*s)
		return vmm_err_set(VMM_EINVAL, "empty cpu list");
	for (;;) {
		unsigned int lo, hi;
		const char *item = p;

		if (cpulist_number(&p, &lo))
			return vmm_err_set(VMM_EINVAL, "'%s': expected a CPU number at '%s'", s, item);
		hi = lo;
		if (*p == '-') {
			p++;
			if (cpulist_number(&p, &hi))
				return vmm_err_set(VMM_EINVAL, "'%s': expected a CPU number after '-'", s);
			if (hi < lo)
				return vmm_err_set(VMM_EINVAL, "'%s': range %u-%u is reversed", s, lo, hi);
		}
		if (hi >= nr)
			return vmm_err_set(VMM_EINVAL, "'%s': CPU %u does not exist (the host has %u)",
					   s, hi, nr);
		for (unsigned int c = lo; c <= hi; c++)
			m |= 1ull << c;
		if (*p == '\0')
			break;
		if (*p != ',')
			return vmm_err_set(VMM_EINVAL, "'%s': unexpected '%c'", s, *p);
		p++;
	}
	*mask = m;
	return 0;
}

const char *cpulist_format(uint64_t mask, char *buf, size_t size)
{
	size_t n = 0;
	unsigned int c = 0;

	if (!size)
		return buf;
	buf[0] = '\0';
	while (c < 64) {
		unsigned int lo;

		if (!(mask >> c & 1)) {
			c++;
			continue;
		}
		lo = c;
		while (c + 1 < 64 && (mask >> (c + 1) & 1))
			c++;
		if (n < size) {
			int w = lo == c ? snprintf(buf + n, size - n, "%s%u", n ? "," : "", lo)
					: snprintf(buf + n, size - n, "%s%u-%u", n ? "," : "", lo, c);
			n += w > 0 ? (size_t)w : 0;
		}
		c++;
	}
	if (n >= size)
		buf[size - 1] = '\0';
	return buf;
}
