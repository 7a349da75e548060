#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Test of scripts/check_layering.sh (ctest `layering.checker`, label unit). It builds a tiny tree
# that follows every rule and checks that the script passes it ("layering: ok", exit 0); then, in a
# copy of it each time, one deliberate violation of each rule kind, which must fail (non-zero exit)
# with a message naming the offending file and the rule.
set -euo pipefail
checker=$(cd "$(dirname "$0")" && pwd)/check_layering.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# put <root> <path> <line>…: writes the lines to <root>/<path> (appends when it exists).
put() {
  local root=$1 path=$2
  shift 2
  mkdir -p "$(dirname "$root/$path")"
  printf '%s\n' "$@" >>"$root/$path"
}

clean=$work/clean
# The modules and what they may use, one allowed include of each kind.
put "$clean" baton/core/hex.hpp '#pragma once' '#include <cstdint>' '#include <string>' \
  '// Decoders never throw; a comment may say so.'
put "$clean" baton/core/secp256k1.cpp '#include <baton/core/hex.hpp>' '#include <secp256k1.h>' \
  '#include <secp256k1_recovery.h>'
put "$clean" baton/core/hex_test.cpp '#include <baton/core/hex.hpp>' '#include <gtest/gtest.h>' \
  'TEST(HexTest, Throws) { EXPECT_ANY_THROW(throw 1); }'
put "$clean" baton/core/CMakeLists.txt 'baton_library(NAME core SOURCES secp256k1.cpp TESTS hex_test.cpp' \
  '  LIBS PkgConfig::SECP256K1)'
put "$clean" baton/rpc/server.cpp '#include <baton/core/hex.hpp>' '#include <httplib.h>' '#include <nlohmann/json.hpp>'
put "$clean" baton/rpc/test_util/fake_node.hpp '#include <httplib.h>' '#include <gtest/gtest.h>'
put "$clean" baton/rpc/CMakeLists.txt 'baton_library(NAME rpc SOURCES server.cpp DEPS core)'
put "$clean" baton/protocol/compression.cpp '#include <baton/core/hex.hpp>' '#include <zlib.h>' \
  '#include <brotli/decode.h>'
put "$clean" baton/protocol/test_util/vectors.hpp '#include <nlohmann/json.hpp>'
put "$clean" baton/derive/pipeline.hpp '#include <baton/protocol/frame.hpp>' '#include <baton/core/hex.hpp>'
put "$clean" baton/derive/CMakeLists.txt 'baton_library(NAME derive SOURCES pipeline.cpp DEPS core protocol' \
  '  TEST_LIBS baton_derive_test_util)' 'baton_test_util(NAME derive SOURCES test_util/fake_l1_chain.cpp)'
put "$clean" baton/derive/test_util/fake_l1_chain.cpp '#include <baton/derive/test_util/fake_l1_chain.hpp>'
put "$clean" baton/derive/pipeline_test.cpp '#include <baton/derive/test_util/fake_l1_chain.hpp>'
put "$clean" baton/batcher/window_planner.hpp '#include <baton/protocol/frame.hpp>'
put "$clean" baton/process/logging.cpp '#include <baton/core/result.hpp>' '#include <spdlog/logger.h>' \
  '#include <unistd.h>' '#include <sys/wait.h>'
put "$clean" baton/process/logging_test.cpp '#include <nlohmann/json.hpp>' '#include <gtest/gtest.h>'
put "$clean" baton/l1/sync_status.cpp '#include <baton/derive/block_ref.hpp>' '#include <baton/rpc/client.hpp>' \
  '#include <baton/process/subprocess.hpp>' '#include <nlohmann/json.hpp>' \
  'void f() { throw 1; }  // exceptions are allowed outside the pure layers'
put "$clean" baton/l1/CMakeLists.txt 'baton_library(NAME l1' '  SOURCES sync_status.cpp' \
  '  DEPS core rpc protocol derive process' '  LIBS nlohmann_json::nlohmann_json)'
put "$clean" baton/node/node_service.cpp '#include <baton/l1/sync_status.hpp>' \
  '#include <baton/process/logging.hpp>' '#include <prometheus/registry.h>' '#include <spdlog/logger.h>'
put "$clean" baton/node/CMakeLists.txt 'baton_library(NAME node SOURCES node_service.cpp' \
  '  DEPS core rpc protocol derive l1 process LIBS prometheus-cpp::core' \
  '  TEST_LIBS baton_node_test_util baton_derive_test_util)' 'baton_test_util(NAME node)'
put "$clean" baton/batcher_service/batcher_service.cpp '#include <baton/batcher/window_planner.hpp>' \
  '#include <baton/l1/sync_status.hpp>' '#include <baton/process/logging.hpp>'
put "$clean" baton/batcher_service/CMakeLists.txt 'baton_library(NAME batcher_service' \
  '  SOURCES batcher_service.cpp  # the batcher I/O' '  DEPS core rpc protocol batcher l1 process)'
put "$clean" baton/apps/main.cpp '#include <baton/node/node_service.hpp>' \
  '#include <baton/batcher_service/batcher_service.hpp>' '#include <CLI/CLI.hpp>'
put "$clean" baton/apps/devnet/process.hpp '#include <baton/process/child_process.hpp>'
put "$clean" baton/apps/CMakeLists.txt 'add_executable(baton main.cpp)' \
  'add_library(baton_devnet STATIC devnet/network.cpp)' 'add_library(baton_decode_command STATIC decode.cpp)' \
  'add_library(baton_cli_support STATIC cli_support.cpp)' \
  'target_link_libraries(baton PRIVATE baton_node baton_batcher_service' '  baton_devnet CLI11::CLI11)'
put "$clean" baton/CMakeLists.txt 'add_subdirectory(core)'
# Tests, benchmarks and fuzz targets.
put "$clean" tests/CMakeLists.txt 'add_subdirectory(support)'
put "$clean" tests/support/anvil.hpp '#include <baton/l1/dev_accounts.hpp>' '#include <baton/process/child_process.hpp>'
put "$clean" tests/support/CMakeLists.txt 'add_library(baton_test_support STATIC anvil.cpp)' \
  'target_link_libraries(baton_test_support PUBLIC baton_options baton_rpc baton_process baton_l1)'
put "$clean" tests/integration/node_test.cpp '#include <tests/support/anvil.hpp>' \
  '#include <baton/node/node_service.hpp>' '#include <baton/batcher_service/batcher_service.hpp>' \
  '#include <gtest/gtest.h>' '#include <httplib.h>' '#include <spdlog/sinks/ostream_sink.h>'
put "$clean" tests/integration/CMakeLists.txt 'add_library(baton_integration_helpers STATIC helpers.cpp)' \
  'add_executable(baton_node_e2e_test node_test.cpp)' \
  'target_link_libraries(baton_node_e2e_test PRIVATE baton_test_support baton_node' \
  '  baton_l1 PkgConfig::HTTPLIB GTest::gtest)' 'add_dependencies(baton_node_e2e_test baton contracts)'
put "$clean" tests/scenario/scenario.hpp '#include <baton/derive/pipeline.hpp>' '#include <gtest/gtest.h>'
put "$clean" tests/scenario/derivation_scenarios_test.cpp '#include "scenario.hpp"' \
  '#include <baton/derive/test_util/fake_l1_chain.hpp>'
put "$clean" tests/scenario/CMakeLists.txt 'add_executable(baton_scenario_test derivation_scenarios_test.cpp)' \
  'target_link_libraries(baton_scenario_test PRIVATE baton_derive_test_util baton_derive)'
put "$clean" bench/inbox_gas_bench.cpp '#include <tests/support/anvil.hpp>' '#include <baton/l1/deploy.hpp>'
put "$clean" bench/core_bench.cpp '#include <baton/core/hex.hpp>' '#include <benchmark/benchmark.h>'
# shellcheck disable=SC2016  # CMake's ${…}, written as is
put "$clean" bench/CMakeLists.txt 'function(baton_bench name)' '  add_executable(baton_${name}_bench ${name}_bench.cpp)' \
  'endfunction()' 'baton_bench(core core)' 'baton_bench(inbox_gas l1 rpc protocol core)' \
  'target_link_libraries(baton_inbox_gas_bench PRIVATE baton_test_support)'
put "$clean" fuzz/sync_status_fuzz.cpp '#include <baton/l1/sync_status.hpp>'
put "$clean" fuzz/CMakeLists.txt 'baton_fuzz_target(sync_status l1)'

out=$("$checker" "$clean" 2>&1) || fail "the clean tree fails: $out"
[[ $out == "layering: ok" ]] || fail "the clean tree: want 'layering: ok', got: $out"
echo "ok: clean tree passes"

# expect_violation <name> <ERE the output must match> <path> <line>…: the clean tree plus the lines
# (appended to <path>, or in a new file) must fail with a matching message.
n=0
expect_violation() {
  local name=$1 want=$2 path=$3
  shift 3
  local root=$work/case$((n += 1))
  cp -r "$clean" "$root"
  put "$root" "$path" "$@"
  local out rc=0
  out=$("$checker" "$root" 2>&1) || rc=$?
  [[ $rc -ne 0 ]] || fail "$name: exit 0, want non-zero; output: $out"
  grep -qE -- "$want" <<<"$out" || fail "$name: want a line matching '$want', got: $out"
  [[ $out != *"layering: ok"* ]] || fail "$name: says ok: $out"
  echo "ok: $name"
}

# 1. Module arrows, in includes and in CMake.
expect_violation "batcher_service uses node" \
  '^layering: baton/batcher_service/bad\.cpp:2: batcher_service must not include baton/node \(baton/node/node_service\.hpp\)$' \
  baton/batcher_service/bad.cpp '#include <baton/l1/sync_status.hpp>' '#include <baton/node/node_service.hpp>'
expect_violation "process uses derive" \
  '^layering: baton/process/bad\.hpp:1: process must not include baton/derive ' \
  baton/process/bad.hpp '#include <baton/derive/logger.hpp>'
expect_violation "core uses rpc" '^layering: baton/core/bad\.cpp:1: core must not include baton/rpc ' \
  baton/core/bad.cpp '#include <baton/rpc/client.hpp>'
expect_violation "l1 uses node" '^layering: baton/l1/bad\.cpp:1: l1 must not include baton/node ' \
  baton/l1/bad.cpp '#include <baton/node/driver.hpp>'
expect_violation "node uses batcher_service" \
  '^layering: baton/node/bad\.cpp:1: node must not include baton/batcher_service ' \
  baton/node/bad.cpp '#include <baton/batcher_service/tx_manager.hpp>'
expect_violation "a library links upward (baton_library DEPS)" \
  '^layering: baton/l1/CMakeLists\.txt:5: l1 must not link node \(DEPS node\)$' \
  baton/l1/CMakeLists.txt 'baton_library(NAME l1_extra SOURCES x.cpp' '  DEPS core node)'
expect_violation "a library links upward (target_link_libraries)" \
  '^layering: baton/batcher_service/CMakeLists\.txt:4: batcher_service must not link node \(baton_node\)$' \
  baton/batcher_service/CMakeLists.txt 'target_link_libraries(baton_batcher_service PUBLIC baton_node)'
expect_violation "a module with no arrows" '^layering: baton/util: util is not a known module' \
  baton/util/strings.hpp '// no includes: the folder alone is enough'

# 2. Tests, benchmarks and fuzz targets.
expect_violation "an integration test includes the devnet" \
  '^layering: tests/integration/devnet_test\.cpp:1: tests/integration must not include baton/apps ' \
  tests/integration/devnet_test.cpp '#include <baton/apps/devnet/process.hpp>'
expect_violation "an integration test links the devnet" \
  '^layering: tests/integration/CMakeLists\.txt:6: tests/integration must not link apps \(baton_devnet\)$' \
  tests/integration/CMakeLists.txt 'target_link_libraries(baton_devnet_e2e_test PRIVATE baton_devnet)'
expect_violation "an integration test links any library the apps define" \
  '^layering: tests/integration/CMakeLists\.txt:6: tests/integration must not link apps \(baton_cli_support\)$' \
  tests/integration/CMakeLists.txt 'target_link_libraries(baton_node_e2e_test PRIVATE baton_cli_support)'
expect_violation "an integration test reaches the devnet by a relative path" \
  '^layering: tests/integration/relative_test\.cpp:1: tests/integration must not include baton/apps ' \
  tests/integration/relative_test.cpp '#include "../../baton/apps/devnet/process.hpp"'
expect_violation "the test support uses the devnet" \
  '^layering: tests/support/anvil\.cpp:1: tests/support must not include baton/apps ' \
  tests/support/anvil.cpp '#include <baton/apps/devnet/process.hpp>'
expect_violation "a benchmark includes the integration tests' files" \
  '^layering: bench/gas_bench\.cpp:1: bench must not include tests/integration ' \
  bench/gas_bench.cpp '#include <tests/integration/support/anvil.hpp>'
expect_violation "a benchmark links the integration tests' library" \
  '^layering: bench/CMakeLists\.txt:7: bench must not link tests/integration \(baton_integration_helpers\)$' \
  bench/CMakeLists.txt 'target_link_libraries(baton_inbox_gas_bench PRIVATE baton_integration_helpers)'
expect_violation "a benchmark links the apps" \
  '^layering: bench/CMakeLists\.txt:7: bench must not link apps \(baton_decode_command\)$' \
  bench/CMakeLists.txt 'target_link_libraries(baton_core_bench PRIVATE baton_decode_command)'
expect_violation "a scenario test starts anvil" \
  '^layering: tests/scenario/anvil_test\.cpp:1: tests/scenario must not include tests/support ' \
  tests/scenario/anvil_test.cpp '#include <tests/support/anvil.hpp>'
expect_violation "a fuzz target links the apps" '^layering: fuzz/CMakeLists\.txt:2: fuzz must not link apps \(apps\)$' \
  fuzz/CMakeLists.txt 'baton_fuzz_target(decode apps)'
expect_violation "a test folder with no arrows" '^layering: tests/e2e: tests/e2e is not a known module' \
  tests/e2e/x_test.cpp '#include <baton/core/hex.hpp>'

# 3. One home per third-party library.
expect_violation "CLI11 outside apps" '^layering: baton/node/cli\.cpp:1: CLI11 \(<CLI/CLI\.hpp>\) belongs in baton/apps/\* only$' \
  baton/node/cli.cpp '#include <CLI/CLI.hpp>'
expect_violation "httplib outside rpc" '^layering: baton/l1/http\.cpp:1: cpp-httplib \(<httplib\.h>\) belongs in ' \
  baton/l1/http.cpp '#include <httplib.h>'
expect_violation "secp256k1 outside core" '^layering: baton/protocol/sig\.cpp:1: secp256k1 ' \
  baton/protocol/sig.cpp '#include <secp256k1.h>'
expect_violation "prometheus outside node" '^layering: baton/batcher_service/metrics\.cpp:1: prometheus-cpp ' \
  baton/batcher_service/metrics.cpp '#include <prometheus/counter.h>'
expect_violation "JSON in a pure layer" '^layering: baton/derive/json\.cpp:1: nlohmann-json ' \
  baton/derive/json.cpp '#include <nlohmann/json.hpp>'
expect_violation "spdlog in a pure layer" '^layering: baton/batcher/log\.cpp:1: spdlog ' \
  baton/batcher/log.cpp '#include <spdlog/spdlog.h>'
expect_violation "googletest in library code" '^layering: baton/core/check\.cpp:1: googletest ' \
  baton/core/check.cpp '#include <gtest/gtest.h>'
expect_violation "a library with no home" \
  '^layering: baton/core/opt\.hpp:1: <boost/optional\.hpp> is a third-party header with no home' \
  baton/core/opt.hpp '#include <boost/optional.hpp>'

# 5. test_util/ is for tests.
expect_violation "production code includes test_util" \
  '^layering: baton/node/driver\.cpp:1: production code must not include test_util ' \
  baton/node/driver.cpp '#include <baton/derive/test_util/fake_l1_chain.hpp>'
expect_violation "a library links test_util (baton_library LIBS)" \
  '^layering: baton/node/CMakeLists\.txt:[0-9]+: baton_library LIBS must not name baton_derive_test_util: test_util is for tests only$' \
  baton/node/CMakeLists.txt 'baton_library(NAME node_extra SOURCES x.cpp LIBS baton_derive_test_util)'
expect_violation "a library links test_util (target_link_libraries)" \
  '^layering: baton/node/CMakeLists\.txt:[0-9]+: baton_node must not link baton_derive_test_util: test_util is for tests only$' \
  baton/node/CMakeLists.txt 'target_link_libraries(baton_node PUBLIC baton_derive_test_util)'
expect_violation "a test_util links upward" \
  '^layering: baton/derive/CMakeLists\.txt:[0-9]+: derive must not link node \(baton_node\)$' \
  baton/derive/CMakeLists.txt 'baton_test_util(NAME derive_extra LIBS baton_node)'
expect_violation "a test binary links test_util upward" \
  '^layering: baton/derive/CMakeLists\.txt:[0-9]+: derive must not link node \(baton_node_test_util\)$' \
  baton/derive/CMakeLists.txt 'baton_library(NAME derive_extra SOURCES x.cpp TEST_LIBS baton_node_test_util)'

# 4. No exceptions in the pure layers.
expect_violation "throw in core" '^layering: no exceptions in baton/core ' \
  baton/core/bad.cpp 'void f() {' '    throw 1;' '}'
expect_violation "throw in a derive header" '^layering: no exceptions in baton/derive ' \
  baton/derive/bad.hpp 'inline void f() { throw std::runtime_error("x"); }'

echo "check_layering_test: all $n violations caught, the clean tree passes"
