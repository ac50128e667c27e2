// SPDX-License-Identifier: GPL-2.0-only
/*
 * perf.data writer for Arm SPE trace. The file is laid out as
 *
 *   [0]        file header (104 bytes)
 *   [104]      two attrs: the SPE event and a dummy tracking event
 *   [392]      their id arrays, one id per CPU each
 *   [data]     TIME_CONV, AUXTRACE_INFO, COMM, MMAP2s, then per CPU an
 *              ITRACE_START and its AUXTRACE records, FINISHED_ROUND
 *   [features] index + payloads (host, arch, CPUID, event names, ...)
 *
 * in the record order perf-data-arm-spe.md 4 found to work with perf 6.1.
 * The trace is streamed straight to the file, so any size fits in memory.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/spe-packet.h"
#include "bytebuf.h"
#include "decode/perf_data.h"
#include "perf_abi.h"

#define WR_MAX_CPUS		4096
#define WR_ID_SPE(cpu)		(0x1000ull + (cpu))
#define WR_ID_DUMMY(cpu)	(0x100000ull + (cpu))
#define WR_ATTRS_OFF		PERF_HEADER_SIZE
#define WR_ATTR_ENTRY		(PERF_ATTR_SIZE_VER7 + PERF_ATTR_ENTRY_EXTRA)
#define WR_NR_ATTRS		2
#define WR_IDS_OFF		(WR_ATTRS_OFF + WR_NR_ATTRS * WR_ATTR_ENTRY)
#define WR_DEFAULT_CPUID	"0x00000000410fd0c0"	/* Neoverse N1 MIDR */
#define WR_PROT_RX		5	/* PROT_READ | PROT_EXEC */
#define WR_PROT_RW		3
#define WR_MAP_PRIVATE		2
/*
 * perf shows an EL1/EL2 PC with byte 7 set to 0xff (it assumes a Linux
 * kernel VA), so an EL1 guest's code is mapped there, as kernel space.
 */
#define WR_KERNEL_TOP		0xff00000000000000ull

struct spe_perf_writer {
	FILE *f;
	char *iobuf;
	int err;			/* first error, sticky */
	struct spe_perf_meta meta;	/* defaults applied */
	uint64_t spe_sample_type;
	uint64_t data_off;
	uint64_t data_size;
	uint64_t *aux_off;		/* bytes of AUX written per CPU */
	uint8_t *started;		/* ITRACE_START written per CPU */
	struct bytebuf bb;
};

static void wr_bytes(struct spe_perf_writer *w, const void *p, size_t n)
{
	if (w->err)
		return;
	if (n && fwrite(p, 1, n, w->f) != n) {
		w->err = -SPE_ERR_IO;
		return;
	}
	w->data_size += n;
}

/* Write the record in w->bb after setting its header size. */
static void wr_record(struct spe_perf_writer *w)
{
	if (w->bb.overflow || w->bb.n > UINT16_MAX) {
		if (!w->err)
			w->err = -SPE_ERR_TOO_BIG;
		return;
	}
	bb_set_u16(&w->bb, 6, (uint16_t)w->bb.n);
	wr_bytes(w, w->bb.b, w->bb.n);
}

static void rec_begin(struct spe_perf_writer *w, uint32_t type, uint16_t misc)
{
	bb_reset(&w->bb);
	bb_u32(&w->bb, type);
	bb_u16(&w->bb, misc);
	bb_u16(&w->bb, 0);	/* size, patched by wr_record */
}

/* The sample-id trailer for the sample_type both evsels share (doc 2). */
static void rec_trailer(struct spe_perf_writer *w, uint32_t cpu, uint64_t id)
{
	bb_u32(&w->bb, w->meta.pid);
	bb_u32(&w->bb, w->meta.pid);
	bb_u32(&w->bb, cpu);
	bb_u32(&w->bb, 0);
	bb_u64(&w->bb, id);		/* IDENTIFIER: the last u64 */
}

static void put_attr(struct bytebuf *bb, uint32_t type, uint64_t config,
		     uint64_t period, uint64_t sample_type, uint64_t flags)
{
	size_t start = bb->n;

	bb_u32(bb, type);
	bb_u32(bb, PERF_ATTR_SIZE_VER7);
	bb_u64(bb, config);
	bb_u64(bb, period);
	bb_u64(bb, sample_type);
	bb_u64(bb, 0);		/* read_format */
	bb_u64(bb, flags);
	bb_zero(bb, PERF_ATTR_SIZE_VER7 - (bb->n - start));
}

static uint64_t dummy_sample_type(void)
{
	/*
	 * No PERF_SAMPLE_TIME: perf then decodes "timeless", taking the task
	 * from AUXTRACE.tid rather than from CONTEXT packets (doc 1.3).
	 */
	return PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID |
	       PERF_SAMPLE_CPU;
}

static uint64_t dummy_flags(void)
{
	return PERF_ATTR_SAMPLE_ID_ALL | PERF_ATTR_MMAP | PERF_ATTR_MMAP2 |
	       PERF_ATTR_COMM | PERF_ATTR_COMM_EXEC | PERF_ATTR_TASK |
	       PERF_ATTR_EXCL_KERNEL | PERF_ATTR_EXCL_HV;
}

/*
 * exclude_kernel on the SPE event too: the "kernel" samples are the
 * guest's EL1, never the host's, and without it perf report warns that
 * the host's kallsyms are restricted. perf does not filter on it.
 */
static uint64_t spe_flags(void)
{
	return PERF_ATTR_SAMPLE_ID_ALL | PERF_ATTR_DISABLED | PERF_ATTR_ENABLE_ON_EXEC |
	       PERF_ATTR_EXCL_KERNEL | PERF_ATTR_EXCL_HV;
}

static void wr_attrs_and_ids(struct spe_perf_writer *w)
{
	uint32_t n = w->meta.nr_cpus;
	uint64_t ids_len = 8ull * n;

	bb_reset(&w->bb);
	put_attr(&w->bb, w->meta.pmu_type, w->meta.config, w->meta.sample_period,
		 w->spe_sample_type, spe_flags());
	bb_u64(&w->bb, WR_IDS_OFF);
	bb_u64(&w->bb, ids_len);
	put_attr(&w->bb, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY, 1,
		 dummy_sample_type(), dummy_flags());
	bb_u64(&w->bb, WR_IDS_OFF + ids_len);
	bb_u64(&w->bb, ids_len);
	wr_bytes(w, w->bb.b, w->bb.n);
	for (uint32_t c = 0; c < n; c++) {
		uint8_t t[8];

		for (int i = 0; i < 8; i++)
			t[i] = (uint8_t)(WR_ID_SPE(c) >> (8 * i));
		wr_bytes(w, t, 8);
	}
	for (uint32_t c = 0; c < n; c++) {
		uint8_t t[8];

		for (int i = 0; i < 8; i++)
			t[i] = (uint8_t)(WR_ID_DUMMY(c) >> (8 * i));
		wr_bytes(w, t, 8);
	}
}

static void wr_time_conv(struct spe_perf_writer *w)
{
	/* Identity conversion: sample time = SPE timestamp (doc 4.3). */
	rec_begin(w, PERF_RECORD_TIME_CONV, 0);
	bb_u64(&w->bb, 0);	/* time_shift */
	bb_u64(&w->bb, 1);	/* time_mult */
	bb_u64(&w->bb, 0);	/* time_zero */
	bb_u64(&w->bb, 0);	/* time_cycles */
	bb_u64(&w->bb, 0);	/* time_mask */
	bb_zero(&w->bb, 8);	/* cap_user_time_zero/short = 0, padding */
	wr_record(w);
}

static void wr_auxtrace_info(struct spe_perf_writer *w)
{
	/* The 16-byte v1 payload: priv[0] = PMU type (doc 4.1). */
	rec_begin(w, PERF_RECORD_AUXTRACE_INFO, 0);
	bb_u32(&w->bb, PERF_AUXTRACE_ARM_SPE);
	bb_u32(&w->bb, 0);
	bb_u64(&w->bb, w->meta.pmu_type);
	bb_u64(&w->bb, 0);
	wr_record(w);
}

static void wr_comm(struct spe_perf_writer *w)
{
	rec_begin(w, PERF_RECORD_COMM, PERF_RECORD_MISC_COMM_EXEC);
	bb_u32(&w->bb, w->meta.pid);
	bb_u32(&w->bb, w->meta.pid);
	bb_str_padded(&w->bb, w->meta.comm, 8);
	rec_trailer(w, 0, WR_ID_DUMMY(0));
	wr_record(w);
}

static void wr_mmap2(struct spe_perf_writer *w, uint64_t start, uint64_t len,
		     uint64_t pgoff, uint32_t prot, const char *name, bool kernel)
{
	uint32_t pid = kernel ? UINT32_MAX : w->meta.pid;

	rec_begin(w, PERF_RECORD_MMAP2, kernel ? PERF_RECORD_MISC_KERNEL : PERF_RECORD_MISC_USER);
	bb_u32(&w->bb, pid);
	bb_u32(&w->bb, pid);
	bb_u64(&w->bb, start);
	bb_u64(&w->bb, len);
	bb_u64(&w->bb, pgoff);
	bb_u32(&w->bb, 0);	/* maj */
	bb_u32(&w->bb, 0);	/* min */
	bb_u64(&w->bb, 0);	/* ino */
	bb_u64(&w->bb, 0);	/* ino_generation */
	bb_u32(&w->bb, prot);
	bb_u32(&w->bb, WR_MAP_PRIVATE);
	bb_str_padded(&w->bb, name, 8);
	rec_trailer(w, 0, WR_ID_DUMMY(0));
	wr_record(w);
}

/* The ELF's bytes, read whole (guest images are small). */
struct elf_image {
	uint8_t *b;
	size_t len;
};

#define ELF_MAX_SIZE	(512u << 20)

static int elf_load(const char *path, struct elf_image *img)
{
	FILE *f = fopen(path, "rb");
	long n;

	img->b = NULL;
	if (!f)
		return -SPE_ERR_BAD_ELF;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 64 || (unsigned long)n > ELF_MAX_SIZE ||
	    fseek(f, 0, SEEK_SET))
		goto bad;
	img->len = (size_t)n;
	img->b = malloc(img->len);
	if (!img->b || fread(img->b, 1, img->len, f) != img->len)
		goto bad;
	fclose(f);
	if (memcmp(img->b, "\177ELF", 4) || img->b[4] != 2 /* ELFCLASS64 */ ||
	    img->b[5] != 1 /* little-endian */) {
		free(img->b);
		return -SPE_ERR_BAD_ELF;
	}
	return 0;
bad:
	fclose(f);
	free(img->b);
	img->b = NULL;
	return -SPE_ERR_BAD_ELF;
}

/* A table of n entries of esize >= min bytes at off, inside the image. */
static const uint8_t *elf_table(const struct elf_image *img, uint64_t off, unsigned int n,
				unsigned int esize, unsigned int min)
{
	if (esize < min || n > 65535 || off > img->len ||
	    (uint64_t)n * esize > img->len - off)
		return NULL;
	return img->b + off;
}

/* The ".text" section's address, file offset and size (0 if none). */
static int elf_text(const struct elf_image *img, uint64_t *addr, uint64_t *off, uint64_t *size)
{
	unsigned int shentsize = ld_u16(img->b + 0x3a), shnum = ld_u16(img->b + 0x3c);
	unsigned int shstrndx = ld_u16(img->b + 0x3e);
	const uint8_t *sh = elf_table(img, ld_u64(img->b + 0x28), shnum, shentsize, 64);
	uint64_t stroff, strsize;

	if (!sh || shstrndx >= shnum)
		return -SPE_ERR_BAD_ELF;
	stroff = ld_u64(sh + (size_t)shstrndx * shentsize + 24);
	strsize = ld_u64(sh + (size_t)shstrndx * shentsize + 32);
	if (stroff > img->len || strsize > img->len - stroff)
		return -SPE_ERR_BAD_ELF;
	for (unsigned int i = 0; i < shnum; i++) {
		const uint8_t *e = sh + (size_t)i * shentsize;
		uint32_t name = ld_u32(e);

		if (name < strsize && strsize - name >= 6 &&
		    !memcmp(img->b + stroff + name, ".text", 6)) {
			*addr = ld_u64(e + 16);
			*off = ld_u64(e + 24);
			*size = ld_u64(e + 32);
			return 0;
		}
	}
	return -SPE_ERR_BAD_ELF;
}

/*
 * Map the guest ELF so perf resolves symbols. A user (EL0) image gets one
 * MMAP2 per executable PT_LOAD: perf turns ip into a file offset
 * (ip - start + pgoff) and reads the symbol table itself. An EL1 image is
 * a kernel-space map, which perf treats like a module: it places the
 * ".text" section at the map's start and ignores pgoff (found by
 * experiment with perf 6.1), so that map starts exactly at .text.
 */
static int wr_elf_mmaps(struct spe_perf_writer *w, const char *path, uint64_t load)
{
	uint64_t lowest = UINT64_MAX, bias = 0;
	unsigned int phentsize, phnum, nr = 0;
	struct elf_image img;
	const uint8_t *ph;
	char abs[PATH_MAX];
	int err;

	if (!realpath(path, abs))
		return -SPE_ERR_BAD_ELF;
	err = elf_load(abs, &img);
	if (err)
		return err;
	phentsize = ld_u16(img.b + 0x36);
	phnum = ld_u16(img.b + 0x38);
	ph = elf_table(&img, ld_u64(img.b + 0x20), phnum, phentsize, 56);
	if (!ph || !phnum)
		goto bad;
	for (unsigned int i = 0; i < phnum; i++) {
		const uint8_t *e = ph + (size_t)i * phentsize;

		if (ld_u32(e) == 1 /* PT_LOAD */ && ld_u64(e + 16) < lowest)
			lowest = ld_u64(e + 16);
	}
	if (lowest == UINT64_MAX)
		goto bad;
	if (load)
		bias = load - lowest;
	if (!w->meta.elf_user) {
		uint64_t addr, off, size;

		if (elf_text(&img, &addr, &off, &size) || !size)
			goto bad;
		wr_mmap2(w, (addr + bias) | WR_KERNEL_TOP, size, off, WR_PROT_RX, abs, true);
		free(img.b);
		return 0;
	}
	for (unsigned int i = 0; i < phnum; i++) {
		const uint8_t *e = ph + (size_t)i * phentsize;
		uint64_t off = ld_u64(e + 8), vaddr = ld_u64(e + 16) + bias;
		uint64_t memsz = ld_u64(e + 40), start;

		if (ld_u32(e) != 1 || !(ld_u32(e + 4) & 1 /* PF_X */) || !memsz)
			continue;
		/* Page-align like the kernel's mmap would. */
		start = vaddr & ~0xfffull;
		if (vaddr - start > off)
			start = vaddr;
		wr_mmap2(w, start, memsz + (vaddr - start), off - (vaddr - start),
			 WR_PROT_RX, abs, false);
		nr++;
	}
	free(img.b);
	return nr ? 0 : -SPE_ERR_BAD_ELF;
bad:
	free(img.b);
	return -SPE_ERR_BAD_ELF;
}

static int meta_apply_defaults(struct spe_perf_meta *m, const struct spe_perf_meta *in)
{
	*m = *in;
	if (!m->pid)
		m->pid = 1;
	if (!m->comm)
		m->comm = "vspe-guest";
	if (!m->nr_cpus)
		m->nr_cpus = 1;
	if (!m->pmu_type)
		m->pmu_type = 8;
	if (!m->config)
		m->config = SPE_PERF_CFG_TS_ENABLE | SPE_PERF_CFG_PA_ENABLE |
			    SPE_PERF_CFG_PCT_ENABLE;
	if (!m->sample_period)
		m->sample_period = 1024;
	if (!m->cpuid)
		m->cpuid = WR_DEFAULT_CPUID;
	if (!m->hostname)
		m->hostname = "vspe";
	if (m->nr_cpus > WR_MAX_CPUS || m->pmu_type < 6 /* not a fixed type */ ||
	    strlen(m->comm) > 255 || strlen(m->cpuid) > 63 || strlen(m->hostname) > 255)
		return -SPE_ERR_INVAL;
	return 0;
}

int spe_perf_writer_open(const char *path, const struct spe_perf_meta *meta,
			 struct spe_perf_writer **out)
{
	struct spe_perf_writer *w;
	int err;

	if (!path || !meta || !out)
		return -SPE_ERR_INVAL;
	*out = NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -SPE_ERR_NOMEM;
	err = meta_apply_defaults(&w->meta, meta);
	if (err) {
		free(w);
		return err;
	}
	/* The writer keeps its own copies of the strings. */
	w->meta.comm = strdup(w->meta.comm);
	w->meta.cpuid = strdup(w->meta.cpuid);
	w->meta.hostname = strdup(w->meta.hostname);
	w->meta.elf_path = NULL;
	w->aux_off = calloc(w->meta.nr_cpus, sizeof(*w->aux_off));
	w->started = calloc(w->meta.nr_cpus, 1);
	w->iobuf = malloc(1 << 20);
	err = -SPE_ERR_NOMEM;
	if (!w->meta.comm || !w->meta.cpuid || !w->meta.hostname || !w->aux_off ||
	    !w->started || !w->iobuf)
		goto fail;
	w->spe_sample_type = dummy_sample_type() | PERF_SAMPLE_DATA_SRC;
	if (w->meta.config & SPE_PERF_CFG_PA_ENABLE)
		w->spe_sample_type |= PERF_SAMPLE_PHYS_ADDR;

	w->f = fopen(path, "wb");
	if (!w->f) {
		err = -SPE_ERR_IO;
		goto fail;
	}
	setvbuf(w->f, w->iobuf, _IOFBF, 1 << 20);

	/* Header placeholder; spe_perf_writer_close() rewrites it. */
	bb_reset(&w->bb);
	bb_zero(&w->bb, PERF_HEADER_SIZE);
	wr_bytes(w, w->bb.b, w->bb.n);
	wr_attrs_and_ids(w);
	w->data_off = (w->data_size + 7) & ~7ull;
	wr_bytes(w, "\0\0\0\0\0\0\0", w->data_off - w->data_size);
	w->data_size = 0;

	wr_time_conv(w);
	wr_auxtrace_info(w);
	wr_comm(w);
	if (meta->elf_path) {
		err = wr_elf_mmaps(w, meta->elf_path, meta->elf_load_addr);
		if (err)
			goto fail;
	}
	if (w->meta.data_len)
		wr_mmap2(w, w->meta.data_start, w->meta.data_len, 0, WR_PROT_RW, "//anon", false);
	if (w->err) {
		err = w->err;
		goto fail;
	}
	*out = w;
	return 0;
fail:
	if (w->f) {
		fclose(w->f);
		remove(path);
	}
	free((void *)w->meta.comm);
	free((void *)w->meta.cpuid);
	free((void *)w->meta.hostname);
	free(w->aux_off);
	free(w->started);
	free(w->iobuf);
	free(w);
	return err;
}

int spe_perf_writer_add_aux(struct spe_perf_writer *w, uint32_t cpu,
			    const void *bytes, size_t len)
{
	static const uint8_t pad[8];	/* SPE padding packets */
	uint64_t padded;

	if (!w || (!bytes && len) || cpu >= w->meta.nr_cpus)
		return -SPE_ERR_INVAL;
	if (w->err)
		return w->err;
	if (!len)
		return 0;
	if (!w->started[cpu]) {
		rec_begin(w, PERF_RECORD_ITRACE_START, 0);
		bb_u32(&w->bb, w->meta.pid);
		bb_u32(&w->bb, w->meta.pid);
		rec_trailer(w, cpu, WR_ID_SPE(cpu));
		wr_record(w);
		w->started[cpu] = 1;
	}
	padded = ((uint64_t)len + 7) & ~7ull;
	rec_begin(w, PERF_RECORD_AUXTRACE, 0);
	bb_u64(&w->bb, padded);
	bb_u64(&w->bb, w->aux_off[cpu]);
	bb_u64(&w->bb, 0);		/* reference */
	bb_u32(&w->bb, cpu);		/* idx: one queue per CPU */
	bb_u32(&w->bb, w->meta.pid);	/* the task, for timeless decoding */
	bb_u32(&w->bb, cpu);
	bb_u32(&w->bb, 0);
	wr_record(w);			/* size 48: the payload is not counted */
	wr_bytes(w, bytes, len);
	wr_bytes(w, pad, (size_t)(padded - len));
	w->aux_off[cpu] += padded;
	return w->err;
}

/* A feature string: u32 length (NUL included, padded to 64), then bytes. */
static void feat_string(struct bytebuf *bb, const char *s)
{
	size_t len = (strlen(s) + 1 + 63) / 64 * 64;

	bb_u32(bb, (uint32_t)len);
	bb_str_padded(bb, s, 64);
}

static void feat_ids(struct bytebuf *bb, uint64_t (*id)(uint32_t), uint32_t n)
{
	for (uint32_t c = 0; c < n; c++)
		bb_u64(bb, id(c));
}

static uint64_t id_spe(uint32_t c)
{
	return WR_ID_SPE(c);
}

static uint64_t id_dummy(uint32_t c)
{
	return WR_ID_DUMMY(c);
}

/* Build feature bit's payload into bb; false if the bit is not written. */
static int feat_payload(struct spe_perf_writer *w, int bit, struct bytebuf *bb)
{
	const struct spe_perf_meta *m = &w->meta;

	switch (bit) {
	case HEADER_HOSTNAME:
		feat_string(bb, m->hostname);
		return 1;
	case HEADER_OSRELEASE:
		feat_string(bb, "vspe");
		return 1;
	case HEADER_VERSION:
		feat_string(bb, "6.1");
		return 1;
	case HEADER_ARCH:
		feat_string(bb, "aarch64");
		return 1;
	case HEADER_NRCPUS:
		bb_u32(bb, m->nr_cpus);
		bb_u32(bb, m->nr_cpus);
		return 1;
	case HEADER_CPUDESC:
		feat_string(bb, "vspe simulated Armv8.2 CPU with SPE");
		return 1;
	case HEADER_CPUID:
		feat_string(bb, m->cpuid);
		return 1;
	case HEADER_EVENT_DESC:
		bb_u32(bb, WR_NR_ATTRS);
		bb_u32(bb, PERF_ATTR_SIZE_VER7);
		put_attr(bb, m->pmu_type, m->config, m->sample_period,
			 w->spe_sample_type, spe_flags());
		bb_u32(bb, m->nr_cpus);
		feat_string(bb, "arm_spe_0//");
		feat_ids(bb, id_spe, m->nr_cpus);
		put_attr(bb, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY, 1,
			 dummy_sample_type(), dummy_flags());
		bb_u32(bb, m->nr_cpus);
		feat_string(bb, "dummy:u");
		feat_ids(bb, id_dummy, m->nr_cpus);
		return 1;
	case HEADER_PMU_MAPPINGS:
		bb_u32(bb, 2);
		bb_u32(bb, PERF_TYPE_SOFTWARE);
		feat_string(bb, "software");
		bb_u32(bb, m->pmu_type);
		feat_string(bb, "arm_spe_0");
		return 1;
	default:
		return 0;
	}
}

static void wr_features(struct spe_perf_writer *w, uint64_t bitmap[4])
{
	static const int bits[] = { HEADER_HOSTNAME, HEADER_OSRELEASE, HEADER_VERSION,
				    HEADER_ARCH, HEADER_NRCPUS, HEADER_CPUDESC,
				    HEADER_CPUID, HEADER_EVENT_DESC, HEADER_PMU_MAPPINGS };
	const size_t nr = sizeof(bits) / sizeof(bits[0]);
	struct bytebuf *payload = malloc(sizeof(*payload));
	uint64_t off = w->data_off + w->data_size + nr * 16;

	if (!payload) {
		w->err = -SPE_ERR_NOMEM;
		return;
	}
	/* The index first ({offset, size} per bit), then the payloads. */
	for (size_t i = 0; i < nr; i++) {
		bb_reset(payload);
		feat_payload(w, bits[i], payload);
		bb_reset(&w->bb);
		bb_u64(&w->bb, off);
		bb_u64(&w->bb, payload->n);
		wr_bytes(w, w->bb.b, w->bb.n);
		off += payload->n;
		bitmap[bits[i] / 64] |= 1ull << (bits[i] % 64);
	}
	for (size_t i = 0; i < nr; i++) {
		bb_reset(payload);
		feat_payload(w, bits[i], payload);
		if (payload->overflow && !w->err)
			w->err = -SPE_ERR_TOO_BIG;
		wr_bytes(w, payload->b, payload->n);
	}
	free(payload);
}

int spe_perf_writer_close(struct spe_perf_writer *w)
{
	uint64_t bitmap[4] = { 0 };
	uint64_t data_size;
	int err;

	if (!w)
		return -SPE_ERR_INVAL;
	rec_begin(w, PERF_RECORD_FINISHED_ROUND, 0);
	wr_record(w);
	data_size = w->data_size;
	wr_features(w, bitmap);

	bb_reset(&w->bb);
	bb_u64(&w->bb, PERF_MAGIC2);
	bb_u64(&w->bb, PERF_HEADER_SIZE);
	bb_u64(&w->bb, WR_ATTR_ENTRY);
	bb_u64(&w->bb, WR_ATTRS_OFF);
	bb_u64(&w->bb, WR_NR_ATTRS * WR_ATTR_ENTRY);
	bb_u64(&w->bb, w->data_off);
	bb_u64(&w->bb, data_size);
	bb_u64(&w->bb, 0);
	bb_u64(&w->bb, 0);
	for (int i = 0; i < 4; i++)
		bb_u64(&w->bb, bitmap[i]);
	if (!w->err && fseek(w->f, 0, SEEK_SET))
		w->err = -SPE_ERR_IO;
	wr_bytes(w, w->bb.b, w->bb.n);
	if (fclose(w->f) && !w->err)
		w->err = -SPE_ERR_IO;
	err = w->err;
	free((void *)w->meta.comm);
	free((void *)w->meta.cpuid);
	free((void *)w->meta.hostname);
	free(w->aux_off);
	free(w->started);
	free(w->iobuf);
	free(w);
	return err;
}
