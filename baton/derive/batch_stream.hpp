// SPDX-License-Identifier: MIT
#pragma once

// Batch stream (Holocene; kona's BatchStream, the span half of op-node's BatchStage): turns the
// channel reader's batches into singular batches, one per call.
// - A singular batch passes through (the validator judges it).
// - A span batch is derived (timestamps, origins, txs rebuilt with the L2 chain id) and checked up
//   front (check_span_batch: prefix and overlap). Drop: the span and the rest of its channel go
//   (FlushChannel). Past: skipped quietly. An L2 provider failure: the span is kept and retried on
//   the next call (op-node #22629), nothing is read past it. Undecided for lack of L1 blocks: the
//   window already reaches the inclusion block, so that can never resolve: the span alone is
//   skipped (counted), as op-node consumes it, and derivation goes on.
// - Accepted spans are streamed block by block: blocks at or before the safe head are skipped, each
//   later block gets its epoch hash from the validator's L1 window and its parent hash from the
//   parent it is served on. The validator judges each; its first drop flushes the rest of the span
//   and the channel through FlushChannel.
//
// Baton (is_baton_active by the inclusion block's timestamp): a channel carries at most
// `l2_blocks_per_channel` L2 blocks. The stream counts the blocks of each channel as it reads them
// (a singular batch is one, a span batch its block count, valid or not, past or not) and drops
// every block beyond the limit (kChannelBlockLimit, logged and counted once per batch): the excess
// never reaches the validator, the blocks before it are derived as usual. Counting here, where
// channel boundaries are visible, keeps the validator a pure function of batches.

#include <baton/derive/batch_checks.hpp>
#include <baton/derive/metrics.hpp>
#include <baton/derive/providers.hpp>
#include <baton/derive/stage.hpp>
#include <baton/protocol/batch.hpp>
#include <baton/protocol/rollup_config.hpp>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>

namespace baton::derive {

// What the batch stream reads from the channel reader.
class NextBatchProvider : public Stage {
public:
    // The next batch; temporary/kNotEnoughData after a channel ended or was dropped (step again),
    // temporary/kEof when the origin has no more channels.
    virtual PipelineResult<protocol::Batch> next_batch() = 0;
    // How many channels have been opened so far: the batch last returned belongs to channel number
    // channel_serial(). The batch stream counts blocks per channel with it.
    virtual std::uint64_t channel_serial() const = 0;
};

// What the batch validator reads from the batch stream.
class SingularBatchProvider : public Stage {
public:
    // The next singular batch candidate for the block after `parent`, with `l1_blocks` the
    // validator's L1 window (epoch first). temporary/kNotEnoughData: step again; kEof: the origin
    // has no more batches.
    virtual PipelineResult<protocol::SingularBatch> next_batch(const L2BlockRef& parent,
                                                               std::span<const L1BlockRef> l1_blocks) = 0;
};

class BatchStream final : public SingularBatchProvider {
public:
    // `rollup` and `l2` outlive the stage.
    BatchStream(const protocol::RollupConfig& rollup, std::unique_ptr<NextBatchProvider> prev,
                L2ChainProvider& l2, Telemetry telemetry = {});

    std::optional<L1BlockRef> origin() const override { return prev_->origin(); }
    PipelineResult<void> advance_origin() override { return prev_->advance_origin(); }
    PipelineResult<void> signal(const Signal& signal) override;

    PipelineResult<protocol::SingularBatch> next_batch(const L2BlockRef& parent,
                                                       std::span<const L1BlockRef> l1_blocks) override;

    // Blocks of the current span still to be served.
    std::size_t buffered() const noexcept { return buffer_.size(); }

private:
    struct PendingSpan {
        protocol::SpanBatch batch;
        std::vector<protocol::SpanBatchElement> elements;
    };

    // Checks the pending span and fills the buffer; an error or kNotEnoughData when nothing can be
    // served yet.
    PipelineResult<void> open_span(const L2BlockRef& parent, std::span<const L1BlockRef> l1_blocks,
                                   const L1BlockRef& inclusion);
    // Baton's limit: how many of `count` blocks just read from the current channel may pass.
    std::uint64_t admit_blocks(std::uint64_t count, const L1BlockRef& inclusion);
    PipelineResult<void> flush_channel();

    const protocol::RollupConfig& rollup_;
    std::unique_ptr<NextBatchProvider> prev_;
    L2ChainProvider& l2_;
    Telemetry telemetry_;
    std::optional<PendingSpan> span_;                // read, not yet accepted (undecided: retried)
    std::deque<protocol::SpanBatchElement> buffer_;  // accepted, not yet served
    std::uint64_t channel_serial_ = 0;
    std::uint64_t channel_blocks_ = 0;
};

}  // namespace baton::derive
