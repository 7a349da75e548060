// SPDX-License-Identifier: MIT
#include <baton/node/l1_origin_selector.hpp>

#include <baton/derive/test_util/test_rollup.hpp>

#include <gtest/gtest.h>

namespace baton::node {
namespace {

derive::L1BlockRef l1_block(std::uint64_t number, std::uint64_t timestamp) {
    derive::L1BlockRef r;
    r.number = number;
    r.timestamp = timestamp;
    r.hash[0] = static_cast<std::uint8_t>(number);
    r.hash[1] = 0xaa;
    return r;
}

class L1OriginSelectorTest : public ::testing::Test {
protected:
    void SetUp() override {
        rollup_ = derive::test_util::make_test_rollup();
        rollup_.fjord_time.reset();  // use the configured drift, not Fjord's 1800 s
        rollup_.granite_time.reset();
        rollup_.holocene_time.reset();
        rollup_.baton_time.reset();
        rollup_.max_sequencer_drift = 10;
        rollup_.seq_window_size = 5;
    }
    protocol::RollupConfig rollup_;
};

TEST_F(L1OriginSelectorTest, KeepsOriginUntilNextBlockTime) {
    const auto cur = l1_block(10, 100);
    const auto next = l1_block(11, 112);
    auto c = select_l1_origin(rollup_, cur, next, 110, 11);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->origin, cur);
    EXPECT_FALSE(c->no_user_txns);
    c = select_l1_origin(rollup_, cur, next, 112, 11);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->origin, next);
}

TEST_F(L1OriginSelectorTest, UnusableNextBlockKeepsOriginWithinDrift) {
    const auto cur = l1_block(10, 100);
    auto c = select_l1_origin(rollup_, cur, std::nullopt, 110, 12);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->origin, cur);
    EXPECT_FALSE(c->drift_exceeded);
}

TEST_F(L1OriginSelectorTest, PastDriftWaitsForUnknownNextBlock) {
    const auto cur = l1_block(10, 100);
    const auto c = select_l1_origin(rollup_, cur, std::nullopt, 111, 12);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error(), OriginError::kWaitForL1);
}

TEST_F(L1OriginSelectorTest, PastDriftStaysEmptyWhileNextBlockIsLater) {
    const auto cur = l1_block(10, 100);
    const auto next = l1_block(11, 130);
    const auto c = select_l1_origin(rollup_, cur, next, 111, 11);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->origin, cur);
    EXPECT_TRUE(c->drift_exceeded);
    EXPECT_TRUE(c->no_user_txns);
}

TEST_F(L1OriginSelectorTest, FjordDriftIsTheConstant) {
    rollup_.fjord_time = 0;
    const auto cur = l1_block(10, 100);
    auto c = select_l1_origin(rollup_, cur, std::nullopt, 100 + 1800, 11);
    ASSERT_TRUE(c);
    EXPECT_FALSE(c->drift_exceeded);
    EXPECT_FALSE(select_l1_origin(rollup_, cur, std::nullopt, 100 + 1801, 11));
}

TEST_F(L1OriginSelectorTest, OriginAtWindowEdgeBuildsEmptyBlocks) {
    const auto cur = l1_block(10, 100);
    auto c = select_l1_origin(rollup_, cur, std::nullopt, 104, 14);
    ASSERT_TRUE(c);
    EXPECT_FALSE(c->window_exceeded);
    c = select_l1_origin(rollup_, cur, std::nullopt, 104, 15);
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->window_exceeded);
    EXPECT_TRUE(c->no_user_txns);
}

TEST_F(L1OriginSelectorTest, OriginLaterThanBlockIsAnError) {
    const auto c = select_l1_origin(rollup_, l1_block(10, 100), std::nullopt, 99, 10);
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error(), OriginError::kOriginAfterBlock);
}

}  // namespace
}  // namespace baton::node
