/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one error enum of hyp_mem (stage 2, pin tracking, pinning strategies,
 * the SPE unit's memory port). Functions return 0 or a negative code.
 */
#ifndef HYP_MEM_ERR_H
#define HYP_MEM_ERR_H

enum hyp_mem_err {
	HYP_MEM_OK = 0,
	HYP_MEM_EINVAL = -1,	/* bad argument (unaligned, out of range, unknown slot) */
	HYP_MEM_ENOMEM = -2,	/* allocation failed */
	HYP_MEM_ELIMIT = -3,	/* pinning would exceed the VM's pinned-memory limit */
	HYP_MEM_EHOST = -4,	/* the host memory manager refused (no frame, bad gfn) */
	HYP_MEM_EBUSY = -5,	/* slot locked, or strategy change while pinned */
	HYP_MEM_ENOENT = -6,	/* no memslot holds that guest address */
};

const char *hyp_mem_strerror(int err);

#endif
