// SPDX-License-Identifier: MIT
#include <baton/rpc/transport.hpp>

#include <baton/core/hex.hpp>
#include <baton/rpc/http_client_setup.hpp>

#include <httplib.h>

#include <algorithm>
#include <exception>
#include <mutex>
#include <utility>

namespace baton::rpc {
namespace {

// Error messages quote at most this much of an unexpected body, enough to recognise an HTML error
// page or a proxy message without flooding logs.
constexpr std::size_t kMaxQuotedBody = 200;

// Quoted as printable ASCII only: a body cut mid-way (or binary) must not make the message invalid
// UTF-8, which would throw later if a caller put the message into JSON.
std::string quote_body(std::string_view body) {
    std::string out;
    const std::size_t n = std::min(body.size(), kMaxQuotedBody);
    out.reserve(n + 3);
    for (std::size_t i = 0; i < n; ++i) {
        const auto c = static_cast<unsigned char>(body[i]);
        out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?');
    }
    if (body.size() > n) out += "...";
    return out;
}

bool is_hex_text(const std::string& s) {
    return s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
}

}  // namespace

std::string redact_url(std::string_view url) {
    constexpr std::string_view kRedacted = "<redacted>";
    const auto scheme_end = url.find("://");
    const std::size_t authority_start = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
    std::string out(url.substr(0, authority_start));
    std::string_view rest = url.substr(authority_start);
    const auto authority_end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, authority_end);
    const auto at = authority.rfind('@');
    if (at != std::string_view::npos) {
        out += kRedacted;
        out += '@';
        authority = authority.substr(at + 1);
    }
    out += authority;
    if (authority_end == std::string_view::npos) return out;
    rest = rest.substr(authority_end);
    const auto path_end = rest.find_first_of("?#");
    const std::string_view path = rest.substr(0, path_end);
    // Path segments that look like keys.
    std::size_t i = 0;
    while (i < path.size()) {
        const auto end = std::min(path.find('/', i + 1), path.size());
        const std::string_view segment = path.substr(i, end - i);  // with its leading '/'
        const std::string_view name = segment.substr(segment.empty() || segment[0] != '/' ? 0 : 1);
        const bool key_like = name.size() >= 20 && std::all_of(name.begin(), name.end(), [](char c) {
                                  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                         (c >= '0' && c <= '9') || c == '-' || c == '_';
                              });
        if (key_like) {
            out += segment.substr(0, segment.size() - name.size());
            out += kRedacted;
        } else {
            out += segment;
        }
        i = end;
    }
    if (path_end == std::string_view::npos) return out;
    if (rest[path_end] == '#') return out + "#" + std::string(kRedacted);
    // Every query value (and the fragment, which may hold one too).
    std::string_view query = rest.substr(path_end + 1);
    const auto fragment = query.find('#');
    if (fragment != std::string_view::npos) query = query.substr(0, fragment);
    out += '?';
    std::size_t j = 0;
    bool first = true;
    while (j <= query.size()) {
        const auto end = std::min(query.find('&', j), query.size());
        const std::string_view pair = query.substr(j, end - j);
        if (!first) out += '&';
        first = false;
        const auto eq = pair.find('=');
        out += pair.substr(0, eq);
        if (eq != std::string_view::npos) {
            out += '=';
            out += kRedacted;
        }
        j = end + 1;
    }
    if (fragment != std::string_view::npos) out += "#" + std::string(kRedacted);
    return out;
}

Result<Endpoint, RpcError> parse_endpoint(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) {
        return unexpected(
            make_error(RpcErrorKind::kInvalidUrl, "missing scheme in '" + redact_url(url) + "'"));
    }
    const auto scheme = url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") {
        return unexpected(
            make_error(RpcErrorKind::kInvalidUrl, "unsupported scheme '" + std::string(scheme) + "'"));
    }
    const auto rest = url.substr(scheme_end + 3);
    const auto slash = rest.find('/');
    auto authority = rest.substr(0, slash);
    Endpoint endpoint;
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        const auto userinfo = authority.substr(0, at);
        const auto colon = userinfo.find(':');
        endpoint.user = std::string(userinfo.substr(0, colon));
        if (colon != std::string_view::npos) endpoint.password = std::string(userinfo.substr(colon + 1));
        authority = authority.substr(at + 1);
    }
    if (authority.empty()) {
        return unexpected(make_error(RpcErrorKind::kInvalidUrl, "missing host in '" + redact_url(url) + "'"));
    }
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
        const auto port = authority.substr(colon + 1);
        bool digits = !port.empty() && port.size() <= 5;
        unsigned value = 0;
        for (char c : port) {
            if (c < '0' || c > '9') {
                digits = false;
                break;
            }
            value = value * 10 + static_cast<unsigned>(c - '0');
        }
        if (!digits || value == 0 || value > 65535 || colon == 0) {
            return unexpected(
                make_error(RpcErrorKind::kInvalidUrl, "bad host:port in '" + redact_url(url) + "'"));
        }
    }
    endpoint.scheme_host_port = std::string(url.substr(0, scheme_end + 3)) + std::string(authority);
    endpoint.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    return endpoint;
}

RpcError error_from_object(const nlohmann::json& object) {
    RpcError e;
    e.kind = RpcErrorKind::kRpcError;
    if (!object.is_object()) {
        e.kind = RpcErrorKind::kMalformedResponse;
        e.message = "error member is not an object: " + quote_body(object.dump());
        return e;
    }
    const auto code = object.find("code");
    if (code != object.end() && code->is_number_integer()) e.code = code->get<std::int64_t>();
    const auto message = object.find("message");
    if (message != object.end() && message->is_string()) e.message = message->get<std::string>();
    const auto data = object.find("data");
    if (data != object.end() && !data->is_null()) {
        if (data->is_string()) {
            const auto& text = data->get_ref<const std::string&>();
            // Only 0x-prefixed hex is revert data; anything else (text, odd digits) is kept verbatim.
            auto bytes =
                is_hex_text(text) ? decode_hex(text) : Result<Bytes, HexFailure>(unexpected(HexFailure{}));
            if (bytes) {
                e.data = std::move(*bytes);
            } else {
                e.data_text = text;
            }
        } else {
            e.data_text = data->dump();
        }
    }
    return e;
}

Result<nlohmann::json, RpcError> parse_response(std::string_view body, int http_status,
                                                std::uint64_t expected_id) {
    if (http_status < 200 || http_status > 299) {
        return unexpected(make_error(RpcErrorKind::kHttpStatus,
                                     "HTTP " + std::to_string(http_status) + ": " + quote_body(body),
                                     http_status));
    }
    auto doc = nlohmann::json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) {
        return unexpected(
            make_error(RpcErrorKind::kMalformedResponse, "body is not JSON: " + quote_body(body)));
    }
    if (!doc.is_object()) {
        return unexpected(
            make_error(RpcErrorKind::kMalformedResponse, "response is not an object: " + quote_body(body)));
    }
    const auto version = doc.find("jsonrpc");
    if (version != doc.end() && (!version->is_string() || version->get_ref<const std::string&>() != "2.0")) {
        return unexpected(make_error(RpcErrorKind::kMalformedResponse, "jsonrpc version is not \"2.0\""));
    }
    const auto error = doc.find("error");
    if (error != doc.end() && !error->is_null()) {
        // An error may carry id null (e.g. a parse error on the server side), so it is not checked.
        return unexpected(error_from_object(*error));
    }
    const auto id = doc.find("id");
    if (id == doc.end() || !id->is_number_unsigned() || id->get<std::uint64_t>() != expected_id) {
        return unexpected(make_error(RpcErrorKind::kMalformedResponse,
                                     "response id does not match request id " + std::to_string(expected_id)));
    }
    const auto result = doc.find("result");
    if (result == doc.end()) {
        return unexpected(
            make_error(RpcErrorKind::kMalformedResponse, "response has neither result nor error"));
    }
    return std::move(*result);
}

struct Transport::Impl {
    Endpoint endpoint;
    TransportOptions options;
    std::mutex mutex;
    httplib::Client http;

    Impl(Endpoint e, TransportOptions o)
        : endpoint(std::move(e)), options(o), http(endpoint.scheme_host_port) {
        setup_http_client(http, endpoint, options);
    }
};

Transport::Transport(std::string url, std::unique_ptr<Impl> impl)
    : url_(std::move(url)), display_url_(redact_url(url_)), impl_(std::move(impl)) {}

Transport::~Transport() = default;

Result<std::unique_ptr<Transport>, RpcError> Transport::make(std::string_view url, TransportOptions options) {
    auto endpoint = parse_endpoint(url);
    if (!endpoint) return unexpected(endpoint.error());
    try {
        auto impl = std::make_unique<Impl>(std::move(*endpoint), options);
        if (!impl->http.is_valid()) {
            return unexpected(
                make_error(RpcErrorKind::kInvalidUrl, "HTTP client rejected '" + redact_url(url) + "'"));
        }
        return std::unique_ptr<Transport>(new Transport(std::string(url), std::move(impl)));
    } catch (const std::exception& ex) {
        return unexpected(make_error(RpcErrorKind::kInvalidUrl, ex.what()));
    }
}

Result<nlohmann::json, RpcError> Transport::call(std::string_view method, nlohmann::json params) {
    const std::uint64_t id = next_id_.fetch_add(1);
    try {
        if (params.is_null()) params = nlohmann::json::array();
        const nlohmann::json request = {
            {"jsonrpc", "2.0"}, {"id", id}, {"method", std::string(method)}, {"params", std::move(params)}};
        const std::string body = request.dump();

        std::lock_guard lock(impl_->mutex);
        const auto started = std::chrono::steady_clock::now();
        auto response = impl_->http.Post(impl_->endpoint.path, body, "application/json");
        if (!response) {
            const auto err = response.error();
            const auto elapsed = std::chrono::steady_clock::now() - started;
            const std::string what =
                std::string(method) + ": " + httplib::to_string(err) + " (" + display_url_ + ")";
            // httplib 0.11 reports a read timeout as a plain read error; the elapsed time tells them apart.
            if (err == httplib::Error::ConnectionTimeout ||
                ((err == httplib::Error::Read || err == httplib::Error::Write) &&
                 elapsed >= impl_->options.read_timeout * 9 / 10)) {
                return unexpected(make_error(RpcErrorKind::kTimeout, what));
            }
            return unexpected(make_error(RpcErrorKind::kTransport, what));
        }
        auto result = parse_response(response->body, response->status, id);
        if (!result && result.error().message.empty()) result.error().message = std::string(method);
        return result;
    } catch (const std::exception& ex) {
        // nlohmann throws on strings that are not UTF-8 when dumping; httplib may throw on allocation.
        return unexpected(make_error(RpcErrorKind::kTransport, std::string(method) + ": " + ex.what()));
    }
}

}  // namespace baton::rpc
