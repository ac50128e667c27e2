// SPDX-License-Identifier: GPL-2.0-only
/* The VMM library's error strings and the per-thread detail message. */
#include <stdarg.h>
#include <stdio.h>

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

int vmm_err_set(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err_detail, sizeof(err_detail), fmt, ap);
	va_end(ap);
	return err;
}
