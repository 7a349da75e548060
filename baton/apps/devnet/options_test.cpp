// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/options.hpp>

#include <gtest/gtest.h>

namespace baton::apps::devnet {
namespace {

using Kind = BatcherEvent::Kind;

TEST(DevnetOptionsTest, ParsesBatcherEvents) {
    auto e = parse_batcher_event("2@30", Kind::kKill);
    ASSERT_TRUE(e) << e.error();
    EXPECT_EQ(*e, (BatcherEvent{Kind::kKill, 2, 30.0}));
    auto f = parse_batcher_event("1@2.5", Kind::kRestart);
    ASSERT_TRUE(f) << f.error();
    EXPECT_EQ(*f, (BatcherEvent{Kind::kRestart, 1, 2.5}));
}

TEST(DevnetOptionsTest, RejectsMalformedBatcherEvents) {
    for (const char* text : {"", "2", "@30", "2@", "0@10", "x@1", "2@-1", "2@1s", "2@@1", " 2@1", "2@nan"}) {
        auto e = parse_batcher_event(text, Kind::kKill);
        EXPECT_FALSE(e) << text;
        if (!e) {
            EXPECT_NE(e.error().find("--kill-batcher"), std::string::npos) << e.error();
            EXPECT_EQ(e.error().find('\n'), std::string::npos) << "one line: " << e.error();
        }
    }
}

TEST(DevnetOptionsTest, DefaultsAreTheDemo) {
    auto o = parse_devnet_args({});
    ASSERT_TRUE(o) << o.error();
    EXPECT_EQ(o->batchers, 3U);
    EXPECT_EQ(o->turn_length, 4U);
    EXPECT_EQ(o->mechanism, "round-robin");
    EXPECT_EQ(o->l1_block_time, 2U);
    EXPECT_EQ(o->l2_blocks_per_channel, 4U);
    EXPECT_FALSE(o->duration_seconds.has_value());
}

TEST(DevnetOptionsTest, ParsesEveryFlag) {
    RawDevnetArgs raw;
    raw.batchers = "2";
    raw.turn_length = "6";
    raw.kill_batcher = {"2@40"};
    raw.restart_batcher = {"1@20"};
    raw.duration = "60";
    raw.l1_block_time = "1";
    raw.l2_blocks_per_channel = "3";
    raw.tx_rate = "0.5";
    auto o = parse_devnet_args(raw);
    ASSERT_TRUE(o) << o.error();
    EXPECT_EQ(o->batchers, 2U);
    EXPECT_EQ(o->turn_length, 6U);
    ASSERT_EQ(o->events.size(), 2U);
    EXPECT_EQ(o->events[0], (BatcherEvent{Kind::kKill, 2, 40}));
    EXPECT_EQ(o->events[1], (BatcherEvent{Kind::kRestart, 1, 20}));
    EXPECT_EQ(o->duration_seconds, 60.0);
    EXPECT_EQ(o->l1_block_time, 1U);
    EXPECT_EQ(o->l2_blocks_per_channel, 3U);
    EXPECT_DOUBLE_EQ(o->tx_per_second, 0.5);
}

TEST(DevnetOptionsTest, BadCombinationsAreOneLineErrors) {
    const auto error_of = [](RawDevnetArgs raw) {
        auto o = parse_devnet_args(raw);
        return o ? std::string() : o.error();
    };
    RawDevnetArgs raw;
    raw.mechanism = "auction";
    EXPECT_NE(error_of(raw).find("only round-robin"), std::string::npos);
    raw = {};
    raw.batchers = "0";
    EXPECT_NE(error_of(raw).find("--batchers"), std::string::npos);
    raw = {};
    raw.batchers = "three";
    EXPECT_NE(error_of(raw).find("--batchers 'three'"), std::string::npos);
    raw = {};
    raw.kill_batcher = {"4@10"};
    EXPECT_NE(error_of(raw).find("batcher 4 does not exist"), std::string::npos);
    raw = {};
    raw.duration = "30";
    raw.restart_batcher = {"1@30"};
    EXPECT_NE(error_of(raw).find("not before --duration"), std::string::npos);
    raw = {};
    raw.turn_length = "0";
    EXPECT_NE(error_of(raw).find("--turn-length"), std::string::npos);
    raw = {};
    raw.duration = "-5";
    EXPECT_NE(error_of(raw).find("--duration"), std::string::npos);
}

// Unsigned values: no negative wraps, no overflow, and each bounded (issue 18, finding 7).
TEST(DevnetOptionsTest, NumbersAreBounded) {
    const auto error_of = [](RawDevnetArgs raw) {
        auto o = parse_devnet_args(raw);
        return o ? std::string() : o.error();
    };
    RawDevnetArgs raw;
    raw.turn_length = "-5";
    EXPECT_NE(error_of(raw).find("--turn-length '-5'"), std::string::npos) << error_of(raw);
    raw = {};
    raw.l1_block_time = "99999999999999999999999";
    EXPECT_NE(error_of(raw).find("--l1-block-time"), std::string::npos) << error_of(raw);
    raw = {};
    raw.l1_block_time = "100000";
    EXPECT_EQ(error_of(raw), "--l1-block-time must be 1..3600 seconds");
    raw = {};
    raw.l2_blocks_per_channel = "1000000000000";
    EXPECT_EQ(error_of(raw), "--blocks-per-channel must be 1..3600");
    raw = {};
    raw.turn_length = "1000000";
    EXPECT_EQ(error_of(raw), "--turn-length must be 1..1000");
    raw = {};
    raw.batchers = "18446744073709551617";  // 2^64 + 1
    EXPECT_NE(error_of(raw).find("--batchers"), std::string::npos) << error_of(raw);
}

}  // namespace
}  // namespace baton::apps::devnet
