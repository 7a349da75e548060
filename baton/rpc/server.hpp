// SPDX-License-Identifier: MIT
#pragma once

// A small JSON-RPC 2.0 server over HTTP POST (cpp-httplib), for the node's own methods
// (baton_syncStatus, …) and a Prometheus `GET /metrics` hook.
//
//   Server server;
//   server.register_method("baton_ping", [](const Json& params) -> Result<Json, RpcError> { ... });
//   server.add_get_route("/metrics", [] { return HttpText{"text/plain; version=0.0.4", render()}; });
//   auto port = server.start({.port = 0});   // 0: a free port, reported here and by port()
//   ...
//   server.stop();
//
// Decisions:
// - Binds 127.0.0.1 unless told otherwise: the node's RPC is an operator interface.
// - Handlers return RpcError; its `code` and `message` (and `data` when set) become the error
//   object, so a handler rejects bad params with make_error(kRpcError, "…", kInvalidParams).
//   A handler that throws is answered -32603 (internal error); the exception never reaches httplib.
// - Batches (a JSON array of requests) are answered with an array. Notifications (no "id") are run
//   but get no entry; a body of notifications only is answered HTTP 204 with no content.
// - Handlers run on httplib's worker threads: they must be thread-safe. Methods are registered
//   before start(); the table is not changed while serving.
// - start() and stop() are called from the owning thread; the listener runs on a thread of its own.

#include <baton/core/result.hpp>
#include <baton/rpc/rpc_error.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace baton::rpc {

inline constexpr std::int64_t kParseError = -32700;
inline constexpr std::int64_t kInvalidRequest = -32600;
inline constexpr std::int64_t kMethodNotFound = -32601;
inline constexpr std::int64_t kInvalidParams = -32602;
inline constexpr std::int64_t kInternalError = -32603;

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: pick a free port
};

// A plain-text answer for a GET route.
struct HttpText {
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;
};

class Server {
public:
    using Json = nlohmann::json;
    using Handler = std::function<Result<Json, RpcError>(const Json& params)>;
    using GetHandler = std::function<HttpText()>;

    Server();
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Replaces an earlier handler of the same name. Call before start().
    void register_method(std::string name, Handler handler);
    // A GET route such as "/metrics". Call before start().
    void add_get_route(std::string path, GetHandler handler);

    // Binds and starts serving; returns the bound port. kTransport when the address cannot be bound
    // or the server is already running.
    Result<int, RpcError> start(const ServerOptions& options = {});
    // Stops serving and joins the listener thread. Idempotent.
    void stop();

    bool is_running() const noexcept;
    int port() const noexcept { return port_; }
    // "http://127.0.0.1:<port>" once started.
    std::string url() const;

    // The response to one HTTP body (a request or a batch); empty when no response is due (only
    // notifications). Public so the protocol handling is tested without sockets.
    std::string handle_body(std::string_view body) const;

private:
    Json handle_one(const Json& request) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::map<std::string, Handler, std::less<>> methods_;
    std::map<std::string, GetHandler> get_routes_;
    std::string host_;
    int port_ = 0;
};

}  // namespace baton::rpc
