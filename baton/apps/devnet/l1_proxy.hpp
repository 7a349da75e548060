// SPDX-License-Identifier: MIT
#pragma once

// L1Proxy: a loopback TCP relay in front of the L1 anvil that every Baton process of the devnet
// (nodes, batchers) uses as its L1, so that `--l1-outage` can take L1 away from all of them at once
// while L1 itself keeps mining, as when an operator's L1 provider goes away.
//
// - cut(): closes the listening socket (new connections are refused) and every relayed connection
//   (requests in flight fail). restore(): listens again on the same port.
// - Bytes are relayed unchanged in both directions; one thread accepts, one thread per connection.
// - Why a proxy and not stopping anvil: anvil's --dump-state/--load-state keeps accounts and code
//   but a restarted anvil is a new chain to its clients (pending txs, filters, mining schedule),
//   and L1 would stop producing blocks; a real outage is the client's link going away.

#include <baton/core/result.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace baton::apps::devnet {

class L1Proxy {
public:
    // Listens on a free loopback port and relays to 127.0.0.1:target_port.
    static Result<std::unique_ptr<L1Proxy>, std::string> start(int target_port);

    ~L1Proxy();
    L1Proxy(const L1Proxy&) = delete;
    L1Proxy& operator=(const L1Proxy&) = delete;

    // "http://127.0.0.1:<port>"
    std::string url() const;
    int port() const noexcept { return port_; }

    void cut();
    // Listens again on the same port (retries for up to 5 s if the port is briefly unavailable).
    Result<void, std::string> restore();
    bool is_cut() const noexcept { return cut_; }

    std::uint64_t connections_accepted() const noexcept { return accepted_; }
    std::uint64_t connections_cut() const noexcept { return cut_connections_; }

private:
    L1Proxy(int listen_fd, int port, int target_port);
    void accept_loop();
    void relay(int client_fd, std::uint64_t generation);
    void stop();

    int port_;
    int target_port_;
    std::atomic<int> listen_fd_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> cut_{false};
    std::atomic<std::uint64_t> generation_{0};  // bumped by cut(): relays of older generations end
    std::atomic<std::uint64_t> accepted_{0};
    std::atomic<std::uint64_t> cut_connections_{0};
    struct Relay {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };
    // Joins the relays that ended (a long run reconnects many times; an unjoined thread keeps its
    // stack).
    void reap_finished();

    std::mutex threads_mutex_;
    std::vector<Relay> relays_;
    std::thread acceptor_;
};

}  // namespace baton::apps::devnet
