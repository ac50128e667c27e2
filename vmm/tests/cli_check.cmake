# SPDX-License-Identifier: GPL-2.0-only
# Runs ${VSPE} ${ARGS}; checks the exit status and that stdout+stderr match EXPECT_RE.
separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND ${VSPE} ${args} RESULT_VARIABLE rc OUTPUT_VARIABLE out
  ERROR_VARIABLE err TIMEOUT 50)
if(NOT rc STREQUAL "${EXPECT_RC}")
  message(FATAL_ERROR "exit status ${rc}, expected ${EXPECT_RC}\nstdout: ${out}\nstderr: ${err}")
endif()
if(NOT "${out}${err}" MATCHES "${EXPECT_RE}")
  message(FATAL_ERROR "output does not match '${EXPECT_RE}'\nstdout: ${out}\nstderr: ${err}")
endif()
