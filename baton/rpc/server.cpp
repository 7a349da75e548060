// SPDX-License-Identifier: MIT
#include <baton/rpc/server.hpp>

#include <baton/core/hex.hpp>

#include <httplib.h>

#include <chrono>
#include <exception>
#include <thread>
#include <utility>

namespace baton::rpc {

struct Server::Impl {
    httplib::Server http;
    std::thread thread;
};

Server::Server() : impl_(std::make_unique<Impl>()) {}

Server::~Server() {
    stop();
}

void Server::register_method(std::string name, Handler handler) {
    methods_[std::move(name)] = std::move(handler);
}

void Server::add_get_route(std::string path, GetHandler handler) {
    get_routes_[std::move(path)] = std::move(handler);
}

bool Server::is_running() const noexcept {
    return impl_->thread.joinable();
}

std::string Server::url() const {
    return "http://" + host_ + ":" + std::to_string(port_);
}

namespace {

using Json = nlohmann::json;

Json error_response(const Json& id, std::int64_t code, std::string message, const Json& data = Json()) {
    Json error = {{"code", code}, {"message", std::move(message)}};
    if (!data.is_null()) error["data"] = data;
    return Json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(error)}};
}

bool is_valid_id(const Json& id) {
    return id.is_null() || id.is_string() || id.is_number();
}

}  // namespace

Json Server::handle_one(const Json& request) const {
    if (!request.is_object())
        return error_response(Json(), kInvalidRequest, "invalid request: not an object");
    const Json id = request.contains("id") ? request["id"] : Json();
    if (!is_valid_id(id)) return error_response(Json(), kInvalidRequest, "invalid request: bad id");
    if (request.value("jsonrpc", Json()) != "2.0")
        return error_response(id, kInvalidRequest, "invalid request: jsonrpc must be \"2.0\"");
    if (!request.contains("method") || !request["method"].is_string()) {
        return error_response(id, kInvalidRequest, "invalid request: method must be a string");
    }
    const std::string& method = request["method"].get_ref<const std::string&>();
    const Json params = request.contains("params") ? request["params"] : Json::array();
    if (!params.is_array() && !params.is_object()) {
        return error_response(id, kInvalidParams, "invalid params: must be an array or an object");
    }
    const auto it = methods_.find(method);
    if (it == methods_.end()) return error_response(id, kMethodNotFound, "method not found: " + method);
    Result<Json, RpcError> result = unexpected(make_error(RpcErrorKind::kRpcError, "", kInternalError));
    try {
        result = it->second(params);
    } catch (const std::exception& e) {
        return error_response(id, kInternalError, std::string("internal error: ") + e.what());
    } catch (...) {
        return error_response(id, kInternalError, "internal error");
    }
    if (!result) {
        const RpcError& e = result.error();
        const std::int64_t code = e.code != 0 ? e.code : kInternalError;
        Json data;
        if (e.data) {
            data = to_hex(*e.data);
        } else if (!e.data_text.empty()) {
            data = e.data_text;
        }
        return error_response(id, code, e.message, data);
    }
    return Json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(*result)}};
}

std::string Server::handle_body(std::string_view body) const {
    const Json request = Json::parse(body, nullptr, false);
    if (request.is_discarded()) return error_response(Json(), kParseError, "parse error").dump();
    if (request.is_array()) {
        if (request.empty())
            return error_response(Json(), kInvalidRequest, "invalid request: empty batch").dump();
        Json responses = Json::array();
        for (const auto& one : request) {
            Json response = handle_one(one);
            // A valid notification (an object without "id") gets no entry; invalid ones are answered.
            if (one.is_object() && !one.contains("id") && !response.contains("error")) continue;
            responses.push_back(std::move(response));
        }
        return responses.empty() ? std::string() : responses.dump();
    }
    Json response = handle_one(request);
    if (request.is_object() && !request.contains("id") && !response.contains("error")) return {};
    return response.dump();
}

Result<int, RpcError> Server::start(const ServerOptions& options) {
    if (is_running()) return unexpected(make_error(RpcErrorKind::kTransport, "server already running"));
    // A fresh httplib server per run, so a stopped Server can start again without stale routes.
    impl_ = std::make_unique<Impl>();
    auto& http = impl_->http;
    // httplib's default sets SO_REUSEPORT, which lets a second server bind a port already serving
    // and share its connections; SO_REUSEADDR alone still allows a quick restart on the same port.
    http.set_socket_options([](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
    });
    http.Post("/", [this](const httplib::Request& req, httplib::Response& res) {
        std::string body = handle_body(req.body);
        if (body.empty()) {
            res.status = 204;
            return;
        }
        res.set_content(body, "application/json");
    });
    for (const auto& route : get_routes_) {
        const GetHandler& handler = route.second;
        http.Get(route.first, [&handler](const httplib::Request&, httplib::Response& res) {
            try {
                HttpText text = handler();
                res.set_content(text.body, text.content_type);
            } catch (const std::exception& e) {
                res.status = 500;
                res.set_content(e.what(), "text/plain");
            }
        });
    }
    int port = 0;
    if (options.port == 0) {
        port = http.bind_to_any_port(options.host);
    } else {
        port = http.bind_to_port(options.host, options.port) ? options.port : -1;
    }
    if (port <= 0) {
        return unexpected(make_error(RpcErrorKind::kTransport,
                                     "cannot bind " + options.host + ":" + std::to_string(options.port)));
    }
    host_ = options.host;
    port_ = port;
    impl_->thread = std::thread([&http] { http.listen_after_bind(); });
    // bind already listens, so early connects queue in the backlog; waiting here keeps stop() from
    // racing listen_after_bind().
    while (!http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return port;
}

void Server::stop() {
    if (!impl_ || !impl_->thread.joinable()) return;
    impl_->http.stop();
    impl_->thread.join();
}

}  // namespace baton::rpc
