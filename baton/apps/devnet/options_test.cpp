// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/options.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace baton::apps::devnet {
namespace {

using Kind = BatcherEvent::Kind;
using Args = std::vector<std::string>;

// The one-line error `baton devnet ARGS` would print (without "error: "); empty when it parses.
std::string error_of(const Args& args) {
    auto o = parse_devnet_command_line(args);
    return o ? std::string() : o.error();
}

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
    auto o = parse_devnet_command_line({});
    ASSERT_TRUE(o) << o.error();
    EXPECT_EQ(o->batchers, 3U);
    EXPECT_FALSE(o->turn_length);
    EXPECT_EQ(o->turn_length_or_default(), 4U);
    EXPECT_EQ(o->mechanism, "round-robin");
    auto builtin = resolve_mechanism(o->mechanism);
    ASSERT_TRUE(builtin) << builtin.error();
    EXPECT_EQ(builtin->contract, "DeployRoundRobin");
    EXPECT_EQ(o->l1_block_time, 2U);
    EXPECT_EQ(o->l2_blocks_per_channel, 4U);
    EXPECT_FALSE(o->duration_seconds.has_value());
}

TEST(DevnetOptionsTest, StakeDefaultsToShortTurnsAndAGivenTurnLengthWins) {
    auto stake = parse_devnet_command_line({"--mechanism", "stake"});
    ASSERT_TRUE(stake) << stake.error();
    EXPECT_EQ(stake->turn_length_or_default(), 2U);
    auto given = parse_devnet_command_line({"--mechanism", "stake", "--turn-length", "4"});
    ASSERT_TRUE(given) << given.error();
    EXPECT_EQ(given->turn_length_or_default(), 4U);
}

TEST(DevnetOptionsTest, ParsesEveryFlag) {
    auto o = parse_devnet_command_line({"--batchers", "2", "--turn-length", "6", "--kill-batcher", "2@40",
                                        "--restart-batcher", "1@20", "--duration", "60", "--l1-block-time",
                                        "1", "--blocks-per-channel", "3", "--tx-rate", "0.5"});
    ASSERT_TRUE(o) << o.error();
    EXPECT_EQ(o->batchers, 2U);
    EXPECT_EQ(o->turn_length_or_default(), 6U);
    ASSERT_EQ(o->events.size(), 2U);
    EXPECT_EQ(o->events[0], (BatcherEvent{Kind::kKill, 2, 40}));
    EXPECT_EQ(o->events[1], (BatcherEvent{Kind::kRestart, 1, 20}));
    EXPECT_EQ(o->duration_seconds, 60.0);
    EXPECT_EQ(o->l1_block_time, 1U);
    EXPECT_EQ(o->l2_blocks_per_channel, 3U);
    EXPECT_DOUBLE_EQ(o->tx_per_second, 0.5);
}

TEST(DevnetOptionsTest, BadCombinationsAreOneLineErrors) {
    EXPECT_NE(
        error_of({"--mechanism", "raft"}).find("want round-robin, stake, auction or PATH.sol:ScriptContract"),
        std::string::npos);
    EXPECT_NE(
        error_of({"--mechanism", "/nonexistent/Mine.sol:MineScript"}).find("no file /nonexistent/Mine.sol"),
        std::string::npos);
    EXPECT_EQ(error_of({"--mechanism", (l1::default_contracts_dir() / "examples/FixedRotation.sol").string() +
                                           ":FixedRotationScript"}),
              "");
    EXPECT_NE(error_of({"--batchers", "0"}).find("--batchers"), std::string::npos);
    EXPECT_NE(error_of({"--batchers", "three"}).find("--batchers: 'three'"), std::string::npos)
        << error_of({"--batchers", "three"});
    EXPECT_NE(error_of({"--kill-batcher", "4@10"}).find("batcher 4 does not exist"), std::string::npos);
    EXPECT_NE(error_of({"--duration", "30", "--restart-batcher", "1@30"}).find("not before --duration"),
              std::string::npos);
    EXPECT_NE(error_of({"--turn-length", "0"}).find("--turn-length"), std::string::npos);
    EXPECT_NE(error_of({"--duration", "-5"}).find("--duration"), std::string::npos);
    EXPECT_NE(error_of({"--duration", "nan"}).find("--duration: 'nan' is not a number"), std::string::npos);
    EXPECT_NE(error_of({"--kill-batcher", "2@"}).find("--kill-batcher '2@'"), std::string::npos)
        << error_of({"--kill-batcher", "2@"});
    for (const Args& args : {Args{"--batchers", "three"}, Args{"--kill-batcher", "2@"}, Args{"--bogus"}}) {
        EXPECT_EQ(error_of(args).find('\n'), std::string::npos) << "one line: " << error_of(args);
    }
}

// Unsigned values: no negative wraps, no overflow, and each bounded (issue 18, finding 7). The
// command line refuses them by type and range; check_options refuses them in options built in code.
TEST(DevnetOptionsTest, LadderParametersAreOptionalAndBounded) {
    auto none = parse_devnet_command_line({});
    ASSERT_TRUE(none) << none.error();
    EXPECT_FALSE(none->ladder.g1.has_value());
    auto o = parse_devnet_command_line({"--ladder-g1", "3", "--ladder-g2", "0", "--ladder-max-misses", "5"});
    ASSERT_TRUE(o) << o.error();
    EXPECT_EQ(o->ladder.g1, 3U);
    EXPECT_EQ(o->ladder.g2, 0U);
    EXPECT_FALSE(o->ladder.g3.has_value());
    EXPECT_EQ(o->ladder.max_misses, 5U);
    EXPECT_NE(error_of({"--ladder-g1", "0"}).find("--ladder-g1"), std::string::npos);
    EXPECT_NE(error_of({"--ladder-max-misses", "256"}).find("--ladder-max-misses"), std::string::npos);
}

TEST(DevnetOptionsTest, NumbersAreBounded) {
    EXPECT_NE(error_of({"--turn-length", "-5"}).find("--turn-length: '-5'"), std::string::npos)
        << error_of({"--turn-length", "-5"});
    EXPECT_NE(error_of({"--l1-block-time", "99999999999999999999999"}).find("--l1-block-time"),
              std::string::npos);
    EXPECT_NE(error_of({"--l1-block-time", "100000"})
                  .find("--l1-block-time: '100000' is not a whole number in 1..3600"),
              std::string::npos)
        << error_of({"--l1-block-time", "100000"});
    EXPECT_NE(error_of({"--blocks-per-channel", "1000000000000"}).find("--blocks-per-channel"),
              std::string::npos);
    EXPECT_NE(error_of({"--turn-length", "1000000"}).find("--turn-length"), std::string::npos);
    EXPECT_NE(error_of({"--batchers", "18446744073709551617"}).find("--batchers"),
              std::string::npos);  // 2^64 + 1

    const auto check_error = [](void (*edit)(DevnetOptions&)) {
        DevnetOptions o;
        edit(o);
        auto checked = check_options(o);
        return checked ? std::string() : checked.error();
    };
    EXPECT_EQ(check_error([](DevnetOptions& o) { o.l1_block_time = 100000; }),
              "--l1-block-time must be 1..3600 seconds");
    EXPECT_EQ(check_error([](DevnetOptions& o) { o.l2_blocks_per_channel = 1000000000000; }),
              "--blocks-per-channel must be 1..3600");
    EXPECT_EQ(check_error([](DevnetOptions& o) { o.turn_length = 1000000; }),
              "--turn-length must be 1..1000");
    EXPECT_EQ(check_error([](DevnetOptions& o) { o.tx_per_second = 101; }), "--tx-rate must be 0..100");
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
    auto o = parse_devnet_command_line({"--duration", "90", "--l1-reorg", "3@25", "--l1-outage", "40+10",
                                        "--spam", "4@10", "--change-inbox", "@60"});
    ASSERT_TRUE(o) << o.error();
    ASSERT_EQ(o->faults.size(), 4U);
    EXPECT_EQ(o->faults[0].kind, FaultKind::kL1Reorg);
    EXPECT_EQ(o->faults[1].kind, FaultKind::kL1Outage);
    EXPECT_EQ(o->faults[2].kind, FaultKind::kSpam);
    EXPECT_EQ(o->faults[3].kind, FaultKind::kChangeInbox);

    EXPECT_NE(error_of({"--l1-reorg", "40@10"}).find("--l1-reorg '40@10': depth must be 1..32"),
              std::string::npos)
        << error_of({"--l1-reorg", "40@10"});
    EXPECT_EQ(error_of({"--duration", "60", "--l1-outage", "50+10"}),
              "--l1-outage 50+10: the outage does not end before --duration");
    EXPECT_EQ(error_of({"--duration", "60", "--spam", "3@60"}),
              "--spam 3@60: the time is not before --duration");
    EXPECT_EQ(error_of({"--change-inbox", "@10", "--change-inbox", "@20"}),
              "--change-inbox: at most one per run");
    EXPECT_EQ(error_of({"--l1-outage", "10+20", "--l1-outage", "25+5"}),
              "--l1-outage 10+20 and 25+5 overlap");
    EXPECT_EQ(error_of({"--l1-outage", "10+5", "--l1-outage", "15+5"}), "");  // back to back is fine
}

TEST(DevnetOptionsTest, ParsesBidsAndOnlyForTheAuction) {
    auto o = parse_devnet_command_line(
        {"--mechanism", "auction", "--duration", "90", "--bid", "1=1000000", "--bid", "2=2000000@40.5"});
    ASSERT_TRUE(o) << o.error();
    ASSERT_EQ(o->bids.size(), 2U);
    EXPECT_EQ(o->bids[0], (BidSpec{1, 1'000'000, 0}));
    EXPECT_EQ(o->bids[1], (BidSpec{2, 2'000'000, 40.5}));
    EXPECT_EQ(describe(o->bids[1]), "2=2000000@40.5");

    EXPECT_EQ(error_of({"--bid", "1=1000000"}),
              "--bid 1=1000000@0: bids need --mechanism auction (not round-robin)");
    EXPECT_EQ(error_of({"--mechanism", "auction", "--bid", "4=1000000"}),
              "--bid 4=1000000@0: batcher 4 does not exist (3 batchers)");
    EXPECT_EQ(error_of({"--mechanism", "auction", "--duration", "60", "--bid", "1=5@60"}),
              "--bid 1=5@60: the time is not before --duration");
    for (const char* text :
         {"", "1", "=5", "0=5", "1=", "1=0", "1=1000000001", "1=5@", "1=5@-1", "1=1.5", "x=5", "1=5@x"}) {
        auto r = parse_bid(text);
        EXPECT_FALSE(r) << text;
        if (r) continue;
        EXPECT_EQ(r.error().rfind(std::string("--bid '") + text + "'", 0), 0U) << r.error();
    }
}

// Issue 15: --rotate, its sequencing offset (half a turn, at least 1) and --handover-wait.
TEST(DevnetOptionsTest, ParsesRotateAndChoosesTheSequencingOffsetFromTheTurn) {
    auto plain = parse_devnet_command_line({});
    ASSERT_TRUE(plain) << plain.error();
    EXPECT_FALSE(plain->rotate);
    auto o = parse_devnet_command_line({"--rotate"});
    ASSERT_TRUE(o) << o.error();
    EXPECT_TRUE(o->rotate);
    EXPECT_EQ(o->sequencing_offset(), 2U) << "half of the default 4-block turn";
    EXPECT_EQ(o->handover_wait_or_default(), 3U);
    auto long_turns = parse_devnet_command_line({"--rotate", "--turn-length", "9", "--handover-wait", "0"});
    ASSERT_TRUE(long_turns) << long_turns.error();
    EXPECT_EQ(long_turns->sequencing_offset(), 4U);
    EXPECT_EQ(long_turns->handover_wait_or_default(), 0U);
    auto one = parse_devnet_command_line({"--rotate", "--turn-length", "1"});
    ASSERT_TRUE(one) << one.error();
    EXPECT_EQ(one->sequencing_offset(), 1U) << "at least one block";
    auto stake = parse_devnet_command_line({"--rotate", "--mechanism", "stake"});
    ASSERT_TRUE(stake) << stake.error();
    EXPECT_EQ(stake->sequencing_offset(), 1U);
    auto kill = parse_devnet_command_line({"--rotate", "--duration", "90", "--kill-batcher", "2@40"});
    ASSERT_TRUE(kill) << kill.error();
}

TEST(DevnetOptionsTest, HandoverWaitNeedsRotateAndABoundedValue) {
    EXPECT_EQ(error_of({"--handover-wait", "3"}), "--handover-wait needs --rotate");
    EXPECT_NE(error_of({"--rotate", "--handover-wait", "61"}), "");
    EXPECT_NE(error_of({"--rotate", "--handover-wait", "-1"}), "");
    EXPECT_NE(error_of({"--rotate", "--handover-wait", "x"}), "");
    EXPECT_EQ(error_of({"--rotate", "--handover-wait", "60"}), "");
}

}  // namespace
}  // namespace baton::apps::devnet
