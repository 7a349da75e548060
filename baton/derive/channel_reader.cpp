// SPDX-License-Identifier: MIT
#include <baton/derive/channel_reader.hpp>

#include <string>
#include <utility>

namespace baton::derive {

namespace {
constexpr std::string_view kStage = "channel_reader";
}  // namespace

ChannelReader::ChannelReader(const protocol::RollupConfig& rollup, std::unique_ptr<RawChannelProvider> prev,
                             Telemetry telemetry)
    : rollup_(rollup), prev_(std::move(prev)), telemetry_(telemetry) {}

PipelineResult<protocol::Batch> ChannelReader::next_batch() {
    if (!reader_) {
        auto channel = prev_->next_raw_channel();
        if (!channel) return baton::unexpected(std::move(channel.error()));
        ++channel_serial_;
        auto origin = prev_->origin();
        if (!origin) return baton::unexpected(critical(Reason::kMissingOrigin, "channel without origin"));
        auto opened = protocol::ChannelReader::open(
            *channel, rollup_.is_fjord_active(origin->timestamp),
            static_cast<std::size_t>(rollup_.max_rlp_bytes_per_channel_at(origin->timestamp)));
        if (!opened) {
            telemetry_.drop(kStage, DropReason::kChannelUnreadable,
                            std::string(protocol::to_string(opened.error())) + " at " + to_string(*origin));
            return baton::unexpected(temporary(Reason::kNotEnoughData));
        }
        reader_.emplace(std::move(*opened));
    }

    auto raw = reader_->next_batch();
    if (!raw) {
        if (reader_->end() != protocol::ChannelEnd::kComplete) {
            telemetry_.drop(kStage, DropReason::kChannelCut,
                            std::string(protocol::to_string(reader_->end())) + " at stream offset " +
                                std::to_string(reader_->end_offset()));
        }
        reader_.reset();
        return baton::unexpected(temporary(Reason::kNotEnoughData));
    }
    auto batch = protocol::decode_batch(*raw);
    if (!batch) {
        telemetry_.drop(kStage, DropReason::kInvalidBatch,
                        std::string(protocol::to_string(batch.error().error)) + " at batch offset " +
                            std::to_string(batch.error().offset) + "; rest of the channel dropped");
        reader_.reset();
        return baton::unexpected(temporary(Reason::kNotEnoughData));
    }
    const auto type = protocol::batch_type(*batch);
    if (type != protocol::BatchType::kSingular) {
        auto origin = prev_->origin();
        if (!origin || !rollup_.is_delta_active(origin->timestamp)) {
            telemetry_.drop(kStage, DropReason::kSpanBatchBeforeDelta,
                            origin ? to_string(*origin) : "no origin");
            return baton::unexpected(temporary(Reason::kNotEnoughData));
        }
        // Before baton_time the chain is plain OP, where 0xBA is no batch type: dropped alone, like a
        // span batch before Delta, so the channel's other batches still count.
        if (type == protocol::BatchType::kBatonSpan && !rollup_.is_baton_active(origin->timestamp)) {
            telemetry_.drop(kStage, DropReason::kBatonSpanBatchBeforeBaton, to_string(*origin));
            return baton::unexpected(temporary(Reason::kNotEnoughData));
        }
    }
    return std::move(*batch);
}

PipelineResult<void> ChannelReader::signal(const Signal& signal) {
    auto forwarded = prev_->signal(signal);
    if (!forwarded) return forwarded;
    reader_.reset();
    return {};
}

}  // namespace baton::derive
