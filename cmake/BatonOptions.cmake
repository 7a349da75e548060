# SPDX-License-Identifier: MIT
# Project-wide warning, sanitizer and fuzzing flags, applied through the baton_options interface target.
add_library(baton_options INTERFACE)
target_compile_options(baton_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow)
if(BATON_WERROR)
  target_compile_options(baton_options INTERFACE -Werror)
endif()

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
