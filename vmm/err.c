// SPDX-License-Identifier: GPL-2.0-only
/* The VMM library's error strings and the per-thread detail message. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vmm_err.h"

static _Thread_local char err_detail[256];

const char *vmm_strerror(int err)
{
	switch (err) {
	case VMM_OK:		return "success";
	case VMM_EINVAL:	return "invalid argument";
	case VMM_ENOENT:	return "no such file";
	case VMM_ENOEXEC:	return "not a loadable AArch64 ELF";
	case VMM_ERANGE:	return "outside the memory map";
	case VMM_ENOMEM:	return "out of memory";
	case VMM_EBUSY:		return "overlaps an existing range";
	case VMM_ENODEV:	return "no device at this address";
	case VMM_EFDT:		return "device tree error";
	}
	return "unknown error";
}

const char *vmm_err_detail(void)
{
	return err_detail;
}

int vmm_err_wrap(int err, const char *what)
{
	size_t cap = sizeof(err_detail) - 1, w = strlen(what), d = strlen(err_detail);

	/* "what: " in front of the detail, cut at the buffer's end. */
	if (w > cap)
		w = cap;
	if (w + 2 + d > cap)
		d = w + 2 < cap ? cap - w - 2 : 0;
	memmove(err_detail + (w + 2 < cap ? w + 2 : cap), err_detail, d);
	memcpy(err_detail, what, w);
	if (w + 2 <= cap) {
		err_detail[w] = ':';
		err_detail[w + 1] = ' ';
	}
	err_detail[(w + 2 < cap ? w + 2 : cap) + d] = '\0';
	return err;
}

int vmm_err_set(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err_detail, sizeof(err_detail), fmt, ap);
	va_end(ap);
	return err;
}
