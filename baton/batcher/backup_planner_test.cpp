// SPDX-License-Identifier: MIT
#include <baton/batcher/backup_planner.hpp>

#include <gtest/gtest.h>

namespace baton::batcher {
namespace {

TEST(BackupPlannerTest, ABackupWaitsForItsRungAndForAFullChannelToHaveWaitedG1Blocks) {
    BackupPlanner planner(2);
    const BackupRung backup{2, 12, 14};  // window [10, 14), G1 = 2
    // No full channel: nothing to step in for.
    EXPECT_FALSE(planner.candidate(backup, 12));
    // A channel filled at head 11: the primary gets G1 blocks with it, landing 13 at the earliest.
    planner.on_queue(11, true);
    EXPECT_FALSE(planner.candidate(backup, 12));
    EXPECT_EQ(planner.candidate(backup, 13), (Window{12, 14}));
    // Rung not open yet, or the window over.
    planner.on_queue(12, true);
    EXPECT_FALSE(planner.candidate(backup, 11));
    EXPECT_FALSE(planner.candidate(backup, 14));
    // The channel was posted by someone (the queue shrank): the wait starts again.
    planner.on_queue(13, false);
    EXPECT_FALSE(planner.candidate(backup, 13));
    EXPECT_EQ(planner.channel_ready_since(), std::nullopt);
}

TEST(BackupPlannerTest, AChannelThatFilledBeforeTheWindowOnlyWaitsForTheRung) {
    BackupPlanner planner(2);
    planner.on_queue(5, true);
    planner.on_queue(9, true);  // still the same wait
    EXPECT_EQ(planner.channel_ready_since(), 5u);
    EXPECT_EQ(planner.candidate(BackupRung{2, 12, 14}, 12), (Window{12, 14}));
    EXPECT_EQ(planner.candidate(BackupRung{4, 13, 14}, 13), (Window{13, 14}));
    EXPECT_FALSE(planner.candidate(BackupRung{4, 13, 14}, 12));
}

TEST(BackupPlannerTest, AStandInForADemotedPrimaryPostsAtOnce) {
    BackupPlanner planner(2);
    EXPECT_EQ(planner.candidate(BackupRung{1, 10, 14}, 10), (Window{10, 14}));
    EXPECT_FALSE(planner.candidate(BackupRung{0, 0, 14}, 10));
}

TEST(BackupPlannerTest, AWindowOpensOnceAndClosesOnceWhenTheRightGoesOrAnotherOpens) {
    BackupPlanner planner(2);
    EXPECT_FALSE(planner.observe(std::nullopt).closed);
    auto u = planner.observe(Window{12, 14});
    EXPECT_TRUE(u.opened);
    EXPECT_FALSE(u.closed);
    u = planner.observe(Window{12, 14});
    EXPECT_FALSE(u.opened);
    EXPECT_FALSE(u.closed);
    // The primary posted: postingRights went to 0.
    u = planner.observe(std::nullopt);
    EXPECT_TRUE(u.closed);
    EXPECT_FALSE(planner.current());
    // The next window follows at once: the old one closes and the new one opens in one step.
    planner.observe(Window{16, 18});
    u = planner.observe(Window{20, 22});
    EXPECT_TRUE(u.closed);
    EXPECT_TRUE(u.opened);
    EXPECT_EQ(planner.current(), (Window{20, 22}));
}

}  // namespace
}  // namespace baton::batcher
