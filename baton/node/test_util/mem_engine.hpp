// SPDX-License-Identifier: MIT
#pragma once

// Test-only: an in-memory node::Engine. A block's hash commits to its parent, timestamp, fee
// recipient, gas limit and txn hashes, so equal attributes on equal parents give equal blocks and
// any difference gives another. The L1 origin and sequence number are decoded from the L1-info
// deposit, as AnvilEngine does. Knobs: `down` (every call kUnavailable), `rejected` (txn hashes
// build_block refuses with kTxnRejected), a user-txn `pool` taken by blocks built with
// no_tx_pool == false.

#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/core/transaction.hpp>
#include <baton/node/engine.hpp>
#include <baton/protocol/l1_info.hpp>
#include <baton/protocol/singular_batch.hpp>

#include <set>
#include <vector>

namespace baton::node::test_util {

class MemEngine final : public Engine {
public:
    struct Block {
        EngineBlock block;
        std::vector<Bytes> txns;
    };

    // The genesis block: `hash` at `number`, `timestamp`.
    MemEngine(const B256& hash, std::uint64_t number, std::uint64_t timestamp) {
        Block g;
        g.block.ref.hash = hash;
        g.block.ref.number = number;
        g.block.ref.timestamp = timestamp;
        blocks_.push_back(g);
    }

    bool down = false;
    std::set<B256> rejected;
    std::vector<Bytes> pool;
    std::size_t builds = 0;

    Result<EngineBlock, EngineError> build_block(const BlockId& parent,
                                                 const derive::PayloadAttributes& attributes) override {
        if (down) return unavailable();
        const Block* p = find(parent.number);
        if (!p || p->block.ref.hash != parent.hash) {
            return unexpected(EngineError{EngineErrorKind::kUnknownParent, "unknown parent"});
        }
        if (attributes.timestamp <= p->block.ref.timestamp) {
            return unexpected(EngineError{EngineErrorKind::kInvalidAttributes, "timestamp not after parent"});
        }
        std::vector<Bytes> txns = attributes.transactions;
        if (!attributes.no_tx_pool) txns.insert(txns.end(), pool.begin(), pool.end());
        for (const auto& t : txns) {
            if (rejected.contains(keccak256(t))) {
                return unexpected(
                    EngineError{EngineErrorKind::kTxnRejected, "rejected " + to_hex(keccak256(t))});
            }
        }
        if (!attributes.no_tx_pool) pool.clear();
        blocks_.resize(parent.number - blocks_.front().block.ref.number + 1);  // rewind
        Block b;
        EngineBlock& e = b.block;
        e.ref.number = parent.number + 1;
        e.ref.parent_hash = parent.hash;
        e.ref.timestamp = attributes.timestamp;
        e.fee_recipient = attributes.fee_recipient;
        e.gas_limit = attributes.gas_limit;
        Keccak256 h;
        h.update(parent.hash);
        Bytes fields;
        append_be(fields, attributes.timestamp, 8);
        append_be(fields, attributes.gas_limit, 8);
        h.update(fields);
        h.update(attributes.fee_recipient);
        for (const auto& t : txns) {
            e.txn_hashes.push_back(keccak256(t));
            h.update(e.txn_hashes.back());
        }
        e.ref.hash = h.finalize();
        e.state_root = keccak256(e.ref.hash);
        if (!txns.empty()) {
            auto txn = decode_transaction(txns.front());
            if (txn && std::holds_alternative<DepositTx>(*txn)) {
                auto info = protocol::decode_l1_info_calldata(std::get<DepositTx>(*txn).data);
                if (info) {
                    e.l1_info = info->info;
                    e.ref.l1_origin = BlockId{info->info.block_hash, info->info.number};
                    e.ref.sequence_number = info->info.sequence_number;
                }
            }
        }
        b.txns = std::move(txns);
        blocks_.push_back(std::move(b));
        ++builds;
        return blocks_.back().block;
    }
    Result<EngineBlock, EngineError> head() override {
        if (down) return unavailable();
        return blocks_.back().block;
    }
    Result<std::optional<EngineBlock>, EngineError> block_by_number(std::uint64_t number) override {
        if (down) return unavailable();
        const Block* b = find(number);
        if (!b) return std::optional<EngineBlock>{};
        return std::optional<EngineBlock>{b->block};
    }
    Result<std::optional<EngineBlock>, EngineError> block_by_hash(const B256& hash) override {
        if (down) return unavailable();
        for (const auto& b : blocks_)
            if (b.block.ref.hash == hash) return std::optional<EngineBlock>{b.block};
        return std::optional<EngineBlock>{};
    }
    Result<std::optional<std::vector<Bytes>>, EngineError> transactions_by_number(
        std::uint64_t number) override {
        if (down) return unavailable();
        const Block* b = find(number);
        if (!b) return std::optional<std::vector<Bytes>>{};
        return std::optional<std::vector<Bytes>>{b->txns};
    }
    Result<void, EngineError> rewind_to(const BlockId& block) override {
        if (down) return unavailable();
        const Block* b = find(block.number);
        if (!b || b->block.ref.hash != block.hash) {
            return unexpected(EngineError{EngineErrorKind::kRewindFailed, "unknown block"});
        }
        blocks_.resize(block.number - blocks_.front().block.ref.number + 1);
        return {};
    }

    const EngineBlock& tip() const { return blocks_.back().block; }
    const Block& at(std::uint64_t number) const { return *find(number); }

private:
    static Unexpected<EngineError> unavailable() {
        return unexpected(EngineError{EngineErrorKind::kUnavailable, "connection refused"});
    }
    const Block* find(std::uint64_t number) const {
        const std::uint64_t first = blocks_.front().block.ref.number;
        if (number < first || number - first >= blocks_.size()) return nullptr;
        return &blocks_[number - first];
    }

    std::vector<Block> blocks_;
};

// Block `number` of `engine` as a batcher posts it: its non-deposit txns, and its coinbase when that
// is not the fee vault (a Baton span batch carries it).
inline protocol::SingularBatch batch_of(const MemEngine& engine, std::uint64_t number) {
    const auto& b = engine.at(number);
    protocol::SingularBatch batch;
    batch.parent_hash = b.block.ref.parent_hash;
    batch.epoch_num = b.block.ref.l1_origin.number;
    batch.epoch_hash = b.block.ref.l1_origin.hash;
    batch.timestamp = b.block.ref.timestamp;
    if (b.block.fee_recipient != protocol::kSequencerFeeVaultAddress)
        batch.fee_recipient = b.block.fee_recipient;
    for (const auto& t : b.txns)
        if (t.empty() || t[0] != 0x7e) batch.transactions.push_back(t);
    return batch;
}

}  // namespace baton::node::test_util
