// SPDX-License-Identifier: GPL-2.0-only
/* Messages for enum spe_error, one per code, indexed by the code. */
#include "decode/spe_error.h"

static const char *const spe_error_msgs[SPE_ERR_NR_CODES] = {
	[SPE_OK]		  = "success",
	[SPE_ERR_INVAL]		  = "invalid argument",
	[SPE_ERR_NOMEM]		  = "out of memory",
	[SPE_ERR_EOS]		  = "end of trace",
	[SPE_ERR_TRUNCATED]	  = "truncated packet or record at end of trace",
	[SPE_ERR_BAD_PACKET]	  = "bad packet header",
	[SPE_ERR_NOSYNC]	  = "decoder not synchronised",
	[SPE_ERR_RECORD_TOO_LONG] = "record longer than the maximum record size",
	[SPE_ERR_IO]		  = "input/output error",
	[SPE_ERR_BAD_FILE]	  = "not a valid perf.data file",
	[SPE_ERR_UNSUPPORTED]	  = "unsupported perf.data feature",
	[SPE_ERR_NO_SPE]	  = "no Arm SPE trace in file",
	[SPE_ERR_BAD_ELF]	  = "bad or unreadable ELF file",
	[SPE_ERR_TOO_BIG]	  = "size field too large",
};

const char *spe_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err >= SPE_ERR_NR_CODES)
		return "unknown error";
	return spe_error_msgs[err];
}
