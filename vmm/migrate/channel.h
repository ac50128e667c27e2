/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The live-migration connection (docs/migration.md): TCP, one message at a
 * time, each message a snapshot image (snapfile.h) so every byte is
 * checked. Every wait is bounded (CHANNEL_TIMEOUT_MS); errors are vmm_err
 * values with vmm_err_detail() saying what happened. Nothing prints.
 */
#ifndef VMM_MIGRATE_CHANNEL_H
#define VMM_MIGRATE_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#define CHANNEL_TIMEOUT_MS	20000

/* "tcp:HOST:PORT" -> host and port (port 0 allowed for listening). */
int channel_parse(const char *uri, char *host, size_t host_len, uint16_t *port);

/* Listens on host:port (0: the kernel picks); *bound is the port in use. */
int channel_listen(const char *uri, int *fd, uint16_t *bound);
/* Waits (bounded) for one connection on a listening socket. */
int channel_accept(int lfd, int *fd);
int channel_connect(const char *uri, int *fd);

int channel_send(int fd, const void *buf, size_t len);
/* Receives one image (header first, then the rest); *buf is malloc'ed. */
int channel_recv(int fd, uint64_t max, uint8_t **buf, size_t *len);

#endif
