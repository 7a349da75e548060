// SPDX-License-Identifier: MIT
#pragma once

// Plain HTTP GET for REST APIs beside JSON-RPC (the beacon API's blobs endpoint). Same rules as
// Transport: no keep-alive, one request at a time, basic auth from the URL's userinfo, the URL
// redacted in every message. Any status is a response here: the caller decides what 404 means.

#include <baton/core/result.hpp>
#include <baton/rpc/rpc_error.hpp>
#include <baton/rpc/transport.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace baton::rpc {

struct HttpResponse {
    int status = 0;
    std::string body;
};

class HttpGetClient {
public:
    // `base_url`: "http://host:port[/prefix]"; get(path) requests prefix + path.
    static Result<std::unique_ptr<HttpGetClient>, RpcError> make(std::string_view base_url,
                                                                 TransportOptions options = {});
    ~HttpGetClient();
    HttpGetClient(const HttpGetClient&) = delete;
    HttpGetClient& operator=(const HttpGetClient&) = delete;

    // kTransport or kTimeout when no answer came; any answer (whatever its status) otherwise.
    Result<HttpResponse, RpcError> get(std::string_view path);

    const std::string& display_url() const noexcept { return display_url_; }

private:
    struct Impl;
    HttpGetClient(std::string display_url, std::unique_ptr<Impl> impl);
    std::string display_url_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace baton::rpc
