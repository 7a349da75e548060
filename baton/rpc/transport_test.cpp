// SPDX-License-Identifier: MIT
#include <baton/rpc/transport.hpp>

#include <baton/core/hex.hpp>
#include <baton/rpc/test_util/fake_node.hpp>

#include <gtest/gtest.h>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace baton::rpc {
namespace {

using nlohmann::json;
using test_util::FakeNode;

TEST(ParseEndpointTest, SplitsHostPortAndPath) {
    auto e = parse_endpoint("http://127.0.0.1:8545");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->scheme_host_port, "http://127.0.0.1:8545");
    EXPECT_EQ(e->path, "/");

    auto p = parse_endpoint("https://node.example:443/v1/key");
    ASSERT_TRUE(p);
    EXPECT_EQ(p->scheme_host_port, "https://node.example:443");
    EXPECT_EQ(p->path, "/v1/key");
}

TEST(ParseEndpointTest, RejectsBadUrls) {
    for (const char* url : {"127.0.0.1:8545", "ws://127.0.0.1:8546", "http://",
                            "http://127.0.0.1:", "http://h:99999", "http://h:80a", "http://:80"}) {
        auto e = parse_endpoint(url);
        ASSERT_FALSE(e) << url;
        EXPECT_EQ(e.error().kind, RpcErrorKind::kInvalidUrl) << url;
    }
}

TEST(ParseResponseTest, ReturnsResult) {
    auto r = parse_response(R"({"jsonrpc":"2.0","id":7,"result":"0x7a69"})", 200, 7);
    ASSERT_TRUE(r) << to_string(r.error());
    EXPECT_EQ(*r, json("0x7a69"));
}

TEST(ParseResponseTest, NullResultIsAValue) {
    auto r = parse_response(R"({"jsonrpc":"2.0","id":1,"result":null})", 200, 1);
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->is_null());
}

TEST(ParseResponseTest, ErrorObjectWithRevertData) {
    const std::string body =
        R"({"jsonrpc":"2.0","id":3,"error":{"code":-32000,"message":"execution reverted: nope",)"
        R"("data":"0x08c379a0000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000000046e6f706500000000000000000000000000000000000000000000000000000000"}})";
    auto r = parse_response(body, 200, 3);
    ASSERT_FALSE(r);
    const RpcError& e = r.error();
    EXPECT_EQ(e.kind, RpcErrorKind::kRpcError);
    EXPECT_EQ(e.code, -32000);
    EXPECT_EQ(e.message, "execution reverted: nope");
    ASSERT_TRUE(e.data.has_value());
    EXPECT_TRUE(e.has_revert_data());
    ASSERT_EQ(e.data->size(), 4u + 32u * 3u);
    EXPECT_EQ(to_hex(ByteView(*e.data).first(4)), "0x08c379a0");
    EXPECT_EQ((*e.data)[4 + 64], 'n');
    EXPECT_NE(to_string(e).find("-32000"), std::string::npos);
}

TEST(ParseResponseTest, ErrorObjectWithTextData) {
    auto r = parse_response(
        R"({"jsonrpc":"2.0","id":3,"error":{"code":-32602,"message":"bad","data":"not hex"}})", 200, 3);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kRpcError);
    EXPECT_EQ(r.error().code, -32602);
    EXPECT_FALSE(r.error().data.has_value());
    EXPECT_FALSE(r.error().has_revert_data());
    EXPECT_EQ(r.error().data_text, "not hex");

    auto o =
        parse_response(R"({"jsonrpc":"2.0","id":3,"error":{"code":1,"message":"m","data":{"k":1}}})", 200, 3);
    ASSERT_FALSE(o);
    EXPECT_EQ(o.error().data_text, R"({"k":1})");

    auto odd =
        parse_response(R"({"jsonrpc":"2.0","id":3,"error":{"code":1,"message":"m","data":"0xabc"}})", 200, 3);
    ASSERT_FALSE(odd);
    EXPECT_FALSE(odd.error().data.has_value());
    EXPECT_EQ(odd.error().data_text, "0xabc");
}

TEST(ParseResponseTest, HttpErrorStatus) {
    auto r = parse_response("Internal Server Error", 500, 1);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kHttpStatus);
    EXPECT_EQ(r.error().code, 500);
    EXPECT_NE(r.error().message.find("Internal Server Error"), std::string::npos);
}

TEST(ParseResponseTest, QuotedBodyIsShortPrintableAscii) {
    std::string body(1000, 'x');
    body[3] = '\xff';
    body[4] = '\n';
    auto r = parse_response(body, 502, 1);
    ASSERT_FALSE(r);
    const std::string& m = r.error().message;
    EXPECT_LT(m.size(), 300u);
    EXPECT_EQ(m.find('\xff'), std::string::npos);
    EXPECT_NE(m.find("xxx??x"), std::string::npos) << m;
    EXPECT_NO_THROW((void)nlohmann::json(m).dump());
}

TEST(ParseResponseTest, MalformedBodies) {
    struct Case {
        const char* body;
        const char* why;
    };
    for (const Case& c : {
             Case{"<html>bad gateway</html>", "not JSON"},
             Case{"", "empty"},
             Case{R"([1,2])", "not an object"},
             Case{R"({"jsonrpc":"1.0","id":1,"result":1})", "wrong version"},
             Case{R"({"jsonrpc":"2.0","id":2,"result":1})", "id mismatch"},
             Case{R"({"jsonrpc":"2.0","id":"1","result":1})", "string id"},
             Case{R"({"jsonrpc":"2.0","result":1})", "missing id"},
             Case{R"({"jsonrpc":"2.0","id":1})", "no result, no error"},
             Case{R"({"jsonrpc":"2.0","id":1,"error":"boom"})", "error not an object"},
         }) {
        auto r = parse_response(c.body, 200, 1);
        ASSERT_FALSE(r) << c.why;
        EXPECT_EQ(r.error().kind, RpcErrorKind::kMalformedResponse) << c.why;
    }
}

TEST(RpcErrorTest, KindNamesAreDistinct) {
    EXPECT_STREQ(to_string(RpcErrorKind::kTransport), "transport error");
    EXPECT_STREQ(to_string(RpcErrorKind::kTimeout), "timeout");
    EXPECT_STRNE(to_string(RpcErrorKind::kRpcError), to_string(RpcErrorKind::kDecode));
}

// Finds a port nobody listens on: bind port 0, read it back, close. Connecting to it is refused.
int unused_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

TEST(TransportTest, DeadEndpointIsTransportErrorQuickly) {
    auto t = Transport::make("http://127.0.0.1:" + std::to_string(unused_port()));
    ASSERT_TRUE(t);
    const auto started = std::chrono::steady_clock::now();
    auto r = (*t)->call("eth_chainId", json::array());
    const auto elapsed = std::chrono::steady_clock::now() - started;
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kTransport) << to_string(r.error());
    EXPECT_LT(elapsed, std::chrono::seconds(1));
}

TEST(TransportTest, InvalidUrlIsTyped) {
    auto t = Transport::make("not a url");
    ASSERT_FALSE(t);
    EXPECT_EQ(t.error().kind, RpcErrorKind::kInvalidUrl);
}

TEST(TransportTest, SendsJsonRpcRequestAndReadsResult) {
    FakeNode node;
    node.on_result("eth_blockNumber", "0x2a");
    node.on_result("anvil_mine", nullptr);
    auto t = Transport::make(node.url());
    ASSERT_TRUE(t);
    auto r1 = (*t)->call("eth_blockNumber", json::array());
    ASSERT_TRUE(r1) << to_string(r1.error());
    EXPECT_EQ(*r1, json("0x2a"));
    json seen = node.last_request();
    EXPECT_EQ(seen["jsonrpc"], "2.0");
    EXPECT_EQ(seen["method"], "eth_blockNumber");
    EXPECT_TRUE(seen["params"].is_array());
    const auto first_id = seen["id"].get<std::uint64_t>();

    auto r2 = (*t)->call("anvil_mine", json::array({"0x2"}));
    ASSERT_TRUE(r2);
    EXPECT_TRUE(r2->is_null());
    seen = node.last_request();
    EXPECT_EQ(seen["method"], "anvil_mine");
    EXPECT_EQ(seen["params"], json::array({"0x2"}));
    EXPECT_NE(seen["id"].get<std::uint64_t>(), first_id);
}

TEST(TransportTest, Http500IsHttpStatus) {
    FakeNode node;
    node.set_raw_handler([](const httplib::Request&, httplib::Response& res) {
        res.status = 500;
        res.set_content("upstream exploded", "text/plain");
    });
    auto t = Transport::make(node.url());
    ASSERT_TRUE(t);
    auto r = (*t)->call("eth_chainId", json::array());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kHttpStatus);
    EXPECT_EQ(r.error().code, 500);
}

TEST(TransportTest, NonJsonBodyIsMalformed) {
    FakeNode node;
    node.set_raw_handler(
        [](const httplib::Request&, httplib::Response& res) { res.set_content("hello", "text/plain"); });
    auto t = Transport::make(node.url());
    ASSERT_TRUE(t);
    auto r = (*t)->call("eth_chainId", json::array());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kMalformedResponse);
}

TEST(TransportTest, UnknownMethodIsRpcError) {
    FakeNode node;
    auto t = Transport::make(node.url());
    ASSERT_TRUE(t);
    auto r = (*t)->call("nope_method", json::array());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kRpcError);
    EXPECT_EQ(r.error().code, -32601);
}

TEST(TransportTest, SlowNodeIsTimeout) {
    FakeNode node;
    node.set_raw_handler([](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        res.set_content(R"({"jsonrpc":"2.0","id":1,"result":"0x1"})", "application/json");
    });
    TransportOptions options;
    options.read_timeout = std::chrono::milliseconds(150);
    auto t = Transport::make(node.url(), options);
    ASSERT_TRUE(t);
    auto r = (*t)->call("eth_chainId", json::array());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kTimeout) << to_string(r.error());
}

TEST(RedactUrlTest, HidesUserinfoQueryValuesAndKeyLikePathSegments) {
    EXPECT_EQ(redact_url("http://127.0.0.1:8545"), "http://127.0.0.1:8545");
    EXPECT_EQ(redact_url("http://127.0.0.1:8545/"), "http://127.0.0.1:8545/");
    EXPECT_EQ(redact_url("https://alice:s3cret@rpc.example.org:8545/path"),
              "https://<redacted>@rpc.example.org:8545/path");
    EXPECT_EQ(redact_url("https://rpc.example.org/?apikey=abc123&x=1&flag"),
              "https://rpc.example.org/?apikey=<redacted>&x=<redacted>&flag");
    EXPECT_EQ(redact_url("https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef"),
              "https://mainnet.infura.io/v3/<redacted>");
    EXPECT_EQ(redact_url("https://eth-mainnet.g.alchemy.com/v2/AbCdEfGhIjKlMnOpQrStUvWx_yz-12#frag"),
              "https://eth-mainnet.g.alchemy.com/v2/<redacted>#<redacted>");
    EXPECT_EQ(redact_url("https://h/a?k=v#secret"), "https://h/a?k=<redacted>#<redacted>");
    // Not a URL at all: still nothing after an '@' survives.
    EXPECT_EQ(redact_url("user:pw@host"), "<redacted>@host");
}

TEST(ParseEndpointTest, UserinfoBecomesBasicAuthAndErrorsNeverShowIt) {
    auto e = parse_endpoint("http://alice:s3cret@127.0.0.1:8545/rpc");
    ASSERT_TRUE(e) << to_string(e.error());
    EXPECT_EQ(e->scheme_host_port, "http://127.0.0.1:8545");
    EXPECT_EQ(e->path, "/rpc");
    EXPECT_EQ(e->user, "alice");
    EXPECT_EQ(e->password, "s3cret");
    auto bad = parse_endpoint("http://alice:s3cret@127.0.0.1:99999/?key=topsecret");
    ASSERT_FALSE(bad);
    EXPECT_EQ(to_string(bad.error()).find("s3cret"), std::string::npos) << to_string(bad.error());
    EXPECT_EQ(to_string(bad.error()).find("topsecret"), std::string::npos) << to_string(bad.error());
}

TEST(TransportTest, UnreachableErrorNamesTheUrlWithoutItsSecrets) {
    // Port 1 on loopback: refused at once.
    auto t = Transport::make("http://bob:hunter2@127.0.0.1:1/?token=abcdef",
                             {.connect_timeout = std::chrono::milliseconds(500)});
    ASSERT_TRUE(t) << to_string(t.error());
    auto r = (*t)->call("eth_chainId", nlohmann::json::array());
    ASSERT_FALSE(r);
    const std::string text = to_string(r.error());
    EXPECT_NE(text.find("127.0.0.1:1"), std::string::npos) << text;
    EXPECT_EQ(text.find("hunter2"), std::string::npos) << text;
    EXPECT_EQ(text.find("abcdef"), std::string::npos) << text;
}

}  // namespace
}  // namespace baton::rpc
