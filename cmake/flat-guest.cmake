# SPDX-License-Identifier: GPL-2.0-only
# vspe_flat_guest(TARGET t SOURCE file.S OUTPUT name.bin [VAR v] [ALL]):
# assembles a flat test guest (a raw image loaded at the start of guest RAM)
# into the current binary dir, as custom target t. VAR gets its path. The
# test guests' shared macros (api/tests/*.inc) are on the include path.
function(vspe_flat_guest)
  cmake_parse_arguments(G "ALL" "TARGET;SOURCE;OUTPUT;VAR" "" ${ARGN})
  get_filename_component(obj ${G_OUTPUT} NAME_WE)
  set(bin ${CMAKE_CURRENT_BINARY_DIR}/${G_OUTPUT})
  file(GLOB incs ${CMAKE_SOURCE_DIR}/api/tests/*.inc)
  add_custom_command(
    OUTPUT ${bin}
    COMMAND aarch64-linux-gnu-as -I ${CMAKE_SOURCE_DIR}/api/tests ${G_SOURCE} -o ${obj}.o
    COMMAND aarch64-linux-gnu-objcopy -O binary ${obj}.o ${bin}
    DEPENDS ${G_SOURCE} ${incs}
    WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
    COMMENT "assembling ${G_OUTPUT}")
  if(G_ALL)
    add_custom_target(${G_TARGET} ALL DEPENDS ${bin})
  else()
    add_custom_target(${G_TARGET} DEPENDS ${bin})
  endif()
  if(G_VAR)
    set(${G_VAR} ${bin} PARENT_SCOPE)
  endif()
endfunction()
