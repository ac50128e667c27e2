// SPDX-License-Identifier: GPL-2.0-only
/* Guest file loading: dispatch on the magic number to the ELF or Image loader. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "loader.h"
#include "loader_image.h"
#include "vmm_err.h"

static int loader_read_all(int fd, uint8_t *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = read(fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}

/* what: how messages name the file ("PATH" or "kernel PATH"). */
static int loader_image_file(const char *what, int fd, size_t size, const struct loader_ram *ram,
			     struct loader_image *img)
{
	uint8_t *buf;
	int err;

	if (size > ram->size)
		return vmm_err_set(VMM_ERANGE, "%s: %zu bytes do not fit in %llu MiB of RAM", what, size,
				   (unsigned long long)(ram->size >> 20));
	buf = malloc(size);
	if (!buf)
		return vmm_err_set(VMM_ENOMEM, "%s: cannot allocate %zu bytes", what, size);
	if (lseek(fd, 0, SEEK_SET) || loader_read_all(fd, buf, size))
		err = vmm_err_set(VMM_ENOENT, "%s: read error", what);
	else if ((err = loader_image_load_mem(buf, size, ram, img)))
		err = vmm_err_wrap(err, what);
	free(buf);
	return err;
}

/* Opens a regular file for reading; its size in *size. */
static int loader_open(const char *path, const char *what, int *fd, size_t *size)
{
	struct stat st;

	if (!path || !*path)
		return vmm_err_set(VMM_EINVAL, "%s: no file name", what);
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return vmm_err_set(VMM_ENOENT, "%s %s: %s", what, path, strerror(errno));
	if (fstat(*fd, &st) || !S_ISREG(st.st_mode)) {
		close(*fd);
		return vmm_err_set(VMM_ENOENT, "%s %s: not a regular file", what, path);
	}
	*size = (size_t)st.st_size;
	return 0;
}

int loader_load_kernel(const char *path, const struct loader_ram *ram, struct loader_image *img)
{
	uint8_t head[LOADER_IMAGE_HDR_SIZE];
	struct loader_image_hdr hdr;
	char detail[160];
	size_t size, n;
	int fd, err;

	if (!ram || !img)
		return vmm_err_set(VMM_EINVAL, "loader: no RAM description");
	err = loader_open(path, "kernel", &fd, &size);
	if (err)
		return err;
	/* The header alone first: a wrong file gets a header message, not a size one. */
	memset(head, 0, sizeof(head));
	n = size < sizeof(head) ? size : sizeof(head);
	if (loader_read_all(fd, head, n)) {
		err = vmm_err_set(VMM_ENOENT, "kernel %s: read error", path);
	} else if (n < sizeof(head) || !loader_image_probe(head, n)) {
		/* Too short or no magic: the header parser says which, in words. */
		loader_image_parse(head, n, &hdr);
		snprintf(detail, sizeof(detail), "%s", vmm_err_detail());
		err = vmm_err_set(VMM_ENOEXEC, "kernel %s: %s%s", path, detail,
				  n >= 4 && !memcmp(head, "\x7f" "ELF", 4) ?
				  " (an ELF: AArch64 ELF guests are given without --kernel)" : "");
	} else {
		snprintf(detail, sizeof(detail), "kernel %s", path);
		err = loader_image_file(detail, fd, size, ram, img);
	}
	close(fd);
	return err;
}

int loader_load_initrd(const char *path, const struct loader_ram *ram, const struct loader_image *img,
		       uint64_t *start, uint64_t *end)
{
	char what[256];
	size_t size;
	uint64_t at;
	int fd, err;

	if (!ram || !ram->host || !img || !start || !end)
		return vmm_err_set(VMM_EINVAL, "loader: no RAM description");
	err = loader_open(path, "initrd", &fd, &size);
	if (err)
		return err;
	err = loader_image_place_initrd(ram, img, size, &at);
	if (err) {
		/* "initrd: N bytes do not fit..." becomes "initrd PATH: N bytes...". */
		const char *d = vmm_err_detail();

		snprintf(what, sizeof(what), "%s", strncmp(d, "initrd: ", 8) ? d : d + 8);
		err = vmm_err_set(err, "initrd %s: %s", path, what);
	} else if (loader_read_all(fd, ram->host + (at - ram->base), size))
		err = vmm_err_set(VMM_ENOENT, "initrd %s: read error", path);
	close(fd);
	if (err)
		return err;
	*start = at;
	*end = at + size;
	return 0;
}

int loader_load_file(const char *path, const struct loader_ram *ram, struct loader_image *img)
{
	uint8_t head[64];
	struct stat st;
	int fd, err;

	if (!path || !ram || !img)
		return vmm_err_set(VMM_EINVAL, "loader: no file name");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vmm_err_set(VMM_ENOENT, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return vmm_err_set(VMM_ENOENT, "%s: not a regular file", path);
	}
	memset(head, 0, sizeof(head));
	if ((size_t)st.st_size >= sizeof(head) && loader_read_all(fd, head, sizeof(head)) == 0 &&
	    loader_image_probe(head, sizeof(head)))
		err = loader_image_file(path, fd, (size_t)st.st_size, ram, img);
	else
		err = loader_elf_load_file(path, ram, img);	/* says what is wrong with non-ELF files */
	close(fd);
	return err;
}
