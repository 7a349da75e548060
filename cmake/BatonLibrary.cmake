# SPDX-License-Identifier: MIT
# baton_library(NAME <module> SOURCES <files…> [TESTS <files…>] [DEPS <modules…>] [LIBS <targets…>])
#
# Defines the static library baton_<module> (alias baton::<module>) from an explicit source list and,
# when TESTS are given, the unit-test binary baton_<module>_test registered with ctest under the
# label "unit". DEPS names other Baton modules; LIBS names third-party targets. Headers are included
# as <baton/<module>/<file>.hpp> from the repository root.
function(baton_library)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;TESTS;DEPS;LIBS;TEST_LIBS" ${ARGN})
  set(target baton_${ARG_NAME})
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(baton::${ARG_NAME} ALIAS ${target})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${target} PUBLIC baton_options)
  target_link_libraries(${target} PRIVATE baton_production_warnings)
  foreach(dep IN LISTS ARG_DEPS)
    target_link_libraries(${target} PUBLIC baton_${dep})
  endforeach()
  if(ARG_LIBS)
    target_link_libraries(${target} PUBLIC ${ARG_LIBS})
  endif()

  if(ARG_TESTS AND NOT BATON_FUZZING)
    add_executable(${target}_test ${ARG_TESTS})
    target_link_libraries(${target}_test PRIVATE ${target} ${ARG_TEST_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
    target_compile_definitions(${target}_test PRIVATE
      BATON_VECTORS_DIR="${BATON_VECTORS_DIR}"
      BATON_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
    gtest_discover_tests(${target}_test PROPERTIES LABELS unit DISCOVERY_TIMEOUT 60)
  endif()
endfunction()

# baton_test_util(NAME <module> [SOURCES <files…>] [LIBS <targets…>])
#
# The module's test_util/ folder (fakes, builders, vector loaders) as one target,
# baton_<module>_test_util: a static library when the folder has sources (built once, not once per
# test binary that needs them), an INTERFACE target when it is headers only. It brings baton_<module>
# and LIBS along. Test binaries, tests/, bench/ and fuzz/ link it; production libraries never do
# (scripts/check_layering.sh). EXCLUDE_FROM_ALL: built only for what links it.
function(baton_test_util)
  cmake_parse_arguments(ARG "" "NAME" "SOURCES;LIBS" ${ARGN})
  set(target baton_${ARG_NAME}_test_util)
  if(ARG_SOURCES)
    add_library(${target} STATIC EXCLUDE_FROM_ALL ${ARG_SOURCES})
    target_link_libraries(${target} PUBLIC baton_${ARG_NAME} ${ARG_LIBS})
  else()
    add_library(${target} INTERFACE)
    target_link_libraries(${target} INTERFACE baton_${ARG_NAME} ${ARG_LIBS})
  endif()
endfunction()
