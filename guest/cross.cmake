# SPDX-License-Identifier: GPL-2.0-only
# The cross build of the guests: runtime (lib/), workloads and one ELF per
# manifest entry, linked at 0x40200000 by lib/guest.ld.
set(CMAKE_C_STANDARD 11)
set(CMAKE_C_STANDARD_REQUIRED ON)
set(CMAKE_C_EXTENSIONS OFF)

set(guest_flags -ffreestanding -nostdlib -mgeneral-regs-only -mstrict-align
  -fno-pie -fno-pic -fno-stack-protector -fno-common -mno-outline-atomics
  -fno-omit-frame-pointer -fno-strict-aliasing -O2 -g)
add_compile_options(${guest_flags}
  "$<$<COMPILE_LANGUAGE:C>:${VSPE_WARNINGS}>")
include_directories(${CMAKE_CURRENT_SOURCE_DIR}/lib
  ${CMAKE_CURRENT_SOURCE_DIR}/workloads ${VSPE_ARCH_INCLUDE_DIRS})

file(GLOB guest_rt_sources CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_SOURCE_DIR}/lib/*.c ${CMAKE_CURRENT_SOURCE_DIR}/lib/*.S
  ${CMAKE_CURRENT_SOURCE_DIR}/workloads/*.c)
add_library(guestrt OBJECT ${guest_rt_sources})

set(guest_ld ${CMAKE_CURRENT_SOURCE_DIR}/lib/guest.ld)
function(guest_test name)
  # The manifest's options (CPUS, SPE, EXPECT, ARGS, VSPE) matter to the runners
  # only; PROGRAM runs another entry's ELF (a variant), so nothing is built.
  cmake_parse_arguments(G "SPE" "CPUS;EXPECT;PROGRAM" "ARGS;VSPE" ${ARGN})
  if(G_PROGRAM)
    return()
  endif()
  add_executable(${name} ${CMAKE_CURRENT_SOURCE_DIR}/tests/${name}.c)
  target_link_libraries(${name} PRIVATE guestrt)
  target_link_options(${name} PRIVATE -nostdlib -static -no-pie
    -Wl,--build-id=none -Wl,-T,${guest_ld} -Wl,--fatal-warnings)
  set_target_properties(${name} PROPERTIES SUFFIX .elf
    RUNTIME_OUTPUT_DIRECTORY ${VSPE_GUEST_DIR} LINK_DEPENDS ${guest_ld})
  target_link_libraries(${name} PRIVATE gcc)
endfunction()
include(${CMAKE_CURRENT_SOURCE_DIR}/tests.cmake)
