// SPDX-License-Identifier: MIT
#pragma once

// Batch dispatch on the type byte (OP-PROTOCOL.md §5): each RLP string read from a channel is
// `batch_type ++ content`.
//   0  singular batch
//   1  span batch (Delta)
//   2  rejected on purpose with its own error: an experimental "span batch v2" exists in newer
//      monorepo code but in no spec (§5.3)
//   0xBA  Baton span batch: a span batch naming each block's fee recipient (span_batch.hpp). Baton's
//      own type, kept far from OP's small numbers so that a later OP type does not collide with it
//   *  unknown batch type

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/protocol/batch_error.hpp>
#include <baton/protocol/singular_batch.hpp>
#include <baton/protocol/span_batch.hpp>

#include <cstdint>
#include <variant>

namespace baton::protocol {

enum class BatchType : std::uint8_t {
    kSingular = 0,
    kSpan = 1,
    kBatonSpan = 0xBA,
};

using Batch = std::variant<SingularBatch, SpanBatch>;

// A SpanBatch is kBatonSpan when it names fee recipients, else kSpan.
inline BatchType batch_type(const Batch& batch) noexcept {
    if (std::holds_alternative<SingularBatch>(batch)) return BatchType::kSingular;
    return std::get<SpanBatch>(batch).is_baton() ? BatchType::kBatonSpan : BatchType::kSpan;
}

// Failure offsets count from the type byte.
Result<Batch, BatchFailure> decode_batch(ByteView data);

// Type byte ++ content.
Bytes encode_batch(const Batch& batch);

}  // namespace baton::protocol
