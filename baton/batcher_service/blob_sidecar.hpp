// SPDX-License-Identifier: MIT
#pragma once

// A blob tx's sidecar and its network form (EIP-4844), what the batcher broadcasts when it posts
// channel data as blobs:
//
//   sidecar  = blobs, and per blob its KZG commitment and proof (baton/kzg, mainnet setup)
//   hash_i   = 0x01 ‖ sha256(commitment_i)[1..32]  → BlobTx::blob_versioned_hashes
//   network  = 0x03 ‖ rlp([tx_payload_body, [blob…], [commitment…], [proof…]])
//
// Decisions:
// - The legacy (wrapper version 0) form with one blob proof per blob: anvil 1.7.1 on its default
//   hardfork (Bpo1, after Osaka) accepts it (measured: `cast send --blob --eip4844`), so Baton
//   computes no EIP-7594 cell proofs. An L1 that insists on cell proofs needs version 1 (not
//   written).
// - Blobs are given already encoded (protocol::encode_blob): the sidecar does not know the OP
//   encoding; blob_data_sidecar() does both for channel payloads.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/transaction.hpp>
#include <baton/kzg/kzg.hpp>

#include <span>
#include <string>
#include <vector>

namespace baton::batcher_service {

struct BlobSidecar {
    std::vector<Bytes> blobs;
    std::vector<kzg::Commitment> commitments;
    std::vector<kzg::Proof> proofs;
    std::vector<B256> versioned_hashes;
};

// Commitments, proofs and versioned hashes for `blobs` (kBlobSize bytes each).
Result<BlobSidecar, kzg::KzgError> make_blob_sidecar(const kzg::Kzg& kzg, std::vector<Bytes> blobs);

// Each payload (a batcher tx payload, at most protocol::kMaxBlobDataSize bytes) encoded into one
// blob, then make_blob_sidecar. The error names the payload and what failed.
Result<BlobSidecar, std::string> blob_data_sidecar(const kzg::Kzg& kzg, std::span<const Bytes> payloads);

// The network form of a signed type-3 tx with its sidecar (what eth_sendRawTransaction takes).
// `signed_tx` must be a BlobTx whose versioned hashes are the sidecar's.
Bytes encode_blob_tx_network_form(const Transaction& signed_tx, const BlobSidecar& sidecar);

}  // namespace baton::batcher_service
