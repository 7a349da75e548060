// SPDX-License-Identifier: MIT
#include <baton/derive/batch_checks.hpp>

#include <algorithm>

namespace baton::derive {

namespace {

constexpr std::uint8_t kDepositTxType = 0x7e;
constexpr std::uint8_t kSetCodeTxType = 0x04;

BatchCheck verdict(BatchValidity v, const char* why = "") {
    return BatchCheck{v, why};
}

// The bad-tx rules of OP-PROTOCOL §5.1; nullptr when every tx is acceptable.
const char* bad_tx(const protocol::RollupConfig& rollup, const std::vector<Bytes>& txs,
                   std::uint64_t timestamp) {
    for (const auto& tx : txs) {
        if (tx.empty()) return "empty transaction";
        if (tx[0] == kDepositTxType) return "deposit transaction in batch";
        if (tx[0] == kSetCodeTxType && !rollup.is_isthmus_active(timestamp))
            return "SetCode transaction before Isthmus";
    }
    return nullptr;
}

}  // namespace

const char* to_string(BatchValidity v) noexcept {
    switch (v) {
        case BatchValidity::kDrop:
            return "drop";
        case BatchValidity::kAccept:
            return "accept";
        case BatchValidity::kUndecided:
            return "undecided";
        case BatchValidity::kFuture:
            return "future";
        case BatchValidity::kPast:
            return "past";
    }
    return "unknown";
}

BatchCheck check_singular_batch(const protocol::RollupConfig& rollup, std::span<const L1BlockRef> l1_blocks,
                                const L2BlockRef& safe_head, const protocol::SingularBatch& batch,
                                const L1BlockRef& inclusion) {
    if (l1_blocks.empty()) return verdict(BatchValidity::kUndecided, "no L1 blocks");
    const L1BlockRef& epoch = l1_blocks[0];
    const bool holocene = rollup.is_holocene_active(inclusion.timestamp);

    const std::uint64_t next_ts = safe_head.timestamp + rollup.block_time;
    if (batch.timestamp > next_ts) {
        return holocene ? verdict(BatchValidity::kDrop, "future batch")
                        : verdict(BatchValidity::kFuture, "future batch");
    }
    if (batch.timestamp < next_ts) {
        return holocene ? verdict(BatchValidity::kPast, "past batch")
                        : verdict(BatchValidity::kDrop, "old timestamp");
    }
    if (batch.parent_hash != safe_head.hash) return verdict(BatchValidity::kDrop, "parent hash mismatch");
    if (batch.epoch_num + rollup.seq_window_size < inclusion.number)
        return verdict(BatchValidity::kDrop, "included too late, sequence window expired");

    const L1BlockRef* origin = &epoch;
    if (batch.epoch_num < epoch.number) return verdict(BatchValidity::kDrop, "epoch too old");
    if (batch.epoch_num == epoch.number + 1) {
        if (l1_blocks.size() < 2) return verdict(BatchValidity::kUndecided, "next epoch not known");
        origin = &l1_blocks[1];
    } else if (batch.epoch_num != epoch.number) {
        return verdict(BatchValidity::kDrop, "epoch too far ahead");
    }
    if (batch.epoch_hash != origin->hash) return verdict(BatchValidity::kDrop, "epoch hash mismatch");
    if (batch.timestamp < origin->timestamp)
        return verdict(BatchValidity::kDrop, "timestamp before L1 origin");

    const std::uint64_t max_ts = origin->timestamp + rollup.max_sequencer_drift_at(origin->timestamp);
    if (batch.timestamp > max_ts) {
        if (!batch.transactions.empty())
            return verdict(BatchValidity::kDrop, "sequencer drift exceeded with txs");
        // An empty batch past the drift is how the sequencer keeps L2 time >= L1 time; it is only
        // wrong if it could have adopted the next origin.
        if (origin == &epoch) {
            if (l1_blocks.size() < 2)
                return verdict(BatchValidity::kUndecided, "drift: next epoch not known");
            if (batch.timestamp >= l1_blocks[1].timestamp)
                return verdict(BatchValidity::kDrop, "drift exceeded while the next origin was available");
        }
    }
    if (const char* why = bad_tx(rollup, batch.transactions, batch.timestamp))
        return verdict(BatchValidity::kDrop, why);
    return verdict(BatchValidity::kAccept);
}

PipelineResult<BatchCheck> check_span_batch(const protocol::RollupConfig& rollup,
                                            std::span<const L1BlockRef> l1_blocks,
                                            const L2BlockRef& safe_head, const protocol::SpanBatch& batch,
                                            const std::vector<protocol::SpanBatchElement>& elements,
                                            const L1BlockRef& inclusion, L2ChainProvider& l2) {
    if (l1_blocks.empty()) return verdict(BatchValidity::kUndecided, "no L1 blocks");
    if (elements.empty()) return verdict(BatchValidity::kDrop, "empty span batch");
    const L1BlockRef& epoch = l1_blocks[0];
    const bool holocene = rollup.is_holocene_active(inclusion.timestamp);

    const std::uint64_t start_epoch = protocol::span_batch_start_epoch_num(batch);
    const L1BlockRef* origin = &epoch;
    if (start_epoch == epoch.number + 1) {
        if (l1_blocks.size() < 2) return verdict(BatchValidity::kUndecided, "next epoch not known");
        origin = &l1_blocks[1];
    }
    if (!rollup.is_delta_active(origin->timestamp))
        return verdict(BatchValidity::kDrop, "span batch before Delta");

    const std::uint64_t next_ts = safe_head.timestamp + rollup.block_time;
    const std::uint64_t first_ts = elements.front().timestamp;
    if (first_ts > next_ts) {
        return holocene ? verdict(BatchValidity::kDrop, "future span batch")
                        : verdict(BatchValidity::kFuture, "future span batch");
    }
    if (elements.back().timestamp < next_ts) {
        return holocene ? verdict(BatchValidity::kPast, "span batch has no new blocks")
                        : verdict(BatchValidity::kDrop, "span batch has no new blocks");
    }

    L2BlockRef parent = safe_head;
    if (first_ts < next_ts) {
        if (first_ts > safe_head.timestamp) return verdict(BatchValidity::kDrop, "misaligned span timestamp");
        if ((safe_head.timestamp - first_ts) % rollup.block_time != 0)
            return verdict(BatchValidity::kDrop, "span does not overlap the safe chain exactly");
        const std::uint64_t back = (safe_head.timestamp - first_ts) / rollup.block_time + 1;
        // Judged against rollup.json's genesis, which need not be block 0 (prepare_l2_genesis seals #1).
        if (back > safe_head.number - rollup.genesis.l2.number)
            return verdict(BatchValidity::kDrop, "span starts before L2 genesis");
        auto ref = l2.l2_block_ref_by_number(safe_head.number - back);
        if (!ref) return baton::unexpected(std::move(ref.error()));
        parent = *ref;
    }
    if (!std::equal(batch.parent_check.begin(), batch.parent_check.end(), parent.hash.begin()))
        return verdict(BatchValidity::kDrop, "span parent check mismatch");
    if (start_epoch + rollup.seq_window_size < inclusion.number)
        return verdict(BatchValidity::kDrop, "included too late, sequence window expired");
    if (start_epoch > parent.l1_origin.number + 1)
        return verdict(BatchValidity::kDrop, "start epoch too far ahead");

    bool origin_checked = false;
    for (const auto& block : l1_blocks) {
        if (block.number != batch.l1_origin_num) continue;
        if (!std::equal(batch.l1_origin_check.begin(), batch.l1_origin_check.end(), block.hash.begin()))
            return verdict(BatchValidity::kDrop, "span l1 origin check mismatch");
        origin_checked = true;
        break;
    }
    if (!origin_checked) return verdict(BatchValidity::kUndecided, "span end epoch not known yet");
    if (start_epoch < parent.l1_origin.number) return verdict(BatchValidity::kDrop, "start epoch too old");

    // Blocks that overlap the safe chain must be the safe blocks (same origin, same non-deposit
    // txs): otherwise a span of a replaced lineage would extend the new one (the Holocene overlap fix).
    for (std::uint64_t n = parent.number + 1; n <= safe_head.number; ++n) {
        const auto& element = elements[n - parent.number - 1];
        auto ref = l2.l2_block_ref_by_number(n);
        if (!ref) return baton::unexpected(std::move(ref.error()));
        auto txs = l2.transactions_by_number(n);
        if (!txs) return baton::unexpected(std::move(txs.error()));
        std::vector<Bytes> user_txs;
        for (auto& tx : *txs)
            if (tx.empty() || tx[0] != kDepositTxType) user_txs.push_back(std::move(tx));
        if (user_txs != element.transactions)
            return verdict(BatchValidity::kDrop, "overlapped block's txs differ");
        if (ref->l1_origin.number != element.epoch_num)
            return verdict(BatchValidity::kDrop, "overlapped block's L1 origin differs");
    }
    return verdict(BatchValidity::kAccept);
}

}  // namespace baton::derive
