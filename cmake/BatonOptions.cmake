# SPDX-License-Identifier: MIT
# Project-wide warning, sanitizer and fuzzing flags, applied through the baton_options interface target.
add_library(baton_options INTERFACE)
target_compile_options(baton_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow)
if(BATON_WERROR)
  target_compile_options(baton_options INTERFACE -Werror)
endif()

# Production code only (libraries, the baton binary): a silent narrowing of a block number, a gas
# figure or a byte count is a bug there. Tests, benchmarks and fuzz drivers build literals and
# counters of every width and are left out.
add_library(baton_production_warnings INTERFACE)
# clang's -Wconversion also turns on -Wsign-conversion, which GCC keeps apart (and C++ code
# indexes std::array with int loop counters everywhere); clang-tidy runs clang, so it is turned
# off there to keep one meaning of the flag on both compilers.
target_compile_options(baton_production_warnings INTERFACE -Wconversion
  $<$<CXX_COMPILER_ID:Clang>:-Wno-sign-conversion>)

if(BATON_SANITIZE OR BATON_FUZZING)
  set(baton_san_flags -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_compile_options(baton_options INTERFACE ${baton_san_flags})
  target_link_options(baton_options INTERFACE ${baton_san_flags})
endif()

if(BATON_FUZZING)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "BATON_FUZZING needs clang (use the 'fuzz' preset)")
  endif()
  # Libraries get coverage instrumentation; fuzz targets add -fsanitize=fuzzer for the driver.
  target_compile_options(baton_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
