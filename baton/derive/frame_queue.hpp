// SPDX-License-Identifier: MIT
#pragma once

// Frame queue: parses each batcher payload into frames, all or nothing (protocol's tx_payload: one
// bad frame or trailing byte rejects the whole payload, which is logged and counted), and from
// Holocene (judged by the origin's timestamp) prunes the queue to strictly ordered frames
// (OP-PROTOCOL.md §6, op-node pruneFrameQueue), looking at consecutive pairs (current, next):
// - same channel: `next` is dropped if `current` closed the channel or `next` is not current + 1;
// - other channel, `next` is a frame 0 and `current` did not close its channel: `current` and the
//   frames of its channel before it are dropped (the unclosed channel is evicted);
// - other channel, `next` is not a frame 0: `next` is dropped.
// The queue only loads a new payload when it is empty, so pruning sees one payload's frames;
// ordering across payloads is enforced again by the channel assembler. Before Holocene frames pass
// through unchanged.

#include <baton/derive/l1_retrieval.hpp>
#include <baton/derive/metrics.hpp>
#include <baton/derive/stage.hpp>
#include <baton/protocol/frame.hpp>
#include <baton/protocol/rollup_config.hpp>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

namespace baton::derive {

// A frame the Holocene pruning removed, and why.
struct PrunedFrame {
    protocol::ChannelId id{};
    std::uint16_t number = 0;
    DropReason reason = DropReason::kFrameOutOfOrder;
};

// Holocene pruning of `frames` in place; returns what was removed, in removal order.
std::vector<PrunedFrame> prune_frame_queue(std::deque<protocol::Frame>& frames);

// What the channel stage reads from the stage before it.
class NextFrameProvider : public Stage {
public:
    // The next frame at the current origin; temporary/kNotEnoughData when a payload yielded no
    // frame (step again), temporary/kEof when the origin has no more data.
    virtual PipelineResult<protocol::Frame> next_frame() = 0;
};

class FrameQueue final : public NextFrameProvider {
public:
    FrameQueue(const protocol::RollupConfig& rollup, std::unique_ptr<FrameQueueProvider> prev,
               Telemetry telemetry = {});

    std::optional<L1BlockRef> origin() const override { return prev_->origin(); }
    PipelineResult<void> advance_origin() override { return prev_->advance_origin(); }
    PipelineResult<void> signal(const Signal& signal) override;

    PipelineResult<protocol::Frame> next_frame() override;

    std::size_t queued() const noexcept { return queue_.size(); }

private:
    PipelineResult<void> load_frames();

    const protocol::RollupConfig& rollup_;
    std::unique_ptr<FrameQueueProvider> prev_;
    Telemetry telemetry_;
    std::deque<protocol::Frame> queue_;
};

}  // namespace baton::derive
