// SPDX-License-Identifier: MIT
#pragma once

// The devnet's own L1 txs (fault injection, the miss reporter, funding their accounts): sign with a
// dev key, send, wait for the receipt. Fees: tip 1 gwei, cap twice the head's base fee plus the
// tip, which anvil's slowly moving base fee never outruns within a run.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/core/u256.hpp>
#include <baton/rpc/client.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace baton::apps::devnet {

// keccak256(phrase) as a key: the devnet's own accounts (the spammer, the miss reporter), which must
// be nobody's dev account and the same in every run.
PrivateKey key_from_phrase(std::string_view phrase);

class L1Sender {
public:
    static Result<L1Sender, std::string> make(const std::string& url);

    rpc::Client& client() { return client_; }

    // Signs and sends a call from `key`; `gas` unset: estimated (+20 %). The tx hash.
    Result<B256, std::string> send(const PrivateKey& key, const Address& to, Bytes data, const U256& value,
                                   std::optional<std::uint64_t> gas);

    // Sends `value` wei from `from` to `to` (a plain transfer) and waits for its receipt: how the
    // devnet funds its own accounts from the deployer. An error when it is not mined with status 1.
    Result<void, std::string> transfer(const PrivateKey& from, const Address& to, const U256& value,
                                       const std::atomic<bool>& stop);

    // The receipt of `hash`, polled until `timeout` or `stop`.
    Result<rpc::TransactionReceipt, std::string> wait(
        const B256& hash, const std::atomic<bool>& stop,
        std::chrono::seconds timeout = std::chrono::seconds(30));

private:
    L1Sender(rpc::Client client, std::uint64_t chain_id) : client_(std::move(client)), chain_id_(chain_id) {}
    rpc::Client client_;
    std::uint64_t chain_id_;
};

}  // namespace baton::apps::devnet
