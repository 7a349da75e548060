// SPDX-License-Identifier: MIT
#pragma once

// FaultInjector: runs the devnet's `--l1-reorg`, `--l1-outage`, `--spam` and `--change-inbox` on a
// thread of its own, at their times after the batchers started, and records what it did
// (FaultRecord; the summary adds the outcome). It talks to the L1 anvil directly, never through
// the L1 proxy it cuts. The devnet's main loop takes its events: lines for the live view, L1
// blocks to observe again after a reorg, and the second inbox after a change.
//
// - Reorg: anvil_reorg(DEPTH, []) replaces the last DEPTH blocks with empty ones at the same
//   numbers. anvil drops their txs; a real L1 node puts them back in its pool, so the injector sends
//   them again (eth_getRawTransactionByHash → eth_sendRawTransaction). Then it compares the code of
//   every inbox and of SystemConfig with the code read at start (anvil 1.7.1 has lost an inbox's code
//   after repeated reorgs): a run whose L1 lost code does not pass.
// - Outage: L1Proxy::cut() at T, restore() at T+S.
// - Spam: a non-member key (funded by the deployer first) sends I txs to the current inbox, one per
//   L1 block time, each a derivation-version-0 payload with one well-formed frame of a fresh channel,
//   with a fixed gas limit (eth_estimateGas would refuse a reverting call).
// - Change inbox: deploys a second RoundRobinInbox with the same roster and turns (the leader at each
//   block is unchanged) and calls SystemConfig.setBatchInbox(new) from the owner (update type 128).
// A fault due while another one runs starts late; its record says when it started.

#include <baton/apps/devnet/l1_proxy.hpp>
#include <baton/apps/devnet/options.hpp>
#include <baton/apps/devnet/summary.hpp>
#include <baton/l1/deploy.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace baton::apps::devnet {

struct FaultInjectorConfig {
    std::string l1_url;        // the L1 anvil itself
    L1Proxy* proxy = nullptr;  // what the Baton processes use; null: outages fail
    l1::Deployment deployment;
    // --change-inbox: deploys another inbox of the running mechanism (its deploy script again).
    std::function<Result<l1::DeployedContract, std::string>()> deploy_inbox;
    std::uint64_t l1_block_time = 2;
    std::vector<FaultSpec> faults;
};

struct FaultEvent {
    enum class Kind { kLine, kRewind, kNewInbox };
    Kind kind = Kind::kLine;
    std::string line;         // kLine
    std::uint64_t block = 0;  // kRewind: first replaced block; kNewInbox: first block it applies to
    Address inbox{};          // kNewInbox
};

// The non-member that sends --spam txs (a fixed key that is none of anvil's dev accounts).
PrivateKey spammer_key();

class FaultInjector {
public:
    // `zero` is when the batchers started: fault times count from it.
    FaultInjector(FaultInjectorConfig config, std::chrono::steady_clock::time_point zero);
    ~FaultInjector();
    FaultInjector(const FaultInjector&) = delete;
    FaultInjector& operator=(const FaultInjector&) = delete;

    void start();
    // Ends the thread; an outage in force is ended (L1 restored) first.
    void stop();

    std::vector<FaultEvent> take_events();
    // Every fault, injected or not (call after stop()).
    std::vector<FaultRecord> records() const;

private:
    void run();
    void emit_line(const std::string& line);

    FaultInjectorConfig config_;
    std::chrono::steady_clock::time_point zero_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    mutable std::mutex mutex_;
    std::vector<FaultEvent> events_;
    std::vector<FaultRecord> records_;
};

}  // namespace baton::apps::devnet
