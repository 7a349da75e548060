// SPDX-License-Identifier: MIT
#pragma once

// Polling helpers for integration tests. anvil's automine answers eth_sendRawTransaction before the
// block is sealed, so a receipt fetched right after sending may not exist yet, especially on a
// loaded machine: tests wait for it, with a bound, instead of assuming it.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/rpc/client.hpp>

#include <chrono>
#include <string>

namespace baton::testing {

// Polls eth_getTransactionReceipt until the node has one. The error says what was last seen.
Result<rpc::TransactionReceipt, std::string> wait_for_receipt(
    rpc::Client& client, const B256& txn_hash, std::chrono::milliseconds timeout = std::chrono::seconds(10));

}  // namespace baton::testing
