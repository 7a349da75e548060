// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/live_view.hpp>

#include <baton/core/address.hpp>

#include <gtest/gtest.h>

namespace baton::apps::devnet {
namespace {

Address leader() {
    return *parse_address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
}

L1BlockView view() {
    L1BlockView v;
    v.number = 57;
    v.leader = leader();
    v.leader_batcher = 2;
    InboxTx ok;
    ok.sender = leader();
    ok.batcher = 2;
    ok.status = true;
    ok.has_batch_data = true;
    ok.calldata_bytes = 1820;
    InboxTx reverted;
    reverted.sender = *parse_address("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    reverted.batcher = 3;
    v.inbox_txs = {ok, reverted};
    v.sequencer_unsafe = L2Head{31, {}};
    v.verifier_safe = L2Head{24, {}};
    v.safe_block_matches = true;
    return v;
}

TEST(DevnetLiveViewTest, ShortAddress) {
    EXPECT_EQ(short_address(leader()), "0x7099\u202679C8");
}

TEST(DevnetLiveViewTest, PlainLine) {
    const auto line = format_block_line(view(), {WindowMark{3, false}, false});
    EXPECT_EQ(line,
              "L1 #57 window 3  leader #2 0x7099\u202679C8 | #2 batch ok 1820 B, #3 REVERTED | L2 unsafe 31 "
              "safe 24 "
              "= match");
}

TEST(DevnetLiveViewTest, WindowStartIsMarkedAndUnknownsShow) {
    L1BlockView v;
    v.number = 49;
    const auto line = format_block_line(v, {WindowMark{1, true}, false});
    EXPECT_EQ(line, "L1 #49 window 1* leader - | no inbox tx | L2 unsafe ? safe ?");
    EXPECT_EQ(format_block_line(v, {}), "L1 #49 leader - | no inbox tx | L2 unsafe ? safe ?");
}

TEST(DevnetLiveViewTest, NonLeaderAcceptedAndMismatchAreFlagged) {
    auto v = view();
    v.inbox_txs[1].status = true;  // accepted from batcher 3 in batcher 2's slot, with data
    v.inbox_txs[1].has_batch_data = true;
    v.inbox_txs[1].calldata_bytes = 700;
    v.safe_block_matches = false;
    const auto line = format_block_line(v, {WindowMark{1, false}, false});
    EXPECT_NE(line.find("#3 batch ok 700 B NOT LEADER"), std::string::npos) << line;
    // Without batcher data (an inbox function's call) it is only ignored: anyone may send that.
    v.inbox_txs[1].has_batch_data = false;
    const auto call = format_block_line(v, {WindowMark{1, false}, false});
    EXPECT_NE(call.find("#3 ignored |"), std::string::npos) << call;
    EXPECT_NE(line.find("!= DIFFER"), std::string::npos) << line;
}

TEST(DevnetLiveViewTest, BlobBatchesAndLadderBackupsSaySo) {
    auto v = view();
    v.inbox_txs[0].blobs = 2;
    v.inbox_txs[0].calldata_bytes = 0;
    v.inbox_txs[1].status = true;  // batcher 3 let in by the ladder at rung 2
    v.inbox_txs[1].has_batch_data = true;
    v.inbox_txs[1].ladder_rung = 2;
    v.inbox_txs[1].calldata_bytes = 900;
    const auto line = format_block_line(v, {WindowMark{1, false}, false});
    EXPECT_NE(line.find("#2 batch ok blob \u00d72,"), std::string::npos) << line;
    EXPECT_NE(line.find("#3 batch ok 900 B backup (rung 2)"), std::string::npos) << line;
    EXPECT_EQ(line.find("NOT LEADER"), std::string::npos) << line;
}

TEST(DevnetLiveViewTest, ColourOnlyWhenAsked) {
    EXPECT_EQ(format_block_line(view(), {WindowMark{1, false}, false}).find('\x1b'), std::string::npos);
    const auto coloured = format_block_line(view(), {WindowMark{1, false}, true});
    EXPECT_NE(coloured.find("\x1b[32m#2 batch ok"), std::string::npos);
    EXPECT_NE(coloured.find("\x1b[31m#3 REVERTED"), std::string::npos);
}

// Windows come from leaderAt alone: uneven lengths, leaderless runs, a sole leader, a reorg.
TEST(DevnetLiveViewTest, WindowsAreRunsOfOneLeaderAtOfAnyLength) {
    const Address a = leader();
    const Address b = *parse_address("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
    const std::optional<Address> nobody;
    WindowNumbering numbering;
    struct Step {
        std::uint64_t number;
        std::optional<Address> leader;
        std::uint64_t index;
        bool first;
    };
    const Step steps[] = {
        {10, a, 0, true},      {11, a, 0, false},
        {12, b, 1, true},                               // a 2 blocks, b 1 block
        {13, nobody, 2, true}, {14, nobody, 2, false},  // nobody leads
        {15, a, 3, true},      {16, a, 3, false},
        {17, a, 3, false},     {16, b, 4, true},  // a reorg replaced 16 with another leader: numbered from 15
        {17, b, 4, false},     {18, a, 5, true},
        {30, a, 6, true},  // a gap in what was observed starts a window
    };
    for (const auto& step : steps) {
        const auto mark = numbering.mark(step.number, step.leader);
        EXPECT_EQ(mark.index, step.index) << "block " << step.number;
        EXPECT_EQ(mark.first, step.first) << "block " << step.number;
    }
}

}  // namespace
}  // namespace baton::apps::devnet
