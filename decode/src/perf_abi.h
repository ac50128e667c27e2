/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Numbers of the perf.data format and perf_event ABI that the writer and
 * reader use (Linux include/uapi/linux/perf_event.h and tools/perf/util
 * header.h/event.h, restated in shared/docs/perf-data-arm-spe.md).
 */
#ifndef DECODE_PERF_ABI_H
#define DECODE_PERF_ABI_H

#define PERF_MAGIC2		0x32454c4946524550ull	/* "PERFILE2" little-endian */
#define PERF_MAGIC2_SWAPPED	0x50455246494c4532ull
#define PERF_HEADER_SIZE	104
#define PERF_HEADER_SIZE_OLD	72	/* without the feature bitmap */
#define PERF_PIPE_HEADER_SIZE	16
#define PERF_ATTR_SIZE_VER7	128
#define PERF_ATTR_SIZE_VER0	64
#define PERF_ATTR_ENTRY_EXTRA	16	/* ids {offset, size} after each attr */

/* perf_event_attr.type */
#define PERF_TYPE_SOFTWARE	1
#define PERF_COUNT_SW_DUMMY	9

/* sample_type bits */
#define PERF_SAMPLE_IP		(1ull << 0)
#define PERF_SAMPLE_TID		(1ull << 1)
#define PERF_SAMPLE_TIME	(1ull << 2)
#define PERF_SAMPLE_ID		(1ull << 6)
#define PERF_SAMPLE_CPU		(1ull << 7)
#define PERF_SAMPLE_STREAM_ID	(1ull << 9)
#define PERF_SAMPLE_DATA_SRC	(1ull << 15)
#define PERF_SAMPLE_IDENTIFIER	(1ull << 16)
#define PERF_SAMPLE_PHYS_ADDR	(1ull << 19)

/* attr flag bits (the u64 at offset 40) */
#define PERF_ATTR_DISABLED	(1ull << 0)
#define PERF_ATTR_EXCL_KERNEL	(1ull << 5)
#define PERF_ATTR_EXCL_HV	(1ull << 6)
#define PERF_ATTR_MMAP		(1ull << 8)
#define PERF_ATTR_COMM		(1ull << 9)
#define PERF_ATTR_ENABLE_ON_EXEC (1ull << 12)
#define PERF_ATTR_TASK		(1ull << 13)
#define PERF_ATTR_SAMPLE_ID_ALL	(1ull << 18)
#define PERF_ATTR_MMAP2		(1ull << 23)
#define PERF_ATTR_COMM_EXEC	(1ull << 24)

/* record types */
#define PERF_RECORD_MMAP		1
#define PERF_RECORD_COMM		3
#define PERF_RECORD_SAMPLE		9
#define PERF_RECORD_MMAP2		10
#define PERF_RECORD_AUX			11
#define PERF_RECORD_ITRACE_START	12
#define PERF_RECORD_SWITCH_CPU_WIDE	15
#define PERF_RECORD_HEADER_ATTR		64
#define PERF_RECORD_FINISHED_ROUND	68
#define PERF_RECORD_AUXTRACE_INFO	70
#define PERF_RECORD_AUXTRACE		71
#define PERF_RECORD_TIME_CONV		79

#define PERF_RECORD_MISC_KERNEL		1
#define PERF_RECORD_MISC_USER		2
#define PERF_RECORD_MISC_COMM_EXEC	0x2000

#define PERF_AUXTRACE_ARM_SPE		4

/* feature bits */
#define HEADER_HOSTNAME		3
#define HEADER_OSRELEASE	4
#define HEADER_VERSION		5
#define HEADER_ARCH		6
#define HEADER_NRCPUS		7
#define HEADER_CPUDESC		8
#define HEADER_CPUID		9
#define HEADER_EVENT_DESC	12
#define HEADER_PMU_MAPPINGS	16
#define HEADER_FEAT_BITS	256

#define PERF_AUXTRACE_RECORD_SIZE	48

#endif
