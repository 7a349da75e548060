// SPDX-License-Identifier: MIT
#pragma once

// Signals sent down the stage chain (kona's Signal). Each stage forwards a signal to the stage it
// owns first, then clears its own state, so the oldest stage (L1 traversal) is reset before the
// stages that read from it.
//
// - ResetSignal: restart derivation at `l1_origin` with `system_config` as of that block, the L2
//   safe head being `l2_safe_head`. Every stage drops its buffers.
// - ActivationSignal: a fork changed the stage rules (Holocene); same payload, same flush.
// - FlushChannel: the batch stage invalidated the current channel (Holocene fast channel
//   invalidation); the channel stage drops its staging channel, earlier stages keep their state.

#include <baton/derive/block_ref.hpp>
#include <baton/protocol/system_config.hpp>

#include <variant>

namespace baton::derive {

struct ResetSignal {
    L2BlockRef l2_safe_head;
    L1BlockRef l1_origin;
    protocol::SystemConfig system_config;
};

struct ActivationSignal {
    L2BlockRef l2_safe_head;
    L1BlockRef l1_origin;
    protocol::SystemConfig system_config;
};

struct FlushChannel {};

using Signal = std::variant<ResetSignal, ActivationSignal, FlushChannel>;

// Reset and Activation both restart the stages at a new origin.
inline bool is_restart(const Signal& signal) noexcept {
    return !std::holds_alternative<FlushChannel>(signal);
}

}  // namespace baton::derive
