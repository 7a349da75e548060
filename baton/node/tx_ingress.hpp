// SPDX-License-Identifier: MIT
#pragma once

// Users' transactions into a sequencer: the node's own eth_sendRawTransaction.
//
// AnvilEngine builds a block by draining anvil's pool under a gate (a next base fee no txn can
// pay), so a txn sent straight to the engine while a block is being built is refused with
// "max fee per gas less than block base fee" — measured at 7–9 % of sends at 100 tx/s. A real
// sequencer does not refuse a valid txn because it is building. TxIngress is the door users use
// instead: it checks the envelope, waits until no build holds the engine's pool (the engine's
// pool gate mutex, held for a whole build, typically a few ms), and only then forwards the txn to
// the engine. The engine's own answer (the hash, or its refusal: nonce too low, fee cap below the
// base fee, insufficient funds) goes back to the user unchanged, so a refusal always means the txn
// itself is not valid now, never that a block was being built.
//
// - Malformed envelopes and deposits (type 0x7E: those come from L1 only) are refused with
//   -32602 before the engine sees them.
// - A build that holds the pool longer than `max_wait` (a stuck engine) is answered -32000
//   "sequencer busy" rather than blocking the RPC thread for good; the user may retry.
// - Sends are serialized (one engine connection, used only under the gate).

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/rpc/client.hpp>
#include <baton/rpc/rpc_error.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

namespace baton::node {

// -32000, geth's code for a txn the node does not take now.
inline constexpr std::int64_t kTxRefused = -32000;

class TxIngress {
public:
    TxIngress(rpc::Client engine, std::shared_ptr<std::timed_mutex> pool_gate,
              std::chrono::milliseconds max_wait = std::chrono::seconds(5))
        : engine_(std::move(engine)), pool_gate_(std::move(pool_gate)), max_wait_(max_wait) {}

    Result<B256, rpc::RpcError> send_raw_transaction(ByteView envelope);
    // The JSON-RPC method: params ["0x<envelope>"], result the txn hash.
    Result<nlohmann::json, rpc::RpcError> handle(const nlohmann::json& params);

    std::uint64_t forwarded() const noexcept { return forwarded_.load(); }
    // Refused by the engine (the txn is not valid now) or by the checks above.
    std::uint64_t refused() const noexcept { return refused_.load(); }

private:
    rpc::Client engine_;
    std::shared_ptr<std::timed_mutex> pool_gate_;
    std::chrono::milliseconds max_wait_;
    std::atomic<std::uint64_t> forwarded_{0};
    std::atomic<std::uint64_t> refused_{0};
};

}  // namespace baton::node
