// SPDX-License-Identifier: MIT
#pragma once

// The L1 data derivation reads (evmone's StateView shape: a few read methods and an in-memory twin,
// test_util/fake_l1_chain.hpp). The node implements L1Provider over JSON-RPC (and a beacon API for
// blobs); it blocks, and the node's loop owns retries.
//
// Error classification is the adapter's job (errors.hpp): a block not known yet is temporary/kEof,
// a transport failure temporary/kProvider, an answer for another block than the one asked for
// (the hash changed under us) reset/kBlockHashMismatch.

#include <baton/core/bytes.hpp>
#include <baton/core/receipt.hpp>
#include <baton/core/transaction.hpp>
#include <baton/core/u256.hpp>
#include <baton/derive/block_ref.hpp>
#include <baton/derive/errors.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace baton::derive {

// A transaction with the hash the node reported (the adapter checks it against the envelope).
struct L1Txn {
    Transaction txn;
    B256 hash{};
};

// A blob's versioned hash and its index among all blobs of the block (non-batcher txs included),
// since beacon sidecars are fetched by index.
struct IndexedBlobHash {
    std::uint64_t index = 0;
    B256 hash{};

    friend bool operator==(const IndexedBlobHash&, const IndexedBlobHash&) = default;
};

// The header fields the attributes builder needs from an epoch's L1 block (prev_randao and the
// L1-info deposit), on top of the block ref.
struct L1Header {
    L1BlockRef ref;
    U256 base_fee;
    U256 blob_base_fee{1};            // 1 before the L1 has blobs (Cancun), as op-node's L1 info
    B256 mix_hash{};                  // prevrandao after the merge
    B256 parent_beacon_block_root{};  // EIP-4788 (Cancun); zero before

    friend bool operator==(const L1Header&, const L1Header&) = default;
};

// Blobs by versioned hash: a beacon API (op-node's --l1.beacon), or anvil's JSON-RPC. Untrusted:
// DataSource checks every blob against its versioned hash (KZG commitment) before decoding it, so a
// server that answers a wrong blob stops derivation at that block instead of forking it.
// A blob the server does not have (yet) is temporary/kMissingL1Data.
class BlobProvider {
public:
    virtual ~BlobProvider() = default;

    // The blobs (kBlobSize bytes each) for `hashes`, in that order; `block` is the L1 block whose
    // txs name them (a beacon node serves blobs by block).
    virtual PipelineResult<std::vector<Bytes>> blobs(const L1BlockRef& block,
                                                     std::span<const IndexedBlobHash> hashes) = 0;
};

class L1Provider : public BlobProvider {
public:
    virtual PipelineResult<L1BlockRef> block_ref_by_number(std::uint64_t number) = 0;
    virtual PipelineResult<L1BlockRef> block_ref_by_hash(const B256& hash) = 0;
    // The block's transactions in index order.
    virtual PipelineResult<std::vector<L1Txn>> transactions(const L1BlockRef& block) = 0;
    // The block's receipts, one per transaction, in index order.
    virtual PipelineResult<std::vector<Receipt>> receipts(const L1BlockRef& block) = 0;
    // The block's header fields (reset/kBlockHashMismatch when `block` is no longer canonical).
    virtual PipelineResult<L1Header> header(const L1BlockRef& block) = 0;
};

// The L2 side derivation reads (kona's L2ChainProvider, op-node's SafeBlockFetcher): the node
// implements it over its engine, test_util/fake_l2_chain.hpp in memory. The safe head is the block
// the next derived attributes build on; the engine advances it when it executes them.
class L2ChainProvider {
public:
    virtual ~L2ChainProvider() = default;

    virtual PipelineResult<L2BlockRef> safe_head() = 0;
    // A block of the safe chain by number (temporary/kMissingL1Data-like errors are the adapter's).
    virtual PipelineResult<L2BlockRef> l2_block_ref_by_number(std::uint64_t number) = 0;
    // A safe block's transactions as EIP-2718 envelopes, deposits included (span batch overlap check).
    virtual PipelineResult<std::vector<Bytes>> transactions_by_number(std::uint64_t number) = 0;
};

}  // namespace baton::derive
