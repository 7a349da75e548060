// SPDX-License-Identifier: MIT
// JSON-RPC request bodies as any client can send them to a node: Server::handle_body answers every
// body without crashing or throwing, and the answer is JSON-RPC 2.0 — nothing for notifications
// only, else one response object, or for a batch a non-empty array of them, each with the request's
// id and exactly one of "result" (an echo of params) and "error" (an integer code and a message).
#include <baton/core/assert.hpp>
#include <baton/rpc/server.hpp>

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

using namespace baton;
using namespace baton::rpc;
using Json = Server::Json;

namespace {

const Server& server() {
    static const Server* const instance = [] {
        auto* s = new Server();
        s->register_method("test_echo", [](const Json& params) -> Result<Json, RpcError> { return params; });
        s->register_method("test_fail", [](const Json&) -> Result<Json, RpcError> {
            return unexpected(make_error(RpcErrorKind::kRpcError, "refused", kInvalidParams));
        });
        // Handlers may throw (rpc wraps third-party calls); the server answers -32603 instead.
        s->register_method("test_throw", [](const Json&) -> Result<Json, RpcError> {
            throw std::runtime_error("handler failed");
        });
        return s;
    }();
    return *instance;
}

void check_response(const Json& response) {
    BATON_ASSERT(response.is_object());
    BATON_ASSERT(response.value("jsonrpc", Json()) == "2.0");
    BATON_ASSERT(response.contains("id"));
    BATON_ASSERT(response.contains("result") != response.contains("error"));
    if (response.contains("error")) {
        const Json& error = response["error"];
        BATON_ASSERT(error.is_object());
        BATON_ASSERT(error.contains("code") && error["code"].is_number_integer());
        BATON_ASSERT(error.contains("message") && error["message"].is_string());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    const std::string answer = server().handle_body(body);
    const Json request = Json::parse(body, nullptr, false);
    if (answer.empty()) {
        // Only a request that parsed (a notification, or a batch of them) goes unanswered.
        BATON_ASSERT(!request.is_discarded());
        return 0;
    }
    const Json response = Json::parse(answer, nullptr, false);
    BATON_ASSERT(!response.is_discarded());
    if (response.is_array()) {
        BATON_ASSERT(request.is_array() && !response.empty() && response.size() <= request.size());
        for (const auto& one : response) check_response(one);
        return 0;
    }
    check_response(response);
    // An echo returns exactly the params that were sent.
    if (request.is_object() && request.value("method", Json()) == "test_echo" &&
        response.contains("result") && request.contains("params")) {
        BATON_ASSERT(response["result"] == request["params"]);
    }
    return 0;
}
