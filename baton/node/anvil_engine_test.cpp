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

TEST(AnvilEngineTest, ErrorToStringNamesKindAndDetail) {
    EXPECT_EQ(to_string(EngineError{EngineErrorKind::kBlockMismatch, "index 0"}),
              "built block mismatch: index 0");
    EXPECT_EQ(to_string(EngineError{EngineErrorKind::kUnknownParent, ""}), "unknown parent");
}

}  // namespace
}  // namespace baton::node
