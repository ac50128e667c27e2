# SPDX-License-Identifier: GPL-2.0-only
# vspe_unit_test(NAME SOURCES a.c b.c LIBS lib1 lib2 [LABELS l])
# A cmocka program registered with CTest under the label "unit".
function(vspe_unit_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} PkgConfig::CMOCKA)
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES LABELS "unit;${T_LABELS}" TIMEOUT 300)
endfunction()
