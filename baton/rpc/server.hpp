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
//   bind() may come first, so a taken port is found before anything else starts.
// - Limits, as geth's (and so op-node's) JSON-RPC server has them, so a few requests cannot take the
//   server's memory or its threads (ServerLimits, docs/node.md "RPC limits"):
//   * a body over max_body_bytes is answered HTTP 413 before it is read;
//   * the body's JSON shape is checked before a document is built: nesting deeper than max_depth
//     or a batch of more than max_batch requests is answered with one -32600 error, so memory per
//     request stays a small multiple of the body;
//   * a batch's answers stop growing at max_response_bytes: the requests after that are answered
//     -32003 "response too large" instead of being run;
//   * every connection has a thread of its own (up to max_connections at once; more wait for a
//     free one), so slow clients do not hold off the node's own batchers; each read waits at most
//     read_timeout, and an idle keep-alive connection is closed after keep_alive_timeout.

#include <baton/core/result.hpp>
#include <baton/rpc/rpc_error.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
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

// geth's "response too large" code, for the requests of a batch past max_response_bytes.
inline constexpr std::int64_t kResponseTooLarge = -32003;

struct ServerLimits {
    std::size_t max_body_bytes = 5 * 1024 * 1024;  // geth: 5 MiB
    std::size_t max_batch = 1000;                  // geth: BatchRequestLimit
    std::size_t max_response_bytes = 25'000'000;   // geth: BatchResponseMaxSize
    std::size_t max_depth = 64;                    // nesting of arrays and objects
    std::size_t max_connections = 512;             // served at once, a thread each
    std::chrono::milliseconds read_timeout{3'000};
    std::chrono::milliseconds keep_alive_timeout{5'000};
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    int port = 0;  // 0: pick a free port
    ServerLimits limits{};
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

    // Replaces an earlier handler of the same name. Call before start() (it may follow bind()).
    void register_method(std::string name, Handler handler);
    // A GET route such as "/metrics". Call before bind() / start().
    void add_get_route(std::string path, GetHandler handler);

    // Binds the address without serving yet (connections wait in the backlog); returns the bound
    // port. kTransport when the address cannot be bound or the server is already bound.
    Result<int, RpcError> bind(const ServerOptions& options = {});
    // Starts serving, binding first unless bind() was called; returns the bound port. kTransport
    // when the address cannot be bound or the server is already running.
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
    // The limits handle_body() applies (set by bind()/start(); defaults before).
    void set_limits(const ServerLimits& limits) { limits_ = limits; }

private:
    Json handle_one(const Json& request) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::map<std::string, Handler, std::less<>> methods_;
    std::map<std::string, GetHandler> get_routes_;
    ServerLimits limits_{};
    std::string host_;
    int port_ = 0;
    bool bound_ = false;
};

}  // namespace baton::rpc
