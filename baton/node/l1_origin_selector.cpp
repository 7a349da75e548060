// SPDX-License-Identifier: MIT
#include <baton/node/l1_origin_selector.hpp>

namespace baton::node {

const char* to_string(OriginError e) noexcept {
    switch (e) {
        case OriginError::kWaitForL1:
            return "past the sequencer drift and the next L1 block is not usable yet";
        case OriginError::kOriginAfterBlock:
            return "the parent's L1 origin is later than the new block";
    }
    return "unknown origin error";
}

Result<OriginChoice, OriginError> select_l1_origin(const protocol::RollupConfig& rollup,
                                                   const derive::L1BlockRef& current,
                                                   const std::optional<derive::L1BlockRef>& next,
                                                   std::uint64_t l2_timestamp, std::uint64_t l1_head_number) {
    if (current.timestamp > l2_timestamp) return unexpected(OriginError::kOriginAfterBlock);
    OriginChoice choice;
    if (next && next->timestamp <= l2_timestamp) {
        choice.origin = *next;
    } else {
        choice.origin = current;
        const std::uint64_t drift = rollup.max_sequencer_drift_at(current.timestamp);
        if (l2_timestamp > current.timestamp + drift) {
            // Staying is allowed only when the next block is known to be later than this block.
            if (!next) return unexpected(OriginError::kWaitForL1);
            choice.drift_exceeded = true;
        }
    }
    if (choice.origin.number + rollup.seq_window_size <= l1_head_number) choice.window_exceeded = true;
    choice.no_user_txns = choice.drift_exceeded || choice.window_exceeded;
    return choice;
}

}  // namespace baton::node
