// SPDX-License-Identifier: MIT
#include <baton/core/address.hpp>

#include <baton/core/hex.hpp>

#include <gtest/gtest.h>

namespace baton {
namespace {

// EIP-55's own examples (also what `cast to-check-sum-address` prints).
constexpr const char* kChecksummed[] = {
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
};

TEST(AddressTest, ChecksumMatchesEip55Examples) {
    for (const char* text : kChecksummed) {
        auto a = parse_address(text);
        ASSERT_TRUE(a) << text;
        EXPECT_EQ(to_checksum_hex(*a), text);
    }
}

TEST(AddressTest, AcceptsSingleCaseWithoutChecksum) {
    auto lower = parse_address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
    auto upper = parse_address("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED");
    ASSERT_TRUE(lower);
    ASSERT_TRUE(upper);
    EXPECT_EQ(*lower, *upper);
    EXPECT_EQ(to_hex(*lower), "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
}

TEST(AddressTest, RejectsBadInput) {
    // One letter's case flipped from the valid checksum.
    EXPECT_EQ(parse_address("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").error(),
              AddressError::kBadChecksum);
    EXPECT_EQ(parse_address("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed").error(),
              AddressError::kMissingPrefix);
    EXPECT_EQ(parse_address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1bea").error(), AddressError::kWrongLength);
    EXPECT_EQ(parse_address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed00").error(),
              AddressError::kWrongLength);
    EXPECT_EQ(parse_address("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaeg").error(),
              AddressError::kInvalidDigit);
    EXPECT_EQ(parse_address("").error(), AddressError::kMissingPrefix);
}

}  // namespace
}  // namespace baton
