// SPDX-License-Identifier: MIT
#include <baton/l1/leader_schedule.hpp>
#include <baton/protocol/system_config.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/hex.hpp>
#include <baton/l1/test_util/fake_contract_calls.hpp>

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <string>

namespace baton::l1 {
namespace {

using Json = nlohmann::json;
using rpc::RpcError;
using test_util::addr;
using test_util::FakeContractCalls;

std::string word_hex(const std::vector<abi::Type>& types, const std::vector<abi::Value>& values) {
    return to_hex(*abi::encode(types, values));
}

TEST(LeaderScheduleTest, ReadsInboxAndLeaderElectionVersion) {
    FakeContractCalls l1;
    B256 v1{};
    v1[0] = 0x01;
    l1.answer("batchInbox()", word_hex({abi::address_type()}, {addr(0x42)}));
    l1.answer("batcherHash()", word_hex({abi::bytes32_type()}, {v1}));
    auto client = rpc::Client::make(l1.node.url());
    RpcLeaderSchedule schedule(*client);
    auto auth = schedule.read_auth(addr(0x10));
    ASSERT_TRUE(auth) << to_string(auth.error());
    EXPECT_EQ(auth->batch_inbox, addr(0x42));
    EXPECT_EQ(auth->version, BatcherHashVersion::kV1LeaderElection);
    EXPECT_FALSE(auth->v0_batcher);
}

TEST(LeaderScheduleTest, VersionZeroNamesTheBatcher) {
    FakeContractCalls l1;
    B256 v0{};
    v0[31] = 0x77;
    l1.answer("batchInbox()", word_hex({abi::address_type()}, {addr(0x42)}));
    l1.answer("batcherHash()", word_hex({abi::bytes32_type()}, {v0}));
    auto client = rpc::Client::make(l1.node.url());
    RpcLeaderSchedule schedule(*client);
    auto auth = schedule.read_auth(addr(0x10));
    ASSERT_TRUE(auth);
    EXPECT_EQ(auth->version, BatcherHashVersion::kV0Address);
    ASSERT_TRUE(auth->v0_batcher);
    EXPECT_EQ(*auth->v0_batcher, addr(0x77));
}

TEST(LeaderScheduleTest, HashesDerivationRefusesAreRefused) {
    // An unknown version, and a v0 hash whose bytes 1..11 are not zero: derivation
    // (protocol::decode_batcher_hash) refuses both, so the batcher must not post under either.
    B256 v9{};
    v9[0] = 0x09;
    B256 v0{};
    v0[5] = 0x01;
    v0[31] = 0x77;
    for (const B256& hash : {v9, v0}) {
        FakeContractCalls l1;
        l1.answer("batchInbox()", word_hex({abi::address_type()}, {addr(0x42)}));
        l1.answer("batcherHash()", word_hex({abi::bytes32_type()}, {hash}));
        auto client = rpc::Client::make(l1.node.url());
        RpcLeaderSchedule schedule(*client);
        auto auth = schedule.read_auth(addr(0x10));
        ASSERT_FALSE(auth) << to_hex(hash);
        EXPECT_EQ(auth.error().error, ScheduleError::kUnknownBatcherHash) << to_hex(hash);
        EXPECT_FALSE(protocol::decode_batcher_hash(hash)) << to_hex(hash);
    }
}

TEST(LeaderScheduleTest, NextWindowEncodesArgumentsAndDecodesTheWindow) {
    FakeContractCalls l1;
    l1.answer("nextWindow(address,uint256)",
              word_hex({abi::uint_type(), abi::uint_type()}, {std::uint64_t{24}, std::uint64_t{28}}));
    auto client = rpc::Client::make(l1.node.url());
    RpcLeaderSchedule schedule(*client);
    auto window = schedule.next_window(addr(0x42), addr(0x01), 21);
    ASSERT_TRUE(window) << to_string(window.error());
    ASSERT_TRUE(window->has_value());
    EXPECT_EQ(**window, (LeaderWindow{24, 28}));
    const std::array<abi::Type, 2> types{abi::address_type(), abi::uint_type()};
    const std::array<abi::Value, 2> values{addr(0x01), std::uint64_t{21}};
    EXPECT_EQ(l1.calldata.back(),
              to_hex(*abi::encode_call(abi::selector("nextWindow(address,uint256)"), types, values)));
}

TEST(LeaderScheduleTest, NoWindowFixedYetIsNullopt) {
    FakeContractCalls l1;
    l1.answer("nextWindow(address,uint256)",
              word_hex({abi::uint_type(), abi::uint_type()}, {std::uint64_t{0}, std::uint64_t{0}}));
    auto client = rpc::Client::make(l1.node.url());
    RpcLeaderSchedule schedule(*client);
    auto window = schedule.next_window(addr(0x42), addr(0x01), 21);
    ASSERT_TRUE(window);
    EXPECT_FALSE(window->has_value());
}

TEST(LeaderScheduleTest, LeaderAtAndLookahead) {
    FakeContractCalls l1;
    l1.answer("leaderAt(uint256)", word_hex({abi::address_type()}, {addr(0x02)}));
    l1.answer("lookahead()", word_hex({abi::uint_type()}, {std::uint64_t{8}}));
    auto client = rpc::Client::make(l1.node.url());
    RpcLeaderSchedule schedule(*client);
    auto leader = schedule.leader_at(addr(0x42), 100);
    ASSERT_TRUE(leader);
    EXPECT_EQ(*leader, addr(0x02));
    auto lookahead = schedule.lookahead(addr(0x42));
    ASSERT_TRUE(lookahead);
    EXPECT_EQ(*lookahead, 8u);
}

TEST(LeaderScheduleTest, ShortOrRevertedAnswersAreTypedErrors) {
    FakeContractCalls l1;
    l1.answer("leaderAt(uint256)", "0x1234");
    auto client = rpc::Client::make(l1.node.url());
    RpcLeaderSchedule schedule(*client);
    auto leader = schedule.leader_at(addr(0x42), 100);
    ASSERT_FALSE(leader);
    EXPECT_EQ(leader.error().error, ScheduleError::kDecode);
    auto lookahead = schedule.lookahead(addr(0x42));  // not answered: the fake reverts
    ASSERT_FALSE(lookahead);
    EXPECT_EQ(lookahead.error().error, ScheduleError::kRpc);
}

TEST(LeaderScheduleTest, TheLadderProbeReadsARevertOrAShortAnswerAsNoLadder) {
    FakeContractCalls l1;
    auto client = rpc::Client::make(l1.node.url());
    RpcLeaderSchedule schedule(*client);
    auto none = schedule.ladder_parameters(addr(0x42));  // the fake reverts: no such function
    ASSERT_TRUE(none) << to_string(none.error());
    EXPECT_FALSE(none->has_value());
    l1.answer("ladderParameters()", word_hex({abi::uint_type()}, {std::uint64_t{2}}));  // 32 bytes
    auto short_answer = schedule.ladder_parameters(addr(0x42));
    ASSERT_TRUE(short_answer);
    EXPECT_FALSE(short_answer->has_value());
    const auto u = abi::uint_type();
    l1.answer("ladderParameters()", word_hex({u, u, u, u}, {std::uint64_t{2}, std::uint64_t{1},
                                                            std::uint64_t{1}, std::uint64_t{3}}));
    auto ladder = schedule.ladder_parameters(addr(0x42));
    ASSERT_TRUE(ladder);
    EXPECT_EQ(*ladder, (LadderParameters{2, 1, 1, 3}));
}

TEST(LeaderScheduleTest, RungOfAndPostingRightsDecodeAndRefuseRungsAboveFour) {
    FakeContractCalls l1;
    const auto u = abi::uint_type();
    l1.answer("rungOf(address,uint256)",
              word_hex({u, u, u}, {std::uint64_t{2}, std::uint64_t{12}, std::uint64_t{14}}));
    l1.answer("postingRights(address,uint256)", word_hex({u}, {std::uint64_t{5}}));
    auto client = rpc::Client::make(l1.node.url());
    RpcLeaderSchedule schedule(*client);
    auto rung = schedule.rung_of(addr(0x42), addr(0x01), 13);
    ASSERT_TRUE(rung) << to_string(rung.error());
    EXPECT_EQ(*rung, (LadderRung{2, 12, 14}));
    EXPECT_EQ(l1.calldata.back().substr(0, 10), to_hex(abi::selector("rungOf(address,uint256)")));
    auto rights = schedule.posting_rights(addr(0x42), addr(0x01), 13);
    ASSERT_FALSE(rights);
    EXPECT_EQ(rights.error().error, ScheduleError::kDecode);
}

TEST(InMemoryLeaderScheduleTest, ALadderOverTurnsOpensTheNextLeaderAtG1AndClosesWhenThePrimaryPosted) {
    InMemoryLeaderSchedule schedule;
    schedule.set_turns(addr(0x42), {{10, 14, addr(1)}, {14, 18, addr(2)}, {18, 22, addr(3)}}, 8);
    schedule.set_ladder(addr(0x42), LadderParameters{2, 1, 1, 2});
    EXPECT_EQ(*schedule.rung_of(addr(0x42), addr(1), 11), (LadderRung{1, 10, 14}));
    EXPECT_EQ(*schedule.rung_of(addr(0x42), addr(2), 11), (LadderRung{2, 12, 14}));
    EXPECT_EQ(*schedule.rung_of(addr(0x42), addr(3), 11), (LadderRung{4, 14, 14}));
    EXPECT_EQ(*schedule.rung_of(addr(0x42), addr(9), 11), (LadderRung{0, 0, 14}));
    EXPECT_EQ(*schedule.posting_rights(addr(0x42), addr(2), 11), 0);
    EXPECT_EQ(*schedule.posting_rights(addr(0x42), addr(2), 12), 2);
    schedule.set_primary_posted(addr(0x42), 10, true);
    EXPECT_EQ(*schedule.posting_rights(addr(0x42), addr(2), 12), 0);
    EXPECT_EQ(*schedule.posting_rights(addr(0x42), addr(1), 12), 1);
    // An inbox without a ladder: the probe says none, the views revert.
    schedule.set_turns(addr(0x43), {{10, 14, addr(1)}}, 8);
    EXPECT_FALSE(schedule.ladder_parameters(addr(0x43))->has_value());
    EXPECT_FALSE(schedule.rung_of(addr(0x43), addr(1), 11));
}

TEST(LeaderScheduleTest, IsLeaderSendsWhoAndBlock) {
    FakeContractCalls l1;
    l1.answer("isLeader(address,uint256)", word_hex({abi::bool_type()}, {true}));
    auto client = rpc::Client::make(l1.node.url());
    RpcLeaderSchedule schedule(*client);
    auto leads = schedule.is_leader(addr(0x42), addr(0x01), 77);
    ASSERT_TRUE(leads) << to_string(leads.error());
    EXPECT_TRUE(*leads);
    const std::array<abi::Type, 2> types{abi::address_type(), abi::uint_type()};
    const std::array<abi::Value, 2> values{addr(0x01), std::uint64_t{77}};
    EXPECT_EQ(l1.calldata.back(),
              to_hex(*abi::encode_call(abi::selector("isLeader(address,uint256)"), types, values)));
}

TEST(LeaderScheduleTest, ARevertKeepsItsDataAndAnUnreachableNodeHasNone) {
    FakeContractCalls l1;
    l1.node.on("eth_call", [](const Json&) -> Result<Json, RpcError> {
        auto error = rpc::make_error(rpc::RpcErrorKind::kRpcError, "execution reverted", 3);
        error.data = Bytes{0xcb, 0xc3, 0xdf, 0xb8};  // BlobTxNotAllowed()
        return unexpected(std::move(error));
    });
    auto client = rpc::Client::make(l1.node.url());
    RpcLeaderSchedule schedule(*client);
    auto leads = schedule.is_leader(addr(0x42), addr(0x01), 77);
    ASSERT_FALSE(leads);
    EXPECT_EQ(leads.error().error, ScheduleError::kRpc);
    EXPECT_EQ(leads.error().revert_data, (Bytes{0xcb, 0xc3, 0xdf, 0xb8}));

    auto dead = rpc::Client::make("http://127.0.0.1:1");
    RpcLeaderSchedule nowhere(*dead);
    auto lookahead = nowhere.lookahead(addr(0x42));
    ASSERT_FALSE(lookahead);
    EXPECT_EQ(lookahead.error().error, ScheduleError::kRpc);
    EXPECT_FALSE(lookahead.error().revert_data);
}

// The twin answers as the interface says a mechanism must (ILeaderElection's docs).
TEST(InMemoryLeaderScheduleTest, WindowsAreMaximalRunsAndGapsAreLeaderless) {
    InMemoryLeaderSchedule schedule;
    const Address inbox = addr(0x42);
    const Address a = addr(0x01);
    const Address b = addr(0x02);
    // a: [1,5) and [5,7) back to back, then b: [7,8), nobody at 8..9, a again: [10,12).
    schedule.set_turns(inbox, {{10, 12, a}, {1, 5, a}, {7, 8, b}, {5, 7, a}}, 4);

    EXPECT_EQ(*schedule.leader_at(inbox, 6), a);
    EXPECT_EQ(*schedule.leader_at(inbox, 8), Address{});
    EXPECT_EQ(*schedule.leader_at(inbox, 0), Address{});
    EXPECT_TRUE(*schedule.is_leader(inbox, b, 7));
    EXPECT_FALSE(*schedule.is_leader(inbox, a, 7));
    EXPECT_FALSE(*schedule.is_leader(inbox, Address{}, 8));  // nobody leads: the zero address is no leader
    EXPECT_EQ(*schedule.lookahead(inbox), 4u);

    EXPECT_EQ(*schedule.next_window(inbox, a, 2), (LeaderWindow{2, 7}));  // one window, not two
    EXPECT_EQ(*schedule.next_window(inbox, a, 7), (LeaderWindow{10, 12}));
    EXPECT_EQ(*schedule.next_window(inbox, b, 8), std::nullopt);
    EXPECT_EQ(*schedule.next_window(inbox, addr(0x03), 0), std::nullopt);  // not a member

    // At head 4 with lookahead 4 only blocks < 8 are fixed: a's second window is not yet reported
    // and b's is.
    schedule.set_head(4);
    EXPECT_EQ(*schedule.next_window(inbox, a, 7), std::nullopt);
    EXPECT_EQ(*schedule.next_window(inbox, b, 4), (LeaderWindow{7, 8}));
    schedule.set_head(2);
    EXPECT_EQ(*schedule.next_window(inbox, a, 2), (LeaderWindow{2, 6}));  // clipped at the horizon
}

TEST(InMemoryLeaderScheduleTest, UnknownContractsAndADeadL1AreTypedErrors) {
    InMemoryLeaderSchedule schedule;
    const Address inbox = addr(0x42);
    auto none = schedule.leader_at(inbox, 1);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().error, ScheduleError::kDecode);
    ASSERT_FALSE(schedule.read_auth(addr(0x50)));

    BatcherAuth auth;
    auth.batch_inbox = inbox;
    schedule.set_auth(auth);
    schedule.set_turns(inbox, {{1, 5, addr(0x01)}}, 2);
    EXPECT_EQ(*schedule.read_auth(addr(0x50)), auth);
    schedule.set_unreachable(true);
    auto dead = schedule.next_window(inbox, addr(0x01), 1);
    ASSERT_FALSE(dead);
    EXPECT_EQ(dead.error().error, ScheduleError::kRpc);
    EXPECT_EQ(schedule.reads_of(inbox), 2u);
    EXPECT_EQ(schedule.reads_of(addr(0x50)), 2u);
}

}  // namespace
}  // namespace baton::l1
