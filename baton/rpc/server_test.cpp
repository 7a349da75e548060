// SPDX-License-Identifier: MIT
#include <baton/rpc/client.hpp>
#include <baton/rpc/server.hpp>

#include <gtest/gtest.h>
#include <httplib.h>

#include <stdexcept>

namespace baton::rpc {
namespace {

using Json = nlohmann::json;

class ServerTest : public ::testing::Test {
protected:
    void SetUp() override {
        server_.register_method("test_add", [](const Json& params) -> Result<Json, RpcError> {
            if (!params.is_array() || params.size() != 2 || !params[0].is_number_integer() ||
                !params[1].is_number_integer()) {
                return unexpected(
                    make_error(RpcErrorKind::kRpcError, "expected two integers", kInvalidParams));
            }
            return params[0].get<std::int64_t>() + params[1].get<std::int64_t>();
        });
        server_.register_method("test_revert", [](const Json&) -> Result<Json, RpcError> {
            RpcError e = make_error(RpcErrorKind::kRpcError, "execution reverted", 3);
            e.data = Bytes{0x08, 0xc3, 0x79, 0xa0};
            return unexpected(e);
        });
        server_.register_method(
            "test_throw", [](const Json&) -> Result<Json, RpcError> { throw std::runtime_error("boom"); });
        server_.add_get_route("/metrics", [] {
            return HttpText{"text/plain; version=0.0.4", "baton_up 1\n"};
        });
    }

    Server server_;
};

TEST_F(ServerTest, ClientCallsRegisteredMethodOnLoopback) {
    auto port = server_.start();
    ASSERT_TRUE(port) << to_string(port.error());
    EXPECT_GT(*port, 0);
    EXPECT_EQ(server_.url(), "http://127.0.0.1:" + std::to_string(*port));
    auto client = Client::make(server_.url());
    ASSERT_TRUE(client);
    auto sum = client->call("test_add", Json::array({40, 2}));
    ASSERT_TRUE(sum) << to_string(sum.error());
    EXPECT_EQ(*sum, 42);
}

TEST_F(ServerTest, ErrorsReachTheClientWithTheirCodes) {
    ASSERT_TRUE(server_.start());
    auto client = Client::make(server_.url());
    ASSERT_TRUE(client);

    auto missing = client->call("test_nothing");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, RpcErrorKind::kRpcError);
    EXPECT_EQ(missing.error().code, kMethodNotFound);

    auto bad = client->call("test_add", Json::array({"x"}));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, kInvalidParams);

    auto reverted = client->call("test_revert");
    ASSERT_FALSE(reverted);
    EXPECT_EQ(reverted.error().code, 3);
    ASSERT_TRUE(reverted.error().has_revert_data());
    EXPECT_EQ(*reverted.error().data, (Bytes{0x08, 0xc3, 0x79, 0xa0}));

    auto thrown = client->call("test_throw");
    ASSERT_FALSE(thrown);
    EXPECT_EQ(thrown.error().code, kInternalError);
}

TEST_F(ServerTest, ParseErrorAndInvalidRequest) {
    Json parse = Json::parse(server_.handle_body("{not json"));
    EXPECT_EQ(parse["error"]["code"], kParseError);
    EXPECT_TRUE(parse["id"].is_null());

    Json no_method = Json::parse(server_.handle_body(R"({"jsonrpc":"2.0","id":7})"));
    EXPECT_EQ(no_method["error"]["code"], kInvalidRequest);
    EXPECT_EQ(no_method["id"], 7);

    Json bad_params =
        Json::parse(server_.handle_body(R"({"jsonrpc":"2.0","id":1,"method":"test_add","params":5})"));
    EXPECT_EQ(bad_params["error"]["code"], kInvalidParams);

    Json wrong_version = Json::parse(server_.handle_body(R"({"jsonrpc":"1.0","id":1,"method":"test_add"})"));
    EXPECT_EQ(wrong_version["error"]["code"], kInvalidRequest);
}

TEST_F(ServerTest, BatchAnswersEachRequestAndSkipsNotifications) {
    const std::string body = R"([
        {"jsonrpc":"2.0","id":1,"method":"test_add","params":[1,2]},
        {"jsonrpc":"2.0","method":"test_add","params":[3,4]},
        {"jsonrpc":"2.0","id":"b","method":"test_nothing"},
        5
    ])";
    Json responses = Json::parse(server_.handle_body(body));
    ASSERT_TRUE(responses.is_array());
    ASSERT_EQ(responses.size(), 3U);
    EXPECT_EQ(responses[0]["id"], 1);
    EXPECT_EQ(responses[0]["result"], 3);
    EXPECT_EQ(responses[1]["id"], "b");
    EXPECT_EQ(responses[1]["error"]["code"], kMethodNotFound);
    EXPECT_EQ(responses[2]["error"]["code"], kInvalidRequest);

    EXPECT_EQ(server_.handle_body(R"({"jsonrpc":"2.0","method":"test_add","params":[1,1]})"), "");
    Json empty = Json::parse(server_.handle_body("[]"));
    EXPECT_EQ(empty["error"]["code"], kInvalidRequest);
}

TEST_F(ServerTest, MetricsRouteServesText) {
    ASSERT_TRUE(server_.start());
    httplib::Client http("127.0.0.1", server_.port());
    auto res = http.Get("/metrics");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_EQ(res->body, "baton_up 1\n");
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4");
    auto missing = http.Get("/nope");
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404);
}

TEST_F(ServerTest, StopReleasesThePortAndStartWorksAgain) {
    auto first = server_.start();
    ASSERT_TRUE(first);
    EXPECT_TRUE(server_.is_running());
    EXPECT_FALSE(server_.start()) << "a running server must refuse a second start";
    server_.stop();
    EXPECT_FALSE(server_.is_running());
    auto client = Client::make("http://127.0.0.1:" + std::to_string(*first),
                               {.connect_timeout = std::chrono::milliseconds(500)});
    ASSERT_TRUE(client);
    auto refused = client->call("test_add", Json::array({1, 2}));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, RpcErrorKind::kTransport);

    auto again = server_.start({.port = *first});
    ASSERT_TRUE(again) << to_string(again.error());
    EXPECT_EQ(*again, *first);
    auto sum = client->call("test_add", Json::array({1, 2}));
    ASSERT_TRUE(sum) << to_string(sum.error());
    EXPECT_EQ(*sum, 3);
}

TEST_F(ServerTest, BindingATakenPortFails) {
    ASSERT_TRUE(server_.start());
    Server other;
    auto taken = other.start({.port = server_.port()});
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().kind, RpcErrorKind::kTransport);
}

}  // namespace
}  // namespace baton::rpc
