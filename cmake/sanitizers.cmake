# SPDX-License-Identifier: GPL-2.0-only
# -DVSPE_SANITIZE=address,undefined (or thread) builds every host target
# with those sanitizers; the test suite must stay clean under them.
set(VSPE_SANITIZE "" CACHE STRING "Comma-separated sanitizers (address,undefined | thread)")
if(VSPE_SANITIZE)
  add_compile_options(-fsanitize=${VSPE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${VSPE_SANITIZE})
endif()
