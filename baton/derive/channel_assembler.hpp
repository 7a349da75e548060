// SPDX-License-Identifier: MIT
#pragma once

// Channel assembler: the Holocene channel stage (op-node ChannelAssembler; OP-PROTOCOL.md §6). It
// holds a single staging channel and returns a channel's raw (still compressed) bytes once its
// closing frame arrives with every lower number present.
// - A frame 0 always opens a new staging channel, replacing an unfinished one (dropped, counted).
// - A non-first frame with no staging channel is dropped. A frame the staging channel refuses is
//   dropped: another channel id, not the next number in order (the frame queue orders frames
//   within one payload only), a second closing frame, a duplicate.
// - After each accepted frame, a channel whose Σ(len(data) + 200) exceeds MAX_RLP_BYTES_PER_CHANNEL
//   (by the origin's timestamp) is dropped.
// - Before reading, a staging channel is timed out (dropped) when
//   open_block + channel_timeout(origin.timestamp) < origin.number; Granite's 50 comes from
//   RollupConfig::channel_timeout_at, so the timeout is judged by the L1 block being read.
// - FlushChannel (fast channel invalidation) and restarts drop the staging channel.
//
// Pre-Holocene origins belong to ChannelBank; ChannelProvider switches between the two. Used on its
// own at a pre-Holocene origin, this stage returns critical/kUnsupportedFork rather than derive with
// the wrong rules.

#include <baton/core/bytes.hpp>
#include <baton/derive/frame_queue.hpp>
#include <baton/derive/metrics.hpp>
#include <baton/derive/stage.hpp>
#include <baton/protocol/channel_in.hpp>
#include <baton/protocol/rollup_config.hpp>

#include <cstdint>
#include <memory>
#include <optional>

namespace baton::derive {

// Holocene's extra frame rule (op-node's requireInOrder): a channel takes its frames in order from 0,
// so `frame` must be numbered exactly the count of frames the channel already holds. Frames of
// another channel are left to protocol::Channel::add_frame to refuse.
inline bool is_next_in_order(const protocol::Channel& channel, const protocol::Frame& frame) noexcept {
    return frame.id != channel.id() || frame.number == channel.frame_count();
}

// What the channel reader stage reads from the stage before it.
class RawChannelProvider : public Stage {
public:
    // The next complete channel's bytes; temporary/kEof when the origin has no more frames.
    virtual PipelineResult<Bytes> next_raw_channel() = 0;
};

class ChannelAssembler final : public RawChannelProvider {
public:
    // `max_channel_size` replaces MAX_RLP_BYTES_PER_CHANNEL when set (tests use tiny limits).
    ChannelAssembler(const protocol::RollupConfig& rollup, std::unique_ptr<NextFrameProvider> prev,
                     Telemetry telemetry = {}, std::optional<std::uint64_t> max_channel_size = std::nullopt);

    std::optional<L1BlockRef> origin() const override { return prev_->origin(); }
    PipelineResult<void> advance_origin() override { return prev_->advance_origin(); }
    PipelineResult<void> signal(const Signal& signal) override;

    PipelineResult<Bytes> next_raw_channel() override;

    // The staging channel's id, if one is open.
    std::optional<protocol::ChannelId> staging_channel() const;

private:
    struct Staging {
        protocol::Channel channel;
        std::uint64_t open_block = 0;
    };

    const protocol::RollupConfig& rollup_;
    std::unique_ptr<NextFrameProvider> prev_;
    Telemetry telemetry_;
    std::optional<std::uint64_t> max_channel_size_;
    std::optional<Staging> staging_;
};

}  // namespace baton::derive
