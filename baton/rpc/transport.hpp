// SPDX-License-Identifier: MIT
#pragma once

// JSON-RPC 2.0 over HTTP POST: the raw layer under `Client`. It knows the envelope (ids, result vs
// error object) and maps every failure to an RpcError; it knows nothing about Ethereum methods.
//
// Decisions:
// - No HTTP keep-alive. The cpp-httplib shipped by Debian (0.11) cannot tell that a pooled socket
//   was closed by a restarted node, and the first call after an L1 restart would fail for no reason.
//   A loopback connect costs microseconds next to the node's work.
// - One request at a time per Transport (a mutex), so a Client may be shared between threads.
// - The response parser is a free function so its error mapping is tested without sockets.

#include <baton/core/result.hpp>
#include <baton/rpc/rpc_error.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace baton::rpc {

struct TransportOptions {
    std::chrono::milliseconds connect_timeout{2000};
    std::chrono::milliseconds read_timeout{15000};
    std::chrono::milliseconds write_timeout{5000};
};

// "http://[user:password@]host:port[/path]" split for the HTTP library. https is accepted as well.
// Credentials in the URL are sent as HTTP basic auth.
struct Endpoint {
    std::string scheme_host_port;  // "http://127.0.0.1:8545"
    std::string path;              // "/" when the URL has none
    std::string user;              // from the URL's userinfo, empty when it has none
    std::string password;
};

Result<Endpoint, RpcError> parse_endpoint(std::string_view url);

// The URL as it may be printed: userinfo, every query value and any path segment that looks like
// an API key (20+ letters, digits, '-' or '_', as Infura's and Alchemy's keys) become "<redacted>".
// Operators paste provider URLs with keys in them; logs and error lines must never carry those.
std::string redact_url(std::string_view url);

// Parses one JSON-RPC 2.0 response body received with HTTP status `http_status` for the request
// with id `expected_id`, and returns its `result` member (which may be JSON null).
Result<nlohmann::json, RpcError> parse_response(std::string_view body, int http_status,
                                                std::uint64_t expected_id);

// Builds the error for a JSON-RPC error object (`{"code":…, "message":…, "data":…}`).
RpcError error_from_object(const nlohmann::json& object);

class Transport {
public:
    static Result<std::unique_ptr<Transport>, RpcError> make(std::string_view url,
                                                             TransportOptions options = {});
    ~Transport();
    Transport(const Transport&) = delete;
    Transport& operator=(const Transport&) = delete;

    Result<nlohmann::json, RpcError> call(std::string_view method, nlohmann::json params);

    const std::string& url() const noexcept { return url_; }
    // redact_url(url()): what error messages name.
    const std::string& display_url() const noexcept { return display_url_; }

private:
    struct Impl;
    Transport(std::string url, std::unique_ptr<Impl> impl);

    std::string url_;
    std::string display_url_;
    std::unique_ptr<Impl> impl_;
    std::atomic<std::uint64_t> next_id_{1};
};

}  // namespace baton::rpc
