// SPDX-License-Identifier: MIT
#pragma once

// Test-only: builds a chain of batcher::L2Block values on a given parent, each with a stand-in L1-info
// deposit first and signed 1559 user txns, epochs advancing every `blocks_per_epoch` blocks. Hashes
// commit to the parent, number and txns, so a rebuilt block with other txns gets another hash.

#include <baton/batcher/l2_block.hpp>
#include <baton/core/keccak.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/core/transaction.hpp>
#include <baton/core/u256.hpp>

#include <cstdint>
#include <vector>

namespace baton::batcher::test_util {

inline PrivateKey user_key(std::uint8_t n) {
    B256 secret{};
    secret[31] = n;
    secret[0] = 0x42;
    return PrivateKey::from_bytes(secret).value();
}

class L2ChainBuilder {
public:
    L2ChainBuilder(std::uint64_t chain_id, BlockId genesis, std::uint64_t genesis_time,
                   std::uint64_t block_time, std::uint64_t blocks_per_epoch = 6)
        : chain_id_(chain_id), block_time_(block_time), blocks_per_epoch_(blocks_per_epoch) {
        L2Block g;
        g.number = genesis.number;
        g.hash = genesis.hash;
        g.timestamp = genesis_time;
        g.l1_origin = BlockId{keccak256(Bytes{'l', '1', 0}), 0};
        head_ = g;
    }

    const L2Block& head() const noexcept { return head_; }
    BlockId head_id() const noexcept { return head_.id(); }

    // A signed user txn (nonces counted per builder).
    Bytes user_tx(std::uint64_t value = 1) {
        DynamicFeeTx tx;
        tx.chain_id = chain_id_;
        tx.nonce = nonce_++;
        tx.max_priority_fee_per_gas = U256(1);
        tx.max_fee_per_gas = U256(1'000'000'000);
        tx.gas_limit = 21'000;
        Address to{};
        to[19] = 0x77;
        tx.to = to;
        tx.value = U256(value);
        Transaction t{std::move(tx)};
        (void)sign(t, user_key(1));
        return encode_transaction(t);
    }

    // The next block on the head with `user_txs` signed user txns; `salt` changes its hash (a reorg).
    L2Block next(std::size_t user_txs = 1, std::uint8_t salt = 0) {
        L2Block b;
        b.number = head_.number + 1;
        b.parent_hash = head_.hash;
        b.timestamp = head_.timestamp + block_time_;
        const std::uint64_t epoch = b.number / blocks_per_epoch_;
        b.l1_origin = BlockId{keccak256(Bytes{'l', '1', static_cast<std::uint8_t>(epoch)}), epoch};
        b.sequence_number = epoch == head_.l1_origin.number ? head_.sequence_number + 1 : 0;
        Bytes deposit{kDepositTxType, 0xc0, salt};
        b.transactions.push_back(deposit);
        for (std::size_t i = 0; i < user_txs; ++i) b.transactions.push_back(user_tx(b.number));
        Keccak256 h;
        h.update(b.parent_hash);
        Bytes n;
        append_be(n, b.number, 8);
        h.update(n);
        for (const auto& t : b.transactions) h.update(keccak256(t));
        b.hash = h.finalize();
        head_ = b;
        return b;
    }
    std::vector<L2Block> next_n(std::size_t count, std::size_t user_txs = 1) {
        std::vector<L2Block> out;
        for (std::size_t i = 0; i < count; ++i) out.push_back(next(user_txs));
        return out;
    }
    // Moves the head back to `block` (for reorgs): the next block builds on it.
    void rewind_to(const L2Block& block) { head_ = block; }

private:
    std::uint64_t chain_id_;
    std::uint64_t block_time_;
    std::uint64_t blocks_per_epoch_;
    std::uint64_t nonce_ = 0;
    L2Block head_;
};

}  // namespace baton::batcher::test_util
