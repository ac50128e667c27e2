// SPDX-License-Identifier: GPL-2.0-only
/* Opening trace files for the commands (see trace_input.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace_input.h"

static int open_raw(const char *path, struct trace_input *in, char *msg, size_t msglen)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(msg, msglen, "%s: %s", path, fd < 0 ? strerror(errno) : "not a regular file");
		if (fd >= 0)
			close(fd);
		return -SPE_ERR_IO;
	}
	if (st.st_size > 0) {
		/* Pre-fault files that fit in memory comfortably: one batch, not a fault a page. */
		in->map = mmap(NULL, (size_t)st.st_size, PROT_READ,
			       MAP_PRIVATE | (st.st_size <= (1ll << 30) ? MAP_POPULATE : 0), fd, 0);
		if (in->map == MAP_FAILED) {
			in->map = NULL;
			snprintf(msg, msglen, "%s: %s", path, strerror(errno));
			close(fd);
			return -SPE_ERR_IO;
		}
		in->map_len = (size_t)st.st_size;
		madvise(in->map, in->map_len, MADV_SEQUENTIAL);
	}
	close(fd);
	in->bufs = calloc(1, sizeof(*in->bufs));
	if (!in->bufs)
		return -SPE_ERR_NOMEM;
	in->nr_bufs = 1;
	in->bufs[0].data = in->map;
	in->bufs[0].size = in->map_len;
	in->bufs[0].cpu = -1;
	in->total = in->map_len;
	return 0;
}

int trace_input_open(const char *path, struct trace_input *in, char *msg, size_t msglen)
{
	unsigned char magic[8];
	uint64_t bad = 0;
	size_t n = 0;
	FILE *f;
	int err;

	memset(in, 0, sizeof(*in));
	f = fopen(path, "rb");
	if (!f) {
		snprintf(msg, msglen, "%s: %s", path, strerror(errno));
		return -SPE_ERR_IO;
	}
	n = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	if (!spe_perf_is_perf_data(magic, n))
		return open_raw(path, in, msg, msglen);

	err = spe_perf_reader_open(path, &in->reader, &bad);
	if (err) {
		if (err == -SPE_ERR_IO || err == -SPE_ERR_NO_SPE || err == -SPE_ERR_NOMEM)
			snprintf(msg, msglen, "%s: %s", path, spe_strerror(err));
		else
			snprintf(msg, msglen, "%s: %s (at file offset %#llx)", path,
				 spe_strerror(err), (unsigned long long)bad);
		return err;
	}
	in->nr_bufs = spe_perf_reader_nr_aux(in->reader);
	in->bufs = calloc(in->nr_bufs ? in->nr_bufs : 1, sizeof(*in->bufs));
	if (!in->bufs) {
		trace_input_close(in);
		return -SPE_ERR_NOMEM;
	}
	for (size_t i = 0; i < in->nr_bufs; i++) {
		const struct spe_perf_aux *a = spe_perf_reader_aux(in->reader, i);

		in->bufs[i].data = a->data;
		in->bufs[i].size = a->size;
		in->bufs[i].file_offset = a->file_offset;
		in->bufs[i].cpu = a->cpu;
		in->total += a->size;
	}
	return 0;
}

void trace_input_close(struct trace_input *in)
{
	spe_perf_reader_close(in->reader);
	if (in->map)
		munmap(in->map, in->map_len);
	free(in->bufs);
	memset(in, 0, sizeof(*in));
}

int trace_input_open_arg(const char *name, int argc, char **argv, int optind_,
			 void (*usage)(FILE *f, const char *name), struct trace_input *in)
{
	char msg[512];

	if (optind_ != argc - 1) {
		usage(stderr, name);
		return 2;
	}
	if (trace_input_open(argv[optind_], in, msg, sizeof(msg))) {
		fprintf(stderr, "vspe %s: %s\n", name, msg);
		return 1;
	}
	return 0;
}
