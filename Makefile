# SPDX-License-Identifier: MIT
# Thin wrappers. Each target first runs scripts/bootstrap (idempotent: installs only what is missing).
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
CTEST_ARGS ?=

.PHONY: all bootstrap build test lint unit integration demo bench fuzz asan clean

all: build

bootstrap:
	@scripts/bootstrap

build: bootstrap
	@cmake --preset default -DBATON_SHARED_DIR=$(abspath ../shared) >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# Every check CI runs: layering, formatting and clang-tidy on what changed since .ci/lint-base,
# then every ctest test (unit, contracts, integration).
test: build
	@scripts/check_layering.sh
	@scripts/lint --changed
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

# clang-format check and clang-tidy over the whole tree (~20 min of CPU; make test checks the changes).
lint: bootstrap
	@scripts/lint

unit: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) -L unit

integration: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -L integration

demo: build
	@scripts/demo

bench: build
	@scripts/bench

# Local only (minutes): builds the libFuzzer targets with clang and runs each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
fuzz: bootstrap
	@cmake --preset fuzz -DBATON_SHARED_DIR=$(abspath ../shared) >/dev/null
	@cmake --build build-fuzz -j $(JOBS)
	@scripts/run_fuzzers $(FUZZ_SECONDS)

# Unit and scenario tests under ASan + UBSan: the scenario tests drive the whole pipeline and the
# batcher, which the unit tests reach only stage by stage.
asan: bootstrap
	@cmake --preset asan -DBATON_SHARED_DIR=$(abspath ../shared) >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@cd build-asan && ctest --output-on-failure -j $(JOBS) -L 'unit|scenario'

clean:
	rm -rf $(BUILD_DIR) build-asan build-fuzz
