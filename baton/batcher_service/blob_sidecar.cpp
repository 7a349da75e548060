// SPDX-License-Identifier: MIT
#include <baton/batcher_service/blob_sidecar.hpp>

#include <baton/core/assert.hpp>
#include <baton/core/rlp.hpp>
#include <baton/protocol/blob.hpp>

#include <utility>
#include <variant>

namespace baton::batcher_service {

Result<BlobSidecar, kzg::KzgError> make_blob_sidecar(const kzg::Kzg& kzg, std::vector<Bytes> blobs) {
    BlobSidecar out;
    for (const Bytes& blob : blobs) {
        auto commitment = kzg.blob_to_commitment(blob);
        if (!commitment) return baton::unexpected(commitment.error());
        auto proof = kzg.compute_blob_proof(blob, *commitment);
        if (!proof) return baton::unexpected(proof.error());
        out.commitments.push_back(*commitment);
        out.proofs.push_back(*proof);
        out.versioned_hashes.push_back(kzg::versioned_hash(*commitment));
    }
    out.blobs = std::move(blobs);
    return out;
}

Result<BlobSidecar, std::string> blob_data_sidecar(const kzg::Kzg& kzg, std::span<const Bytes> payloads) {
    std::vector<Bytes> blobs;
    for (std::size_t i = 0; i < payloads.size(); ++i) {
        auto blob = protocol::encode_blob(payloads[i]);
        if (!blob) {
            return baton::unexpected("payload " + std::to_string(i) + " (" +
                                     std::to_string(payloads[i].size()) +
                                     " bytes): " + protocol::to_string(blob.error()));
        }
        blobs.push_back(std::move(*blob));
    }
    auto sidecar = make_blob_sidecar(kzg, std::move(blobs));
    if (!sidecar) return baton::unexpected(std::string("KZG: ") + kzg::to_string(sidecar.error()));
    return std::move(*sidecar);
}

Bytes encode_blob_tx_network_form(const Transaction& signed_tx, const BlobSidecar& sidecar) {
    BATON_ASSERT(std::holds_alternative<BlobTx>(signed_tx));
    BATON_ASSERT(std::get<BlobTx>(signed_tx).blob_versioned_hashes == sidecar.versioned_hashes);
    const Bytes envelope = encode_transaction(signed_tx);  // 0x03 ‖ rlp(tx_payload_body)
    Bytes blobs;
    Bytes commitments;
    Bytes proofs;
    for (const auto& b : sidecar.blobs) rlp::encode_string(blobs, b);
    for (const auto& c : sidecar.commitments) rlp::encode_string(commitments, c);
    for (const auto& p : sidecar.proofs) rlp::encode_string(proofs, p);
    Bytes payload;
    append(payload, ByteView(envelope).subspan(1));
    rlp::encode_list(payload, blobs);
    rlp::encode_list(payload, commitments);
    rlp::encode_list(payload, proofs);
    Bytes out{static_cast<std::uint8_t>(TxType::kBlob)};
    rlp::encode_list(out, payload);
    return out;
}

}  // namespace baton::batcher_service
