// SPDX-License-Identifier: MIT
#pragma once

// `baton devnet` options as values, and the checks that turn a bad combination into one error
// line (exit 2) before anything starts. Pure: no processes, no files.

#include <baton/core/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace baton::apps::devnet {

// `--kill-batcher I@T` / `--restart-batcher I@T`: batcher I (1-based, as on screen) at T seconds
// after the batchers started.
struct BatcherEvent {
    enum class Kind { kKill, kRestart };
    Kind kind = Kind::kKill;
    std::size_t batcher = 1;
    double at_seconds = 0;

    friend bool operator==(const BatcherEvent&, const BatcherEvent&) = default;
};

// Parses "I@T" (I a positive integer, T non-negative seconds, fractions allowed).
Result<BatcherEvent, std::string> parse_batcher_event(std::string_view text, BatcherEvent::Kind kind);

struct DevnetOptions {
    std::size_t batchers = 3;
    std::uint64_t turn_length = 4;  // L1 blocks per turn
    std::string mechanism = "round-robin";
    std::vector<BatcherEvent> events;        // kills and restarts, any order
    std::optional<double> duration_seconds;  // unset: until Ctrl-C
    std::string run_dir;                     // empty: runs/<UTC timestamp>
    std::uint64_t l1_block_time = 2;         // seconds
    std::uint64_t l2_block_time = 2;         // seconds
    std::uint64_t l2_blocks_per_channel = 4;
    double tx_per_second = 2;  // load generator; 0 disables it
    std::string summary_json;  // empty: none
    std::string anvil;         // empty: BATON_ANVIL env, else the build-time path
    bool no_batchers = false;  // start only the nodes (and no batchers): for debugging derivation
};

// The first rule `options` breaks, as one line without the "error: " prefix.
Result<void, std::string> check_options(const DevnetOptions& options);

// The command line as CLI11 hands it over: every value as text, so that every bad value gets the
// same one-line error and exit code 2 (CLI11's own conversion errors print more). Empty: default.
struct RawDevnetArgs {
    std::string batchers;
    std::string turn_length;
    std::string mechanism;
    std::vector<std::string> kill_batcher;
    std::vector<std::string> restart_batcher;
    std::string duration;
    std::string run_dir;
    std::string l1_block_time;
    std::string l2_blocks_per_channel;
    std::string tx_rate;
    std::string summary_json;
    std::string anvil;
    bool no_batchers = false;
};

// Converts and checks (check_options included).
Result<DevnetOptions, std::string> parse_devnet_args(const RawDevnetArgs& raw);

}  // namespace baton::apps::devnet
