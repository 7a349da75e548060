// SPDX-License-Identifier: MIT
// Batcher scenarios: the sequencer's blocks go through baton::batcher (BatchSubmitter, WindowTracker)
// into FakeL1Chain as inbox txs, and the real derivation pipeline must derive exactly those blocks,
// once each: across leader windows that end mid-way, a reverted tx and a restarted batcher.
//
// The inbox contract is emulated: a tx landing outside its sender's window is mined with status 0
// (NotLeader), which derivation under batcherHash v1 ignores. A tx sent while the L1 head is h lands
// in block h + 1 (the pending block) unless the scenario holds it back.
#include "scenario.hpp"

#include <baton/batcher/batch_submitter.hpp>
#include <baton/batcher/window_planner.hpp>

#include <array>
#include <deque>
#include <memory>
#include <random>

namespace baton::scenario {
namespace {

using batcher::BatchSubmitter;
using batcher::TxRequest;
using batcher::Window;
using derive::test_util::test_key;

using Summary = std::vector<BlockSummary>;

// A batcher process: its key, its leader windows, and the pure batcher parts the node would drive.
struct Batcher {
    Batcher(World& w, std::uint8_t key_n, std::vector<Window> windows, std::uint8_t seed,
            bool always_open = false, std::size_t max_frame_size = batcher::kDefaultMaxFrameSize,
            std::uint64_t max_txs_per_l1_block = 1)
        : world(w),
          key(test_key(key_n)),
          windows_(std::move(windows)),
          tracker(planner_config(always_open, max_txs_per_l1_block)),
          submitter(make_submitter(w, seed, max_frame_size)) {}

    static batcher::PlannerConfig planner_config(bool always_open, std::uint64_t max_txs_per_l1_block) {
        batcher::PlannerConfig c;
        c.always_open = always_open;
        c.safety_margin = 1;
        c.blocks_to_inclusion = 1;
        c.max_txs_per_l1_block = max_txs_per_l1_block;  // 1 by default: windows end mid-way with few blocks
        return c;
    }
    static BatchSubmitter make_submitter(World& w, std::uint8_t seed, std::size_t max_frame_size) {
        batcher::SubmitterConfig c;
        c.channel_id_seed[0] = seed;
        c.max_frame_size = max_frame_size;
        auto s = BatchSubmitter::make(w.rollup, c);
        EXPECT_TRUE(s);
        return std::move(*s);
    }

    // The window at or after `from` (what ILeaderElection.nextWindow answers).
    std::optional<Window> next_window(std::uint64_t from) const {
        for (const auto& win : windows_)
            if (win.end > from) return win;
        return std::nullopt;
    }
    bool leads(std::uint64_t l1_block) const {
        if (tracker.config().always_open) return true;  // v0: a plain EOA inbox takes anything
        for (const auto& win : windows_)
            if (l1_block >= win.start && l1_block < win.end) return true;
        return false;
    }

    // One poll of the node's loop: safe head and unsafe blocks in, plan, payloads out.
    std::vector<TxRequest> poll() {
        const auto safe = world.ver_chain->head();
        submitter.on_safe_head(safe.id());
        // Unsafe blocks from the queued head on (re-fed, so a rebuilt tip is noticed).
        const auto& seq = *world.seq_chain;
        const auto queued = submitter.queued_head();
        std::uint64_t n =
            queued ? std::min(queued->number, seq.head().number) : *submitter.next_block_wanted();
        while (n <= seq.head().number) {
            auto added = submitter.add_unsafe_block(l2_block(n));
            EXPECT_TRUE(added) << (added ? "" : added.error().detail);
            if (!added) break;
            n = *added == batcher::AddOutcome::kReorgReset ? *submitter.next_block_wanted() : n + 1;
        }
        const auto& head = world.l1.head();
        const batcher::L1Head l1_head{head.number, head.timestamp};
        const auto update = tracker.observe(next_window(head.number + 1), l1_head);
        if (update.window_ended) submitter.on_window_end();
        auto txs = submitter.next_txs(update.plan);
        return txs ? *txs : std::vector<TxRequest>{};
    }

    batcher::L2Block l2_block(std::uint64_t n) const {
        const auto& ref = world.seq_chain->block(n);
        batcher::L2Block b;
        b.number = ref.number;
        b.hash = ref.hash;
        b.parent_hash = ref.parent_hash;
        b.timestamp = ref.timestamp;
        b.l1_origin = ref.l1_origin;
        b.sequence_number = ref.sequence_number;
        b.transactions = world.seq_chain->txs(n);
        return b;
    }

    // Puts `txs` into the pending L1 block; the emulated inbox reverts those outside our window.
    // `force_revert` makes every one of them revert anyway (e.g. out of gas).
    void send(const std::vector<TxRequest>& txs, bool force_revert = false) {
        const std::uint64_t landing = world.l1.head().number + 1;
        for (const auto& tx : txs) {
            const bool ok = leads(landing) && !force_revert;
            world.l1.add_batcher_tx(key, world.rollup.batch_inbox_address, tx.payload, ok);
            landed_.push_back({tx.id, landing, ok});
        }
    }
    // After the L1 block was mined: the tx manager's receipts.
    void report_receipts() {
        for (const auto& l : landed_) {
            if (l.ok)
                submitter.on_tx_confirmed(l.id, l.block);
            else
                submitter.on_tx_failed(l.id, batcher::TxFailure::kReverted);
        }
        landed_.clear();
    }

    struct Landed {
        batcher::TxId id;
        std::uint64_t block;
        bool ok;
    };

    World& world;
    PrivateKey key;
    std::vector<Window> windows_;
    batcher::WindowTracker tracker;
    BatchSubmitter submitter;
    std::vector<Landed> landed_;
};

protocol::SystemConfig leader_election_config() {
    protocol::SystemConfig cfg = derive::test_util::make_test_rollup().genesis.system_config;
    cfg.batcher_hash = protocol::make_leader_election_batcher_hash();
    return cfg;
}

// One L1 block: every batcher polls and sends, the block is mined, receipts are reported, the
// verifier derives. Returns what was derived.
std::vector<L2BlockRef> l1_step(World& w, const std::vector<Batcher*>& batchers) {
    for (auto* b : batchers) b->send(b->poll());
    w.l1.mine();
    for (auto* b : batchers) b->report_receipts();
    return w.step_until_idle();
}

// Blocks 1..n, each derived exactly once and in order.
void expect_each_block_once(const std::vector<L2BlockRef>& derived, std::uint64_t n) {
    ASSERT_EQ(derived.size(), n);
    for (std::uint64_t i = 0; i < n; ++i) EXPECT_EQ(derived[i].number, i + 1);
}

TEST(ScenarioBatcher, V0SingleBatcherPostsEverythingAlwaysOpen) {
    World w;  // batcherHash v0: test_key(1) is the batcher
    Batcher a(w, 1, {}, 1, /*always_open=*/true);
    w.l1.mine_empty(1);
    for (int i = 0; i < 10; ++i) w.sequence({w.user_tx(static_cast<std::uint8_t>(i % 2))});
    std::vector<L2BlockRef> derived;
    for (int i = 0; i < 3; ++i) {
        auto d = l1_step(w, {&a});
        derived.insert(derived.end(), d.begin(), d.end());
    }
    expect_each_block_once(derived, 8);  // 9-10 wait for a full channel of 4
    w.expect_verifier_matches_sequencer_through(8);
    w.sequence_n(2);
    auto d = l1_step(w, {&a});
    derived.insert(derived.end(), d.begin(), d.end());
    expect_each_block_once(derived, 12);
    w.expect_verifier_matches_sequencer_through(12);
    EXPECT_EQ(a.submitter.counters().channels_confirmed, 3u);
    EXPECT_EQ(a.submitter.counters().txs_reverted, 0u);
    EXPECT_EQ(a.tracker.wasted_blocks_total(), 0u);
}

TEST(ScenarioBatcher, AWindowThatEndsMidwayIsFinishedByTheNextLeaderWithoutGapOrDuplicate) {
    auto cfg = leader_election_config();
    World w(0, &cfg);
    // L1 blocks 1..: A leads [2, 5), B leads [5, 8), A again [8, 11). Margin 1, one tx per block
    // expected: A can land in #2 and #3 only, so three of its four channels fit, the fourth is B's.
    Batcher a(w, 51, {{2, 5}, {8, 11}}, 1);
    Batcher b(w, 52, {{5, 8}}, 2);
    for (int i = 0; i < 16; ++i) w.sequence({w.user_tx(static_cast<std::uint8_t>(i % 3))});
    std::vector<L2BlockRef> derived;
    std::vector<std::uint64_t> derived_at;
    while (w.l1.head().number < 10) {
        auto d = l1_step(w, {&a, &b});
        derived_at.insert(derived_at.end(), d.size(), w.l1.head().number);
        derived.insert(derived.end(), d.begin(), d.end());
    }
    expect_each_block_once(derived, 16);
    w.expect_verifier_matches_sequencer_through(16);
    // At head 1 A sends 1-4 and 5-8 (two landing blocks left), at head 2 9-12 (one left); #4 is
    // its margin. B starts from the safe head (12) and posts 13-16 in #5; A's next window finds
    // nothing new.
    EXPECT_EQ(derived_at, (std::vector<std::uint64_t>{2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 5, 5, 5, 5}));
    EXPECT_EQ(a.submitter.counters().channels_confirmed, 3u);
    EXPECT_EQ(b.submitter.counters().channels_confirmed, 1u);
    EXPECT_EQ(a.submitter.counters().txs_reverted + b.submitter.counters().txs_reverted, 0u);
    // Nothing was wasted: both saw their windows coming.
    EXPECT_EQ(a.tracker.wasted_blocks_total() + b.tracker.wasted_blocks_total(), 0u);
    EXPECT_EQ(w.rec.metrics.drops(derive::DropReason::kChannelBlockLimit), 0u);
}

TEST(ScenarioBatcher, ASingleLeaderFinishesInItsNextWindowWhatItsLastOneLeftInFlight) {
    auto cfg = leader_election_config();
    World w(0, &cfg);
    Batcher a(w, 51, {{2, 5}, {8, 11}}, 1);
    for (int i = 0; i < 12; ++i) w.sequence({w.user_tx(static_cast<std::uint8_t>(i % 3))});
    w.l1.mine_empty(1);
    // Head 1: 1-4 and 5-8 go out; 5-8 is never mined (the tx manager gives up on it later).
    const auto sent = a.poll();
    ASSERT_EQ(sent.size(), 2u);
    a.send({sent[0]});
    std::vector<L2BlockRef> derived;
    auto d = l1_step(w, {});  // #2
    a.report_receipts();
    derived.insert(derived.end(), d.begin(), d.end());
    while (w.l1.head().number < 7) {
        d = l1_step(w, {&a});  // #3..#7: A's window runs out with 5-8 in flight
        derived.insert(derived.end(), d.begin(), d.end());
    }
    EXPECT_EQ(a.submitter.counters().channels_dropped, 1u);
    EXPECT_EQ(a.submitter.txs_in_flight(), 0u);
    a.submitter.on_tx_failed(sent[1].id, batcher::TxFailure::kDropped);  // the late verdict: stale
    EXPECT_EQ(a.submitter.counters().stale_tx_events, 1u);
    while (w.l1.head().number < 10) {
        d = l1_step(w, {&a});  // #8..#10: A's next window, from the safe head (4)
        derived.insert(derived.end(), d.begin(), d.end());
    }
    expect_each_block_once(derived, 12);
    w.expect_verifier_matches_sequencer_through(12);
    EXPECT_EQ(a.submitter.counters().channels_confirmed, 3u);
    EXPECT_EQ(a.tracker.windows_seen(), 2u);
}

TEST(ScenarioBatcher, ATxLandingAfterTheWindowRevertsAndTheNextLeaderRepostsItsBlocks) {
    auto cfg = leader_election_config();
    World w(0, &cfg);
    Batcher a(w, 51, {{2, 5}}, 1);
    Batcher b(w, 52, {{5, 9}}, 2);
    for (int i = 0; i < 12; ++i) w.sequence({w.user_tx(static_cast<std::uint8_t>(i % 3))});
    std::vector<L2BlockRef> derived;
    w.l1.mine_empty(1);
    // Head 1: A sends 1-4 and 5-8 (two landing blocks left); the second tx is held back by the network.
    const auto sent = a.poll();
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[1].first_block, 5u);
    a.send({sent[0]});
    auto d = l1_step(w, {&b});  // #2
    a.report_receipts();
    derived.insert(derived.end(), d.begin(), d.end());
    EXPECT_TRUE(a.poll().empty());  // head 2: one landing block left, taken by the held tx
    d = l1_step(w, {&a, &b});       // #3
    derived.insert(derived.end(), d.begin(), d.end());
    d = l1_step(w, {&a, &b});  // #4: A sees its window over and drops 5-8
    derived.insert(derived.end(), d.begin(), d.end());
    EXPECT_EQ(a.submitter.counters().channels_dropped, 1u);
    // The held tx lands in #5, outside A's window: the inbox reverts it, derivation ignores it, and
    // B, starting from the safe head (4), posts 5-8 and 9-12 behind it in the same block.
    a.send({sent[1]});
    d = l1_step(w, {&a, &b});
    derived.insert(derived.end(), d.begin(), d.end());
    expect_each_block_once(derived, 12);
    w.expect_verifier_matches_sequencer_through(12);
    EXPECT_EQ(a.submitter.counters().txs_reverted, 1u);
    EXPECT_EQ(a.submitter.counters().stale_tx_events, 1u);
    EXPECT_EQ(a.submitter.counters().channels_confirmed, 1u);
    EXPECT_EQ(b.submitter.counters().channels_confirmed, 2u);
    EXPECT_EQ(w.rec.metrics.drops(derive::DropReason::kRevertedBatcherTx), 1u);
}

TEST(ScenarioBatcher, ARevertedTxIsRequeuedAndItsBlocksDerivedOnce) {
    auto cfg = leader_election_config();
    World w(0, &cfg);
    Batcher a(w, 51, {{1, 20}}, 1);
    std::vector<L2BlockRef> derived;
    for (int i = 0; i < 4; ++i) w.sequence({w.user_tx(static_cast<std::uint8_t>(i % 3))});
    auto d = l1_step(w, {&a});  // #1: 1-4
    derived.insert(derived.end(), d.begin(), d.end());
    for (int i = 0; i < 4; ++i) w.sequence({w.user_tx(static_cast<std::uint8_t>(i % 3))});
    a.send(a.poll(), /*force_revert=*/true);  // #2: 5-8 reverts (out of gas, say)
    w.l1.mine();
    a.report_receipts();
    EXPECT_TRUE(w.step_until_idle().empty());
    EXPECT_EQ(a.submitter.counters().txs_reverted, 1u);
    EXPECT_EQ(a.submitter.counters().blocks_requeued, 4u);
    EXPECT_EQ(a.submitter.last_posted_block(), 4u);
    for (int i = 0; i < 4; ++i) w.sequence({w.user_tx(static_cast<std::uint8_t>(i % 3))});
    for (int i = 0; i < 2; ++i) {
        d = l1_step(w, {&a});  // #3: 5-8 again (a new channel) and 9-12
        derived.insert(derived.end(), d.begin(), d.end());
    }
    expect_each_block_once(derived, 12);
    w.expect_verifier_matches_sequencer_through(12);
    EXPECT_EQ(a.submitter.counters().channels_confirmed, 3u);
    EXPECT_EQ(a.submitter.counters().channels_failed, 1u);
    EXPECT_EQ(w.rec.metrics.drops(derive::DropReason::kRevertedBatcherTx), 1u);
}

TEST(ScenarioBatcher, ARestartedBatcherResumesFromTheSafeHead) {
    auto cfg = leader_election_config();
    World w(0, &cfg);
    auto a = std::make_unique<Batcher>(w, 51, std::vector<Window>{{1, 30}}, 1, false, 200);
    for (int i = 0; i < 4; ++i) w.sequence({w.user_tx(static_cast<std::uint8_t>(i % 3))});
    std::vector<L2BlockRef> derived;
    auto d = l1_step(w, {a.get()});  // #1: 1-4 in several frames
    derived.insert(derived.end(), d.begin(), d.end());
    ASSERT_GT(a->submitter.counters().frames_confirmed, 1u);
    for (int i = 0; i < 8; ++i) w.sequence({w.user_tx(static_cast<std::uint8_t>(i % 3))});
    // #2: A sends 5-8 and 9-12, only the first frame lands, then A crashes (the rest never reaches L1).
    auto txs = a->poll();
    ASSERT_GT(txs.size(), 2u);
    EXPECT_EQ(txs[0].first_block, 5u);
    a->send({txs[0]});
    w.l1.mine();
    EXPECT_TRUE(w.step_until_idle().empty());
    a.reset();

    // A fresh process: new seed, state only from the safe head (block 4).
    Batcher a2(w, 51, {{1, 30}}, 9, false, 200);
    for (int i = 0; i < 2; ++i) {
        d = l1_step(w, {&a2});
        derived.insert(derived.end(), d.begin(), d.end());
    }
    expect_each_block_once(derived, 12);
    w.expect_verifier_matches_sequencer_through(12);
    EXPECT_EQ(a2.submitter.counters().channels_confirmed, 2u);  // 5-8 and 9-12, nothing before
    // The half-posted channel was replaced by the new one (Holocene), not merged.
    EXPECT_EQ(w.rec.metrics.drops(derive::DropReason::kChannelReplaced) +
                  w.rec.metrics.drops(derive::DropReason::kUnclosedChannelEvicted),
              1u);
}

TEST(ScenarioBatcher, AnUnsafeReorgIsNoticedAndTheNewBranchPosted) {
    auto cfg = leader_election_config();
    World w(0, &cfg);
    Batcher a(w, 51, {{1, 40}}, 1);
    for (int i = 0; i < 6; ++i) w.sequence({w.user_tx(1)});
    std::vector<L2BlockRef> derived;
    auto d = l1_step(w, {&a});  // #1: 1-4; 5-6 queued
    derived.insert(derived.end(), d.begin(), d.end());
    ASSERT_EQ(a.submitter.queued_head()->number, 6u);
    const B256 old_six = w.seq_chain->block(6).hash;

    // The sequencer drops 5-6 and builds 5-8 with other txns.
    w.seq_chain->rewind_to(4);
    for (int i = 0; i < 4; ++i) w.sequence({w.user_tx(2), w.user_tx(3)});
    ASSERT_NE(w.seq_chain->block(6).hash, old_six);
    d = l1_step(w, {&a});  // #2: the new 5-8
    derived.insert(derived.end(), d.begin(), d.end());
    expect_each_block_once(derived, 8);
    w.expect_verifier_matches_sequencer_through(8);
    EXPECT_EQ(a.submitter.counters().l2_reorgs, 1u);
    EXPECT_EQ(w.ver_chain->txs(6).size(), 3u);  // L1-info deposit + the new branch's two txns
}

TEST(ScenarioBatcher, ALateLeaderCountsWastedBlocks) {
    auto cfg = leader_election_config();
    World w(0, &cfg);
    Batcher a(w, 51, {{2, 8}}, 1);
    for (int i = 0; i < 4; ++i) w.sequence({w.user_tx(1)});
    w.l1.mine_empty(3);  // A was down for L1 #1-#3: landing blocks 2 and 3 are lost
    std::vector<L2BlockRef> derived;
    auto d = l1_step(w, {&a});  // lands in #4
    derived.insert(derived.end(), d.begin(), d.end());
    expect_each_block_once(derived, 4);
    EXPECT_EQ(a.tracker.current_wasted_blocks(), 2u);
    for (int i = 0; i < 4; ++i) l1_step(w, {&a});
    EXPECT_EQ(a.tracker.wasted_blocks_total(), 2u);
    EXPECT_FALSE(a.tracker.current());
}

// Two leaders alternating 4-block windows under random faults: each batcher's txs wait in one FIFO
// per key (its nonces), the network sometimes includes nothing from a key for a block, some txs
// revert (out of gas, say), the emulated inbox reverts txs landing outside their sender's window,
// and batchers restart (a fresh object, new channel ids, the old process's txs still in the FIFO).
// Channels span several frames. Afterwards, without faults, the verifier must catch up with the
// sequencer and equal it block for block.
TEST(ScenarioBatcher, RandomFaultsNeverLoseOrCorruptBlocks) {
    std::uint64_t reverts = 0, restarts = 0, stale = 0;
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
        SCOPED_TRACE("seed " + std::to_string(seed));
        std::mt19937_64 rng(seed);
        const auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
        auto cfg = leader_election_config();
        World w(0, &cfg);
        std::array<std::vector<Window>, 2> windows;
        for (std::uint64_t i = 0; i < 40; ++i) {
            windows[0].push_back({1 + 8 * i, 5 + 8 * i});
            windows[1].push_back({5 + 8 * i, 9 + 8 * i});
        }
        std::array<std::unique_ptr<Batcher>, 2> b;
        std::array<std::uint64_t, 2> generation{};
        std::uint8_t next_seed = 1;
        const auto start = [&](std::size_t k) {
            if (b[k]) {
                stale += b[k]->submitter.counters().stale_tx_events;
                reverts += b[k]->submitter.counters().txs_reverted;
            }
            b[k] = std::make_unique<Batcher>(w, static_cast<std::uint8_t>(61 + k), windows[k], next_seed++,
                                             false, 300);
            ++generation[k];
        };
        start(0);
        start(1);

        struct Queued {
            std::uint64_t generation;
            batcher::TxId id;
            Bytes payload;
            bool revert;
        };
        std::array<std::deque<Queued>, 2> fifo;
        std::vector<L2BlockRef> derived;
        const auto step = [&](bool faults) {
            for (std::size_t k = 0; k < 2; ++k) {
                if (faults && chance(0.04)) {
                    start(k);
                    ++restarts;
                }
                for (auto& tx : b[k]->poll())
                    fifo[k].push_back({generation[k], tx.id, std::move(tx.payload), faults && chance(0.08)});
            }
            const std::uint64_t landing = w.l1.head().number + 1;
            std::array<std::vector<std::pair<Queued, bool>>, 2> landed;
            for (std::size_t k = 0; k < 2; ++k) {
                if (faults && chance(0.2)) continue;  // nothing from this key in this block
                while (!fifo[k].empty()) {
                    Queued q = std::move(fifo[k].front());
                    fifo[k].pop_front();
                    const bool ok = b[k]->leads(landing) && !q.revert;
                    w.l1.add_batcher_tx(b[k]->key, w.rollup.batch_inbox_address, q.payload, ok);
                    landed[k].emplace_back(std::move(q), ok);
                }
            }
            w.l1.mine();
            for (std::size_t k = 0; k < 2; ++k) {
                for (const auto& [q, ok] : landed[k]) {
                    if (q.generation != generation[k]) continue;  // its process is gone
                    if (ok)
                        b[k]->submitter.on_tx_confirmed(q.id, landing);
                    else
                        b[k]->submitter.on_tx_failed(q.id, batcher::TxFailure::kReverted);
                }
            }
            auto d = w.step_until_idle();
            derived.insert(derived.end(), d.begin(), d.end());
        };

        for (int i = 0; i < 60; ++i) {
            const auto blocks = std::uniform_int_distribution<int>(1, 3)(rng);
            for (int j = 0; j < blocks; ++j)
                w.sequence({w.user_tx(static_cast<std::uint8_t>(j % 3)),
                            w.user_tx(static_cast<std::uint8_t>(i % 4))});
            step(true);
        }
        const std::uint64_t target = w.seq_chain->head().number;
        for (int i = 0; i < 150 && w.ver_chain->head().number < target; ++i) {
            w.sequence();  // keeps whole channels coming
            step(false);
        }
        ASSERT_GE(w.ver_chain->head().number, target);
        w.expect_verifier_matches_sequencer_through(w.ver_chain->head().number);
        ASSERT_FALSE(derived.empty());
        for (std::size_t i = 0; i < derived.size(); ++i) ASSERT_EQ(derived[i].number, i + 1);
        EXPECT_FALSE(w.reset_error);
        for (std::size_t k = 0; k < 2; ++k) {
            stale += b[k]->submitter.counters().stale_tx_events;
            reverts += b[k]->submitter.counters().txs_reverted;
        }
    }
    // The faults did happen.
    EXPECT_GT(reverts, 0u);
    EXPECT_GT(restarts, 0u);
    EXPECT_GT(stale, 0u);
}

}  // namespace
}  // namespace baton::scenario
