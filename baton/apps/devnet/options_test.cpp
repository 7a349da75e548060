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
    auto builtin = resolve_mechanism(o->mechanism);
    ASSERT_TRUE(builtin) << builtin.error();
    EXPECT_EQ(builtin->contract, "DeployRoundRobin");
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
    EXPECT_NE(error_of(raw).find("want round-robin or PATH.sol:ScriptContract"), std::string::npos);
    raw.mechanism = "/nonexistent/Mine.sol:MineScript";
    EXPECT_NE(error_of(raw).find("no file /nonexistent/Mine.sol"), std::string::npos);
    raw.mechanism = (node::default_contracts_dir() / "examples/FixedRotation.sol").string() + ":FixedRotationScript";
    EXPECT_EQ(error_of(raw), "");
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

using FaultKind = FaultSpec::Kind;

TEST(DevnetOptionsTest, ParsesFaults) {
    auto reorg = parse_l1_reorg("4@30");
    ASSERT_TRUE(reorg) << reorg.error();
    EXPECT_EQ(reorg->kind, FaultKind::kL1Reorg);
    EXPECT_EQ(reorg->depth, 4U);
    EXPECT_EQ(reorg->at_seconds, 30.0);
    auto outage = parse_l1_outage("40.5+10");
    ASSERT_TRUE(outage) << outage.error();
    EXPECT_EQ(outage->kind, FaultKind::kL1Outage);
    EXPECT_EQ(outage->at_seconds, 40.5);
    EXPECT_EQ(outage->outage_seconds, 10.0);
    auto spam = parse_spam("5@0");
    ASSERT_TRUE(spam) << spam.error();
    EXPECT_EQ(spam->kind, FaultKind::kSpam);
    EXPECT_EQ(spam->txs, 5U);
    EXPECT_EQ(spam->at_seconds, 0.0);
    auto change = parse_change_inbox("@60");
    ASSERT_TRUE(change) << change.error();
    EXPECT_EQ(change->kind, FaultKind::kChangeInbox);
    EXPECT_EQ(change->at_seconds, 60.0);
    // What the summary prints is what was given.
    EXPECT_EQ(describe(*reorg), "4@30");
    EXPECT_EQ(describe(*outage), "40.5+10");
    EXPECT_EQ(describe(*spam), "5@0");
    EXPECT_EQ(describe(*change), "@60");
    EXPECT_STREQ(fault_name(FaultKind::kChangeInbox), "change_inbox");
}

TEST(DevnetOptionsTest, RejectsMalformedFaults) {
    const auto check = [](const Result<FaultSpec, std::string>& r, const char* flag, const char* text) {
        EXPECT_FALSE(r) << flag << " " << text;
        if (r) return;
        EXPECT_EQ(r.error().rfind(std::string(flag) + " '" + text + "'", 0), 0U) << r.error();
        EXPECT_EQ(r.error().find('\n'), std::string::npos) << "one line: " << r.error();
    };
    for (const char* text : {"", "4", "@30", "4@", "0@10", "33@10", "x@1", "4@-1", "4@1s", "-4@1", "4@nan",
                             "4@inf", " 4@1", "4@@1"}) {
        check(parse_l1_reorg(text), "--l1-reorg", text);
    }
    for (const char* text :
         {"", "30", "+10", "30+", "30+0", "30+-1", "-1+5", "30+601", "a+5", "30+5s", "30+nan"}) {
        check(parse_l1_outage(text), "--l1-outage", text);
    }
    for (const char* text : {"", "5", "0@10", "101@10", "5@", "5@x"}) check(parse_spam(text), "--spam", text);
    for (const char* text : {"", "60", "@", "@-1", "@x", "1@60"}) {
        check(parse_change_inbox(text), "--change-inbox", text);
    }
}

TEST(DevnetOptionsTest, ParsesFaultFlagsAndChecksThemAgainstTheRun) {
    const auto error_of = [](RawDevnetArgs raw) {
        auto o = parse_devnet_args(raw);
        return o ? std::string() : o.error();
    };
    RawDevnetArgs raw;
    raw.duration = "90";
    raw.l1_reorg = {"3@25"};
    raw.l1_outage = {"40+10"};
    raw.spam = {"4@10"};
    raw.change_inbox = {"@60"};
    auto o = parse_devnet_args(raw);
    ASSERT_TRUE(o) << o.error();
    ASSERT_EQ(o->faults.size(), 4U);
    EXPECT_EQ(o->faults[0].kind, FaultKind::kL1Reorg);
    EXPECT_EQ(o->faults[1].kind, FaultKind::kL1Outage);
    EXPECT_EQ(o->faults[2].kind, FaultKind::kSpam);
    EXPECT_EQ(o->faults[3].kind, FaultKind::kChangeInbox);

    raw = {};
    raw.l1_reorg = {"40@10"};
    EXPECT_NE(error_of(raw).find("--l1-reorg '40@10': depth must be 1..32"), std::string::npos)
        << error_of(raw);
    raw = {};
    raw.duration = "60";
    raw.l1_outage = {"50+10"};
    EXPECT_EQ(error_of(raw), "--l1-outage 50+10: the outage does not end before --duration");
    raw = {};
    raw.duration = "60";
    raw.spam = {"3@60"};
    EXPECT_EQ(error_of(raw), "--spam 3@60: the time is not before --duration");
    raw = {};
    raw.change_inbox = {"@10", "@20"};
    EXPECT_EQ(error_of(raw), "--change-inbox: at most one per run");
    raw = {};
    raw.l1_outage = {"10+20", "25+5"};
    EXPECT_EQ(error_of(raw), "--l1-outage 10+20 and 25+5 overlap");
    raw = {};
    raw.l1_outage = {"10+5", "15+5"};  // back to back is fine
    EXPECT_EQ(error_of(raw), "");
}

}  // namespace
}  // namespace baton::apps::devnet
