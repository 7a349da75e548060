// SPDX-License-Identifier: MIT
#include <baton/batcher_service/data_availability.hpp>

#include <gtest/gtest.h>

namespace baton::batcher_service {
namespace {

TEST(DataAvailabilityTest, ParsesTheThreeModes) {
    EXPECT_EQ(parse_data_availability("calldata"), DataAvailability::kCalldata);
    EXPECT_EQ(parse_data_availability("blobs"), DataAvailability::kBlobs);
    EXPECT_EQ(parse_data_availability("auto"), DataAvailability::kAuto);
    EXPECT_EQ(parse_data_availability("blob"), std::nullopt);
    EXPECT_EQ(parse_data_availability(""), std::nullopt);
    EXPECT_STREQ(to_string(DataAvailability::kAuto), "auto");
}

TEST(DataAvailabilityTest, CalldataFloorCountsZeroAndNonzeroTokens) {
    EXPECT_EQ(calldata_floor_gas(Bytes{}), 0u);
    EXPECT_EQ(calldata_floor_gas(Bytes{0, 0}), 20u);     // 2 tokens
    EXPECT_EQ(calldata_floor_gas(Bytes{1, 0, 2}), 90u);  // 4 + 1 + 4 tokens
}

// A full frame of compressed (nonzero) data is 120000 bytes: 4.8M floor gas as calldata.
TEST(DataAvailabilityTest, AutoPicksTheCheaperAtCurrentFees) {
    const Bytes payload(120'000, 0xab);
    // anvil's quiet devnet: base fee in gwei, blob base fee 1 wei: blobs by far.
    EXPECT_TRUE(blob_is_cheaper(payload, L1Fees{U256(1'000'000'000), U256(1'000'000'000), U256(1)}));
    // A blob market far above the execution market: calldata. 4.8M gas × 2 wei = 9.6M wei
    // against 131072 blob gas × 100 wei = 13.1M wei.
    EXPECT_FALSE(blob_is_cheaper(payload, L1Fees{U256(1), U256(1), U256(100)}));
    // A tiny payload is cheaper as calldata unless blob gas is nearly free.
    EXPECT_FALSE(blob_is_cheaper(Bytes(100, 1), L1Fees{U256(10), U256(0), U256(10)}));
}

}  // namespace
}  // namespace baton::batcher_service
