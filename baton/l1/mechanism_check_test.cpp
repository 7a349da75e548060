// SPDX-License-Identifier: MIT
#include <baton/l1/mechanism_check.hpp>
#include <baton/l1/test_util/fake_contract_calls.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace baton::l1 {
namespace {

using test_util::addr;

const Address kA = addr(0xA);
const Address kB = addr(0xB);
const Address kNobody{};

// Blocks 10..21: A A A B B 0 A A B B B 0 (windows of uneven length, leaderless blocks).
ObservedLeaders timeline() {
    return ObservedLeaders{10, {kA, kA, kA, kB, kB, kNobody, kA, kA, kB, kB, kB, kNobody}};
}

std::optional<LeaderWindow> window(std::uint64_t start, std::uint64_t end) {
    return LeaderWindow{start, end};
}

TEST(CheckNextWindowTest, AcceptsTheObservedWindows) {
    const auto observed = timeline();
    EXPECT_FALSE(check_next_window(kA, 10, window(10, 13), observed, 22));
    EXPECT_FALSE(check_next_window(kA, 11, window(11, 13), observed, 22));  // the rest of the window
    EXPECT_FALSE(check_next_window(kA, 13, window(16, 18), observed, 22));  // the next one
    EXPECT_FALSE(check_next_window(kB, 10, window(13, 15), observed, 22));
    EXPECT_FALSE(check_next_window(kB, 15, window(18, 21), observed, 22));
}

TEST(CheckNextWindowTest, AcceptsAWindowCutAtTheFixedBound) {
    const auto observed = timeline();
    // Fixed until 12: the window [10, 12) may end there although A also leads 12.
    EXPECT_FALSE(check_next_window(kA, 10, window(10, 12), observed, 12));
    // A window reaching past what was observed is checked as far as it was observed.
    EXPECT_FALSE(check_next_window(kB, 11, window(11, 40), ObservedLeaders{10, {kA, kB, kB}}, 40));
}

TEST(CheckNextWindowTest, AcceptsNoWindowWhenNothingFixedIsLed) {
    const auto observed = timeline();
    EXPECT_FALSE(check_next_window(addr(0xC), 10, std::nullopt, observed, 22));  // the outsider
    EXPECT_FALSE(check_next_window(kA, 13, std::nullopt, observed, 16));         // A's next is past the bound
}

TEST(CheckNextWindowTest, RejectsNoWindowWhenAFixedBlockIsLed) {
    const auto mismatch = check_next_window(kA, 13, std::nullopt, timeline(), 17);
    ASSERT_TRUE(mismatch);
    EXPECT_EQ(mismatch->block_num, 16U);
    EXPECT_NE(mismatch->what.find("(0, 0)"), std::string::npos);
}

TEST(CheckNextWindowTest, RejectsAWindowThatSkipsAnEarlierOne) {
    const auto mismatch = check_next_window(kA, 10, window(16, 18), timeline(), 22);
    ASSERT_TRUE(mismatch);
    EXPECT_EQ(mismatch->block_num, 10U);
    EXPECT_NE(mismatch->what.find("skips block 10"), std::string::npos);
}

TEST(CheckNextWindowTest, RejectsAWindowHoldingAnotherLeadersBlock) {
    // The off-by-one shape: A's window claims the leaderless block after B's.
    const auto mismatch = check_next_window(kB, 13, window(13, 16), timeline(), 22);
    ASSERT_TRUE(mismatch);
    EXPECT_EQ(mismatch->block_num, 15U);
    EXPECT_NE(mismatch->what.find("does not lead"), std::string::npos);
}

TEST(CheckNextWindowTest, RejectsAWindowThatIsNotMaximal) {
    const auto mismatch = check_next_window(kA, 10, window(10, 12), timeline(), 22);
    ASSERT_TRUE(mismatch);
    EXPECT_EQ(mismatch->block_num, 12U);
    EXPECT_NE(mismatch->what.find("not maximal"), std::string::npos);
}

TEST(CheckNextWindowTest, RejectsMalformedWindows) {
    const auto observed = timeline();
    const auto early = check_next_window(kA, 11, window(10, 13), observed, 22);
    ASSERT_TRUE(early);
    EXPECT_NE(early->what.find("starts before"), std::string::npos);
    const auto empty = check_next_window(kA, 10, window(12, 12), observed, 22);
    ASSERT_TRUE(empty);
    EXPECT_NE(empty->what.find("empty window"), std::string::npos);
}

TEST(CheckNextWindowTest, NeverReadsPastWhatWasObserved) {
    // known_until beyond the observation is clamped to it: nothing to compare, nothing wrong.
    EXPECT_FALSE(check_next_window(kA, 22, std::nullopt, timeline(), 1'000));
    EXPECT_FALSE(check_next_window(kA, 22, window(30, 31), timeline(), 1'000));
}

TEST(NetViewGasTest, SubtractsIntrinsicAndCalldataGas) {
    // leaderAt(5): selector (4 non-zero bytes), 31 zero bytes, one 0x05: 4*16 + 31*4 + 16 = 204.
    Bytes calldata = {0x06, 0x4a, 0x40, 0xee};
    calldata.resize(35, 0);
    calldata.push_back(0x05);
    EXPECT_EQ(net_view_gas(21'000 + 204 + 2'500, calldata), 2'500U);
    EXPECT_EQ(net_view_gas(21'000, calldata), 0U);  // below the overhead: nothing is left
}

TEST(MechanismRuleTest, NamesMatchTheForgeKit) {
    EXPECT_STREQ(to_string(MechanismRule::kLeaderIsMember), "leader-is-member");
    EXPECT_STREQ(to_string(MechanismRule::kIsLeaderMatchesLeaderAt), "isLeader-matches-leaderAt");
    EXPECT_STREQ(to_string(MechanismRule::kNextWindowMatchesLeaderAt), "nextWindow-matches-leaderAt");
    EXPECT_STREQ(to_string(MechanismRule::kFallbackAcceptsOnlyLeader), "fallback-accepts-only-leader");
    EXPECT_STREQ(to_string(MechanismRule::kScheduleStable), "schedule-stable");
    EXPECT_STREQ(to_string(MechanismRule::kViewGas), "view-gas");
    EXPECT_STREQ(to_string(MechanismRule::kNoZeroByteSelector), "no-0x00-selector");
    for (std::size_t i = 0; i < kMechanismRules.size(); ++i) {
        EXPECT_EQ(static_cast<std::size_t>(kMechanismRules[i]), i);  // the report indexes by rule
    }
}

}  // namespace
}  // namespace baton::l1
