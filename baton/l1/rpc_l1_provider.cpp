// SPDX-License-Identifier: MIT
#include <baton/l1/rpc_l1_provider.hpp>

#include <baton/core/hex.hpp>
#include <baton/protocol/blob.hpp>
#include <baton/rpc/json_codec.hpp>

#include <cstdint>
#include <utility>

namespace baton::l1 {

using derive::L1BlockRef;
using derive::PipelineError;
using derive::PipelineResult;
using derive::Reason;

namespace {

std::string hex(const B256& h) {
    return to_hex(ByteView(h.data(), h.size()));
}

std::string block_text(std::uint64_t number, const B256& hash) {
    return "#" + std::to_string(number) + " " + hex(hash);
}

L1BlockRef to_ref(const rpc::BlockHeader& h) {
    return L1BlockRef{h.hash, h.number, h.parent_hash, h.timestamp};
}

// The txns a node reports must hash to what it says (rpc's decoder checks this too; checked
// here again because derivation's data source trusts these hashes), and the full txns must be the
// block's txn list.
Result<void, PipelineError> check_block(const rpc::Block& block) {
    const auto& h = block.header;
    if (block.transactions.size() != block.transaction_hashes.size()) {
        return baton::unexpected(derive::critical(
            Reason::kInconsistentL1Data, block_text(h.number, h.hash) + ": " +
                                             std::to_string(block.transactions.size()) + " txns for " +
                                             std::to_string(block.transaction_hashes.size()) + " hashes"));
    }
    for (std::size_t i = 0; i < block.transactions.size(); ++i) {
        const auto& t = block.transactions[i];
        const B256 computed = transaction_hash(t.txn);
        if (computed != t.hash || t.hash != block.transaction_hashes[i]) {
            return baton::unexpected(derive::critical(
                Reason::kInconsistentL1Data, block_text(h.number, h.hash) + " txn " + std::to_string(i) +
                                                 ": reported hash " + hex(t.hash) + ", envelope hashes to " +
                                                 hex(computed)));
        }
    }
    return {};
}

}  // namespace

// Node failures that a retry can cure are temporary; a well-formed answer we cannot decode will
// decode no better next time.
PipelineError to_pipeline_error(const rpc::RpcError& e, const std::string& what) {
    const std::string detail = what + ": " + rpc::to_string(e);
    if (e.kind == rpc::RpcErrorKind::kDecode) return derive::critical(Reason::kProvider, detail);
    return derive::temporary(Reason::kProvider, detail);
}

std::optional<U256> blob_base_fee(std::uint64_t excess_blob_gas, std::uint64_t update_fraction) noexcept {
    if (update_fraction == 0) return std::nullopt;
    // fake_exponential(factor = 1, numerator = excess, denominator = fraction), EIP-4844.
    const U256 numerator(excess_blob_gas);
    U256 output(0);
    U256 accum(update_fraction);  // factor * denominator
    for (std::uint64_t i = 1; !accum.is_zero(); ++i) {
        auto sum = checked_add(output, accum);
        if (!sum) return std::nullopt;
        output = *sum;
        auto product = checked_mul(accum, numerator);
        if (!product) return std::nullopt;
        if (i > UINT64_MAX / update_fraction) return std::nullopt;
        auto quotient = divmod(*product, update_fraction * i);
        if (!quotient) return std::nullopt;
        accum = quotient->quotient;
    }
    auto fee = divmod(output, update_fraction);
    if (!fee) return std::nullopt;
    return fee->quotient;
}

RpcL1Provider::RpcL1Provider(rpc::Client client, RpcL1ProviderOptions options)
    : client_(std::move(client)), options_(std::move(options)) {}

RpcL1Provider::~RpcL1Provider() = default;

Unexpected<PipelineError> RpcL1Provider::fail(PipelineError e) {
    rpc_errors_.fetch_add(1, std::memory_order_relaxed);
    return baton::unexpected(std::move(e));
}

Unexpected<PipelineError> RpcL1Provider::fail_rpc(const rpc::RpcError& e, const std::string& what) {
    return fail(to_pipeline_error(e, what));
}

std::size_t RpcL1Provider::cached_blocks() const {
    std::lock_guard lock(mutex_);
    return cache_.size();
}

std::optional<RpcL1Provider::Entry> RpcL1Provider::cached(const B256& hash) const {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(hash);
    if (it == cache_.end()) return std::nullopt;
    return it->second;
}

RpcL1Provider::Entry RpcL1Provider::remember(rpc::Block block) {
    const B256 hash = block.header.hash;
    std::lock_guard lock(mutex_);
    auto it = cache_.find(hash);
    if (it != cache_.end()) return it->second;  // keep receipts already read
    if (options_.cache_blocks == 0)
        return Entry{std::make_shared<const rpc::Block>(std::move(block)), nullptr};
    while (cache_.size() >= options_.cache_blocks && !order_.empty()) {
        cache_.erase(order_.front());
        order_.pop_front();
    }
    Entry entry{std::make_shared<const rpc::Block>(std::move(block)), nullptr};
    cache_.emplace(hash, entry);
    order_.push_back(hash);
    return entry;
}

void RpcL1Provider::remember_receipts(const B256& hash,
                                      std::shared_ptr<const std::vector<Receipt>> receipts) {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(hash);
    if (it != cache_.end()) it->second.receipts = std::move(receipts);
}

PipelineResult<L1BlockRef> RpcL1Provider::block_ref_by_number(std::uint64_t number) {
    const std::string what = "eth_getBlockByNumber #" + std::to_string(number);
    auto got = client_.eth_get_block_by_number(rpc::BlockTag::at(number), true);
    if (!got) return fail_rpc(got.error(), what);
    if (!got->has_value())
        return baton::unexpected(derive::temporary(Reason::kEof, what + ": not found yet"));
    rpc::Block& block = **got;
    if (block.header.number != number) {
        return fail(derive::temporary(
            Reason::kProvider,
            what + ": the node answered " + block_text(block.header.number, block.header.hash)));
    }
    if (auto ok = check_block(block); !ok) return fail(ok.error());
    const L1BlockRef ref = to_ref(block.header);
    remember(std::move(block));
    return ref;
}

PipelineResult<L1BlockRef> RpcL1Provider::block_ref_by_hash(const B256& hash) {
    if (auto entry = cached(hash)) return to_ref(entry->block->header);
    const std::string what = "eth_getBlockByHash " + hex(hash);
    auto got = client_.eth_get_block_by_hash(hash, true);
    if (!got) return fail_rpc(got.error(), what);
    if (!got->has_value())
        return baton::unexpected(derive::temporary(Reason::kMissingL1Data, what + ": unknown hash"));
    rpc::Block& block = **got;
    if (block.header.hash != hash) {
        return fail(derive::reset(
            Reason::kBlockHashMismatch,
            what + ": the node answered " + block_text(block.header.number, block.header.hash)));
    }
    if (auto ok = check_block(block); !ok) return fail(ok.error());
    const L1BlockRef ref = to_ref(block.header);
    remember(std::move(block));
    return ref;
}

PipelineResult<RpcL1Provider::Entry> RpcL1Provider::full_block(const L1BlockRef& ref) {
    if (auto entry = cached(ref.hash)) {
        if (entry->block->header.number != ref.number) {
            return baton::unexpected(
                derive::reset(Reason::kBlockHashMismatch, "block " + hex(ref.hash) + " is #" +
                                                              std::to_string(entry->block->header.number) +
                                                              ", not #" + std::to_string(ref.number)));
        }
        return *entry;
    }
    const std::string what = "eth_getBlockByHash " + block_text(ref.number, ref.hash);
    auto got = client_.eth_get_block_by_hash(ref.hash, true);
    if (!got) return fail_rpc(got.error(), what);
    if (!got->has_value()) {
        // Gone or not there yet? The block now at that number tells: none yet is kEof (as for a
        // number), another one means L1 reorged.
        auto now = client_.eth_get_block_by_number(rpc::BlockTag::at(ref.number), false);
        if (!now) return fail_rpc(now.error(), "eth_getBlockByNumber #" + std::to_string(ref.number));
        if (!now->has_value())
            return baton::unexpected(derive::temporary(Reason::kEof, what + ": not found yet"));
        if ((*now)->header.hash != ref.hash) {
            return baton::unexpected(derive::reset(Reason::kBlockHashMismatch,
                                                   what + ": reorged out, #" + std::to_string(ref.number) +
                                                       " is now " + hex((*now)->header.hash)));
        }
        return fail(derive::temporary(Reason::kProvider, what + ": unknown by hash but canonical by number"));
    }
    rpc::Block& block = **got;
    if (block.header.hash != ref.hash || block.header.number != ref.number) {
        return fail(derive::reset(
            Reason::kBlockHashMismatch,
            what + ": the node answered " + block_text(block.header.number, block.header.hash)));
    }
    if (auto ok = check_block(block); !ok) return fail(ok.error());
    return remember(std::move(block));
}

PipelineResult<std::vector<derive::L1Txn>> RpcL1Provider::transactions(const L1BlockRef& block) {
    auto entry = full_block(block);
    if (!entry) return baton::unexpected(std::move(entry.error()));
    std::vector<derive::L1Txn> out;
    out.reserve(entry->block->transactions.size());
    for (const auto& t : entry->block->transactions) out.push_back(derive::L1Txn{t.txn, t.hash});
    return out;
}

PipelineResult<std::vector<Receipt>> RpcL1Provider::receipts(const L1BlockRef& block) {
    auto entry = full_block(block);
    if (!entry) return baton::unexpected(std::move(entry.error()));
    if (entry->receipts) return *entry->receipts;

    const std::string what = "eth_getBlockReceipts " + block_text(block.number, block.hash);
    auto got = client_.eth_get_block_receipts(block.hash);
    if (!got) return fail_rpc(got.error(), what);
    if (!got->has_value()) {
        return fail(derive::reset(Reason::kBlockHashMismatch, what + ": the node does not know the block"));
    }
    const auto& hashes = entry->block->transaction_hashes;
    const auto& rpc_receipts = **got;
    if (rpc_receipts.size() != hashes.size()) {
        return fail(derive::temporary(Reason::kInconsistentL1Data,
                                      what + ": " + std::to_string(rpc_receipts.size()) + " receipts for " +
                                          std::to_string(hashes.size()) + " txns"));
    }
    auto out = std::make_shared<std::vector<Receipt>>();
    out->reserve(rpc_receipts.size());
    for (std::size_t i = 0; i < rpc_receipts.size(); ++i) {
        const auto& r = rpc_receipts[i];
        if (r.block_hash != block.hash) {
            return fail(derive::reset(Reason::kBlockHashMismatch, what + ": receipt " + std::to_string(i) +
                                                                      " is from block " + hex(r.block_hash)));
        }
        if (r.transaction_hash != hashes[i] || r.transaction_index != i) {
            return fail(derive::temporary(
                Reason::kInconsistentL1Data,
                what + ": receipt " + std::to_string(i) + " is for txn " + hex(r.transaction_hash) +
                    " at index " + std::to_string(r.transaction_index) + ", expected " + hex(hashes[i])));
        }
        out->push_back(r.receipt);
    }
    std::vector<Receipt> result = *out;
    remember_receipts(block.hash, std::move(out));
    return result;
}

PipelineResult<std::vector<Bytes>> RpcL1Provider::blobs(const L1BlockRef& block,
                                                        std::span<const derive::IndexedBlobHash> hashes) {
    auto entry = full_block(block);
    if (!entry) return baton::unexpected(std::move(entry.error()));
    // The asked-for hashes must be the block's, at those indices (as the in-memory L1 checks), so a
    // stale request after a reorg does not fetch another block's blobs.
    std::vector<B256> block_hashes;
    for (const auto& t : entry->block->transactions) {
        if (const auto* blob_tx = std::get_if<BlobTx>(&t.txn)) {
            block_hashes.insert(block_hashes.end(), blob_tx->blob_versioned_hashes.begin(),
                                blob_tx->blob_versioned_hashes.end());
        }
    }
    for (const auto& wanted : hashes) {
        if (wanted.index >= block_hashes.size() || block_hashes[wanted.index] != wanted.hash) {
            return baton::unexpected(
                derive::reset(Reason::kInconsistentL1Data, block_text(block.number, block.hash) +
                                                               ": no blob " + hex(wanted.hash) +
                                                               " at index " + std::to_string(wanted.index)));
        }
    }
    // The beacon first; anvil_getBlobByHash when it has failed (not when it answered a wrong blob:
    // that is for DataSource to find, and a retry asks the beacon again).
    std::optional<derive::PipelineError> beacon_error;
    if (options_.beacon) {
        auto got = options_.beacon->blobs(block, hashes);
        if (got) return got;
        rpc_errors_.fetch_add(1, std::memory_order_relaxed);
        beacon_error = std::move(got.error());
    }
    auto with_beacon = [&](derive::PipelineError e) {
        if (beacon_error) e.detail += " (beacon: " + beacon_error->detail + ")";
        return fail(std::move(e));
    };
    std::vector<Bytes> out;
    out.reserve(hashes.size());
    for (const auto& wanted : hashes) {
        const std::string what = "anvil_getBlobByHash " + hex(wanted.hash);
        auto got = client_.call("anvil_getBlobByHash", nlohmann::json::array({hex(wanted.hash)}));
        if (!got) {
            if (got.error().kind == rpc::RpcErrorKind::kRpcError && got.error().code == -32601) {
                if (beacon_error) return fail(std::move(*beacon_error));
                return fail(
                    derive::critical(Reason::kProvider,
                                     "blob data needs a beacon endpoint (--l1-beacon): the L1 node has "
                                     "no anvil_getBlobByHash"));
            }
            return with_beacon(to_pipeline_error(got.error(), what));
        }
        if (got->is_null())
            return with_beacon(
                derive::temporary(Reason::kMissingL1Data, what + ": the node has no such blob"));
        auto bytes = rpc::decode_bytes(*got);
        if (!bytes)
            return with_beacon(
                derive::critical(Reason::kProvider, what + ": " + rpc::to_string(bytes.error())));
        if (bytes->size() != protocol::kBlobSize) {
            return with_beacon(derive::temporary(
                Reason::kBlobMismatch, what + ": " + std::to_string(bytes->size()) + " bytes, not a blob"));
        }
        out.push_back(std::move(*bytes));
    }
    return out;
}

PipelineResult<derive::L1Header> RpcL1Provider::header(const L1BlockRef& block) {
    auto entry = full_block(block);
    if (!entry) return baton::unexpected(std::move(entry.error()));
    const rpc::BlockHeader& h = entry->block->header;
    derive::L1Header out;
    out.ref = to_ref(h);
    out.base_fee = h.base_fee_per_gas.value_or(U256(0));  // 0 before London
    if (h.excess_blob_gas) {
        auto fee = blob_base_fee(*h.excess_blob_gas, options_.blob_base_fee_update_fraction);
        if (!fee) {
            return fail(derive::critical(Reason::kInconsistentL1Data,
                                         block_text(h.number, h.hash) + ": excess blob gas " +
                                             std::to_string(*h.excess_blob_gas) + " cannot be priced"));
        }
        out.blob_base_fee = *fee;
    }
    out.mix_hash = h.mix_hash;
    out.parent_beacon_block_root = h.parent_beacon_block_root.value_or(B256{});
    return out;
}

PipelineResult<L1BlockRef> RpcL1Provider::ref_by_tag(const rpc::BlockTag& tag, const char* what) {
    const std::string call = std::string("eth_getBlockByNumber ") + what;
    auto got = client_.eth_get_block_by_number(tag, false);
    if (!got) return fail_rpc(got.error(), call);
    if (!got->has_value())
        return baton::unexpected(derive::temporary(Reason::kEof, call + ": no such block yet"));
    return to_ref((*got)->header);
}

PipelineResult<L1BlockRef> RpcL1Provider::head_ref() {
    return ref_by_tag(rpc::BlockTag::latest(), "latest");
}
PipelineResult<L1BlockRef> RpcL1Provider::safe_ref() {
    return ref_by_tag(rpc::BlockTag::safe(), "safe");
}
PipelineResult<L1BlockRef> RpcL1Provider::finalized_ref() {
    return ref_by_tag(rpc::BlockTag::finalized(), "finalized");
}

}  // namespace baton::l1
