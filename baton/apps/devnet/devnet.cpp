// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/devnet.hpp>

#include <baton/core/address.hpp>
#include <baton/core/u256.hpp>
#include <baton/l1/artifact.hpp>
#include <baton/l1/dev_accounts.hpp>
#include <baton/l1/leader_schedule.hpp>
#include <baton/rpc/client.hpp>

#include <algorithm>
#include <map>
#include <thread>
#include <utility>

namespace baton::apps::devnet {

namespace {

using namespace std::chrono_literals;

double unix_now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool wait_for_node(const std::string& url, process::ChildProcess& child, std::chrono::seconds bound,
                   const std::atomic<bool>& stop) {
    rpc::ClientOptions options;
    options.connect_timeout = 500ms;
    options.read_timeout = 2000ms;
    auto client = rpc::Client::make(url, options);
    if (!client) return false;
    const auto deadline = std::chrono::steady_clock::now() + bound;
    while (std::chrono::steady_clock::now() < deadline && !stop) {
        if (!child.running()) return false;
        if (client->call("baton_syncStatus", nlohmann::json::array())) return true;
        std::this_thread::sleep_for(200ms);
    }
    return false;
}

std::string url_of(int port) {
    return "http://127.0.0.1:" + std::to_string(port);
}

}  // namespace

Result<std::unique_ptr<Devnet>, std::string> Devnet::start(DevnetSetup setup, const std::atomic<bool>& stop,
                                                           Say say) {
    const DevnetOptions& opts = setup.options;
    NetworkConfig config;
    config.run_dir = setup.run_dir;
    config.anvil = setup.anvil;
    config.artifacts_dir = l1::default_artifacts_dir();
    config.mechanism = setup.mechanism;
    config.forge = setup.forge;
    config.batchers = opts.batchers;
    config.turn_length = opts.turn_length_or_default();
    config.ladder = opts.ladder;
    config.l1_block_time = opts.l1_block_time;
    config.l2_block_time = opts.l2_block_time;
    config.l2_blocks_per_channel = opts.l2_blocks_per_channel;
    config.rotate = opts.rotate;
    auto net = start_network(config, stop);
    if (!net) return unexpected("setup: " + net.error());
    // A rotating node reads leaderAt up to the sequencing offset ahead of L1's head (more when its
    // clock runs ahead of L1's blocks); only the lookahead is promised not to change, so the offset
    // must stay below it. Every built-in mechanism passes (round robin 8, the auction turn + 1, stake
    // 2 * turn - 1 blocks, against half a turn).
    if (opts.rotate && opts.sequencing_offset() >= net->deployment.spec.lookahead) {
        return unexpected(
            "setup: --rotate: the mechanism's lookahead (" + std::to_string(net->deployment.spec.lookahead) +
            " L1 blocks) must exceed the sequencing offset (" + std::to_string(opts.sequencing_offset()) +
            " blocks, half a turn): its leaderAt that far ahead may still change");
    }

    say("  L1 " + net->l1_url + " (Baton processes use " + net->l1_baton_url + "; block time " +
        std::to_string(opts.l1_block_time) + " s)");
    say("  mechanism " + setup.mechanism.file.filename().string() + ":" + setup.mechanism.contract +
        ": inbox " + to_checksum_hex(net->deployment.inbox.address) + ", lookahead " +
        std::to_string(net->deployment.spec.lookahead) + ", " + std::to_string(opts.batchers) +
        " batchers, turn length " + std::to_string(opts.turn_length_or_default()) + " L1 blocks");
    std::string sequencer_engines = "sequencer " + net->l2_sequencer_url;
    if (opts.rotate) {
        sequencer_engines.clear();
        for (std::size_t i = 0; i < net->l2_sequencer_urls.size(); ++i) {
            sequencer_engines += "node-" + std::to_string(i + 1) + " " + net->l2_sequencer_urls[i] + ", ";
        }
        sequencer_engines.resize(sequencer_engines.size() - 2);
    }
    say("  L2 engines: " + sequencer_engines + ", verifier " + net->l2_verifier_url + "; genesis L2 #" +
        std::to_string(net->genesis.block.number) + " at L1 #" +
        std::to_string(net->rollup.genesis.l1.number));

    std::unique_ptr<Devnet> devnet(new Devnet(std::move(setup), std::move(say), std::move(*net)));
    if (auto started = devnet->start_processes(stop); !started) return unexpected(started.error());
    return devnet;
}

Devnet::Devnet(DevnetSetup setup, Say say, Network net)
    : setup_(std::move(setup)),
      say_(std::move(say)),
      net_(std::move(net)),
      sequencers_(setup_.options.rotate ? setup_.options.batchers : 1),
      batchers_(setup_.options.batchers),
      exit_reported_(sequencers_.size() + 1 + setup_.options.batchers, false),
      events_(setup_.options.events) {
    std::stable_sort(events_.begin(), events_.end(), [](const BatcherEvent& a, const BatcherEvent& b) {
        return a.at_seconds < b.at_seconds;
    });
}

Devnet::~Devnet() = default;

Result<process::ChildProcess, std::string> Devnet::spawn(const process::SpawnSpec& spec) {
    auto child = process::ChildProcess::spawn(spec);
    if (!child) return unexpected(child.error());
    process::record_pid(setup_.run_dir / "pids.txt", spec.name, child->pid());
    return child;
}

Result<process::ChildProcess, std::string> Devnet::start_node(const std::string& name,
                                                              const std::string& mode, int rpc_port,
                                                              const std::string& engine_url,
                                                              const std::vector<std::string>& extra_args) {
    process::SpawnSpec spec;
    spec.name = name;
    spec.argv = {setup_.baton,
                 "node",
                 "--mode",
                 mode,
                 "--l1",
                 net_.l1_baton_url,
                 "--l2-engine",
                 engine_url,
                 "--rollup-config",
                 net_.rollup_path.string(),
                 "--rpc-port",
                 std::to_string(rpc_port),
                 "--metrics-port",
                 "0",
                 "--data-dir",
                 (setup_.run_dir / (name + "-data")).string(),
                 "--log-format",
                 "logfmt",
                 "--log-level",
                 "info"};
    spec.argv.insert(spec.argv.end(), extra_args.begin(), extra_args.end());
    spec.log_path = setup_.run_dir / (name + ".log");
    return spawn(spec);
}

Result<process::ChildProcess, std::string> Devnet::start_rotating_node(std::size_t index, int rpc_port) {
    const DevnetOptions& opts = setup_.options;
    std::vector<std::string> args = {"--leader",
                                     to_checksum_hex(net_.batchers[index - 1]),
                                     "--fee-recipient",
                                     to_checksum_hex(fee_recipient_of(index)),
                                     "--l1-block-time",
                                     std::to_string(opts.l1_block_time),
                                     "--sequencing-offset",
                                     std::to_string(opts.sequencing_offset()),
                                     "--handover-wait",
                                     std::to_string(opts.handover_wait_or_default())};
    for (std::size_t j = 1; j <= sequencer_rpcs_.size(); ++j) {
        if (j == index) continue;
        args.push_back("--peer");
        args.push_back(sequencer_rpcs_[j - 1]);
    }
    return start_node("node-" + std::to_string(index), "rotating", rpc_port,
                      net_.l2_sequencer_urls[index - 1], args);
}

Result<process::ChildProcess, std::string> Devnet::start_batcher(std::size_t index) {
    process::SpawnSpec spec;
    spec.name = "batcher-" + std::to_string(index);
    // The key goes by file, never on the command line.
    spec.argv = {setup_.baton,
                 "batcher",
                 "--l1",
                 net_.l1_baton_url,
                 "--l2-engine",
                 net_.l2_sequencer_urls[setup_.options.rotate ? index - 1 : 0],
                 "--rollup-node",
                 sequencer_rpcs_[setup_.options.rotate ? index - 1 : 0],
                 "--rollup-config",
                 net_.rollup_path.string(),
                 "--private-key-file",
                 net_.key_files[index - 1].string(),
                 "--data-availability",
                 setup_.options.data_availability,
                 "--log-format",
                 "logfmt",
                 "--log-level",
                 "info"};
    spec.log_path = setup_.run_dir / (spec.name + ".log");
    return spawn(spec);
}

Result<void, std::string> Devnet::start_processes(const std::atomic<bool>& stop) {
    const DevnetOptions& opts = setup_.options;
    // Every port first: each rotating node is given the others' URLs as peers.
    std::vector<int> ports;
    while (ports.size() < sequencers_.size() + 1) {
        auto port = process::pick_free_port();
        if (!port) return unexpected(std::string("no free port for the nodes"));
        // The kernel may hand the same free port out twice in a row: ask again.
        if (std::find(ports.begin(), ports.end(), *port) == ports.end()) ports.push_back(*port);
    }
    for (std::size_t i = 0; i < sequencers_.size(); ++i) sequencer_rpcs_.push_back(url_of(ports[i]));
    verifier_rpc_ = url_of(ports.back());
    for (std::size_t i = 0; i < sequencers_.size(); ++i) {
        auto seq = opts.rotate ? start_rotating_node(i + 1, ports[i])
                               : start_node("sequencer", "sequencer", ports[i], net_.l2_sequencer_url);
        if (!seq)
            return unexpected((opts.rotate ? "node-" + std::to_string(i + 1) : "sequencer") + ": " +
                              seq.error());
        sequencers_[i] = std::move(*seq);
    }
    auto ver = start_node("verifier", "verifier", ports.back(), net_.l2_verifier_url);
    if (!ver) return unexpected("verifier: " + ver.error());
    verifier_ = std::move(*ver);
    for (std::size_t i = 0; i < sequencers_.size(); ++i) {
        if (!wait_for_node(sequencer_rpcs_[i], *sequencers_[i], 30s, stop)) {
            const std::string name = sequencers_[i]->spec().name;
            return unexpected("the " + name + " node did not answer baton_syncStatus; see " +
                              (setup_.run_dir / (name + ".log")).string());
        }
    }
    if (opts.rotate) {
        std::string nodes;
        for (std::size_t i = 0; i < sequencers_.size(); ++i) {
            nodes += (i == 0 ? "" : ", ") + std::string("node-") + std::to_string(i + 1) + " " +
                     sequencer_rpcs_[i] + " (leader #" + std::to_string(i + 1) + ", fees to " +
                     to_checksum_hex(fee_recipient_of(i + 1)) + ")";
        }
        say_("  rotating sequencers: " + nodes + "; sequencing offset " +
             std::to_string(opts.sequencing_offset()) + " L1 blocks, handover wait " +
             std::to_string(opts.handover_wait_or_default()) + " s");
        say_("  verifier " + verifier_rpc_);
        auto watcher = RotationWatcher::make(sequencer_rpcs_);
        if (!watcher) return unexpected("rotation watcher: " + watcher.error());
        rotation_.emplace(std::move(*watcher));
    } else {
        say_("  sequencer " + sequencer_rpcs_[0] + ", verifier " + verifier_rpc_);
    }
    if (!opts.no_batchers) {
        for (std::size_t i = 1; i <= opts.batchers; ++i) {
            auto b = start_batcher(i);
            if (!b) return unexpected("batcher #" + std::to_string(i) + ": " + b.error());
            batchers_[i - 1] = std::move(*b);
        }
        say_("  " + std::to_string(opts.batchers) + " batchers started (keys in " +
             (setup_.run_dir / "keys").string() + ")");
    }
    batchers_started_ = std::chrono::steady_clock::now();

    ObserverConfig obs_config;
    obs_config.l1_url = net_.l1_url;
    obs_config.l2_sequencer_url = net_.l2_sequencer_url;
    obs_config.l2_verifier_url = net_.l2_verifier_url;
    obs_config.sequencer_node_url = sequencer_rpcs_[0];
    obs_config.verifier_node_url = verifier_rpc_;
    obs_config.inbox = net_.deployment.inbox.address;
    obs_config.batchers = net_.batchers;
    obs_config.first_l1_block = net_.deployment.deployed_at_block + 1;
    auto observer = Observer::make(obs_config);
    if (!observer) return unexpected("observer: " + observer.error());
    observer_.emplace(std::move(*observer));
    SummaryBuilder::Schedule schedule;
    schedule.start_block = net_.deployment.spec.start_block;
    schedule.genesis_l2 = net_.genesis.block.number;
    schedule.genesis_l2_time = net_.genesis.l2_time;
    schedule.l2_block_time = opts.l2_block_time;
    schedule.blocks_per_channel = std::max<std::uint64_t>(opts.l2_blocks_per_channel, 1);
    if (auto l1 = rpc::Client::make(net_.l1_url); l1) {
        // The summary names the ladder's parameters as the inbox states them (null: no ladder).
        auto ladder = l1::RpcLeaderSchedule(*l1).ladder_parameters(net_.deployment.inbox.address);
        if (ladder && *ladder) {
            schedule.ladder =
                LadderSummary{(*ladder)->g1, (*ladder)->g2, (*ladder)->g3, (*ladder)->max_misses};
        }
    }
    builder_ = std::make_unique<SummaryBuilder>(schedule, net_.batchers);

    FaultInjectorConfig fault_config;
    fault_config.l1_url = net_.l1_url;
    fault_config.proxy = net_.l1_proxy.get();
    fault_config.deployment = net_.deployment;
    NetworkConfig redeploy;
    redeploy.run_dir = setup_.run_dir;
    redeploy.forge = setup_.forge;
    fault_config.deploy_inbox = [redeploy, mechanism = net_.mechanism] {
        // The first deployment's forge folder: its build cache makes this one quick.
        return deploy_mechanism_inbox(redeploy, mechanism, "mechanism");
    };
    fault_config.l1_block_time = opts.l1_block_time;
    fault_config.faults = opts.faults;
    injector_ = std::make_unique<FaultInjector>(fault_config, batchers_started_);
    for (const auto& f : opts.faults) {
        say_("  fault " + std::string(fault_flag(f.kind)) + " " + describe(f) + " scheduled");
    }
    auto reporter = MissReporter::make(net_.l1_url, net_.deployment.inbox.address, stop);
    if (!reporter) return unexpected("miss reporter: " + reporter.error());
    if (*reporter) {
        reporter_ = std::move(**reporter);
        say_(
            "  the mechanism takes miss reports (IMissReporting): the devnet reports every window whose "
            "leader posted nothing");
    }
    if (opts.mechanism == l1::kAuctionMechanism) {
        std::vector<PrivateKey> keys;
        for (std::size_t i = 0; i < opts.batchers; ++i) {
            auto key = PrivateKey::from_hex(l1::kDevPrivateKeys[l1::kFirstBatcherAccount + i]);
            if (!key) return unexpected("dev key " + std::to_string(i) + " does not parse");
            keys.push_back(*key);
        }
        auto bidder =
            Bidder::make(net_.l1_url, net_.deployment.inbox.address, std::move(keys), opts.bids, stop);
        if (!bidder) return unexpected("auction bidder: " + bidder.error());
        bidder_.emplace(std::move(*bidder));
        const auto& p = bidder_->parameters();
        say_("  auction: reserve " + to_decimal(p.reserve) + " wei per window, +" +
             std::to_string(p.increment_bps) + " bps to outbid, tenure " + std::to_string(p.max_tenure) +
             " windows, lookahead " + std::to_string(p.lookahead) + " blocks; settle() every L1 block");
        for (const auto& b : bidder_->bids()) {
            say_("  bid: batcher #" + std::to_string(b.batcher) + " bids " + std::to_string(b.rent_gwei) +
                 " gwei per window at " + std::to_string(static_cast<long>(b.at_seconds)) + " s (escrow " +
                 std::to_string(p.max_tenure) + " windows)" +
                 (opts.bids.empty() ? " [default strategy]" : ""));
        }
    }
    std::vector<LoadTarget> targets;
    for (std::size_t i = 0; i < sequencer_rpcs_.size(); ++i) {
        targets.push_back(LoadTarget{net_.l2_sequencer_urls[i], sequencer_rpcs_[i]});
    }
    load_ = std::make_unique<LoadGenerator>(std::move(targets), kL2ChainId, opts.tx_per_second);
    load_->start();
    injector_->start();
    started_ = std::chrono::steady_clock::now();
    say_(opts.duration_seconds ? "running for " + std::to_string(static_cast<long>(*opts.duration_seconds)) +
                                     " s (Ctrl-C stops earlier)"
                               : "running until Ctrl-C");
    return {};
}

void Devnet::sum_up_chain() {
    if (!observer_->verifier_safe()) return;
    const std::uint64_t safe = observer_->verifier_safe()->number;
    const auto chain = observer_->read_verifier_chain(net_.genesis.block.number, safe);
    if (!chain.error.empty()) say_("!! end-of-run check: " + chain.error);
    const auto sent = load_->sent_txs();
    std::map<Address, std::uint64_t> nonces;
    for (const auto& tx : sent) {
        if (nonces.contains(tx.sender)) continue;
        if (auto n = observer_->verifier_nonce(tx.sender, safe)) nonces[tx.sender] = *n;
    }
    builder_->set_load_inclusion(check_load_inclusion(sent, chain.txs, nonces));
    if (!rotation_) return;
    RotationInputs inputs;
    inputs.last_status = rotation_->statuses();
    inputs.node_killed = rotation_->retired();
    for (std::size_t i = 1; i <= setup_.options.batchers; ++i) {
        inputs.fee_recipients.push_back(fee_recipient_of(i));
        inputs.fee_revenue.push_back(observer_->verifier_balance(fee_recipient_of(i)));
    }
    inputs.safe_blocks = chain.blocks;
    builder_->set_rotation(summarize_rotation(inputs, rotation_->builders()));
}

bool Devnet::finished() const {
    const auto& duration = setup_.options.duration_seconds;
    return duration &&
           std::chrono::steady_clock::now() - started_ >= std::chrono::duration<double>(*duration);
}

void Devnet::apply_due_events() {
    const double since_batchers =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - batchers_started_).count();
    while (next_event_ < events_.size() && events_[next_event_].at_seconds <= since_batchers) {
        const auto& e = events_[next_event_++];
        auto& slot = batchers_[e.batcher - 1];
        const std::string who = "batcher #" + std::to_string(e.batcher);
        if (!slot) {
            say_("  (" + who + " is not running; " +
                 (e.kind == BatcherEvent::Kind::kKill ? "kill" : "restart") + " skipped)");
            continue;
        }
        slot->kill();
        const std::string at = std::to_string(static_cast<long>(since_batchers)) + " s";
        if (e.kind == BatcherEvent::Kind::kKill) {
            builder_->on_batcher_offline(e.batcher, observer_->next_l1_block());
            say_(">> " + who + " killed (SIGKILL) at " + at);
            slot.reset();
            if (rotation_) kill_rotating_node(e.batcher);
            continue;
        }
        auto again = start_batcher(e.batcher);
        if (!again) {
            say_(">> " + who + " restart failed: " + again.error());
            builder_->on_batcher_offline(e.batcher, observer_->next_l1_block());
            slot.reset();
        } else {
            slot = std::move(*again);
            exit_reported_[sequencers_.size() + 1 + e.batcher - 1] = false;
            builder_->on_batcher_online(e.batcher);
            say_(">> " + who + " killed and restarted at " + at);
        }
    }
}

void Devnet::report_exits() {
    const auto report = [&](std::optional<process::ChildProcess>& child, std::size_t slot) {
        if (child && !exit_reported_[slot] && !child->running()) {
            exit_reported_[slot] = true;
            say_("!! " + child->spec().name + " " +
                 process::describe_wait_status(child->wait_status().value_or(0)) + "; see " +
                 child->spec().log_path.string());
        }
    };
    for (std::size_t i = 0; i < sequencers_.size(); ++i) report(sequencers_[i], i);
    report(verifier_, sequencers_.size());
    for (std::size_t i = 0; i < batchers_.size(); ++i) report(batchers_[i], sequencers_.size() + 1 + i);
}

void Devnet::kill_rotating_node(std::size_t index) {
    auto& node = sequencers_[index - 1];
    if (!node) return;
    // Its last word first: the blocks it built and its handover counters.
    auto last = rotation_->retire(index);
    for (const auto& line : last.lines) say_(line);
    built_unshown_.insert(built_unshown_.end(), last.new_blocks.begin(), last.new_blocks.end());
    node->kill();
    node.reset();
    load_->mark_offline(index - 1);
    say_(">> node-" + std::to_string(index) + " killed (SIGKILL) with its batcher");
    if (watched_node_ != index) return;
    for (std::size_t j = 1; j <= sequencers_.size(); ++j) {
        if (!sequencers_[j - 1]) continue;
        if (auto moved = observer_->set_sequencer(net_.l2_sequencer_urls[j - 1], sequencer_rpcs_[j - 1]);
            !moved) {
            say_("!! the observer cannot watch node-" + std::to_string(j) + ": " + moved.error());
            continue;
        }
        watched_node_ = j;
        say_("  (the live view's unsafe head and the chain check now use node-" + std::to_string(j) + ")");
        return;
    }
}

void Devnet::observe() {
    for (const auto& e : injector_->take_events()) {
        switch (e.kind) {
            case FaultEvent::Kind::kLine:
                say_(e.line);
                break;
            case FaultEvent::Kind::kRewind:
                observer_->rewind_to(e.block);
                break;
            case FaultEvent::Kind::kNewInbox:
                observer_->add_inbox(e.inbox, e.block);
                break;
        }
    }
    if (rotation_) {
        auto polled = rotation_->poll();
        for (const auto& line : polled.lines) say_(line);
        built_unshown_.insert(built_unshown_.end(), polled.new_blocks.begin(), polled.new_blocks.end());
    }
    for (auto& view : observer_->poll()) {
        // Blocks built since the last line go on the next one.
        view.l2_built = std::move(built_unshown_);
        built_unshown_.clear();
        builder_->add_l1_block(view);
        say_(format_block_line(view, {windows_.mark(view.number, view.leader), setup_.colour}));
        if (reporter_) {
            for (const auto& line : reporter_->on_block(view)) say_(line);
        }
        if (bidder_) {
            const double since_batchers =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - batchers_started_).count();
            for (const auto& line : bidder_->on_block(view, since_batchers)) say_(line);
        }
    }
    if (observer_->verifier_safe()) builder_->on_safe_head(observer_->verifier_safe()->number, unix_now());
    // Under --rotate the nodes count their own replaced blocks (the watched node may change).
    if (observer_->sequencer_unsafe() && !rotation_) {
        builder_->on_unsafe_block(observer_->sequencer_unsafe()->number, observer_->sequencer_unsafe()->hash);
    }
}

void Devnet::step() {
    apply_due_events();
    report_exits();
    observe();
}

DevnetOutcome Devnet::finish(bool interrupted) {
    const double duration =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    say_(interrupted ? "stopping (signal)…" : "stopping…");
    injector_->stop();  // an outage in force ends here: the nodes see L1 for the last observation
    load_->stop();
    for (auto& b : batchers_) {
        if (b) b->stop();
    }
    observe();  // the last heads, with the batchers gone and the nodes still up
    for (const auto& record : injector_->records()) builder_->add_fault(record);
    if (reporter_) {
        for (const auto& report : reporter_->reports()) builder_->add_miss_report(report);
    }
    if (bidder_) {
        const std::atomic<bool> not_stopped{false};
        builder_->set_auction(bidder_->finish(not_stopped));
    }
    for (auto& seq : sequencers_) {
        if (seq) seq->stop();
    }
    if (verifier_) verifier_->stop();

    ChainCheck chain;
    if (observer_->verifier_safe()) {
        chain = observer_->check_chains(net_.genesis.block.number, observer_->verifier_safe()->number);
    } else {
        chain.error = "the verifier never reported a safe head";
    }
    for (auto n : builder_->unsafe_heights()) {
        if (auto hash = observer_->sequencer_hash_at(n)) builder_->on_unsafe_block(n, *hash);
    }
    sum_up_chain();
    net_.l2_verifier.stop();
    for (auto& engine : net_.l2_sequencers) engine.stop();
    net_.l1.stop();

    DevnetOutcome out;
    out.summary = builder_->finish(chain, duration);
    out.load_sent = load_->sent();
    out.load_refused = load_->refused();
    out.load_gaps_healed = load_->gaps_healed();
    out.json = summary_json(out.summary);
    out.json["run_dir"] = setup_.run_dir.string();
    out.json["load_txs_sent"] = out.load_sent;
    out.json["load_txs_refused"] = out.load_refused;
    out.json["load_nonce_gaps_resent"] = out.load_gaps_healed;
    // Documented keys from when the devnet ran without nodes or batchers in some builds: every build
    // has both now; "batcher" is false only with --no-batchers.
    out.json["components"] = {{"node", true}, {"batcher", !setup_.options.no_batchers}};
    out.json["interrupted"] = interrupted;
    return out;
}

}  // namespace baton::apps::devnet
