// SPDX-License-Identifier: MIT
#pragma once

// Batch validator (Holocene; op-node BatchStage, kona BatchValidator): judges each singular batch
// against the safe head with the rules of OP-PROTOCOL §6 (check_singular_batch) and yields the
// accepted ones, in order, one per call. No buffering: Holocene has no "future".
// - accept: returned; the driver builds attributes and executes them, which moves the safe head.
// - past: skipped quietly (debug log), the next batch is read.
// - drop: logged and counted (kInvalidBatchBlock), and FlushChannel drops the rest of the span and
//   of the channel (fast channel invalidation).
// - When the origin has no more batches and the sequencing window of the current epoch has run
//   out (epoch + seq_window_size < origin, or == origin once the origin is exhausted), empty
//   batches are derived: parent = safe head, ts = next ts, epoch kept while next ts < next epoch's
//   time or for the epoch's first block, else the window moves to the next epoch.
//
// The L1 window (`l1_blocks`, epoch first) is the validator's own: it follows the origin as it
// advances and drops epochs the safe head has left. While the origin is behind the safe head's
// origin (after a reset walked back), or at it, every batch read is necessarily past and is drained.
//
// The pre-Holocene batch queue (buffering of future batches, earliest-inclusion wins) is not built:
// at a pre-Holocene origin next_batch() answers critical/kUnsupportedFork. Baton requires Holocene.

#include <baton/derive/batch_checks.hpp>
#include <baton/derive/batch_stream.hpp>
#include <baton/derive/metrics.hpp>
#include <baton/derive/stage.hpp>

#include <memory>
#include <optional>
#include <vector>

namespace baton::derive {

// What the attributes queue reads from the batch validator. (Declared here rather than in
// attributes_queue.hpp so the validator's tests need nothing of the attributes side.)
class ValidBatchProvider : public Stage {
public:
    // The next accepted batch for the block after `parent` (the current safe head).
    // temporary/kNotEnoughData: step again; temporary/kEof: advance the origin.
    virtual PipelineResult<protocol::SingularBatch> next_valid_batch(const L2BlockRef& parent) = 0;
};

class BatchValidator final : public ValidBatchProvider {
public:
    BatchValidator(const protocol::RollupConfig& rollup, std::unique_ptr<SingularBatchProvider> prev,
                   Telemetry telemetry = {});

    std::optional<L1BlockRef> origin() const override { return prev_->origin(); }
    PipelineResult<void> advance_origin() override { return prev_->advance_origin(); }
    PipelineResult<void> signal(const Signal& signal) override;

    PipelineResult<protocol::SingularBatch> next_valid_batch(const L2BlockRef& parent) override;

    // The L1 window: the epoch first, then the following blocks up to the origin.
    const std::vector<L1BlockRef>& l1_blocks() const noexcept { return l1_blocks_; }

private:
    void update_origins(const L2BlockRef& parent, const L1BlockRef& prev_origin);
    PipelineResult<protocol::SingularBatch> derive_empty_batch(const L2BlockRef& parent);

    const protocol::RollupConfig& rollup_;
    std::unique_ptr<SingularBatchProvider> prev_;
    Telemetry telemetry_;
    std::optional<L1BlockRef> origin_;
    std::vector<L1BlockRef> l1_blocks_;
};

}  // namespace baton::derive
