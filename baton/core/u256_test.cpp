// SPDX-License-Identifier: MIT
#include <baton/core/u256.hpp>

#include <baton/core/hex.hpp>

#include <gtest/gtest.h>

namespace baton {
namespace {

U256 max_u256() {
    return U256{0} - U256{1};
}

TEST(U256Test, BigEndianRoundTrip) {
    auto word = decode_hex_fixed<32>("0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
    ASSERT_TRUE(word);
    const U256 v = U256::from_be(*word);
    EXPECT_EQ(v.limbs[0], 0x191a1b1c1d1e1f20u);
    EXPECT_EQ(v.limbs[3], 0x0102030405060708u);
    EXPECT_EQ(v.to_be(), *word);
    EXPECT_EQ(v.byte_length(), 32u);
}

TEST(U256Test, FromShortBigEndianAndMinimalBytes) {
    const Bytes short_be{0x00, 0x04, 0x00};
    auto v = U256::from_be(short_be);
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, U256{1024});
    EXPECT_EQ(v->to_be_minimal(), (Bytes{0x04, 0x00}));
    EXPECT_TRUE(U256{0}.to_be_minimal().empty());
    EXPECT_EQ(U256::from_be(Bytes(33, 1)).error(), U256Error::kTooLong);
}

TEST(U256Test, QuantityParsingAndPrinting) {
    EXPECT_EQ(to_quantity(U256{0}), "0x0");
    EXPECT_EQ(to_quantity(U256{0x1a}), "0x1a");
    EXPECT_EQ(to_quantity(max_u256()), "0x" + std::string(64, 'f'));
    EXPECT_EQ(*parse_quantity("0x1A"), U256{26});
    EXPECT_EQ(*parse_quantity("0x0"), U256{0});
    EXPECT_EQ(*parse_quantity("0x0001"), U256{1});
    EXPECT_EQ(*parse_quantity("0x" + std::string(64, 'f')), max_u256());
    EXPECT_EQ(parse_quantity("0x1" + std::string(64, '0')).error(), U256Error::kOverflow);
    EXPECT_EQ(parse_quantity("1a").error(), U256Error::kMissingPrefix);
    EXPECT_EQ(parse_quantity("0x").error(), U256Error::kEmpty);
    EXPECT_EQ(parse_quantity("0xg").error(), U256Error::kInvalidDigit);
    auto big = parse_quantity("0x1234567890abcdef1234567890abcdef");
    ASSERT_TRUE(big);
    EXPECT_EQ(to_quantity(*big), "0x1234567890abcdef1234567890abcdef");
}

TEST(U256Test, DecimalRoundTrip) {
    const std::string max_dec =
        "115792089237316195423570985008687907853269984665640564039457584007913129639935";
    EXPECT_EQ(to_decimal(max_u256()), max_dec);
    EXPECT_EQ(*parse_decimal(max_dec), max_u256());
    EXPECT_EQ(parse_decimal("115792089237316195423570985008687907853269984665640564039457584007913129639936")
                  .error(),
              U256Error::kOverflow);
    EXPECT_EQ(to_decimal(U256{0}), "0");
    EXPECT_EQ(parse_decimal("-1").error(), U256Error::kInvalidDigit);
}

TEST(U256Test, ComparisonAcrossLimbs) {
    U256 high;
    high.limbs[3] = 1;
    EXPECT_LT(U256{~std::uint64_t{0}}, high);
    EXPECT_GT(high, U256{5});
    EXPECT_EQ(U256{7}, U256{7});
    EXPECT_NE(U256{7}, U256{8});
}

TEST(U256Test, ArithmeticCarriesAndChecks) {
    const U256 a{~std::uint64_t{0}};
    const U256 sum = a + U256{1};
    EXPECT_EQ(sum.limbs[0], 0u);
    EXPECT_EQ(sum.limbs[1], 1u);
    EXPECT_EQ(sum - U256{1}, a);
    EXPECT_EQ(checked_add(max_u256(), U256{1}).error(), U256Error::kOverflow);
    EXPECT_EQ(checked_sub(U256{1}, U256{2}).error(), U256Error::kUnderflow);
    EXPECT_EQ(*checked_sub(U256{5}, U256{2}), U256{3});
    // 21000 gas at 100 gwei.
    EXPECT_EQ(*checked_mul(U256{21000}, U256{100'000'000'000}), U256{2'100'000'000'000'000});
    const U256 product = a * a;  // (2^64-1)^2 = 2^128 - 2^65 + 1
    EXPECT_EQ(product.limbs[0], 1u);
    EXPECT_EQ(product.limbs[1], ~std::uint64_t{0} - 1);
    EXPECT_EQ(checked_mul(max_u256(), U256{2}).error(), U256Error::kOverflow);
    auto qr = divmod(U256{1'000'007}, 1000);
    ASSERT_TRUE(qr);
    EXPECT_EQ(qr->quotient, U256{1000});
    EXPECT_EQ(qr->remainder, 7u);
    EXPECT_EQ(divmod(U256{1}, 0).error(), U256Error::kDivisionByZero);
}

TEST(U256Test, CheckedU64Conversion) {
    EXPECT_TRUE(U256{42}.fits_u64());
    EXPECT_EQ(*U256{42}.to_u64(), 42u);
    const U256 big = U256{~std::uint64_t{0}} + U256{1};
    EXPECT_FALSE(big.fits_u64());
    EXPECT_EQ(big.to_u64().error(), U256Error::kOverflow);
    EXPECT_EQ(big.bit_length(), 65u);
    EXPECT_EQ(U256{0}.bit_length(), 0u);
}

}  // namespace
}  // namespace baton
