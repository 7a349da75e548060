// SPDX-License-Identifier: MIT
#pragma once

// One `baton devnet` run as an object with three steps (docs/devnet.md):
//
//   start()  L1 + both L2 engines + contracts (start_network), the sequencer and verifier nodes,
//            the batchers, then the observer, the fault injector and the load generator; with
//            --rotate one rotating node (and L2 engine) per batcher instead of the sequencer;
//   step()   one observation: kills and restarts that are due, children that exited, fault events,
//            new L1 blocks (one live-view line each, then the miss reporter's and the auction
//            bidder's look at them) and the nodes' heads;
//   finish() stops the batchers, observes once more, stops the nodes, compares the chains, stops
//            the engines and sums up.
//
// Decisions:
// - The nodes and batchers are this binary's own `baton node` / `baton batcher` (setup.baton),
//   child processes with their logs in the run folder; every pid goes to pids.txt as it starts.
// - Lines for the operator go through `say`, so the object never writes to a terminal itself.
// - A failure in start() leaves nothing running: what was started is stopped by the destructors.

#include <baton/apps/devnet/bidder.hpp>
#include <baton/apps/devnet/fault_injector.hpp>
#include <baton/apps/devnet/live_view.hpp>
#include <baton/apps/devnet/load_generator.hpp>
#include <baton/apps/devnet/miss_reporter.hpp>
#include <baton/apps/devnet/network.hpp>
#include <baton/apps/devnet/observer.hpp>
#include <baton/apps/devnet/options.hpp>
#include <baton/apps/devnet/rotation_watcher.hpp>
#include <baton/apps/devnet/summary.hpp>
#include <baton/core/result.hpp>
#include <baton/l1/mechanism_deploy.hpp>
#include <baton/process/child_process.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace baton::apps::devnet {

struct DevnetSetup {
    DevnetOptions options;
    std::filesystem::path run_dir;  // absolute; exists
    std::string anvil;              // binary
    std::filesystem::path forge;    // binary
    l1::MechanismScriptRef mechanism;
    std::string baton;  // this binary: runs `baton node` and `baton batcher`
    bool colour = false;
};

struct DevnetOutcome {
    Summary summary;
    // summary_json(summary) plus the run's own keys (run_dir, load figures, components, interrupted).
    nlohmann::json json;
    std::uint64_t load_sent = 0;
    std::uint64_t load_refused = 0;
    std::uint64_t load_gaps_healed = 0;
};

class Devnet {
public:
    using Say = std::function<void(const std::string&)>;

    // `stop` is checked during setup: Ctrl-C ends it early with an error that says so.
    static Result<std::unique_ptr<Devnet>, std::string> start(DevnetSetup setup,
                                                              const std::atomic<bool>& stop, Say say);
    ~Devnet();
    Devnet(const Devnet&) = delete;
    Devnet& operator=(const Devnet&) = delete;

    void step();
    // --duration has passed (never, without one).
    bool finished() const;
    DevnetOutcome finish(bool interrupted);

private:
    Devnet(DevnetSetup setup, Say say, Network net);

    Result<void, std::string> start_processes(const std::atomic<bool>& stop);
    Result<process::ChildProcess, std::string> spawn(const process::SpawnSpec& spec);
    // `name` is its log's and data folder's name ("sequencer", "verifier", "node-<i>").
    Result<process::ChildProcess, std::string> start_node(const std::string& name, const std::string& mode,
                                                          int rpc_port, const std::string& engine_url,
                                                          const std::vector<std::string>& extra_args = {});
    // --rotate: batcher i's rotating node (its leader, fee recipient, peers and timing).
    Result<process::ChildProcess, std::string> start_rotating_node(std::size_t index, int rpc_port);
    // --rotate: kill node `index` along with its batcher (its status polled first), and move the
    // observer to the lowest-numbered live node if it watched this one.
    void kill_rotating_node(std::size_t index);
    // The end-of-run figures over the verifier's chain: load inclusion, and --rotate's.
    void sum_up_chain();
    Result<process::ChildProcess, std::string> start_batcher(std::size_t index);
    void apply_due_events();
    void report_exits();
    void observe();

    DevnetSetup setup_;
    Say say_;
    Network net_;
    // The sequencer, or with --rotate one rotating node per batcher (node i is [i - 1]).
    std::vector<std::string> sequencer_rpcs_;
    std::vector<std::optional<process::ChildProcess>> sequencers_;
    std::string verifier_rpc_;
    std::optional<process::ChildProcess> verifier_;
    std::vector<std::optional<process::ChildProcess>> batchers_;
    std::vector<bool> exit_reported_;  // the sequencers, the verifier, then the batchers
    std::chrono::steady_clock::time_point batchers_started_;
    std::chrono::steady_clock::time_point started_;
    std::vector<BatcherEvent> events_;  // by time
    std::size_t next_event_ = 0;
    std::optional<Observer> observer_;
    std::unique_ptr<SummaryBuilder> builder_;
    std::unique_ptr<FaultInjector> injector_;
    std::unique_ptr<LoadGenerator> load_;
    std::optional<MissReporter> reporter_;  // when the mechanism implements IMissReporting
    std::optional<Bidder> bidder_;          // --mechanism auction
    WindowNumbering windows_;
    std::optional<RotationWatcher> rotation_;  // --rotate
    std::vector<BuiltBy> built_unshown_;       // built blocks seen since the last live-view line
    std::size_t watched_node_ = 1;             // --rotate: the node the observer reads as the sequencer
};

}  // namespace baton::apps::devnet
