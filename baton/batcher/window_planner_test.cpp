// SPDX-License-Identifier: MIT
#include <baton/batcher/window_planner.hpp>

#include <gtest/gtest.h>

namespace baton::batcher {
namespace {

PlannerConfig config(std::uint64_t margin = 1, std::uint64_t k = 1, std::uint64_t per_block = 4) {
    PlannerConfig c;
    c.safety_margin = margin;
    c.blocks_to_inclusion = k;
    c.max_txs_per_l1_block = per_block;
    return c;
}

L1Head head(std::uint64_t n) {
    return L1Head{n, 1000 + 12 * n};
}

TEST(WindowPlannerTest, WaitsSubmitsAndEndsAroundTheWindow) {
    // Window [10, 14), margin 1: usable landing blocks 10..12.
    const Window w{10, 14};
    EXPECT_EQ(plan_window(config(), w, head(8)).action, PlanAction::kWait);
    const Plan first = plan_window(config(), w, head(9));  // lands in 10
    EXPECT_EQ(first.action, PlanAction::kSubmit);
    EXPECT_EQ(first.expected_landing, 10u);
    EXPECT_EQ(first.last_landing_block, 12u);
    EXPECT_EQ(first.landing_blocks_left, 3u);
    EXPECT_EQ(first.tx_budget, 12u);
    EXPECT_EQ(first.window_tx_capacity, 12u);
    const Plan last = plan_window(config(), w, head(11));  // lands in 12
    EXPECT_EQ(last.action, PlanAction::kSubmit);
    EXPECT_EQ(last.landing_blocks_left, 1u);
    EXPECT_EQ(last.tx_budget, 4u);
    EXPECT_EQ(plan_window(config(), w, head(12)).action, PlanAction::kWindowOver);
    EXPECT_EQ(plan_window(config(), w, head(20)).action, PlanAction::kWindowOver);
}

TEST(WindowPlannerTest, InclusionDelayAndMarginShrinkTheWindow) {
    const Window w{10, 14};
    // Two blocks to inclusion: head 8 lands in 10; head 10 lands in 12, the last usable block.
    EXPECT_EQ(plan_window(config(1, 2), w, head(7)).action, PlanAction::kWait);
    EXPECT_EQ(plan_window(config(1, 2), w, head(8)).action, PlanAction::kSubmit);
    EXPECT_EQ(plan_window(config(1, 2), w, head(10)).landing_blocks_left, 1u);
    EXPECT_EQ(plan_window(config(1, 2), w, head(11)).action, PlanAction::kWindowOver);
    // No margin: block 13 is usable.
    EXPECT_EQ(plan_window(config(0), w, head(12)).action, PlanAction::kSubmit);
    // A margin as large as the window leaves nothing.
    EXPECT_EQ(plan_window(config(4), w, head(9)).action, PlanAction::kWindowOver);
    EXPECT_EQ(plan_window(config(4), w, head(9)).window_tx_capacity, 0u);
}

TEST(WindowPlannerTest, NoWindowOrEmptyWindowMeansWait) {
    EXPECT_EQ(plan_window(config(), std::nullopt, head(5)).action, PlanAction::kWait);
    EXPECT_EQ(plan_window(config(), Window{0, 0}, head(5)).action, PlanAction::kWait);
    EXPECT_EQ(plan_window(config(), Window{9, 9}, head(5)).action, PlanAction::kWait);
}

TEST(WindowPlannerTest, V0IsAlwaysOpen) {
    PlannerConfig c = config();
    c.always_open = true;
    const Plan p = plan_window(c, std::nullopt, head(1234));
    EXPECT_EQ(p.action, PlanAction::kSubmit);
    EXPECT_EQ(p.tx_budget, kUnbounded);
    EXPECT_EQ(p.window_tx_capacity, kUnbounded);
    EXPECT_EQ(p.l1_head, head(1234));
}

TEST(WindowPlannerTest, HugeNumbersSaturate) {
    const Plan p = plan_window(config(1, 5, kUnbounded), Window{0, kUnbounded}, head(kUnbounded - 2));
    EXPECT_EQ(p.expected_landing, kUnbounded);
    EXPECT_EQ(p.action, PlanAction::kWindowOver);
    const Plan q = plan_window(config(0, 1, kUnbounded), Window{0, 1000}, head(1));
    EXPECT_EQ(q.tx_budget, kUnbounded);
}

TEST(WindowTrackerTest, ReportsTheEndOnceAndCountsLateStartAsWaste) {
    WindowTracker t(config());
    const Window w{10, 14};
    EXPECT_EQ(t.observe(w, head(5)).plan.action, PlanAction::kWait);
    EXPECT_FALSE(t.current());
    // The batcher first sees the window at head 10: landing block 11, so block 10 was wasted.
    auto u = t.observe(w, head(10));
    EXPECT_EQ(u.plan.action, PlanAction::kSubmit);
    EXPECT_FALSE(u.window_ended);
    EXPECT_EQ(t.current(), w);
    EXPECT_EQ(t.current_wasted_blocks(), 1u);
    EXPECT_FALSE(t.observe(w, head(11)).window_ended);
    u = t.observe(w, head(12));
    EXPECT_EQ(u.plan.action, PlanAction::kWindowOver);
    EXPECT_TRUE(u.window_ended);
    EXPECT_EQ(u.wasted_blocks, 1u);
    EXPECT_FALSE(t.observe(w, head(13)).window_ended);  // once
    EXPECT_EQ(t.wasted_blocks_total(), 1u);
    EXPECT_EQ(t.windows_seen(), 1u);
}

TEST(WindowTrackerTest, OnTimeStartWastesNothingAndNextWindowEndsThePrevious) {
    WindowTracker t(config());
    EXPECT_EQ(t.observe(Window{10, 14}, head(9)).plan.action, PlanAction::kSubmit);
    EXPECT_EQ(t.current_wasted_blocks(), 0u);
    // The inbox already answers with our next window: the previous one is over.
    auto u = t.observe(Window{18, 22}, head(12));
    EXPECT_TRUE(u.window_ended);
    EXPECT_EQ(u.wasted_blocks, 0u);
    EXPECT_EQ(u.plan.action, PlanAction::kWait);
    EXPECT_FALSE(t.current());
    u = t.observe(Window{18, 22}, head(17));
    EXPECT_EQ(u.plan.action, PlanAction::kSubmit);
    EXPECT_EQ(t.windows_seen(), 2u);
}

TEST(WindowTrackerTest, AWindowReachingFurtherIsTheSameWindowExtended) {
    // A sole leader: the schedule publishes its next turns as the head moves on, and each answer
    // is the same window reaching further. It must never end (no waste, nothing in flight dropped).
    WindowTracker t(config());
    EXPECT_EQ(t.observe(Window{10, 18}, head(9)).plan.action, PlanAction::kSubmit);
    for (std::uint64_t h = 10; h < 40; ++h) {
        const auto u = t.observe(Window{10, h + 9}, head(h));
        EXPECT_FALSE(u.window_ended) << "head " << h;
        EXPECT_EQ(u.wasted_blocks, 0u) << "head " << h;
        EXPECT_EQ(u.plan.action, PlanAction::kSubmit) << "head " << h;
    }
    EXPECT_EQ(t.windows_seen(), 1u);
    EXPECT_EQ(t.wasted_blocks_total(), 0u);
    ASSERT_TRUE(t.current());
    EXPECT_EQ(t.current()->end, 48u);
    // A window that reaches less far, or starts elsewhere, is another window: the current one ended.
    const auto u = t.observe(Window{50, 54}, head(45));
    EXPECT_TRUE(u.window_ended);
}

TEST(WindowTrackerTest, AWindowMissedEntirelyIsAllWaste) {
    WindowTracker t(config());
    auto u = t.observe(Window{10, 14}, head(30));
    EXPECT_EQ(u.plan.action, PlanAction::kWindowOver);
    EXPECT_FALSE(u.window_ended);  // nothing was in flight
    EXPECT_EQ(u.wasted_blocks, 3u);
    EXPECT_EQ(t.observe(Window{10, 14}, head(31)).wasted_blocks, 0u);  // counted once
    EXPECT_EQ(t.wasted_blocks_total(), 3u);
}

TEST(WindowTrackerTest, AnEndedWindowAndAMissedOneInTheSameObservationAddUp) {
    WindowTracker t(config());
    EXPECT_EQ(t.observe(Window{10, 14}, head(10)).plan.action, PlanAction::kSubmit);  // 1 wasted
    // The batcher sleeps; the inbox now answers with a window that also passed: [16, 20) at head 30.
    auto u = t.observe(Window{16, 20}, head(30));
    EXPECT_TRUE(u.window_ended);
    EXPECT_EQ(u.wasted_blocks, 1u + 3u);
    EXPECT_EQ(t.wasted_blocks_total(), 4u);
    EXPECT_EQ(t.windows_seen(), 2u);
}

TEST(WindowTrackerTest, V0NeverEnds) {
    PlannerConfig c = config();
    c.always_open = true;
    WindowTracker t(c);
    for (std::uint64_t n = 0; n < 5; ++n) {
        auto u = t.observe(std::nullopt, head(n));
        EXPECT_EQ(u.plan.action, PlanAction::kSubmit);
        EXPECT_FALSE(u.window_ended);
    }
    EXPECT_EQ(t.wasted_blocks_total(), 0u);
}

}  // namespace
}  // namespace baton::batcher
