// SPDX-License-Identifier: GPL-2.0-only
/* Paravirtual calls that reach the VMM: the guest's SPE trace (docs/paravirt.md). */
#include <string.h>

#include "hypercall.h"
#include "vmm_err.h"

/* The host address of guest-physical [ipa, +len), or NULL when any byte is outside RAM. */
static const uint8_t *hc_ram(const struct vmm_hc_env *env, uint64_t ipa, uint64_t len)
{
	if (ipa < env->ram_base || len > env->ram_size ||
	    ipa - env->ram_base > env->ram_size - len)
		return NULL;
	return env->ram + (ipa - env->ram_base);
}

static int hc_refuse(uint64_t *ret, uint64_t val)
{
	*ret = val;
	return 1;
}

static int hc_trace_write(const struct vmm_hc_env *env, const uint64_t a[6], uint64_t *ret)
{
	const uint8_t *p;
	int err;

	if (a[1] > VMM_HC_MAX_PIECE) {
		vmm_err_set(VMM_EINVAL, "TRACE_WRITE of %llu bytes (at most %llu)",
			    (unsigned long long)a[1], (unsigned long long)VMM_HC_MAX_PIECE);
		return hc_refuse(ret, VMM_HC_INVALID);
	}
	p = hc_ram(env, a[0], a[1]);
	if (!p) {
		vmm_err_set(VMM_EINVAL, "TRACE_WRITE [0x%llx, +0x%llx) is not guest RAM",
			    (unsigned long long)a[0], (unsigned long long)a[1]);
		return hc_refuse(ret, VMM_HC_INVALID);
	}
	if (a[3] >= env->nr_cpus) {
		vmm_err_set(VMM_EINVAL, "TRACE_WRITE for guest CPU %llu (the guest has %u)",
			    (unsigned long long)a[3], env->nr_cpus);
		return hc_refuse(ret, VMM_HC_INVALID);
	}
	if (a[2] & ~(uint64_t)VMM_TRACE_F_ALL) {
		vmm_err_set(VMM_EINVAL, "TRACE_WRITE with unknown flags 0x%llx",
			    (unsigned long long)a[2]);
		return hc_refuse(ret, VMM_HC_INVALID);
	}
	err = vmm_trace_write(env->trace, (unsigned int)a[3], p, (size_t)a[1], (uint32_t)a[2]);
	if (err) {
		*ret = VMM_HC_INVALID;
		return err;
	}
	*ret = VMM_HC_OK;
	return 0;
}

static int hc_trace_info(const struct vmm_hc_env *env, const uint64_t a[6], uint64_t *ret)
{
	struct vmm_trace_info info;
	const uint8_t *p;

	if (a[1] != VMM_TRACE_INFO_SIZE || !(p = hc_ram(env, a[0], a[1]))) {
		vmm_err_set(VMM_EINVAL, "TRACE_INFO at 0x%llx of %llu bytes (expected %u bytes of RAM)",
			    (unsigned long long)a[0], (unsigned long long)a[1], VMM_TRACE_INFO_SIZE);
		return hc_refuse(ret, VMM_HC_INVALID);
	}
	/* Little-endian on both sides (the VMM runs on x86_64 or arm64 hosts). */
	memcpy(&info, p, sizeof(info));
	if (vmm_trace_set_info(env->trace, &info))
		return hc_refuse(ret, VMM_HC_INVALID);
	*ret = VMM_HC_OK;
	return 0;
}

int vmm_hypercall(const struct vmm_hc_env *env, uint64_t nr, const uint64_t args[6],
		  uint64_t *ret)
{
	*ret = VMM_HC_NOT_SUPPORTED;
	if (!env || !args)
		return vmm_err_set(VMM_EINVAL, "hypercall: no environment");
	switch (nr) {
	case VMM_HC_TRACE_WRITE:
		return env->trace ? hc_trace_write(env, args, ret) : 0;
	case VMM_HC_TRACE_INFO:
		return env->trace ? hc_trace_info(env, args, ret) : 0;
	default:
		return 0;	/* NOT_SUPPORTED, as SMCCC says for unknown ids */
	}
}
