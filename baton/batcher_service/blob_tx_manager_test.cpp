// SPDX-License-Identifier: MIT
// TxManager with blob candidates: a type-3 tx in network form carrying the candidate's sidecar,
// priced from eth_blobBaseFee, and replaced with 100% bumps of all three fee caps.
#include <baton/batcher_service/blob_sidecar.hpp>
#include <baton/batcher_service/tx_manager.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/rlp.hpp>
#include <baton/rpc/json_codec.hpp>
#include <baton/rpc/test_util/fake_node.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <vector>

namespace baton::batcher_service {
namespace {

using Json = nlohmann::json;
using rpc::RpcError;
using rpc::test_util::FakeNode;

// A scripted L1 for blob txs: base fee from the captured anvil block, tip 2 gwei, blob base fee 3
// wei, estimate 30000; sent txs are unwrapped from their network form and kept with their sidecar
// sizes.
struct BlobL1 {
    FakeNode node;
    std::atomic<std::uint64_t> head{100};
    std::mutex mutex;
    std::vector<BlobTx> sent;
    std::vector<std::size_t> sidecar_blobs;

    BlobL1() {
        static const Json block = [] {
            std::ifstream in(std::string(BATON_SOURCE_DIR) + "/baton/rpc/testdata/anvil_responses.json");
            return Json::parse(in)["responses"]["block_hashes"];
        }();
        node.on_result("eth_chainId", "0x7a69");
        node.on_result("eth_getTransactionCount", "0x0");
        node.on("eth_blockNumber",
                [this](const Json&) -> Result<Json, RpcError> { return rpc::encode_quantity(head.load()); });
        node.on_result("eth_getBlockByNumber", block);
        node.on_result("eth_maxPriorityFeePerGas", "0x77359400");
        node.on_result("eth_estimateGas", "0x7530");
        node.on_result("eth_blobBaseFee", "0x3");
        node.on_result("eth_getTransactionReceipt", nullptr);
        node.on("eth_sendRawTransaction", [this](const Json& params) -> Result<Json, RpcError> {
            const Bytes raw = *decode_hex(params[0].get<std::string>());
            EXPECT_EQ(raw.at(0), 0x03);
            ByteView in = ByteView(raw).subspan(1);
            ByteView items = *rlp::decode_list(in);
            const ByteView body = *rlp::decode_item(items);
            ByteView blobs = *rlp::decode_list(items);
            std::size_t n = 0;
            while (!blobs.empty()) {
                EXPECT_TRUE(rlp::decode_string(blobs).has_value());
                ++n;
            }
            Bytes envelope{0x03};
            append(envelope, body);
            auto txn = decode_transaction(envelope);
            EXPECT_TRUE(txn.has_value());
            std::lock_guard lock(mutex);
            sent.push_back(std::get<BlobTx>(*txn));
            sidecar_blobs.push_back(n);
            return to_hex(transaction_hash(*txn));
        });
    }
};

TEST(BlobTxManagerTest, SendsTypeThreeWithSidecarAndBumpsEveryCapByAHundredPercent) {
    BlobL1 l1;
    auto key = PrivateKey::from_hex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    ASSERT_TRUE(key.has_value());
    auto mgr = TxManager::make(*rpc::Client::make(l1.node.url()), *key, {});
    ASSERT_TRUE(mgr) << to_string(mgr.error());

    const auto& kzg = **kzg::Kzg::mainnet();
    auto sidecar = blob_data_sidecar(kzg, std::vector<Bytes>{Bytes{0x00, 0x01}, Bytes{0x00, 0x02}});
    ASSERT_TRUE(sidecar.has_value());
    TxCandidate candidate;
    candidate.to = Address{0x42};
    candidate.blobs = *sidecar;
    auto sent = mgr->send(candidate);
    ASSERT_TRUE(sent) << to_string(sent.error());
    ASSERT_EQ(l1.sent.size(), 1u);
    const BlobTx first = l1.sent[0];
    EXPECT_EQ(first.blob_versioned_hashes, sidecar->versioned_hashes);
    EXPECT_EQ(l1.sidecar_blobs[0], 2u);
    EXPECT_TRUE(first.data.empty());
    EXPECT_EQ(first.max_fee_per_blob_gas, U256(6));  // 2 × eth_blobBaseFee
    EXPECT_EQ(first.max_priority_fee_per_gas, U256(2'000'000'000));

    auto fees = mgr->l1_fees();
    ASSERT_TRUE(fees) << to_string(fees.error());
    EXPECT_EQ(fees->blob_base_fee, U256(3));
    EXPECT_EQ(fees->tip, U256(2'000'000'000));

    l1.head += 3;  // resubmit_after_blocks: not mined, so a same-nonce replacement
    auto outcomes = mgr->poll();
    ASSERT_TRUE(outcomes) << to_string(outcomes.error());
    ASSERT_EQ(l1.sent.size(), 2u);
    const BlobTx& second = l1.sent[1];
    EXPECT_EQ(second.nonce, first.nonce);
    EXPECT_EQ(second.max_fee_per_blob_gas, U256(12));
    EXPECT_EQ(second.max_priority_fee_per_gas, U256(4'000'000'000));
    EXPECT_EQ(second.max_fee_per_gas, first.max_fee_per_gas * U256(2));
    EXPECT_EQ(second.blob_versioned_hashes, first.blob_versioned_hashes);
}

}  // namespace
}  // namespace baton::batcher_service
