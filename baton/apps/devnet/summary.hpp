// SPDX-License-Identifier: MIT
#pragma once

// What the devnet saw, and the figures it reports at the end. Pure: the observer feeds values in
// (one L1BlockView per L1 block, safe-head observations with their wall-clock time, the final chain
// comparison) and SummaryBuilder turns them into a Summary. Definitions (docs/devnet.md):
//
// - batches accepted (per batcher): inbox txs from that batcher with receipt status 1 that carry
//   batcher data (calldata starting with the derivation version byte 0x00).
// - txs reverted: inbox txs with receipt status 0 (a leader check failed or the tx was malformed).
// - ignored: inbox txs with status 1 that carry no batcher data (empty, or another version byte);
//   derivation skips them.
// - non-leader data accepted: status-1 inbox txs carrying batcher data from an address with no
//   posting right at their block: not leaderAt(block) (the scheduled primary), and without the
//   inbox's LadderPost event in the same receipt (a backup whose rung was open, IFallbackLadder).
//   The contract makes this impossible; it must be 0. (A status-1 call of one of the inbox's
//   functions, a stake join or a miss report, carries no batcher data: derivation drops it by its
//   version byte, so it is counted as ignored.)
// - backup batches / reverts: accepted batches with a LadderPost event, and status-0 inbox txs of
//   a batcher in a window it is not the scheduled primary of (a backup the primary beat to it).
// - max_safe_stall_l1_blocks: the longest run of consecutive L1 blocks b after which the verifier's
//   safe head had not moved (the head seen when b + 1 appeared, against the one seen when b did)
//   while the sequencer's unsafe head was at least one full channel (blocks_per_channel) ahead of
//   the safe head at b: a channel was waiting to be posted and L1 did not carry it.
// - leadership shares (per batcher): blocks led / L1 blocks with a leader, against the mean over
//   those blocks of weight / total from the mechanism's ILeaderWeights, when it has one.
// - L2 blocks derived: the verifier's final safe head number minus the genesis number.
// - safe-head lag of L2 block n: (wall-clock time at which the devnet first saw the verifier report
//   safe_l2.number >= n) minus block n's timestamp, in seconds. Polling adds up to one poll interval.
//   p50/p99 are nearest-rank percentiles over every block that became safe during the run.
// - wasted L1 blocks of a turn: for a turn in which its leader landed at least one accepted batch,
//   the number of the turn's L1 blocks before the block holding the first one (0 = it landed in the
//   turn's first block). Turns with no accepted batch are counted separately.
// - a turn's safe-head advance: the verifier's safe head seen when the block after the turn's last
//   block appeared, compared with the one seen when the block before the turn's first appeared (at
//   the turn's own first block the verifier may already have derived that block's batches).
// - chains equal: every block up to the verifier's final safe head has the same txn hashes and state
//   root (and hash) on both L2 engines.

#include <baton/apps/devnet/load_inclusion.hpp>
#include <baton/apps/devnet/options.hpp>
#include <baton/apps/devnet/rotation.hpp>
#include <baton/core/bytes.hpp>
#include <baton/core/u256.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace baton::apps::devnet {

struct InboxTx {
    B256 hash{};
    Address sender{};
    std::optional<std::size_t> batcher;  // 1-based, when the sender is one of the devnet's batchers
    bool status = false;                 // receipt status
    bool has_batch_data = false;         // calldata starts with 0x00
    std::size_t calldata_bytes = 0;
    Address inbox{};  // which inbox it was sent to (the devnet's second one after --change-inbox)
    // Status 1 with the inbox's LadderPost event (IFallbackLadder): the rung that let a sender other
    // than the scheduled primary in (1: the stand-in for a demoted primary; 2..4: a backup).
    std::optional<std::uint8_t> ladder_rung;
    std::size_t blobs = 0;  // a blob tx's blob count (its data is in them, not in the calldata)
};

struct L2Head {
    std::uint64_t number = 0;
    B256 hash{};
};

struct L1BlockView {
    std::uint64_t number = 0;
    std::uint64_t timestamp = 0;
    std::optional<Address> leader;              // leaderAt(number); nullopt: nobody / unknown
    std::optional<std::size_t> leader_batcher;  // 1-based
    std::vector<InboxTx> inbox_txs;
    std::optional<L2Head> sequencer_unsafe;  // nullopt: sequencer not answering
    std::optional<L2Head> verifier_safe;
    // Verifier's safe head block compared on both engines: equal hash, state root and txn hashes.
    std::optional<bool> safe_block_matches;
    // ILeaderWeights.weightAt(batcher, number) for each batcher (same order), when the mechanism
    // implements it.
    struct Weights {
        std::vector<std::uint64_t> of_batcher;
        std::uint64_t total = 0;
    };
    std::optional<Weights> weights;
    // --rotate: the L2 blocks the rotating nodes reported built since the previous line, and by whom.
    std::vector<BuiltBy> l2_built;
};

// A reportMissed the devnet's reporter sent (or tried to): the mechanism's window index, the L1
// blocks the reporter saw in it and its leader. `status` is the receipt's, filled in by finish()
// from the observed blocks (nullopt: not seen on L1).
struct MissReport {
    std::uint64_t window = 0;
    std::uint64_t first_block = 0;
    std::uint64_t last_block = 0;
    Address leader{};
    std::optional<std::size_t> leader_batcher;
    std::optional<B256> tx;
    std::string error;  // why it was not sent
    std::optional<bool> status;
};

// A `--bid` the devnet's bidder sent (or tried to) for a batcher, from its key. `status` is the
// receipt's, filled in by finish() from the observed blocks (nullopt: not seen on L1).
struct AuctionBid {
    std::size_t batcher = 1;
    U256 rent_wei{};
    U256 escrow_wei{};  // msg.value
    double at_seconds = 0;
    std::optional<B256> tx;  // the last one sent (a bid a batcher's own tx replaced is sent again)
    std::uint64_t attempts = 0;
    std::string error;  // why it was not sent (or not seen)
    std::optional<bool> status;
};

// A reign as the inbox's logs tell it (ReignScheduled, then ReignCut): `leader` leads L1 blocks
// [start_block, end_block). `cut`: a later bid, a withdrawal or expiry shortened it.
struct AuctionReign {
    std::uint64_t id = 0;
    Address leader{};
    std::optional<std::size_t> leader_batcher;  // finish() fills it in
    std::uint64_t start_block = 0;
    std::uint64_t end_block = 0;
    std::uint64_t scheduled_at = 0;  // L1 block of the ReignScheduled log
    U256 rent_wei{};
    bool cut = false;
    std::optional<std::uint64_t> cut_at;  // L1 block of the ReignCut log
};

// A RentCharged log: `amount` wei from `leader`'s escrow to the proceeds, for `windows` windows.
struct AuctionCharge {
    std::uint64_t reign = 0;
    Address leader{};
    std::uint64_t windows = 0;
    U256 amount{};
};

// What the auction run did (`--mechanism auction`): the bids, and what the inbox's logs say at the
// end, after the bidder's last settle() (so every window that started is charged).
struct AuctionSummary {
    std::vector<AuctionBid> bids;
    std::vector<AuctionReign> reigns;  // by id; a reign cut before it began is left out
    std::vector<AuctionCharge> charges;
    U256 proceeds_wei{};           // sum of the charges: the rent paid
    U256 proceeds_unpaid_wei{};    // totals().proceeds_ at the end (nobody collects in a devnet run)
    std::uint64_t settle_txs = 0;  // settle() calls sent
    std::uint64_t settle_reverted = 0;
    std::string error;  // what the end-of-run reading could not do
};

// Nearest-rank percentile (p in (0, 100]) of `values`; nullopt when empty.
std::optional<double> percentile(std::vector<double> values, double p);

struct BatcherStats {
    std::size_t index = 0;  // 1-based
    Address address{};
    std::uint64_t batches_accepted = 0;
    std::uint64_t bytes_accepted = 0;
    std::uint64_t txs_reverted = 0;
    std::uint64_t windows_led = 0;              // turns (below) whose leader it was
    std::uint64_t blocks_led = 0;               // L1 blocks (from the schedule's start) whose leaderAt it was
    std::optional<double> block_share;          // blocks_led / blocks with a leader
    std::optional<std::uint64_t> weight;        // ILeaderWeights at the last observed block
    std::optional<double> weight_share;         // mean weight / total over the blocks with a leader
    std::uint64_t misses_reported = 0;          // status-1 reports of its windows
    std::uint64_t backup_batches_accepted = 0;  // accepted through a ladder rung (of batches_accepted)
    std::uint64_t backup_txs_reverted = 0;      // reverted in others' windows (of txs_reverted)
    std::uint64_t blob_batches_accepted = 0;    // of batches_accepted: blob txs
    std::uint64_t blobs_accepted = 0;
    std::optional<U256> rent_paid_wei;  // auction runs: its RentCharged amounts
};

// IFallbackLadder.ladderParameters() of the inbox, when it has a ladder.
struct LadderSummary {
    std::uint64_t g1 = 0;
    std::uint64_t g2 = 0;
    std::uint64_t g3 = 0;
    std::uint64_t max_misses = 0;
};

// A turn is a window of the schedule: a maximal run of L1 blocks with the same leaderAt
// (address(0), nobody, included), however long.
struct TurnStats {
    std::uint64_t index = 0;  // the window's ordinal from the schedule's start
    std::uint64_t first_block = 0;
    std::uint64_t last_block = 0;  // inclusive
    std::optional<std::size_t> leader_batcher;
    std::uint64_t batches_accepted = 0;
    std::uint64_t txs_reverted = 0;
    std::optional<std::uint64_t> wasted_blocks;  // set when a batch was accepted
    std::optional<std::size_t> posted_by;        // batcher of the first accepted batch
    std::uint8_t rung = 0;                       // the rung it used (1 for the scheduled primary)
    std::uint64_t backup_batches_accepted = 0;
    std::uint64_t backup_txs_reverted = 0;
    std::optional<std::uint64_t> safe_before;
    std::optional<std::uint64_t> safe_after;
    bool complete = false;        // the blocks just before and just after the turn were observed
    bool leader_offline = false;  // its batcher was killed (not restarted) before the turn ended
};

struct ChainCheck {
    std::uint64_t blocks_compared = 0;
    std::uint64_t mismatches = 0;
    std::optional<std::uint64_t> first_mismatch;
    bool safe_chain_contiguous = true;  // each safe block's parent hash is its predecessor's hash
    std::string error;                  // set when the comparison could not run to the end
};

// What the fault injector did (filled in by the devnet); SummaryBuilder::finish adds the outcome.
// Times are wall-clock unix seconds, except `*_seconds` relative to when the batchers started.
struct FaultRecord {
    FaultSpec spec;
    bool injected = false;
    std::string error;                      // why it was not injected, or what failed part-way
    double injected_seconds = 0;            // since the batchers started
    double injected_unix = 0;               // wall clock at injection
    double ended_unix = 0;                  // wall clock when it ended (outage: L1 back; spam: last tx sent)
    std::optional<std::uint64_t> l1_block;  // reorg: first replaced block; change: the update's block;
                                            // others: the L1 head at injection
    // kL1Reorg
    std::uint64_t txs_requeued = 0;         // txs of the replaced blocks sent again
    std::optional<bool> inbox_code_intact;  // every inbox and SystemConfig has its deployed code after
                                            // the reorg; nullopt: not checked
    // kL1Outage
    std::optional<std::uint64_t> l1_block_end;  // L1 head when it came back
    // kSpam
    Address spammer{};
    std::vector<B256> spam_txs;  // every tx sent
    // kChangeInbox
    Address old_inbox{};
    std::optional<Address> new_inbox;
};

// A fault's outcome (docs/devnet.md, "Fault injection"):
// - safe_stall_seconds: the longest time without a verifier safe-head advance between the injection
//   and kFaultSettleSeconds after its end, or the next fault's injection if that comes first (the
//   interval before the first advance counts from the last advance before the injection).
// - recovery_seconds: from its end to the first safe-head advance after it.
// - safe_head_regressions: polls in which the safe head went back, within the same window.
struct FaultOutcome {
    FaultRecord record;
    std::optional<std::uint64_t> safe_head_at_injection;
    std::optional<double> safe_stall_seconds;
    std::optional<double> recovery_seconds;
    std::uint64_t safe_head_regressions = 0;
    std::uint64_t spam_reverted = 0;
    std::uint64_t spam_accepted = 0;  // status 1: the inbox let a non-member in
    std::uint64_t spam_unseen = 0;    // no receipt in any observed L1 block
    std::uint64_t batches_to_new_inbox = 0;
    std::uint64_t batches_to_old_inbox_after = 0;  // status-1 batches to the old inbox after the update
    bool ok = false;
    std::string outcome;  // one line: what was seen, and why it is not ok
};

inline constexpr double kFaultSettleSeconds = 30;

struct Summary {
    double duration_seconds = 0;
    std::uint64_t l1_blocks = 0;
    std::vector<BatcherStats> batchers;
    std::uint64_t txs_reverted = 0;
    std::uint64_t txs_ignored = 0;
    std::uint64_t non_leader_txs_accepted = 0;
    std::uint64_t non_leader_bytes_accepted = 0;
    std::uint64_t genesis_l2 = 0;
    std::optional<std::uint64_t> unsafe_head;
    std::optional<std::uint64_t> safe_head;
    std::uint64_t l2_blocks_derived = 0;
    std::optional<double> safe_lag_p50;
    std::optional<double> safe_lag_p99;
    std::optional<double> safe_lag_max;
    std::uint64_t safe_lag_samples = 0;
    std::uint64_t safe_head_regressions = 0;   // polls in which the verifier's safe head went back
    std::uint64_t unsafe_blocks_replaced = 0;  // sequencer blocks later replaced at their height
    std::vector<TurnStats> turns;
    std::uint64_t turns_with_batches = 0;
    std::uint64_t turns_without_batches = 0;  // complete turns with a leader and no accepted batch
    std::uint64_t wasted_blocks_total = 0;
    std::optional<double> wasted_blocks_mean;
    std::uint64_t wasted_blocks_max = 0;
    ChainCheck chain;
    bool chains_equal = false;
    std::vector<FaultOutcome> faults;
    std::vector<MissReport> miss_reports;
    std::optional<LadderSummary> ladder;
    std::uint64_t backup_batches_accepted = 0;
    std::uint64_t backup_txs_reverted = 0;
    std::uint64_t backup_reverts_max_per_window = 0;
    std::uint64_t windows_backed_up = 0;  // windows whose first accepted batch came from a backup
    std::uint64_t max_safe_stall_l1_blocks = 0;
    std::uint64_t blob_batches_accepted = 0;  // accepted batches that are blob txs
    std::uint64_t blobs_accepted = 0;
    std::optional<AuctionSummary> auction;
    // --rotate only (rotation.hpp); its unsafe_blocks_replaced, the nodes' own count, is then also
    // the summary's unsafe_blocks_replaced.
    std::optional<RotationSummary> rotation;
    // The load generator's txs against the verifier's chain (nullopt: not checked, e.g. no safe head).
    std::optional<LoadInclusion> load;

    bool faults_ok() const noexcept {
        for (const auto& f : faults) {
            if (!f.ok) return false;
        }
        return true;
    }
    // Exit code 0 only when this holds. A --rotate run must also show every safe block's coinbase
    // to be its builder's recipient.
    bool ok() const noexcept {
        return chains_equal && non_leader_txs_accepted == 0 && faults_ok() &&
               (!rotation || rotation->fee_recipients_match);
    }
};

nlohmann::json summary_json(const Summary& summary);
// The human-readable end-of-run report (several lines, no colour).
std::string format_summary(const Summary& summary);

class SummaryBuilder {
public:
    struct Schedule {
        std::uint64_t start_block = 0;  // turns (windows, read from leaderAt) are counted from here
        std::uint64_t genesis_l2 = 0;
        std::uint64_t genesis_l2_time = 0;
        std::uint64_t l2_block_time = 1;
        std::uint64_t blocks_per_channel = 1;  // a channel "waits" once this many blocks are unsafe
        std::optional<LadderSummary> ladder;
    };

    SummaryBuilder(Schedule schedule, std::vector<Address> batchers);

    void add_l1_block(const L1BlockView& view);
    // The verifier reported safe head `number` at `unix_seconds` (wall clock).
    void on_safe_head(std::uint64_t number, double unix_seconds);
    // A sequencer block seen at `number`; a different hash later at the same height is a replacement.
    void on_unsafe_block(std::uint64_t number, const B256& hash);
    // Batcher `index` (1-based) went offline for good at L1 block `l1_block` (killed, not restarted).
    void on_batcher_offline(std::size_t index, std::uint64_t l1_block);
    // Batcher `index` was started again (a restart undoes an earlier kill).
    void on_batcher_online(std::size_t index);
    // A fault the devnet injected (or failed to inject).
    void add_fault(const FaultRecord& record);
    // A report the miss reporter sent.
    void add_miss_report(const MissReport& report);
    // The auction's bids and logs (--mechanism auction); finish() adds the statuses, the batchers
    // and each batcher's rent.
    void set_auction(AuctionSummary auction) { auction_ = std::move(auction); }
    // --rotate: the rotation figures (summarize_rotation), read at the end.
    void set_rotation(RotationSummary rotation) { rotation_ = std::move(rotation); }
    void set_load_inclusion(LoadInclusion load) { load_ = load; }
    // Heights at which on_unsafe_block saw a block, for the end-of-run replacement check.
    std::vector<std::uint64_t> unsafe_heights() const;

    Summary finish(const ChainCheck& chain, double duration_seconds) const;
    // One fault's outcome from what was observed (finish() does this for every added fault, with
    // `window_end_unix` the next fault's injection, so that a stall is not counted twice).
    FaultOutcome fault_outcome(const FaultRecord& record,
                               std::optional<double> window_end_unix = std::nullopt) const;

    const Schedule& schedule() const noexcept { return schedule_; }

private:
    // Per batcher: windows and blocks led, their share, and the mechanism's weights (finish()).
    void add_leadership_shares(Summary& s) const;
    // The auction's figures: bid statuses from the observed blocks, reign leaders, rent per batcher.
    void add_auction(Summary& s) const;
    // The longest safe-head stall with a full channel waiting, in L1 blocks (see the definitions).
    std::uint64_t max_safe_stall_l1_blocks() const;

    Schedule schedule_;
    std::vector<BatcherStats> batchers_;
    std::map<std::uint64_t, L1BlockView> blocks_;  // by number
    std::optional<std::uint64_t> last_safe_;
    std::vector<double> lags_;
    std::uint64_t regressions_ = 0;
    std::vector<double> regression_times_;
    std::vector<std::pair<double, std::uint64_t>> advances_;  // (unix time, new safe head)
    std::optional<double> last_observation_;
    std::vector<FaultRecord> faults_;
    std::vector<MissReport> miss_reports_;
    std::map<std::uint64_t, B256> unsafe_seen_;
    std::uint64_t unsafe_replaced_ = 0;
    std::map<std::size_t, std::uint64_t> offline_from_;  // batcher → L1 block
    std::optional<AuctionSummary> auction_;
    std::optional<RotationSummary> rotation_;
    std::optional<LoadInclusion> load_;
};

}  // namespace baton::apps::devnet
