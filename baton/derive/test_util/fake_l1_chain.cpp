// SPDX-License-Identifier: MIT
#include <baton/derive/test_util/fake_l1_chain.hpp>

#include <baton/core/assert.hpp>
#include <baton/core/keccak.hpp>
#include <baton/kzg/kzg.hpp>
#include <baton/protocol/blob.hpp>
#include <baton/protocol/channel_out.hpp>
#include <baton/protocol/deposit.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <algorithm>
#include <string>
#include <utility>

namespace baton::derive::test_util {

namespace {

B256 word_of(std::uint64_t v) noexcept {
    B256 w{};
    for (std::size_t i = 0; i < 8; ++i) w[31 - i] = static_cast<std::uint8_t>(v >> (8 * i));
    return w;
}

// The SystemConfig owner in scenarios; its txs only matter for their receipts.
PrivateKey owner_key() {
    B256 secret{};
    secret[31] = 0x0b;
    return PrivateKey::from_bytes(secret).value();
}

std::string number_text(std::uint64_t n) {
    return "block " + std::to_string(n);
}

}  // namespace

B256 address_word(const Address& address) noexcept {
    B256 w{};
    std::copy(address.begin(), address.end(), w.begin() + 12);
    return w;
}

Log make_config_update_log(const Address& system_config, protocol::ConfigUpdateType type, ByteView payload) {
    Log log;
    log.address = system_config;
    log.topics = {protocol::kConfigUpdateTopic, B256{}, word_of(static_cast<std::uint64_t>(type))};
    auto offset = word_of(32);
    auto length = word_of(payload.size());
    append(log.data, offset);
    append(log.data, length);
    append(log.data, payload);
    log.data.resize(64 + (payload.size() + 31) / 32 * 32, 0);
    return log;
}

FakeL1Chain::FakeL1Chain(std::uint64_t chain_id, std::uint64_t genesis_number, std::uint64_t genesis_time,
                         std::uint64_t block_time)
    : chain_id_(chain_id), block_time_(block_time) {
    Block genesis;
    genesis.ref.number = genesis_number;
    genesis.ref.timestamp = genesis_time;
    Bytes seed;
    append_be(seed, chain_id, 8);
    append_be(seed, genesis_number, 8);
    genesis.ref.hash = keccak256(seed);
    blocks_.push_back(std::move(genesis));
}

const L1BlockRef& FakeL1Chain::block(std::uint64_t number) const {
    BATON_ASSERT(number >= genesis().number && number <= head().number);
    return blocks_[number - genesis().number].ref;
}

B256 FakeL1Chain::sign_and_add(const PrivateKey& key, Transaction txn, bool success, std::vector<Log> logs) {
    auto signed_ok = sign(txn, key);
    BATON_ASSERT(signed_ok.has_value());
    Receipt receipt;
    receipt.type = tx_type(txn);
    receipt.status = success;
    receipt.logs = std::move(logs);
    return add_tx(std::move(txn), std::move(receipt));
}

B256 FakeL1Chain::add_batcher_tx(const PrivateKey& key, const Address& to, ByteView calldata, bool success) {
    DynamicFeeTx tx;
    tx.chain_id = chain_id_;
    tx.nonce = nonces_[address_from_private_key(key)]++;
    tx.max_priority_fee_per_gas = U256(1'000'000'000);
    tx.max_fee_per_gas = U256(30'000'000'000);
    tx.gas_limit = 1'000'000;
    tx.to = to;
    tx.data = to_bytes(calldata);
    return sign_and_add(key, Transaction{std::move(tx)}, success, {});
}

B256 FakeL1Chain::add_blob_batcher_tx(const PrivateKey& key, const Address& to,
                                      const std::vector<Bytes>& blob_data, bool success, ByteView calldata) {
    BlobTx tx;
    tx.chain_id = chain_id_;
    tx.nonce = nonces_[address_from_private_key(key)]++;
    tx.max_priority_fee_per_gas = U256(1'000'000'000);
    tx.max_fee_per_gas = U256(30'000'000'000);
    tx.max_fee_per_blob_gas = U256(1'000'000'000);
    tx.gas_limit = 100'000;
    tx.to = to;
    tx.data = to_bytes(calldata);
    for (const auto& data : blob_data) {
        auto blob = protocol::encode_blob(data);
        BATON_ASSERT(blob.has_value());
        tx.blob_versioned_hashes.push_back(store_blob(std::move(*blob)));
    }
    return sign_and_add(key, Transaction{std::move(tx)}, success, {});
}

B256 FakeL1Chain::add_raw_blob_batcher_tx(const PrivateKey& key, const Address& to,
                                          std::vector<Bytes> blobs) {
    BlobTx tx;
    tx.chain_id = chain_id_;
    tx.nonce = nonces_[address_from_private_key(key)]++;
    tx.max_priority_fee_per_gas = U256(1'000'000'000);
    tx.max_fee_per_gas = U256(30'000'000'000);
    tx.max_fee_per_blob_gas = U256(1'000'000'000);
    tx.gas_limit = 100'000;
    tx.to = to;
    for (auto& blob : blobs) tx.blob_versioned_hashes.push_back(store_blob(std::move(blob)));
    return sign_and_add(key, Transaction{std::move(tx)}, true, {});
}

B256 FakeL1Chain::store_blob(Bytes blob) {
    auto kzg = kzg::Kzg::mainnet();
    BATON_ASSERT(kzg.has_value());
    auto hash = (*kzg)->blob_versioned_hash(blob);
    BATON_ASSERT(hash.has_value());
    blob_store_[*hash] = std::move(blob);
    return *hash;
}

B256 FakeL1Chain::add_tx(Transaction txn, Receipt receipt) {
    std::uint64_t gas = pending_.receipts.empty() ? 0 : pending_.receipts.back().cumulative_gas_used;
    receipt.cumulative_gas_used = gas + 21'000;
    receipt.logs_bloom = logs_bloom(receipt.logs);
    L1Txn entry{std::move(txn), {}};
    entry.hash = transaction_hash(entry.txn);
    B256 hash = entry.hash;
    pending_.txs.push_back(std::move(entry));
    pending_.receipts.push_back(std::move(receipt));
    return hash;
}

B256 FakeL1Chain::add_config_update(const Address& system_config, protocol::ConfigUpdateType type,
                                    const B256& word, bool success) {
    auto key = owner_key();
    DynamicFeeTx tx;
    tx.chain_id = chain_id_;
    tx.nonce = nonces_[address_from_private_key(key)]++;
    tx.max_fee_per_gas = U256(30'000'000'000);
    tx.gas_limit = 100'000;
    tx.to = system_config;
    std::vector<Log> logs;
    // A reverted tx emits nothing on a real chain, but derivation must not trust that: the fake keeps
    // the log so tests can check that status-0 receipts are ignored.
    logs.push_back(make_config_update_log(system_config, type, word));
    return sign_and_add(key, Transaction{std::move(tx)}, success, std::move(logs));
}

B256 FakeL1Chain::add_deposit(const Address& portal, const Address& from, const Address& to,
                              std::uint64_t mint, std::uint64_t gas, ByteView data) {
    Bytes opaque;
    append(opaque, word_of(mint));
    append(opaque, word_of(0));
    append_be(opaque, gas, 8);
    opaque.push_back(0);
    append(opaque, data);
    Log log;
    log.address = portal;
    log.topics = {protocol::kTransactionDepositedTopic, address_word(from), address_word(to), word_of(0)};
    append(log.data, word_of(32));
    append(log.data, word_of(opaque.size()));
    append(log.data, opaque);
    log.data.resize(64 + (opaque.size() + 31) / 32 * 32, 0);
    auto key = owner_key();
    DynamicFeeTx tx;
    tx.chain_id = chain_id_;
    tx.nonce = nonces_[address_from_private_key(key)]++;
    tx.max_fee_per_gas = U256(30'000'000'000);
    tx.gas_limit = 200'000;
    tx.to = portal;
    std::vector<Log> logs;
    logs.push_back(std::move(log));
    return sign_and_add(key, Transaction{std::move(tx)}, true, std::move(logs));
}

L1BlockRef FakeL1Chain::mine() {
    Block block = std::move(pending_);
    pending_ = Block{};
    const L1BlockRef& parent = head();
    block.ref.number = parent.number + 1;
    block.ref.parent_hash = parent.hash;
    block.ref.timestamp = parent.timestamp + block_time_;
    Keccak256 h;
    h.update(parent.hash);
    Bytes fields;
    append_be(fields, block.ref.number, 8);
    append_be(fields, block.ref.timestamp, 8);
    append_be(fields, branch_, 8);
    h.update(fields);
    for (const auto& tx : block.txs) h.update(tx.hash);
    block.ref.hash = h.finalize();
    blocks_.push_back(std::move(block));
    return head();
}

L1BlockRef FakeL1Chain::mine_empty(std::size_t count) {
    Block pending = std::move(pending_);
    for (std::size_t i = 0; i < count; ++i) {
        pending_ = Block{};
        mine();
    }
    pending_ = std::move(pending);
    return head();
}

void FakeL1Chain::rewind(std::size_t depth) {
    BATON_ASSERT(depth < blocks_.size());
    blocks_.resize(blocks_.size() - depth);
    ++branch_;
}

L1BlockRef FakeL1Chain::reorg(std::size_t depth) {
    rewind(depth);
    return mine_empty(depth);
}

bool FakeL1Chain::take_failure() noexcept {
    if (failures_ == 0) return false;
    --failures_;
    return true;
}

PipelineResult<L1BlockRef> FakeL1Chain::block_ref_by_number(std::uint64_t number) {
    if (take_failure()) return baton::unexpected(temporary(Reason::kProvider, "injected failure"));
    if (number < genesis().number || number > head().number)
        return baton::unexpected(temporary(Reason::kEof, number_text(number) + " not found"));
    return block(number);
}

PipelineResult<L1BlockRef> FakeL1Chain::block_ref_by_hash(const B256& hash) {
    if (take_failure()) return baton::unexpected(temporary(Reason::kProvider, "injected failure"));
    for (const auto& b : blocks_)
        if (b.ref.hash == hash) return b.ref;
    return baton::unexpected(temporary(Reason::kMissingL1Data, "unknown block hash"));
}

PipelineResult<const FakeL1Chain::Block*> FakeL1Chain::find(const L1BlockRef& ref) {
    if (take_failure()) return baton::unexpected(temporary(Reason::kProvider, "injected failure"));
    if (ref.number < genesis().number || ref.number > head().number)
        return baton::unexpected(temporary(Reason::kEof, number_text(ref.number) + " not found"));
    const Block& b = blocks_[ref.number - genesis().number];
    if (b.ref.hash != ref.hash)
        return baton::unexpected(reset(Reason::kBlockHashMismatch, number_text(ref.number) + " was reorged"));
    return &b;
}

PipelineResult<std::vector<L1Txn>> FakeL1Chain::transactions(const L1BlockRef& ref) {
    auto b = find(ref);
    if (!b) return baton::unexpected(std::move(b.error()));
    return (*b)->txs;
}

PipelineResult<std::vector<Receipt>> FakeL1Chain::receipts(const L1BlockRef& ref) {
    auto b = find(ref);
    if (!b) return baton::unexpected(std::move(b.error()));
    return (*b)->receipts;
}

PipelineResult<std::vector<Bytes>> FakeL1Chain::blobs(const L1BlockRef& ref,
                                                      std::span<const IndexedBlobHash> hashes) {
    ++blob_calls_;
    auto b = find(ref);
    if (!b) return baton::unexpected(std::move(b.error()));
    // Check the indices the way a beacon node would: the index-th blob of the block has that hash.
    std::vector<B256> block_hashes;
    for (const auto& tx : (*b)->txs)
        if (const auto* blob_tx = std::get_if<BlobTx>(&tx.txn))
            block_hashes.insert(block_hashes.end(), blob_tx->blob_versioned_hashes.begin(),
                                blob_tx->blob_versioned_hashes.end());
    std::vector<Bytes> out;
    for (const auto& h : hashes) {
        if (h.index >= block_hashes.size() || block_hashes[h.index] != h.hash)
            return baton::unexpected(reset(Reason::kInconsistentL1Data, "blob index/hash mismatch"));
        const auto wrong = wrong_blobs_.find(h.hash);
        out.push_back(wrong != wrong_blobs_.end() ? wrong->second : blob_store_.at(h.hash));
    }
    return out;
}

void FakeL1Chain::serve_blob_instead(const B256& versioned_hash, std::optional<Bytes> blob) {
    if (blob) {
        wrong_blobs_[versioned_hash] = std::move(*blob);
    } else {
        wrong_blobs_.erase(versioned_hash);
    }
}

L1Header FakeL1Chain::header_of(const L1BlockRef& ref) {
    L1Header h;
    h.ref = ref;
    h.base_fee = U256(1'000'000'000 + ref.number);
    h.blob_base_fee = U256(1);
    Bytes seed{'m', 'i', 'x'};
    append(seed, ref.hash);
    h.mix_hash = keccak256(seed);
    seed[0] = 'b';
    h.parent_beacon_block_root = keccak256(seed);
    return h;
}

PipelineResult<L1Header> FakeL1Chain::header(const L1BlockRef& ref) {
    auto b = find(ref);
    if (!b) return baton::unexpected(std::move(b.error()));
    return header_of((*b)->ref);
}

std::optional<L1BlockRef> post_channel(FakeL1Chain& l1, const PrivateKey& key, const Address& inbox,
                                       std::uint8_t tag, const std::vector<Bytes>& batches) {
    protocol::ChannelId id{};
    id[0] = tag;
    protocol::ChannelOut out(id, protocol::CompressionAlgo::kZlib);
    for (const auto& b : batches)
        if (!out.add_batch(b)) return std::nullopt;
    if (!out.close()) return std::nullopt;
    auto frames = out.frames(100'000);
    if (!frames) return std::nullopt;
    for (const auto& f : *frames)
        l1.add_batcher_tx(key, inbox, protocol::encode_tx_payload(std::vector<protocol::Frame>{f}));
    return l1.mine();
}

}  // namespace baton::derive::test_util
