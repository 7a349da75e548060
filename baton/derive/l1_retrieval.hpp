// SPDX-License-Identifier: MIT
#pragma once

// L1 retrieval: turns the block L1 traversal yields into the batcher payloads of that block, one at
// a time, in block order (DataSource decides which txs count). When a block is exhausted it reports
// temporary/kEof, and the driver advances the origin.

#include <baton/core/bytes.hpp>
#include <baton/derive/data_source.hpp>
#include <baton/derive/l1_traversal.hpp>
#include <baton/derive/stage.hpp>

#include <deque>
#include <memory>
#include <optional>

namespace baton::derive {

// What the frame queue reads from the stage before it.
class FrameQueueProvider : public Stage {
public:
    // The next batcher payload (tx calldata or blob data) at the current origin; temporary/kEof when
    // the origin has no more.
    virtual PipelineResult<Bytes> next_data() = 0;
};

class L1Retrieval final : public FrameQueueProvider {
public:
    L1Retrieval(std::unique_ptr<L1RetrievalProvider> prev, DataSource source);

    std::optional<L1BlockRef> origin() const override { return prev_->origin(); }
    PipelineResult<void> advance_origin() override { return prev_->advance_origin(); }
    PipelineResult<void> signal(const Signal& signal) override;

    PipelineResult<Bytes> next_data() override;

private:
    std::unique_ptr<L1RetrievalProvider> prev_;
    DataSource source_;
    // The block being read and what is left of its payloads; nullopt: ask traversal for a block.
    std::optional<L1BlockRef> block_;
    bool opened_ = false;
    std::deque<Bytes> payloads_;
};

}  // namespace baton::derive
