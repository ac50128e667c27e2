// SPDX-License-Identifier: GPL-2.0-only
/* Guest file loading: dispatch on the magic number to the ELF or Image loader. */
#include <errno.h>
#include <fcntl.h>
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

static int loader_image_file(const char *path, int fd, size_t size, const struct loader_ram *ram,
			     struct loader_image *img)
{
	uint8_t *buf;
	int err;

	if (size > ram->size)
		return vmm_err_set(VMM_ERANGE, "%s: %zu bytes do not fit in %llu MiB of RAM", path, size,
				   (unsigned long long)(ram->size >> 20));
	buf = malloc(size);
	if (!buf)
		return vmm_err_set(VMM_ENOMEM, "%s: cannot allocate %zu bytes", path, size);
	if (lseek(fd, 0, SEEK_SET) || loader_read_all(fd, buf, size))
		err = vmm_err_set(VMM_ENOENT, "%s: read error", path);
	else
		err = loader_image_load_mem(buf, size, ram, img);
	free(buf);
	return err;
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
