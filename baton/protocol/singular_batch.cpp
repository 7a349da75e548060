// SPDX-License-Identifier: MIT
#include <baton/protocol/singular_batch.hpp>

#include <baton/core/rlp.hpp>

namespace baton::protocol {

namespace {

Unexpected<BatchFailure> fail(BatchError e, ByteView whole, ByteView rest) {
    return baton::unexpected(BatchFailure{e, whole.size() - rest.size()});
}

}  // namespace

Result<SingularBatch, BatchFailure> decode_singular_batch(ByteView content) {
    ByteView from = content;
    auto payload = rlp::decode_list(from);
    if (!payload) return fail(BatchError::kMalformedSingularBatch, content, from);
    // Trailing bytes after the list are tolerated (op-node reads one RLP value from the stream).
    ByteView fields = *payload;

    SingularBatch batch;
    // Too few items is reported as a field-count error, not as truncation: the list itself is whole.
    auto need_field = [&]() { return !fields.empty(); };

    if (!need_field()) return fail(BatchError::kSingularBatchFieldCount, content, fields);
    auto parent = rlp::decode_fixed<32>(fields);
    if (!parent) return fail(BatchError::kMalformedSingularBatch, content, fields);
    batch.parent_hash = *parent;

    if (!need_field()) return fail(BatchError::kSingularBatchFieldCount, content, fields);
    auto epoch_num = rlp::decode_u64(fields);
    if (!epoch_num) return fail(BatchError::kMalformedSingularBatch, content, fields);
    batch.epoch_num = *epoch_num;

    if (!need_field()) return fail(BatchError::kSingularBatchFieldCount, content, fields);
    auto epoch_hash = rlp::decode_fixed<32>(fields);
    if (!epoch_hash) return fail(BatchError::kMalformedSingularBatch, content, fields);
    batch.epoch_hash = *epoch_hash;

    if (!need_field()) return fail(BatchError::kSingularBatchFieldCount, content, fields);
    auto timestamp = rlp::decode_u64(fields);
    if (!timestamp) return fail(BatchError::kMalformedSingularBatch, content, fields);
    batch.timestamp = *timestamp;

    if (!need_field()) return fail(BatchError::kSingularBatchFieldCount, content, fields);
    auto txs = rlp::decode_list(fields);
    if (!txs) return fail(BatchError::kMalformedSingularBatch, content, fields);
    ByteView tx_items = *txs;
    while (!tx_items.empty()) {
        auto tx = rlp::decode_string(tx_items);
        if (!tx) return fail(BatchError::kMalformedSingularBatch, content, tx_items);
        batch.transactions.emplace_back(tx->begin(), tx->end());
    }
    if (!fields.empty()) return fail(BatchError::kSingularBatchFieldCount, content, fields);
    return batch;
}

Bytes encode_singular_batch(const SingularBatch& batch) {
    Bytes txs;
    for (const auto& tx : batch.transactions) rlp::encode_string(txs, tx);
    Bytes fields;
    rlp::encode_string(fields, batch.parent_hash);
    rlp::encode_uint(fields, batch.epoch_num);
    rlp::encode_string(fields, batch.epoch_hash);
    rlp::encode_uint(fields, batch.timestamp);
    rlp::encode_list(fields, txs);
    Bytes out;
    out.reserve(fields.size() + 10);
    out.push_back(0x00);
    rlp::encode_list(out, fields);
    return out;
}

}  // namespace baton::protocol
