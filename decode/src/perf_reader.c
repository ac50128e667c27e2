// SPDX-License-Identifier: GPL-2.0-only
/*
 * perf.data reader: finds the Arm SPE AUXTRACE buffers and the mmaps in a
 * file written by vspe or by `perf record` on real hardware. Every offset
 * and size read from the file is checked against the file's length before
 * use; the payloads are not copied (the file is mapped read-only).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bytebuf.h"
#include "decode/perf_data.h"
#include "perf_abi.h"

/* Record types whose contents we cannot read (compressed data, ...). */
#define PERF_RECORD_COMPRESSED	81
#define PERF_RECORD_MISC_MMAP_BUILD_ID	0x4000
#define RD_MAX_ATTR_ENTRY	4096

struct spe_perf_reader {
	const uint8_t *buf;
	size_t len;
	void *map;
	size_t map_len;
	struct spe_perf_info info;
	struct spe_perf_aux *aux;
	size_t nr_aux, cap_aux;
	struct spe_perf_mmap *mmaps;
	size_t nr_mmaps, cap_mmaps;
	uint64_t bad_offset;
};

/* off + size within len, without overflow. */
static int in_file(const struct spe_perf_reader *r, uint64_t off, uint64_t size)
{
	return off <= r->len && size <= r->len - off;
}

static int fail(struct spe_perf_reader *r, uint64_t off, int err)
{
	r->bad_offset = off;
	return err;
}

static int grow(void **arr, size_t *cap, size_t nr, size_t elem)
{
	void *p;
	size_t ncap;

	if (nr < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 16;
	p = realloc(*arr, ncap * elem);
	if (!p)
		return -SPE_ERR_NOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

/* A NUL-terminated name inside [p, end), copied bounded into dst. */
static void copy_name(char *dst, size_t cap, const uint8_t *p, const uint8_t *end)
{
	size_t n = 0;

	while (p + n < end && p[n] && n + 1 < cap) {
		dst[n] = (char)p[n];
		n++;
	}
	dst[n] = '\0';
}

static int rd_mmap(struct spe_perf_reader *r, const uint8_t *p, uint32_t type,
		   uint16_t size, uint64_t off)
{
	struct spe_perf_mmap *m;
	size_t name_at = type == PERF_RECORD_MMAP2 ? 72 : 40;
	int err;

	if (size < name_at)
		return fail(r, off, -SPE_ERR_BAD_FILE);
	err = grow((void **)&r->mmaps, &r->cap_mmaps, r->nr_mmaps, sizeof(*m));
	if (err)
		return err;
	m = &r->mmaps[r->nr_mmaps++];
	memset(m, 0, sizeof(*m));
	m->pid = ld_u32(p + 8);
	m->tid = ld_u32(p + 12);
	m->start = ld_u64(p + 16);
	m->len = ld_u64(p + 24);
	m->pgoff = ld_u64(p + 32);
	if (type == PERF_RECORD_MMAP2)
		m->prot = ld_u32(p + 64);
	copy_name(m->filename, sizeof(m->filename), p + name_at, p + size);
	return 0;
}

static int rd_auxtrace(struct spe_perf_reader *r, const uint8_t *p, uint16_t size,
		       uint64_t off, uint64_t *advance)
{
	struct spe_perf_aux *a;
	uint64_t payload;
	int err;

	if (size < PERF_AUXTRACE_RECORD_SIZE)
		return fail(r, off, -SPE_ERR_BAD_FILE);
	payload = ld_u64(p + 8);
	if (!in_file(r, off + size, payload))
		return fail(r, off, -SPE_ERR_TRUNCATED);
	err = grow((void **)&r->aux, &r->cap_aux, r->nr_aux, sizeof(*a));
	if (err)
		return err;
	a = &r->aux[r->nr_aux++];
	a->size = payload;
	a->offset = ld_u64(p + 16);
	a->idx = ld_u32(p + 32);
	a->tid = (int32_t)ld_u32(p + 36);
	a->cpu = (int32_t)ld_u32(p + 40);
	a->file_offset = off + size;
	a->data = r->buf + a->file_offset;
	*advance = size + payload;
	return 0;
}

/* Walk the record stream in [start, end). */
static int rd_records(struct spe_perf_reader *r, uint64_t start, uint64_t end)
{
	bool have_info = false;
	uint64_t pos = start;
	int err;

	while (pos < end) {
		const uint8_t *p = r->buf + pos;
		uint64_t advance;
		uint32_t type;
		uint16_t size;

		if (end - pos < 8)
			return fail(r, pos, -SPE_ERR_TRUNCATED);
		type = ld_u32(p);
		size = ld_u16(p + 6);
		if (size < 8)
			return fail(r, pos, -SPE_ERR_BAD_FILE);
		if (size > end - pos)
			return fail(r, pos, -SPE_ERR_TRUNCATED);
		advance = size;
		switch (type) {
		case PERF_RECORD_AUXTRACE_INFO:
			if (size < 24)
				return fail(r, pos, -SPE_ERR_BAD_FILE);
			r->info.auxtrace_type = ld_u32(p + 8);
			/* v1 layout: priv[0] is the PMU type (doc 4.1). */
			r->info.pmu_type = size >= 24 ? ld_u64(p + 16) : 0;
			have_info = true;
			break;
		case PERF_RECORD_AUXTRACE:
			err = rd_auxtrace(r, p, size, pos, &advance);
			if (err)
				return err;
			if (advance > end - pos)
				return fail(r, pos, -SPE_ERR_TRUNCATED);
			break;
		case PERF_RECORD_MMAP:
		case PERF_RECORD_MMAP2:
			err = rd_mmap(r, p, type, size, pos);
			if (err)
				return err;
			break;
		case PERF_RECORD_HEADER_ATTR:
			r->info.nr_attrs++;
			break;
		case PERF_RECORD_COMPRESSED:
			return fail(r, pos, -SPE_ERR_UNSUPPORTED);
		default:
			break;
		}
		r->info.nr_records++;
		pos += advance;
	}
	if (!have_info || r->info.auxtrace_type != PERF_AUXTRACE_ARM_SPE)
		return -SPE_ERR_NO_SPE;
	return 0;
}

static void feat_string(const struct spe_perf_reader *r, uint64_t off, uint64_t size,
			char *dst, size_t cap)
{
	uint32_t len;

	dst[0] = '\0';
	if (size < 4 || !in_file(r, off, size))
		return;
	len = ld_u32(r->buf + off);
	if (len > size - 4)
		len = (uint32_t)(size - 4);
	copy_name(dst, cap, r->buf + off + 4, r->buf + off + 4 + len);
}

/* The feature index follows the data section: {offset, size} per set bit. */
static int rd_features(struct spe_perf_reader *r, uint64_t index_off)
{
	const uint8_t *bm = r->buf + 72;
	uint64_t at = index_off;

	for (int bit = 0; bit < HEADER_FEAT_BITS; bit++) {
		uint64_t off, size;

		if (!(bm[bit / 8] & (1u << (bit % 8))))
			continue;
		if (!in_file(r, at, 16))
			return fail(r, at, -SPE_ERR_BAD_FILE);
		off = ld_u64(r->buf + at);
		size = ld_u64(r->buf + at + 8);
		if (!in_file(r, off, size))
			return fail(r, at, -SPE_ERR_BAD_FILE);
		switch (bit) {
		case HEADER_ARCH:
			feat_string(r, off, size, r->info.arch, sizeof(r->info.arch));
			break;
		case HEADER_CPUID:
			feat_string(r, off, size, r->info.cpuid, sizeof(r->info.cpuid));
			break;
		case HEADER_NRCPUS:
			if (size >= 8) {
				r->info.nr_cpus_avail = ld_u32(r->buf + off);
				r->info.nr_cpus_online = ld_u32(r->buf + off + 4);
			}
			break;
		default:
			break;
		}
		at += 16;
	}
	return 0;
}

static int rd_parse(struct spe_perf_reader *r)
{
	uint64_t magic, hsize, attr_size, attrs_off, attrs_size, data_off, data_size;
	int err;

	if (r->len < PERF_PIPE_HEADER_SIZE)
		return fail(r, 0, -SPE_ERR_BAD_FILE);
	magic = ld_u64(r->buf);
	if (magic == PERF_MAGIC2_SWAPPED)
		return fail(r, 0, -SPE_ERR_UNSUPPORTED);	/* big-endian writer */
	if (magic != PERF_MAGIC2)
		return fail(r, 0, -SPE_ERR_BAD_FILE);
	hsize = ld_u64(r->buf + 8);
	if (hsize == PERF_PIPE_HEADER_SIZE) {
		r->info.pipe_mode = true;
		return rd_records(r, PERF_PIPE_HEADER_SIZE, r->len);
	}
	if (hsize < PERF_HEADER_SIZE_OLD || !in_file(r, 0, hsize))
		return fail(r, 8, -SPE_ERR_BAD_FILE);
	attr_size = ld_u64(r->buf + 16);
	attrs_off = ld_u64(r->buf + 24);
	attrs_size = ld_u64(r->buf + 32);
	data_off = ld_u64(r->buf + 40);
	data_size = ld_u64(r->buf + 48);
	if (attr_size < PERF_ATTR_SIZE_VER0 + PERF_ATTR_ENTRY_EXTRA ||
	    attr_size > RD_MAX_ATTR_ENTRY || !in_file(r, attrs_off, attrs_size) ||
	    attrs_size % attr_size)
		return fail(r, 16, -SPE_ERR_BAD_FILE);
	r->info.nr_attrs = (uint32_t)(attrs_size / attr_size);
	for (uint32_t i = 0; i < r->info.nr_attrs; i++) {
		const uint8_t *a = r->buf + attrs_off + i * attr_size;
		uint64_t ids_off = ld_u64(a + attr_size - 16);
		uint64_t ids_size = ld_u64(a + attr_size - 8);

		if (ld_u32(a + 4) < PERF_ATTR_SIZE_VER0 || !in_file(r, ids_off, ids_size) ||
		    ids_size % 8)
			return fail(r, attrs_off + i * attr_size, -SPE_ERR_BAD_FILE);
	}
	if (!in_file(r, data_off, data_size))
		return fail(r, 40, -SPE_ERR_BAD_FILE);
	/* A file perf record did not finish has data.size 0: read to the end. */
	if (data_size == 0)
		data_size = r->len - data_off;
	else if (hsize >= PERF_HEADER_SIZE) {
		err = rd_features(r, data_off + data_size);
		if (err)
			return err;
	}
	return rd_records(r, data_off, data_off + data_size);
}

static int reader_new(struct spe_perf_reader **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -SPE_ERR_NOMEM;
}

static int reader_finish(struct spe_perf_reader *r, struct spe_perf_reader **out,
			 uint64_t *bad_offset)
{
	int err = rd_parse(r);

	if (err) {
		if (bad_offset)
			*bad_offset = r->bad_offset;
		spe_perf_reader_close(r);
		return err;
	}
	*out = r;
	return 0;
}

int spe_perf_reader_open_mem(const void *buf, size_t len, struct spe_perf_reader **out,
			     uint64_t *bad_offset)
{
	struct spe_perf_reader *r;
	int err;

	if (!out || (!buf && len))
		return -SPE_ERR_INVAL;
	*out = NULL;
	err = reader_new(&r);
	if (err)
		return err;
	r->buf = buf;
	r->len = len;
	return reader_finish(r, out, bad_offset);
}

int spe_perf_reader_open(const char *path, struct spe_perf_reader **out,
			 uint64_t *bad_offset)
{
	struct spe_perf_reader *r;
	struct stat st;
	int fd, err;

	if (!path || !out)
		return -SPE_ERR_INVAL;
	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -SPE_ERR_IO;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return -SPE_ERR_IO;
	}
	err = reader_new(&r);
	if (err) {
		close(fd);
		return err;
	}
	if (st.st_size > 0) {
		/* Pre-fault files that fit in memory comfortably: one batch, not a fault a page. */
		r->map = mmap(NULL, (size_t)st.st_size, PROT_READ,
			      MAP_PRIVATE | (st.st_size <= (1ll << 30) ? MAP_POPULATE : 0), fd, 0);
		if (r->map == MAP_FAILED) {
			r->map = NULL;
			close(fd);
			spe_perf_reader_close(r);
			return -SPE_ERR_IO;
		}
		r->map_len = (size_t)st.st_size;
		madvise(r->map, r->map_len, MADV_SEQUENTIAL);
	}
	close(fd);
	r->buf = r->map;
	r->len = r->map_len;
	return reader_finish(r, out, bad_offset);
}

void spe_perf_reader_close(struct spe_perf_reader *r)
{
	if (!r)
		return;
	if (r->map)
		munmap(r->map, r->map_len);
	free(r->aux);
	free(r->mmaps);
	free(r);
}

const struct spe_perf_info *spe_perf_reader_info(const struct spe_perf_reader *r)
{
	return r ? &r->info : NULL;
}

size_t spe_perf_reader_nr_aux(const struct spe_perf_reader *r)
{
	return r ? r->nr_aux : 0;
}

const struct spe_perf_aux *spe_perf_reader_aux(const struct spe_perf_reader *r, size_t i)
{
	return r && i < r->nr_aux ? &r->aux[i] : NULL;
}

size_t spe_perf_reader_nr_mmaps(const struct spe_perf_reader *r)
{
	return r ? r->nr_mmaps : 0;
}

const struct spe_perf_mmap *spe_perf_reader_mmap(const struct spe_perf_reader *r, size_t i)
{
	return r && i < r->nr_mmaps ? &r->mmaps[i] : NULL;
}

bool spe_perf_is_perf_data(const void *buf, size_t len)
{
	return buf && len >= 8 && ld_u64(buf) == PERF_MAGIC2;
}
