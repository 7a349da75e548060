// SPDX-License-Identifier: MIT
// Span batches built from singular batches (the batcher's side).
#include <baton/protocol/span_batch.hpp>

#include <algorithm>

namespace baton::protocol {

namespace {

Unexpected<BatchFailure> fail(BatchError e, std::size_t offset) {
    return baton::unexpected(BatchFailure{e, offset});
}

}  // namespace

Result<SpanBatch, BatchFailure> make_span_batch(std::span<const SingularBatch> batches,
                                                const SpanBatchParams& params, bool first_starts_epoch) {
    if (batches.empty()) return fail(BatchError::kEmptySpanBatch, 0);
    SpanBatch out;
    const auto& first = batches.front();
    const auto& last = batches.back();
    if (first.timestamp < params.genesis_l2_time) return fail(BatchError::kUnorderedBatches, 0);
    out.rel_timestamp = first.timestamp - params.genesis_l2_time;
    out.l1_origin_num = last.epoch_num;
    std::copy_n(first.parent_hash.begin(), 20, out.parent_check.begin());
    std::copy_n(last.epoch_hash.begin(), 20, out.l1_origin_check.begin());
    for (std::size_t i = 0; i < batches.size(); ++i) {
        if (i > 0 && batches[i].timestamp < batches[i - 1].timestamp) {
            return fail(BatchError::kUnorderedBatches, i);
        }
        out.origin_bits.push_back(i == 0 ? first_starts_epoch
                                         : batches[i - 1].epoch_num < batches[i].epoch_num);
        out.block_tx_counts.push_back(batches[i].transactions.size());
        for (const auto& envelope : batches[i].transactions) {
            auto tx = make_span_batch_tx(envelope, params.l2_chain_id);
            if (!tx) return baton::unexpected(BatchFailure{tx.error().error, i});
            out.txs.push_back(std::move(*tx));
        }
    }
    // One named recipient makes it a Baton span batch, which must name every block's; a chain whose
    // blocks name none keeps producing type-1 bytes, byte for byte as OP.
    const bool any_recipient = std::any_of(
        batches.begin(), batches.end(), [](const SingularBatch& b) { return b.fee_recipient.has_value(); });
    if (any_recipient) {
        out.fee_recipients.reserve(batches.size());
        for (const auto& b : batches)
            out.fee_recipients.push_back(b.fee_recipient.value_or(kSequencerFeeVaultAddress));
    }
    return out;
}

}  // namespace baton::protocol
