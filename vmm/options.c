// SPDX-License-Identifier: GPL-2.0-only
/* Option-table parsing: strict numbers, sizes with suffixes, clear errors. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "vmm_err.h"

int opt_parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	/* strtoull would accept "-1", spaces and an empty string: refuse them. */
	if (!s || !(*s >= '0' && *s <= '9'))
		return VMM_EINVAL;
	errno = 0;
	/* Decimal, or hexadecimal with 0x: a leading 0 does not mean octal. */
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (!isxdigit((unsigned char)s[2]))
			return VMM_EINVAL;
		v = strtoull(s + 2, &end, 16);
	} else {
		v = strtoull(s, &end, 10);
	}
	if (errno == ERANGE || *end != '\0')
		return VMM_EINVAL;
	*out = v;
	return 0;
}

int opt_parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	unsigned int shift;

	if (!s || !(*s >= '0' && *s <= '9'))
		return VMM_EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return VMM_ERANGE;
	switch (*end) {
	case '\0':		shift = 20; break;
	case 'k': case 'K':	shift = 10; break;
	case 'm': case 'M':	shift = 20; break;
	case 'g': case 'G':	shift = 30; break;
	case 't': case 'T':	shift = 40; break;
	default:		return VMM_EINVAL;
	}
	if (*end != '\0' && end[1] != '\0')
		return VMM_EINVAL;
	if (v > (UINT64_MAX >> shift))
		return VMM_ERANGE;
	*out = (uint64_t)v << shift;
	return 0;
}

static const struct opt *opt_find(const struct opt *table, const char *name, size_t len)
{
	for (; table->kind != OPT_END; table++)
		if (strlen(table->name) == len && !strncmp(table->name, name, len))
			return table;
	return NULL;
}

static const struct opt *opt_find_short(const struct opt *table, char c)
{
	for (; table->kind != OPT_END; table++)
		if (table->short_name && table->short_name == c)
			return table;
	return NULL;
}

static int opt_store(const struct opt *o, const char *val)
{
	uint64_t v;
	int err;

	switch (o->kind) {
	case OPT_STRING:
		*(const char **)o->value = val;
		return 0;
	case OPT_SIZE:
		err = opt_parse_size(val, &v);
		if (err == VMM_ERANGE)
			return vmm_err_set(VMM_EINVAL, "--%s: size '%s' is too large", o->name, val);
		if (err)
			return vmm_err_set(VMM_EINVAL,
					   "--%s: bad size '%s' (a number with an optional K, M, G or T suffix)",
					   o->name, val);
		break;
	case OPT_UINT:
	case OPT_U64:
		if (opt_parse_u64(val, &v))
			return vmm_err_set(VMM_EINVAL, "--%s: '%s' is not a number", o->name, val);
		break;
	default:
		return vmm_err_set(VMM_EINVAL, "--%s: takes no value", o->name);
	}
	if (v < o->min || v > o->max)
		return vmm_err_set(VMM_EINVAL, "--%s: %s is out of range %llu..%llu", o->name, val,
				   (unsigned long long)o->min, (unsigned long long)o->max);
	if (o->kind == OPT_UINT)
		*(unsigned int *)o->value = (unsigned int)v;
	else
		*(uint64_t *)o->value = v;
	return 0;
}

int opt_parse(const struct opt *table, int argc, char **argv, int *npos)
{
	int i, pos = 0;
	bool options_done = false;

	for (i = 1; i < argc; i++) {
		char *arg = argv[i];
		const char *name, *eq, *val;
		const struct opt *o;
		size_t len;
		int err;

		if (options_done || arg[0] != '-' || arg[1] == '\0') {
			argv[1 + pos++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			options_done = true;
			continue;
		}
		if (!strcmp(arg, "-h") || !strcmp(arg, "--help"))
			return OPT_HELP_REQUESTED;
		if (arg[1] != '-') {
			/* -c VALUE, -cVALUE, or -c for a flag. */
			o = opt_find_short(table, arg[1]);
			if (!o)
				return vmm_err_set(VMM_EINVAL, "unknown option '%s'", arg);
			if (o->kind == OPT_BOOL) {
				if (arg[2])
					return vmm_err_set(VMM_EINVAL, "-%c takes no value", arg[1]);
				*(bool *)o->value = true;
				continue;
			}
			if (arg[2]) {
				val = arg + 2;
			} else {
				if (i + 1 >= argc)
					return vmm_err_set(VMM_EINVAL, "-%c needs a value (%s)", arg[1],
							   o->metavar ? o->metavar : "VALUE");
				val = argv[++i];
			}
			err = opt_store(o, val);
			if (err)
				return err;
			continue;
		}
		name = arg + 2;
		eq = strchr(name, '=');
		len = eq ? (size_t)(eq - name) : strlen(name);
		o = opt_find(table, name, len);
		if (!o)
			return vmm_err_set(VMM_EINVAL, "unknown option '--%.*s'", (int)len, name);
		if (o->kind == OPT_BOOL) {
			if (eq)
				return vmm_err_set(VMM_EINVAL, "--%s takes no value", o->name);
			*(bool *)o->value = true;
			continue;
		}
		if (eq) {
			val = eq + 1;
		} else {
			if (i + 1 >= argc)
				return vmm_err_set(VMM_EINVAL, "--%s needs a value (%s)", o->name,
						   o->metavar ? o->metavar : "VALUE");
			val = argv[++i];
		}
		err = opt_store(o, val);
		if (err)
			return err;
	}
	*npos = pos;
	return 0;
}
