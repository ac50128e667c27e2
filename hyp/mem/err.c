// SPDX-License-Identifier: GPL-2.0-only
/* Strings for enum hyp_mem_err. */
#include "hyp/mem-err.h"

const char *hyp_mem_strerror(int err)
{
	switch (err) {
	case HYP_MEM_OK: return "success";
	case HYP_MEM_EINVAL: return "invalid argument";
	case HYP_MEM_ENOMEM: return "out of memory";
	case HYP_MEM_ELIMIT: return "pinned-memory limit of the VM exceeded";
	case HYP_MEM_EHOST: return "host memory manager could not provide the page";
	case HYP_MEM_EBUSY: return "memory is locked or pinned";
	case HYP_MEM_ENOENT: return "no memslot at that guest address";
	}
	return "unknown hyp_mem error";
}
