// SPDX-License-Identifier: MIT
#pragma once

// L2 load for the devnet: a thread sending plain ETH transfers (EIP-1559, signed with core) from
// anvil dev accounts 6..9 at a fixed rate, as users do: to the sequencer node's
// eth_sendRawTransaction (`send_url`); nonces are read from the sequencer's L2 engine (`l2_url`). Nonces are
// tracked locally and re-read from the engine ("pending") after any refused send, so a rejected tx never
// wedges the sender; a sender whose mined nonce stalls below what it sent for 8 s resends from the mined
// nonce (a lost tx would otherwise hold every later one in anvil's queue). Stops when stop() is
// called or the object is destroyed.

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace baton::apps::devnet {

class LoadGenerator {
public:
    LoadGenerator(std::string l2_url, std::string send_url, std::uint64_t chain_id, double tx_per_second);
    ~LoadGenerator();
    LoadGenerator(const LoadGenerator&) = delete;
    LoadGenerator& operator=(const LoadGenerator&) = delete;

    void start();
    void stop();

    std::uint64_t sent() const noexcept { return sent_.load(); }
    std::uint64_t refused() const noexcept { return refused_.load(); }
    // Times a sender's mined nonce stalled below what it had sent and it resent from there.
    std::uint64_t gaps_healed() const noexcept { return gaps_healed_.load(); }

private:
    void run();

    std::string url_;
    std::string send_url_;
    std::uint64_t chain_id_;
    double rate_;
    std::atomic<bool> stop_{false};
    std::atomic<std::uint64_t> sent_{0};
    std::atomic<std::uint64_t> refused_{0};
    std::atomic<std::uint64_t> gaps_healed_{0};
    std::thread thread_;
};

}  // namespace baton::apps::devnet
