// SPDX-License-Identifier: MIT
#include <tests/support/wait.hpp>

#include <baton/core/hex.hpp>

#include <thread>

namespace baton::testing {

Result<rpc::TransactionReceipt, std::string> wait_for_receipt(rpc::Client& client, const B256& txn_hash,
                                                              std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string last = "no receipt yet";
    while (true) {
        auto r = client.eth_get_transaction_receipt(txn_hash);
        if (r && r->has_value()) return std::move(**r);
        if (!r) last = rpc::to_string(r.error());
        if (std::chrono::steady_clock::now() >= deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return unexpected("no receipt for " + to_hex(txn_hash) + " within " + std::to_string(timeout.count()) +
                      " ms: " + last);
}

}  // namespace baton::testing
