// SPDX-License-Identifier: MIT
#include <baton/derive/channel_assembler.hpp>

#include <baton/core/hex.hpp>

#include <string>
#include <utility>

namespace baton::derive {

namespace {

constexpr std::string_view kStage = "channel_assembler";

std::string frame_text(const protocol::Frame& frame) {
    return "frame " + to_hex(frame.id) + ":" + std::to_string(frame.number);
}

std::string channel_text(const protocol::ChannelId& id) {
    return "channel " + to_hex(id);
}

}  // namespace

ChannelAssembler::ChannelAssembler(const protocol::RollupConfig& rollup,
                                   std::unique_ptr<NextFrameProvider> prev, Telemetry telemetry,
                                   std::optional<std::uint64_t> max_channel_size)
    : rollup_(rollup), prev_(std::move(prev)), telemetry_(telemetry), max_channel_size_(max_channel_size) {}

std::optional<protocol::ChannelId> ChannelAssembler::staging_channel() const {
    if (!staging_) return std::nullopt;
    return staging_->channel.id();
}

PipelineResult<Bytes> ChannelAssembler::next_raw_channel() {
    auto origin = prev_->origin();
    if (!origin) return baton::unexpected(temporary(Reason::kMissingOrigin, "channel assembler not reset"));
    if (!rollup_.is_holocene_active(origin->timestamp)) {
        return baton::unexpected(
            critical(Reason::kUnsupportedFork,
                     "pre-Holocene channel bank not implemented; origin " + to_string(*origin)));
    }
    if (staging_ && staging_->open_block + rollup_.channel_timeout_at(origin->timestamp) < origin->number) {
        telemetry_.drop(
            kStage, DropReason::kChannelTimedOut,
            channel_text(staging_->channel.id()) + " opened at " + std::to_string(staging_->open_block));
        staging_.reset();
    }

    // Frames are moved around without decompressing, so draining the whole origin in one call costs
    // no more than the size of its batcher txs (op-node does the same). The origin cannot move
    // inside the loop (only the driver advances it), so `origin` is every frame's L1 block.
    for (;;) {
        auto next = prev_->next_frame();
        if (!next) return baton::unexpected(std::move(next.error()));
        protocol::Frame frame = std::move(*next);

        if (frame.number == 0) {
            if (staging_ && !staging_->channel.is_ready()) {
                telemetry_.drop(kStage, DropReason::kChannelReplaced,
                                channel_text(staging_->channel.id()) + " by " + frame_text(frame));
            }
            staging_.emplace(Staging{protocol::Channel(frame.id), origin->number});
        } else if (!staging_) {
            telemetry_.drop(kStage, DropReason::kFrameWithoutChannel, frame_text(frame));
            continue;
        }

        // Frames must arrive in order across payloads too; protocol::Channel accepts any order, so the
        // check is made here before add_frame.
        Staging& s = *staging_;
        if (!is_next_in_order(s.channel, frame)) {
            telemetry_.drop(
                kStage, DropReason::kFrameRejected,
                frame_text(frame) + ": out of order, expected " + std::to_string(s.channel.frame_count()));
            continue;
        }
        const bool is_last = frame.is_last;
        const std::string text = frame_text(frame);
        auto added = s.channel.add_frame(std::move(frame));
        if (!added) {
            telemetry_.drop(kStage, DropReason::kFrameRejected,
                            text + ": " + protocol::to_string(added.error()));
            continue;
        }
        const std::uint64_t limit =
            max_channel_size_.value_or(rollup_.max_rlp_bytes_per_channel_at(origin->timestamp));
        if (s.channel.size() > limit) {
            telemetry_.drop(kStage, DropReason::kChannelTooLarge,
                            channel_text(s.channel.id()) + " size " + std::to_string(s.channel.size()));
            staging_.reset();
            continue;
        }
        if (is_last) break;
    }

    if (!staging_->channel.is_ready()) {
        // In-order frames ending with a closing frame are always ready; anything else is a bug.
        return baton::unexpected(critical(Reason::kInvariant, "closed channel not ready"));
    }
    Bytes data = staging_->channel.data();
    staging_.reset();
    return data;
}

PipelineResult<void> ChannelAssembler::signal(const Signal& signal) {
    auto forwarded = prev_->signal(signal);
    if (!forwarded) return forwarded;
    staging_.reset();
    return {};
}

}  // namespace baton::derive
