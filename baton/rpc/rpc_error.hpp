// SPDX-License-Identifier: MIT
#pragma once

// The one error type of baton::rpc. `kind` says which layer failed (socket, HTTP, JSON-RPC envelope,
// node, or our decoding of a well-formed result), so callers can classify it: node turns kTransport
// and kTimeout into temporary pipeline errors, while kRpcError carries the node's own code, message
// and revert data for the batcher to decode.

#include <baton/core/bytes.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace baton::rpc {

enum class [[nodiscard]] RpcErrorKind{
    kInvalidUrl,         // the endpoint URL could not be parsed
    kTransport,          // connection refused / reset, or any other socket failure
    kTimeout,            // connect or read did not finish within the configured timeout
    kHttpStatus,         // the server answered with a non-2xx status; `code` holds it
    kMalformedResponse,  // body is not JSON, or not a JSON-RPC 2.0 response to our request
    kRpcError,           // the node answered with an error object; `code`/`message`/`data` from it
    kDecode,             // a well-formed result that does not have the shape the typed call expects
};

const char* to_string(RpcErrorKind kind) noexcept;

struct RpcError {
    RpcErrorKind kind = RpcErrorKind::kTransport;
    std::int64_t code = 0;  // JSON-RPC error code (kRpcError) or HTTP status (kHttpStatus)
    std::string message;
    // The error object's `data` when it is a hex string, e.g. revert data "0x08c379a0…". Nodes differ:
    // geth puts the revert bytes here, some put text; only hex becomes bytes, the rest stays in
    // `data_text` so nothing is lost.
    std::optional<Bytes> data;
    std::string data_text;

    // True for a node error carrying revert data (what eth_call / eth_estimateGas give on a revert).
    bool has_revert_data() const noexcept { return kind == RpcErrorKind::kRpcError && data.has_value(); }
};

// "<kind>: <message> (code N)[, data 0x…]" for logs and test output.
std::string to_string(const RpcError& error);

RpcError make_error(RpcErrorKind kind, std::string message, std::int64_t code = 0);

}  // namespace baton::rpc
