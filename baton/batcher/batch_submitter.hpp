// SPDX-License-Identifier: MIT
#pragma once

// BatchSubmitter: the batcher's submission state machine (ARCHITECTURE.md §4), pure. The node
// feeds it events and sends the tx payloads it hands out; it never touches a clock, socket or key.
//
//   queue  = L2 blocks safe_head + 1 ..= unsafe head (fed by the node, checked to form one chain
//            on top of the safe head)
//   chans  = consecutive channels of exactly blocks_per_channel blocks, cut from safe_head + 1:
//            [confirmed]* [in flight]* [pending]      (in L2 block order)
//
//                 next_txs (fits in the        on_tx_confirmed
//    built ──────► window's tx budget) ──► sent ─────────────────► confirmed ── safe head passes ──► gone
//    (pending)                              │ on_tx_failed (reverted / dropped)
//                                           ▼
//                  this channel and every later one are dropped; their blocks are queued again
//
//   on_window_end:   every channel not confirmed is dropped (its blocks queued again); confirmed
//                    channels stay until the safe head passes them (they are on L1 already)
//   on_safe_head:    moves the base; a hash conflict with a queued block or a safe head going back
//                    resets to it; a safe head ahead of the queue skips what others posted
//   L2 reorg:        a block whose hash differs from the queued one, or whose parent does not match,
//                    resets everything to the safe head
//
// Decisions:
// - The start is always the safe head (derived from L1) plus this object's own channels, never
//   memory alone: a fresh object given the same safe head cuts the same channels (same blocks, new
//   ids), so a restarted batcher neither skips nor re-posts beyond what the safe head implies.
// - Holocene reads one channel at a time, in order: when a tx fails, later channels built on top
//   of it would be derived as future batches and dropped, so they are dropped here too and rebuilt.
// - A channel is handed out whole (all its frames in one next_txs call) and only when all its
//   frames fit in the plan's tx budget minus the txs still in flight: never one that cannot finish
//   inside the window. Confirmations of dropped channels are stale and only counted.
// - A confirmed channel that the safe head has not covered `confirmed_timeout` L1 blocks after its
//   last frame landed is forgotten (L1 reorg or a lost derivation): its blocks are queued again.

#include <baton/batcher/channel_builder.hpp>
#include <baton/batcher/l2_block.hpp>
#include <baton/batcher/window_planner.hpp>
#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/protocol/frame.hpp>
#include <baton/protocol/rollup_config.hpp>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace baton::batcher {

using TxId = std::uint64_t;

enum class [[nodiscard]] SubmitterError{
    kInvalidConfig,             // blocks_per_channel 0 (and none in the rollup config), frame size too small
    kNoSafeHead,                // an event that needs the safe head came before on_safe_head
    kGap,                       // an unsafe block beyond the next expected number
    kNotOnSafeHead,             // the first unsafe block's parent is not the safe head
    kChannelBuildFailed,        // the next channel cannot be built (see detail); the batcher is stuck
    kChannelTooLargeForWindow,  // a channel needs more txs than any window can take
};

const char* to_string(SubmitterError e) noexcept;

struct SubmitterFailure {
    SubmitterError error;
    std::string detail;
};

struct SubmitterConfig {
    // Blocks per channel; 0 takes the rollup config's l2_blocks_per_channel.
    std::uint64_t blocks_per_channel = 0;
    std::size_t max_frame_size = kDefaultMaxFrameSize;
    int compression_level = 9;
    B256 channel_id_seed{};                // random per process, from the node
    std::uint64_t confirmed_timeout = 64;  // L1 blocks; see the header comment
    // At most this many txs in flight (0: no limit beyond the window's budget), like op-batcher's
    // MaxPendingTransactions. A channel with more frames is still sent when nothing is in flight.
    std::size_t max_txs_in_flight = 0;
};

// One batcher tx to send now.
struct TxRequest {
    TxId id = 0;
    protocol::ChannelId channel{};
    std::vector<std::uint16_t> frame_numbers;  // one frame per tx today
    Bytes payload;                             // calldata: 0x00 ++ frames
    std::uint64_t first_block = 0;             // the channel's L2 blocks, inclusive (for logs)
    std::uint64_t last_block = 0;
    bool closes_channel = false;  // carries the channel's last frame
    // The plan's last usable landing block: a tx not mined by then is of no use (kUnbounded in v0).
    std::uint64_t last_landing_block = 0;
};

enum class AddOutcome : std::uint8_t {
    kAppended,       // queued as the new unsafe tip
    kAlreadyQueued,  // the same block (same hash) is already queued
    kBelowSafeHead,  // at or below the safe head: nothing to post
    kReorgReset,     // it replaced a queued block: reset to the safe head, not queued
};

const char* to_string(AddOutcome o) noexcept;

enum class TxFailure : std::uint8_t {
    kReverted,  // mined with status 0: the data is not on L1 (derivation ignores it)
    kDropped,   // not mined by its deadline, or given up by the tx manager
};

const char* to_string(TxFailure f) noexcept;

struct SubmitterCounters {
    std::uint64_t channels_opened = 0;     // built from blocks_per_channel blocks (opened and closed)
    std::uint64_t channels_submitted = 0;  // all frames handed out for sending
    std::uint64_t channels_confirmed = 0;  // all frames confirmed with status 1
    std::uint64_t channels_failed = 0;     // a tx of it failed (or an earlier channel failed)
    std::uint64_t channels_dropped = 0;    // dropped unconfirmed at a window end or reset
    std::uint64_t frames_sent = 0;
    std::uint64_t frames_confirmed = 0;
    std::uint64_t txs_sent = 0;
    std::uint64_t txs_confirmed = 0;
    std::uint64_t txs_reverted = 0;
    std::uint64_t txs_dropped = 0;
    std::uint64_t stale_tx_events = 0;     // confirmations/failures of txs of dropped channels
    std::uint64_t blocks_requeued = 0;     // L2 blocks queued again after a failure or window end
    std::uint64_t l2_reorgs = 0;           // resets for an unsafe block hash change
    std::uint64_t safe_head_resets = 0;    // resets for a safe head going back or conflicting
    std::uint64_t confirmed_timeouts = 0;  // confirmed channels forgotten (see confirmed_timeout)

    friend bool operator==(const SubmitterCounters&, const SubmitterCounters&) = default;
};

class BatchSubmitter {
public:
    static Result<BatchSubmitter, SubmitterFailure> make(const protocol::RollupConfig& rollup,
                                                         const SubmitterConfig& config);

    // ---- events ----
    // The L2 safe head from the rollup node (derived from L1).
    void on_safe_head(const BlockId& safe);
    // The next unsafe block (number = next_block_wanted()), or a block already queued, checked for
    // a reorg: a different hash, or a parent that is not the queued head, resets everything to the
    // safe head (kReorgReset; the block is not taken: feed again from next_block_wanted()).
    // Blocks at or below the safe head are ignored. The node should re-feed the queued head
    // (queued_head()) on every poll, so a sequencer that rebuilt it is noticed.
    Result<AddOutcome, SubmitterFailure> add_unsafe_block(L2Block block);
    // The tx landed with status 1 in L1 block `l1_block`.
    void on_tx_confirmed(TxId id, std::uint64_t l1_block);
    // The tx reverted or was dropped: its channel and all later ones are dropped, blocks re-queued.
    void on_tx_failed(TxId id, TxFailure why);
    // The window is over: drop every unconfirmed channel (in-flight txs become stale).
    void on_window_end();
    // Forget everything above the safe head (e.g. after an L1 reorg seen by the node).
    void reset_to_safe_head();

    // ---- output ----
    // The txs to send now under `plan` (nothing unless kSubmit): whole channels that fit.
    Result<std::vector<TxRequest>, SubmitterFailure> next_txs(const Plan& plan);

    // ---- state ----
    const std::optional<BlockId>& safe_head() const noexcept { return safe_; }
    // The number of the next unsafe block to feed (safe + 1 before the first block).
    std::optional<std::uint64_t> next_block_wanted() const noexcept;
    // The last L2 block covered by a channel (sent or confirmed), or the safe head.
    std::optional<std::uint64_t> last_posted_block() const noexcept;
    std::size_t queued_blocks() const noexcept { return blocks_.size(); }
    // The newest queued unsafe block (none when the queue is empty).
    std::optional<BlockId> queued_head() const noexcept;
    std::size_t txs_in_flight() const noexcept { return in_flight_.size(); }
    std::size_t channels_in_flight() const noexcept;
    const SubmitterCounters& counters() const noexcept { return counters_; }
    std::uint64_t blocks_per_channel() const noexcept { return blocks_per_channel_; }

private:
    enum class ChannelState : std::uint8_t { kPending, kSent, kConfirmed };
    struct Channel {
        BuiltChannel built;
        ChannelState state = ChannelState::kPending;
        std::size_t frames_confirmed = 0;
        std::uint64_t last_landed = 0;  // L1 block of the latest confirmation
    };
    struct InFlight {
        protocol::ChannelId channel{};
        std::size_t frame_count = 0;
    };

    BatchSubmitter(const protocol::RollupConfig& rollup, const SubmitterConfig& config,
                   std::uint64_t blocks_per_channel);

    void reset(bool count_as_reorg);
    void drop_channels_from(std::size_t index, bool failed);
    void prune_below_safe();
    std::uint64_t base_number() const noexcept;  // last block covered by a channel, or safe
    std::optional<std::size_t> find_channel(const protocol::ChannelId& id) const noexcept;
    Result<void, SubmitterFailure> build_next_channel(const L1Head& head);

    protocol::RollupConfig rollup_;
    SubmitterConfig config_;
    std::uint64_t blocks_per_channel_;
    std::optional<BlockId> safe_;
    std::deque<L2Block> blocks_;    // safe + 1 ..= unsafe head, contiguous
    std::deque<Channel> channels_;  // in block order from safe + 1
    std::map<TxId, InFlight> in_flight_;
    TxId next_tx_id_ = 1;
    std::uint64_t channel_counter_ = 0;
    SubmitterCounters counters_;
};

}  // namespace baton::batcher
