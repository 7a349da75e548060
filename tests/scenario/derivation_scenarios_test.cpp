// SPDX-License-Identifier: MIT
// Derivation scenarios, op-e2e action style: mine, submit, reorg, step until idle. Each asserts the
// exact L2 blocks the verifier derives (number, timestamp, epoch), that they equal the sequencer's
// blocks hash for hash (the hash commits to every tx: L1-info deposit, user deposits, user txs),
// and the drops that explain what was ignored.
#include "scenario.hpp"

namespace baton::scenario {
namespace {

using derive::DropReason;
using derive::test_util::test_key;

using Summary = std::vector<BlockSummary>;

// L2 genesis time = L1 genesis time; L2 blocks every 2 s, L1 blocks every 12 s: L2 block n has
// timestamp +2n and epoch floor(2n / 12) once that L1 block exists.

TEST(ScenarioV0, NonBatcherTxIsIgnoredBatcherTxIsDerived) {
    World w;
    const Address inbox = w.rollup.batch_inbox_address;
    w.l1.mine_empty(2);
    w.sequence();
    const Bytes user = w.user_tx(1);
    w.sequence({user});
    w.sequence_n(2);
    const auto frames = w.channel(1, 4);

    w.submit(test_key(9), inbox, frames);  // not the batcher of batcherHash v0
    w.l1.mine();
    EXPECT_TRUE(w.step_until_idle().empty());
    EXPECT_EQ(w.rec.metrics.drops(DropReason::kUnauthorizedSender), frames.size());
    EXPECT_TRUE(w.rec.logger.contains("unauthorized sender"));

    w.submit(test_key(1), inbox, frames);
    w.l1.mine();
    auto derived = w.step_until_idle();
    EXPECT_EQ(summarize(derived, w.rollup), (Summary{{1, 2, 0}, {2, 4, 0}, {3, 6, 0}, {4, 8, 0}}));
    w.expect_verifier_matches_sequencer_through(4);
    // Block 2: the L1-info deposit, then the user's tx (no user deposits outside an epoch's first block).
    ASSERT_EQ(w.ver_chain->txs(2).size(), 2u);
    EXPECT_EQ(keccak256(w.ver_chain->txs(2)[1]), keccak256(user));
    EXPECT_EQ(w.ver_chain->txs(2)[0][0], 0x7e);
}

TEST(ScenarioV1, RevertedTxIgnoredSuccessfulTxFromAnySenderDerived) {
    protocol::SystemConfig cfg = derive::test_util::make_test_rollup().genesis.system_config;
    cfg.batcher_hash = protocol::make_leader_election_batcher_hash();
    World w(0, &cfg);
    const Address inbox = w.rollup.batch_inbox_address;
    w.l1.mine_empty(2);
    w.sequence_n(4);
    const auto frames = w.channel(1, 4);

    w.submit(test_key(31), inbox, frames, /*success=*/false);
    w.l1.mine();
    EXPECT_TRUE(w.step_until_idle().empty());
    EXPECT_EQ(w.rec.metrics.drops(DropReason::kRevertedBatcherTx), frames.size());

    w.submit(test_key(32), inbox, frames);  // any sender: the inbox contract already judged it
    w.l1.mine();
    auto derived = w.step_until_idle();
    EXPECT_EQ(summarize(derived, w.rollup), (Summary{{1, 2, 0}, {2, 4, 0}, {3, 6, 0}, {4, 8, 0}}));
    w.expect_verifier_matches_sequencer_through(4);
}

TEST(ScenarioLeaders, ThreeLeadersTakeTurnsAndAnIncompleteChannelIsRepostedFromTheSafeHead) {
    protocol::SystemConfig cfg = derive::test_util::make_test_rollup().genesis.system_config;
    cfg.batcher_hash = protocol::make_leader_election_batcher_hash();
    World w(0, &cfg);
    const Address inbox = w.rollup.batch_inbox_address;
    const PrivateKey a = test_key(41), b = test_key(42), c = test_key(43);
    w.l1.mine_empty(1);
    for (int i = 0; i < 12; ++i) w.sequence({w.user_tx(static_cast<std::uint8_t>(i % 3))});

    // A's turn (L1 blocks 2-3): blocks 1-4 complete, then only the first frames of 5-8.
    w.submit(a, inbox, w.channel(1, 4, false, 120));
    w.l1.mine();
    auto unfinished = w.channel(5, 8, false, 120);
    ASSERT_GE(unfinished.size(), 2u);
    unfinished.pop_back();
    w.submit(a, inbox, unfinished);
    w.l1.mine();
    auto first = w.step_until_idle();
    EXPECT_EQ(first.size(), 4u);
    // B's turn: it starts from the safe head (block 4) and re-posts 5-8 as a new channel.
    ASSERT_EQ(w.ver_chain->head().number, 4u);
    w.submit(b, inbox, w.channel(5, 8, false, 120));
    w.l1.mine();
    // C's turn: 9-12 as one span batch.
    w.submit(c, inbox, w.channel(9, 12, true, 120));
    w.l1.mine();
    auto rest = w.step_until_idle();

    std::vector<L2BlockRef> all = first;
    all.insert(all.end(), rest.begin(), rest.end());
    Summary expected;
    for (std::uint64_t n = 1; n <= 12; ++n)
        expected.push_back({n, 2 * n, std::min<std::uint64_t>(2 * n / 12, 1)});
    EXPECT_EQ(summarize(all, w.rollup), expected);  // none lost, none duplicated
    w.expect_verifier_matches_sequencer_through(12);
    EXPECT_EQ(w.rec.metrics.drops(DropReason::kChannelReplaced) +
                  w.rec.metrics.drops(DropReason::kUnclosedChannelEvicted),
              1u);
}

TEST(ScenarioGovernance, InboxChangeIgnoresOldInboxFromThatBlockOnEarlierTxsIncluded) {
    World w;
    const Address old_inbox = w.rollup.batch_inbox_address;
    const Address new_inbox = derive::test_util::test_address(0x20);
    const PrivateKey batcher = test_key(1);
    w.l1.mine_empty(1);
    w.sequence_n(8);
    w.submit(batcher, old_inbox, w.channel(1, 4));
    w.l1.mine();
    // Same block: the batcher's tx to the old inbox comes first, the update after it.
    w.submit(batcher, old_inbox, w.channel(5, 8));
    w.l1.add_config_update(w.rollup.l1_system_config_address, protocol::ConfigUpdateType::kBatchInbox,
                           derive::test_util::address_word(new_inbox));
    w.l1.mine();
    auto derived = w.step_until_idle();
    EXPECT_EQ(derived.size(), 4u);  // only blocks 1-4 (the old inbox before the update's block)
    w.submit(batcher, new_inbox, w.channel(5, 8));
    w.l1.mine();
    auto later = w.step_until_idle();
    EXPECT_EQ(summarize(later, w.rollup), (Summary{{5, 10, 0}, {6, 12, 1}, {7, 14, 1}, {8, 16, 1}}));
    w.expect_verifier_matches_sequencer_through(8);
}

TEST(ScenarioGovernance, SwitchFromV0ToV1KeepsTheChainContinuous) {
    World w;
    const Address inbox = w.rollup.batch_inbox_address;
    w.l1.mine_empty(1);
    w.sequence_n(4);
    w.submit(test_key(1), inbox, w.channel(1, 4));  // v0: the batcher key
    w.l1.mine();                                    // L1 #2
    w.l1.add_config_update(w.rollup.l1_system_config_address, protocol::ConfigUpdateType::kBatcher,
                           protocol::make_leader_election_batcher_hash());
    w.l1.mine();      // L1 #3: from here batcherHash v1
    w.sequence_n(8);  // blocks 5-12; 12 is in epoch 2 (L1 #2), after the update? no: #3 at +36
    w.submit(test_key(51), inbox, w.channel(5, 8));  // a leader that is not the old batcher
    w.submit(test_key(1), inbox, w.channel(9, 12), /*success=*/false);  // reverted: ignored
    w.l1.mine();                                                        // L1 #4
    auto derived = w.step_until_idle();
    Summary expected;
    for (std::uint64_t n = 1; n <= 8; ++n) expected.push_back({n, 2 * n, 2 * n / 12});
    EXPECT_EQ(summarize(derived, w.rollup), expected);
    w.expect_verifier_matches_sequencer_through(8);
    EXPECT_EQ(w.rec.metrics.drops(DropReason::kRevertedBatcherTx), 1u);
}

TEST(ScenarioBaton, ActivationChangesTheChannelBlockLimitAndTheExcessIsDropped) {
    // Baton activates at L1 block 3's time (+36): the same kind of channel (6 blocks) is read
    // whole before and cut to l2_blocks_per_channel = 4 after.
    World w(derive::test_util::make_test_rollup().genesis.l2_time + 1'000'000 + 36);
    const Address inbox = w.rollup.batch_inbox_address;
    const PrivateKey batcher = test_key(1);
    w.l1.mine_empty(1);
    w.sequence_n(14);
    w.submit(batcher, inbox, w.channel(1, 6));
    w.l1.mine();  // #2, before baton_time
    auto before = w.step_until_idle();
    EXPECT_EQ(before.size(), 6u);
    EXPECT_EQ(w.rec.metrics.drops(DropReason::kChannelBlockLimit), 0u);

    w.submit(batcher, inbox, w.channel(7, 12));
    w.l1.mine();  // #3, at baton_time
    auto after = w.step_until_idle();
    EXPECT_EQ(summarize(after, w.rollup), (Summary{{7, 14, 1}, {8, 16, 1}, {9, 18, 1}, {10, 20, 1}}));
    EXPECT_EQ(w.rec.metrics.drops(DropReason::kChannelBlockLimit), 2u);
    EXPECT_TRUE(w.rec.logger.contains("beyond l2_blocks_per_channel=4"));

    // The next channel starts from the safe head: 11-14 (a span batch this time).
    w.submit(batcher, inbox, w.channel(11, 14, true));
    w.l1.mine();
    auto next = w.step_until_idle();
    EXPECT_EQ(next.size(), 4u);
    w.expect_verifier_matches_sequencer_through(14);
}

TEST(ScenarioBaton, LeaderElectionDataBeforeBatonTimeIsIgnoredAndAfterItDerived) {
    // batcherHash v1 from genesis, Baton from L1 block 3's time: the same channel from the same
    // leader is no data at #2 (no authorized batcher yet) and derived at #3.
    protocol::SystemConfig cfg = derive::test_util::make_test_rollup().genesis.system_config;
    cfg.batcher_hash = protocol::make_leader_election_batcher_hash();
    World w(1'000'000 + 36, &cfg);
    const Address inbox = w.rollup.batch_inbox_address;
    w.l1.mine_empty(1);
    w.sequence_n(4);
    const auto frames = w.channel(1, 4);
    w.submit(test_key(61), inbox, frames);
    w.l1.mine();  // #2: before baton_time
    EXPECT_TRUE(w.step_until_idle().empty());
    EXPECT_EQ(w.rec.metrics.drops(DropReason::kLeaderElectionBeforeBaton), frames.size());
    w.submit(test_key(61), inbox, frames);
    w.l1.mine();  // #3: Baton active
    auto derived = w.step_until_idle();
    EXPECT_EQ(summarize(derived, w.rollup), (Summary{{1, 2, 0}, {2, 4, 0}, {3, 6, 0}, {4, 8, 0}}));
    w.expect_verifier_matches_sequencer_through(4);
}

// Rotating sequencers (issue 15): each leader builds its turn's blocks with its own fee recipient
// and posts them in a Baton span batch (0xBA); the verifier derives every block with that coinbase.
TEST(ScenarioFeeRecipients, EachLeaderIsPaidForTheBlocksOfItsTurn) {
    protocol::SystemConfig cfg = derive::test_util::make_test_rollup().genesis.system_config;
    cfg.batcher_hash = protocol::make_leader_election_batcher_hash();
    World w(0, &cfg);
    const Address inbox = w.rollup.batch_inbox_address;
    const Address pay_a = derive::test_util::test_address(0xa0),
                  pay_b = derive::test_util::test_address(0xb0);
    w.l1.mine_empty(1);
    w.seq_fee_recipient = pay_a;
    for (int i = 0; i < 4; ++i) w.sequence({w.user_tx(1)});
    w.seq_fee_recipient = pay_b;
    for (int i = 0; i < 4; ++i) w.sequence({w.user_tx(2)});

    w.submit(test_key(41), inbox, w.channel(1, 4, true));
    w.l1.mine();
    w.submit(test_key(42), inbox, w.channel(5, 8, true));
    w.l1.mine();
    auto derived = w.step_until_idle();
    ASSERT_EQ(derived.size(), 8u);
    for (std::uint64_t n = 1; n <= 8; ++n) EXPECT_EQ(w.ver_coinbase[n], n <= 4 ? pay_a : pay_b) << n;
    w.expect_verifier_matches_sequencer_through(8);
    EXPECT_EQ(w.rec.metrics.total_drops(), 0u);
}

// Under batcherHash v0 the same batches name recipients that do not count: every block pays the vault.
TEST(ScenarioFeeRecipients, UnderASingleV0BatcherBlocksPayTheVault) {
    World w;
    const Address inbox = w.rollup.batch_inbox_address;
    w.l1.mine_empty(1);
    w.seq_fee_recipient = derive::test_util::test_address(0xa0);
    w.sequence_n(4);
    w.submit(test_key(1), inbox, w.channel(1, 4, true));
    w.l1.mine();
    ASSERT_EQ(w.step_until_idle().size(), 4u);
    for (std::uint64_t n = 1; n <= 4; ++n) EXPECT_EQ(w.ver_coinbase[n], protocol::kSequencerFeeVaultAddress);
    w.expect_verifier_matches_sequencer_through(4);
}

TEST(ScenarioReorg, TwoBlockReorgResetsAndDerivesTheNewBranch) {
    World w;
    const Address inbox = w.rollup.batch_inbox_address;
    const PrivateKey batcher = test_key(1);
    w.l1.mine_empty(2);  // #1, #2
    w.sequence_n(8);
    w.submit(batcher, inbox, w.channel(1, 4));
    w.l1.mine();  // #3
    w.l1.mine();  // #4
    EXPECT_EQ(w.step_until_idle().size(), 4u);

    // #3 and #4 are replaced: the new branch carries 1-8 in its second block.
    w.l1.rewind(2);
    w.l1.mine();  // #3'
    w.submit(batcher, inbox, w.channel(1, 8));
    w.l1.mine();  // #4'
    w.l1.mine();  // #5'
    auto stale = w.step_until_idle();
    EXPECT_TRUE(stale.empty());
    ASSERT_TRUE(w.reset_error);
    EXPECT_EQ(w.reset_error->severity, derive::Severity::kReset);

    // The node's reset: the safe blocks derived from the dropped L1 blocks are unsafe again (here:
    // back to genesis), restart at the walk-back block with its SystemConfig.
    w.ver_chain->rewind_to(0);
    const auto safe = w.ver_chain->head();
    const auto origin_number =
        derive::reset_l1_origin_number(w.rollup, safe.l1_origin, w.l1.block(0).timestamp);
    ASSERT_EQ(origin_number, 0u);
    ASSERT_TRUE(w.pipeline->reset(safe, w.l1.block(origin_number), w.rollup.genesis.system_config));
    w.reset_error.reset();
    auto derived = w.step_until_idle();
    EXPECT_FALSE(w.reset_error);
    // The limit cuts the 8-block channel at 4; the rest would come in a next channel.
    EXPECT_EQ(summarize(derived, w.rollup), (Summary{{1, 2, 0}, {2, 4, 0}, {3, 6, 0}, {4, 8, 0}}));
    w.expect_verifier_matches_sequencer_through(4);
    EXPECT_EQ(w.pipeline->origin(), w.l1.head());
}

TEST(ScenarioGarbage, GarbageNeverStopsDerivationAndEachDropIsCounted) {
    World w;
    const Address inbox = w.rollup.batch_inbox_address;
    const PrivateKey batcher = test_key(1);
    w.l1.mine_empty(1);
    w.sequence_n(8);
    // Random calldata, a malformed frame (right version byte, junk after), and a channel whose
    // last frame never comes.
    Bytes random(64);
    for (std::size_t i = 0; i < random.size(); ++i) random[i] = static_cast<std::uint8_t>(i * 37 + 11);
    w.l1.add_batcher_tx(batcher, inbox, random);
    w.l1.add_batcher_tx(batcher, inbox, Bytes{0x00, 0xde, 0xad, 0xbe, 0xef});
    auto never_closed = w.channel(1, 4, false, 80);
    ASSERT_GE(never_closed.size(), 2u);
    never_closed.pop_back();
    w.submit(batcher, inbox, never_closed);
    w.l1.mine();
    EXPECT_TRUE(w.step_until_idle().empty());
    // Then the real thing.
    w.submit(batcher, inbox, w.channel(1, 4));
    w.l1.mine();
    auto derived = w.step_until_idle();
    EXPECT_EQ(derived.size(), 4u);
    w.expect_verifier_matches_sequencer_through(4);
    EXPECT_EQ(w.rec.metrics.drops(DropReason::kInvalidTxPayload), 2u);
    EXPECT_EQ(w.rec.metrics.drops(DropReason::kChannelReplaced) +
                  w.rec.metrics.drops(DropReason::kUnclosedChannelEvicted),
              1u);
    EXPECT_TRUE(w.rec.logger.contains("invalid tx payload"));
    // Every drop is one warning line naming its reason, and every warning here is a drop.
    std::size_t warnings = 0;
    for (const auto& line : w.rec.logger.lines()) {
        if (line.level == derive::LogLevel::kWarn) ++warnings;
    }
    EXPECT_EQ(warnings, w.rec.metrics.total_drops());
    EXPECT_GE(w.rec.metrics.total_drops(), 3u);
}

TEST(ScenarioDeposits, EpochDepositsReachTheFirstBlockOfTheEpochOnBothSides) {
    World w;
    const Address inbox = w.rollup.batch_inbox_address;
    w.l1.add_deposit(w.rollup.deposit_contract_address, derive::test_util::test_address(0xa1),
                     derive::test_util::test_address(0xb1), 1'000, 100'000, Bytes{0x12, 0x34});
    w.l1.add_deposit(w.rollup.deposit_contract_address, derive::test_util::test_address(0xa2),
                     derive::test_util::test_address(0xb2), 0, 50'000, Bytes{});
    w.l1.mine();  // #1 carries two deposits
    w.sequence_n(8);
    w.submit(test_key(1), inbox, w.channel(1, 4));
    w.l1.mine();
    w.submit(test_key(1), inbox, w.channel(5, 8));
    w.l1.mine();
    auto derived = w.step_until_idle();
    ASSERT_EQ(derived.size(), 8u);
    w.expect_verifier_matches_sequencer_through(8);
    // Block 6 (ts +12) is epoch 1's first: L1 info, the two deposits; the others only L1 info.
    ASSERT_EQ(w.ver_chain->txs(6).size(), 3u);
    EXPECT_EQ(w.ver_chain->txs(5).size(), 1u);
    EXPECT_EQ(w.ver_chain->txs(7).size(), 1u);
    auto d = decode_transaction(w.ver_chain->txs(6)[1]);
    ASSERT_TRUE(d);
    EXPECT_EQ(std::get<DepositTx>(*d).source_hash, protocol::user_deposit_source_hash(w.l1.block(1).hash, 0));
    EXPECT_EQ(std::get<DepositTx>(*d).mint, U256(1'000));
}

TEST(ScenarioInvalid, AnInvalidBlockDropsTheRestOfItsChannelAndTheNextLeaderContinues) {
    World w;
    const Address inbox = w.rollup.batch_inbox_address;
    w.l1.mine_empty(1);
    w.sequence_n(6);
    auto bad = w.batch_of(2);
    bad.transactions.push_back(Bytes{0x7e, 0x01});  // a deposit inside a batch: the block is invalid
    w.submit(test_key(1), inbox, w.channel_of({w.batch_of(1), bad, w.batch_of(3)}));
    w.l1.mine();
    auto first = w.step_until_idle();
    EXPECT_EQ(summarize(first, w.rollup), (Summary{{1, 2, 0}}));
    EXPECT_EQ(w.rec.metrics.drops(DropReason::kInvalidBatchBlock), 1u);
    EXPECT_TRUE(w.rec.logger.contains("deposit transaction in batch"));
    // Block 3 went with the channel; the next channel re-posts from the safe head.
    w.submit(test_key(1), inbox, w.channel(2, 5));
    w.l1.mine();
    auto next = w.step_until_idle();
    EXPECT_EQ(next.size(), 4u);
    w.expect_verifier_matches_sequencer_through(5);
}

TEST(ScenarioWindow, NoBatcherForAWholeSequencingWindowYieldsEmptyBlocks) {
    World w;
    w.rollup.seq_window_size = 3;  // the pipeline holds a reference: shortened for this run
    w.l1.mine_empty(4);            // #1..#4: epoch 0's window ends at #3, epoch 1's at #4
    auto derived = w.step_until_idle();
    // Epoch 0: ts +2..+10 (until epoch 1's time, +12); epoch 1: +12..+22 (its window expired at
    // #4, epoch 2 is known). Nothing past that: epoch 2's window is still open.
    Summary expected;
    for (std::uint64_t n = 1; n <= 11; ++n) expected.push_back({n, 2 * n, n < 6 ? 0u : 1u});
    EXPECT_EQ(summarize(derived, w.rollup), expected);
    for (const auto& b : derived) EXPECT_EQ(w.ver_chain->txs(b.number).size(), 1u);  // L1 info only
    EXPECT_EQ(w.rec.metrics.total_drops(), 0u);
}

}  // namespace
}  // namespace baton::scenario
