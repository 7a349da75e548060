// SPDX-License-Identifier: MIT
#include <baton/protocol/base_fee.hpp>

#include <gtest/gtest.h>

namespace baton::protocol {
namespace {

TEST(BaseFeeTest, NextBaseFeeFollowsOptimismParameters) {
    // Measured on anvil 1.7.1 --network optimism: empty blocks under a 30M gas limit go
    // 1,000,000,000 -> 980,000,000 -> 960,400,000 (1/50 down each).
    const Eip1559Params op = kOptimismEip1559Params;
    EXPECT_EQ(next_base_fee(1'000'000'000, 0, 30'000'000, op.denominator, op.elasticity), 980'000'000U);
    EXPECT_EQ(next_base_fee(980'000'000, 0, 30'000'000, op.denominator, op.elasticity), 960'400'000U);
    // At the target (limit / 6) it stays; a full block raises it by (limit - target) / target / 50.
    EXPECT_EQ(next_base_fee(1'000'000'000, 5'000'000, 30'000'000, 50, 6), 1'000'000'000U);
    EXPECT_EQ(next_base_fee(1'000'000'000, 30'000'000, 30'000'000, 50, 6), 1'100'000'000U);
    // Rounding never hides an increase: at least +1.
    EXPECT_EQ(next_base_fee(7, 5'000'001, 30'000'000, 50, 6), 8U);
    // Never below zero.
    EXPECT_EQ(next_base_fee(1, 0, 30'000'000, 1, 6), 0U);
}

TEST(BaseFeeTest, NextBaseFeeSaturatesAndIgnoresZeroParameters) {
    EXPECT_EQ(next_base_fee(UINT64_MAX, 30'000'000, 30'000'000, 1, 2), UINT64_MAX);
    EXPECT_EQ(next_base_fee(1'000, 0, 30'000'000, 0, 6), 1'000U);
    EXPECT_EQ(next_base_fee(1'000, 0, 30'000'000, 50, 0), 1'000U);
    EXPECT_EQ(next_base_fee(1'000, 0, 5, 50, 6), 1'000U);  // target 0
}

TEST(BaseFeeTest, Eip1559ParamsAreDenominatorThenElasticityBigEndian) {
    const FixedBytes<8> params = encode_eip1559_params(250, 6);
    EXPECT_EQ(params, (FixedBytes<8>{0, 0, 0, 250, 0, 0, 0, 6}));
    auto decoded = decode_eip1559_params(params);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(*decoded, (Eip1559Params{.denominator = 250, .elasticity = 6}));
    auto wide = decode_eip1559_params(encode_eip1559_params(0x01020304, 0xa0b0c0d0));
    ASSERT_TRUE(wide);
    EXPECT_EQ(wide->denominator, 0x01020304U);
    EXPECT_EQ(wide->elasticity, 0xa0b0c0d0U);
}

TEST(BaseFeeTest, ZeroHoloceneParamsMeanTheChainDefaults) {
    EXPECT_FALSE(decode_eip1559_params(FixedBytes<8>{}));
    EXPECT_FALSE(decode_eip1559_params(encode_eip1559_params(0, 6)));
    EXPECT_FALSE(decode_eip1559_params(encode_eip1559_params(250, 0)));
}

TEST(BaseFeeTest, BlockBaseFeeTakesTheAttributesParamsOverTheDefaults) {
    // Empty parent, 30M limit: 1/50 down with the defaults, 1/250 down with Holocene's 250.
    auto defaults = block_base_fee(U256(1'000'000'000), 0, 30'000'000, std::nullopt, kOptimismEip1559Params);
    ASSERT_TRUE(defaults);
    EXPECT_EQ(*defaults, 980'000'000U);
    auto holocene = block_base_fee(U256(1'000'000'000), 0, 30'000'000, encode_eip1559_params(250, 6),
                                   kOptimismEip1559Params);
    ASSERT_TRUE(holocene);
    EXPECT_EQ(*holocene, 996'000'000U);
    auto zero = block_base_fee(U256(1'000'000'000), 0, 30'000'000, FixedBytes<8>{}, kOptimismEip1559Params);
    ASSERT_TRUE(zero);
    EXPECT_EQ(*zero, 980'000'000U);
}

TEST(BaseFeeTest, ParentBaseFeeOver64BitsIsAnError) {
    U256 huge(1);
    huge.limbs[1] = 1;
    auto fee = block_base_fee(huge, 0, 30'000'000, std::nullopt, kOptimismEip1559Params);
    ASSERT_FALSE(fee);
    EXPECT_EQ(fee.error(), BaseFeeError::kParentBaseFeeTooLarge);
    EXPECT_EQ(to_string(fee.error()), "parent base fee does not fit 64 bits");
}

}  // namespace
}  // namespace baton::protocol
