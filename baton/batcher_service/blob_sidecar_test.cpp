// SPDX-License-Identifier: MIT
#include <baton/batcher_service/blob_sidecar.hpp>

#include <baton/core/rlp.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/protocol/blob.hpp>

#include <gtest/gtest.h>

namespace baton::batcher_service {
namespace {

const kzg::Kzg& mainnet() {
    auto k = kzg::Kzg::mainnet();
    if (!k) std::abort();
    return **k;
}

TEST(BlobSidecarTest, CommitsToEachPayloadsBlob) {
    const std::vector<Bytes> payloads = {Bytes{0x00, 0x01, 0x02}, Bytes(1000, 0xab)};
    auto sidecar = blob_data_sidecar(mainnet(), payloads);
    ASSERT_TRUE(sidecar.has_value()) << sidecar.error();
    ASSERT_EQ(sidecar->blobs.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(protocol::decode_blob(sidecar->blobs[i]).value(), payloads[i]);
        EXPECT_EQ(sidecar->versioned_hashes[i], kzg::versioned_hash(sidecar->commitments[i]));
        EXPECT_EQ(sidecar->versioned_hashes[i], mainnet().blob_versioned_hash(sidecar->blobs[i]).value());
        auto ok = mainnet().verify_blob_proof(sidecar->blobs[i], sidecar->commitments[i], sidecar->proofs[i]);
        ASSERT_TRUE(ok.has_value());
        EXPECT_TRUE(*ok);
    }
    EXPECT_NE(sidecar->versioned_hashes[0], sidecar->versioned_hashes[1]);
}

TEST(BlobSidecarTest, PayloadTooLargeForABlobIsNamed) {
    const std::vector<Bytes> payloads = {Bytes(10, 1), Bytes(protocol::kMaxBlobDataSize + 1, 1)};
    auto sidecar = blob_data_sidecar(mainnet(), payloads);
    ASSERT_FALSE(sidecar.has_value());
    EXPECT_NE(sidecar.error().find("payload 1"), std::string::npos) << sidecar.error();
}

// 0x03 ‖ rlp([tx_payload_body, blobs, commitments, proofs]); the body is the signed envelope's.
TEST(BlobSidecarTest, NetworkFormWrapsTheSignedTxWithItsSidecar) {
    auto sidecar = blob_data_sidecar(mainnet(), std::vector<Bytes>{Bytes{0x00, 0x42}});
    ASSERT_TRUE(sidecar.has_value());
    BlobTx tx;
    tx.chain_id = 31337;
    tx.max_fee_per_gas = U256(2);
    tx.max_fee_per_blob_gas = U256(1);
    tx.gas_limit = 30000;
    tx.blob_versioned_hashes = sidecar->versioned_hashes;
    Transaction txn(std::move(tx));
    B256 secret{};
    secret[31] = 1;
    auto key = PrivateKey::from_bytes(secret);
    ASSERT_TRUE(key.has_value());
    ASSERT_TRUE(sign(txn, *key).has_value());
    const Bytes envelope = encode_transaction(txn);
    const Bytes network = encode_blob_tx_network_form(txn, *sidecar);

    ASSERT_EQ(network[0], 0x03);
    ByteView in = ByteView(network).subspan(1);
    auto outer = rlp::decode_list(in);
    ASSERT_TRUE(outer.has_value());
    EXPECT_TRUE(in.empty());
    ByteView items = *outer;
    auto body = rlp::decode_item(items);
    ASSERT_TRUE(body.has_value());
    EXPECT_EQ(Bytes(body->begin(), body->end()), Bytes(envelope.begin() + 1, envelope.end()));
    auto blobs = rlp::decode_list(items);
    ASSERT_TRUE(blobs.has_value());
    auto blob = rlp::decode_string(*blobs);
    ASSERT_TRUE(blob.has_value());
    EXPECT_EQ(Bytes(blob->begin(), blob->end()), sidecar->blobs[0]);
    auto commitments = rlp::decode_list(items);
    ASSERT_TRUE(commitments.has_value());
    EXPECT_EQ(rlp::decode_fixed<48>(*commitments).value(), sidecar->commitments[0]);
    auto proofs = rlp::decode_list(items);
    ASSERT_TRUE(proofs.has_value());
    EXPECT_EQ(rlp::decode_fixed<48>(*proofs).value(), sidecar->proofs[0]);
    EXPECT_TRUE(items.empty());
}

}  // namespace
}  // namespace baton::batcher_service
