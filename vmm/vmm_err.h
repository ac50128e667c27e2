/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The VMM library's one error enum. Functions return 0 (or a count) on
 * success and a negative vmm_err on failure; vmm_err_detail() then names
 * the exact problem (file, segment, address) in words. Nothing prints.
 */
#ifndef VMM_ERR_H
#define VMM_ERR_H

enum vmm_err {
	VMM_OK = 0,
	VMM_EINVAL = -1,	/* bad argument or option value */
	VMM_ENOENT = -2,	/* file missing or unreadable */
	VMM_ENOEXEC = -3,	/* not a loadable AArch64 ELF */
	VMM_ERANGE = -4,	/* an address or size outside the memory map */
	VMM_ENOMEM = -5,	/* host allocation failed */
	VMM_EBUSY = -6,		/* overlaps something already there */
	VMM_ENODEV = -7,	/* no device at this address */
	VMM_EFDT = -8,		/* libfdt refused to build the tree */
};

const char *vmm_strerror(int err);
/* What the last failing call on this thread said ("" if none). */
const char *vmm_err_detail(void);
/* Records a detail message and returns err (for "return vmm_err_set(...)"). */
int vmm_err_set(int err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Puts "what: " before the current detail and returns err. */
int vmm_err_wrap(int err, const char *what);

#endif
