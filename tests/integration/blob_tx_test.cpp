// SPDX-License-Identifier: MIT
// Blob txs built by Baton on a real anvil (default hardfork, Bpo1 on 1.7.1), issue 19: the batcher's
// TxManager posts a channel's frames as blobs (sidecar with Baton's own KZG commitments and proofs,
// legacy EIP-4844 network form), anvil mines it, and what the beacon API then serves for the block
// verifies against the tx's versioned hashes and decodes back to the same frames.
#include <tests/support/anvil.hpp>

#include <baton/batcher_service/blob_sidecar.hpp>
#include <baton/batcher_service/tx_manager.hpp>
#include <baton/core/hex.hpp>
#include <baton/kzg/kzg.hpp>
#include <baton/l1/beacon_blob_source.hpp>
#include <baton/l1/rpc_l1_provider.hpp>
#include <baton/protocol/blob.hpp>
#include <baton/protocol/channel_out.hpp>
#include <baton/protocol/tx_payload.hpp>
#include <baton/rpc/client.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <random>

namespace baton::testing {
namespace {

using batcher_service::TxCandidate;
using batcher_service::TxManager;
using batcher_service::TxStatus;

// Frames of one brotli channel over incompressible batches, about `bytes` of frame data, cut to
// fit one blob each.
std::vector<protocol::Frame> channel_frames(std::size_t bytes) {
    std::mt19937_64 rng(19);
    protocol::ChannelOut channel(protocol::ChannelId{0x19}, protocol::CompressionAlgo::kBrotli, 1);
    for (std::size_t done = 0; done < bytes; done += 1000) {
        Bytes batch(1000);
        for (auto& b : batch) b = static_cast<std::uint8_t>(rng());
        batch[0] = 1;
        EXPECT_TRUE(channel.add_batch(batch).has_value());
    }
    EXPECT_TRUE(channel.close().has_value());
    return channel.frames(protocol::kMaxBlobDataSize - 1).value();
}

TEST(BlobTxTest, TxManagerPostsChannelBlobsThatTheBeaconServesAndThatVerify) {
    auto started = Anvil::start();
    ASSERT_TRUE(started) << started.error();
    Anvil anvil = std::move(*started);
    auto kzg = kzg::Kzg::mainnet();
    ASSERT_TRUE(kzg.has_value()) << kzg::to_string(kzg.error());

    // Two blobs: a full one and the channel's tail.
    const auto frames = channel_frames(180'000);
    ASSERT_EQ(frames.size(), 2u);
    std::vector<Bytes> payloads;
    payloads.reserve(frames.size());
    for (const auto& f : frames) payloads.push_back(protocol::encode_tx_payload(std::span(&f, 1)));
    auto sidecar = batcher_service::blob_data_sidecar(**kzg, payloads);
    ASSERT_TRUE(sidecar.has_value()) << sidecar.error();

    auto mgr = TxManager::make(rpc::Client::make(anvil.url()).value(), dev_key(4), {});
    ASSERT_TRUE(mgr) << to_string(mgr.error());
    TxCandidate candidate;
    candidate.to = Address{0xff};
    candidate.blobs = *sidecar;
    const auto started_at = std::chrono::steady_clock::now();
    auto outcome = mgr->send_and_wait(candidate, std::chrono::seconds(30));
    ASSERT_TRUE(outcome) << to_string(outcome.error());
    ASSERT_EQ(outcome->status, TxStatus::kConfirmed) << outcome->detail;
    std::cout << "blob tx mined in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                       started_at)
                     .count()
              << " ms\n";

    l1::RpcL1Provider provider(rpc::Client::make(anvil.url()).value());
    auto ref = provider.block_ref_by_number(outcome->l1_block);
    ASSERT_TRUE(ref) << derive::to_string(ref.error());
    auto txns = provider.transactions(*ref);
    ASSERT_TRUE(txns && txns->size() == 1u);
    const auto* blob_tx = std::get_if<BlobTx>(&(*txns)[0].txn);
    ASSERT_NE(blob_tx, nullptr);
    ASSERT_EQ(blob_tx->blob_versioned_hashes, sidecar->versioned_hashes);

    auto beacon = l1::BeaconBlobSource::make(anvil.url());
    ASSERT_TRUE(beacon.has_value());
    const derive::IndexedBlobHash wanted[] = {{0, sidecar->versioned_hashes[0]},
                                              {1, sidecar->versioned_hashes[1]}};
    auto blobs = (*beacon)->blobs(*ref, wanted);
    ASSERT_TRUE(blobs) << derive::to_string(blobs.error());
    ASSERT_EQ(blobs->size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ((**kzg).blob_versioned_hash((*blobs)[i]).value(), wanted[i].hash);
        auto data = protocol::decode_blob((*blobs)[i]);
        ASSERT_TRUE(data.has_value());
        EXPECT_EQ(*data, payloads[i]);
        auto decoded = protocol::decode_tx_payload(*data);
        ASSERT_TRUE(decoded.has_value());
        ASSERT_EQ(decoded->size(), 1u);
        EXPECT_EQ((*decoded)[0].data, frames[i].data);
    }
}

// What anvil does with a sidecar whose proofs do not match its blobs (the proofs of two blobs
// swapped): it refuses the tx, so a batcher's KZG bug shows at once instead of as blobs nobody can
// verify.
TEST(BlobTxTest, AnvilRefusesASidecarWithWrongProofs) {
    auto started = Anvil::start();
    ASSERT_TRUE(started) << started.error();
    Anvil anvil = std::move(*started);
    auto kzg = kzg::Kzg::mainnet();
    ASSERT_TRUE(kzg.has_value());
    auto sidecar = batcher_service::blob_data_sidecar(**kzg, std::vector<Bytes>{Bytes{0, 1}, Bytes{0, 2}});
    ASSERT_TRUE(sidecar.has_value());
    std::swap(sidecar->proofs[0], sidecar->proofs[1]);

    auto mgr = TxManager::make(rpc::Client::make(anvil.url()).value(), dev_key(4), {});
    ASSERT_TRUE(mgr);
    TxCandidate candidate;
    candidate.to = Address{0xff};
    candidate.blobs = *sidecar;
    auto sent = mgr->send(candidate);
    ASSERT_FALSE(sent.has_value()) << "anvil took blob proofs that do not verify";
    std::cout << "anvil: " << sent.error().detail << "\n";
}

}  // namespace
}  // namespace baton::testing
