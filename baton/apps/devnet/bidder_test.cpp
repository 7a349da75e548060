// SPDX-License-Identifier: MIT
#include <baton/apps/devnet/bidder.hpp>

#include <baton/core/abi.hpp>
#include <baton/core/keccak.hpp>

#include <gtest/gtest.h>

#include <string_view>

namespace baton::apps::devnet {
namespace {

B256 topic_of(std::string_view event) {
    return keccak256(ByteView(reinterpret_cast<const std::uint8_t*>(event.data()), event.size()));
}

B256 word(std::uint64_t v) {
    B256 w{};
    for (std::size_t i = 0; i < 8; ++i) w[31 - i] = static_cast<std::uint8_t>(v >> (8 * i));
    return w;
}

B256 word(const Address& a) {
    B256 w{};
    std::copy(a.begin(), a.end(), w.begin() + 12);
    return w;
}

Address addr(std::uint8_t last) {
    Address a{};
    a[19] = last;
    return a;
}

rpc::RpcLog log_of(std::string_view event, std::uint64_t reign, const Address& leader,
                   std::vector<std::uint64_t> data, std::uint64_t block) {
    rpc::RpcLog l;
    l.log.topics = {topic_of(event), word(reign), word(leader)};
    std::vector<abi::Type> types(data.size(), abi::uint_type());
    std::vector<abi::Value> values(data.begin(), data.end());
    l.log.data = *abi::encode(types, values);
    l.block_number = block;
    return l;
}

constexpr std::string_view kScheduled =
    "ReignScheduled(uint256,address,uint256,uint256,uint256,uint256,uint256)";
constexpr std::string_view kCut = "ReignCut(uint256,address,uint256,uint256)";
constexpr std::string_view kCharged = "RentCharged(uint256,address,uint256,uint256)";

TEST(DevnetBidderTest, LogsRebuildReignsCutsAndCharges) {
    std::vector<rpc::RpcLog> logs = {
        log_of(kScheduled, 1, addr(1), {2, 18, 16, 80, 1000}, 11), log_of(kCut, 1, addr(1), {8, 40}, 30),
        log_of(kScheduled, 2, addr(2), {8, 24, 40, 104, 2000}, 30),
        log_of(kCharged, 1, addr(1), {6, 6000}, 41),
        // Reign 3 is cut before it begins, then its id is scheduled again for batcher 3.
        log_of(kScheduled, 3, addr(9), {24, 26, 104, 112, 3000}, 50), log_of(kCut, 3, addr(9), {24, 104}, 51),
        log_of(kScheduled, 3, addr(3), {24, 30, 104, 128, 4000}, 51),
        log_of(kScheduled, 4, addr(9), {30, 31, 128, 132, 5000}, 52),
        log_of(kCut, 4, addr(9), {30, 128}, 53),  // cut before it began, never scheduled again
    };
    logs.push_back(log_of(kCharged, 2, addr(2), {1, 2000}, 60));
    logs.back().removed = true;  // a reorg dropped it
    AuctionSummary out;
    decode_auction_logs(logs, out);
    ASSERT_EQ(out.reigns.size(), 3U);
    EXPECT_EQ(out.reigns[0].id, 1U);
    EXPECT_EQ(out.reigns[0].leader, addr(1));
    EXPECT_EQ(out.reigns[0].start_block, 16U);
    EXPECT_EQ(out.reigns[0].end_block, 40U);
    EXPECT_TRUE(out.reigns[0].cut);
    EXPECT_EQ(out.reigns[0].cut_at, 30U);
    EXPECT_EQ(out.reigns[0].rent_wei, U256(1000));
    EXPECT_EQ(out.reigns[1].start_block, 40U);
    EXPECT_EQ(out.reigns[1].end_block, 104U);
    EXPECT_FALSE(out.reigns[1].cut);
    EXPECT_EQ(out.reigns[1].scheduled_at, 30U);
    EXPECT_EQ(out.reigns[2].leader, addr(3));
    EXPECT_FALSE(out.reigns[2].cut);
    EXPECT_EQ(out.reigns[2].end_block, 128U);
    ASSERT_EQ(out.charges.size(), 1U);
    EXPECT_EQ(out.charges[0].leader, addr(1));
    EXPECT_EQ(out.charges[0].windows, 6U);
    EXPECT_EQ(out.charges[0].amount, U256(6000));
}

TEST(DevnetBidderTest, DefaultStrategyOutbidsMidRun) {
    const auto bids = default_bids(3, U256(1'000'000'000'000'000ULL));  // 0.001 ETH
    ASSERT_EQ(bids.size(), 2U);
    EXPECT_EQ(bids[0], (BidSpec{1, 1'000'000, 0}));
    EXPECT_EQ(bids[1], (BidSpec{2, 2'000'000, 40}));
    EXPECT_EQ(default_bids(1, U256(1'000'000'000'000'000ULL)).size(), 1U);
    // A reserve that is not whole gwei is rounded up.
    EXPECT_EQ(default_bids(2, U256(1'500'000'001ULL))[0].rent_gwei, 2U);
}

}  // namespace
}  // namespace baton::apps::devnet
