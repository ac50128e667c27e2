/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one error enum of the vspe_decode library. Functions return 0 (or a
 * non-negative count) on success and the negated code on failure.
 */
#ifndef DECODE_SPE_ERROR_H
#define DECODE_SPE_ERROR_H

enum spe_error {
	SPE_OK = 0,
	SPE_ERR_INVAL,		/* a bad argument (NULL, zero length, ...) */
	SPE_ERR_NOMEM,		/* out of memory */
	SPE_ERR_EOS,		/* end of the trace: nothing more to decode */
	SPE_ERR_TRUNCATED,	/* a packet or record runs past the end */
	SPE_ERR_BAD_PACKET,	/* a header byte that no packet uses */
	SPE_ERR_NOSYNC,		/* decoder lost sync: call *_sync_forward() */
	SPE_ERR_RECORD_TOO_LONG,/* no End/Timestamp within the maximum record size */
	SPE_ERR_IO,		/* reading or writing a file failed (see errno) */
	SPE_ERR_BAD_FILE,	/* not a perf.data file, or a corrupt one */
	SPE_ERR_UNSUPPORTED,	/* a valid file that uses something we do not read */
	SPE_ERR_NO_SPE,		/* a perf.data file without Arm SPE trace */
	SPE_ERR_BAD_ELF,	/* the ELF to map is unreadable or malformed */
	SPE_ERR_TOO_BIG,	/* a size field too large to be honest */
	SPE_ERR_NR_CODES
};

/* A message for an error code; accepts the code or its negation. */
const char *spe_strerror(int err);

#endif
