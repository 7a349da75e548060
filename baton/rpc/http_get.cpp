// SPDX-License-Identifier: MIT
#include <baton/rpc/http_get.hpp>

#include <baton/rpc/http_client_setup.hpp>

#include <httplib.h>

#include <chrono>
#include <exception>
#include <mutex>
#include <utility>

namespace baton::rpc {

struct HttpGetClient::Impl {
    Endpoint endpoint;
    TransportOptions options;
    std::mutex mutex;
    httplib::Client http;

    Impl(Endpoint e, TransportOptions o)
        : endpoint(std::move(e)), options(o), http(endpoint.scheme_host_port) {
        setup_http_client(http, endpoint, options);
    }
};

HttpGetClient::HttpGetClient(std::string display_url, std::unique_ptr<Impl> impl)
    : display_url_(std::move(display_url)), impl_(std::move(impl)) {}

HttpGetClient::~HttpGetClient() = default;

Result<std::unique_ptr<HttpGetClient>, RpcError> HttpGetClient::make(std::string_view base_url,
                                                                     TransportOptions options) {
    auto endpoint = parse_endpoint(base_url);
    if (!endpoint) return unexpected(endpoint.error());
    // The prefix is joined with paths that start with '/'.
    while (!endpoint->path.empty() && endpoint->path.back() == '/') endpoint->path.pop_back();
    try {
        auto impl = std::make_unique<Impl>(std::move(*endpoint), options);
        if (!impl->http.is_valid()) {
            return unexpected(
                make_error(RpcErrorKind::kInvalidUrl, "HTTP client rejected '" + redact_url(base_url) + "'"));
        }
        return std::unique_ptr<HttpGetClient>(new HttpGetClient(redact_url(base_url), std::move(impl)));
    } catch (const std::exception& ex) {
        return unexpected(make_error(RpcErrorKind::kInvalidUrl, ex.what()));
    }
}

Result<HttpResponse, RpcError> HttpGetClient::get(std::string_view path) {
    const std::string full = impl_->endpoint.path + std::string(path);
    try {
        std::lock_guard lock(impl_->mutex);
        const auto started = std::chrono::steady_clock::now();
        auto response = impl_->http.Get(full);
        if (!response) {
            const auto err = response.error();
            const auto elapsed = std::chrono::steady_clock::now() - started;
            const std::string what =
                "GET " + redact_url(full) + ": " + httplib::to_string(err) + " (" + display_url_ + ")";
            // httplib 0.11 reports a read timeout as a plain read error (as in Transport::call).
            if (err == httplib::Error::ConnectionTimeout ||
                ((err == httplib::Error::Read || err == httplib::Error::Write) &&
                 elapsed >= impl_->options.read_timeout * 9 / 10)) {
                return unexpected(make_error(RpcErrorKind::kTimeout, what));
            }
            return unexpected(make_error(RpcErrorKind::kTransport, what));
        }
        return HttpResponse{response->status, std::move(response->body)};
    } catch (const std::exception& ex) {
        return unexpected(make_error(RpcErrorKind::kTransport, "GET " + redact_url(full) + ": " + ex.what()));
    }
}

}  // namespace baton::rpc
