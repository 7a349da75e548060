// SPDX-License-Identifier: MIT
#pragma once

// derive::L1Provider over an L1 node's JSON-RPC (rpc::Client), plus the L1 heads the node reports
// in its sync status and the sequencer picks origins from.
//
// Error classification (providers.hpp, STYLE.md §3.4):
// - a block number the node does not have yet (JSON null) is temporary/kEof, so the pipeline waits;
// - an unreachable node (transport, timeout, HTTP status, a body that is not JSON-RPC, a node error
//   object) is temporary/kProvider: the driver retries;
// - a block hash the node no longer knows, or an answer for a block other than the one asked for,
//   is reset/kBlockHashMismatch: L1 reorged under the pipeline;
// - a well-formed answer we cannot decode (e.g. an unknown txn type) or that contradicts itself (a
//   txn whose envelope does not hash to the reported hash, a blob of the wrong size, an excess blob
//   gas too large to price) is critical: retrying will not change it, and deriving past it would
//   derive a different chain than other nodes;
// - receipts that do not line up with the block's txns (count, order, block hash) are
//   temporary/kInconsistentL1Data: a load-balanced endpoint can answer from two nodes mid-reorg.
// Every failed or rejected call is counted in rpc_errors(); "not found yet" is not a failure.
//
// Blobs: from the beacon API when options.beacon is set (l1/beacon_blob_source: anvil 1.7.1 serves
// GET /eth/v1/beacon/blobs/{block} on its RPC port), else, or when the beacon fails, over JSON-RPC
// by versioned hash (`anvil_getBlobByHash`, measured: 131072 bytes, null for an unknown hash).
// Neither is trusted: derive's DataSource checks every blob against its versioned hash (KZG), and
// a blob of the wrong size is already temporary/kBlobMismatch here. Against a node without
// anvil_getBlobByHash and no beacon, blobs() is critical/kProvider naming the missing endpoint; with
// a beacon that failed, it is the beacon's (temporary) error.
//
// Caching: blocks fetched by number or hash are kept (with their receipts once read) by hash, in a
// small FIFO cache, so the stages re-reading the same block (traversal, retrieval, attributes) cost
// one fetch. Lookups by number or tag always ask the node, since the block at a number can change.
//
// Thread safety: calls may come from the derivation loop and the RPC server (sync status) at once;
// the cache is guarded by a mutex and rpc::Client serialises requests.

#include <baton/derive/providers.hpp>
#include <baton/rpc/client.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace baton::l1 {

struct RpcL1ProviderOptions {
    // Blocks kept by hash. The pipeline reads a block a few times in a row, then moves on; a
    // sequencing window's worth covers a reset walk-back too.
    std::size_t cache_blocks = 64;
    // EIP-4844 BLOB_BASE_FEE_UPDATE_FRACTION of the L1's current fork, used to price excessBlobGas.
    // Default: BPO1 (8346193), the hardfork anvil 1.7.1 runs by default (anvil_nodeInfo "Bpo1",
    // measured). Cancun 3338477, Prague/Osaka 5007716, BPO2 11684671. Irrelevant while the L1's
    // excess blob gas is zero (the price is then 1 wei on every fork).
    std::uint64_t blob_base_fee_update_fraction = 8346193;
    // The beacon API blobs are read from first (nullptr: anvil_getBlobByHash only).
    std::shared_ptr<derive::BlobProvider> beacon;
};

// EIP-4844 fake_exponential(MIN_BASE_FEE_PER_BLOB_GAS = 1, excess, fraction); nullopt on U256
// overflow (an excess no real chain reaches) or a zero fraction.
std::optional<U256> blob_base_fee(std::uint64_t excess_blob_gas, std::uint64_t update_fraction) noexcept;

// The classification above for a failed call: kDecode is critical/kProvider, every other kind
// temporary/kProvider. `what` names the call in the detail.
derive::PipelineError to_pipeline_error(const rpc::RpcError& e, const std::string& what);

class RpcL1Provider final : public derive::L1Provider {
public:
    explicit RpcL1Provider(rpc::Client client, RpcL1ProviderOptions options = {});
    ~RpcL1Provider() override;
    RpcL1Provider(const RpcL1Provider&) = delete;
    RpcL1Provider& operator=(const RpcL1Provider&) = delete;

    derive::PipelineResult<derive::L1BlockRef> block_ref_by_number(std::uint64_t number) override;
    derive::PipelineResult<derive::L1BlockRef> block_ref_by_hash(const B256& hash) override;
    derive::PipelineResult<std::vector<derive::L1Txn>> transactions(const derive::L1BlockRef& block) override;
    derive::PipelineResult<std::vector<Receipt>> receipts(const derive::L1BlockRef& block) override;
    derive::PipelineResult<std::vector<Bytes>> blobs(
        const derive::L1BlockRef& block, std::span<const derive::IndexedBlobHash> hashes) override;
    derive::PipelineResult<derive::L1Header> header(const derive::L1BlockRef& block) override;

    // eth_getBlockByNumber "latest" / "safe" / "finalized". A tag the node has no block for yet
    // (e.g. no finalized block) is temporary/kEof.
    derive::PipelineResult<derive::L1BlockRef> head_ref();
    derive::PipelineResult<derive::L1BlockRef> safe_ref();
    derive::PipelineResult<derive::L1BlockRef> finalized_ref();

    // Failed or rejected RPC calls since construction (the node exports it as a metric).
    std::uint64_t rpc_errors() const noexcept { return rpc_errors_.load(std::memory_order_relaxed); }
    // Blocks currently cached (for tests and metrics).
    std::size_t cached_blocks() const;

private:
    // A cached block: its full txns always, its receipts once read.
    struct Entry {
        std::shared_ptr<const rpc::Block> block;
        std::shared_ptr<const std::vector<Receipt>> receipts;
    };

    // The block `ref` names, with full txns, from the cache or the node; checks it is that block.
    derive::PipelineResult<Entry> full_block(const derive::L1BlockRef& ref);
    derive::PipelineResult<derive::L1BlockRef> ref_by_tag(const rpc::BlockTag& tag, const char* what);
    std::optional<Entry> cached(const B256& hash) const;
    Entry remember(rpc::Block block);
    void remember_receipts(const B256& hash, std::shared_ptr<const std::vector<Receipt>> receipts);
    // Counts a failure and hands it back, so error paths read `return fail(...)`.
    Unexpected<derive::PipelineError> fail(derive::PipelineError e);
    Unexpected<derive::PipelineError> fail_rpc(const rpc::RpcError& e, const std::string& what);

    rpc::Client client_;
    RpcL1ProviderOptions options_;
    mutable std::mutex mutex_;
    std::map<B256, Entry> cache_;
    std::deque<B256> order_;  // insertion order, oldest first
    std::atomic<std::uint64_t> rpc_errors_{0};
};

}  // namespace baton::l1
