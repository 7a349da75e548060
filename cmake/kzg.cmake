# SPDX-License-Identifier: MIT
# KZG's one home in the build: blst and c-kzg-4844 compiled from the C sources the pinned npm package
# `c-kzg` ships (package-lock.json; installed by scripts/bootstrap with scripts disabled, .npmrc, so
# npm never runs its node-gyp build). Nothing is copied into the repository.
#
#   node_modules/c-kzg/deps/blst     blst: src/server.c (one unit including the rest) + build/assembly.S
#   node_modules/c-kzg/deps/c-kzg    c-kzg-4844: ckzg.c (one unit) and trusted_setup.txt (mainnet)
#
# baton_kzg_c is third-party C: built with its own flags (its upstream ones: -O3, __BLST_PORTABLE__
# so one binary runs on any x86-64, picking ADX code at run time), none of Baton's warnings, and no
# sanitizer instrumentation. Only baton/kzg links it and includes its headers
# (scripts/check_layering.sh). BATON_KZG_TRUSTED_SETUP is the setup file baton/kzg loads by default.
set(BATON_KZG_DIR "${CMAKE_SOURCE_DIR}/node_modules/c-kzg/deps" CACHE PATH
    "c-kzg's deps/ folder (blst and c-kzg-4844 sources) from the npm package c-kzg")
if(NOT EXISTS "${BATON_KZG_DIR}/c-kzg/ckzg.c" OR NOT EXISTS "${BATON_KZG_DIR}/blst/src/server.c")
  message(FATAL_ERROR "c-kzg sources not found under ${BATON_KZG_DIR}: run scripts/bootstrap")
endif()
set(BATON_KZG_TRUSTED_SETUP "${BATON_KZG_DIR}/c-kzg/trusted_setup.txt" CACHE FILEPATH
    "KZG trusted setup (c-kzg text format) loaded by default")

enable_language(C ASM)
add_library(baton_kzg_c STATIC
  ${BATON_KZG_DIR}/blst/src/server.c
  ${BATON_KZG_DIR}/blst/build/assembly.S
  ${BATON_KZG_DIR}/c-kzg/ckzg.c)
# SYSTEM: their headers raise no warnings in the Baton code that includes them.
target_include_directories(baton_kzg_c SYSTEM PUBLIC
  ${BATON_KZG_DIR}/blst/bindings
  ${BATON_KZG_DIR}/c-kzg)
target_compile_definitions(baton_kzg_c PRIVATE __BLST_PORTABLE__)
target_compile_options(baton_kzg_c PRIVATE $<$<COMPILE_LANGUAGE:C>:-O3 -w>)
set_target_properties(baton_kzg_c PROPERTIES POSITION_INDEPENDENT_CODE ON)
