// SPDX-License-Identifier: MIT
#include <baton/derive/l1_traversal.hpp>
#include <baton/derive/test_util/fake_l1_chain.hpp>
#include <baton/derive/test_util/recording.hpp>
#include <baton/derive/test_util/test_rollup.hpp>

#include <gtest/gtest.h>

namespace baton::derive {
namespace {

using protocol::ConfigUpdateType;
using test_util::address_word;
using test_util::FakeL1Chain;
using test_util::make_test_rollup;
using test_util::test_address;
using test_util::test_key;

class L1TraversalTest : public ::testing::Test {
protected:
    void start(std::optional<std::uint64_t> baton_time = 0) {
        rollup = make_test_rollup(baton_time);
        traversal = std::make_unique<L1Traversal>(rollup, l1, rec.telemetry());
        ASSERT_TRUE(traversal->signal(ResetSignal{{}, l1.genesis(), rollup.genesis.system_config}));
    }
    // Advances to the next block and checks it is the one expected.
    void enter(const L1BlockRef& expected) {
        auto advanced = traversal->advance_origin();
        ASSERT_TRUE(advanced) << to_string(advanced.error());
        ASSERT_EQ(traversal->origin(), expected);
    }

    FakeL1Chain l1{900};
    protocol::RollupConfig rollup;
    test_util::RecordingTelemetry rec;
    std::unique_ptr<L1Traversal> traversal;
};

TEST_F(L1TraversalTest, WithoutResetHasNoOrigin) {
    rollup = make_test_rollup();
    L1Traversal t(rollup, l1);
    EXPECT_FALSE(t.origin());
    EXPECT_TRUE(t.next_l1_block().error().is(Severity::kTemporary, Reason::kMissingOrigin));
    EXPECT_TRUE(t.advance_origin().error().is(Severity::kTemporary, Reason::kMissingOrigin));
}

TEST_F(L1TraversalTest, YieldsEachBlockOnceThenEof) {
    start();
    auto b1 = l1.mine();
    auto first = traversal->next_l1_block();
    ASSERT_TRUE(first);
    EXPECT_EQ(*first, l1.genesis());
    EXPECT_TRUE(traversal->next_l1_block().error().is_eof());
    enter(b1);
    auto second = traversal->next_l1_block();
    ASSERT_TRUE(second);
    EXPECT_EQ(*second, b1);
    EXPECT_TRUE(traversal->next_l1_block().error().is_eof());
}

TEST_F(L1TraversalTest, BlockNotMinedYetIsTemporaryEof) {
    start();
    auto r = traversal->advance_origin();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is_eof());
    EXPECT_EQ(traversal->origin(), l1.genesis());
}

TEST_F(L1TraversalTest, ProviderFailureKeepsPositionAndRetries) {
    start();
    auto b1 = l1.mine();
    l1.fail_next_calls(1);
    auto r = traversal->advance_origin();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Severity::kTemporary, Reason::kProvider));
    EXPECT_EQ(traversal->origin(), l1.genesis());
    enter(b1);
}

TEST_F(L1TraversalTest, ReorgUnderTraversalIsResetError) {
    start();
    l1.mine();
    auto b2 = l1.mine();
    enter(l1.block(1));
    // Replace blocks 1 and 2: the new block 2 does not build on the block 1 the traversal holds.
    l1.reorg(2);
    ASSERT_NE(l1.block(2).hash, b2.hash);
    auto r = traversal->advance_origin();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().severity, Severity::kReset);
    EXPECT_EQ(r.error().reason, Reason::kReorgDetected);
    // It stays on the stale block until the driver resets it.
    EXPECT_EQ(traversal->origin()->number, 1u);
    ASSERT_TRUE(traversal->signal(ResetSignal{{}, l1.block(1), traversal->system_config()}));
    enter(l1.block(2));
}

TEST_F(L1TraversalTest, AppliesBatcherUpdateOnEnteringBlock) {
    start();
    auto new_batcher = address_from_private_key(test_key(7));
    l1.add_config_update(rollup.l1_system_config_address, ConfigUpdateType::kBatcher,
                         address_word(new_batcher));
    auto b1 = l1.mine();
    EXPECT_EQ(traversal->system_config(), rollup.genesis.system_config);
    enter(b1);
    EXPECT_EQ(traversal->system_config().batcher_hash, protocol::make_batcher_hash(new_batcher));
    EXPECT_EQ(traversal->receipts().size(), 1u);
    EXPECT_EQ(rec.metrics.total_drops(), 0u);
}

TEST_F(L1TraversalTest, IgnoresRevertedReceiptsAndOtherEmitters) {
    start();
    auto new_batcher = address_from_private_key(test_key(7));
    l1.add_config_update(rollup.l1_system_config_address, ConfigUpdateType::kBatcher,
                         address_word(new_batcher),
                         /*success=*/false);
    l1.add_config_update(test_address(0x77), ConfigUpdateType::kBatcher, address_word(new_batcher));
    enter(l1.mine());
    EXPECT_EQ(traversal->system_config(), rollup.genesis.system_config);
    EXPECT_EQ(rec.metrics.total_drops(), 0u);
}

TEST_F(L1TraversalTest, IgnoresOtherSystemConfigEvents) {
    start();
    Log other;
    other.address = rollup.l1_system_config_address;
    other.topics = {B256{0x8b}};  // e.g. OwnershipTransferred
    Receipt receipt;
    receipt.status = true;
    receipt.logs = {other};
    l1.add_tx(Transaction{DynamicFeeTx{}}, receipt);
    enter(l1.mine());
    EXPECT_EQ(traversal->system_config(), rollup.genesis.system_config);
    EXPECT_EQ(rec.metrics.total_drops(), 0u);
}

TEST_F(L1TraversalTest, BatchInboxUpdateOnlyFromBatonTime) {
    // Genesis at 1'000'000, 12 s blocks: block 2 (1'000'024) is the first Baton block.
    start(1'000'020);
    const Address inbox = test_address(0x42);
    l1.add_config_update(rollup.l1_system_config_address, ConfigUpdateType::kBatchInbox, address_word(inbox));
    enter(l1.mine());
    EXPECT_EQ(traversal->system_config().batch_inbox, Address{});
    EXPECT_EQ(rec.metrics.drops(DropReason::kBatchInboxBeforeBaton), 1u);

    l1.add_config_update(rollup.l1_system_config_address, ConfigUpdateType::kBatchInbox, address_word(inbox));
    enter(l1.mine());
    EXPECT_EQ(traversal->system_config().batch_inbox, inbox);
    EXPECT_EQ(rec.metrics.drops(DropReason::kBatchInboxBeforeBaton), 1u);
}

TEST_F(L1TraversalTest, MalformedUpdateIsDroppedAndOthersStillApply) {
    start();
    Log bad = test_util::make_config_update_log(rollup.l1_system_config_address, ConfigUpdateType::kGasLimit,
                                                address_word(test_address(1)));
    bad.data.pop_back();  // wrong total size
    Receipt receipt;
    receipt.status = true;
    receipt.logs = {bad};
    l1.add_tx(Transaction{DynamicFeeTx{}}, receipt);
    B256 gas{};
    gas[31] = 0x77;
    l1.add_config_update(rollup.l1_system_config_address, ConfigUpdateType::kGasLimit, gas);
    enter(l1.mine());
    EXPECT_EQ(rec.metrics.drops(DropReason::kMalformedConfigUpdate), 1u);
    EXPECT_TRUE(rec.logger.contains("malformed config update"));
    EXPECT_EQ(traversal->system_config().gas_limit, 0x77u);
}

TEST_F(L1TraversalTest, EnteringFirstHoloceneBlockAsksForActivation) {
    rollup = make_test_rollup();
    rollup.holocene_time = 1'000'012;  // block 1
    traversal = std::make_unique<L1Traversal>(rollup, l1);
    ASSERT_TRUE(traversal->signal(ResetSignal{{}, l1.genesis(), rollup.genesis.system_config}));
    auto b1 = l1.mine();
    l1.mine();
    auto r = traversal->advance_origin();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Severity::kReset, Reason::kHoloceneActivation));
    EXPECT_EQ(traversal->origin(), b1);        // the block is entered
    ASSERT_TRUE(traversal->advance_origin());  // only the first Holocene block asks
}

TEST_F(L1TraversalTest, ResetRefetchesOriginReceipts) {
    start();
    l1.add_config_update(rollup.l1_system_config_address, ConfigUpdateType::kGasLimit, B256{});
    auto b1 = l1.mine();
    ASSERT_TRUE(traversal->signal(ResetSignal{{}, b1, rollup.genesis.system_config}));
    EXPECT_TRUE(traversal->receipts().empty());
    ASSERT_TRUE(traversal->next_l1_block());
    EXPECT_EQ(traversal->receipts().size(), 1u);
    // The signal's config is authoritative for the origin block: its updates are not re-applied.
    EXPECT_EQ(traversal->system_config(), rollup.genesis.system_config);
}

}  // namespace
}  // namespace baton::derive
