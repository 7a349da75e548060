// SPDX-License-Identifier: MIT
#include <baton/derive/frame_queue.hpp>

#include <baton/core/hex.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <string>
#include <utility>

namespace baton::derive {

namespace {

constexpr std::string_view kStage = "frame_queue";

std::string frame_text(const protocol::ChannelId& id, std::uint16_t number) {
    return "frame " + to_hex(id) + ":" + std::to_string(number);
}

}  // namespace

std::vector<PrunedFrame> prune_frame_queue(std::deque<protocol::Frame>& frames) {
    std::vector<PrunedFrame> pruned;
    auto remove = [&](std::size_t at, DropReason reason) {
        pruned.push_back(PrunedFrame{frames[at].id, frames[at].number, reason});
        frames.erase(frames.begin() + static_cast<std::ptrdiff_t>(at));
    };
    // The cursor only moves when nothing was removed, so after a removal the new pair at the same
    // position is checked again (op-node's loop).
    std::size_t i = 0;
    while (i + 1 < frames.size()) {
        const protocol::Frame& current = frames[i];
        const protocol::Frame& next = frames[i + 1];
        if (current.id == next.id) {
            if (current.is_last) {
                remove(i + 1, DropReason::kFrameAfterLast);
                continue;
            }
            if (next.number != current.number + 1) {
                remove(i + 1, DropReason::kFrameOutOfOrder);
                continue;
            }
        } else {
            if (next.number == 0 && !current.is_last) {
                remove(i, DropReason::kUnclosedChannelEvicted);
                // Step back so earlier frames of the same unclosed channel are evicted too.
                if (i > 0) --i;
                continue;
            }
            if (next.number != 0) {
                remove(i + 1, DropReason::kFrameOutOfOrder);
                continue;
            }
        }
        ++i;
    }
    return pruned;
}

FrameQueue::FrameQueue(const protocol::RollupConfig& rollup, std::unique_ptr<FrameQueueProvider> prev,
                       Telemetry telemetry)
    : rollup_(rollup), prev_(std::move(prev)), telemetry_(telemetry) {}

PipelineResult<void> FrameQueue::load_frames() {
    if (!queue_.empty()) return {};
    auto data = prev_->next_data();
    if (!data) return baton::unexpected(std::move(data.error()));

    auto frames = protocol::decode_tx_payload(*data);
    if (!frames) {
        std::string detail = std::string(protocol::to_string(frames.error().error)) + " at offset " +
                             std::to_string(frames.error().offset);
        if (frames.error().error == protocol::TxPayloadError::kInvalidFrame) {
            detail += " (";
            detail += protocol::to_string(frames.error().frame_error);
            detail += ")";
        }
        telemetry_.drop(kStage, DropReason::kInvalidTxPayload, detail);
        return {};  // the queue may still be stepped: the next payload can be fine
    }
    for (auto& f : *frames) queue_.push_back(std::move(f));

    auto origin = prev_->origin();
    if (!origin)
        return baton::unexpected(critical(Reason::kMissingOrigin, "frame queue has data but no origin"));
    if (rollup_.is_holocene_active(origin->timestamp)) {
        for (const auto& p : prune_frame_queue(queue_))
            telemetry_.drop(kStage, p.reason, frame_text(p.id, p.number));
    }
    return {};
}

PipelineResult<protocol::Frame> FrameQueue::next_frame() {
    auto loaded = load_frames();
    if (!loaded) return baton::unexpected(std::move(loaded.error()));
    if (queue_.empty()) return baton::unexpected(temporary(Reason::kNotEnoughData));
    protocol::Frame out = std::move(queue_.front());
    queue_.pop_front();
    return out;
}

PipelineResult<void> FrameQueue::signal(const Signal& signal) {
    auto forwarded = prev_->signal(signal);
    if (!forwarded) return forwarded;
    if (is_restart(signal)) queue_.clear();
    return {};
}

}  // namespace baton::derive
