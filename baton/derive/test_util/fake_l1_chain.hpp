// SPDX-License-Identifier: MIT
#pragma once

// Test-only: an in-memory L1 implementing L1Provider, to build derivation scenarios in a few lines.
//
//   FakeL1Chain l1(rollup.l1_chain_id);
//   l1.add_batcher_tx(batcher_key, inbox, payload);           // goes into the pending block
//   l1.add_config_update(rollup.l1_system_config_address, ConfigUpdateType::kBatchInbox,
//                        address_word(new_inbox));
//   L1BlockRef b1 = l1.mine();                                  // seals it on top of the head
//   l1.reorg(1);                                                // replaces the head by a new branch
//
// Blocks are numbered from the genesis block (number `genesis_number`, no transactions). Hashes
// commit to the parent, the number, the txs and a branch counter, so a block re-mined after a reorg
// gets a new hash even with the same contents. Blob versioned hashes are the real ones (KZG, with
// the mainnet setup: about 65 ms per blob, plus 3 s to load the setup once per process), since
// derivation verifies every blob; the fake serves the blobs it was given.

#include <baton/core/receipt.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/core/transaction.hpp>
#include <baton/derive/providers.hpp>
#include <baton/protocol/system_config.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace baton::derive::test_util {

// The ABI word of an address (12 zero bytes ++ address).
B256 address_word(const Address& address) noexcept;
// A ConfigUpdate log as the SystemConfig contract emits it: version 0, `type`, data = abi.encode(bytes)
// of `payload` (32 bytes for every type but FEE_SCALARS).
Log make_config_update_log(const Address& system_config, protocol::ConfigUpdateType type, ByteView payload);

class FakeL1Chain final : public L1Provider {
public:
    explicit FakeL1Chain(std::uint64_t chain_id = 900, std::uint64_t genesis_number = 0,
                         std::uint64_t genesis_time = 1'000'000, std::uint64_t block_time = 12);

    // --- building the pending block ---
    // A signed 1559 tx from `key` to `to` carrying `calldata`, with a receipt of status `success`.
    B256 add_batcher_tx(const PrivateKey& key, const Address& to, ByteView calldata, bool success = true);
    // A signed blob tx from `key` to `to`; each element of `blob_data` is encoded into one blob.
    B256 add_blob_batcher_tx(const PrivateKey& key, const Address& to, const std::vector<Bytes>& blob_data,
                             bool success = true, ByteView calldata = {});
    // A signed blob tx carrying `blobs` as they are (kBlobSize bytes each, not encoded here): for
    // blobs that verify but do not decode.
    B256 add_raw_blob_batcher_tx(const PrivateKey& key, const Address& to, std::vector<Bytes> blobs);
    // A tx with its receipt, as given (cumulative gas and bloom are filled in).
    B256 add_tx(Transaction txn, Receipt receipt);
    // A user deposit: a tx to `portal` whose receipt carries one TransactionDeposited log (version 0,
    // opaqueData = mint ++ value 0 ++ gas ++ isCreation 0 ++ data).
    B256 add_deposit(const Address& portal, const Address& from, const Address& to, std::uint64_t mint,
                     std::uint64_t gas, ByteView data);
    // A tx from a fixed owner key to `system_config` whose receipt carries one ConfigUpdate log.
    B256 add_config_update(const Address& system_config, protocol::ConfigUpdateType type, const B256& word,
                           bool success = true);

    // Seals the pending block on top of the head (timestamp = head + block_time) and returns it.
    L1BlockRef mine();
    // Seals `count` empty blocks; returns the last.
    L1BlockRef mine_empty(std::size_t count);
    // Drops the last `depth` blocks (never the genesis block) and mines `depth` empty blocks on a new
    // branch. The pending block is kept. Returns the new head.
    L1BlockRef reorg(std::size_t depth);
    // Drops the last `depth` blocks and starts a new branch without mining.
    void rewind(std::size_t depth);

    const L1BlockRef& head() const noexcept { return blocks_.back().ref; }
    const L1BlockRef& genesis() const noexcept { return blocks_.front().ref; }
    const L1BlockRef& block(std::uint64_t number) const;
    std::uint64_t chain_id() const noexcept { return chain_id_; }

    // Makes blobs() answer `blob` for `versioned_hash` (a blob server that lies); nullopt: the
    // right blob again.
    void serve_blob_instead(const B256& versioned_hash, std::optional<Bytes> blob);
    // Makes the next `count` calls of any provider method fail with temporary/kProvider.
    void fail_next_calls(std::size_t count) noexcept { failures_ = count; }
    std::size_t blob_calls() const noexcept { return blob_calls_; }

    // --- L1Provider ---
    PipelineResult<L1BlockRef> block_ref_by_number(std::uint64_t number) override;
    PipelineResult<L1BlockRef> block_ref_by_hash(const B256& hash) override;
    PipelineResult<std::vector<L1Txn>> transactions(const L1BlockRef& block) override;
    PipelineResult<std::vector<Receipt>> receipts(const L1BlockRef& block) override;
    PipelineResult<std::vector<Bytes>> blobs(const L1BlockRef& block,
                                             std::span<const IndexedBlobHash> hashes) override;
    // Deterministic header fields: base fee 1 gwei + number, blob base fee 1, mix hash =
    // keccak("mix" ++ block hash).
    PipelineResult<L1Header> header(const L1BlockRef& block) override;
    static L1Header header_of(const L1BlockRef& ref);

private:
    struct Block {
        L1BlockRef ref;
        std::vector<L1Txn> txs;
        std::vector<Receipt> receipts;
    };

    // Keeps `blob` under its versioned hash, which it returns.
    B256 store_blob(Bytes blob);
    B256 sign_and_add(const PrivateKey& key, Transaction txn, bool success, std::vector<Log> logs);
    PipelineResult<const Block*> find(const L1BlockRef& ref);
    bool take_failure() noexcept;

    std::uint64_t chain_id_;
    std::uint64_t block_time_;
    std::uint64_t branch_ = 0;
    std::vector<Block> blocks_;
    Block pending_;
    std::map<Address, std::uint64_t> nonces_;
    std::map<B256, Bytes> blob_store_;
    std::map<B256, Bytes> wrong_blobs_;
    std::size_t failures_ = 0;
    std::size_t blob_calls_ = 0;
};

// Posts `batches` (each encoded, type byte first) as one zlib channel whose id starts with `tag`:
// one calldata tx per frame from `key` to `inbox`, then mines the block. nullopt when the channel
// cannot be built (the caller's test fails on it).
std::optional<L1BlockRef> post_channel(FakeL1Chain& l1, const PrivateKey& key, const Address& inbox,
                                       std::uint8_t tag, const std::vector<Bytes>& batches);

}  // namespace baton::derive::test_util
