// SPDX-License-Identifier: MIT
#include <baton/node/unsafe_blocks.hpp>

#include <baton/core/keccak.hpp>

#include <gtest/gtest.h>

namespace baton::node {
namespace {

UnsafeBlock block(std::uint64_t number, std::uint8_t fork = 0) {
    UnsafeBlock b;
    b.ref.number = number;
    b.ref.hash = keccak256(Bytes{static_cast<std::uint8_t>(number), fork});
    b.ref.parent_hash = keccak256(Bytes{static_cast<std::uint8_t>(number - 1), fork});
    b.ref.timestamp = 1000 + 2 * number;
    b.ref.l1_origin = protocol::BlockId{keccak256(Bytes{'o'}), 7};
    b.ref.sequence_number = number % 3;
    b.attributes.timestamp = b.ref.timestamp;
    b.attributes.fee_recipient = Address{0xfe, 0x01};
    b.attributes.gas_limit = 30'000'000;
    b.attributes.eip1559_params = FixedBytes<8>{0, 0, 0, 250, 0, 0, 0, 6};
    b.attributes.transactions = {Bytes{0x7e, 0x01}, Bytes{0x02, 0xaa, 0xbb}};
    b.attributes.no_tx_pool = true;
    return b;
}

std::vector<std::uint64_t> numbers(const std::vector<UnsafeBlock>& blocks) {
    std::vector<std::uint64_t> out;
    out.reserve(blocks.size());
    for (const auto& b : blocks) out.push_back(b.ref.number);
    return out;
}

TEST(UnsafeBlockStoreTest, ServesContiguousBlocksFromTheAskedNumber) {
    UnsafeBlockStore store;
    for (std::uint64_t n = 1; n <= 5; ++n) store.put(block(n));
    EXPECT_EQ(numbers(store.from(3, 10)), (std::vector<std::uint64_t>{3, 4, 5}));
    EXPECT_EQ(numbers(store.from(0, 2)), (std::vector<std::uint64_t>{1, 2}));
    EXPECT_TRUE(store.from(6, 10).empty());
}

TEST(UnsafeBlockStoreTest, AnotherBlockAtAHeightDropsItAndEverythingAfter) {
    UnsafeBlockStore store;
    for (std::uint64_t n = 1; n <= 5; ++n) store.put(block(n));
    store.put(block(3));  // the same block again (a consolidation) changes nothing
    EXPECT_EQ(store.size(), 5U);
    store.put(block(3, 1));
    EXPECT_EQ(numbers(store.from(0, 10)), (std::vector<std::uint64_t>{1, 2, 3}));
    EXPECT_EQ(store.from(3, 1).front().ref.hash, block(3, 1).ref.hash);
}

TEST(UnsafeBlockStoreTest, ARewindTruncatesAndAGapStartsAfresh) {
    UnsafeBlockStore store;
    for (std::uint64_t n = 1; n <= 5; ++n) store.put(block(n));
    store.truncate_above(2);
    EXPECT_EQ(numbers(store.from(0, 10)), (std::vector<std::uint64_t>{1, 2}));
    store.put(block(9));
    EXPECT_EQ(numbers(store.from(0, 10)), (std::vector<std::uint64_t>{9}));
}

TEST(UnsafeBlockStoreTest, AnOlderBlockThanAnyHeldLeavesTheNewestInPlace) {
    // A restarted node builds #9 on and consolidates #1.. at the same time.
    UnsafeBlockStore store;
    store.put(block(9));
    store.put(block(10));
    store.put(block(1));
    EXPECT_EQ(numbers(store.from(0, 10)), (std::vector<std::uint64_t>{9, 10}));
}

TEST(UnsafeBlockStoreTest, KeepsOnlyTheNewestBlocks) {
    UnsafeBlockStore store(3);
    for (std::uint64_t n = 1; n <= 5; ++n) store.put(block(n));
    EXPECT_EQ(numbers(store.from(0, 10)), (std::vector<std::uint64_t>{3, 4, 5}));
}

TEST(UnsafeBlockJsonTest, RoundTrips) {
    UnsafeBlock b = block(4);
    auto decoded = decode_unsafe_block_json(encode_unsafe_block_json(b));
    ASSERT_TRUE(decoded) << decoded.error();
    EXPECT_EQ(*decoded, b);
    b.attributes.eip1559_params.reset();
    b.attributes.parent_beacon_block_root = keccak256(Bytes{'r'});
    decoded = decode_unsafe_block_json(encode_unsafe_block_json(b));
    ASSERT_TRUE(decoded) << decoded.error();
    EXPECT_EQ(*decoded, b);
}

TEST(UnsafeBlockJsonTest, MalformedBlocksNameTheField) {
    const auto good = encode_unsafe_block_json(block(4));
    auto without = good;
    without.erase("hash");
    EXPECT_NE(decode_unsafe_block_json(without).error().find("hash"), std::string::npos);
    auto bad_recipient = good;
    bad_recipient["attributes"]["feeRecipient"] = "0x1234";
    EXPECT_NE(decode_unsafe_block_json(bad_recipient).error().find("feeRecipient"), std::string::npos);
    auto bad_tx = good;
    bad_tx["attributes"]["transactions"] = nlohmann::json::array({"zz"});
    EXPECT_FALSE(decode_unsafe_block_json(bad_tx));
    auto other_time = good;
    other_time["attributes"]["timestamp"] = 1;
    EXPECT_FALSE(decode_unsafe_block_json(other_time));
    EXPECT_FALSE(decode_unsafe_block_json(nlohmann::json::array()));
    EXPECT_FALSE(decode_unsafe_block_json(nlohmann::json("x")));
    auto negative = good;
    negative["number"] = -1;
    EXPECT_FALSE(decode_unsafe_block_json(negative));
}

}  // namespace
}  // namespace baton::node
