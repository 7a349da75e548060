// SPDX-License-Identifier: MIT
#include <baton/rpc/server.hpp>

#include <baton/core/hex.hpp>

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

namespace baton::rpc {

namespace {

// httplib's task queue, one thread per connection up to a cap. httplib's own pool has a fixed
// number of workers (8 by default), and a worker stays with its connection while the client sends
// its request: eight clients sending one byte a second took the node's RPC away from its batchers.
// A thread per connection costs a stack that is mostly untouched; the cap bounds that, and
// connections past it wait (still accepted, so their sockets are closed in turn).
constexpr int kListenBacklog = 1024;

class ConnectionThreads final : public httplib::TaskQueue {
public:
    explicit ConnectionThreads(std::size_t max_threads) : max_threads_(max_threads == 0 ? 1 : max_threads) {}
    ~ConnectionThreads() override { shutdown(); }

    void enqueue(std::function<void()> fn) override {
        std::lock_guard lock(mutex_);
        if (running_ < max_threads_) {
            ++running_;
            std::thread(&ConnectionThreads::serve, this, std::move(fn)).detach();
        } else {
            waiting_.push_back(std::move(fn));
        }
    }

    // Waits until every accepted connection was served and closed (httplib has stopped accepting).
    void shutdown() override {
        std::unique_lock lock(mutex_);
        idle_.wait(lock, [this] { return running_ == 0 && waiting_.empty(); });
    }

private:
    void serve(std::function<void()> fn) {
        for (;;) {
            fn();
            std::lock_guard lock(mutex_);
            if (waiting_.empty()) {
                --running_;
                // Notified under the lock: shutdown()'s caller may destroy this object as soon as it
                // sees zero, and this thread touches nothing after releasing the lock.
                idle_.notify_all();
                return;
            }
            fn = std::move(waiting_.front());
            waiting_.pop_front();
        }
    }

    const std::size_t max_threads_;
    std::mutex mutex_;
    std::condition_variable idle_;
    std::size_t running_ = 0;
    std::deque<std::function<void()>> waiting_;
};

// What a body's JSON is, read without building a document: nesting depth and, for a batch, the
// number of requests. Both are limited before nlohmann builds the document, whose size is a large
// multiple of the text (a batch of 5,000,000 `{}` once took a node to 7.3 GB).
class JsonShapeCheck final : public nlohmann::json_sax<nlohmann::json> {
public:
    JsonShapeCheck(std::size_t max_depth, std::size_t max_batch)
        : max_depth_(max_depth), max_batch_(max_batch) {}

    enum class Verdict { kOk, kSyntax, kTooDeep, kBatchTooLarge };
    Verdict verdict() const noexcept { return verdict_; }

    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t&) override { return value(); }
    bool string(string_t&) override { return value(); }
    bool binary(binary_t&) override { return value(); }
    bool start_object(std::size_t) override { return open(false); }
    bool key(string_t&) override { return true; }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(true); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
        if (verdict_ == Verdict::kOk) verdict_ = Verdict::kSyntax;
        return false;
    }

private:
    // A value at depth 1 of a top-level array is one request of a batch.
    bool value() { return count_request(); }
    bool count_request() {
        if (depth_ == 1 && top_is_array_ && ++requests_ > max_batch_) {
            verdict_ = Verdict::kBatchTooLarge;
            return false;
        }
        return true;
    }
    bool open(bool array) {
        if (!count_request()) return false;
        if (depth_ == 0) top_is_array_ = array;
        if (++depth_ > max_depth_) {
            verdict_ = Verdict::kTooDeep;
            return false;
        }
        return true;
    }
    bool close() {
        --depth_;
        return true;
    }

    const std::size_t max_depth_;
    const std::size_t max_batch_;
    std::size_t depth_ = 0;
    std::size_t requests_ = 0;
    bool top_is_array_ = false;
    Verdict verdict_ = Verdict::kOk;
};

}  // namespace

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
    if (body.size() > limits_.max_body_bytes) {
        return error_response(Json(), kInvalidRequest,
                              "request too large: " + std::to_string(body.size()) + " bytes, the limit is " +
                                  std::to_string(limits_.max_body_bytes))
            .dump();
    }
    JsonShapeCheck shape(limits_.max_depth, limits_.max_batch);
    (void)Json::sax_parse(body, &shape);
    switch (shape.verdict()) {
        case JsonShapeCheck::Verdict::kOk:
            break;
        case JsonShapeCheck::Verdict::kSyntax:
            return error_response(Json(), kParseError, "parse error").dump();
        case JsonShapeCheck::Verdict::kTooDeep:
            return error_response(Json(), kInvalidRequest,
                                  "invalid request: nested deeper than " + std::to_string(limits_.max_depth))
                .dump();
        case JsonShapeCheck::Verdict::kBatchTooLarge:
            return error_response(
                       Json(), kInvalidRequest,
                       "batch too large: the limit is " + std::to_string(limits_.max_batch) + " requests")
                .dump();
    }
    const Json request = Json::parse(body, nullptr, false);
    if (request.is_discarded()) return error_response(Json(), kParseError, "parse error").dump();
    if (request.is_array()) {
        if (request.empty())
            return error_response(Json(), kInvalidRequest, "invalid request: empty batch").dump();
        // Built as text, so the answer's size is known as it grows; past the limit the remaining
        // requests are not run and each gets an error entry instead.
        std::string responses = "[";
        bool any = false;
        for (const auto& one : request) {
            const bool notification = one.is_object() && !one.contains("id");
            Json response;
            if (responses.size() > limits_.max_response_bytes) {
                if (notification) continue;
                const Json id = one.is_object() && one.contains("id") && is_valid_id(one.at("id"))
                                    ? one.at("id")
                                    : Json();
                response = error_response(id, kResponseTooLarge, "response too large");
            } else {
                response = handle_one(one);
                // A valid notification (an object without "id") gets no entry; invalid ones are answered.
                if (notification && !response.contains("error")) continue;
            }
            if (any) responses += ',';
            responses += response.dump();
            any = true;
        }
        responses += ']';
        return any ? responses : std::string();
    }
    Json response = handle_one(request);
    if (request.is_object() && !request.contains("id") && !response.contains("error")) return {};
    return response.dump();
}

Result<int, RpcError> Server::bind(const ServerOptions& options) {
    if (is_running() || bound_)
        return unexpected(make_error(RpcErrorKind::kTransport, "server already bound"));
    // A fresh httplib server per run, so a stopped Server can start again without stale routes.
    impl_ = std::make_unique<Impl>();
    auto& http = impl_->http;
    limits_ = options.limits;
    const ServerLimits limits = limits_;
    http.new_task_queue = [limits] { return new ConnectionThreads(limits.max_connections); };
    http.set_payload_max_length(limits.max_body_bytes);
    const auto seconds_and_micros = [](std::chrono::milliseconds d) {
        return std::pair<time_t, time_t>{static_cast<time_t>(d.count() / 1000),
                                         static_cast<time_t>((d.count() % 1000) * 1000)};
    };
    const auto [read_s, read_us] = seconds_and_micros(limits.read_timeout);
    http.set_read_timeout(read_s, read_us);
    http.set_write_timeout(read_s, read_us);
    const auto alive_s = static_cast<time_t>(limits.keep_alive_timeout.count() / 1000);
    http.set_keep_alive_timeout(alive_s == 0 ? 1 : alive_s);
    // httplib answers an over-long body 413 itself; say why in the body, as a JSON-RPC error.
    http.set_error_handler([limits](const httplib::Request&, httplib::Response& res) {
        if (res.status == 413) {
            res.set_content(error_response(Json(), kInvalidRequest,
                                           "request too large: the limit is " +
                                               std::to_string(limits.max_body_bytes) + " bytes")
                                .dump(),
                            "application/json");
        }
    });
    // httplib's default sets SO_REUSEPORT, which lets a second server bind a port already serving
    // and share its connections; SO_REUSEADDR alone still allows a quick restart on the same port.
    auto listener = std::make_shared<socket_t>(INVALID_SOCKET);
    http.set_socket_options([listener](socket_t sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
        *listener = sock;
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
    // httplib listens with a backlog of 5: a burst of connections past it waits for the client's
    // SYN retry (1 s, then 3 s). Listening again on the bound socket raises the backlog (Linux).
    if (*listener != INVALID_SOCKET) (void)::listen(*listener, kListenBacklog);
    host_ = options.host;
    port_ = port;
    bound_ = true;
    return port;
}

Result<int, RpcError> Server::start(const ServerOptions& options) {
    if (is_running()) return unexpected(make_error(RpcErrorKind::kTransport, "server already running"));
    if (!bound_) {
        auto bound = bind(options);
        if (!bound) return unexpected(bound.error());
    }
    bound_ = false;
    auto& http = impl_->http;
    const int port = port_;
    impl_->thread = std::thread([&http] { http.listen_after_bind(); });
    // bind already listens, so early connects queue in the backlog; waiting here keeps stop() from
    // racing listen_after_bind().
    while (!http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return port;
}

void Server::stop() {
    // Bound but never served: httplib closes its socket only when its loop stops, so run it first.
    if (bound_) (void)start();
    if (!impl_ || !impl_->thread.joinable()) return;
    impl_->http.stop();
    impl_->thread.join();
}

}  // namespace baton::rpc
