// SPDX-License-Identifier: MIT
#pragma once

// L2 load for the devnet: a thread sending plain ETH transfers (EIP-1559, signed with core) from
// anvil dev accounts 6..9 at a fixed rate, as users do: to the sequencer node's
// eth_sendRawTransaction; nonces are read from the sequencer's L2 engine. With --rotate there is one
// target per rotating node and each tx goes to every target still online, so a tx never depends on
// the pool of a leader that has gone: it counts as sent when at least one node accepted it (the
// others may answer "already known" or "nonce too low"), and nonces come from the first online
// target's engine. Every accepted tx is recorded (sender, nonce, hash) for check_load_inclusion. Nonces are
// tracked locally and re-read from the engine ("pending") after any refused send, so a rejected tx never
// wedges the sender; a sender whose mined nonce stalls below what it sent for 8 s resends from the mined
// nonce (a lost tx would otherwise hold every later one in anvil's queue). Stops when stop() is
// called or the object is destroyed.

#include <baton/apps/devnet/load_inclusion.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace baton::apps::devnet {

// A node to send to: its L2 engine (nonces) and its JSON-RPC (eth_sendRawTransaction).
struct LoadTarget {
    std::string engine_url;
    std::string node_url;
};

class LoadGenerator {
public:
    LoadGenerator(std::vector<LoadTarget> targets, std::uint64_t chain_id, double tx_per_second);
    ~LoadGenerator();
    LoadGenerator(const LoadGenerator&) = delete;
    LoadGenerator& operator=(const LoadGenerator&) = delete;

    void start();
    void stop();

    std::uint64_t sent() const noexcept { return sent_.load(); }
    std::uint64_t refused() const noexcept { return refused_.load(); }
    // Times a sender's mined nonce stalled below what it had sent and it resent from there.
    std::uint64_t gaps_healed() const noexcept { return gaps_healed_.load(); }
    // Target `index` went away (its node was killed): no more sends or nonce reads there.
    void mark_offline(std::size_t index);
    // Every tx a node accepted, in sending order.
    std::vector<SentLoadTx> sent_txs() const;

private:
    void run();
    std::vector<bool> online() const;

    std::vector<LoadTarget> targets_;
    mutable std::mutex mutex_;  // guards online_ and sent_txs_
    std::vector<bool> online_;
    std::vector<SentLoadTx> sent_txs_;
    std::uint64_t chain_id_;
    double rate_;
    std::atomic<bool> stop_{false};
    std::atomic<std::uint64_t> sent_{0};
    std::atomic<std::uint64_t> refused_{0};
    std::atomic<std::uint64_t> gaps_healed_{0};
    std::thread thread_;
};

}  // namespace baton::apps::devnet
