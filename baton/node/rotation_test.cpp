// SPDX-License-Identifier: MIT
#include <baton/node/rotation.hpp>

#include <gtest/gtest.h>

namespace baton::node {
namespace {

const Address kA{0xaa};
const Address kB{0xbb};

TEST(SequencingMapTest, MapsATimestampToTheL1BlockOffsetBlocksAfterTheCurrentOne) {
    const SequencingMap map{
        .l1_genesis_number = 10, .l1_genesis_time = 1000, .l1_block_time = 2, .offset = 3};
    EXPECT_EQ(map.l1_block_for(1000), 13U);
    EXPECT_EQ(map.l1_block_for(1001), 13U);
    EXPECT_EQ(map.l1_block_for(1002), 14U);
    EXPECT_EQ(map.l1_block_for(1021), 23U);
    EXPECT_EQ(map.l1_block_for(500), 13U);  // before L1 genesis: its first slot
}

TEST(HandoverPolicyTest, BuildsItsOwnBlocksAndFollowsOthers) {
    HandoverPolicy policy(3000);
    EXPECT_EQ(policy.decide(100, 99'999, kA, kA, kA), RotationAction::kNotDue);
    EXPECT_EQ(policy.decide(100, 100'000, kA, kA, kA), RotationAction::kBuild);
    EXPECT_EQ(policy.decide(100, 100'000, kB, kB, kA), RotationAction::kFollow);
    EXPECT_EQ(policy.decide(100, 100'000, std::nullopt, std::nullopt, kA), RotationAction::kFollow);
}

TEST(HandoverPolicyTest, WaitsForTheOutgoingBuilderThenTakesOverUntilCaughtUp) {
    HandoverPolicy policy(3000);
    // Our turn by the clock (t = 106), the next block (t = 104) is B's and has not arrived.
    EXPECT_EQ(policy.decide(104, 106'000, kB, kA, kA), RotationAction::kWaitForHandover);
    EXPECT_EQ(policy.decide(104, 108'999, kB, kA, kA), RotationAction::kWaitForHandover);
    EXPECT_EQ(policy.decide(104, 109'000, kB, kA, kA), RotationAction::kTakeOver);
    EXPECT_EQ(policy.decide(106, 109'010, kB, kA, kA), RotationAction::kTakeOver);  // still catching up
    EXPECT_EQ(policy.decide(108, 109'020, kA, kA, kA), RotationAction::kBuild);
    // The next handover waits afresh.
    EXPECT_EQ(policy.decide(120, 122'000, kB, kA, kA), RotationAction::kWaitForHandover);
}

TEST(HandoverPolicyTest, ABlockThatArrivesInTimeEndsTheWait) {
    HandoverPolicy policy(3000);
    EXPECT_EQ(policy.decide(104, 106'000, kB, kA, kA), RotationAction::kWaitForHandover);
    EXPECT_EQ(policy.decide(106, 106'500, kA, kA, kA), RotationAction::kBuild);  // B's block came
    EXPECT_EQ(policy.decide(120, 130'000, kB, kA, kA), RotationAction::kWaitForHandover);
}

}  // namespace
}  // namespace baton::node
