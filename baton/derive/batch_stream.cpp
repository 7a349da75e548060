// SPDX-License-Identifier: MIT
#include <baton/derive/batch_stream.hpp>

#include <string>
#include <utility>

namespace baton::derive {

namespace {
constexpr std::string_view kStage = "batch_stream";

PipelineError not_enough_data() {
    return temporary(Reason::kNotEnoughData);
}
}  // namespace

BatchStream::BatchStream(const protocol::RollupConfig& rollup, std::unique_ptr<NextBatchProvider> prev,
                         L2ChainProvider& l2, Telemetry telemetry)
    : rollup_(rollup), prev_(std::move(prev)), l2_(l2), telemetry_(telemetry) {}

std::uint64_t BatchStream::admit_blocks(std::uint64_t count, const L1BlockRef& inclusion) {
    if (prev_->channel_serial() != channel_serial_) {
        channel_serial_ = prev_->channel_serial();
        channel_blocks_ = 0;
    }
    const std::uint64_t before = channel_blocks_;
    channel_blocks_ += count;
    if (!rollup_.is_baton_active(inclusion.timestamp)) return count;
    const std::uint64_t limit = rollup_.l2_blocks_per_channel;
    const std::uint64_t admitted = before >= limit ? 0 : std::min(count, limit - before);
    if (admitted < count) {
        telemetry_.drop(kStage, DropReason::kChannelBlockLimit,
                        std::to_string(count - admitted) +
                            " block(s) beyond l2_blocks_per_channel=" + std::to_string(limit) +
                            " in channel " + std::to_string(channel_serial_) + " at " + to_string(inclusion));
    }
    return admitted;
}

PipelineResult<void> BatchStream::flush_channel() {
    span_.reset();
    buffer_.clear();
    return prev_->signal(FlushChannel{});
}

PipelineResult<void> BatchStream::open_span(const L2BlockRef& parent, std::span<const L1BlockRef> l1_blocks,
                                            const L1BlockRef& inclusion) {
    auto checked =
        check_span_batch(rollup_, l1_blocks, parent, span_->batch, span_->elements, inclusion, l2_);
    if (!checked) return baton::unexpected(std::move(checked.error()));
    switch (checked->validity) {
        case BatchValidity::kAccept:
            break;
        case BatchValidity::kPast:
            telemetry_.log(LogLevel::kDebug, kStage, std::string("past span batch skipped: ") + checked->why);
            span_.reset();
            return baton::unexpected(not_enough_data());
        case BatchValidity::kUndecided:
            // Undecided for lack of L1 blocks: the window already reaches the inclusion block and
            // cannot grow while this span blocks the origin, so the span names L1 blocks after the
            // one it was included in. Skipped alone, as op-node consumes it (L2 provider failures,
            // which can resolve, come back as errors above and keep the span).
            telemetry_.drop(kStage, DropReason::kInvalidSpanBatch,
                            std::string("undecided (") + checked->why + ") at " + to_string(inclusion) +
                                "; span skipped");
            span_.reset();
            return baton::unexpected(not_enough_data());
        case BatchValidity::kDrop:
        case BatchValidity::kFuture:  // cannot happen under Holocene; treated as the drop it would be
            telemetry_.drop(
                kStage, DropReason::kInvalidSpanBatch,
                std::string(checked->why) + " at " + to_string(inclusion) + "; rest of the channel dropped");
            if (auto f = flush_channel(); !f) return f;
            return baton::unexpected(not_enough_data());
    }
    // Singular batches of the blocks after the parent; the up-front checks guarantee the end epoch
    // is in the window, so every later block's epoch is too unless the span is malformed.
    std::deque<protocol::SpanBatchElement> out;
    for (auto& element : span_->elements) {
        if (element.timestamp <= parent.timestamp) continue;
        bool known = false;
        for (const auto& b : l1_blocks) known = known || b.number == element.epoch_num;
        if (!known) {
            telemetry_.drop(kStage, DropReason::kInvalidSpanBatch,
                            "block epoch " + std::to_string(element.epoch_num) +
                                " outside the L1 window at " + to_string(inclusion) +
                                "; rest of the channel dropped");
            if (auto f = flush_channel(); !f) return f;
            return baton::unexpected(not_enough_data());
        }
        out.push_back(std::move(element));
    }
    span_.reset();
    buffer_ = std::move(out);
    return {};
}

PipelineResult<protocol::SingularBatch> BatchStream::next_batch(const L2BlockRef& parent,
                                                                std::span<const L1BlockRef> l1_blocks) {
    auto origin = prev_->origin();
    if (!origin) return baton::unexpected(critical(Reason::kMissingOrigin, "batch stream without origin"));

    if (!buffer_.empty() && buffer_.front().timestamp != parent.timestamp + rollup_.block_time) {
        // The validator built something else on the parent (a block of this span was dropped, or an
        // empty batch took its slot): the rest of the span cannot follow.
        telemetry_.log(LogLevel::kInfo, kStage,
                       "span blocks no longer follow the safe head; rest of the span dropped");
        buffer_.clear();
    }
    if (buffer_.empty() && !span_) {
        auto batch = prev_->next_batch();
        if (!batch) return baton::unexpected(std::move(batch.error()));
        if (auto* singular = std::get_if<protocol::SingularBatch>(&*batch)) {
            if (admit_blocks(1, *origin) == 0) return baton::unexpected(not_enough_data());
            return std::move(*singular);
        }
        auto& span = std::get<protocol::SpanBatch>(*batch);
        auto elements = protocol::derive_span_batch(
            span,
            protocol::SpanBatchParams{rollup_.genesis.l2_time, rollup_.block_time, rollup_.l2_chain_id});
        if (!elements) {
            admit_blocks(span.block_count(), *origin);
            telemetry_.drop(kStage, DropReason::kInvalidSpanBatch,
                            std::string(protocol::to_string(elements.error().error)) + " at " +
                                to_string(*origin) + "; rest of the channel dropped");
            if (auto f = flush_channel(); !f) return baton::unexpected(std::move(f.error()));
            return baton::unexpected(not_enough_data());
        }
        const std::uint64_t admitted = admit_blocks(elements->size(), *origin);
        if (admitted == 0) return baton::unexpected(not_enough_data());
        elements->resize(admitted);
        span_ = PendingSpan{std::move(span), std::move(*elements)};
    }
    if (span_) {
        if (auto opened = open_span(parent, l1_blocks, *origin); !opened)
            return baton::unexpected(std::move(opened.error()));
        if (buffer_.empty()) return baton::unexpected(not_enough_data());
    }

    auto element = std::move(buffer_.front());
    buffer_.pop_front();
    B256 epoch_hash{};
    for (const auto& b : l1_blocks)
        if (b.number == element.epoch_num) epoch_hash = b.hash;
    return protocol::make_singular_batch(std::move(element), parent.hash, epoch_hash);
}

PipelineResult<void> BatchStream::signal(const Signal& signal) {
    auto forwarded = prev_->signal(signal);
    if (!forwarded) return forwarded;
    span_.reset();
    buffer_.clear();
    if (is_restart(signal)) {
        channel_serial_ = prev_->channel_serial();
        channel_blocks_ = 0;
    }
    return {};
}

}  // namespace baton::derive
