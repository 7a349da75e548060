// SPDX-License-Identifier: MIT
// Typed calls against a scripted loopback node: the request each call sends, and how each answer
// (value, null, node error, bad shape) comes back.
#include <baton/rpc/client.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/hex.hpp>
#include <baton/rpc/json_codec.hpp>
#include <baton/rpc/test_util/fake_node.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace baton::rpc {
namespace {

using test_util::FakeNode;

const Json& responses() {
    static const Json doc = [] {
        std::ifstream in(std::string(BATON_SOURCE_DIR) + "/baton/rpc/testdata/anvil_responses.json");
        std::stringstream ss;
        ss << in.rdbuf();
        return Json::parse(ss.str());
    }();
    return doc.at("responses");
}

Client make_client(const FakeNode& node) {
    auto c = Client::make(node.url());
    EXPECT_TRUE(c);
    return std::move(*c);
}

TEST(ClientTest, MakeRejectsBadUrl) {
    auto c = Client::make("127.0.0.1:8545");
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().kind, RpcErrorKind::kInvalidUrl);
}

TEST(ClientTest, ChainIdAndBlockNumber) {
    FakeNode node;
    node.on_result("eth_chainId", "0x385");
    node.on_result("eth_blockNumber", "0x10");
    Client client = make_client(node);
    EXPECT_EQ(client.eth_chain_id().value(), 901u);
    EXPECT_EQ(client.eth_block_number().value(), 16u);
}

TEST(ClientTest, BlockByNumberSendsTagAndFullFlag) {
    FakeNode node;
    node.on_result("eth_getBlockByNumber", responses().at("block_full"));
    Client client = make_client(node);
    auto block = client.eth_get_block_by_number(BlockTag::at(4), true);
    ASSERT_TRUE(block) << to_string(block.error());
    ASSERT_TRUE(block->has_value());
    EXPECT_EQ((*block)->header.number, 4u);
    EXPECT_EQ(node.last_request()["params"], Json::array({"0x4", true}));

    auto latest = client.eth_get_block_by_number(BlockTag::finalized(), false);
    ASSERT_TRUE(latest);
    EXPECT_EQ(node.last_request()["params"], Json::array({"finalized", false}));
}

TEST(ClientTest, NullMeansNotFound) {
    FakeNode node;
    node.on_result("eth_getBlockByHash", nullptr);
    node.on_result("eth_getTransactionReceipt", nullptr);
    node.on_result("eth_getTransactionByHash", nullptr);
    node.on_result("eth_getBlockReceipts", nullptr);
    Client client = make_client(node);
    const B256 h{};
    auto block = client.eth_get_block_by_hash(h, false);
    ASSERT_TRUE(block);
    EXPECT_FALSE(block->has_value());
    EXPECT_EQ(node.last_request()["params"][0], "0x" + std::string(64, '0'));
    auto receipt = client.eth_get_transaction_receipt(h);
    ASSERT_TRUE(receipt);
    EXPECT_FALSE(receipt->has_value());
    auto txn = client.eth_get_transaction_by_hash(h);
    ASSERT_TRUE(txn);
    EXPECT_FALSE(txn->has_value());
    auto receipts = client.eth_get_block_receipts(h);
    ASSERT_TRUE(receipts);
    EXPECT_FALSE(receipts->has_value());
}

TEST(ClientTest, ReceiptsAndLogs) {
    FakeNode node;
    node.on_result("eth_getTransactionReceipt", responses().at("receipt_store"));
    node.on_result("eth_getBlockReceipts", responses().at("block_receipts"));
    node.on_result("eth_getLogs", responses().at("logs"));
    Client client = make_client(node);

    auto receipt = client.eth_get_transaction_receipt(B256{});
    ASSERT_TRUE(receipt) << to_string(receipt.error());
    ASSERT_TRUE(receipt->has_value());
    EXPECT_TRUE((*receipt)->succeeded());

    auto all = client.eth_get_block_receipts(BlockTag::at(4));
    ASSERT_TRUE(all) << to_string(all.error());
    ASSERT_TRUE(all->has_value());
    EXPECT_EQ((*all)->size(), 1u);
    EXPECT_EQ(node.last_request()["params"], Json::array({"0x4"}));

    LogFilter filter;
    filter.from_block = BlockTag::earliest();
    auto logs = client.eth_get_logs(filter);
    ASSERT_TRUE(logs) << to_string(logs.error());
    EXPECT_EQ(logs->size(), 1u);
    EXPECT_EQ(node.last_request()["params"][0]["fromBlock"], "earliest");
}

TEST(ClientTest, CallRevertCarriesRevertData) {
    FakeNode node;
    node.on("eth_call", [](const Json&) -> Result<Json, RpcError> {
        // What anvil answers for a call that reverts with Error("nope") (captured).
        return unexpected(error_from_object(responses().at("call_revert").at("error")));
    });
    Client client = make_client(node);
    CallRequest req;
    req.to = Address{};
    auto r = client.eth_call(req);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kRpcError);
    EXPECT_EQ(r.error().code, 3);
    ASSERT_TRUE(r.error().has_revert_data());
    auto reason = abi::decode_revert_reason(*r.error().data);
    ASSERT_TRUE(reason);
    EXPECT_EQ(*reason, "nope");
    EXPECT_EQ(node.last_request()["params"][1], "latest");
}

TEST(ClientTest, CallEstimateSendAndCount) {
    FakeNode node;
    node.on_result("eth_call", "0x00000000000000000000000000000000000000000000000000000000000000ff");
    node.on_result("eth_estimateGas", "0x5208");
    node.on_result("eth_sendRawTransaction", "0x" + std::string(64, 'c'));
    node.on_result("eth_getTransactionCount", "0x3");
    node.on_result("eth_getBalance", "0xde0b6b3a7640000");
    node.on_result("eth_getCode", "0x6000");
    node.on_result("eth_gasPrice", "0x3b9aca00");
    node.on_result("eth_maxPriorityFeePerGas", "0x1");
    Client client = make_client(node);

    CallRequest req;
    req.to = Address{};
    auto out = client.eth_call(req, BlockTag::at(2));
    ASSERT_TRUE(out);
    EXPECT_EQ(out->size(), 32u);
    EXPECT_EQ(node.last_request()["params"][1], "0x2");

    EXPECT_EQ(client.eth_estimate_gas(req).value(), 21000u);
    EXPECT_EQ(node.last_request()["params"].size(), 1u);  // no tag unless asked
    EXPECT_EQ(client.eth_estimate_gas(req, BlockTag::pending()).value(), 21000u);
    EXPECT_EQ(node.last_request()["params"][1], "pending");

    auto hash = client.eth_send_raw_transaction(Bytes{0x02, 0xc0});
    ASSERT_TRUE(hash);
    EXPECT_EQ(to_hex(*hash), "0x" + std::string(64, 'c'));
    EXPECT_EQ(node.last_request()["params"], Json::array({"0x02c0"}));

    EXPECT_EQ(client.eth_get_transaction_count(Address{}, BlockTag::pending()).value(), 3u);
    EXPECT_EQ(node.last_request()["params"][1], "pending");
    EXPECT_EQ(client.eth_get_balance(Address{}).value(), U256(1'000'000'000'000'000'000ull));
    EXPECT_EQ(client.eth_get_code(Address{}).value(), (Bytes{0x60, 0x00}));
    EXPECT_EQ(client.eth_gas_price().value(), U256(1'000'000'000));
    EXPECT_EQ(client.eth_max_priority_fee_per_gas().value(), U256(1));
}

TEST(ClientTest, FeeHistoryParams) {
    FakeNode node;
    node.on_result("eth_feeHistory", responses().at("fee_history"));
    Client client = make_client(node);
    auto fh = client.eth_fee_history(3, BlockTag::latest(), {25, 75});
    ASSERT_TRUE(fh) << to_string(fh.error());
    EXPECT_EQ(fh->oldest_block, 3u);
    EXPECT_EQ(node.last_request()["params"], Json::parse(R"(["0x3","latest",[25.0,75.0]])"));
}

TEST(ClientTest, WrongResultShapeIsDecodeErrorNamingTheMethod) {
    FakeNode node;
    node.on_result("eth_chainId", 901);  // a JSON number instead of a quantity string
    node.on_result("eth_getBlockByNumber", Json{{"number", "0x1"}});
    Client client = make_client(node);
    auto id = client.eth_chain_id();
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().kind, RpcErrorKind::kDecode);
    EXPECT_NE(id.error().message.find("eth_chainId"), std::string::npos) << id.error().message;

    auto block = client.eth_get_block_by_number(BlockTag::latest(), false);
    ASSERT_FALSE(block);
    EXPECT_EQ(block.error().kind, RpcErrorKind::kDecode);
    EXPECT_NE(block.error().message.find("eth_getBlockByNumber: block."), std::string::npos)
        << block.error().message;
}

TEST(ClientTest, GenericCallForAnvilMethods) {
    FakeNode node;
    node.on("evm_mine", [](const Json& params) -> Result<Json, RpcError> {
        if (!params.is_array() || params.size() != 1)
            return unexpected(make_error(RpcErrorKind::kRpcError, "bad"));
        return Json("0x0");
    });
    Client client = make_client(node);
    auto r = client.call("evm_mine", Json::array({1700000000}));
    ASSERT_TRUE(r) << to_string(r.error());
    EXPECT_EQ(*r, Json("0x0"));
}

TEST(ClientTest, SharedBetweenThreads) {
    FakeNode node;
    node.on("eth_getBalance", [](const Json& params) -> Result<Json, RpcError> {
        // Echo the address's last byte as the balance so each answer is tied to its request.
        auto a = decode_address(params.at(0));
        if (!a) return unexpected(a.error());
        return Json(encode_quantity(std::uint64_t{(*a)[19]}));
    });
    Client client = make_client(node);
    constexpr int kThreads = 4;
    constexpr int kCalls = 25;
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    std::atomic<int> wrong{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kCalls; ++i) {
                Address a{};
                a[19] = static_cast<std::uint8_t>(t * kCalls + i);
                auto r = client.eth_get_balance(a);
                if (!r || *r != U256(a[19])) ++wrong;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(wrong.load(), 0);
    std::set<std::uint64_t> ids;
    for (const auto& req : node.requests()) ids.insert(req.at("id").get<std::uint64_t>());
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(kThreads * kCalls));  // every request id is unique
}

TEST(ClientTest, DeadEndpointIsTransportError) {
    int port = 0;
    {
        FakeNode node;  // take a port, then free it so nothing listens there
        port = node.port();
    }
    auto client = Client::make("http://127.0.0.1:" + std::to_string(port));
    ASSERT_TRUE(client);
    auto r = client->eth_block_number();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kTransport) << to_string(r.error());
}

}  // namespace
}  // namespace baton::rpc
