// SPDX-License-Identifier: MIT
// AnvilEngine against a scripted node: error classification and the checks that do not need anvil
// (tests/integration/engine_test.cpp runs the real thing).
#include <baton/node/anvil_engine.hpp>

#include <gtest/gtest.h>

namespace baton::node {
namespace {

TEST(AnvilEngineTest, TransportFailuresAreTemporaryEverythingElseCritical) {
    EXPECT_TRUE(engine_error(rpc::make_error(rpc::RpcErrorKind::kTransport, "refused"), "x").is_temporary());
    EXPECT_TRUE(engine_error(rpc::make_error(rpc::RpcErrorKind::kTimeout, "slow"), "x").is_temporary());
    const EngineError node =
        engine_error(rpc::make_error(rpc::RpcErrorKind::kRpcError, "no", -32000), "evm_mine");
    EXPECT_EQ(node.kind, EngineErrorKind::kNodeError);
    EXPECT_EQ(node.severity(), Severity::kCritical);
    EXPECT_NE(node.detail.find("evm_mine"), std::string::npos);
    EXPECT_EQ(engine_error(rpc::make_error(rpc::RpcErrorKind::kDecode, "bad"), "x").kind,
              EngineErrorKind::kMalformedResponse);
}

TEST(AnvilEngineTest, UnreachableEngineIsUnavailable) {
    // Port 1 on loopback: nothing listens there.
    auto client =
        rpc::Client::make("http://127.0.0.1:1", {.connect_timeout = std::chrono::milliseconds(200)});
    ASSERT_TRUE(client);
    AnvilEngine engine(std::move(*client));
    auto head = engine.head();
    ASSERT_FALSE(head);
    EXPECT_EQ(head.error().kind, EngineErrorKind::kUnavailable);
    EXPECT_TRUE(head.error().is_temporary());
}

TEST(AnvilEngineTest, BlockWithoutL1InfoDepositHasNoOrigin) {
    rpc::Block block;
    block.header.number = 7;
    block.header.timestamp = 99;
    block.header.hash[0] = 0xaa;
    const EngineBlock out = make_engine_block(block);
    EXPECT_EQ(out.ref.number, 7U);
    EXPECT_EQ(out.ref.timestamp, 99U);
    EXPECT_EQ(out.ref.hash, block.header.hash);
    EXPECT_FALSE(out.l1_info.has_value());
    EXPECT_EQ(out.ref.sequence_number, 0U);
}

TEST(AnvilEngineTest, NextBaseFeeFollowsAnvilsOptimismParameters) {
    // Measured on anvil 1.7.1 --network optimism: empty blocks under a 30M gas limit go
    // 1,000,000,000 -> 980,000,000 -> 960,400,000 (1/50 down each).
    EXPECT_EQ(next_base_fee(1'000'000'000, 0, 30'000'000, kAnvilBaseFeeDenominator, kAnvilBaseFeeElasticity),
              980'000'000U);
    EXPECT_EQ(next_base_fee(980'000'000, 0, 30'000'000, kAnvilBaseFeeDenominator, kAnvilBaseFeeElasticity),
              960'400'000U);
    // At the target (limit / 6) it stays; a full block raises it by (limit - target) / target / 50.
    EXPECT_EQ(next_base_fee(1'000'000'000, 5'000'000, 30'000'000, 50, 6), 1'000'000'000U);
    EXPECT_EQ(next_base_fee(1'000'000'000, 30'000'000, 30'000'000, 50, 6), 1'100'000'000U);
    // Rounding never hides an increase: at least +1.
    EXPECT_EQ(next_base_fee(7, 5'000'001, 30'000'000, 50, 6), 8U);
    // Never below zero.
    EXPECT_EQ(next_base_fee(1, 0, 30'000'000, 1, 6), 0U);
}

PoolTxn pool_txn(std::uint8_t sender, std::uint64_t nonce) {
    PoolTxn t;
    t.from[19] = sender;
    t.nonce = nonce;
    t.hash[0] = sender;
    t.hash[31] = static_cast<std::uint8_t>(nonce);
    return t;
}

std::vector<std::uint64_t> nonces_of(const std::vector<PoolTxn>& txns, std::uint8_t sender) {
    std::vector<std::uint64_t> out;
    for (const auto& t : txns) {
        if (t.from[19] == sender) out.push_back(t.nonce);
    }
    return out;
}

TEST(AnvilEngineTest, SplitSendsOnlyTheRunFromTheAccountNonce) {
    // Sender 1 at nonce 3: 3, 4 go, 6 and 7 wait behind the gap at 5, 2 is stale.
    // Sender 2 at nonce 0: 0 goes. Sender 3 at nonce 1 has only 2: everything waits.
    std::vector<PoolTxn> drained{pool_txn(1, 7), pool_txn(2, 0), pool_txn(1, 3), pool_txn(1, 2),
                                 pool_txn(1, 6), pool_txn(3, 2), pool_txn(1, 4)};
    std::map<Address, std::uint64_t> nonces;
    nonces[pool_txn(1, 0).from] = 3;
    nonces[pool_txn(3, 0).from] = 1;  // sender 2 absent: nonce 0
    const PoolSplit split = split_by_account_nonce(drained, nonces);
    EXPECT_EQ(nonces_of(split.send, 1), (std::vector<std::uint64_t>{3, 4}));
    EXPECT_EQ(nonces_of(split.send, 2), (std::vector<std::uint64_t>{0}));
    EXPECT_TRUE(nonces_of(split.send, 3).empty());
    EXPECT_EQ(nonces_of(split.held, 1), (std::vector<std::uint64_t>{6, 7}));
    EXPECT_EQ(nonces_of(split.held, 3), (std::vector<std::uint64_t>{2}));
    EXPECT_EQ(nonces_of(split.stale, 1), (std::vector<std::uint64_t>{2}));
    EXPECT_EQ(split.send.size() + split.held.size() + split.stale.size(), drained.size());
}

TEST(AnvilEngineTest, SplitNeverSendsTwoTxnsForOneNonce) {
    // Two txns with one nonce (anvil never lists both, but a bad answer might): one goes, the
    // other is stale, and the run goes on with the next nonce.
    std::vector<PoolTxn> drained{pool_txn(1, 0), pool_txn(1, 0), pool_txn(1, 1)};
    drained[1].hash[5] = 0xff;
    const PoolSplit split = split_by_account_nonce(drained, {});
    EXPECT_EQ(nonces_of(split.send, 1), (std::vector<std::uint64_t>{0, 1}));
    EXPECT_EQ(nonces_of(split.stale, 1), (std::vector<std::uint64_t>{0}));
    EXPECT_TRUE(split.held.empty());
}

TEST(AnvilEngineTest, ErrorToStringNamesKindAndDetail) {
    EXPECT_EQ(to_string(EngineError{EngineErrorKind::kBlockMismatch, "index 0"}),
              "built block mismatch: index 0");
    EXPECT_EQ(to_string(EngineError{EngineErrorKind::kUnknownParent, ""}), "unknown parent");
}

}  // namespace
}  // namespace baton::node
