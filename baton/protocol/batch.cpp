// SPDX-License-Identifier: MIT
#include <baton/protocol/batch.hpp>

namespace baton::protocol {

const char* to_string(BatchError e) noexcept {
    switch (e) {
        case BatchError::kEmptyBatch:
            return "empty batch data";
        case BatchError::kUnknownBatchType:
            return "unknown batch type";
        case BatchError::kSpanBatchV2Unsupported:
            return "batch type 2 (experimental span batch v2) is not supported";
        case BatchError::kMalformedSingularBatch:
            return "malformed singular batch RLP";
        case BatchError::kSingularBatchFieldCount:
            return "singular batch RLP list must have exactly 5 items";
        case BatchError::kUnexpectedEof:
            return "unexpected end of span batch";
        case BatchError::kUvarintOverflow:
            return "uvarint overflows 64 bits";
        case BatchError::kEmptySpanBatch:
            return "span batch has no blocks";
        case BatchError::kTooBigSpanBatchSize:
            return "span batch exceeds MAX_SPAN_BATCH_ELEMENT_COUNT";
        case BatchError::kBitfieldTooLong:
            return "bitfield too long: a set bit beyond its length";
        case BatchError::kInvalidTxData:
            return "malformed span batch tx data";
        case BatchError::kUnsupportedTxType:
            return "unsupported transaction type in span batch";
        case BatchError::kChainIdMismatch:
            return "transaction signed for another chain id";
        case BatchError::kUnorderedBatches:
            return "singular batches are not in timestamp order";
        case BatchError::kTooManyFeeRecipients:
            return "Baton span batch: fee recipient count exceeds MAX_SPAN_BATCH_ELEMENT_COUNT";
        case BatchError::kTruncatedFeeRecipients:
            return "Baton span batch: fee recipient list is truncated";
        case BatchError::kFeeRecipientCountMismatch:
            return "Baton span batch: fee recipient count differs from the block count";
    }
    return "unknown batch error";
}

namespace {

template <class T>
Result<Batch, BatchFailure> shifted(Result<T, BatchFailure> r) {
    // Content decoders count from the byte after the type byte.
    if (!r) return baton::unexpected(BatchFailure{r.error().error, r.error().offset + 1});
    return Batch{std::move(*r)};
}

}  // namespace

Result<Batch, BatchFailure> decode_batch(ByteView data) {
    if (data.empty()) return baton::unexpected(BatchFailure{BatchError::kEmptyBatch, 0});
    switch (data[0]) {
        case 0x00:
            return shifted(decode_singular_batch(data.subspan(1)));
        case 0x01:
            return shifted(decode_span_batch(data.subspan(1)));
        case 0x02:
            return baton::unexpected(BatchFailure{BatchError::kSpanBatchV2Unsupported, 0});
        case static_cast<std::uint8_t>(BatchType::kBatonSpan):
            return shifted(decode_baton_span_batch(data.subspan(1)));
        default:
            return baton::unexpected(BatchFailure{BatchError::kUnknownBatchType, 0});
    }
}

Bytes encode_batch(const Batch& batch) {
    if (const auto* s = std::get_if<SingularBatch>(&batch)) return encode_singular_batch(*s);
    return encode_span_batch(std::get<SpanBatch>(batch));
}

}  // namespace baton::protocol
