// SPDX-License-Identifier: MIT
#pragma once

// Who builds which L2 block when sequencing rotates with the election (docs/node.md, "Rotating
// mode"). Pure: the caller brings the clock and the leaderAt answers.
//
// The sequencing map. The L2 block with timestamp t is built by
//     leaderAt(l1_genesis_number + floor((t - l1_genesis_time) / l1_block_time) + offset)
// i.e. by whoever leads the L1 block `offset` blocks after the one that is current at t, if L1
// keeps its block time. A leader therefore sequences the L2 blocks of the `offset` L1 blocks before
// its posting window and of all but the last `offset` of the window itself, so what it builds early
// in its turn it can still post in its own window; what it builds at the end is posted by the next
// poster (batchers post from the safe head). On a chain that misses L1 slots the map drifts from
// the real block numbers; every node computes the same map, so they still agree on the builder.
//
// The handover (HandoverPolicy). At a turn boundary the incoming builder may lack the outgoing
// one's last blocks. It builds a block when the block's timestamp maps to itself; when the clock is
// in its own turn but the next block's timestamp still maps to someone else, it waits (following
// that builder's blocks) up to `handover_wait`, then takes over: it builds those missing blocks
// itself, on the best head it has. Blocks the outgoing builder made and nobody received are
// replaced everywhere once L1 says what the chain is.

#include <baton/core/address.hpp>

#include <cstdint>
#include <optional>

namespace baton::node {

struct SequencingMap {
    std::uint64_t l1_genesis_number = 0;
    std::uint64_t l1_genesis_time = 0;
    std::uint64_t l1_block_time = 12;  // seconds, > 0
    std::uint64_t offset = 2;          // L1 blocks

    // The L1 block whose leader builds the L2 block at `l2_timestamp`.
    std::uint64_t l1_block_for(std::uint64_t l2_timestamp) const noexcept;
};

enum class RotationAction : std::uint8_t {
    kNotDue,           // the next block's time has not come
    kBuild,            // the next block is ours to build
    kFollow,           // another builder's block: fetch it from that builder
    kWaitForHandover,  // our turn began, the outgoing builder's last blocks have not arrived yet
    kTakeOver,         // they did not arrive in time: build them ourselves
};

const char* to_string(RotationAction action) noexcept;

class HandoverPolicy {
public:
    explicit HandoverPolicy(std::uint64_t handover_wait_ms) : wait_ms_(handover_wait_ms) {}

    // `next_time` is the next block's timestamp (s), `now_ms` the wall clock (ms); `next_builder`
    // and `current_builder` are the leaders the map gives for next_time and for now (nullopt: not
    // known, e.g. leaderAt failed).
    RotationAction decide(std::uint64_t next_time, std::uint64_t now_ms,
                          const std::optional<Address>& next_builder,
                          const std::optional<Address>& current_builder, const Address& self);

private:
    std::uint64_t wait_ms_;
    std::optional<std::uint64_t> waiting_since_ms_;
};

}  // namespace baton::node
