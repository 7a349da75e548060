// SPDX-License-Identifier: MIT
#pragma once

// Typed errors of the batch codecs (singular, span, Baton span, dispatch). A failure carries the byte offset,
// within the batch bytes including its type byte, where decoding stopped, so tools can point at it.

#include <cstddef>
#include <cstdint>

namespace baton::protocol {

enum class [[nodiscard]] BatchError{
    kEmptyBatch,               // no bytes at all: not even a type byte
    kUnknownBatchType,         // type byte other than 0, 1, 0xBA (and 2, below)
    kSpanBatchV2Unsupported,   // type 2: experimental span batch v2, not in the specs (rejected on purpose)
    kMalformedSingularBatch,   // singular batch RLP is not a canonical [hash, uint, hash, uint, [bytes…]]
    kSingularBatchFieldCount,  // singular batch RLP list does not have exactly 5 items
    kUnexpectedEof,            // span batch ends inside a field
    kUvarintOverflow,          // uvarint longer than 10 bytes or above 2^64-1
    kEmptySpanBatch,           // block_count == 0
    kTooBigSpanBatchSize,      // a count, the total tx count or the batch size exceeds
                               // MAX_SPAN_BATCH_ELEMENT_COUNT
    kBitfieldTooLong,          // a bit list has a set bit at or beyond its length
    kInvalidTxData,      // tx_datas entry is not (type byte ++) an RLP list, or its fields are malformed
    kUnsupportedTxType,  // tx type other than legacy, 1, 2, 4 (deposits are never batched)
    kChainIdMismatch,    // singular → span: a tx signed for another chain
    kUnorderedBatches,   // singular → span: timestamps decrease or do not fit the block time
    // Baton span batch (0xBA)
    kTooManyFeeRecipients,       // recipient count above MAX_SPAN_BATCH_ELEMENT_COUNT
    kTruncatedFeeRecipients,     // the data ends inside the recipient list
    kFeeRecipientCountMismatch,  // recipient count differs from the inner span batch's block_count
};

const char* to_string(BatchError e) noexcept;

struct BatchFailure {
    BatchError error;
    std::size_t offset = 0;
};

// MAX_SPAN_BATCH_ELEMENT_COUNT: the limit on blocks, per-block tx counts and total txs.
inline constexpr std::uint64_t kMaxSpanBatchElementCount = 10'000'000;

}  // namespace baton::protocol
