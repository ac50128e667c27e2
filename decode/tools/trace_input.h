/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A trace file opened for the commands: a perf.data file (detected by its
 * "PERFILE2" magic) gives one buffer per AUXTRACE record; any other file is
 * raw SPE trace, one buffer.
 */
#ifndef DECODE_TOOLS_TRACE_INPUT_H
#define DECODE_TOOLS_TRACE_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "decode/perf_data.h"

struct trace_buf {
	const uint8_t *data;
	uint64_t size;
	uint64_t file_offset;
	int32_t cpu;		/* -1 for raw files and per-thread buffers */
};

struct trace_input {
	struct spe_perf_reader *reader;	/* perf.data, or NULL for raw */
	void *map;			/* raw file mapping */
	size_t map_len;
	struct trace_buf *bufs;
	size_t nr_bufs;
	uint64_t total;			/* bytes of trace in all buffers */
};

/* 0, or a negative spe_error; msg gets a sentence on failure. */
int trace_input_open(const char *path, struct trace_input *in, char *msg, size_t msglen);
void trace_input_close(struct trace_input *in);

/*
 * For a command whose options are parsed: opens its one positional
 * argument. 0, or the exit status to return (2: usage, printed with
 * usage(); 1: the file could not be read, said on stderr).
 */
int trace_input_open_arg(const char *name, int argc, char **argv, int optind_,
			 void (*usage)(FILE *f, const char *name), struct trace_input *in);

#endif
