// SPDX-License-Identifier: MIT
#pragma once

// The sequencer's choice of L1 origin for its next L2 block (op-node's L1OriginSelector), as a pure
// function of the parent's origin, the next L1 block (if the sequencer may use it yet) and the new
// block's timestamp.
//
// Rules (OP-PROTOCOL.md, batch validity; op-node sequencer):
// - The origin is the parent's or the next L1 block, never further: an epoch may not be skipped.
// - The next L1 block is adopted as soon as the L2 timestamp reaches its timestamp. "Usable" is the
//   caller's call: it exists and is at least `conf depth` blocks below the L1 head.
// - Past the drift (timestamp > origin.time + max_sequencer_drift, Fjord's constant from Fjord):
//   a block may stay on the old origin only when empty and only while the next L1 block is later
//   than the timestamp. If the next block is not known the sequencer must wait (the verifier's
//   validator would otherwise wait for it, then judge); so that is kWaitForL1.
// - The sequencing window: a batch must land within seq_window_size L1 blocks of its epoch. If
//   the parent's origin is already that far behind the L1 head, nothing the sequencer builds on it
//   will be posted in time; derivation will fill the gap with deposit-only blocks, so the sequencer
//   builds empty blocks (no user txns) until it catches up, and says so (`window_exceeded`).

#include <baton/core/result.hpp>
#include <baton/derive/block_ref.hpp>
#include <baton/protocol/rollup_config.hpp>

#include <cstdint>
#include <optional>

namespace baton::node {

enum class [[nodiscard]] OriginError{
    kWaitForL1,         // past the drift and the next L1 block is not usable yet
    kOriginAfterBlock,  // the parent's origin is later than the new block (a broken chain)
};

const char* to_string(OriginError e) noexcept;

struct OriginChoice {
    derive::L1BlockRef origin;
    bool no_user_txns = false;  // drift or window exceeded: the block must be empty
    bool drift_exceeded = false;
    bool window_exceeded = false;

    friend bool operator==(const OriginChoice&, const OriginChoice&) = default;
};

// `current`: the parent's origin. `next`: L1 block current.number + 1 when usable, else nullopt.
// `l1_head_number`: the L1 head the sequencer sees (for the window check).
Result<OriginChoice, OriginError> select_l1_origin(const protocol::RollupConfig& rollup,
                                                   const derive::L1BlockRef& current,
                                                   const std::optional<derive::L1BlockRef>& next,
                                                   std::uint64_t l2_timestamp, std::uint64_t l1_head_number);

}  // namespace baton::node
