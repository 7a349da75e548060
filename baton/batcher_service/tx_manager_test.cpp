// SPDX-License-Identifier: MIT
#include <baton/batcher_service/tx_manager.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/transaction.hpp>
#include <baton/rpc/json_codec.hpp>
#include <baton/rpc/test_util/fake_node.hpp>

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <fstream>
#include <mutex>
#include <set>

namespace baton::batcher_service {
namespace {

using l1::Artifact;
using l1::default_artifacts_dir;
using l1::load_artifact;

using Json = nlohmann::json;
using rpc::RpcError;
using rpc::test_util::FakeNode;

const Json& responses() {
    static const Json doc = [] {
        std::ifstream in(std::string(BATON_SOURCE_DIR) + "/baton/rpc/testdata/anvil_responses.json");
        return Json::parse(in)["responses"];
    }();
    return doc;
}

PrivateKey test_key() {
    return *PrivateKey::from_hex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
}

Address inbox_address() {
    Address a{};
    a[19] = 0x42;
    return a;
}

// A scripted L1: head number, base fee 0x27fac7a1 (from the captured block), tip 2 gwei, pending
// nonce 7, estimate 30000; receipts by hash from `mined`. Sent raw txs are decoded and kept.
struct FakeL1 {
    FakeNode node;
    std::atomic<std::uint64_t> head{100};
    std::mutex mutex;
    std::vector<DynamicFeeTx> sent;
    std::map<std::string, Json> mined;  // hash hex → receipt JSON
    std::uint64_t pending_nonce = 7;
    std::uint64_t latest_nonce = 7;
    int nonce_too_low_answers = 0;
    int underpriced_answers = 0;

    FakeL1() {
        node.on_result("eth_chainId", "0x7a69");
        node.on("eth_getTransactionCount", [this](const Json& params) -> Result<Json, RpcError> {
            std::lock_guard lock(mutex);
            const bool pending = params.size() > 1 && params[1] == "pending";
            return rpc::encode_quantity(pending ? pending_nonce : latest_nonce);
        });
        node.on("eth_blockNumber",
                [this](const Json&) -> Result<Json, RpcError> { return rpc::encode_quantity(head.load()); });
        node.on_result("eth_getBlockByNumber", responses().at("block_hashes"));
        node.on_result("eth_maxPriorityFeePerGas", "0x77359400");
        node.on_result("eth_estimateGas", "0x7530");
        node.on("eth_sendRawTransaction", [this](const Json& params) -> Result<Json, RpcError> {
            std::lock_guard lock(mutex);
            if (nonce_too_low_answers > 0) {
                --nonce_too_low_answers;
                return unexpected(rpc::make_error(rpc::RpcErrorKind::kRpcError, "nonce too low", -32003));
            }
            if (underpriced_answers > 0) {
                --underpriced_answers;
                return unexpected(rpc::make_error(rpc::RpcErrorKind::kRpcError,
                                                  "replacement transaction underpriced", -32603));
            }
            auto raw = decode_hex(params[0].get<std::string>());
            auto txn = decode_transaction(*raw);
            sent.push_back(std::get<DynamicFeeTx>(*txn));
            return to_hex(transaction_hash(*txn));
        });
        node.on("eth_getTransactionReceipt", [this](const Json& params) -> Result<Json, RpcError> {
            std::lock_guard lock(mutex);
            const auto it = mined.find(params[0].get<std::string>());
            if (it == mined.end()) return Json(nullptr);
            return it->second;
        });
    }

    // Marks the latest sent tx as mined in `block` with `status`.
    void mine_last(std::uint64_t block, bool status) {
        std::lock_guard lock(mutex);
        Transaction txn(sent.back());
        const std::string hash = to_hex(transaction_hash(txn));
        Json receipt = responses().at("receipt_store");
        receipt["transactionHash"] = hash;
        receipt["status"] = status ? "0x1" : "0x0";
        receipt["blockNumber"] = rpc::encode_quantity(block);
        receipt["logs"] = Json::array();
        receipt["logsBloom"] = "0x" + std::string(512, '0');
        mined[hash] = receipt;
    }
    std::size_t sent_count() {
        std::lock_guard lock(mutex);
        return sent.size();
    }
    std::size_t method_count(const std::string& method) const {
        std::size_t n = 0;
        for (const auto& r : node.requests()) n += r.value("method", "") == method ? 1 : 0;
        return n;
    }
};

TxManager make_manager(FakeL1& l1, TxManagerConfig config = {}, std::optional<Artifact> abi = std::nullopt) {
    auto client = rpc::Client::make(l1.node.url());
    auto mgr = TxManager::make(std::move(*client), test_key(), config, std::move(abi));
    EXPECT_TRUE(mgr) << to_string(mgr.error());
    return std::move(*mgr);
}

TEST(TxManagerTest, SendUsesPendingNonceEstimateAndEip1559Fees) {
    FakeL1 l1;
    TxManager mgr = make_manager(l1);
    EXPECT_EQ(mgr.chain_id(), 31337u);
    auto sent = mgr.send({inbox_address(), Bytes{0x00, 0x01, 0x02}, std::nullopt});
    ASSERT_TRUE(sent) << to_string(sent.error());
    ASSERT_EQ(l1.sent.size(), 1u);
    const DynamicFeeTx& tx = l1.sent[0];
    EXPECT_EQ(tx.nonce, 7u);
    EXPECT_EQ(tx.chain_id, 31337u);
    EXPECT_EQ(tx.gas_limit, 30000u + 3000u);  // the estimate plus the 10% margin
    EXPECT_EQ(tx.max_priority_fee_per_gas, U256(2'000'000'000));
    EXPECT_EQ(tx.max_fee_per_gas, U256(0x27fac7a1) * U256(2) + U256(2'000'000'000));
    EXPECT_EQ(tx.to, inbox_address());
    EXPECT_EQ(tx.data, (Bytes{0x00, 0x01, 0x02}));
    EXPECT_EQ(sent->nonce, 7u);
    EXPECT_EQ(mgr.next_nonce(), 8u);

    // The second tx takes the next nonce locally, without asking the node again.
    auto second = mgr.send({inbox_address(), Bytes{0x00}, std::nullopt});
    ASSERT_TRUE(second);
    EXPECT_EQ(l1.sent[1].nonce, 8u);
    EXPECT_EQ(l1.method_count("eth_getTransactionCount"), 1u);
}

TEST(TxManagerTest, FixedTipReplacesTheNodeSuggestion) {
    FakeL1 l1;
    TxManagerConfig config;
    config.tip = U256(5);
    TxManager mgr = make_manager(l1, config);
    ASSERT_TRUE(mgr.send({inbox_address(), Bytes{0x00}, std::nullopt}));
    EXPECT_EQ(l1.sent[0].max_priority_fee_per_gas, U256(5));
    EXPECT_EQ(l1.method_count("eth_maxPriorityFeePerGas"), 0u);
}

TEST(TxManagerTest, EstimateRevertIsDecodedAndNothingIsSent) {
    FakeL1 l1;
    auto artifact = load_artifact(default_artifacts_dir(), "RoundRobinInbox");
    ASSERT_TRUE(artifact) << to_string(artifact.error());
    // NotLeader(address,uint256) as the inbox reverts it.
    const std::array<abi::Type, 2> types{abi::address_type(), abi::uint_type()};
    const std::array<abi::Value, 2> values{inbox_address(), std::uint64_t{101}};
    auto revert = abi::encode_call(abi::selector("NotLeader(address,uint256)"), types, values);
    RpcError err = rpc::make_error(rpc::RpcErrorKind::kRpcError, "execution reverted", 3);
    err.data = *revert;
    l1.node.on_error("eth_estimateGas", err);

    TxManager mgr = make_manager(l1, {}, std::move(*artifact));
    auto sent = mgr.send({inbox_address(), Bytes{0x00}, std::nullopt});
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().error, TxManagerError::kEstimateReverted);
    EXPECT_NE(sent.error().detail.find("NotLeader("), std::string::npos) << sent.error().detail;
    EXPECT_TRUE(sent.error().revert_data);
    EXPECT_EQ(l1.method_count("eth_sendRawTransaction"), 0u);
    EXPECT_EQ(mgr.next_nonce(), 7u);  // no nonce used
}

TEST(TxManagerTest, PollReportsConfirmedAndRevertedReceipts) {
    FakeL1 l1;
    TxManager mgr = make_manager(l1);
    auto a = mgr.send({inbox_address(), Bytes{0x00}, std::nullopt});
    ASSERT_TRUE(a);
    l1.mine_last(101, true);
    auto b = mgr.send({inbox_address(), Bytes{0x00, 0x01}, std::nullopt});
    ASSERT_TRUE(b);
    l1.mine_last(101, false);

    auto outcomes = mgr.poll();
    ASSERT_TRUE(outcomes) << to_string(outcomes.error());
    ASSERT_EQ(outcomes->size(), 2u);
    EXPECT_EQ((*outcomes)[0].handle, a->handle);
    EXPECT_EQ((*outcomes)[0].status, TxStatus::kConfirmed);
    EXPECT_EQ((*outcomes)[0].l1_block, 101u);
    EXPECT_EQ((*outcomes)[1].handle, b->handle);
    EXPECT_EQ((*outcomes)[1].status, TxStatus::kReverted);
    EXPECT_EQ(mgr.in_flight(), 0u);
    // Each outcome is reported once.
    auto again = mgr.poll();
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->empty());
}

TEST(TxManagerTest, BumpsFeesWithTheSameNonceAfterTheResubmitDelay) {
    FakeL1 l1;
    TxManagerConfig config;
    config.resubmit_after_blocks = 3;
    TxManager mgr = make_manager(l1, config);
    ASSERT_TRUE(mgr.send({inbox_address(), Bytes{0x00}, std::nullopt}));

    l1.head = 102;  // two blocks: not yet
    ASSERT_TRUE(mgr.poll());
    EXPECT_EQ(l1.sent_count(), 1u);

    l1.head = 103;
    auto outcomes = mgr.poll();
    ASSERT_TRUE(outcomes);
    EXPECT_TRUE(outcomes->empty());
    ASSERT_EQ(l1.sent_count(), 2u);
    const DynamicFeeTx& first = l1.sent[0];
    const DynamicFeeTx& bumped = l1.sent[1];
    EXPECT_EQ(bumped.nonce, first.nonce);
    EXPECT_GE(bumped.max_priority_fee_per_gas * U256(100), first.max_priority_fee_per_gas * U256(110));
    EXPECT_GE(bumped.max_fee_per_gas * U256(100), first.max_fee_per_gas * U256(110));
    EXPECT_EQ(bumped.data, first.data);

    // The bumped version is mined: confirmed, with one bump.
    l1.mine_last(104, true);
    l1.head = 104;
    outcomes = mgr.poll();
    ASSERT_TRUE(outcomes);
    ASSERT_EQ(outcomes->size(), 1u);
    EXPECT_EQ((*outcomes)[0].status, TxStatus::kConfirmed);
    EXPECT_EQ((*outcomes)[0].bumps, 1u);
}

TEST(TxManagerTest, GivesUpAfterMaxBumpsAndResyncsTheNonce) {
    FakeL1 l1;
    TxManagerConfig config;
    config.resubmit_after_blocks = 1;
    config.max_bumps = 2;
    TxManager mgr = make_manager(l1, config);
    ASSERT_TRUE(mgr.send({inbox_address(), Bytes{0x00}, std::nullopt}));
    ASSERT_TRUE(mgr.send({inbox_address(), Bytes{0x01}, std::nullopt}));
    std::vector<TxOutcome> all;
    for (std::uint64_t h = 101; h <= 106 && all.size() < 2; ++h) {
        l1.head = h;
        auto outcomes = mgr.poll();
        ASSERT_TRUE(outcomes);
        all.insert(all.end(), outcomes->begin(), outcomes->end());
    }
    ASSERT_EQ(all.size(), 2u);
    for (const auto& o : all) EXPECT_EQ(o.status, TxStatus::kDropped);
    EXPECT_EQ(all[0].bumps, 2u);
    EXPECT_EQ(mgr.in_flight(), 0u);
    EXPECT_EQ(mgr.next_nonce(), 7u);  // re-read from the chain ("latest")
}

TEST(TxManagerTest, DeadlinePassedIsDroppedWithoutBumping) {
    FakeL1 l1;
    TxManagerConfig config;
    config.resubmit_after_blocks = 1;
    TxManager mgr = make_manager(l1, config);
    ASSERT_TRUE(mgr.send({inbox_address(), Bytes{0x00}, std::uint64_t{101}}));
    l1.head = 101;
    auto outcomes = mgr.poll();
    ASSERT_TRUE(outcomes);
    ASSERT_EQ(outcomes->size(), 1u);
    EXPECT_EQ((*outcomes)[0].status, TxStatus::kDropped);
    EXPECT_EQ(l1.sent_count(), 1u);  // no bump past the deadline
    // Mined later anyway (it reverts outside the window): not reported a second time.
    l1.mine_last(102, false);
    l1.head = 102;
    outcomes = mgr.poll();
    ASSERT_TRUE(outcomes);
    EXPECT_TRUE(outcomes->empty());
}

TEST(TxManagerTest, NonceTooLowRereadsTheNonceAndRetriesOnce) {
    FakeL1 l1;
    TxManager mgr = make_manager(l1);
    l1.pending_nonce = 9;  // another run of ours sent two txs meanwhile
    l1.nonce_too_low_answers = 1;
    auto sent = mgr.send({inbox_address(), Bytes{0x00}, std::nullopt});
    ASSERT_TRUE(sent) << to_string(sent.error());
    EXPECT_EQ(sent->nonce, 9u);
    EXPECT_EQ(l1.sent[0].nonce, 9u);
    EXPECT_EQ(mgr.next_nonce(), 10u);
}

TEST(TxManagerTest, UnderpricedReplacementRaisesTheFeesAndRetries) {
    FakeL1 l1;
    TxManager mgr = make_manager(l1);
    l1.underpriced_answers = 2;  // an old tx of ours holds nonce 7 in the pool
    auto sent = mgr.send({inbox_address(), Bytes{0x00}, std::nullopt});
    ASSERT_TRUE(sent) << to_string(sent.error());
    ASSERT_EQ(l1.sent.size(), 1u);
    const U256 base_max_fee = U256(0x27fac7a1) * U256(2) + U256(2'000'000'000);
    // Two raises of 10% each (rounded up): at least 121% of the first offer.
    EXPECT_GE(l1.sent[0].max_fee_per_gas * U256(100), base_max_fee * U256(121));
    EXPECT_GE(l1.sent[0].max_priority_fee_per_gas * U256(100), U256(2'000'000'000) * U256(121));
    EXPECT_EQ(l1.sent[0].nonce, 7u);
}

TEST(TxManagerTest, DeadRpcIsAnErrorNotACrash) {
    auto client = rpc::Client::make("http://127.0.0.1:1");
    ASSERT_TRUE(client);
    auto mgr = TxManager::make(std::move(*client), test_key(), {});
    ASSERT_FALSE(mgr);
    EXPECT_EQ(mgr.error().error, TxManagerError::kRpc);
}

TEST(TxManagerTest, RejectsABumpBelowTenPercent) {
    FakeL1 l1;
    auto client = rpc::Client::make(l1.node.url());
    TxManagerConfig config;
    config.bump_percent = 5;
    auto mgr = TxManager::make(std::move(*client), test_key(), config);
    ASSERT_FALSE(mgr);
    EXPECT_EQ(mgr.error().error, TxManagerError::kInvalidConfig);
}

}  // namespace
}  // namespace baton::batcher_service
