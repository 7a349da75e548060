// SPDX-License-Identifier: MIT
#pragma once

// BatcherService: the batcher's I/O loop around the pure batcher (baton/batcher). Each step:
//
//   L1 head (eth_getBlockByNumber latest)         → WindowTracker.observe(nextWindow(me, head), head)
//   safe head (rollup node's baton_syncStatus)    → BatchSubmitter.on_safe_head
//   unsafe L2 blocks (L2 engine, full txs)        → BatchSubmitter.add_unsafe_block
//   TxManager.poll outcomes                       → on_tx_confirmed / on_tx_failed
//   window ended                                  → on_window_end (unconfirmed channels dropped)
//   plan kSubmit                                  → next_txs → TxManager.send (deadline: the window's
//                                                   last landing block, so nothing lands after it)
//   otherwise, when the inbox has a fallback ladder → the backup step (below)
//
// Decisions:
// - The start is the safe head, and the safe head is trusted only once the rollup node has read L1
//   up to the head seen at start (sync status current_l1): a restarted batcher then sees its own
//   confirmed channels as safe and does not post them again. Before that, txs of a previous run
//   still pending (pending nonce > latest nonce) are waited for (bounded), so a channel a killed
//   process left in flight is on L1 and safe before this run cuts its own.
// - SystemConfig (batch inbox, batcherHash version) is read at start and again at every new L1
//   head: v0 posts at any time (no window), v1 asks the inbox for windows. A moved inbox or a
//   v0/v1 switch is followed without a restart (the current window is dropped).
// - Every failure ends the step with a BatcherError and its severity (core/severity.hpp): `run`
//   logs a temporary one (a peer that did not answer) and retries with exponential backoff (poll
//   interval doubling up to max_backoff); a critical one (a key, setting or channel that cannot
//   work) ends `run`, so the process exits non-zero instead of retrying forever. Nothing here
//   throws or exits.
// - Each batcher tx is logged twice in logfmt: "batcher tx sent" and "batcher tx confirmed" /
//   "reverted" / "dropped", with channel, frames, l2 block range, tx hash, L1 block and status.
//   The key is never logged.
// - Backup (IFallbackLadder; the rule is batcher::BackupPlanner's): outside its own windows the
//   batcher asks `rungOf(me, landing block)` at every L1 head. Once its rung is open, a full
//   channel has waited G1 blocks and the primary has still posted nothing (`postingRights` != 0),
//   it posts the pending channel from the safe head with the same estimate-before-send rule, one
//   tx in flight at a time: a primary that posts late can make at most that tx revert, which is
//   counted (backup_txs_reverted). When the primary posts or the window ends, what was not
//   confirmed goes back to the queue, so nothing is posted twice into one window.

#include <baton/batcher/backup_planner.hpp>
#include <baton/batcher/batch_submitter.hpp>
#include <baton/batcher/window_planner.hpp>
#include <baton/batcher_service/batcher_error.hpp>
#include <baton/batcher_service/data_availability.hpp>
#include <baton/batcher_service/tx_manager.hpp>
#include <baton/core/result.hpp>
#include <baton/core/secp256k1.hpp>
#include <baton/core/severity.hpp>
#include <baton/l1/leader_schedule.hpp>
#include <baton/protocol/rollup_config.hpp>
#include <baton/rpc/client.hpp>

#include <spdlog/logger.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>

namespace baton::batcher_service {

struct BatcherServiceConfig {
    std::string l1_url;
    std::string l2_engine_url;
    std::string rollup_node_url;
    protocol::RollupConfig rollup;
    std::uint64_t safety_margin = 1;  // L1 blocks kept free at the end of a window
    std::chrono::milliseconds poll_interval{250};
    std::chrono::milliseconds max_backoff{5000};
    std::size_t max_frame_size = batcher::kDefaultMaxFrameSize;
    int compression_level = 9;
    std::uint64_t max_txs_per_l1_block = 8;
    std::uint64_t max_blocks_per_step = 100;  // unsafe blocks read per step (keeps steps short)
    // At start, how many L1 blocks to wait for txs of a previous run of this key to be mined.
    std::uint64_t previous_txs_wait_blocks = 10;
    TxManagerConfig tx;
    std::optional<B256> channel_id_seed;  // unset: random
    bool backup = true;  // post as a backup when the inbox's fallback ladder opens a rung for us
    // calldata, one blob per tx, or the cheaper at send time (batcher_service/data_availability).
    DataAvailability data_availability = DataAvailability::kCalldata;
};

struct BatcherServiceStats {
    std::uint64_t steps = 0;
    std::uint64_t step_errors = 0;
    std::uint64_t txs_sent = 0;
    std::uint64_t txs_confirmed = 0;
    std::uint64_t txs_reverted = 0;
    std::uint64_t txs_dropped = 0;
    std::uint64_t estimate_reverts = 0;  // NotLeader & co caught before sending
    std::uint64_t windows_ended = 0;
    std::uint64_t wasted_blocks = 0;
    std::uint64_t backup_windows = 0;       // other leaders' windows it posted in as a backup
    std::uint64_t backup_txs_sent = 0;      // included in txs_sent
    std::uint64_t backup_txs_reverted = 0;  // included in txs_reverted (the primary posted first)
};

class BatcherService {
public:
    // Checks the config and connects nothing yet (the first step does): bad URLs or a bad
    // submitter config fail here, a dead node only later, as retried step errors. `schedule` is
    // where SystemConfig and the inbox's windows are read; null: from L1 at config.l1_url.
    static Result<std::unique_ptr<BatcherService>, std::string> make(
        BatcherServiceConfig config, const PrivateKey& key, std::shared_ptr<spdlog::logger> logger,
        std::shared_ptr<l1::LeaderSchedule> schedule = nullptr);

    // One iteration (see the header comment). An error is for the caller to log and retry.
    Result<void, BatcherError> step();

    // Steps every poll interval until stop() (backoff after temporary errors). Returns {} when
    // stopped, or the critical error that ended it.
    Result<void, BatcherError> run();
    // Thread-safe; wakes run() at once.
    void stop();

    const Address& address() const noexcept { return address_; }
    // A snapshot; safe to call while run() is going on another thread.
    BatcherServiceStats stats() const;
    // The state machine; only while run() is not going (tests step the service themselves).
    const batcher::BatchSubmitter& submitter() const noexcept { return submitter_; }

private:
    BatcherService(BatcherServiceConfig config, const PrivateKey& key, std::shared_ptr<spdlog::logger> logger,
                   rpc::Client l1, rpc::Client l2, rpc::Client rollup_node,
                   batcher::BatchSubmitter submitter);

    Result<void, BatcherError> init();
    void apply_auth(const l1::BatcherAuth& auth);
    Result<void, BatcherError> refresh_auth(std::uint64_t l1_head);
    Result<void, BatcherError> read_safe_head(std::uint64_t& current_l1);
    Result<void, BatcherError> read_unsafe_blocks();
    Result<void, BatcherError> handle_outcomes();
    Result<void, BatcherError> submit(const batcher::Plan& plan, bool as_backup = false);
    Result<void, BatcherError> backup_step(const batcher::L1Head& head);

    struct SentInfo {
        batcher::TxId id = 0;
        std::string channel;
        std::string frames;
        std::string l2_blocks;
        bool backup = false;  // sent in another leader's window
    };

    BatcherServiceConfig config_;
    PrivateKey key_;
    std::shared_ptr<spdlog::logger> logger_;
    rpc::Client l1_;
    rpc::Client l2_;
    rpc::Client rollup_node_;
    std::shared_ptr<l1::LeaderSchedule> schedule_;
    batcher::BatchSubmitter submitter_;
    Address address_{};

    // Set up by the first successful init().
    std::optional<TxManager> txmgr_;
    std::optional<l1::BatcherAuth> auth_;
    std::uint64_t auth_read_at_ = 0;  // L1 head at which SystemConfig was last read
    std::optional<batcher::WindowTracker> tracker_;
    std::optional<batcher::Window> window_;          // our current or next window, as nextWindow gave it
    std::optional<std::uint64_t> window_joined_at_;  // the L1 head at which our next turns were last joined
    std::optional<std::uint64_t> start_l1_;          // L1 head at start: the safe head is trusted past it
    bool previous_txs_settled_ = false;
    std::uint64_t last_waiting_count_ = 0;  // previous-run txs last reported (logs once per change)
    bool safe_head_trusted_ = false;
    // The rollup node's unsafe head at the last baton_syncStatus: blocks are read up to it only. A
    // block above it may exist on the engine only for the length of a failed build (the sequencer
    // rolls it back), and posting it would make the sequencer's own chain reorg to the derived one.
    std::optional<batcher::BlockId> node_unsafe_head_;
    // Whether the inbox was probed for a fallback ladder, and the backup planner when it has one.
    bool ladder_probed_ = false;
    std::optional<batcher::BackupPlanner> backup_;

    void add_stat(std::uint64_t BatcherServiceStats::*field, std::uint64_t n = 1);

    std::map<TxHandle, SentInfo> sent_;
    mutable std::mutex stats_mutex_;
    BatcherServiceStats stats_;  // written on the run thread, read by stats() from anywhere

    std::mutex stop_mutex_;
    std::condition_variable stop_cv_;
    bool stop_requested_ = false;
};

}  // namespace baton::batcher_service
