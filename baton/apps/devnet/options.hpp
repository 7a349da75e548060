// SPDX-License-Identifier: MIT
#pragma once

// `baton devnet` options as values, and the checks that turn a bad combination into one error
// line (exit 2) before anything starts. Pure: no processes, no files.

#include <baton/core/result.hpp>
#include <baton/l1/mechanism_deploy.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace CLI {
class App;
}

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

// `--bid I=RENT[@T]` (docs/devnet.md, "Auction bids"): with `--mechanism auction`, batcher I
// (1-based) bids RENT gwei per window from its own key at T seconds after the batchers started
// (default 0), escrowing the rent of the contract's maxTenure windows.
struct BidSpec {
    std::size_t batcher = 1;
    std::uint64_t rent_gwei = 0;
    double at_seconds = 0;

    friend bool operator==(const BidSpec&, const BidSpec&) = default;
};

// 1 ETH per window: escrows of maxTenure windows stay far below a dev account's 10,000 ETH.
inline constexpr std::uint64_t kMaxBidGwei = 1'000'000'000;

// Parses "I=RENT" or "I=RENT@T" (RENT whole gwei, 1..kMaxBidGwei; T seconds, fractions allowed).
Result<BidSpec, std::string> parse_bid(std::string_view text);
// The value as the user would write it ("1=1000000@40").
std::string describe(const BidSpec& bid);

// A fault the devnet injects at `at_seconds` after the batchers started (docs/devnet.md, "Fault
// injection"):
// - kL1Reorg `--l1-reorg DEPTH@T`: anvil_reorg replaces the last DEPTH L1 blocks; the txs it drops
//   go back to the pool, as a real L1 node does; the inbox's code is checked afterwards.
// - kL1Outage `--l1-outage T+S`: every Baton process (nodes, batchers) loses L1 for S seconds: the
//   devnet's L1 proxy, which they use, refuses and cuts connections; L1 itself keeps mining.
// - kSpam `--spam I@T`: a non-member sends I batch-shaped txs (version-0 frames) to the inbox, one
//   per L1 block; each must revert.
// - kChangeInbox `--change-inbox @T`: governance deploys a second inbox (same leaders and turns) and
//   points SystemConfig's batch inbox at it (config update type 128).
struct FaultSpec {
    enum class Kind { kL1Reorg, kL1Outage, kSpam, kChangeInbox };
    Kind kind = Kind::kL1Reorg;
    double at_seconds = 0;
    std::uint64_t depth = 0;    // kL1Reorg: L1 blocks replaced
    double outage_seconds = 0;  // kL1Outage
    std::uint64_t txs = 0;      // kSpam: txs sent

    friend bool operator==(const FaultSpec&, const FaultSpec&) = default;
};

inline constexpr std::uint64_t kMaxReorgDepth = 32;
inline constexpr double kMaxOutageSeconds = 600;
inline constexpr std::uint64_t kMaxSpamTxs = 100;

// The flag a fault is given with ("--l1-reorg", …) and its snake_case name for the summary.
const char* fault_flag(FaultSpec::Kind kind) noexcept;
const char* fault_name(FaultSpec::Kind kind) noexcept;
// The option's value as the user would write it ("4@30", "30+10", "5@40", "@60").
std::string describe(const FaultSpec& fault);

// Parse one option value: "DEPTH@T", "T+S", "I@T", "@T" (T and S seconds, fractions allowed).
Result<FaultSpec, std::string> parse_l1_reorg(std::string_view text);
Result<FaultSpec, std::string> parse_l1_outage(std::string_view text);
Result<FaultSpec, std::string> parse_spam(std::string_view text);
Result<FaultSpec, std::string> parse_change_inbox(std::string_view text);

struct DevnetOptions {
    std::size_t batchers = 3;
    // L1 blocks per turn; unset: the mechanism's default (turn_length_or_default).
    std::optional<std::uint64_t> turn_length;
    // The fallback ladder's parameters for the mechanism's deploy script (unset: its defaults).
    l1::LadderOverrides ladder;
    // The batchers' --data-availability: calldata, blobs or auto.
    std::string data_availability = "calldata";
    // `round-robin`, `stake` or `PATH.sol:ScriptContract`: deployed through its Foundry script.
    std::string mechanism = "round-robin";
    std::string forge;                       // empty: $BATON_FORGE, else the forge binary from npm
    std::vector<BatcherEvent> events;        // kills and restarts, any order
    std::optional<double> duration_seconds;  // unset: until Ctrl-C
    std::string run_dir;                     // empty: runs/<UTC timestamp>
    std::uint64_t l1_block_time = 2;         // seconds
    std::uint64_t l2_block_time = 2;         // seconds
    std::uint64_t l2_blocks_per_channel = 4;
    double tx_per_second = 2;       // load generator; 0 disables it
    std::string summary_json;       // empty: none
    std::string anvil;              // empty: BATON_ANVIL env, else the build-time path
    bool no_batchers = false;       // start only the nodes (and no batchers): for debugging derivation
    std::vector<FaultSpec> faults;  // any order
    std::vector<BidSpec> bids;      // --bid, any order; only with --mechanism auction
    // --rotate (issue 15): every batcher is also a sequencer, each with its own `baton node --mode
    // rotating` and L2 engine, building the L2 blocks of its own turns.
    bool rotate = false;
    // --handover-wait: passed to every rotating node; unset: kDefaultHandoverWaitSeconds.
    std::optional<std::uint64_t> handover_wait_seconds;

    // The rotating nodes' --sequencing-offset (L1 blocks): half a turn, at least 1. A leader then
    // builds from half a turn before its posting window to half a turn before its end, so what it
    // built is in L1-postable channels while its window is still open, and the schedule is read at
    // most half a turn ahead, inside every built-in mechanism's lookahead.
    std::uint64_t sequencing_offset() const noexcept;
    std::uint64_t handover_wait_or_default() const noexcept;

    // 4 L1 blocks; 2 for `stake`, a lottery over windows that needs many windows in a short run
    // (docs/mechanisms.md: the 1-seat batcher of 1, 2, 3 seats leads none of N windows with
    // probability (5/6)^N, about 0.5 % in 120 s at 2-block turns, 11 % at 4).
    std::uint64_t turn_length_or_default() const noexcept;
};

// The longest --handover-wait: a wait longer than a minute stalls the chain for a minute per
// handover and is a typo in a devnet.
inline constexpr std::uint64_t kMaxHandoverWaitSeconds = 60;
inline constexpr std::uint64_t kDefaultHandoverWaitSeconds = 3;

// The deploy script `--mechanism` names (a relative PATH is taken from the working directory); a
// one-line error when it is neither `round-robin` nor an existing `PATH.sol:Contract`.
Result<l1::MechanismScriptRef, std::string> resolve_mechanism(const std::string& mechanism);

// The first rule `options` breaks, as one line without the "error: " prefix.
Result<void, std::string> check_options(const DevnetOptions& options);

// Registers every `baton devnet` option on `cmd`, writing into `options`: numbers typed and
// range-checked by CLI11 (cli_support's whole_number: no negative wraps, no overflow), values such
// as I@T by this file's parsers. Cross-option rules are check_options', after parsing.
void add_devnet_options(CLI::App& cmd, DevnetOptions& options);

// `args` (after `baton devnet`) parsed as the command parses them, check_options included; the
// error is the one line the command prints after "error: ".
Result<DevnetOptions, std::string> parse_devnet_command_line(std::vector<std::string> args);

}  // namespace baton::apps::devnet
