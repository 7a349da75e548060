// SPDX-License-Identifier: MIT
#include <baton/core/hex.hpp>

#include <gtest/gtest.h>

namespace baton {
namespace {

TEST(HexTest, DecodesWithAndWithoutPrefix) {
    auto a = decode_hex("0xDeadBEEF");
    ASSERT_TRUE(a);
    EXPECT_EQ(*a, (Bytes{0xde, 0xad, 0xbe, 0xef}));
    auto b = decode_hex("00ff");
    ASSERT_TRUE(b);
    EXPECT_EQ(*b, (Bytes{0x00, 0xff}));
    auto empty = decode_hex("0x");
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->empty());
}

TEST(HexTest, RejectsOddLengthAndBadDigitsWithOffset) {
    auto odd = decode_hex("0xabc");
    ASSERT_FALSE(odd);
    EXPECT_EQ(odd.error().error, HexError::kOddLength);
    auto bad = decode_hex("0x00zz");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().error, HexError::kInvalidDigit);
    EXPECT_EQ(bad.error().offset, 4u);
}

TEST(HexTest, FixedSizeChecksLength) {
    auto ok = decode_hex_fixed<2>("0x1234");
    ASSERT_TRUE(ok);
    EXPECT_EQ((*ok)[1], 0x34);
    auto wrong = decode_hex_fixed<3>("0x1234");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().error, HexError::kWrongLength);
}

TEST(HexTest, EncodesLowerCase) {
    const Bytes b{0x00, 0xab, 0xff};
    EXPECT_EQ(to_hex(b), "0x00abff");
    EXPECT_EQ(to_hex(b, false), "00abff");
}

}  // namespace
}  // namespace baton
