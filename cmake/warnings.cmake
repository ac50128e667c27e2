# SPDX-License-Identifier: GPL-2.0-only
# Warnings are errors everywhere in the tree (host code). The guest build
# applies the same list through guest/toolchain.cmake.
set(VSPE_WARNINGS
  -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
  -Wformat=2 -Wundef -Wpointer-arith -Wvla -Wimplicit-fallthrough)
add_compile_options("$<$<COMPILE_LANGUAGE:C>:${VSPE_WARNINGS}>")
add_compile_definitions(_GNU_SOURCE)
