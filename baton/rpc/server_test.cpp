// SPDX-License-Identifier: MIT
#include <baton/rpc/client.hpp>
#include <baton/rpc/server.hpp>

#include <gtest/gtest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

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

TEST_F(ServerTest, BodyOverTheLimitIsAnswered413BeforeItIsRead) {
    ASSERT_TRUE(server_.start({.limits = {.max_body_bytes = 1024}}));
    httplib::Client http("127.0.0.1", server_.port());
    const std::string big = R"({"jsonrpc":"2.0","id":1,"method":"test_add","params":[1,2],"pad":")" +
                            std::string(2048, 'x') + R"("})";
    auto res = http.Post("/", big, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
    Json error = Json::parse(res->body);
    EXPECT_EQ(error["error"]["code"], kInvalidRequest);

    // Under the limit the same server answers.
    auto ok =
        http.Post("/", R"({"jsonrpc":"2.0","id":1,"method":"test_add","params":[1,2]})", "application/json");
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200);
    EXPECT_EQ(Json::parse(ok->body)["result"], 3);
    // handle_body applies the same limit to a body that reached it by another path.
    EXPECT_EQ(Json::parse(server_.handle_body(big))["error"]["code"], kInvalidRequest);
}

TEST_F(ServerTest, BatchLongerThanTheLimitIsOneErrorAndRunsNothing) {
    std::atomic<int> calls{0};
    server_.register_method("test_count",
                            [&calls](const Json&) -> Result<Json, RpcError> { return ++calls; });
    server_.set_limits({.max_batch = 3});
    const std::string one = R"({"jsonrpc":"2.0","id":1,"method":"test_count"})";
    Json three = Json::parse(server_.handle_body("[" + one + "," + one + "," + one + "]"));
    ASSERT_TRUE(three.is_array());
    EXPECT_EQ(three.size(), 3U);
    EXPECT_EQ(calls.load(), 3);

    Json four = Json::parse(server_.handle_body("[" + one + "," + one + "," + one + "," + one + "]"));
    ASSERT_TRUE(four.is_object());
    EXPECT_EQ(four["error"]["code"], kInvalidRequest);
    EXPECT_NE(four["error"]["message"].get<std::string>().find("batch too large"), std::string::npos);
    EXPECT_EQ(calls.load(), 3) << "no request of an over-long batch may run";

    // The shape of the finding: millions of `{}` are refused from the text, without a document.
    std::string empties = "[";
    for (int i = 0; i < 1'000'000; ++i) empties += i == 0 ? "{}" : ",{}";
    empties += "]";
    server_.set_limits({});
    Json refused = Json::parse(server_.handle_body(empties));
    EXPECT_EQ(refused["error"]["code"], kInvalidRequest);
}

TEST_F(ServerTest, NestingDeeperThanTheLimitIsRefused) {
    Json deep = Json::parse(server_.handle_body(std::string(100'000, '[')));
    EXPECT_EQ(deep["error"]["code"], kInvalidRequest);
    EXPECT_NE(deep["error"]["message"].get<std::string>().find("nested deeper"), std::string::npos);
    const std::string nested_params = R"({"jsonrpc":"2.0","id":1,"method":"test_add","params":[1,2],"x":)" +
                                      std::string(70, '[') + std::string(70, ']') + "}";
    EXPECT_EQ(Json::parse(server_.handle_body(nested_params))["error"]["code"], kInvalidRequest);
    // Within the limit, nesting is fine.
    const std::string shallow = R"({"jsonrpc":"2.0","id":1,"method":"test_add","params":[1,2],"x":[[[]]]})";
    EXPECT_EQ(Json::parse(server_.handle_body(shallow))["result"], 3);
}

TEST_F(ServerTest, BatchAnswerStopsGrowingAtTheResponseLimit) {
    std::atomic<int> calls{0};
    server_.register_method("test_big", [&calls](const Json&) -> Result<Json, RpcError> {
        ++calls;
        return std::string(1000, 'a');
    });
    server_.set_limits({.max_response_bytes = 2500});
    std::string body = "[";
    for (int i = 0; i < 10; ++i) {
        body += (i ? "," : "") + std::string(R"({"jsonrpc":"2.0","id":)") + std::to_string(i) +
                R"(,"method":"test_big"})";
    }
    body += "]";
    Json answers = Json::parse(server_.handle_body(body));
    ASSERT_EQ(answers.size(), 10U);
    EXPECT_EQ(calls.load(), 3) << "requests past the limit are not run";
    for (std::size_t i = 0; i < 10; ++i) {
        EXPECT_EQ(answers[i]["id"], i);
        if (i < 3) {
            EXPECT_TRUE(answers[i].contains("result")) << i;
        } else {
            EXPECT_EQ(answers[i]["error"]["code"], kResponseTooLarge) << i;
        }
    }
}

// A client that opens a connection and sends its request one byte at a time, slowly.
class SlowClient {
public:
    explicit SlowClient(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = fd_ >= 0 && connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    }
    ~SlowClient() {
        if (fd_ >= 0) close(fd_);
    }
    SlowClient(const SlowClient&) = delete;
    SlowClient& operator=(const SlowClient&) = delete;
    bool connected() const { return connected_; }
    void send_next_byte() {
        static const std::string request =
            "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}";
        if (sent_ < request.size()) (void)::send(fd_, request.data() + sent_++, 1, MSG_NOSIGNAL);
    }

private:
    int fd_;
    bool connected_ = false;
    std::size_t sent_ = 0;
};

TEST_F(ServerTest, FiftySlowClientsDoNotStopOthersFromBeingAnswered) {
    ASSERT_TRUE(server_.start());
    std::vector<std::unique_ptr<SlowClient>> slow;
    for (int i = 0; i < 50; ++i) {
        slow.push_back(std::make_unique<SlowClient>(server_.port()));
        ASSERT_TRUE(slow.back()->connected());
        slow.back()->send_next_byte();
    }
    std::atomic<bool> done{false};
    // They keep their requests alive, a byte every 300 ms (under the read timeout), while others call.
    std::thread trickle([&] {
        while (!done.load()) {
            for (auto& c : slow) c->send_next_byte();
            for (int i = 0; i < 30 && !done.load(); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    auto client = Client::make(server_.url(), {.connect_timeout = std::chrono::milliseconds(1000),
                                               .read_timeout = std::chrono::milliseconds(1000)});
    ASSERT_TRUE(client);
    for (int i = 0; i < 5; ++i) {
        auto sum = client->call("test_add", Json::array({i, 1}));
        EXPECT_TRUE(sum) << "call " << i << ": " << to_string(sum.error());
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    done = true;
    trickle.join();
    slow.clear();
    server_.stop();
}

TEST_F(ServerTest, BindFindsATakenPortBeforeServingAndStopReleasesABoundPort) {
    Server first;
    auto port = first.bind();
    ASSERT_TRUE(port) << to_string(port.error());
    EXPECT_FALSE(first.is_running());
    Server second;
    EXPECT_FALSE(second.bind({.port = *port})) << "a bound port is taken even before it serves";
    first.stop();
    auto again = second.start({.port = *port});
    ASSERT_TRUE(again) << to_string(again.error());
}

}  // namespace
}  // namespace baton::rpc
