// SPDX-License-Identifier: MIT
// BatchSubmitter's state machine, one behaviour per test (cutting channels, confirm, revert, drop,
// window end, budget, restart, reorg, safe-head moves): one unit, one test file.
#include <baton/batcher/batch_submitter.hpp>
#include <baton/batcher/test_util/l2_chain_builder.hpp>
#include <baton/protocol/tx_payload.hpp>

#include <gtest/gtest.h>

namespace baton::batcher {
namespace {

constexpr std::uint64_t kGenesisTime = 1'000'000;

protocol::RollupConfig rollup() {
    protocol::RollupConfig r;
    r.genesis.l2 = BlockId{keccak256(Bytes{'g'}), 0};
    r.genesis.l2_time = kGenesisTime;
    r.block_time = 2;
    r.l2_chain_id = 901;
    r.delta_time = 0;
    r.fjord_time = 0;
    r.holocene_time = 0;
    r.baton_time = 0;
    r.l2_blocks_per_channel = 4;
    return r;
}

Plan v0_plan(std::uint64_t l1 = 10) {
    PlannerConfig c;
    c.always_open = true;
    return plan_window(c, std::nullopt, L1Head{l1, kGenesisTime + 12 * l1});
}

// A window plan with `budget` txs left and `capacity` for a whole window.
Plan window_plan(std::uint64_t budget, std::uint64_t capacity = 100, std::uint64_t l1 = 10) {
    Plan p = v0_plan(l1);
    p.window = Window{l1, l1 + 10};
    p.last_landing_block = l1 + 8;
    p.tx_budget = budget;
    p.window_tx_capacity = capacity;
    return p;
}

struct Fixture {
    protocol::RollupConfig r = rollup();
    test_util::L2ChainBuilder chain{901, r.genesis.l2, kGenesisTime, 2};
    std::vector<L2Block> blocks;

    BatchSubmitter make(SubmitterConfig c = {}) {
        auto s = BatchSubmitter::make(r, c);
        EXPECT_TRUE(s) << (s ? "" : s.error().detail);
        return std::move(*s);
    }
    void grow(std::size_t n, std::size_t txs = 1) {
        for (std::size_t i = 0; i < n; ++i) blocks.push_back(chain.next(txs));
    }
    // Feeds every block from the submitter's next wanted one.
    static void feed(BatchSubmitter& s, const std::vector<L2Block>& from) {
        for (const auto& b : from) {
            if (b.number >= *s.next_block_wanted()) {
                auto r = s.add_unsafe_block(b);
                ASSERT_TRUE(r);
                ASSERT_EQ(*r, AddOutcome::kAppended);
            }
        }
    }
    BlockId id(std::uint64_t n) const { return n == 0 ? r.genesis.l2 : blocks.at(n - 1).id(); }
};

std::vector<TxRequest> txs(BatchSubmitter& s, const Plan& p) {
    auto out = s.next_txs(p);
    EXPECT_TRUE(out) << (out ? "" : out.error().detail);
    return out ? *out : std::vector<TxRequest>{};
}

TEST(BatchSubmitterTest, MakeRejectsBadConfig) {
    protocol::RollupConfig r = rollup();
    SubmitterConfig c;
    c.blocks_per_channel = 5;  // more than the rollup's 4: derivation would drop the fifth
    EXPECT_EQ(BatchSubmitter::make(r, c).error().error, SubmitterError::kInvalidConfig);
    c.blocks_per_channel = 0;
    c.max_frame_size = 23;
    EXPECT_EQ(BatchSubmitter::make(r, c).error().error, SubmitterError::kInvalidConfig);
    r.l2_blocks_per_channel = 0;
    r.baton_time.reset();
    EXPECT_EQ(BatchSubmitter::make(r, SubmitterConfig{}).error().error, SubmitterError::kInvalidConfig);
    SubmitterConfig three;
    three.blocks_per_channel = 3;  // v0 without Baton: the batcher's own choice
    auto s = BatchSubmitter::make(r, three);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->blocks_per_channel(), 3u);
}

TEST(BatchSubmitterTest, CutsChannelsOfExactlyBlocksPerChannelFromTheSafeHead) {
    Fixture fx;
    auto s = fx.make();
    EXPECT_FALSE(s.next_block_wanted());
    EXPECT_EQ(s.add_unsafe_block(fx.chain.head()).error().error, SubmitterError::kNoSafeHead);
    s.on_safe_head(fx.id(0));
    EXPECT_EQ(s.next_block_wanted(), 1u);
    fx.grow(9);
    Fixture::feed(s, fx.blocks);
    EXPECT_EQ(s.next_block_wanted(), 10u);

    const auto out = txs(s, v0_plan());
    ASSERT_EQ(out.size(), 2u);  // 1-4 and 5-8; block 9 waits for three more
    EXPECT_EQ(out[0].first_block, 1u);
    EXPECT_EQ(out[0].last_block, 4u);
    EXPECT_EQ(out[1].first_block, 5u);
    EXPECT_EQ(out[1].last_block, 8u);
    EXPECT_NE(out[0].channel, out[1].channel);
    for (const auto& tx : out) {
        EXPECT_TRUE(tx.closes_channel);
        EXPECT_EQ(tx.frame_numbers, std::vector<std::uint16_t>{0});
        auto frames = protocol::decode_tx_payload(tx.payload);
        ASSERT_TRUE(frames);
        ASSERT_EQ(frames->size(), 1u);
        EXPECT_EQ((*frames)[0].id, tx.channel);
    }
    EXPECT_EQ(s.last_posted_block(), 8u);
    EXPECT_EQ(s.txs_in_flight(), 2u);
    EXPECT_EQ(s.channels_in_flight(), 2u);
    EXPECT_TRUE(txs(s, v0_plan()).empty());  // nothing new until block 12
    fx.grow(3);
    Fixture::feed(s, fx.blocks);
    const auto more = txs(s, v0_plan());
    ASSERT_EQ(more.size(), 1u);
    EXPECT_EQ(more[0].first_block, 9u);
    EXPECT_EQ(s.counters().channels_opened, 3u);
    EXPECT_EQ(s.counters().channels_submitted, 3u);
    EXPECT_EQ(s.counters().frames_sent, 3u);
}

TEST(BatchSubmitterTest, ConfirmationsCompleteChannelsAndTheSafeHeadRetiresThem) {
    Fixture fx;
    SubmitterConfig c;
    c.max_frame_size = 150;  // several frames per channel
    auto s = fx.make(c);
    s.on_safe_head(fx.id(0));
    fx.grow(4, 3);
    Fixture::feed(s, fx.blocks);
    const auto out = txs(s, v0_plan());
    ASSERT_GT(out.size(), 1u);
    for (std::size_t i = 0; i + 1 < out.size(); ++i) s.on_tx_confirmed(out[i].id, 11);
    EXPECT_EQ(s.counters().channels_confirmed, 0u);
    s.on_tx_confirmed(out.back().id, 12);
    EXPECT_EQ(s.counters().channels_confirmed, 1u);
    EXPECT_EQ(s.counters().frames_confirmed, out.size());
    EXPECT_EQ(s.txs_in_flight(), 0u);
    s.on_tx_confirmed(out.back().id, 12);  // a duplicate report
    EXPECT_EQ(s.counters().stale_tx_events, 1u);

    s.on_safe_head(fx.id(4));
    EXPECT_EQ(s.queued_blocks(), 0u);
    EXPECT_EQ(s.last_posted_block(), 4u);
    EXPECT_EQ(s.next_block_wanted(), 5u);
}

TEST(BatchSubmitterTest, ARevertRequeuesItsChannelAndEveryLaterOne) {
    Fixture fx;
    auto s = fx.make();
    s.on_safe_head(fx.id(0));
    fx.grow(12);
    Fixture::feed(s, fx.blocks);
    const auto first = txs(s, v0_plan());
    ASSERT_EQ(first.size(), 3u);
    s.on_tx_confirmed(first[0].id, 11);                 // 1-4 landed
    s.on_tx_failed(first[1].id, TxFailure::kReverted);  // 5-8 reverted: 9-12 would be a future batch
    EXPECT_EQ(s.counters().txs_reverted, 1u);
    EXPECT_EQ(s.counters().channels_failed, 2u);
    EXPECT_EQ(s.counters().blocks_requeued, 8u);
    EXPECT_EQ(s.counters().channels_confirmed, 1u);
    EXPECT_EQ(s.last_posted_block(), 4u);
    s.on_tx_confirmed(first[2].id, 11);  // 9-12 landed anyway: derivation drops it, so do we
    EXPECT_EQ(s.counters().stale_tx_events, 1u);
    EXPECT_EQ(s.counters().channels_confirmed, 1u);

    const auto again = txs(s, v0_plan(11));
    ASSERT_EQ(again.size(), 2u);
    EXPECT_EQ(again[0].first_block, 5u);
    EXPECT_EQ(again[1].first_block, 9u);
    EXPECT_NE(again[0].channel, first[1].channel);  // a new channel: Holocene replaces the old one
    EXPECT_EQ(again[0].payload.size(), first[1].payload.size());
}

TEST(BatchSubmitterTest, ADroppedTxIsAFailureToo) {
    Fixture fx;
    auto s = fx.make();
    s.on_safe_head(fx.id(0));
    fx.grow(4);
    Fixture::feed(s, fx.blocks);
    const auto out = txs(s, v0_plan());
    ASSERT_EQ(out.size(), 1u);
    s.on_tx_failed(out[0].id, TxFailure::kDropped);
    EXPECT_EQ(s.counters().txs_dropped, 1u);
    EXPECT_EQ(s.counters().channels_failed, 1u);
    EXPECT_EQ(txs(s, v0_plan()).size(), 1u);
}

TEST(BatchSubmitterTest, WindowEndDropsWhatIsUnconfirmedAndKeepsWhatLanded) {
    Fixture fx;
    auto s = fx.make();
    s.on_safe_head(fx.id(0));
    fx.grow(12);
    Fixture::feed(s, fx.blocks);
    const auto out = txs(s, window_plan(3));
    ASSERT_EQ(out.size(), 3u);
    s.on_tx_confirmed(out[0].id, 11);
    s.on_window_end();
    EXPECT_EQ(s.counters().channels_dropped, 2u);
    EXPECT_EQ(s.counters().blocks_requeued, 8u);
    EXPECT_EQ(s.txs_in_flight(), 0u);
    EXPECT_EQ(s.last_posted_block(), 4u);  // 1-4 is on L1 already: not re-posted
    s.on_tx_confirmed(out[1].id, 12);
    EXPECT_EQ(s.counters().stale_tx_events, 1u);

    EXPECT_TRUE(txs(s, Plan{}).empty());  // kWait: nothing
    const auto next = txs(s, window_plan(10, 100, 20));
    ASSERT_EQ(next.size(), 2u);
    EXPECT_EQ(next[0].first_block, 5u);
}

TEST(BatchSubmitterTest, NeverStartsAChannelThatCannotFinishInTheWindow) {
    Fixture fx;
    SubmitterConfig c;
    c.max_frame_size = 150;
    auto s = fx.make(c);
    s.on_safe_head(fx.id(0));
    fx.grow(4, 3);
    Fixture::feed(s, fx.blocks);
    auto probe = fx.make(c);
    probe.on_safe_head(fx.id(0));
    Fixture::feed(probe, fx.blocks);
    const std::size_t frames = txs(probe, v0_plan()).size();
    ASSERT_GT(frames, 2u);

    EXPECT_TRUE(txs(s, window_plan(frames - 1)).empty());
    EXPECT_EQ(s.counters().frames_sent, 0u);
    EXPECT_EQ(s.last_posted_block(), 0u);
    EXPECT_EQ(txs(s, window_plan(frames)).size(), frames);

    auto tiny = fx.make(c);
    tiny.on_safe_head(fx.id(0));
    Fixture::feed(tiny, fx.blocks);
    auto err = tiny.next_txs(window_plan(1, frames - 1));
    ASSERT_FALSE(err);
    EXPECT_EQ(err.error().error, SubmitterError::kChannelTooLargeForWindow);
}

TEST(BatchSubmitterTest, InFlightTxsUseUpTheBudget) {
    Fixture fx;
    auto s = fx.make();
    s.on_safe_head(fx.id(0));
    fx.grow(8);
    Fixture::feed(s, fx.blocks);
    EXPECT_EQ(txs(s, window_plan(1)).size(), 1u);  // 1-4
    EXPECT_TRUE(txs(s, window_plan(1)).empty());   // 5-8 must wait: one tx already in flight
    EXPECT_EQ(txs(s, window_plan(2)).size(), 1u);
}

TEST(BatchSubmitterTest, MaxTxsInFlightHoldsChannelsBackButNeverStallsOne) {
    Fixture fx;
    SubmitterConfig c;
    c.max_txs_in_flight = 2;
    auto s = fx.make(c);
    s.on_safe_head(fx.id(0));
    fx.grow(12);
    Fixture::feed(s, fx.blocks);
    const auto first = txs(s, v0_plan());
    ASSERT_EQ(first.size(), 2u);  // 1-4, 5-8; 9-12 waits
    EXPECT_EQ(first[0].last_landing_block, kUnbounded);
    EXPECT_TRUE(txs(s, v0_plan()).empty());
    s.on_tx_confirmed(first[0].id, 11);
    const auto second = txs(s, v0_plan());
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].first_block, 9u);

    // A channel of more frames than the limit goes out alone.
    Fixture big;
    SubmitterConfig one;
    one.max_txs_in_flight = 1;
    one.max_frame_size = 150;
    auto b = big.make(one);
    b.on_safe_head(big.id(0));
    big.grow(4, 3);
    Fixture::feed(b, big.blocks);
    EXPECT_GT(txs(b, v0_plan()).size(), 1u);
}

TEST(BatchSubmitterTest, MaxChannelsHandsOutOneChannelAtATimeForABackup) {
    Fixture fx;
    auto s = fx.make();
    s.on_safe_head(fx.id(0));
    fx.grow(8);
    Fixture::feed(s, fx.blocks);
    Plan one = window_plan(100);
    one.max_channels = 1;
    const auto first = txs(s, one);
    ASSERT_EQ(first.size(), 1u);  // blocks 1-4 only, though 5-8 fit the budget too
    EXPECT_EQ(first[0].last_block, 4u);
    const auto second = txs(s, one);
    ASSERT_EQ(second.size(), 1u);
    EXPECT_EQ(second[0].first_block, 5u);
}

TEST(BatchSubmitterTest, AFailedFrameAfterConfirmedFramesFailsTheWholeChannel) {
    Fixture fx;
    SubmitterConfig c;
    c.max_frame_size = 150;
    auto s = fx.make(c);
    s.on_safe_head(fx.id(0));
    fx.grow(4, 3);
    Fixture::feed(s, fx.blocks);
    const auto out = txs(s, window_plan(100));
    ASSERT_GT(out.size(), 2u);
    EXPECT_EQ(out[0].last_landing_block, 18u);  // the tx manager's deadline
    s.on_tx_confirmed(out[0].id, 11);
    s.on_tx_failed(out[1].id, TxFailure::kDropped);
    EXPECT_EQ(s.counters().channels_failed, 1u);
    EXPECT_EQ(s.counters().channels_confirmed, 0u);
    EXPECT_EQ(s.txs_in_flight(), 0u);
    s.on_tx_confirmed(out[2].id, 11);
    EXPECT_EQ(s.counters().stale_tx_events, 1u);
    const auto again = txs(s, window_plan(100));
    EXPECT_EQ(again.size(), out.size());
    EXPECT_EQ(again[0].first_block, 1u);
    EXPECT_NE(again[0].channel, out[0].channel);
}

TEST(BatchSubmitterTest, WindowEndWithOnlyAPendingChannelRequeuesNothing) {
    Fixture fx;
    auto s = fx.make();
    s.on_safe_head(fx.id(0));
    fx.grow(4);
    Fixture::feed(s, fx.blocks);
    EXPECT_TRUE(txs(s, window_plan(0)).empty());  // built, not sent
    s.on_window_end();
    EXPECT_EQ(s.counters().channels_dropped, 0u);
    EXPECT_EQ(s.counters().blocks_requeued, 0u);
    EXPECT_EQ(s.counters().channels_opened, 1u);
    EXPECT_EQ(txs(s, window_plan(1)).size(), 1u);
    EXPECT_EQ(s.counters().channels_opened, 2u);  // rebuilt with a fresh id
}

TEST(BatchSubmitterTest, ARestartedSubmitterCutsTheSameBlocksFromTheSameSafeHead) {
    Fixture fx;
    SubmitterConfig c1;
    c1.channel_id_seed[0] = 1;
    auto s = fx.make(c1);
    s.on_safe_head(fx.id(0));
    fx.grow(10);
    Fixture::feed(s, fx.blocks);
    const auto before = txs(s, v0_plan());
    ASSERT_EQ(before.size(), 2u);
    s.on_tx_confirmed(before[0].id, 11);

    // Crash; the node has derived 1-4 meanwhile. A fresh object with another seed:
    SubmitterConfig c2;
    c2.channel_id_seed[0] = 2;
    auto r = fx.make(c2);
    r.on_safe_head(fx.id(4));
    EXPECT_EQ(r.next_block_wanted(), 5u);
    Fixture::feed(r, fx.blocks);
    const auto after = txs(r, v0_plan());
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0].first_block, 5u);  // no skip, no duplicate of 1-4
    EXPECT_EQ(after[0].last_block, 8u);
    EXPECT_NE(after[0].channel, before[1].channel);
    // Same blocks, same compressed data: only the channel id differs.
    auto a = protocol::decode_tx_payload(after[0].payload);
    auto b = protocol::decode_tx_payload(before[1].payload);
    ASSERT_TRUE(a && b);
    EXPECT_EQ((*a)[0].data, (*b)[0].data);
}

TEST(BatchSubmitterTest, AnUnsafeReorgResetsToTheSafeHead) {
    Fixture fx;
    auto s = fx.make();
    s.on_safe_head(fx.id(0));
    fx.grow(8);
    Fixture::feed(s, fx.blocks);
    ASSERT_EQ(txs(s, v0_plan()).size(), 2u);
    EXPECT_EQ(s.add_unsafe_block(fx.blocks[5]).value(), AddOutcome::kAlreadyQueued);
    EXPECT_EQ(s.queued_head(), fx.blocks[7].id());
    EXPECT_EQ(s.counters().l2_reorgs, 0u);

    // The sequencer rebuilds from block 5 on.
    fx.chain.rewind_to(fx.blocks[3]);
    fx.blocks.resize(4);
    fx.blocks.push_back(fx.chain.next(1, /*salt=*/7));
    fx.grow(3);
    EXPECT_EQ(s.add_unsafe_block(fx.blocks[4]).value(), AddOutcome::kReorgReset);
    EXPECT_FALSE(s.queued_head());
    EXPECT_EQ(s.counters().l2_reorgs, 1u);
    EXPECT_EQ(s.next_block_wanted(), 1u);
    EXPECT_EQ(s.txs_in_flight(), 0u);
    EXPECT_EQ(s.counters().channels_dropped, 2u);
    Fixture::feed(s, fx.blocks);
    const auto out = txs(s, v0_plan());
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].first_block, 1u);

    // A block whose parent is not the queued head is a reorg too.
    fx.chain.rewind_to(fx.blocks[7]);
    L2Block orphan = fx.chain.next();
    orphan.parent_hash[0] ^= 1;
    EXPECT_EQ(s.add_unsafe_block(orphan).value(), AddOutcome::kReorgReset);
    EXPECT_EQ(s.counters().l2_reorgs, 2u);
}

TEST(BatchSubmitterTest, UnsafeBlocksMustExtendTheSafeHeadWithoutGaps) {
    Fixture fx;
    auto s = fx.make();
    s.on_safe_head(fx.id(0));
    fx.grow(3);
    EXPECT_EQ(s.add_unsafe_block(fx.blocks[1]).error().error, SubmitterError::kGap);
    L2Block stranger = fx.blocks[0];
    stranger.parent_hash[0] ^= 1;
    EXPECT_EQ(s.add_unsafe_block(stranger).error().error, SubmitterError::kNotOnSafeHead);
    EXPECT_EQ(s.queued_blocks(), 0u);
    s.on_safe_head(fx.id(2));
    EXPECT_EQ(s.add_unsafe_block(fx.blocks[0]).value(), AddOutcome::kBelowSafeHead);
    EXPECT_EQ(s.queued_blocks(), 0u);
    EXPECT_EQ(s.add_unsafe_block(fx.blocks[2]).value(), AddOutcome::kAppended);
    EXPECT_EQ(s.queued_blocks(), 1u);
}

TEST(BatchSubmitterTest, SafeHeadChangesMoveOrResetTheQueue) {
    Fixture fx;
    auto s = fx.make();
    s.on_safe_head(fx.id(0));
    fx.grow(12);
    Fixture::feed(s, fx.blocks);
    ASSERT_EQ(txs(s, v0_plan()).size(), 3u);

    // Another leader's channel made 1-6 safe: 1-4 is gone, 5-8 stays (derivation skips 5-6).
    s.on_safe_head(fx.id(6));
    EXPECT_EQ(s.queued_blocks(), 6u);
    EXPECT_EQ(s.last_posted_block(), 12u);
    EXPECT_EQ(s.txs_in_flight(), 2u);

    // A safe block that is not ours: everything above the safe head is dropped.
    BlockId foreign = fx.id(7);
    foreign.hash[0] ^= 1;
    s.on_safe_head(foreign);
    EXPECT_EQ(s.counters().safe_head_resets, 1u);
    EXPECT_EQ(s.queued_blocks(), 0u);
    EXPECT_EQ(s.txs_in_flight(), 0u);
    EXPECT_EQ(s.next_block_wanted(), 8u);

    // Back to block 2 (an L1 reorg on the node): reset, start from 3.
    s.on_safe_head(fx.id(2));
    EXPECT_EQ(s.counters().safe_head_resets, 2u);
    Fixture::feed(s, fx.blocks);
    auto out = txs(s, v0_plan());
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].first_block, 3u);

    // A safe head past everything we know: nothing left to post.
    s.on_safe_head(fx.id(12));
    EXPECT_EQ(s.queued_blocks(), 0u);
    EXPECT_EQ(s.txs_in_flight(), 0u);
    EXPECT_EQ(s.next_block_wanted(), 13u);
}

TEST(BatchSubmitterTest, APendingChannelUnderTheSafeHeadIsRecutFromIt) {
    Fixture fx;
    auto s = fx.make();
    s.on_safe_head(fx.id(0));
    fx.grow(8);
    Fixture::feed(s, fx.blocks);
    EXPECT_TRUE(txs(s, window_plan(0)).empty());  // 1-4 built, kept pending: no budget
    s.on_safe_head(fx.id(2));                     // someone else posted 1-2
    const auto out = txs(s, window_plan(5));
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].first_block, 3u);
    EXPECT_EQ(out[0].last_block, 6u);
}

TEST(BatchSubmitterTest, AConfirmedChannelTheSafeHeadNeverReachesIsForgotten) {
    Fixture fx;
    SubmitterConfig c;
    c.confirmed_timeout = 5;
    auto s = fx.make(c);
    s.on_safe_head(fx.id(0));
    fx.grow(4);
    Fixture::feed(s, fx.blocks);
    const auto out = txs(s, v0_plan(10));
    ASSERT_EQ(out.size(), 1u);
    s.on_tx_confirmed(out[0].id, 11);
    EXPECT_TRUE(txs(s, v0_plan(16)).empty());  // still waiting for the node to derive it
    const auto again = txs(s, v0_plan(17));    // an L1 reorg must have removed it
    EXPECT_EQ(s.counters().confirmed_timeouts, 1u);
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].first_block, 1u);
}

TEST(BatchSubmitterTest, ResetToSafeHeadForgetsEverything) {
    Fixture fx;
    auto s = fx.make();
    s.reset_to_safe_head();  // no safe head yet: nothing to do
    s.on_safe_head(fx.id(0));
    fx.grow(4);
    Fixture::feed(s, fx.blocks);
    ASSERT_EQ(txs(s, v0_plan()).size(), 1u);
    s.reset_to_safe_head();
    EXPECT_EQ(s.queued_blocks(), 0u);
    EXPECT_EQ(s.txs_in_flight(), 0u);
    EXPECT_EQ(s.next_block_wanted(), 1u);
}

TEST(BatchSubmitterTest, AnUnbuildableChannelIsReported) {
    Fixture fx;
    auto s = fx.make();
    s.on_safe_head(fx.id(0));
    test_util::L2ChainBuilder other(999, BlockId{}, kGenesisTime, 2);
    fx.grow(4);
    fx.blocks[3].transactions.push_back(other.user_tx());  // signed for another chain
    Fixture::feed(s, fx.blocks);
    auto out = s.next_txs(v0_plan());
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().error, SubmitterError::kChannelBuildFailed);
    EXPECT_NE(out.error().detail.find("1..4"), std::string::npos);
}

}  // namespace
}  // namespace baton::batcher
