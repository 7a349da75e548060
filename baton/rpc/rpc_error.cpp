// SPDX-License-Identifier: MIT
#include <baton/rpc/rpc_error.hpp>

#include <baton/core/hex.hpp>

#include <utility>

namespace baton::rpc {

const char* to_string(RpcErrorKind kind) noexcept {
    switch (kind) {
        case RpcErrorKind::kInvalidUrl:
            return "invalid url";
        case RpcErrorKind::kTransport:
            return "transport error";
        case RpcErrorKind::kTimeout:
            return "timeout";
        case RpcErrorKind::kHttpStatus:
            return "http status";
        case RpcErrorKind::kMalformedResponse:
            return "malformed response";
        case RpcErrorKind::kRpcError:
            return "rpc error";
        case RpcErrorKind::kDecode:
            return "decode error";
    }
    return "unknown rpc error";
}

std::string to_string(const RpcError& error) {
    std::string out = to_string(error.kind);
    if (!error.message.empty()) {
        out += ": ";
        out += error.message;
    }
    if (error.kind == RpcErrorKind::kRpcError || error.kind == RpcErrorKind::kHttpStatus) {
        out += " (code " + std::to_string(error.code) + ")";
    }
    if (error.data) {
        out += ", data " + to_hex(*error.data);
    } else if (!error.data_text.empty()) {
        out += ", data " + error.data_text;
    }
    return out;
}

RpcError make_error(RpcErrorKind kind, std::string message, std::int64_t code) {
    RpcError e;
    e.kind = kind;
    e.code = code;
    e.message = std::move(message);
    return e;
}

}  // namespace baton::rpc
