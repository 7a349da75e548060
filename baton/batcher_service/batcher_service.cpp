// SPDX-License-Identifier: MIT
// One job, one file: the batcher's I/O loop (one step: L1 head, SystemConfig, safe head, unsafe
// blocks, tx outcomes, then posting as leader or as a backup). The decisions live in the pure
// batcher module (WindowTracker, BackupPlanner, BatchSubmitter); what remains here is the order of
// the reads and the logs, which split apart would each need the service's whole state.
#include <baton/batcher_service/batcher_service.hpp>

#include <baton/core/address.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/transaction.hpp>
#include <baton/l1/artifact.hpp>
#include <baton/l1/sync_status.hpp>
#include <baton/process/logging.hpp>
#include <baton/protocol/l1_info.hpp>

#include <algorithm>
#include <random>
#include <utility>

namespace baton::batcher_service {

using l1::Artifact;
using l1::ArtifactUse;
using l1::BatcherAuth;
using l1::BatcherHashVersion;
using l1::decode_sync_status_json;
using l1::default_artifacts_dir;
using l1::LeaderSchedule;
using l1::load_artifact;
using l1::RpcLeaderSchedule;
using process::log;

namespace {

using spdlog::level::level_enum;

// How many of our back-to-back turns one window may join (each costs one nextWindow call; the
// schedule answers only within its lookahead anyway).
constexpr int kMaxJoinedTurns = 16;

std::string range_text(std::uint64_t first, std::uint64_t last) {
    return first == last ? std::to_string(first) : std::to_string(first) + "-" + std::to_string(last);
}

B256 random_seed() {
    std::random_device rd;
    B256 seed{};
    for (auto& b : seed) b = static_cast<std::uint8_t>(rd() & 0xff);
    return seed;
}

// The L2 block as the batcher needs it: epoch and sequence number from its L1-info deposit.
Result<batcher::L2Block, std::string> to_l2_block(const rpc::Block& block) {
    batcher::L2Block out;
    out.number = block.header.number;
    out.hash = block.header.hash;
    out.parent_hash = block.header.parent_hash;
    out.timestamp = block.header.timestamp;
    out.fee_recipient = block.header.beneficiary;  // coinbase: one not the vault makes the span 0xBA
    if (block.transactions.empty()) {
        return unexpected("L2 block " + std::to_string(out.number) + " has no L1-info deposit");
    }
    const auto* deposit = std::get_if<DepositTx>(&block.transactions.front().txn);
    if (deposit == nullptr) {
        return unexpected("L2 block " + std::to_string(out.number) + ": first txn is not a deposit");
    }
    auto info = protocol::decode_l1_info_calldata(deposit->data);
    if (!info) {
        return unexpected("L2 block " + std::to_string(out.number) +
                          ": bad L1-info deposit: " + protocol::to_string(info.error().error));
    }
    out.l1_origin = protocol::BlockId{info->info.block_hash, info->info.number};
    out.sequence_number = info->info.sequence_number;
    out.transactions.reserve(block.transactions.size());
    for (const auto& tx : block.transactions) out.transactions.push_back(encode_transaction(tx.txn));
    return out;
}

}  // namespace

Result<std::unique_ptr<BatcherService>, std::string> BatcherService::make(
    BatcherServiceConfig config, const PrivateKey& key, std::shared_ptr<spdlog::logger> logger,
    std::shared_ptr<LeaderSchedule> schedule) {
    rpc::ClientOptions options;
    auto l1 = rpc::Client::make(config.l1_url, options);
    if (!l1) return unexpected("--l1: " + rpc::to_string(l1.error()));
    auto l2 = rpc::Client::make(config.l2_engine_url, options);
    if (!l2) return unexpected("--l2-engine: " + rpc::to_string(l2.error()));
    auto rollup_node = rpc::Client::make(config.rollup_node_url, options);
    if (!rollup_node) return unexpected("--rollup-node: " + rpc::to_string(rollup_node.error()));
    if (config.poll_interval.count() <= 0) return unexpected(std::string("poll interval must be > 0"));
    if (auto ready = prepare_data_availability(config.data_availability); !ready)
        return unexpected(ready.error());

    batcher::SubmitterConfig sub;
    sub.max_frame_size = config.max_frame_size;
    sub.compression_level = config.compression_level;
    sub.channel_id_seed = config.channel_id_seed ? *config.channel_id_seed : random_seed();
    auto submitter = batcher::BatchSubmitter::make(config.rollup, sub);
    if (!submitter) {
        return unexpected(std::string(batcher::to_string(submitter.error().error)) + ": " +
                          submitter.error().detail);
    }
    auto service = std::unique_ptr<BatcherService>(
        new BatcherService(std::move(config), key, std::move(logger), std::move(*l1), std::move(*l2),
                           std::move(*rollup_node), std::move(*submitter)));
    // The default reads L1 through the service's own client (which lives as long as the service).
    service->schedule_ = schedule ? std::move(schedule) : std::make_shared<RpcLeaderSchedule>(service->l1_);
    return service;
}

BatcherService::BatcherService(BatcherServiceConfig config, const PrivateKey& key,
                               std::shared_ptr<spdlog::logger> logger, rpc::Client l1, rpc::Client l2,
                               rpc::Client rollup_node, batcher::BatchSubmitter submitter)
    : config_(std::move(config)),
      key_(key),
      logger_(std::move(logger)),
      l1_(std::move(l1)),
      l2_(std::move(l2)),
      rollup_node_(std::move(rollup_node)),
      submitter_(std::move(submitter)),
      address_(address_from_private_key(key)) {}

void BatcherService::apply_auth(const BatcherAuth& auth) {
    const bool v0 = auth.version == BatcherHashVersion::kV0Address;
    if (v0 && auth.v0_batcher != address_) {
        // Derivation would ignore everything we post: refuse to spend gas on it.
        log(*logger_, level_enum::err, "batcherHash v0 names another batcher; not posting",
            {{"batcher", to_checksum_hex(*auth.v0_batcher)}, {"us", to_checksum_hex(address_)}});
    }
    if (!auth_ || auth_->version != auth.version) {
        batcher::PlannerConfig planner;
        planner.always_open = v0;
        planner.safety_margin = config_.safety_margin;
        planner.max_txs_per_l1_block = config_.max_txs_per_l1_block;
        tracker_.emplace(planner);
    }
    auth_ = auth;
}

// Governance may change the inbox or the batcherHash (v0 <-> v1) at any L1 block, and derivation
// follows it from that block on; so does the batcher, re-reading SystemConfig once per L1 block.
// A change drops the current window (the new inbox has its own schedule); what was in flight to
// the old inbox is re-queued by the submitter when it is not derived.
Result<void, BatcherError> BatcherService::refresh_auth(std::uint64_t l1_head) {
    if (l1_head <= auth_read_at_) return {};
    auto auth = schedule_->read_auth(config_.rollup.l1_system_config_address);
    if (!auth) return temporary("reading SystemConfig: " + to_string(auth.error()));
    auth_read_at_ = l1_head;
    if (auth_ && *auth == *auth_) return {};
    log(*logger_, level_enum::warn, "SystemConfig changed; following it",
        {{"l1_head", std::to_string(l1_head)},
         {"batch_inbox", to_checksum_hex(auth->batch_inbox)},
         {"batcher_hash_version", auth->version == BatcherHashVersion::kV0Address ? "0" : "1"}});
    apply_auth(*auth);
    window_.reset();
    ladder_probed_ = false;  // another inbox: probe its ladder again
    backup_.reset();
    return {};
}

Result<void, BatcherError> BatcherService::init() {
    if (!auth_) {
        auto auth = schedule_->read_auth(config_.rollup.l1_system_config_address);
        if (!auth) return temporary("reading SystemConfig: " + to_string(auth.error()));
        apply_auth(*auth);
        log(*logger_, level_enum::info, "batcher config read from L1",
            {{"batch_inbox", to_checksum_hex(auth->batch_inbox)},
             {"batcher_hash_version", auth->version == BatcherHashVersion::kV0Address ? "0" : "1"},
             {"address", to_checksum_hex(address_)}});
    }
    if (!txmgr_) {
        std::optional<Artifact> abi;
        // The interface's errors (NotLeader), whatever mechanism the inbox runs.
        if (auto artifact = load_artifact(default_artifacts_dir(), "ILeaderElection", ArtifactUse::kAbiOnly);
            artifact) {
            abi = std::move(*artifact);
        }
        auto client = rpc::Client::make(config_.l1_url);
        if (!client) return temporary(rpc::to_string(client.error()));
        auto mgr = TxManager::make(std::move(*client), key_, config_.tx, std::move(abi));
        if (!mgr) return fail(severity_of(mgr.error().error), "tx manager: " + to_string(mgr.error()));
        txmgr_.emplace(std::move(*mgr));
        log(*logger_, level_enum::info, "tx manager ready",
            {{"nonce", std::to_string(txmgr_->next_nonce())}});
    }
    return {};
}

Result<void, BatcherError> BatcherService::read_safe_head(std::uint64_t& current_l1) {
    auto raw = rollup_node_.call("baton_syncStatus");
    if (!raw) return temporary("baton_syncStatus: " + rpc::to_string(raw.error()));
    auto status = decode_sync_status_json(*raw);
    if (!status) return temporary("baton_syncStatus: " + status.error().message);
    current_l1 = status->current_l1.number;
    submitter_.on_safe_head(status->safe_l2.id());
    node_unsafe_head_ = status->unsafe_l2.id();
    return {};
}

Result<void, BatcherError> BatcherService::read_unsafe_blocks() {
    auto engine_head = l2_.eth_block_number();
    if (!engine_head) return temporary("L2 eth_blockNumber: " + rpc::to_string(engine_head.error()));
    if (!node_unsafe_head_) return {};
    // Only what the sequencer's node reports as its unsafe head (op-batcher reads the same way).
    const std::uint64_t limit = std::min(*engine_head, node_unsafe_head_->number);
    // Re-feed the queued tip first (docs/batcher.md "Driving it"): a sequencer that rebuilt it, or an
    // engine that rolled back below it, shows up as a different block there.
    const auto queued = submitter_.queued_head();
    const auto wanted = submitter_.next_block_wanted();
    if (!wanted) return {};
    std::uint64_t n = queued ? std::min(queued->number, limit) : *wanted;
    for (std::uint64_t i = 0; i < config_.max_blocks_per_step && n <= limit; ++i) {
        auto block = l2_.eth_get_block_by_number(rpc::BlockTag::at(n), true);
        if (!block) return temporary("L2 eth_getBlockByNumber: " + rpc::to_string(block.error()));
        if (!block->has_value()) break;  // the engine rolled back meanwhile
        auto l2_block = to_l2_block(**block);
        if (!l2_block) return temporary(l2_block.error());
        // The engine moved past the node's report meanwhile (a rebuild): wait for the next status.
        if (n == node_unsafe_head_->number && l2_block->hash != node_unsafe_head_->hash) break;
        auto added = submitter_.add_unsafe_block(std::move(*l2_block));
        if (!added) {
            // A gap or a block not on the safe head: the safe head moves on; try again next step.
            return fail(severity_of(added.error().error), std::string("unsafe block ") + std::to_string(n) +
                                                              ": " + batcher::to_string(added.error().error) +
                                                              " " + added.error().detail);
        }
        if (*added == batcher::AddOutcome::kReorgReset) {
            log(*logger_, level_enum::warn, "L2 reorg: unsafe block changed, restarting from the safe head",
                {{"number", std::to_string(n)},
                 {"safe_l2",
                  submitter_.safe_head() ? std::to_string(submitter_.safe_head()->number) : "none"}});
            const auto restart = submitter_.next_block_wanted();
            if (!restart) break;
            n = *restart;
            continue;
        }
        ++n;
    }
    return {};
}

Result<void, BatcherError> BatcherService::handle_outcomes() {
    auto outcomes = txmgr_->poll();
    if (!outcomes)
        return fail(severity_of(outcomes.error().error), "tx manager: " + to_string(outcomes.error()));
    for (const auto& o : *outcomes) {
        const auto it = sent_.find(o.handle);
        if (it == sent_.end()) continue;
        const SentInfo info = it->second;
        sent_.erase(it);
        const level_enum level = o.status == TxStatus::kConfirmed ? level_enum::info : level_enum::warn;
        log(*logger_, level, std::string("batcher tx ") + to_string(o.status),
            {{"channel", info.channel},
             {"frames", info.frames},
             {"l2_blocks", info.l2_blocks},
             {"tx", to_hex(o.hash)},
             {"l1_block", std::to_string(o.l1_block)},
             {"status", to_string(o.status)},
             {"nonce", std::to_string(o.nonce)},
             {"bumps", std::to_string(o.bumps)},
             {"gas_used", std::to_string(o.gas_used)},
             {"reason", o.detail}});
        switch (o.status) {
            case TxStatus::kConfirmed:
                add_stat(&BatcherServiceStats::txs_confirmed);
                submitter_.on_tx_confirmed(info.id, o.l1_block);
                break;
            case TxStatus::kReverted:
                add_stat(&BatcherServiceStats::txs_reverted);
                if (info.backup) add_stat(&BatcherServiceStats::backup_txs_reverted);
                submitter_.on_tx_failed(info.id, batcher::TxFailure::kReverted);
                break;
            case TxStatus::kDropped:
                add_stat(&BatcherServiceStats::txs_dropped);
                submitter_.on_tx_failed(info.id, batcher::TxFailure::kDropped);
                break;
        }
    }
    return {};
}

Result<void, BatcherError> BatcherService::submit(const batcher::Plan& plan, bool as_backup) {
    auto txs = submitter_.next_txs(plan);
    if (!txs) {
        return fail(
            severity_of(txs.error().error),
            std::string("submitter: ") + batcher::to_string(txs.error().error) + " " + txs.error().detail);
    }
    for (auto& req : *txs) {
        TxCandidate candidate;
        candidate.to = auth_->batch_inbox;
        candidate.data = std::move(req.payload);
        if (req.last_landing_block != batcher::kUnbounded) candidate.deadline_block = req.last_landing_block;
        auto as_blob = apply_data_availability(config_.data_availability, *txmgr_, candidate);
        if (!as_blob) {
            submitter_.on_tx_failed(req.id, batcher::TxFailure::kDropped);
            return baton::unexpected(std::move(as_blob.error()));
        }
        SentInfo info;
        info.id = req.id;
        info.channel = to_hex(req.channel);
        info.frames = req.frame_numbers.empty()
                          ? std::string()
                          : range_text(req.frame_numbers.front(), req.frame_numbers.back());
        info.l2_blocks = range_text(req.first_block, req.last_block);
        info.backup = as_backup;
        auto sent = txmgr_->send(candidate);
        if (!sent) {
            // Not sent (NotLeader at the estimate, or a dead node): the channel goes back to the queue.
            submitter_.on_tx_failed(req.id, batcher::TxFailure::kDropped);
            if (sent.error().error == TxManagerError::kEstimateReverted) {
                add_stat(&BatcherServiceStats::estimate_reverts);
                log(*logger_, level_enum::warn, "batcher tx not sent: estimate reverted",
                    {{"channel", info.channel},
                     {"frames", info.frames},
                     {"l2_blocks", info.l2_blocks},
                     {"l1_head", std::to_string(plan.l1_head.number)},
                     {"reason", sent.error().detail}});
                return {};
            }
            return fail(severity_of(sent.error().error), "sending: " + to_string(sent.error()));
        }
        add_stat(&BatcherServiceStats::txs_sent);
        if (as_backup) add_stat(&BatcherServiceStats::backup_txs_sent);
        log(*logger_, level_enum::info, "batcher tx sent",
            {{"role", as_backup ? "backup" : "leader"},
             {"channel", info.channel},
             {"frames", info.frames},
             {"l2_blocks", info.l2_blocks},
             {"tx", to_hex(sent->hash)},
             {"nonce", std::to_string(sent->nonce)},
             {"l1_head", std::to_string(plan.l1_head.number)},
             {"deadline", candidate.deadline_block ? std::to_string(*candidate.deadline_block) : "none"},
             {"closes_channel", req.closes_channel ? "true" : "false"},
             {"da", *as_blob ? "blob x1" : "calldata"}});
        sent_.emplace(sent->handle, std::move(info));
    }
    return {};
}

Result<void, BatcherError> BatcherService::step() {
    add_stat(&BatcherServiceStats::steps);
    if (auto ok = init(); !ok) return ok;

    auto head_block = l1_.eth_get_block_by_number(rpc::BlockTag::latest(), false);
    if (!head_block) return temporary("L1 eth_getBlockByNumber: " + rpc::to_string(head_block.error()));
    if (!head_block->has_value()) return temporary(std::string("L1 has no latest block"));
    const batcher::L1Head head{(*head_block)->header.number, (*head_block)->header.timestamp};
    if (!start_l1_) start_l1_ = head.number;
    if (auto ok = refresh_auth(head.number); !ok) return ok;

    if (!previous_txs_settled_) {
        // Txs of a previous run of this key still in the pool would land on top of what this run
        // posts (a killed batcher's channel in flight): wait until they are mined, then start
        // from the safe head of an L1 that holds them.
        auto latest = l1_.eth_get_transaction_count(address_, rpc::BlockTag::latest());
        if (!latest) return temporary("eth_getTransactionCount: " + rpc::to_string(latest.error()));
        auto pending = l1_.eth_get_transaction_count(address_, rpc::BlockTag::pending());
        if (!pending) return temporary("eth_getTransactionCount: " + rpc::to_string(pending.error()));
        if (*pending > *latest && head.number < *start_l1_ + config_.previous_txs_wait_blocks) {
            // Once per change, not every poll.
            const auto level =
                *pending - *latest == last_waiting_count_ ? level_enum::debug : level_enum::info;
            last_waiting_count_ = *pending - *latest;
            log(*logger_, level, "waiting for txs of a previous run to land",
                {{"pending", std::to_string(*pending - *latest)}, {"l1_head", std::to_string(head.number)}});
            return {};
        }
        if (*pending > *latest) {
            log(*logger_, level_enum::warn, "txs of a previous run still pending; starting anyway",
                {{"pending", std::to_string(*pending - *latest)}});
        }
        previous_txs_settled_ = true;
        start_l1_ = head.number;
        if (auto synced = txmgr_->resync_nonce(); !synced)
            return fail(severity_of(synced.error().error), to_string(synced.error()));
    }

    std::uint64_t current_l1 = 0;
    if (auto ok = read_safe_head(current_l1); !ok) return ok;
    if (!safe_head_trusted_) {
        if (current_l1 < *start_l1_) {
            log(*logger_, level_enum::debug, "waiting for the rollup node to reach the L1 head seen at start",
                {{"current_l1", std::to_string(current_l1)}, {"start_l1", std::to_string(*start_l1_)}});
            return {};
        }
        safe_head_trusted_ = true;
        log(*logger_, level_enum::info, "starting from the safe head",
            {{"safe_l2", submitter_.safe_head() ? std::to_string(submitter_.safe_head()->number) : "none"},
             {"l1_head", std::to_string(head.number)}});
    }
    if (auto ok = read_unsafe_blocks(); !ok) return ok;
    if (auto ok = handle_outcomes(); !ok) return ok;

    std::optional<batcher::Window> window;
    if (!tracker_->config().always_open) {
        // A published window never changes (the schedule is fixed over the lookahead), so it is
        // asked for once and kept until it ends: asking again mid-window would answer
        // [head, end), a "different" window each block.
        if (!window_ || head.number >= window_->end) {
            window_.reset();
            auto next = schedule_->next_window(auth_->batch_inbox, address_, head.number);
            if (!next) return temporary("nextWindow: " + to_string(next.error()));
            if (*next) window_ = batcher::Window{(*next)->start, (*next)->end};
            window_joined_at_.reset();
        }
        // Our turns back to back (a sole leader, or a roster that repeats us) are one window:
        // otherwise a channel ready in the last blocks of a turn would wait for the next turn,
        // although nobody else may post in between. The schedule answers only within its
        // lookahead, so the join is tried again at every new L1 head: a sole leader's window then
        // keeps moving ahead of the head and never ends (it used to end every lookahead, wasting a
        // block and the channel in flight each time).
        if (window_ && window_joined_at_ != head.number) {
            window_joined_at_ = head.number;
            for (int i = 0; i < kMaxJoinedTurns; ++i) {
                auto following = schedule_->next_window(auth_->batch_inbox, address_, window_->end);
                if (!following) return temporary("nextWindow: " + to_string(following.error()));
                if (!*following || (*following)->start != window_->end) break;
                window_->end = (*following)->end;
            }
        }
        window = window_;
    }
    const auto update = tracker_->observe(window, head);
    if (update.window_ended || update.wasted_blocks > 0) {
        add_stat(&BatcherServiceStats::wasted_blocks, update.wasted_blocks);
        if (update.window_ended) {
            add_stat(&BatcherServiceStats::windows_ended);
            submitter_.on_window_end();
        }
        log(*logger_, level_enum::info, update.window_ended ? "leader window ended" : "leader window missed",
            {{"l1_head", std::to_string(head.number)},
             {"wasted_blocks", std::to_string(update.wasted_blocks)},
             {"txs_confirmed", std::to_string(stats_.txs_confirmed)}});
    }
    if (update.plan.action == batcher::PlanAction::kSubmit) {
        if (auth_->version == BatcherHashVersion::kV0Address && auth_->v0_batcher != address_) return {};
        return submit(update.plan);
    }
    if (auth_->version == BatcherHashVersion::kV1LeaderElection && config_.backup) return backup_step(head);
    return {};
}

Result<void, BatcherError> BatcherService::backup_step(const batcher::L1Head& head) {
    if (!ladder_probed_) {
        auto ladder = schedule_->ladder_parameters(auth_->batch_inbox);
        if (!ladder) return temporary("ladderParameters: " + to_string(ladder.error()));
        ladder_probed_ = true;
        backup_.reset();
        if (*ladder) {
            backup_.emplace((*ladder)->g1);
            log(*logger_, level_enum::info, "the inbox has a fallback ladder; backing up other leaders",
                {{"g1", std::to_string((*ladder)->g1)},
                 {"g2", std::to_string((*ladder)->g2)},
                 {"g3", std::to_string((*ladder)->g3)},
                 {"max_misses", std::to_string((*ladder)->max_misses)}});
        }
    }
    if (!backup_) return {};
    backup_->on_queue(head.number, submitter_.queued_blocks() >= submitter_.blocks_per_channel());

    // Judged at the block a tx sent now is expected to land in, like the planner's windows.
    const std::uint64_t landing = head.number + tracker_->config().blocks_to_inclusion;
    // Our own window is the planner's, with its end margin: rung 1 there is us as the scheduled
    // primary, not a stand-in.
    const bool own_window = window_ && window_->start <= landing && landing < window_->end;
    std::optional<l1::LadderRung> rung;
    std::optional<batcher::Window> open;
    if (!own_window) {
        auto read = schedule_->rung_of(auth_->batch_inbox, address_, landing);
        if (!read) return temporary("rungOf: " + to_string(read.error()));
        rung = *read;
        open = backup_->candidate(batcher::BackupRung{rung->rung, rung->opens_at, rung->window_end}, landing);
    }
    if (open) {
        auto rights = schedule_->posting_rights(auth_->batch_inbox, address_, landing);
        if (!rights) return temporary("postingRights: " + to_string(rights.error()));
        if (*rights == 0) open.reset();  // the primary has posted
    }
    const std::optional<batcher::Window> was = backup_->current();
    const auto update = backup_->observe(open);
    if (update.closed) {
        // Txs in flight may still land (or revert, and are counted); every channel not confirmed
        // goes back to the queue.
        log(*logger_, level_enum::info, "backup window closed",
            {{"l1_head", std::to_string(head.number)},
             {"window_end", std::to_string(was->end)},
             {"txs_in_flight", std::to_string(submitter_.txs_in_flight())}});
        submitter_.on_window_end();
    }
    if (update.opened) {
        add_stat(&BatcherServiceStats::backup_windows);
        log(*logger_, level_enum::warn, "the window's primary is silent; posting as a backup",
            {{"l1_head", std::to_string(head.number)},
             {"rung", std::to_string(rung->rung)},
             {"opens_at", std::to_string(rung->opens_at)},
             {"window_end", std::to_string(rung->window_end)}});
    }
    if (!open) return {};
    // One tx at a time: a primary that posts late can make only the tx in flight revert.
    if (submitter_.txs_in_flight() > 0) return {};
    // No safety margin: a backup's rung may open only in its window's last block (a further
    // backup at start + G1 + G2 in a short window), and a tx that slips past the end costs one
    // counted revert, the same bound as a late primary's.
    batcher::PlannerConfig planner = tracker_->config();
    planner.safety_margin = 0;
    batcher::Plan plan = batcher::plan_window(planner, *open, head);
    if (plan.action != batcher::PlanAction::kSubmit) return {};
    plan.max_channels = 1;
    return submit(plan, true);
}

Result<void, BatcherError> BatcherService::run() {
    auto wait = config_.poll_interval;
    std::optional<BatcherError> fatal;
    while (true) {
        {
            std::unique_lock lock(stop_mutex_);
            if (stop_requested_) break;
        }
        auto ok = step();
        if (ok) {
            wait = config_.poll_interval;
        } else if (ok.error().severity == Severity::kCritical) {
            // Retrying would only repeat it: stop, and let the process exit non-zero.
            add_stat(&BatcherServiceStats::step_errors);
            log(*logger_, level_enum::err, "batcher stopping on a critical error",
                {{"error", ok.error().detail}});
            fatal = ok.error();
            break;
        } else {
            add_stat(&BatcherServiceStats::step_errors);
            log(*logger_, level_enum::warn, "batcher step failed; retrying",
                {{"error", ok.error().detail},
                 {"severity", to_string(ok.error().severity)},
                 {"retry_in_ms", std::to_string(wait.count())}});
        }
        std::unique_lock lock(stop_mutex_);
        if (stop_cv_.wait_for(lock, wait, [this] { return stop_requested_; })) break;
        if (!ok) wait = std::min(wait * 2, config_.max_backoff);
    }
    const BatcherServiceStats stats = this->stats();
    log(*logger_, fatal ? level_enum::err : level_enum::info, "batcher stopped",
        {{"txs_sent", std::to_string(stats.txs_sent)},
         {"txs_confirmed", std::to_string(stats.txs_confirmed)},
         {"txs_reverted", std::to_string(stats.txs_reverted)},
         {"txs_dropped", std::to_string(stats.txs_dropped)}});
    if (fatal) return unexpected(std::move(*fatal));
    return {};
}

void BatcherService::add_stat(std::uint64_t BatcherServiceStats::*field, std::uint64_t n) {
    std::lock_guard lock(stats_mutex_);
    stats_.*field += n;
}

BatcherServiceStats BatcherService::stats() const {
    std::lock_guard lock(stats_mutex_);
    return stats_;
}

void BatcherService::stop() {
    {
        std::lock_guard lock(stop_mutex_);
        stop_requested_ = true;
    }
    stop_cv_.notify_all();
}

}  // namespace baton::batcher_service
