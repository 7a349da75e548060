// SPDX-License-Identifier: MIT
#include <baton/node/node_service.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>
#include <baton/l1/beacon_blob_source.hpp>
#include <baton/l1/leader_schedule.hpp>
#include <baton/l1/rpc_l1_provider.hpp>
#include <baton/l1/system_config_tracker.hpp>
#include <baton/node/anvil_engine.hpp>
#include <baton/node/derive_logger.hpp>
#include <baton/node/engine_l2_chain.hpp>
#include <baton/node/head_store.hpp>
#include <baton/node/node_metrics.hpp>
#include <baton/node/rollup_config_json.hpp>
#include <baton/node/rotation.hpp>
#include <baton/node/tx_ingress.hpp>
#include <baton/node/unsafe_blocks.hpp>
#include <baton/process/logging.hpp>
#include <baton/rpc/client.hpp>
#include <baton/rpc/server.hpp>
#include <baton/rpc/transport.hpp>

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

namespace baton::node {

using l1::encode_l2_block_ref_json;
using l1::encode_sync_status_json;
using l1::RpcL1Provider;
using l1::SyncStatus;
using l1::SystemConfigTracker;
using process::log;

namespace {

using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

// Derivation steps per loop iteration, so a long catch-up still lets the sequencer build on time,
// refreshes the L1 head and publishes the status.
constexpr int kMaxDeriveSteps = 64;
// Blocks a lagging sequencer builds per iteration.
constexpr int kMaxSequenceSteps = 16;
constexpr auto kL1TagsInterval = std::chrono::seconds(2);
constexpr auto kInitialBackoff = std::chrono::milliseconds(100);

std::uint64_t unix_now_ms() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}

std::uint64_t unix_now() {
    return unix_now_ms() / 1000;
}

// Rotating mode: blocks a peer is asked for at once, and the most it is given.
constexpr std::size_t kFollowBatch = 64;
constexpr std::size_t kMaxServedBlocks = 256;
// A peer must answer quickly: a dead one must not hold up the loop.
constexpr auto kPeerTimeout = std::chrono::milliseconds(1000);
constexpr auto kInboxRefresh = std::chrono::seconds(10);
// How often a rotating node asks its peers for the block it waits for.
constexpr auto kFollowPoll = std::chrono::milliseconds(100);

// Sleeps up to `d`, waking early when `stop` is set.
void sleep_for(std::chrono::milliseconds d, const std::atomic<bool>& stop) {
    const auto until = Clock::now() + d;
    while (!stop.load() && Clock::now() < until) {
        std::this_thread::sleep_for(
            std::min<Clock::duration>(std::chrono::milliseconds(50), until - Clock::now()));
    }
}

rpc::RpcError invalid_params(std::string message) {
    return rpc::make_error(rpc::RpcErrorKind::kRpcError, std::move(message), rpc::kInvalidParams);
}

}  // namespace

B256 output_root_v0(const B256& state_root, const B256& message_passer_storage_root, const B256& block_hash) {
    Keccak256 h;
    h.update(B256{});
    h.update(state_root);
    h.update(message_passer_storage_root);
    h.update(block_hash);
    return h.finalize();
}

// A rotating node's view of one peer: its client and, once it said so, whose turns it builds.
struct RotationPeer {
    std::string url;
    std::unique_ptr<rpc::Client> client;
    std::optional<Address> leader;
};

// What baton_rotationStatus serves, copied from the loop after every iteration.
struct RotationSnapshot {
    RotationStats stats;
    bool building = false;
    std::uint64_t takeovers = 0;
    std::uint64_t handover_waits = 0;
};

struct NodeService::Impl {
    Impl(NodeServiceConfig c, std::shared_ptr<spdlog::logger> l)
        : config(std::move(c)),
          logger(std::move(l)),
          derive_logger(logger),
          handover(static_cast<std::uint64_t>(config.handover_wait.count())) {}

    DriverResult<bool> iterate();
    // Rotating mode: one decision of the handover policy, then build or follow.
    DriverResult<bool> rotate();
    DriverResult<bool> follow_peers(const std::optional<Address>& current_builder);
    std::optional<Address> builder_of(std::uint64_t l2_timestamp);
    Json rotation_status_json() const;
    void log_pool_losses();
    void publish();
    void persist();
    Result<Json, rpc::RpcError> output_at_block(const Json& params);

    NodeServiceConfig config;
    std::shared_ptr<spdlog::logger> logger;
    SpdlogDeriveLogger derive_logger;
    NodeMetrics metrics;
    std::unique_ptr<RpcL1Provider> l1;
    std::unique_ptr<SystemConfigTracker> tracker;
    std::unique_ptr<AnvilEngine> engine;
    std::unique_ptr<Driver> driver;
    std::optional<HeadStore> store;
    std::optional<PersistedHeads> saved;

    // The RPC handlers' own engine connection (they run on the server's threads).
    std::mutex reader_mutex;
    std::unique_ptr<AnvilEngine> reader;
    std::unique_ptr<rpc::Client> reader_client;
    // Users' txns (sequencer only).
    std::unique_ptr<TxIngress> ingress;

    rpc::Server rpc_server;
    std::unique_ptr<rpc::Server> metrics_server;
    Json rollup_json;

    // Rotating mode.
    UnsafeBlockStore unsafe_store;
    std::vector<RotationPeer> peers;
    std::unique_ptr<rpc::Client> schedule_client;
    std::unique_ptr<l1::RpcLeaderSchedule> schedule;
    std::optional<Address> inbox;
    std::optional<Clock::time_point> inbox_read_at;
    SequencingMap sequencing_map;
    HandoverPolicy handover;
    std::map<std::uint64_t, Address> leader_cache;  // L1 block -> leaderAt, cleared per L1 head
    std::uint64_t leader_cache_head = 0;
    RotationSnapshot rotation;  // the loop's copy; the RPC's is under status_mutex
    RotationSnapshot rotation_published;
    RotationAction last_action = RotationAction::kNotDue;

    mutable std::mutex status_mutex;
    SyncStatus status;
    derive::L1BlockRef head_l1, safe_l1, finalized_l1;
    std::optional<Clock::time_point> last_l1_tags;
};

Result<std::unique_ptr<NodeService>, NodeStartError> NodeService::make(NodeServiceConfig config,
                                                                       std::shared_ptr<spdlog::logger> logger,
                                                                       const std::atomic<bool>* stop) {
    const auto config_error = [](std::string message) {
        return unexpected(NodeStartError{NodeStartError::Kind::kConfig, std::move(message)});
    };
    const auto stopped = [] {
        return unexpected(NodeStartError{NodeStartError::Kind::kStopped, "stopped during startup"});
    };
    const auto stop_requested = [stop] { return stop != nullptr && stop->load(); };
    auto l1_client = rpc::Client::make(config.l1_url);
    if (!l1_client) {
        return config_error("invalid --l1 URL \"" + rpc::redact_url(config.l1_url) +
                            "\": " + to_string(l1_client.error()));
    }
    const std::string beacon_url = config.l1_beacon_url.empty() ? config.l1_url : config.l1_beacon_url;
    auto beacon = l1::BeaconBlobSource::make(beacon_url);
    if (!beacon) {
        return config_error("invalid --l1-beacon URL \"" + rpc::redact_url(beacon_url) +
                            "\": " + to_string(beacon.error()));
    }
    auto l2_client = rpc::Client::make(config.l2_engine_url);
    if (!l2_client) {
        return config_error("invalid --l2-engine URL \"" + rpc::redact_url(config.l2_engine_url) +
                            "\": " + to_string(l2_client.error()));
    }

    for (const std::string& url : config.peers) {
        if (auto peer = rpc::Client::make(url); !peer)
            return config_error("invalid --peer URL \"" + rpc::redact_url(url) +
                                "\": " + to_string(peer.error()));
    }

    auto impl = std::make_unique<Impl>(std::move(config), std::move(logger));
    Impl& s = *impl;

    // What the machine decides (the data dir, the ports) is checked before any wait for the nodes.
    std::optional<PersistedHeads> persisted;
    if (s.config.data_dir) {
        s.store.emplace(*s.config.data_dir);
        if (auto ready = s.store->prepare(); !ready) return config_error("--data-dir: " + ready.error());
        auto loaded = s.store->load();
        if (!loaded) return config_error("--data-dir: " + loaded.error());
        persisted = *loaded;
        s.saved = persisted;
    }
    const rpc::ServerOptions rpc_options{"127.0.0.1", s.config.rpc_port};
    if (auto bound = s.rpc_server.bind(rpc_options); !bound) {
        return config_error("cannot serve RPC on 127.0.0.1:" + std::to_string(s.config.rpc_port) + ": " +
                            to_string(bound.error()));
    }
    if (s.config.metrics_port) {
        s.metrics_server = std::make_unique<rpc::Server>();
        // Routes are registered before bind(), which sets up the HTTP server with them.
        Impl* metrics_owner = impl.get();
        s.metrics_server->add_get_route("/metrics", [metrics_owner] {
            return rpc::HttpText{"text/plain; version=0.0.4; charset=utf-8", metrics_owner->metrics.render()};
        });
        auto bound = s.metrics_server->bind(rpc::ServerOptions{"127.0.0.1", *s.config.metrics_port});
        if (!bound) {
            return config_error("cannot serve metrics on 127.0.0.1:" +
                                std::to_string(*s.config.metrics_port) + ": " + to_string(bound.error()));
        }
    }

    // Both nodes must answer with the chain ids rollup.json names; wait a bounded time for them.
    const auto deadline = Clock::now() + s.config.startup_wait;
    static const std::atomic<bool> kNeverStop{false};
    const std::atomic<bool>& watched = stop != nullptr ? *stop : kNeverStop;
    const auto wait_a_little = [&] { sleep_for(std::chrono::milliseconds(250), watched); };
    auto check_chain = [&](rpc::Client& client, const char* what, const std::string& url,
                           std::uint64_t expected) -> Result<void, NodeStartError> {
        for (;;) {
            if (stop_requested()) return stopped();
            auto id = client.eth_chain_id();
            if (id) {
                if (*id != expected) {
                    return config_error(std::string(what) + " at " + rpc::redact_url(url) + " has chain id " +
                                        std::to_string(*id) + ", rollup.json says " +
                                        std::to_string(expected));
                }
                return {};
            }
            if (Clock::now() >= deadline) {
                return config_error(std::string(what) + " at " + rpc::redact_url(url) +
                                    " is unreachable: " + to_string(id.error()));
            }
            log(*s.logger, spdlog::level::debug, "waiting for node",
                {{"node", what}, {"err", to_string(id.error())}});
            wait_a_little();
        }
    };
    if (auto r = check_chain(*l1_client, "L1", s.config.l1_url, s.config.rollup.l1_chain_id); !r)
        return unexpected(r.error());
    if (auto r = check_chain(*l2_client, "L2 engine", s.config.l2_engine_url, s.config.rollup.l2_chain_id);
        !r) {
        return unexpected(r.error());
    }

    const derive::Telemetry telemetry(s.derive_logger, s.metrics);
    // One connection per user: the loop's L1 provider and tracker, the loop's engine, the RPC
    // handlers' engine and proof reads, and the users' txn door (the URLs were checked above, so
    // make() cannot fail here).
    auto tracker_client = rpc::Client::make(s.config.l1_url);
    auto reader_engine_client = rpc::Client::make(s.config.l2_engine_url);
    auto reader_client = rpc::Client::make(s.config.l2_engine_url);
    auto ingress_client = rpc::Client::make(s.config.l2_engine_url);
    if (!tracker_client || !reader_engine_client || !reader_client || !ingress_client)
        return config_error("invalid URL");
    l1::RpcL1ProviderOptions l1_options;
    l1_options.beacon = std::move(*beacon);
    s.l1 = std::make_unique<RpcL1Provider>(std::move(*l1_client), std::move(l1_options));
    s.tracker = std::make_unique<SystemConfigTracker>(s.config.rollup, std::move(*tracker_client), telemetry);
    s.engine = std::make_unique<AnvilEngine>(std::move(*l2_client));
    s.reader = std::make_unique<AnvilEngine>(std::move(*reader_engine_client));
    s.reader_client = std::make_unique<rpc::Client>(std::move(*reader_client));
    if (s.config.mode != DriverMode::kVerifier) {
        s.ingress = std::make_unique<TxIngress>(std::move(*ingress_client), s.engine->pool_gate());
    }

    DriverConfig driver_config;
    driver_config.mode = s.config.mode;
    driver_config.l1_confs = s.config.l1_confs;
    driver_config.fee_recipient = s.config.fee_recipient;
    if (s.config.mode == DriverMode::kRotating) {
        if (!s.config.leader) return config_error("rotating mode needs the leader address it sequences for");
        if (s.config.l1_block_time == 0) return config_error("the L1 block time must be at least 1 second");
        driver_config.unsafe_store = &s.unsafe_store;
        rpc::ClientOptions peer_options;
        peer_options.connect_timeout = kPeerTimeout;
        peer_options.read_timeout = kPeerTimeout;
        peer_options.write_timeout = kPeerTimeout;
        for (const std::string& url : s.config.peers) {
            auto client = rpc::Client::make(url, peer_options);
            if (!client)
                return config_error("invalid --peer URL \"" + rpc::redact_url(url) +
                                    "\": " + to_string(client.error()));
            s.peers.push_back(
                RotationPeer{url, std::make_unique<rpc::Client>(std::move(*client)), std::nullopt});
        }
        auto schedule_client = rpc::Client::make(s.config.l1_url);
        s.schedule_client = std::make_unique<rpc::Client>(std::move(*schedule_client));
        s.schedule = std::make_unique<l1::RpcLeaderSchedule>(*s.schedule_client);
    }
    SystemConfigTracker* tracker = s.tracker.get();
    s.driver = std::make_unique<Driver>(
        s.config.rollup, driver_config, *s.engine, *s.l1,
        [tracker](const derive::L1BlockRef& block) { return tracker->system_config_at(block); }, s.logger,
        telemetry, &s.metrics);

    for (;;) {
        if (stop_requested()) return stopped();
        auto started = s.driver->start(persisted);
        if (started) break;
        if (!started.error().temporary() || Clock::now() >= deadline)
            return config_error(to_string(started.error()));
        wait_a_little();
    }
    if (s.config.fee_recipient != derive::kSequencerFeeVaultAddress &&
        s.config.mode != DriverMode::kVerifier && !s.config.rollup.baton_time) {
        log(*s.logger, spdlog::level::warn,
            "fee recipient is not the sequencer fee vault and rollup.json has no baton_time: derived blocks "
            "use the vault, so every sequenced block will be rebuilt when it becomes safe",
            {{"fee_recipient", to_hex(s.config.fee_recipient)}});
    }
    if (s.config.mode == DriverMode::kRotating) {
        // The sequencing map counts L1 slots from the rollup's L1 genesis block.
        for (;;) {
            if (stop_requested()) return stopped();
            auto genesis_l1 = s.l1->block_ref_by_number(s.config.rollup.genesis.l1.number);
            if (genesis_l1) {
                s.sequencing_map = SequencingMap{genesis_l1->number, genesis_l1->timestamp,
                                                 s.config.l1_block_time, s.config.sequencing_offset};
                break;
            }
            if (Clock::now() >= deadline)
                return config_error("cannot read the L1 genesis block: " +
                                    derive::to_string(genesis_l1.error()));
            wait_a_little();
        }
        s.rpc_server.register_method(
            "baton_unsafeBlocks", [self = impl.get()](const Json& params) -> Result<Json, rpc::RpcError> {
                if (!params.is_array() || params.size() != 2 || !params[0].is_number_unsigned() ||
                    !params[1].is_number_unsigned()) {
                    return unexpected(invalid_params("expected [from, max] as JSON integers"));
                }
                const auto max = std::min<std::uint64_t>(params[1].get<std::uint64_t>(), kMaxServedBlocks);
                Json out = Json::array();
                for (const UnsafeBlock& b : self->unsafe_store.from(params[0].get<std::uint64_t>(), max))
                    out.push_back(encode_unsafe_block_json(b));
                return out;
            });
        s.rpc_server.register_method("baton_rotationStatus",
                                     [self = impl.get()](const Json&) -> Result<Json, rpc::RpcError> {
                                         return self->rotation_status_json();
                                     });
    }

    s.rollup_json = encode_rollup_config_json(s.config.rollup);
    Impl* self = impl.get();
    s.rpc_server.register_method("baton_syncStatus", [self](const Json&) -> Result<Json, rpc::RpcError> {
        std::lock_guard lock(self->status_mutex);
        return encode_sync_status_json(self->status);
    });
    s.rpc_server.register_method("baton_rollupConfig", [self](const Json&) -> Result<Json, rpc::RpcError> {
        return self->rollup_json;
    });
    s.rpc_server.register_method("baton_outputAtBlock",
                                 [self](const Json& params) { return self->output_at_block(params); });
    s.rpc_server.register_method(
        "eth_sendRawTransaction", [self](const Json& params) -> Result<Json, rpc::RpcError> {
            if (!self->ingress) {
                return unexpected(rpc::make_error(
                    rpc::RpcErrorKind::kRpcError,
                    "this node is a verifier: send transactions to the sequencer", kTxRefused));
            }
            return self->ingress->handle(params);
        });
    s.publish();
    if (auto serving = s.rpc_server.start(rpc_options); !serving) {
        return config_error("cannot serve RPC on 127.0.0.1:" + std::to_string(s.config.rpc_port) + ": " +
                            to_string(serving.error()));
    }
    if (s.metrics_server) {
        auto serving = s.metrics_server->start(rpc::ServerOptions{"127.0.0.1", *s.config.metrics_port});
        if (!serving) {
            s.rpc_server.stop();
            return config_error("cannot serve metrics on 127.0.0.1:" +
                                std::to_string(*s.config.metrics_port) + ": " + to_string(serving.error()));
        }
    }
    log(*s.logger, spdlog::level::info, "node started",
        {{"mode", to_string(s.config.mode)},
         {"rpc", s.rpc_server.url()},
         {"metrics", s.metrics_server ? s.metrics_server->url() + "/metrics" : std::string("off")},
         {"l1", rpc::redact_url(s.config.l1_url)},
         {"l2_engine", rpc::redact_url(s.config.l2_engine_url)}});
    return std::unique_ptr<NodeService>(new NodeService(std::move(impl)));
}

NodeService::NodeService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

NodeService::~NodeService() {
    impl_->rpc_server.stop();
    if (impl_->metrics_server) impl_->metrics_server->stop();
}

int NodeService::rpc_port() const noexcept {
    return impl_->rpc_server.port();
}
int NodeService::metrics_port() const noexcept {
    return impl_->metrics_server ? impl_->metrics_server->port() : 0;
}

SyncStatus NodeService::sync_status() const {
    std::lock_guard lock(impl_->status_mutex);
    return impl_->status;
}

std::string NodeService::metrics_text() const {
    return impl_->metrics.render();
}

void NodeService::Impl::publish() {
    SyncStatus next;
    next.current_l1 = driver->current_l1().value_or(derive::L1BlockRef{});
    next.head_l1 = head_l1;
    next.safe_l1 = safe_l1;
    next.finalized_l1 = finalized_l1;
    next.unsafe_l2 = driver->unsafe_head();
    next.safe_l2 = driver->safe_head();
    next.finalized_l2 = driver->finalized_head();
    metrics.set_heads(next.unsafe_l2.number, next.safe_l2.number, next.finalized_l2.number,
                      next.current_l1.number, next.head_l1.number);
    metrics.set_l1_rpc_errors(l1->rpc_errors() + tracker->rpc_errors());
    rotation.stats = driver->rotation_stats();
    rotation.building = last_action == RotationAction::kBuild || last_action == RotationAction::kTakeOver;
    std::lock_guard lock(status_mutex);
    status = next;
    rotation_published = rotation;
}

void NodeService::Impl::persist() {
    if (!store) return;
    const PersistedHeads heads{driver->safe_head().id(), driver->finalized_head().id()};
    if (saved && *saved == heads) return;
    if (auto r = store->save(heads); !r) {
        log(*logger, spdlog::level::err, "cannot persist heads", {{"err", r.error()}});
        return;
    }
    saved = heads;
}

// The engine's pool accounting of the block just built: users' txns it had to discard (a nonce used
// meanwhile) or hold (behind a nonce gap) are worth a line; a clean build is not.
void NodeService::Impl::log_pool_losses() {
    const PoolStats& pool = engine->last_build();
    if (pool.stale == 0 && pool.refused == 0 && pool.held == 0) return;
    log(*logger, pool.stale + pool.refused > 0 ? spdlog::level::warn : spdlog::level::debug,
        "pool txns not included",
        {{"number", std::to_string(driver->unsafe_head().number)},
         {"held_nonce_gap", std::to_string(pool.held)},
         {"discarded_stale_nonce", std::to_string(pool.stale)},
         {"refused_on_give_back", std::to_string(pool.refused)}});
}

DriverResult<bool> NodeService::Impl::iterate() {
    auto head = l1->head_ref();
    if (!head)
        return unexpected(DriverError{head.error().severity, DriverErrorSource::kL1,
                                      "L1 head: " + derive::to_string(head.error())});
    head_l1 = *head;
    if (!last_l1_tags || Clock::now() - *last_l1_tags >= kL1TagsInterval) {
        if (auto safe = l1->safe_ref()) safe_l1 = *safe;
        if (auto fin = l1->finalized_ref()) {
            finalized_l1 = *fin;
            driver->on_l1_finalized(*fin);
        }
        last_l1_tags = Clock::now();
    }
    bool progress = false;
    if (driver->mode() == DriverMode::kRotating) {
        auto r = rotate();
        if (!r) return unexpected(r.error());
        progress = *r;
    }
    for (int i = 0; i < kMaxSequenceSteps && driver->mode() == DriverMode::kSequencer; ++i) {
        auto built = driver->sequence_step(head_l1, unix_now());
        if (!built) return unexpected(built.error());
        if (!*built) break;
        progress = true;
        log_pool_losses();
    }
    for (int i = 0; i < kMaxDeriveSteps; ++i) {
        auto r = driver->derive_step();
        if (!r) return unexpected(r.error());
        if (*r == DeriveProgress::kIdle) break;
        progress = true;
    }
    return progress;
}

std::optional<Address> NodeService::Impl::builder_of(std::uint64_t l2_timestamp) {
    if (head_l1.number != leader_cache_head) {
        leader_cache.clear();  // a roster change shows from the next L1 block on
        leader_cache_head = head_l1.number;
    }
    if (!inbox || !inbox_read_at || Clock::now() - *inbox_read_at >= kInboxRefresh) {
        auto auth = schedule->read_auth(config.rollup.l1_system_config_address);
        if (!auth) {
            log(*logger, spdlog::level::warn, "cannot read the inbox from SystemConfig",
                {{"err", l1::to_string(auth.error())}});
            if (!inbox) return std::nullopt;
        } else {
            inbox = auth->batch_inbox;
            inbox_read_at = Clock::now();
        }
    }
    const std::uint64_t block = sequencing_map.l1_block_for(l2_timestamp);
    if (auto it = leader_cache.find(block); it != leader_cache.end()) return it->second;
    auto leader = schedule->leader_at(*inbox, block);
    if (!leader) {
        log(*logger, spdlog::level::debug, "leaderAt failed",
            {{"l1_block", std::to_string(block)}, {"err", l1::to_string(leader.error())}});
        return std::nullopt;
    }
    leader_cache.emplace(block, *leader);
    return *leader;
}

DriverResult<bool> NodeService::Impl::rotate() {
    const Address self = *config.leader;
    bool progress = false;
    for (int i = 0; i < kMaxSequenceSteps; ++i) {
        const std::uint64_t now_ms = unix_now_ms();
        const std::uint64_t next_time = driver->next_block_time();
        const auto next_builder = builder_of(next_time);
        const auto current_builder = builder_of(now_ms / 1000);
        const RotationAction action = handover.decide(next_time, now_ms, next_builder, current_builder, self);
        if (action != last_action) {
            log(*logger, spdlog::level::debug, "rotation",
                {{"action", to_string(action)},
                 {"next_time", std::to_string(next_time)},
                 {"next_builder", next_builder ? to_hex(*next_builder) : std::string("unknown")},
                 {"current_builder", current_builder ? to_hex(*current_builder) : std::string("unknown")}});
            if (action == RotationAction::kWaitForHandover) ++rotation.handover_waits;
        }
        last_action = action;
        if (action != RotationAction::kBuild && action != RotationAction::kTakeOver) {
            auto followed = follow_peers(current_builder);
            if (!followed) return unexpected(followed.error());
            return progress || *followed;
        }
        auto built = driver->sequence_step(head_l1, now_ms / 1000);
        if (!built) return unexpected(built.error());
        if (!*built) return progress;
        if (action == RotationAction::kTakeOver) {
            ++rotation.takeovers;
            log(*logger, spdlog::level::warn, "took over: built a block of the outgoing builder's turn",
                {{"number", std::to_string((**built).number)},
                 {"timestamp", std::to_string((**built).timestamp)}});
        }
        progress = true;
        log_pool_losses();
    }
    return progress;
}

DriverResult<bool> NodeService::Impl::follow_peers(const std::optional<Address>& current_builder) {
    const Address self = *config.leader;
    const bool authority_known = current_builder && *current_builder != self;
    // The current turn's builder first: its chain may replace our unsafe blocks; the others' only
    // extend them.
    std::vector<RotationPeer*> order;
    for (auto& p : peers)
        if (authority_known && p.leader == current_builder) order.push_back(&p);
    for (auto& p : peers)
        if (!(authority_known && p.leader == current_builder)) order.push_back(&p);
    bool progress = false;
    for (RotationPeer* peer : order) {
        if (!peer->leader) {
            auto answer = peer->client->call("baton_rotationStatus");
            if (!answer || !answer->is_object() || !answer->contains("leader") ||
                !(*answer)["leader"].is_string())
                continue;
            auto leader = parse_address((*answer)["leader"].get<std::string>());
            if (!leader) continue;
            peer->leader = *leader;
            log(*logger, spdlog::level::info, "peer found",
                {{"peer", rpc::redact_url(peer->url)}, {"leader", to_hex(*leader)}});
        }
        const bool may_replace = authority_known && peer->leader == current_builder;
        auto fetch = [&](std::uint64_t from, std::size_t max) -> std::optional<std::vector<UnsafeBlock>> {
            auto answer = peer->client->call("baton_unsafeBlocks", Json::array({from, max}));
            if (!answer || !answer->is_array()) return std::nullopt;
            std::vector<UnsafeBlock> blocks;
            for (const Json& b : *answer) {
                auto decoded = decode_unsafe_block_json(b);
                if (!decoded) {
                    log(*logger, spdlog::level::warn, "peer served a malformed block",
                        {{"peer", rpc::redact_url(peer->url)}, {"err", decoded.error()}});
                    return std::nullopt;
                }
                blocks.push_back(std::move(*decoded));
            }
            return blocks;
        };
        const derive::L2BlockRef unsafe = driver->unsafe_head();
        auto blocks = fetch(unsafe.number, kFollowBatch);
        if (!blocks || blocks->empty()) continue;
        const bool diverged =
            blocks->front().ref.number == unsafe.number && blocks->front().ref.hash != unsafe.hash;
        if (diverged) {
            if (!may_replace) continue;
            blocks = fetch(driver->safe_head().number + 1, kMaxServedBlocks);
            if (!blocks) continue;
        }
        auto outcome = driver->follow(*blocks, may_replace);
        if (!outcome) return unexpected(outcome.error());
        if (outcome->applied > 0) progress = true;
    }
    return progress;
}

Json NodeService::Impl::rotation_status_json() const {
    std::lock_guard lock(status_mutex);
    const RotationSnapshot& r = rotation_published;
    Json built = Json::array();
    for (const BlockId& id : r.stats.built)
        built.push_back(Json{{"number", id.number}, {"hash", to_hex(id.hash)}});
    return Json{
        {"leader", to_hex(*config.leader)},
        {"feeRecipient", to_hex(config.fee_recipient)},
        {"building", r.building},
        {"blocksBuilt", r.stats.blocks_built},
        {"built", std::move(built)},
        {"blocksFollowed", r.stats.blocks_followed},
        {"unsafeBlocksReplaced", r.stats.unsafe_blocks_replaced},
        {"reorgs", r.stats.reorgs},
        {"maxReorgDepth", r.stats.max_reorg_depth},
        {"servedBlocksRejected", r.stats.served_blocks_rejected},
        {"takeovers", r.takeovers},
        {"handoverWaits", r.handover_waits},
    };
}

int NodeService::run(const std::atomic<bool>& stop) {
    Impl& s = *impl_;
    std::chrono::milliseconds backoff{0};
    int code = 0;
    while (!stop.load()) {
        auto r = s.iterate();
        s.persist();
        s.publish();
        if (!r) {
            if (!r.error().temporary()) {
                log(*s.logger, spdlog::level::err, "critical error; stopping",
                    {{"err", to_string(r.error())}});
                code = 1;
                break;
            }
            backoff = backoff.count() == 0 ? kInitialBackoff : std::min(backoff * 2, s.config.max_backoff);
            s.metrics.record_temporary_error(r.error().source);
            log(*s.logger, spdlog::level::warn, "temporary error; backing off",
                {{"err", to_string(r.error())}, {"backoff_ms", std::to_string(backoff.count())}});
            sleep_for(backoff, stop);
            continue;
        }
        if (backoff.count() != 0) {
            log(*s.logger, spdlog::level::info, "recovered",
                {{"unsafe", std::to_string(s.driver->unsafe_head().number)}});
            backoff = std::chrono::milliseconds{0};
        }
        if (*r) continue;
        auto wait = s.config.poll_interval;
        if (s.driver->mode() != DriverMode::kVerifier) {
            const auto due_ms = static_cast<std::int64_t>(s.driver->next_block_time()) * 1000 -
                                std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count();
            // A rotating node whose due block is someone else's polls its peers for it: not in a
            // busy loop.
            const auto least =
                s.driver->mode() == DriverMode::kRotating ? kFollowPoll : std::chrono::milliseconds(0);
            wait = std::clamp(std::chrono::milliseconds(due_ms), least, std::max(least, wait));
        }
        sleep_for(wait, stop);
    }
    s.persist();
    log(*s.logger, spdlog::level::info, "node stopped",
        {{"unsafe", std::to_string(s.driver->unsafe_head().number)},
         {"safe", std::to_string(s.driver->safe_head().number)}});
    return code;
}

Result<Json, rpc::RpcError> NodeService::Impl::output_at_block(const Json& params) {
    if (!params.is_array() || params.size() != 1) return unexpected(invalid_params("expected [blockNumber]"));
    std::uint64_t number = 0;
    const Json& p = params[0];
    if (p.is_number_unsigned()) {
        number = p.get<std::uint64_t>();
    } else if (p.is_string()) {
        const std::string text = p.get<std::string>();
        if (text.size() < 3 || text.rfind("0x", 0) != 0 || text.size() > 18) {
            return unexpected(invalid_params("block number must be an integer or a hex quantity"));
        }
        try {
            number = std::stoull(text.substr(2), nullptr, 16);
        } catch (const std::exception&) {
            return unexpected(invalid_params("block number must be an integer or a hex quantity"));
        }
    } else {
        return unexpected(invalid_params("block number must be an integer or a hex quantity"));
    }
    if (number < config.rollup.genesis.l2.number) {
        return unexpected(invalid_params("block " + std::to_string(number) + " is below the L2 genesis " +
                                         std::to_string(config.rollup.genesis.l2.number)));
    }
    {
        std::lock_guard lock(status_mutex);
        if (number > status.unsafe_l2.number) {
            return unexpected(invalid_params("block " + std::to_string(number) +
                                             " is above the unsafe head " +
                                             std::to_string(status.unsafe_l2.number)));
        }
    }
    std::lock_guard lock(reader_mutex);
    auto block = reader->block_by_number(number);
    if (!block)
        return unexpected(
            rpc::make_error(rpc::RpcErrorKind::kRpcError, "engine: " + to_string(block.error()), -32000));
    if (!block->has_value()) {
        return unexpected(invalid_params("the engine has no block " + std::to_string(number)));
    }
    auto ref = make_l2_block_ref(**block, config.rollup.genesis);
    if (!ref)
        return unexpected(
            rpc::make_error(rpc::RpcErrorKind::kRpcError, derive::to_string(ref.error()), -32000));
    Json out;
    out["version"] = to_hex(B256{});
    out["blockRef"] = encode_l2_block_ref_json(*ref);
    out["stateRoot"] = to_hex((**block).state_root);
    out["withdrawalStorageRoot"] = nullptr;
    out["outputRoot"] = nullptr;
    char tag[24];
    std::snprintf(tag, sizeof tag, "0x%llx", static_cast<unsigned long long>(number));
    auto proof = reader_client->call("eth_getProof",
                                     Json::array({to_hex(kL2ToL1MessagePasserAddress), Json::array(), tag}));
    if (!proof) {
        out["error"] = "eth_getProof failed: " + to_string(proof.error());
        return out;
    }
    if (!proof->is_object() || !proof->contains("storageHash") || !(*proof)["storageHash"].is_string()) {
        out["error"] = "eth_getProof answer has no storageHash";
        return out;
    }
    auto storage = decode_hex_fixed<32>((*proof)["storageHash"].get<std::string>());
    if (!storage) {
        out["error"] = "eth_getProof storageHash is not 32 bytes of hex";
        return out;
    }
    out["withdrawalStorageRoot"] = to_hex(*storage);
    out["outputRoot"] = to_hex(output_root_v0((**block).state_root, *storage, ref->hash));
    return out;
}

}  // namespace baton::node
