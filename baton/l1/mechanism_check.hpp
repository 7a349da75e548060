// SPDX-License-Identifier: MIT
#pragma once

// MechanismCheck: the rules every leader-election mechanism keeps (docs/mechanisms.md), checked
// against a deployed inbox on a throwaway dev L1 by walking real blocks. The forge kit
// (contracts/test/kit) checks the same rules in the EVM of a test; this checks them on a node, with
// real transactions, as batchers and derivation will meet the mechanism. `baton mechanism check`
// runs it.
//
// The walk: for each block b in [head + 1, head + blocks], at head h = b - 1 (automine off):
//   - lookahead() and, for every block of [max(h, first), min(h + lookahead, last + 1, b + kMaxAhead)),
//     leaderAt: schedule-stable compares each answer with the first one read for that block;
//   - leaderAt(b) is the leader observed for b (leader-is-member); isLeader(x, b) for every batcher,
//     the outsider and address(0); nextWindow(x, b) for every batcher and the outsider, kept and
//     checked after the walk against the observed leaders (check_next_window);
//   - view-gas: eth_estimateGas of each of those view calls, minus the 21,000 intrinsic gas and the
//     calldata gas (EIP-2028: 4 per zero byte, 16 per other byte), at most kViewGasBudget;
//   - fallback-accepts-only-leader: every batcher and the outsider send a batch-like tx to the
//     inbox. Each is first estimated at "pending" (block b): the leader's must pass and every other
//     one must revert with exactly NotLeader(sender, b). Then all are sent (eth_sendTransaction: the
//     node must hold the senders' keys, as anvil's dev accounts) and block b is mined with
//     evm_mine; the leader's receipt must have status 1 and every other one status 0.
// After the walk: no-0x00-selector over the function signatures of the inbox's artifact.
//
// Decisions:
// - A view that reverts or returns malformed data fails the rule that read it (the mechanism is at
//   fault); an RPC failure without revert data (the node is gone) aborts the check with an error.
// - Reads per head are bounded by kMaxAhead blocks (as in the forge kit), so a mechanism fixed far
//   ahead (lookahead 2^32 - 1) costs the same as one fixed 8 blocks ahead; nothing past the last
//   block of the walk is read.
// - A violation is kept per rule at the lowest block it happened at, with a count of the rest.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/l1/leader_schedule.hpp>
#include <baton/rpc/client.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace baton::l1 {

inline constexpr std::uint64_t kViewGasBudget = 30'000;
inline constexpr std::uint64_t kMaxAhead = 32;

enum class MechanismRule {
    kLeaderIsMember,
    kIsLeaderMatchesLeaderAt,
    kNextWindowMatchesLeaderAt,
    kFallbackAcceptsOnlyLeader,
    kScheduleStable,
    kViewGas,
    kNoZeroByteSelector,
};

inline constexpr std::array<MechanismRule, 7> kMechanismRules = {
    MechanismRule::kLeaderIsMember,
    MechanismRule::kIsLeaderMatchesLeaderAt,
    MechanismRule::kNextWindowMatchesLeaderAt,
    MechanismRule::kFallbackAcceptsOnlyLeader,
    MechanismRule::kScheduleStable,
    MechanismRule::kViewGas,
    MechanismRule::kNoZeroByteSelector,
};

// The rule's name as the forge kit prints it ("leader-is-member", …).
const char* to_string(MechanismRule rule) noexcept;

struct RuleViolation {
    std::uint64_t block_num = 0;
    std::string what;
};

struct RuleOutcome {
    MechanismRule rule = MechanismRule::kLeaderIsMember;
    std::uint64_t checked = 0;           // blocks checked (selectors for kNoZeroByteSelector)
    std::optional<RuleViolation> first;  // the violation at the lowest block
    std::uint64_t violations = 0;
};

// The leaders of consecutive L1 blocks as observed: `leaders[i]` led block `first_block + i`.
struct ObservedLeaders {
    std::uint64_t first_block = 0;
    std::vector<Address> leaders;

    std::uint64_t end_block() const noexcept { return first_block + leaders.size(); }
    const Address& at(std::uint64_t block_num) const { return leaders.at(block_num - first_block); }
};

// Whether `answer` = nextWindow(who, from) agrees with `observed` over [from, known_until), where
// known_until is at most the fixed bound of the schedule when the answer was read and at most
// observed.end_block(). nullopt: it agrees. Otherwise what is wrong, with the block:
//   - (0, 0) (nullopt answer) while `who` leads a block of [from, known_until);
//   - start before `from`, or an empty window;
//   - a block of [from, start) led by `who` (an earlier window skipped);
//   - a block of [start, end) not led by `who`;
//   - end < known_until and `who` also leads `end` (the window is not maximal).
struct WindowMismatch {
    std::uint64_t block_num = 0;
    std::string what;
};
std::optional<WindowMismatch> check_next_window(const Address& who, std::uint64_t from,
                                                const std::optional<LeaderWindow>& answer,
                                                const ObservedLeaders& observed, std::uint64_t known_until);

// Net execution gas of a view call from its eth_estimateGas: minus 21,000 and the calldata gas;
// 0 if the estimate is below that.
std::uint64_t net_view_gas(std::uint64_t estimate, ByteView calldata) noexcept;

struct MechanismCheckSpec {
    Address inbox{};
    std::vector<Address> batchers;  // the node must hold their keys (they send fallback txs)
    Address outsider{};             // never a batcher; the node must hold its key too
    std::uint64_t blocks = 48;      // how many blocks to walk
    // The function signatures of the inbox's ABI ("leaderAt(uint256)", …); nullopt: the artifact
    // was not found, and no-0x00-selector fails saying so.
    std::optional<std::vector<std::string>> function_signatures;
};

struct MechanismCheckReport {
    std::uint64_t first_block = 0;
    std::uint64_t last_block = 0;
    std::vector<RuleOutcome> rules;  // in kMechanismRules order
    std::uint64_t max_view_gas = 0;  // net execution gas of the most expensive view call
    std::uint64_t fallback_txs = 0;

    bool passed() const noexcept;
};

enum class [[nodiscard]] MechanismCheckError{
    kRpc,         // the node failed (no revert data: transport, unknown method, …)
    kChainMoved,  // a block was mined by someone else, or a tx landed outside its block
};

const char* to_string(MechanismCheckError e) noexcept;

struct MechanismCheckFailure {
    MechanismCheckError error = MechanismCheckError::kRpc;
    std::string detail;
};

std::string to_string(const MechanismCheckFailure& failure);

// Walks `spec.blocks` blocks from the node's head; turns automine off for the walk (and back on
// at the end). Meant for a dev node nobody else drives.
Result<MechanismCheckReport, MechanismCheckFailure> check_mechanism(rpc::Client& client,
                                                                    const MechanismCheckSpec& spec);

}  // namespace baton::l1
