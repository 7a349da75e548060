// SPDX-License-Identifier: MIT
#pragma once

// A scripted JSON-RPC node on a free 127.0.0.1 port, for tests of code that talks to a node through
// rpc::Client without needing anvil:
//
//   FakeNode node;
//   node.on_result("eth_chainId", "0x385");
//   node.on("eth_call", [](const Json& params) -> Result<Json, RpcError> { ... });
//   auto client = Client::make(node.url());
//
// Unknown methods answer JSON-RPC error -32601. `set_raw_handler` replaces the JSON-RPC layer
// entirely (HTTP status, non-JSON bodies, delays). Every request body is recorded.

#include <baton/core/hex.hpp>
#include <baton/core/result.hpp>
#include <baton/rpc/rpc_error.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace baton::rpc::test_util {

class FakeNode {
public:
    using Json = nlohmann::json;
    using Handler = std::function<Result<Json, RpcError>(const Json& params)>;
    using RawHandler = std::function<void(const httplib::Request&, httplib::Response&)>;
    // A GET request's answer: HTTP status and JSON body (the beacon API's REST routes).
    using GetHandler = std::function<std::pair<int, std::string>(const std::string& path)>;

    FakeNode() {
        server_.Post("/", [this](const httplib::Request& req, httplib::Response& res) { serve(req, res); });
        server_.Get(".*",
                    [this](const httplib::Request& req, httplib::Response& res) { serve_get(req, res); });
        port_ = server_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { server_.listen_after_bind(); });
        // bind_to_any_port already listens, so early connects queue in the backlog; waiting here only
        // keeps the destructor from calling stop() before listen_after_bind() started.
        while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~FakeNode() {
        server_.stop();
        thread_.join();
    }
    FakeNode(const FakeNode&) = delete;
    FakeNode& operator=(const FakeNode&) = delete;

    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int port() const { return port_; }

    void on(const std::string& method, Handler handler) {
        std::lock_guard lock(mutex_);
        handlers_[method] = std::move(handler);
    }
    void on_result(const std::string& method, Json result) {
        on(method, [result = std::move(result)](const Json&) -> Result<Json, RpcError> { return result; });
    }
    // Answers `method` with a JSON-RPC error object built from `error` (code, message, data).
    void on_error(const std::string& method, RpcError error) {
        on(method,
           [error = std::move(error)](const Json&) -> Result<Json, RpcError> { return unexpected(error); });
    }
    void set_raw_handler(RawHandler handler) {
        std::lock_guard lock(mutex_);
        raw_ = std::move(handler);
    }

    // Answers every GET (404 without a handler); gets() lists the paths asked for.
    void on_get(GetHandler handler) {
        std::lock_guard lock(mutex_);
        get_ = std::move(handler);
    }
    std::vector<std::string> gets() const {
        std::lock_guard lock(mutex_);
        return gets_;
    }

    // Parsed request bodies, oldest first.
    std::vector<Json> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    Json last_request() const {
        std::lock_guard lock(mutex_);
        return requests_.empty() ? Json() : requests_.back();
    }

private:
    void serve_get(const httplib::Request& req, httplib::Response& res) {
        GetHandler handler;
        {
            std::lock_guard lock(mutex_);
            gets_.push_back(req.path);
            handler = get_;
        }
        auto [status, body] = handler ? handler(req.path) : std::pair<int, std::string>{404, "{}"};
        res.status = status;
        res.set_content(body, "application/json");
    }

    void serve(const httplib::Request& req, httplib::Response& res) {
        RawHandler raw;
        Handler handler;
        Json request = Json::parse(req.body, nullptr, false);
        {
            std::lock_guard lock(mutex_);
            requests_.push_back(request);
            raw = raw_;
            if (!request.is_discarded() && request.contains("method") && request["method"].is_string()) {
                const auto it = handlers_.find(request["method"].get<std::string>());
                if (it != handlers_.end()) handler = it->second;
            }
        }
        if (raw) {
            raw(req, res);
            return;
        }
        Json response = {{"jsonrpc", "2.0"},
                         {"id", request.is_object() && request.contains("id") ? request["id"] : Json()}};
        if (!handler) {
            response["error"] = {{"code", -32601}, {"message", "method not found"}};
        } else {
            const Json params =
                request.is_object() && request.contains("params") ? request["params"] : Json::array();
            auto result = handler(params);
            if (result) {
                response["result"] = std::move(*result);
            } else {
                Json error = {{"code", result.error().code}, {"message", result.error().message}};
                if (result.error().data) {
                    error["data"] = to_hex(*result.error().data);
                } else if (!result.error().data_text.empty()) {
                    error["data"] = result.error().data_text;
                }
                response["error"] = std::move(error);
            }
        }
        res.set_content(response.dump(), "application/json");
    }

    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    mutable std::mutex mutex_;
    std::map<std::string, Handler> handlers_;
    RawHandler raw_;
    GetHandler get_;
    std::vector<std::string> gets_;
    std::vector<Json> requests_;
};

}  // namespace baton::rpc::test_util
