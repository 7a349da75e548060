// SPDX-License-Identifier: MIT
#include <baton/node/rotation.hpp>

namespace baton::node {

std::uint64_t SequencingMap::l1_block_for(std::uint64_t l2_timestamp) const noexcept {
    const std::uint64_t block_time = l1_block_time == 0 ? 1 : l1_block_time;
    const std::uint64_t slots =
        l2_timestamp > l1_genesis_time ? (l2_timestamp - l1_genesis_time) / block_time : 0;
    return l1_genesis_number + slots + offset;
}

const char* to_string(RotationAction action) noexcept {
    switch (action) {
        case RotationAction::kNotDue:
            return "not_due";
        case RotationAction::kBuild:
            return "build";
        case RotationAction::kFollow:
            return "follow";
        case RotationAction::kWaitForHandover:
            return "wait_for_handover";
        case RotationAction::kTakeOver:
            return "take_over";
    }
    return "unknown";
}

RotationAction HandoverPolicy::decide(std::uint64_t next_time, std::uint64_t now_ms,
                                      const std::optional<Address>& next_builder,
                                      const std::optional<Address>& current_builder, const Address& self) {
    if (now_ms < next_time * 1000) return RotationAction::kNotDue;
    if (next_builder && *next_builder == self) {
        waiting_since_ms_.reset();
        return RotationAction::kBuild;
    }
    if (!current_builder || *current_builder != self) {
        waiting_since_ms_.reset();
        return RotationAction::kFollow;
    }
    // Our turn by the clock, but the block due is an earlier builder's.
    if (!waiting_since_ms_) waiting_since_ms_ = now_ms;
    if (now_ms - *waiting_since_ms_ >= wait_ms_) return RotationAction::kTakeOver;
    return RotationAction::kWaitForHandover;
}

}  // namespace baton::node
