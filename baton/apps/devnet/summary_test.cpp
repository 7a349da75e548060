// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/summary.hpp>

#include <gtest/gtest.h>

namespace baton::apps::devnet {
namespace {

Address addr(std::uint8_t last) {
    Address a{};
    a[19] = last;
    return a;
}

InboxTx tx(std::size_t batcher, bool status, bool data = true, std::size_t bytes = 100) {
    InboxTx t;
    t.sender = addr(static_cast<std::uint8_t>(batcher));
    t.batcher = batcher;
    t.status = status;
    t.has_batch_data = data;
    t.calldata_bytes = bytes;
    return t;
}

// Three batchers, turns of 2 blocks from block 10: block b is led by batcher ((b-10)/2)%3 + 1.
L1BlockView block(std::uint64_t number, std::optional<std::uint64_t> safe, std::vector<InboxTx> txs = {}) {
    L1BlockView v;
    v.number = number;
    const std::size_t leader = ((number - 10) / 2) % 3 + 1;
    v.leader = addr(static_cast<std::uint8_t>(leader));
    v.leader_batcher = leader;
    v.inbox_txs = std::move(txs);
    if (safe) v.verifier_safe = L2Head{*safe, {}};
    v.sequencer_unsafe = L2Head{safe.value_or(0) + 5, {}};
    return v;
}

SummaryBuilder::Schedule schedule(std::uint64_t blocks_per_channel = 1,
                                  std::optional<LadderSummary> ladder = std::nullopt) {
    SummaryBuilder::Schedule s;
    s.start_block = 10;
    s.genesis_l2 = 1;
    s.genesis_l2_time = 1000;
    s.l2_block_time = 2;
    s.blocks_per_channel = blocks_per_channel;
    s.ladder = ladder;
    return s;
}

SummaryBuilder builder() {
    return SummaryBuilder(schedule(), {addr(1), addr(2), addr(3)});
}

TEST(DevnetSummaryTest, PercentileIsNearestRank) {
    EXPECT_FALSE(percentile({}, 50));
    EXPECT_EQ(percentile({7}, 50), 7);
    EXPECT_EQ(percentile({4, 1, 3, 2}, 50), 2);  // ceil(0.5 * 4) = 2nd smallest
    EXPECT_EQ(percentile({4, 1, 3, 2}, 99), 4);
    std::vector<double> hundred;
    for (int i = 1; i <= 100; ++i) hundred.push_back(i);
    EXPECT_EQ(percentile(hundred, 99), 99);
    EXPECT_EQ(percentile(hundred, 100), 100);
    EXPECT_FALSE(percentile({1, 2}, 0));
}

TEST(DevnetSummaryTest, CountsBatchesRevertsAndNonLeaderData) {
    auto b = builder();
    b.add_l1_block(block(10, 1));
    b.add_l1_block(block(11, 1, {tx(1, true), tx(2, false)}));  // leader 1 lands; 2 reverts
    b.add_l1_block(block(12, 3, {tx(2, true, true, 300)}));     // leader 2 lands in its first block
    b.add_l1_block(block(13, 3, {tx(1, true, false, 0)}));  // a non-leader's call (a join, a report): no data
    auto outsider = tx(9, true, true, 40);                  // a non-member's batch data accepted
    outsider.batcher.reset();
    b.add_l1_block(block(14, 5, {outsider}));
    b.add_l1_block(block(15, 5));
    b.add_l1_block(block(16, 5));
    b.add_l1_block(block(17, 5));
    const auto s = b.finish(ChainCheck{}, 20);
    ASSERT_EQ(s.batchers.size(), 3U);
    EXPECT_EQ(s.batchers[0].batches_accepted, 1U);
    EXPECT_EQ(s.batchers[1].batches_accepted, 1U);
    EXPECT_EQ(s.batchers[1].bytes_accepted, 300U);
    EXPECT_EQ(s.batchers[1].txs_reverted, 1U);
    EXPECT_EQ(s.batchers[2].batches_accepted, 0U);
    EXPECT_EQ(s.txs_reverted, 1U);
    EXPECT_EQ(s.txs_ignored, 1U);
    EXPECT_EQ(s.non_leader_txs_accepted, 1U);
    EXPECT_EQ(s.non_leader_bytes_accepted, 40U);
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.l2_blocks_derived, 4U);  // safe 5 - genesis 1
    EXPECT_EQ(s.l1_blocks, 8U);
}

TEST(DevnetSummaryTest, SharesOfLeadershipAgainstTheMechanismsWeights) {
    auto b = builder();
    for (std::uint64_t n = 10; n < 22; ++n) {  // two rotations: each batcher leads 4 blocks, 2 windows
        auto v = block(n, 1);
        v.weights = L1BlockView::Weights{{1, 2, 3}, 6};
        if (n >= 20) v.weights = L1BlockView::Weights{{0, 2, 3}, 5};  // batcher 1 ejected
        b.add_l1_block(v);
    }
    const auto s = b.finish(ChainCheck{}, 24);
    ASSERT_EQ(s.batchers.size(), 3U);
    EXPECT_EQ(s.batchers[0].windows_led, 2U);
    EXPECT_EQ(s.batchers[0].blocks_led, 4U);
    ASSERT_TRUE(s.batchers[0].block_share);
    EXPECT_DOUBLE_EQ(*s.batchers[0].block_share, 4.0 / 12.0);
    ASSERT_TRUE(s.batchers[2].weight_share);
    EXPECT_DOUBLE_EQ(*s.batchers[2].weight_share, (10 * 0.5 + 2 * 0.6) / 12);
    EXPECT_DOUBLE_EQ(*s.batchers[0].weight_share, (10.0 / 6) / 12);
    EXPECT_EQ(s.batchers[0].weight, 0U);  // at the last block
    EXPECT_EQ(s.batchers[2].weight, 3U);
    const auto j = summary_json(s);
    EXPECT_EQ(j["batchers"][1]["windows_led"], 2);
    EXPECT_EQ(j["batchers"][1]["weight"], 2);
}

TEST(DevnetSummaryTest, WithoutWeightsTheSharesOfWeightAreUnknown) {
    auto b = builder();
    for (std::uint64_t n = 10; n < 16; ++n) b.add_l1_block(block(n, 1));
    const auto s = b.finish(ChainCheck{}, 12);
    EXPECT_FALSE(s.batchers[0].weight_share);
    EXPECT_FALSE(s.batchers[0].weight);
    EXPECT_TRUE(summary_json(s)["batchers"][0]["weight_share"].is_null());
    EXPECT_EQ(s.batchers[2].windows_led, 1U);
}

TEST(DevnetSummaryTest, MissReportsCountWhenL1AcceptedThem) {
    auto b = builder();
    InboxTx report;
    report.sender = addr(0x77);
    report.status = true;
    report.hash[0] = 0xaa;
    InboxTx refused = report;
    refused.hash[0] = 0xbb;
    refused.status = false;
    b.add_l1_block(block(10, 1));
    b.add_l1_block(block(12, 1, {report, refused}));
    MissReport accepted{3, 4, 5, addr(2), 2, report.hash, "", std::nullopt};
    MissReport reverted{4, 6, 7, addr(2), 2, refused.hash, "", std::nullopt};
    MissReport unseen{5, 8, 9, addr(3), 3, B256{}, "", std::nullopt};
    unseen.tx.reset();
    unseen.error = "eth_sendRawTransaction: nonce too low";
    b.add_miss_report(accepted);
    b.add_miss_report(reverted);
    b.add_miss_report(unseen);
    const auto s = b.finish(ChainCheck{}, 4);
    ASSERT_EQ(s.miss_reports.size(), 3U);
    EXPECT_EQ(s.miss_reports[0].status, true);
    EXPECT_EQ(s.miss_reports[1].status, false);
    EXPECT_FALSE(s.miss_reports[2].status);
    EXPECT_EQ(s.batchers[1].misses_reported, 1U);
    EXPECT_EQ(s.batchers[2].misses_reported, 0U);
    EXPECT_EQ(s.non_leader_txs_accepted, 0U);  // a report is a call, not data
    const auto j = summary_json(s);
    EXPECT_EQ(j["miss_reports"][0]["window"], 3);
    EXPECT_EQ(j["miss_reports"][2]["error"], "eth_sendRawTransaction: nonce too low");
    EXPECT_NE(format_summary(s).find("missed windows reported:   3 (1 accepted"), std::string::npos);
}

TEST(DevnetSummaryTest, TurnsRecordWasteAndSafeAdvance) {
    auto b = builder();
    b.add_l1_block(block(10, 1));
    b.add_l1_block(block(11, 1, {tx(1, true)}));  // turn 0: first batch in its 2nd block → 1 wasted
    b.add_l1_block(block(12, 2, {tx(2, true)}));  // turn 1: 0 wasted
    b.add_l1_block(block(13, 4));
    b.add_l1_block(block(14, 6));  // turn 2 (batcher 3): nothing
    b.add_l1_block(block(15, 6));
    b.add_l1_block(block(16, 6));
    b.add_l1_block(block(17, 6));
    const auto s = b.finish(ChainCheck{}, 16);
    ASSERT_EQ(s.turns.size(), 4U);
    EXPECT_EQ(s.turns[0].wasted_blocks, 1U);
    EXPECT_FALSE(s.turns[0].safe_before.has_value());  // block 9 not seen
    EXPECT_FALSE(s.turns[0].complete);
    EXPECT_EQ(s.turns[1].wasted_blocks, 0U);
    EXPECT_EQ(s.turns[1].safe_before, 1U);  // seen at block 11, before the turn's first (12)
    EXPECT_EQ(s.turns[1].safe_after, 6U);   // seen at block 14, after the turn's last (13)
    EXPECT_TRUE(s.turns[1].complete);
    EXPECT_FALSE(s.turns[2].wasted_blocks.has_value());
    EXPECT_EQ(s.turns[2].leader_batcher, 3U);
    EXPECT_TRUE(s.turns[2].complete);
    EXPECT_EQ(s.turns[2].safe_before, 4U);
    EXPECT_EQ(s.turns[2].safe_after, 6U);
    EXPECT_FALSE(s.turns[3].complete);  // block 18 not seen
    EXPECT_EQ(s.turns_with_batches, 2U);
    EXPECT_EQ(s.turns_without_batches, 1U);
    EXPECT_EQ(s.wasted_blocks_total, 1U);
    EXPECT_EQ(s.wasted_blocks_mean, 0.5);
    EXPECT_EQ(s.wasted_blocks_max, 1U);
}

// A block led by `leader` (1-based batcher; 0: nobody leads, leaderAt is address(0)).
L1BlockView led_block(std::uint64_t number, std::size_t leader, std::uint64_t safe,
                      std::vector<InboxTx> txs = {}) {
    L1BlockView v;
    v.number = number;
    if (leader != 0) {
        v.leader = addr(static_cast<std::uint8_t>(leader));
        v.leader_batcher = leader;
    }
    v.inbox_txs = std::move(txs);
    v.verifier_safe = L2Head{safe, {}};
    return v;
}

InboxTx backup_tx(std::size_t batcher, std::uint8_t rung) {
    InboxTx t = tx(batcher, true);
    t.ladder_rung = rung;
    return t;
}

TEST(DevnetSummaryTest, ABackupLetInByTheLadderIsNotNonLeaderDataAndItsWindowSaysSo) {
    SummaryBuilder b(schedule(1, LadderSummary{2, 1, 1, 2}), {addr(1), addr(2), addr(3)});
    b.add_l1_block(block(10, 1));
    b.add_l1_block(block(11, 1, {tx(2, false)}));  // turn 0 (batcher 1 silent): batcher 2 too early
    b.add_l1_block(block(12, 2, {tx(2, true)}));   // turn 1: batcher 2 is its primary
    b.add_l1_block(block(13, 2));
    b.add_l1_block(block(14, 2));
    b.add_l1_block(block(15, 3, {backup_tx(1, 2), tx(2, false)}));  // turn 2: 1 backs up 3
    b.add_l1_block(block(16, 3, {tx(3, true)}));                    // turn 3 (batcher 1) ...
    b.add_l1_block(block(17, 3, {tx(2, true)}));                    // ... 2 with no right
    const auto s = b.finish(ChainCheck{}, 16);
    EXPECT_EQ(s.non_leader_txs_accepted, 2U);  // batcher 3 in 16 and batcher 2 in 17
    EXPECT_EQ(s.backup_batches_accepted, 1U);
    EXPECT_EQ(s.batchers[0].backup_batches_accepted, 1U);
    EXPECT_EQ(s.backup_txs_reverted, 2U);
    EXPECT_EQ(s.batchers[1].backup_txs_reverted, 2U);
    EXPECT_EQ(s.backup_reverts_max_per_window, 1U);
    ASSERT_EQ(s.turns.size(), 4U);
    EXPECT_EQ(s.turns[1].posted_by, 2U);
    EXPECT_EQ(s.turns[1].rung, 1);
    EXPECT_EQ(s.turns[2].posted_by, 1U);
    EXPECT_EQ(s.turns[2].rung, 2);
    EXPECT_EQ(s.turns[2].wasted_blocks, 1U);  // from the window's start to the backup's batch
    EXPECT_EQ(s.windows_backed_up, 1U);
    const auto j = summary_json(s);
    EXPECT_EQ(j["ladder"]["g1"], 2);
    EXPECT_EQ(j["turns"][2]["rung"], 2);
    EXPECT_EQ(j["turns"][2]["posted_by"], 1);
    EXPECT_EQ(j["backup_txs_reverted"], 2);
    // Without a ladder the same status-0 txs are plain reverts.
    SummaryBuilder plain(schedule(), {addr(1), addr(2), addr(3)});
    plain.add_l1_block(block(11, 1, {tx(2, false)}));
    EXPECT_EQ(plain.finish(ChainCheck{}, 1).backup_txs_reverted, 0U);
    EXPECT_TRUE(summary_json(plain.finish(ChainCheck{}, 1))["ladder"].is_null());
}

TEST(DevnetSummaryTest, BlobBatchesAreCountedPerBatcher) {
    auto b = builder();
    InboxTx blob = tx(1, true, true, 0);
    blob.blobs = 1;
    b.add_l1_block(block(10, 1, {blob, tx(1, true)}));
    const auto s = b.finish(ChainCheck{}, 2);
    EXPECT_EQ(s.batchers[0].batches_accepted, 2U);
    EXPECT_EQ(s.batchers[0].blob_batches_accepted, 1U);
    EXPECT_EQ(s.blob_batches_accepted, 1U);
    EXPECT_EQ(summary_json(s)["batchers"][0]["blobs_accepted"], 1);
}

TEST(DevnetSummaryTest, TheLongestStallCountsBlocksWithoutASafeAdvanceWhileAChannelWaits) {
    SummaryBuilder b(schedule(4), {addr(1), addr(2), addr(3)});
    const auto at = [](std::uint64_t number, std::uint64_t safe, std::uint64_t unsafe) {
        L1BlockView v = block(number, safe);
        v.sequencer_unsafe = L2Head{unsafe, {}};
        return v;
    };
    // The safe head after block b is the one seen at b + 1.
    b.add_l1_block(at(10, 1, 3));   // less than a channel waiting
    b.add_l1_block(at(11, 1, 4));   // still 3 unsafe blocks: not waiting
    b.add_l1_block(at(12, 1, 5));   // a full channel waits, nothing derived after it: 1
    b.add_l1_block(at(13, 1, 6));   // 2
    b.add_l1_block(at(14, 1, 7));   // 3
    b.add_l1_block(at(15, 1, 8));   // its batch: the verifier has derived it by block 16
    b.add_l1_block(at(16, 6, 11));  // 1
    b.add_l1_block(at(17, 6, 12));  // the last block seen: nothing known after it
    b.add_l1_block(at(19, 6, 13));  // a gap in the observed blocks breaks the run
    b.add_l1_block(at(20, 6, 14));
    EXPECT_EQ(b.finish(ChainCheck{}, 16).max_safe_stall_l1_blocks, 3U);
}

TEST(DevnetSummaryTest, WindowsComeFromLeaderAtWhateverTheirLength) {
    // Windows of 3, 1 and 5 blocks with two leaderless blocks between, not the round robin's
    // arithmetic: the summary follows leaderAt.
    auto b = builder();
    b.add_l1_block(led_block(10, 1, 1));
    b.add_l1_block(led_block(11, 1, 1));
    b.add_l1_block(led_block(12, 1, 1, {tx(1, true)}));  // 2 blocks before the batch
    b.add_l1_block(led_block(13, 0, 3));
    b.add_l1_block(led_block(14, 0, 3));
    b.add_l1_block(led_block(15, 2, 3, {tx(2, true)}));
    for (std::uint64_t n = 16; n <= 20; ++n) b.add_l1_block(led_block(n, 3, 4));
    b.add_l1_block(led_block(21, 1, 4));
    const auto s = b.finish(ChainCheck{}, 24);
    ASSERT_EQ(s.turns.size(), 5U);
    EXPECT_EQ(s.turns[0].first_block, 10U);
    EXPECT_EQ(s.turns[0].last_block, 12U);
    EXPECT_EQ(s.turns[0].wasted_blocks, 2U);
    EXPECT_EQ(s.turns[1].first_block, 13U);  // nobody leads 13-14
    EXPECT_EQ(s.turns[1].last_block, 14U);
    EXPECT_FALSE(s.turns[1].leader_batcher.has_value());
    EXPECT_EQ(s.turns[2].first_block, 15U);
    EXPECT_EQ(s.turns[2].last_block, 15U);
    EXPECT_EQ(s.turns[2].wasted_blocks, 0U);
    EXPECT_EQ(s.turns[2].safe_after, 4U);  // seen at block 16, after the window's only block
    EXPECT_EQ(s.turns[3].first_block, 16U);
    EXPECT_EQ(s.turns[3].last_block, 20U);
    EXPECT_TRUE(s.turns[3].complete);
    EXPECT_FALSE(s.turns[3].wasted_blocks.has_value());
    EXPECT_EQ(s.turns_with_batches, 2U);
    // A leaderless window is not a turn "without batches": nobody could post.
    EXPECT_EQ(s.turns_without_batches, 1U);
    const auto j = summary_json(s);
    EXPECT_EQ(j["turns"][3]["length"], 5);
}

TEST(DevnetSummaryTest, ASoleLeadersRunIsOneWindow) {
    // One batcher leads every block: its run is one window, and only the blocks before its first
    // batch count as waste, not the fill time of every later channel.
    auto b = builder();
    for (std::uint64_t n = 10; n < 40; ++n) {
        std::vector<InboxTx> txs;
        if (n >= 13 && (n - 13) % 4 == 0) txs.push_back(tx(1, true));
        b.add_l1_block(led_block(n, 1, n - 9, std::move(txs)));
    }
    const auto s = b.finish(ChainCheck{}, 60);
    ASSERT_EQ(s.turns.size(), 1U);
    EXPECT_EQ(s.turns[0].batches_accepted, 7U);
    EXPECT_EQ(s.wasted_blocks_total, 3U);
    EXPECT_EQ(s.turns_without_batches, 0U);
}

TEST(DevnetSummaryTest, SafeLagIsFromBlockTimestampToFirstSighting) {
    auto b = builder();       // genesis #1 at t=1000, 2 s blocks: block n at 1000 + 2(n-1)
    b.on_safe_head(1, 1001);  // genesis: no sample
    b.on_safe_head(3, 1010);  // #2 (t=1002) lag 8, #3 (t=1004) lag 6
    b.on_safe_head(3, 1011);  // no new block
    b.on_safe_head(4, 1009);  // #4 (t=1006) lag 3
    b.on_safe_head(2, 1012);  // went back
    const auto s = b.finish(ChainCheck{}, 1);
    EXPECT_EQ(s.safe_lag_samples, 3U);
    EXPECT_EQ(s.safe_lag_p50, 6);
    EXPECT_EQ(s.safe_lag_p99, 8);
    EXPECT_EQ(s.safe_head_regressions, 1U);
}

TEST(DevnetSummaryTest, ChainsEqualNeedsACleanCheck) {
    auto b = builder();
    ChainCheck good;
    good.blocks_compared = 10;
    EXPECT_TRUE(b.finish(good, 1).chains_equal);
    EXPECT_TRUE(b.finish(good, 1).ok());
    ChainCheck differs = good;
    differs.mismatches = 1;
    differs.first_mismatch = 7;
    EXPECT_FALSE(b.finish(differs, 1).chains_equal);
    ChainCheck broken = good;
    broken.safe_chain_contiguous = false;
    EXPECT_FALSE(b.finish(broken, 1).chains_equal);
    ChainCheck failed = good;
    failed.error = "engine down";
    EXPECT_FALSE(b.finish(failed, 1).ok());
}

TEST(DevnetSummaryTest, ReplacedUnsafeBlocksAreCounted) {
    auto b = builder();
    B256 h1{};
    h1[0] = 1;
    B256 h2{};
    h2[0] = 2;
    b.on_unsafe_block(5, h1);
    b.on_unsafe_block(5, h1);
    b.on_unsafe_block(6, h1);
    b.on_unsafe_block(5, h2);
    EXPECT_EQ(b.unsafe_heights(), (std::vector<std::uint64_t>{5, 6}));
    EXPECT_EQ(b.finish(ChainCheck{}, 1).unsafe_blocks_replaced, 1U);
}

TEST(DevnetSummaryTest, OfflineLeadersAreMarkedOnTheirTurns) {
    auto b = builder();
    for (std::uint64_t n = 10; n < 22; ++n) b.add_l1_block(block(n, 1));
    b.on_batcher_offline(2, 13);  // during its own turn (12..13): that turn and later ones
    const auto s = b.finish(ChainCheck{}, 1);
    EXPECT_FALSE(s.turns[0].leader_offline);
    EXPECT_TRUE(s.turns[1].leader_offline);
    EXPECT_FALSE(s.turns[2].leader_offline);
    EXPECT_TRUE(s.turns[4].leader_offline);
    auto c = builder();
    for (std::uint64_t n = 10; n < 22; ++n) c.add_l1_block(block(n, 1));
    c.on_batcher_offline(2, 13);
    c.on_batcher_online(2);
    EXPECT_FALSE(c.finish(ChainCheck{}, 1).turns[1].leader_offline);
}

TEST(DevnetSummaryTest, JsonCarriesTheFigures) {
    auto b = builder();
    b.add_l1_block(block(10, 1, {tx(1, true)}));
    ChainCheck check;
    check.blocks_compared = 3;
    const auto j = summary_json(b.finish(check, 12.5));
    EXPECT_EQ(j["batchers"][0]["batches_accepted"], 1);
    EXPECT_EQ(j["non_leader_txs_accepted"], 0);
    EXPECT_EQ(j["chains_equal"], true);
    EXPECT_EQ(j["ok"], true);
    EXPECT_EQ(j["chain_check"]["blocks_compared"], 3);
    EXPECT_TRUE(j["safe_lag_seconds"]["p50"].is_null());
    EXPECT_EQ(j["turns"][0]["wasted_blocks"], 0);
    const auto text = format_summary(b.finish(check, 12.5));
    EXPECT_NE(text.find("chains equal:              yes"), std::string::npos) << text;
    EXPECT_NE(text.find("non-leader data accepted:  0 txs"), std::string::npos) << text;
}

FaultRecord injected(FaultSpec::Kind kind, double at_unix, double end_unix) {
    FaultRecord r;
    r.spec.kind = kind;
    r.spec.at_seconds = 10;
    r.injected = true;
    r.injected_unix = at_unix;
    r.ended_unix = end_unix;
    return r;
}

ChainCheck clean_check() {
    ChainCheck c;
    c.blocks_compared = 5;
    return c;
}

TEST(DevnetSummaryTest, FaultStallAndRecoveryComeFromSafeHeadAdvances) {
    auto b = builder();
    // Safe head advances at 100, 108, then nothing until 130 (an outage from 110 to 120), then 134.
    b.on_safe_head(2, 100);
    b.on_safe_head(4, 108);
    b.on_safe_head(4, 115);
    b.on_safe_head(6, 130);
    b.on_safe_head(8, 134);
    b.on_safe_head(8, 140);
    auto r = injected(FaultSpec::Kind::kL1Outage, 110, 120);
    r.spec.outage_seconds = 10;
    const auto o = b.fault_outcome(r);
    EXPECT_TRUE(o.ok) << o.outcome;
    EXPECT_EQ(o.safe_head_at_injection, 4U);
    ASSERT_TRUE(o.safe_stall_seconds);
    EXPECT_DOUBLE_EQ(*o.safe_stall_seconds, 22.0);  // 108 → 130
    ASSERT_TRUE(o.recovery_seconds);
    EXPECT_DOUBLE_EQ(*o.recovery_seconds, 10.0);  // 120 → 130
    EXPECT_EQ(o.safe_head_regressions, 0U);
}

TEST(DevnetSummaryTest, FaultWithoutRecoveryIsNotOk) {
    auto b = builder();
    b.on_safe_head(2, 100);
    b.on_safe_head(2, 150);
    const auto o = b.fault_outcome(injected(FaultSpec::Kind::kL1Outage, 110, 120));
    EXPECT_FALSE(o.ok);
    EXPECT_NE(o.outcome.find("did not advance"), std::string::npos) << o.outcome;
    EXPECT_DOUBLE_EQ(o.safe_stall_seconds.value_or(0), 50.0);  // 100 → the last observation
    FaultRecord never;
    never.spec.kind = FaultSpec::Kind::kSpam;
    never.error = "could not fund the spammer";
    const auto n = b.fault_outcome(never);
    EXPECT_FALSE(n.ok);
    EXPECT_EQ(n.outcome, "not injected: could not fund the spammer");
}

TEST(DevnetSummaryTest, ReorgThatLostTheInboxCodeFailsTheRun) {
    auto b = builder();
    b.on_safe_head(2, 100);
    b.on_safe_head(1, 105);  // derivation walked back after the reorg
    b.on_safe_head(4, 112);
    auto r = injected(FaultSpec::Kind::kL1Reorg, 104, 104);
    r.spec.depth = 4;
    r.l1_block = 20;
    r.inbox_code_intact = true;
    auto ok = b.fault_outcome(r);
    EXPECT_TRUE(ok.ok) << ok.outcome;
    EXPECT_EQ(ok.safe_head_regressions, 1U);
    r.inbox_code_intact = false;
    b.add_fault(r);
    const auto s = b.finish(clean_check(), 30);
    EXPECT_TRUE(s.chains_equal);
    ASSERT_EQ(s.faults.size(), 1U);
    EXPECT_FALSE(s.faults[0].ok);
    EXPECT_NE(s.faults[0].outcome.find("inbox code GONE"), std::string::npos) << s.faults[0].outcome;
    EXPECT_FALSE(s.ok()) << "chains equal on a broken L1 prove nothing";
    const auto j = summary_json(s);
    EXPECT_EQ(j["faults"][0]["kind"], "l1_reorg");
    EXPECT_EQ(j["faults"][0]["spec"], "4@10");
    EXPECT_EQ(j["faults"][0]["inbox_code_intact"], false);
    EXPECT_EQ(j["faults_ok"], false);
    EXPECT_EQ(j["ok"], false);
    EXPECT_NE(format_summary(s).find("fault --l1-reorg 4@10: FAILED"), std::string::npos)
        << format_summary(s);
}

TEST(DevnetSummaryTest, SpamMustRevertEveryTx) {
    auto b = builder();
    auto spam = injected(FaultSpec::Kind::kSpam, 100, 104);
    spam.spec.txs = 2;
    B256 h1{};
    h1[0] = 1;
    B256 h2{};
    h2[0] = 2;
    spam.spam_txs = {h1, h2};
    InboxTx t1 = tx(1, false);
    t1.batcher.reset();
    t1.sender = addr(99);
    t1.hash = h1;
    InboxTx t2 = t1;
    t2.hash = h2;
    b.add_l1_block(block(10, 1, {t1}));
    b.add_l1_block(block(11, 1, {t2}));
    b.on_safe_head(1, 99);
    b.on_safe_head(3, 106);
    auto o = b.fault_outcome(spam);
    EXPECT_TRUE(o.ok) << o.outcome;
    EXPECT_EQ(o.spam_reverted, 2U);
    EXPECT_EQ(o.spam_accepted, 0U);
    const auto j = summary_json([&] {
        b.add_fault(spam);
        return b.finish(clean_check(), 10);
    }());
    EXPECT_EQ(j["faults"][0]["txs_sent"], 2);
    EXPECT_EQ(j["faults"][0]["txs_reverted"], 2);
    EXPECT_EQ(j["faults"][0]["ok"], true);

    // One accepted: the inbox let a non-member in.
    auto b2 = builder();
    t2.status = true;
    b2.add_l1_block(block(10, 1, {t1}));
    b2.add_l1_block(block(11, 1, {t2}));
    b2.on_safe_head(3, 106);
    o = b2.fault_outcome(spam);
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.spam_accepted, 1U);
    // Not seen on L1 at all.
    auto b3 = builder();
    b3.on_safe_head(3, 106);
    o = b3.fault_outcome(spam);
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.spam_unseen, 2U);
}

TEST(DevnetSummaryTest, ChangedInboxCountsBatchesToEachInbox) {
    auto b = builder();
    auto change = injected(FaultSpec::Kind::kChangeInbox, 100, 103);
    change.old_inbox = addr(200);
    change.new_inbox = addr(201);
    change.l1_block = 12;
    InboxTx old_tx = tx(1, true);
    old_tx.inbox = addr(200);
    InboxTx new_tx = tx(2, true);
    new_tx.sender = addr(2);
    new_tx.inbox = addr(201);
    InboxTx late_old = tx(3, true);
    late_old.sender = addr(3);
    late_old.inbox = addr(200);
    b.add_l1_block(block(10, 1, {old_tx}));
    b.add_l1_block(block(12, 1, {new_tx}));
    b.add_l1_block(block(14, 1, {late_old}));
    b.on_safe_head(1, 99);
    b.on_safe_head(3, 110);
    auto o = b.fault_outcome(change);
    EXPECT_TRUE(o.ok) << o.outcome;
    EXPECT_EQ(o.batches_to_new_inbox, 1U);
    EXPECT_EQ(o.batches_to_old_inbox_after, 1U);
    change.new_inbox.reset();
    o = b.fault_outcome(change);
    EXPECT_FALSE(o.ok);
}

TEST(DevnetSummaryTest, AuctionRentAndBidStatusesComeFromChargesAndObservedBlocks) {
    auto b = builder();
    B256 first{};
    first[0] = 1;
    B256 second{};
    second[0] = 2;
    InboxTx bid1 = tx(1, true, false, 36);
    bid1.hash = first;
    InboxTx bid2 = tx(2, false, false, 36);
    bid2.hash = second;
    b.add_l1_block(block(10, 1, {bid1}));
    b.add_l1_block(block(11, 1, {bid2}));
    AuctionSummary a;
    a.bids.push_back(AuctionBid{1, U256(1000), U256(16000), 0, first, 1, "", std::nullopt});
    a.bids.push_back(AuctionBid{2, U256(2000), U256(32000), 40, second, 1, "", std::nullopt});
    a.bids.push_back(
        AuctionBid{3, U256(10), U256(160), 50, std::nullopt, 0, "refused: BidTooLow", std::nullopt});
    a.reigns.push_back(AuctionReign{1, addr(1), std::nullopt, 16, 40, 10, U256(1000), true, 30});
    a.reigns.push_back(AuctionReign{2, addr(2), std::nullopt, 40, 104, 30, U256(2000), false, std::nullopt});
    a.reigns.push_back(AuctionReign{3, addr(9), std::nullopt, 104, 120, 90, U256(3000), false, std::nullopt});
    a.charges = {{1, addr(1), 2, U256(2000)},
                 {1, addr(1), 4, U256(4000)},
                 {2, addr(2), 3, U256(6000)},
                 {3, addr(9), 1, U256(3000)}};
    a.proceeds_unpaid_wei = U256(15000);
    a.settle_txs = 12;
    b.set_auction(a);
    const auto s = b.finish(ChainCheck{}, 20);
    ASSERT_TRUE(s.auction);
    EXPECT_EQ(s.batchers[0].rent_paid_wei, U256(6000));
    EXPECT_EQ(s.batchers[1].rent_paid_wei, U256(6000));
    EXPECT_EQ(s.batchers[2].rent_paid_wei, U256(0));  // never led a reign: paid nothing
    EXPECT_EQ(s.auction->proceeds_wei, U256(15000));  // the outsider's rent counts too
    ASSERT_EQ(s.auction->bids.size(), 3U);
    EXPECT_EQ(s.auction->bids[0].status, true);
    EXPECT_EQ(s.auction->bids[1].status, false);
    EXPECT_FALSE(s.auction->bids[2].status);
    EXPECT_EQ(s.auction->reigns[0].leader_batcher, 1U);
    EXPECT_EQ(s.auction->reigns[1].leader_batcher, 2U);
    EXPECT_FALSE(s.auction->reigns[2].leader_batcher);

    const auto j = summary_json(s);
    EXPECT_EQ(j["batchers"][0]["rent_paid"], 6000);
    EXPECT_EQ(j["batchers"][2]["rent_paid"], 0);
    EXPECT_EQ(j["auction"]["proceeds"], 15000);
    EXPECT_EQ(j["auction"]["proceeds_unpaid"], 15000);
    EXPECT_EQ(j["auction"]["settle_txs"], 12);
    EXPECT_EQ(j["auction"]["bids"][0]["status"], "accepted");
    EXPECT_EQ(j["auction"]["bids"][1]["status"], "reverted");
    EXPECT_EQ(j["auction"]["bids"][1]["at_seconds"], 40.0);
    EXPECT_EQ(j["auction"]["bids"][1]["rent"], 2000);
    EXPECT_EQ(j["auction"]["bids"][2]["status"], "not_sent");
    EXPECT_EQ(j["auction"]["bids"][2]["error"], "refused: BidTooLow");
    EXPECT_EQ(j["auction"]["reigns"][0]["leader_batcher"], 1);
    EXPECT_EQ(j["auction"]["reigns"][0]["end_block"], 40);
    EXPECT_EQ(j["auction"]["reigns"][0]["cut"], true);
    EXPECT_EQ(j["auction"]["reigns"][1]["start_block"], 40);
    EXPECT_TRUE(j["auction"]["reigns"][2]["leader_batcher"].is_null());
    EXPECT_NE(format_summary(s).find("auction:"), std::string::npos);
}

TEST(DevnetSummaryTest, AuctionKeysAreNullOutsideAuctionRuns) {
    auto b = builder();
    b.add_l1_block(block(10, 1));
    const auto j = summary_json(b.finish(ChainCheck{}, 20));
    ASSERT_TRUE(j.contains("auction"));
    EXPECT_TRUE(j["auction"].is_null());
    EXPECT_TRUE(j["batchers"][0]["rent_paid"].is_null());
}

TEST(DevnetSummaryTest, WeiBeyond64BitsIsADecimalString) {
    auto b = builder();
    AuctionSummary a;
    const U256 big = U256(1'000'000'000'000'000'000ULL) * U256(100);  // 100 ETH > 2^64 wei
    a.charges = {{1, addr(1), 1, big}};
    b.set_auction(a);
    const auto j = summary_json(b.finish(ChainCheck{}, 20));
    EXPECT_EQ(j["auction"]["proceeds"], "100000000000000000000");
    EXPECT_EQ(j["batchers"][0]["rent_paid"], "100000000000000000000");
}

}  // namespace
}  // namespace baton::apps::devnet
