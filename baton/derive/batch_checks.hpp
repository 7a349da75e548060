// SPDX-License-Identifier: MIT
#pragma once

// Batch validity (OP-PROTOCOL.md §6, op-node batches.go): pure functions over the safe head, the
// validator's window of L1 blocks and the inclusion block. The stages decide what a verdict does:
// the batch stream runs the span checks up front, the batch validator the singular rules per block.
//
// `l1_blocks[0]` is the safe head's L1 origin (the epoch), `l1_blocks[1]` the next epoch if known;
// the window is consecutive. Holocene is judged by the inclusion block's timestamp, the drift by the
// batch origin's (Fjord: 1800 s).

#include <baton/derive/block_ref.hpp>
#include <baton/derive/errors.hpp>
#include <baton/derive/providers.hpp>
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/singular_batch.hpp>
#include <baton/protocol/span_batch.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace baton::derive {

enum class BatchValidity : std::uint8_t {
    kDrop,       // invalid; Holocene: it and the rest of its channel are dropped
    kAccept,     // the next L2 block
    kUndecided,  // not enough L1 (or L2) information yet
    kFuture,     // pre-Holocene only: may become valid later (buffered by the old batch queue)
    kPast,       // Holocene only: at or before the safe head, skipped quietly
};

const char* to_string(BatchValidity v) noexcept;

// A verdict and, for anything but kAccept, why (a fixed string, for the drop log).
struct BatchCheck {
    BatchValidity validity = BatchValidity::kDrop;
    const char* why = "";
};

// The singular rules, in op-node's order, including the bad-tx rules (empty tx, deposit, SetCode
// before Isthmus).
BatchCheck check_singular_batch(const protocol::RollupConfig& rollup, std::span<const L1BlockRef> l1_blocks,
                                const L2BlockRef& safe_head, const protocol::SingularBatch& batch,
                                const L1BlockRef& inclusion);

// Holocene span batch checks done before streaming (op-node checkSpanBatchHolocene): the prefix
// (Delta, future/past, overlap alignment and parent check, sequencing window, start epoch, the
// l1_origin_check) and, for blocks that overlap the safe chain, their contents. `elements` is the
// derived span (derive_span_batch). An L2 provider failure is returned as the provider's error: the
// caller keeps the span and retries.
PipelineResult<BatchCheck> check_span_batch(const protocol::RollupConfig& rollup,
                                            std::span<const L1BlockRef> l1_blocks,
                                            const L2BlockRef& safe_head, const protocol::SpanBatch& batch,
                                            const std::vector<protocol::SpanBatchElement>& elements,
                                            const L1BlockRef& inclusion, L2ChainProvider& l2);

}  // namespace baton::derive
