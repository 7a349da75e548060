// SPDX-License-Identifier: MIT
// `baton devnet`: starts the L1 and both L2 engines, deploys the contracts, writes rollup.json, runs
// the sequencer, the batchers and the verifier as child processes of this binary, sends L2 load,
// shows one line per L1 block and ends with a summary (docs/devnet.md). Processes and terminals are
// app concerns, so all of this lives in baton/apps.

#include <baton/apps/devnet_command.hpp>

#include <baton/apps/devnet/fault_injector.hpp>
#include <baton/apps/devnet/live_view.hpp>
#include <baton/apps/devnet/load_generator.hpp>
#include <baton/apps/devnet/network.hpp>
#include <baton/apps/devnet/observer.hpp>
#include <baton/apps/devnet/options.hpp>
#include <baton/apps/devnet/process.hpp>
#include <baton/apps/devnet/summary.hpp>
#include <baton/apps/output_file.hpp>
#include <baton/apps/stop_signal.hpp>
#include <baton/core/address.hpp>
#include <baton/node/artifact.hpp>
#include <baton/rpc/client.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#ifndef BATON_DEFAULT_ANVIL
#define BATON_DEFAULT_ANVIL ""
#endif

namespace baton::apps {

namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;
using devnet::BatcherEvent;
using devnet::ChildProcess;

// SIGINT/SIGTERM (stop_signal.hpp): read everywhere below, set only by the handler.
const std::atomic<bool>& g_stop = stop_requested();

double unix_now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string utc_stamp() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
    return buf;
}

std::string self_exe() {
    std::error_code ec;
    auto path = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("/proc/self/exe") : path.string();
}

std::string resolve_anvil(const std::string& flag) {
    if (!flag.empty()) return flag;
    if (const char* env = std::getenv("BATON_ANVIL"); env != nullptr && *env != '\0') return env;
    return BATON_DEFAULT_ANVIL;
}

bool wait_for_node(const std::string& url, ChildProcess& child, std::chrono::seconds bound) {
    rpc::ClientOptions options;
    options.connect_timeout = 500ms;
    options.read_timeout = 2000ms;
    auto client = rpc::Client::make(url, options);
    if (!client) return false;
    const auto deadline = std::chrono::steady_clock::now() + bound;
    while (std::chrono::steady_clock::now() < deadline && !g_stop) {
        if (!child.running()) return false;
        if (client->call("baton_syncStatus", nlohmann::json::array())) return true;
        std::this_thread::sleep_for(200ms);
    }
    return false;
}

struct Roles {
    std::string self;
    fs::path run_dir;
    const devnet::Network* net = nullptr;
    std::string sequencer_rpc;
    std::string verifier_rpc;
};

Result<ChildProcess, std::string> spawn_logged(devnet::SpawnSpec spec, const fs::path& run_dir) {
    auto child = ChildProcess::spawn(spec);
    if (!child) return unexpected(child.error());
    devnet::record_pid(run_dir / "pids.txt", spec.name, child->pid());
    return child;
}

Result<ChildProcess, std::string> start_node(const Roles& roles, const std::string& mode, int rpc_port,
                                             const std::string& engine_url) {
    devnet::SpawnSpec spec;
    spec.name = mode;
    spec.argv = {roles.self,
                 "node",
                 "--mode",
                 mode,
                 "--l1",
                 roles.net->l1_baton_url,
                 "--l2-engine",
                 engine_url,
                 "--rollup-config",
                 roles.net->rollup_path.string(),
                 "--rpc-port",
                 std::to_string(rpc_port),
                 "--metrics-port",
                 "0",
                 "--data-dir",
                 (roles.run_dir / (mode + "-data")).string(),
                 "--log-format",
                 "logfmt",
                 "--log-level",
                 "info"};
    spec.log_path = roles.run_dir / (mode + ".log");
    return spawn_logged(spec, roles.run_dir);
}

Result<ChildProcess, std::string> start_batcher(const Roles& roles, std::size_t index) {
    devnet::SpawnSpec spec;
    spec.name = "batcher-" + std::to_string(index);
    // The key goes by file, never on the command line.
    spec.argv = {roles.self,
                 "batcher",
                 "--l1",
                 roles.net->l1_baton_url,
                 "--l2-engine",
                 roles.net->l2_sequencer_url,
                 "--rollup-node",
                 roles.sequencer_rpc,
                 "--rollup-config",
                 roles.net->rollup_path.string(),
                 "--private-key-file",
                 roles.net->key_files[index - 1].string(),
                 "--log-format",
                 "logfmt",
                 "--log-level",
                 "info"};
    spec.log_path = roles.run_dir / (spec.name + ".log");
    return spawn_logged(spec, roles.run_dir);
}

void say(const std::string& line) {
    std::cout << line << std::endl;
}

struct Available {
    bool node = false;
    bool batcher = false;
};

int run_devnet(const devnet::RawDevnetArgs& raw, const std::vector<std::string>& extras,
               Available available) {
    if (!extras.empty()) {
        std::cerr << "error: unknown argument '" << extras.front() << "' (see baton devnet --help)\n";
        return 2;
    }
    auto parsed = devnet::parse_devnet_args(raw);
    if (!parsed) {
        std::cerr << "error: " << parsed.error() << "\n";
        return 2;
    }
    const devnet::DevnetOptions opts = *parsed;
    if (!opts.summary_json.empty()) {
        if (auto writable = check_writable(opts.summary_json); !writable) {
            std::cerr << "error: --summary-json: " << writable.error() << "\n";
            return 2;
        }
    }
    const std::string anvil = resolve_anvil(opts.anvil);
    if (anvil.empty() || ::access(anvil.c_str(), X_OK) != 0) {
        std::cerr << "error: anvil not found or not executable ('" << anvil
                  << "'): pass --anvil or set BATON_ANVIL\n";
        return 2;
    }
    const fs::path forge = opts.forge.empty() ? node::default_forge() : fs::path(opts.forge);
    if (forge.empty() || ::access(forge.c_str(), X_OK) != 0) {
        std::cerr << "error: forge not found or not executable ('" << forge.string()
                  << "'): pass --forge or set BATON_FORGE\n";
        return 2;
    }
    auto mechanism = devnet::resolve_mechanism(opts.mechanism);
    if (!mechanism) {
        std::cerr << "error: " << mechanism.error() << "\n";
        return 2;
    }
    const fs::path run_dir = opts.run_dir.empty() ? fs::path("runs") / utc_stamp() : fs::path(opts.run_dir);
    std::error_code ec;
    fs::create_directories(run_dir, ec);
    if (ec) {
        std::cerr << "error: --run-dir " << run_dir.string() << ": " << ec.message() << "\n";
        return 2;
    }
    if (fs::exists(run_dir / "pids.txt")) {
        std::cerr << "error: --run-dir " << run_dir.string()
                  << " was used by another run (pids.txt exists)\n";
        return 2;
    }
    const fs::path run_abs = fs::absolute(run_dir);
    install_stop_signals();
    const bool colour = ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
    say("baton devnet: run folder " + run_abs.string() + " (logs, rollup.json, pids.txt)");

    devnet::NetworkConfig net_config;
    net_config.run_dir = run_abs;
    net_config.anvil = anvil;
    net_config.artifacts_dir = node::default_artifacts_dir();
    net_config.mechanism = *mechanism;
    net_config.forge = forge;
    net_config.batchers = opts.batchers;
    net_config.turn_length = opts.turn_length;
    net_config.l1_block_time = opts.l1_block_time;
    net_config.l2_block_time = opts.l2_block_time;
    net_config.l2_blocks_per_channel = opts.l2_blocks_per_channel;
    auto net_result = devnet::start_network(net_config, g_stop);
    if (!net_result) {
        std::cerr << "error: setup: " << net_result.error() << "\n";
        return g_stop ? 130 : 1;
    }
    devnet::Network& net = *net_result;
    say("  L1 " + net.l1_url + " (Baton processes use " + net.l1_baton_url + "; block time " +
        std::to_string(opts.l1_block_time) + " s)");
    say("  mechanism " + mechanism->file.filename().string() + ":" + mechanism->contract + ": inbox " +
        to_checksum_hex(net.deployment.inbox.address) + ", lookahead " +
        std::to_string(net.deployment.spec.lookahead) + ", " + std::to_string(opts.batchers) +
        " batchers, turn length " + std::to_string(opts.turn_length) + " L1 blocks");
    say("  L2 engines: sequencer " + net.l2_sequencer_url + ", verifier " + net.l2_verifier_url +
        "; genesis L2 #" + std::to_string(net.genesis.block.number) + " at L1 #" +
        std::to_string(net.rollup.genesis.l1.number));

    Roles roles;
    roles.self = self_exe();
    roles.run_dir = run_abs;
    roles.net = &net;
    const bool have_node = available.node;
    const bool have_batcher = available.batcher;

    std::optional<ChildProcess> sequencer;
    std::optional<ChildProcess> verifier;
    std::vector<std::optional<ChildProcess>> batchers(opts.batchers);
    if (have_node) {
        auto seq_port = devnet::pick_free_port();
        auto ver_port = devnet::pick_free_port();
        if (!seq_port || !ver_port) {
            std::cerr << "error: no free port for the nodes\n";
            return 1;
        }
        roles.sequencer_rpc = "http://127.0.0.1:" + std::to_string(*seq_port);
        roles.verifier_rpc = "http://127.0.0.1:" + std::to_string(*ver_port);
        auto seq = start_node(roles, "sequencer", *seq_port, net.l2_sequencer_url);
        if (!seq) {
            std::cerr << "error: sequencer: " << seq.error() << "\n";
            return 1;
        }
        sequencer = std::move(*seq);
        auto ver = start_node(roles, "verifier", *ver_port, net.l2_verifier_url);
        if (!ver) {
            std::cerr << "error: verifier: " << ver.error() << "\n";
            return 1;
        }
        verifier = std::move(*ver);
        if (!wait_for_node(roles.sequencer_rpc, *sequencer, 30s)) {
            std::cerr << "error: the sequencer did not answer baton_syncStatus; see "
                      << (run_abs / "sequencer.log").string() << "\n";
            return 1;
        }
        say("  sequencer " + roles.sequencer_rpc + ", verifier " + roles.verifier_rpc);
    } else {
        say("  `baton node` is not in this build: no sequencer or verifier (L1 and leaders only)");
    }
    const bool run_batchers = have_node && have_batcher && !opts.no_batchers;
    if (run_batchers) {
        for (std::size_t i = 1; i <= opts.batchers; ++i) {
            auto b = start_batcher(roles, i);
            if (!b) {
                std::cerr << "error: batcher #" << i << ": " << b.error() << "\n";
                return 1;
            }
            batchers[i - 1] = std::move(*b);
        }
        say("  " + std::to_string(opts.batchers) + " batchers started (keys in " +
            (run_abs / "keys").string() + ")");
    } else if (!have_batcher) {
        say("  `baton batcher` is not in this build: no batchers");
    }
    const auto batchers_started = std::chrono::steady_clock::now();

    devnet::ObserverConfig obs_config;
    obs_config.l1_url = net.l1_url;
    obs_config.l2_sequencer_url = net.l2_sequencer_url;
    obs_config.l2_verifier_url = net.l2_verifier_url;
    obs_config.sequencer_node_url = roles.sequencer_rpc;
    obs_config.verifier_node_url = roles.verifier_rpc;
    obs_config.inbox = net.deployment.inbox.address;
    obs_config.batchers = net.batchers;
    obs_config.first_l1_block = net.deployment.deployed_at_block + 1;
    auto observer = devnet::Observer::make(obs_config);
    if (!observer) {
        std::cerr << "error: observer: " << observer.error() << "\n";
        return 1;
    }
    devnet::SummaryBuilder builder(
        {net.deployment.spec.start_block, net.genesis.block.number, net.genesis.l2_time, opts.l2_block_time},
        net.batchers);

    devnet::FaultInjectorConfig fault_config;
    fault_config.l1_url = net.l1_url;
    fault_config.proxy = net.l1_proxy.get();
    fault_config.deployment = net.deployment;
    fault_config.deploy_inbox = [&net_config, &net] {
        // The first deployment's forge folder: its build cache makes this one quick.
        return devnet::deploy_mechanism_inbox(net_config, net.mechanism, "mechanism");
    };
    fault_config.l1_block_time = opts.l1_block_time;
    fault_config.faults = opts.faults;
    devnet::FaultInjector injector(fault_config, batchers_started);
    for (const auto& f : opts.faults) {
        say("  fault " + std::string(devnet::fault_flag(f.kind)) + " " + devnet::describe(f) + " scheduled");
    }

    devnet::LoadGenerator load(net.l2_sequencer_url, roles.sequencer_rpc, devnet::kL2ChainId,
                               opts.tx_per_second);
    load.start();
    injector.start();

    std::vector<BatcherEvent> events = opts.events;
    std::stable_sort(events.begin(), events.end(), [](const BatcherEvent& a, const BatcherEvent& b) {
        return a.at_seconds < b.at_seconds;
    });
    std::size_t next_event = 0;
    devnet::WindowNumbering windows;
    const auto started = std::chrono::steady_clock::now();
    bool sequencer_reported = false;
    bool verifier_reported = false;
    std::vector<bool> batcher_reported(opts.batchers, false);
    say(opts.duration_seconds ? "running for " + std::to_string(static_cast<long>(*opts.duration_seconds)) +
                                    " s (Ctrl-C stops earlier)"
                              : "running until Ctrl-C");

    const auto observe = [&] {
        for (const auto& e : injector.take_events()) {
            switch (e.kind) {
                case devnet::FaultEvent::Kind::kLine:
                    say(e.line);
                    break;
                case devnet::FaultEvent::Kind::kRewind:
                    observer->rewind_to(e.block);
                    break;
                case devnet::FaultEvent::Kind::kNewInbox:
                    observer->add_inbox(e.inbox, e.block);
                    break;
            }
        }
        for (const auto& view : observer->poll()) {
            builder.add_l1_block(view);
            say(devnet::format_block_line(view, {windows.mark(view.number, view.leader), colour}));
        }
        if (observer->verifier_safe()) builder.on_safe_head(observer->verifier_safe()->number, unix_now());
        if (observer->sequencer_unsafe()) {
            builder.on_unsafe_block(observer->sequencer_unsafe()->number, observer->sequencer_unsafe()->hash);
        }
    };

    while (!g_stop) {
        const auto now = std::chrono::steady_clock::now();
        if (opts.duration_seconds && now - started >= std::chrono::duration<double>(*opts.duration_seconds))
            break;
        const double since_batchers = std::chrono::duration<double>(now - batchers_started).count();
        while (next_event < events.size() && events[next_event].at_seconds <= since_batchers) {
            const auto& e = events[next_event++];
            auto& slot = batchers[e.batcher - 1];
            const std::string who = "batcher #" + std::to_string(e.batcher);
            if (!slot) {
                say("  (" + who + " is not running; " +
                    (e.kind == BatcherEvent::Kind::kKill ? "kill" : "restart") + " skipped)");
                continue;
            }
            slot->kill();
            if (e.kind == BatcherEvent::Kind::kKill) {
                builder.on_batcher_offline(e.batcher, observer->next_l1_block());
                say(">> " + who + " killed (SIGKILL) at " +
                    std::to_string(static_cast<long>(since_batchers)) + " s");
                slot.reset();
            } else {
                auto again = start_batcher(roles, e.batcher);
                if (!again) {
                    say(">> " + who + " restart failed: " + again.error());
                    builder.on_batcher_offline(e.batcher, observer->next_l1_block());
                    slot.reset();
                } else {
                    slot = std::move(*again);
                    builder.on_batcher_online(e.batcher);
                    say(">> " + who + " killed and restarted at " +
                        std::to_string(static_cast<long>(since_batchers)) + " s");
                }
            }
        }
        const auto report_exit = [&](std::optional<ChildProcess>& child, bool& reported) {
            if (child && !reported && !child->running()) {
                reported = true;
                say("!! " + child->spec().name + " " +
                    devnet::describe_wait_status(child->wait_status().value_or(0)) + "; see " +
                    child->spec().log_path.string());
            }
        };
        report_exit(sequencer, sequencer_reported);
        report_exit(verifier, verifier_reported);
        for (std::size_t i = 0; i < batchers.size(); ++i) {
            bool r = batcher_reported[i];
            report_exit(batchers[i], r);
            batcher_reported[i] = r;
        }
        observe();
        std::this_thread::sleep_for(250ms);
    }
    const double duration = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    say(g_stop ? "stopping (signal)…" : "stopping…");
    injector.stop();  // an outage in force ends here: the nodes see L1 for the last observation
    load.stop();
    for (auto& b : batchers) {
        if (b) b->stop();
    }
    observe();  // the last heads, with the batchers gone and the nodes still up
    for (const auto& record : injector.records()) builder.add_fault(record);
    if (sequencer) sequencer->stop();
    if (verifier) verifier->stop();

    devnet::ChainCheck chain;
    if (observer->verifier_safe()) {
        chain = observer->check_chains(net.genesis.block.number, observer->verifier_safe()->number);
    } else {
        chain.error =
            have_node ? "the verifier never reported a safe head" : "no verifier (`baton node` not built)";
    }
    for (auto n : builder.unsafe_heights()) {
        if (auto hash = observer->sequencer_hash_at(n)) builder.on_unsafe_block(n, *hash);
    }
    net.l2_verifier.stop();
    net.l2_sequencer.stop();
    net.l1.stop();

    const devnet::Summary summary = builder.finish(chain, duration);
    std::cout << "\n" << devnet::format_summary(summary);
    std::cout << "  L2 load:                   " << load.sent() << " txs sent, " << load.refused()
              << " refused, " << load.gaps_healed() << " nonce gaps resent\n";
    std::cout << "  logs:                      " << run_abs.string() << std::endl;
    if (!opts.summary_json.empty()) {
        auto j = devnet::summary_json(summary);
        j["run_dir"] = run_abs.string();
        j["load_txs_sent"] = load.sent();
        j["load_txs_refused"] = load.refused();
        j["load_nonce_gaps_resent"] = load.gaps_healed();
        j["components"] = {{"node", have_node}, {"batcher", run_batchers}};
        j["interrupted"] = g_stop.load();
        std::ofstream out(opts.summary_json);
        out << j.dump(2) << "\n";
        out.flush();
        if (!out) {
            // Checked writable at the start; a full disk or a removed folder still fails here.
            std::cerr << "error: cannot write --summary-json " << opts.summary_json << "\n";
            return 1;
        }
    }
    return summary.ok() ? 0 : 1;
}

}  // namespace

void add_devnet_command(CLI::App& app, int& exit_code) {
    auto raw = std::make_shared<devnet::RawDevnetArgs>();
    auto* cmd =
        app.add_subcommand("devnet", "Run a local devnet: L1, sequencer, N batchers taking turns, verifier");
    cmd->allow_extras();
    cmd->footer(
        "Every process's log goes under the run folder (printed at start). Ctrl-C or SIGTERM stops "
        "everything.\n"
        "Batcher keys are anvil dev accounts written to mode-600 files there. See docs/devnet.md.");
    cmd->add_option("--batchers", raw->batchers, "number of batchers / leaders (default 3)");
    cmd->add_option("--turn-length", raw->turn_length, "L1 blocks per turn (default 4)");
    cmd->add_option("--mechanism", raw->mechanism,
                    "round-robin (default) or PATH.sol:ScriptContract, a deploy script on MechanismScript "
                    "(docs/mechanisms.md)");
    cmd->add_option("--kill-batcher", raw->kill_batcher,
                    "I@T: SIGKILL batcher I (1-based) at T s; repeatable");
    cmd->add_option("--restart-batcher", raw->restart_batcher,
                    "I@T: SIGKILL batcher I at T s and start it again");
    cmd->add_option("--duration", raw->duration, "seconds to run (default: until Ctrl-C)");
    cmd->add_option("--run-dir", raw->run_dir, "folder for logs and config (default runs/<UTC time>)");
    cmd->add_option("--l1-block-time", raw->l1_block_time, "L1 block time in seconds (default 2)");
    cmd->add_option("--blocks-per-channel", raw->l2_blocks_per_channel,
                    "rollup.json l2_blocks_per_channel (default 4)");
    cmd->add_option("--tx-rate", raw->tx_rate,
                    "L2 transfers per second from the load generator (default 2, 0 = off)");
    cmd->add_option("--summary-json", raw->summary_json, "also write the summary figures to this file");
    cmd->add_option("--anvil", raw->anvil, "anvil binary (default: $BATON_ANVIL, else the one from npm)");
    cmd->add_option("--forge", raw->forge, "forge binary (default: $BATON_FORGE, else the one from npm)");
    cmd->add_flag("--no-batchers", raw->no_batchers, "start the nodes but no batchers");
    cmd->add_option("--l1-reorg", raw->l1_reorg,
                    "DEPTH@T: at T s, replace the last DEPTH (1..32) L1 blocks (anvil_reorg; dropped txs "
                    "are sent again) and check the inbox code; repeatable");
    cmd->add_option("--l1-outage", raw->l1_outage,
                    "T+S: at T s, every node and batcher loses L1 for S s (the devnet's L1 proxy "
                    "cuts them; L1 keeps mining); repeatable");
    cmd->add_option("--spam", raw->spam,
                    "I@T: from T s, a non-member sends I (1..100) batch-shaped txs to the inbox, one per "
                    "L1 block; each must revert; repeatable");
    cmd->add_option("--change-inbox", raw->change_inbox,
                    "@T: at T s, governance deploys a second inbox and moves SystemConfig's batch inbox "
                    "to it (update type 128); once");
    // `baton node` and `baton batcher` register themselves in the same binary; the devnet runs
    // whichever of them this build has (they landed separately).
    cmd->callback([raw, cmd, &app, &exit_code] {
        Available available;
        for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
            if (sub->get_name() == "node") available.node = true;
            if (sub->get_name() == "batcher") available.batcher = true;
        }
        exit_code = run_devnet(*raw, cmd->remaining(), available);
    });
}

}  // namespace baton::apps
