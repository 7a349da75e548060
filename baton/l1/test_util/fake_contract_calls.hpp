// SPDX-License-Identifier: MIT
#pragma once

// Test helpers for l1 code that reads contracts with eth_call, without anvil:
//
//   FakeContractCalls l1;
//   l1.answer("leaderAt(uint256)", "0x…32 bytes…");
//   auto client = rpc::Client::make(l1.node.url());
//
// eth_call answers by the call's 4-byte selector and reverts ("execution reverted", code 3) for
// any other, as an inbox's fallback does for a caller that is not the leader. The calldata of
// every call is kept, oldest first.

#include <baton/core/abi.hpp>
#include <baton/core/bytes.hpp>
#include <baton/core/hex.hpp>
#include <baton/rpc/test_util/fake_node.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace baton::l1::test_util {

// An address whose last byte is `last` (the others zero): a readable stand-in in expectations.
inline Address addr(std::uint8_t last) {
    Address a{};
    a[19] = last;
    return a;
}

struct FakeContractCalls {
    using Json = nlohmann::json;

    rpc::test_util::FakeNode node;
    std::map<std::string, Json> answers;  // selector hex (0x + 8) → result
    std::vector<std::string> calldata;

    FakeContractCalls() {
        node.on("eth_call", [this](const Json& params) -> Result<Json, rpc::RpcError> {
            const std::string data = params[0].value("input", params[0].value("data", ""));
            calldata.push_back(data);
            const auto it = answers.find(data.substr(0, 10));
            if (it == answers.end())
                return unexpected(rpc::make_error(rpc::RpcErrorKind::kRpcError, "execution reverted", 3));
            return it->second;
        });
    }
    FakeContractCalls(const FakeContractCalls&) = delete;
    FakeContractCalls& operator=(const FakeContractCalls&) = delete;

    // eth_call of `signature`'s selector returns `result` (hex of the return data).
    void answer(std::string_view signature, Json result) {
        answers[to_hex(abi::selector(signature))] = std::move(result);
    }
};

}  // namespace baton::l1::test_util
