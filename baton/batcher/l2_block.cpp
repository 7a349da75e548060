// SPDX-License-Identifier: MIT
#include <baton/batcher/l2_block.hpp>

namespace baton::batcher {

bool is_deposit(ByteView envelope) noexcept {
    return !envelope.empty() && envelope[0] == kDepositTxType;
}

protocol::SingularBatch to_singular_batch(const L2Block& block) {
    protocol::SingularBatch batch;
    batch.parent_hash = block.parent_hash;
    batch.epoch_num = block.l1_origin.number;
    batch.epoch_hash = block.l1_origin.hash;
    batch.timestamp = block.timestamp;
    if (block.fee_recipient != protocol::kSequencerFeeVaultAddress) batch.fee_recipient = block.fee_recipient;
    for (const auto& txn : block.transactions)
        if (!is_deposit(txn)) batch.transactions.push_back(txn);
    return batch;
}

}  // namespace baton::batcher
