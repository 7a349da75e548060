// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/live_view.hpp>
#include <baton/apps/devnet/rotation.hpp>
#include <baton/apps/devnet/summary.hpp>
#include <baton/core/address.hpp>
#include <baton/core/hex.hpp>

#include <gtest/gtest.h>

namespace baton::apps::devnet {
namespace {

B256 hash_of(std::uint8_t n) {
    B256 h{};
    h[0] = 0xab;
    h[31] = n;
    return h;
}

nlohmann::json status_json(const Address& leader, const Address& recipient,
                           const std::vector<std::pair<std::uint64_t, B256>>& built) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [number, hash] : built) list.push_back({{"number", number}, {"hash", to_hex(hash)}});
    return {{"leader", to_hex(leader)},
            {"feeRecipient", to_hex(recipient)},
            {"building", true},
            {"blocksBuilt", built.size()},
            {"built", list},
            {"blocksFollowed", 7},
            {"unsafeBlocksReplaced", 2},
            {"reorgs", 1},
            {"maxReorgDepth", 2},
            {"takeovers", 1}};
}

Address leader_of(std::uint8_t n) {
    Address a{};
    a[0] = 0x70;
    a[19] = n;
    return a;
}

TEST(DevnetRotationTest, DecodesTheNodesRotationStatus) {
    auto s = decode_rotation_status(
        status_json(leader_of(1), fee_recipient_of(1), {{5, hash_of(5)}, {6, hash_of(6)}}));
    ASSERT_TRUE(s) << s.error();
    EXPECT_EQ(s->leader, leader_of(1));
    EXPECT_EQ(s->fee_recipient, fee_recipient_of(1));
    EXPECT_TRUE(s->building);
    EXPECT_EQ(s->blocks_built, 2U);
    ASSERT_EQ(s->built.size(), 2U);
    EXPECT_EQ(s->built[1].number, 6U);
    EXPECT_EQ(s->built[1].hash, hash_of(6));
    EXPECT_EQ(s->blocks_followed, 7U);
    EXPECT_EQ(s->unsafe_blocks_replaced, 2U);
    EXPECT_EQ(s->reorgs, 1U);
    EXPECT_EQ(s->max_reorg_depth, 2U);
    EXPECT_EQ(s->takeovers, 1U);
    // Hex quantities are read too.
    auto j = status_json(leader_of(1), fee_recipient_of(1), {});
    j["takeovers"] = "0x3";
    auto hex = decode_rotation_status(j);
    ASSERT_TRUE(hex) << hex.error();
    EXPECT_EQ(hex->takeovers, 3U);
    EXPECT_EQ(hex->handover_waits, 0U) << "optional: 0 when absent";
    j["handoverWaits"] = 4;
    j["servedBlocksRejected"] = 1;
    auto extra = decode_rotation_status(j);
    ASSERT_TRUE(extra) << extra.error();
    EXPECT_EQ(extra->handover_waits, 4U);
    EXPECT_EQ(extra->served_blocks_rejected, 1U);
}

TEST(DevnetRotationTest, AMalformedStatusNamesTheField) {
    auto j = status_json(leader_of(1), fee_recipient_of(1), {{5, hash_of(5)}});
    j.erase("maxReorgDepth");
    auto missing = decode_rotation_status(j);
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().find("maxReorgDepth"), std::string::npos) << missing.error();
    j = status_json(leader_of(1), fee_recipient_of(1), {{5, hash_of(5)}});
    j["built"][0]["hash"] = "0x12";
    EXPECT_FALSE(decode_rotation_status(j));
    EXPECT_FALSE(decode_rotation_status(nlohmann::json::array()));
}

TEST(DevnetRotationTest, FeeRecipientsAreDistinctFixedAddresses) {
    EXPECT_EQ(to_hex(fee_recipient_of(1)), "0x000000000000000000000000000000000000fee1");
    EXPECT_EQ(to_hex(fee_recipient_of(9)), "0x000000000000000000000000000000000000fee9");
    for (std::size_t i = 1; i <= 9; ++i) {
        for (std::size_t j = i + 1; j <= 9; ++j) EXPECT_NE(fee_recipient_of(i), fee_recipient_of(j));
    }
}

TEST(DevnetRotationTest, TheBuilderIndexReportsEachBlockOnce) {
    BuilderIndex index;
    auto first = index.add(2, {{5, hash_of(5)}, {6, hash_of(6)}});
    ASSERT_EQ(first.size(), 2U);
    EXPECT_EQ(first[0].builder, 2U);
    EXPECT_EQ(first[0].number, 5U);
    // The next status repeats the list with one more block: only that one is new.
    auto again = index.add(2, {{5, hash_of(5)}, {6, hash_of(6)}, {7, hash_of(7)}});
    ASSERT_EQ(again.size(), 1U);
    EXPECT_EQ(again[0].number, 7U);
    EXPECT_EQ(index.builder_of(hash_of(6)), 2U);
    EXPECT_FALSE(index.builder_of(hash_of(9)));
}

RotationInputs two_leaders() {
    RotationInputs in;
    in.fee_recipients = {fee_recipient_of(1), fee_recipient_of(2)};
    in.fee_revenue = {U256(42), std::nullopt};
    in.node_killed = {false, true};
    RotationStatus one;
    one.blocks_built = 3;
    one.reorgs = 1;
    one.max_reorg_depth = 2;
    one.unsafe_blocks_replaced = 2;
    RotationStatus two;
    two.blocks_built = 1;
    two.takeovers = 1;
    two.reorgs = 2;
    two.max_reorg_depth = 1;
    two.handover_waits = 2;
    in.last_status = {one, two};
    return in;
}

TEST(DevnetRotationTest, EverySafeBlockWithItsBuildersRecipientMatches) {
    BuilderIndex index;
    index.add(1, {{1, hash_of(1)}, {2, hash_of(2)}});
    index.add(2, {{3, hash_of(3)}});
    auto in = two_leaders();
    in.safe_blocks = {{1, hash_of(1), fee_recipient_of(1)},
                      {2, hash_of(2), fee_recipient_of(1)},
                      {3, hash_of(3), fee_recipient_of(2)}};
    const auto r = summarize_rotation(in, index);
    EXPECT_TRUE(r.fee_recipients_match);
    EXPECT_EQ(r.safe_blocks_checked, 3U);
    EXPECT_EQ(r.blocks_with_unknown_builder, 0U);
    EXPECT_FALSE(r.first_mismatch);
    ASSERT_EQ(r.batchers.size(), 2U);
    EXPECT_EQ(r.batchers[0].blocks_built, 3U);
    EXPECT_EQ(r.batchers[0].safe_blocks_built, 2U);
    EXPECT_EQ(r.batchers[1].safe_blocks_built, 1U);
    EXPECT_EQ(r.batchers[0].fee_revenue_wei, U256(42));
    EXPECT_FALSE(r.batchers[1].fee_revenue_wei);
    EXPECT_TRUE(r.batchers[1].node_killed);
    // The nodes' counters: summed, and the deepest reorg is the max.
    EXPECT_EQ(r.unsafe_blocks_replaced, 2U);
    EXPECT_EQ(r.handover_reorgs, 3U);
    EXPECT_EQ(r.handover_reorg_depth_max, 2U);
    EXPECT_EQ(r.takeovers, 1U);
    EXPECT_EQ(r.handover_waits, 2U);
}

TEST(DevnetRotationTest, AnUnknownBuilderOrAnotherCoinbaseIsAMismatch) {
    BuilderIndex index;
    index.add(1, {{1, hash_of(1)}});
    index.add(2, {{2, hash_of(2)}});
    auto in = two_leaders();
    in.safe_blocks = {{1, hash_of(1), fee_recipient_of(1)},
                      {2, hash_of(2), fee_recipient_of(1)},   // built by 2, paid to 1
                      {3, hash_of(3), fee_recipient_of(2)}};  // nobody listed it
    const auto r = summarize_rotation(in, index);
    EXPECT_FALSE(r.fee_recipients_match);
    EXPECT_EQ(r.blocks_with_wrong_recipient, 1U);
    EXPECT_EQ(r.blocks_with_unknown_builder, 1U);
    EXPECT_EQ(r.first_mismatch, 2U);
}

TEST(DevnetRotationTest, NoSafeBlockShowsNothing) {
    const auto r = summarize_rotation(two_leaders(), BuilderIndex{});
    EXPECT_FALSE(r.fee_recipients_match);
    EXPECT_EQ(r.safe_blocks_checked, 0U);
}

TEST(DevnetRotationTest, ARunWhoseRecipientsDoNotMatchFails) {
    Summary s;
    s.chains_equal = true;
    EXPECT_TRUE(s.ok());
    s.rotation = RotationSummary{};
    s.rotation->fee_recipients_match = false;
    EXPECT_FALSE(s.ok());
    s.rotation->fee_recipients_match = true;
    EXPECT_TRUE(s.ok());
}

TEST(DevnetRotationTest, TheSummaryJsonHasTheRotationKeys) {
    Summary plain;
    plain.batchers.push_back(BatcherStats{});
    plain.batchers[0].index = 1;
    const auto without = summary_json(plain);
    EXPECT_EQ(without["rotate"], false);
    EXPECT_TRUE(without["fee_recipients_match"].is_null());
    EXPECT_TRUE(without["takeovers"].is_null());
    EXPECT_TRUE(without["batchers"][0]["blocks_built"].is_null());
    EXPECT_TRUE(without["batchers"][0]["fee_revenue_wei"].is_null());
    EXPECT_TRUE(without["load_txs_lost"].is_null());

    BuilderIndex index;
    index.add(1, {{1, hash_of(1)}});
    auto in = two_leaders();
    in.fee_recipients.resize(1);
    in.fee_revenue = {*parse_decimal("340282366920938463463374607431768211456")};
    in.safe_blocks = {{1, hash_of(1), fee_recipient_of(1)}};
    Summary rotating = plain;
    rotating.rotation = summarize_rotation(in, index);
    rotating.load = LoadInclusion{10, 9, 0, 0, 1};
    const auto with = summary_json(rotating);
    EXPECT_EQ(with["rotate"], true);
    EXPECT_EQ(with["fee_recipients_match"], true);
    EXPECT_EQ(with["blocks_with_unknown_builder"], 0);
    EXPECT_EQ(with["handover_reorgs"], 1);
    EXPECT_EQ(with["handover_reorg_depth_max"], 2);
    EXPECT_EQ(with["takeovers"], 0);
    EXPECT_EQ(with["batchers"][0]["blocks_built"], 3);
    EXPECT_EQ(with["batchers"][0]["safe_blocks_built"], 1);
    EXPECT_EQ(with["batchers"][0]["fee_recipient"], to_checksum_hex(fee_recipient_of(1)));
    // Wei as a decimal string always: a recipient's balance is not bounded by 64 bits.
    EXPECT_EQ(with["batchers"][0]["fee_revenue_wei"], "340282366920938463463374607431768211456");
    EXPECT_EQ(with["load_txs_included"], 9);
    EXPECT_EQ(with["load_txs_pending"], 1);
    EXPECT_EQ(with["load_all_included_once"], true);
    const std::string text = format_summary(rotating);
    EXPECT_NE(text.find("fee recipients match:      yes"), std::string::npos) << text;
    EXPECT_NE(text.find("built 3 L2 blocks (1 of them safe)"), std::string::npos) << text;
}

TEST(DevnetRotationTest, TheLiveViewNamesEachL2BlocksBuilder) {
    EXPECT_EQ(format_builders({}), "");
    EXPECT_EQ(format_builders({{31, {}, 2}, {30, {}, 2}, {32, {}, 3}}),
              "L2 #30 #31 built by batcher 2; #32 built by batcher 3");
    L1BlockView view;
    view.number = 57;
    view.l2_built = {{30, {}, 1}};
    view.sequencer_unsafe = L2Head{30, {}};
    view.verifier_safe = L2Head{24, {}};
    const std::string line = format_block_line(view, {});
    EXPECT_NE(line.find("| L2 #30 built by batcher 1 | L2 unsafe 30 safe 24"), std::string::npos) << line;
}

}  // namespace
}  // namespace baton::apps::devnet
