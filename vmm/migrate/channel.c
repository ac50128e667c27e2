// SPDX-License-Identifier: GPL-2.0-only
/* TCP for live migration, every wait bounded (channel.h). */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "channel.h"
#include "snapfile.h"
#include "vmm_err.h"

int channel_parse(const char *uri, char *host, size_t host_len, uint16_t *port)
{
	const char *colon;
	char *end;
	unsigned long p;

	if (!uri || strncmp(uri, "tcp:", 4))
		return vmm_err_set(VMM_EINVAL, "'%s': expected tcp:HOST:PORT", uri ? uri : "");
	colon = strrchr(uri + 4, ':');
	if (!colon || colon == uri + 4 || (size_t)(colon - uri - 4) >= host_len)
		return vmm_err_set(VMM_EINVAL, "'%s': expected tcp:HOST:PORT", uri);
	errno = 0;
	p = strtoul(colon + 1, &end, 10);
	if (errno || !colon[1] || *end || p > 65535)
		return vmm_err_set(VMM_EINVAL, "'%s': port is not 0..65535", uri);
	memcpy(host, uri + 4, (size_t)(colon - uri - 4));
	host[colon - uri - 4] = '\0';
	*port = (uint16_t)p;
	return 0;
}

static int resolve(const char *uri, bool passive, struct addrinfo **ai)
{
	char host[256], port[8];
	uint16_t p;
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	int err = channel_parse(uri, host, sizeof(host), &p);

	if (err)
		return err;
	if (passive)
		hints.ai_flags = AI_PASSIVE;
	snprintf(port, sizeof(port), "%u", p);
	err = getaddrinfo(host, port, &hints, ai);
	if (err)
		return vmm_err_set(VMM_EINVAL, "'%s': %s", uri, gai_strerror(err));
	return 0;
}

static void set_timeouts(int fd)
{
	struct timeval tv = { .tv_sec = CHANNEL_TIMEOUT_MS / 1000 };
	int one = 1;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

int channel_listen(const char *uri, int *fd, uint16_t *bound)
{
	struct addrinfo *ai;
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int one = 1, s, err = resolve(uri, true, &ai);

	if (err)
		return err;
	s = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, ai->ai_addr, ai->ai_addrlen) || listen(s, 1) ||
	    getsockname(s, (struct sockaddr *)&ss, &sl)) {
		err = vmm_err_set(VMM_EBUSY, "listen on '%s': %s", uri, strerror(errno));
		if (s >= 0)
			close(s);
		freeaddrinfo(ai);
		return err;
	}
	freeaddrinfo(ai);
	*bound = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port :
		       ((struct sockaddr_in *)&ss)->sin_port);
	*fd = s;
	return 0;
}

int channel_accept(int lfd, int *fd)
{
	struct pollfd p = { .fd = lfd, .events = POLLIN };
	int r = poll(&p, 1, CHANNEL_TIMEOUT_MS * 3), s;

	if (r <= 0)
		return vmm_err_set(VMM_ENOENT, "no migration source connected within %d s",
				   CHANNEL_TIMEOUT_MS * 3 / 1000);
	s = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (s < 0)
		return vmm_err_set(VMM_ENOENT, "accept: %s", strerror(errno));
	set_timeouts(s);
	*fd = s;
	return 0;
}

int channel_connect(const char *uri, int *fd)
{
	struct addrinfo *ai;
	int s, err = resolve(uri, false, &ai);

	if (err)
		return err;
	s = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s >= 0)
		set_timeouts(s);
	if (s < 0 || connect(s, ai->ai_addr, ai->ai_addrlen)) {
		err = vmm_err_set(VMM_ENOENT, "connect to '%s': %s", uri, strerror(errno));
		if (s >= 0)
			close(s);
		freeaddrinfo(ai);
		return err;
	}
	freeaddrinfo(ai);
	*fd = s;
	return 0;
}

int channel_send(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n <= 0)
			return vmm_err_set(VMM_ENOENT, "connection lost while sending: %s",
					   n < 0 ? strerror(errno) : "closed");
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int recv_all(int fd, uint8_t *p, size_t len)
{
	while (len) {
		ssize_t n = recv(fd, p, len, 0);

		if (n <= 0)
			return vmm_err_set(VMM_ENOENT, "connection lost while receiving: %s",
					   n < 0 ? strerror(errno) : "closed by the peer");
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int channel_recv(int fd, uint64_t max, uint8_t **buf, size_t *len)
{
	uint8_t h[SNAP_HEADER_SIZE], *p;
	uint64_t total = 0;
	int err = recv_all(fd, h, sizeof(h));

	if (err)
		return err;
	for (int i = 0; i < 8; i++)
		total |= (uint64_t)h[16 + i] << (8 * i);
	/* The header's own CRC and magic are checked by snap_parse; bound the size now. */
	if (total < sizeof(h) || total > max)
		return vmm_err_set(VMM_EINVAL, "migration stream: a message of %llu bytes "
				   "(at most %llu)", (unsigned long long)total,
				   (unsigned long long)max);
	p = malloc((size_t)total);
	if (!p)
		return vmm_err_set(VMM_ENOMEM, "migration stream: out of memory");
	memcpy(p, h, sizeof(h));
	err = recv_all(fd, p + sizeof(h), (size_t)total - sizeof(h));
	if (err) {
		free(p);
		return err;
	}
	*buf = p;
	*len = (size_t)total;
	return 0;
}
