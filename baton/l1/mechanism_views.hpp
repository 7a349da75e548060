// SPDX-License-Identifier: MIT
#pragma once

// The optional interfaces a mechanism may implement beside ILeaderElection (docs/mechanisms.md,
// "Optional interfaces"), read by tools that must not name a mechanism:
// - ILeaderWeights.weightAt(who, l1Block) -> (weight, total): how much `who` weighs in the set that
//   elects the leader of `l1Block` (seats, stake);
// - IMissReporting.windowOf(l1Block) -> window and reportMissed(window): a leader whose window passed
//   without a batch from it can be reported by anyone.
//
// Decisions:
// - "Not implemented" is a value, not an error: a mechanism without the function answers its
//   selector through the inbox's fallback, which reverts for a caller that is not the leader (the
//   calls here come from address 0 or from a non-member), so a node error (a revert) or return data
//   of the wrong length reads as nullopt. Only a failure to reach the node is an error.
// - Weights are read as uint64: a weight that does not fit is malformed for a tool that prints shares.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/l1/leader_schedule.hpp>
#include <baton/rpc/client.hpp>

#include <cstdint>
#include <optional>

namespace baton::l1 {

struct LeaderWeight {
    std::uint64_t weight = 0;  // the member's
    std::uint64_t total = 0;   // the whole electing set's

    friend bool operator==(const LeaderWeight&, const LeaderWeight&) = default;
};

// ILeaderWeights.weightAt(who, l1Block), read with eth_call at `at`. nullopt: not implemented.
Result<std::optional<LeaderWeight>, ScheduleFailure> read_weight_at(rpc::Client& client, const Address& inbox,
                                                                    const Address& who,
                                                                    std::uint64_t l1_block,
                                                                    const rpc::BlockTag& at);

// IMissReporting.windowOf(l1Block). nullopt: not implemented.
Result<std::optional<std::uint64_t>, ScheduleFailure> read_window_of(rpc::Client& client,
                                                                     const Address& inbox,
                                                                     std::uint64_t l1_block,
                                                                     const rpc::BlockTag& at);

// Calldata of IMissReporting.reportMissed(window).
Bytes report_missed_calldata(std::uint64_t window);

}  // namespace baton::l1
