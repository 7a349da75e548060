// SPDX-License-Identifier: MIT
#pragma once

// Which transactions of an L1 block carry batch data, and their data (OP-PROTOCOL.md §2 with
// Baton's rules, ARCHITECTURE.md §3). Calldata and blob txs are read together, in block order.
//
// The inbox: SystemConfig's `batch_inbox` when Baton is active (by the block's timestamp) and one
// was set, else rollup.json's `batch_inbox_address`. A tx counts only if `to == inbox`.
// Who may post, by batcherHash version byte:
// - 0: the sender recovered from the signature (L1 chain id) must be the batcher address. A tx
//   whose signature does not recover is dropped.
// - 1 while Baton is active: the sender is not checked (the inbox contract already did); only txs
//   whose receipt has status 1 count.
// - 1 before baton_time (decision): no authorized batcher. Upstream cannot even parse such a hash,
//   and guessing a rule would fork from whatever activation later means; so the block yields no
//   data, with one logged, counted drop per inbox tx. Derivation goes on (empty batches), it never
//   halts or crashes.
// - any other version: no data either (same drop accounting).
// Deposit txs (0x7E, only on an L1 that is itself an OP chain) are not batcher txs here, as in
// kona's calldata source.
//
// Blobs (Ecotone, by the block's timestamp): a type-3 batcher tx contributes its blobs, in
// versioned-hash order, and its calldata is ignored; blob indices count every blob of the block,
// non-batcher txs included. A blob that does not decode is dropped. Before Ecotone every tx,
// type 3 included, contributes its calldata.
//
// Blob verification (issue 19): the blob server is not trusted. Each fetched blob must be
// kBlobSize bytes and its KZG commitment must hash to the versioned hash the tx names (EIP-4844's
// kzg_to_versioned_hash; recomputing the commitment is stronger than checking a served proof, and
// the beacon API's blobs endpoint serves none). Anything else (a wrong blob, a wrong size, a
// non-canonical field element) is temporary/kBlobMismatch for the whole block: derivation stops
// there and retries, so a lying server can stall a verifier but never make it derive another
// chain. The mainnet trusted setup is loaded on the first blob (kzg::Kzg::mainnet()); failing to
// load it is critical.

#include <baton/core/bytes.hpp>
#include <baton/core/receipt.hpp>
#include <baton/derive/block_ref.hpp>
#include <baton/derive/metrics.hpp>
#include <baton/derive/providers.hpp>
#include <baton/protocol/rollup_config.hpp>
#include <baton/protocol/system_config.hpp>

#include <span>
#include <vector>

namespace baton::derive {

// The inbox address that governs `block_time` under `config`.
Address batch_inbox_at(const protocol::RollupConfig& rollup, const protocol::SystemConfig& config,
                       std::uint64_t block_time) noexcept;

class DataSource {
public:
    // `rollup` and `provider` outlive the source.
    DataSource(const protocol::RollupConfig& rollup, L1Provider& provider, Telemetry telemetry = {});

    // Every batcher payload (tx calldata or decoded blob) of `block`, in block order. `config` is the
    // SystemConfig in force for the block and `receipts` its receipts (read for batcherHash v1).
    // Provider errors are passed through (a temporary one can be retried with the same arguments).
    PipelineResult<std::vector<Bytes>> open(const L1BlockRef& block, const protocol::SystemConfig& config,
                                            std::span<const Receipt> receipts);

private:
    const protocol::RollupConfig& rollup_;
    L1Provider& provider_;
    Telemetry telemetry_;
};

}  // namespace baton::derive
