// SPDX-License-Identifier: MIT
#include <baton/core/abi.hpp>

#include <baton/core/address.hpp>
#include <baton/core/hex.hpp>

#include <gtest/gtest.h>

// Expected encodings were produced with Foundry's `cast calldata` as an independent oracle.

namespace baton::abi {
namespace {

Bytes hex(std::string_view s) {
    auto b = decode_hex(s);
    EXPECT_TRUE(b);
    return b ? *b : Bytes{};
}

const Address kAnvil0 = *parse_address("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
const Address kAnvil1 = *parse_address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

TEST(AbiTest, Selectors) {
    EXPECT_EQ(to_hex(selector("transfer(address,uint256)"), false), "a9059cbb");
    EXPECT_EQ(to_hex(selector("nextWindow(address,uint256)"), false), "229c36e4");
    EXPECT_EQ(to_hex(selector("NotLeader(address,uint256)"), false), "63dd705a");
    EXPECT_EQ(to_hex(selector("Error(string)"), false), "08c379a0");
}

TEST(AbiTest, EncodesStaticCall) {
    const Type types[] = {address_type(), uint_type()};
    const Value values[] = {kAnvil0, std::uint64_t{100}};
    auto call = encode_call(selector("nextWindow(address,uint256)"), types, values);
    ASSERT_TRUE(call);
    EXPECT_EQ(to_hex(*call),
              "0x229c36e4000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266"
              "0000000000000000000000000000000000000000000000000000000000000064");
}

constexpr const char* kMixedArgs =
    "00000000000000000000000000000000000000000000000000000000000004d2"
    "000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266"
    "0000000000000000000000000000000000000000000000000000000000000001"
    "1111111111111111111111111111111111111111111111111111111111111111"
    "0000000000000000000000000000000000000000000000000000000000000100"
    "0000000000000000000000000000000000000000000000000000000000000007"
    "00000000000000000000000070997970c51812dc3a010c7d01b50e0d17dc79c8"
    "0000000000000000000000000000000000000000000000000000000000000140"
    "0000000000000000000000000000000000000000000000000000000000000004"
    "deadbeef00000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000000000000000000000000000005"
    "68656c6c6f000000000000000000000000000000000000000000000000000000";

std::vector<Type> mixed_types() {
    return {uint_type(),    address_type(), bool_type(),
            bytes32_type(), bytes_type(),   tuple_type({uint_type(64), address_type()}),
            string_type()};
}

std::vector<Value> mixed_values() {
    B256 ones{};
    ones.fill(0x11);
    return {std::uint64_t{1234},
            kAnvil0,
            true,
            ones,
            Bytes{0xde, 0xad, 0xbe, 0xef},
            Tuple{std::uint64_t{7}, kAnvil1},
            std::string("hello")};
}

TEST(AbiTest, EncodesMixedStaticAndDynamic) {
    const auto types = mixed_types();
    const auto values = mixed_values();
    auto call =
        encode_call(selector("f(uint256,address,bool,bytes32,bytes,(uint64,address),string)"), types, values);
    ASSERT_TRUE(call);
    EXPECT_EQ(to_hex(*call, false), std::string("67feefab") + kMixedArgs);
}

TEST(AbiTest, DecodesWhatItEncodes) {
    const auto types = mixed_types();
    auto decoded = decode(types, hex(kMixedArgs));
    ASSERT_TRUE(decoded) << to_string(decoded.error());
    EXPECT_EQ(*decoded, mixed_values());
}

TEST(AbiTest, DynamicTupleAndEmptyBytes) {
    const std::vector<Type> types = {bytes_type(), tuple_type({uint_type(8), bytes_type()})};
    const std::vector<Value> values = {Bytes{}, Tuple{std::uint64_t{3}, Bytes{0x01, 0x02}}};
    auto enc = encode(types, values);
    ASSERT_TRUE(enc);
    EXPECT_EQ(to_hex(*enc, false),
              "0000000000000000000000000000000000000000000000000000000000000040"
              "0000000000000000000000000000000000000000000000000000000000000060"
              "0000000000000000000000000000000000000000000000000000000000000000"
              "0000000000000000000000000000000000000000000000000000000000000003"
              "0000000000000000000000000000000000000000000000000000000000000040"
              "0000000000000000000000000000000000000000000000000000000000000002"
              "0102000000000000000000000000000000000000000000000000000000000000");
    auto back = decode(types, *enc);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, values);
}

TEST(AbiTest, EncodeRejectsMismatchedValues) {
    const Type u8[] = {uint_type(8)};
    const Value too_big[] = {std::uint64_t{256}};
    EXPECT_EQ(encode(u8, too_big).error(), AbiError::kTypeMismatch);
    const Value wrong_kind[] = {kAnvil0};
    EXPECT_EQ(encode(u8, wrong_kind).error(), AbiError::kTypeMismatch);
    EXPECT_EQ(encode(u8, {}).error(), AbiError::kTypeMismatch);
}

TEST(AbiTest, DecodeRejectsBadData) {
    const Type addr[] = {address_type()};
    EXPECT_EQ(decode(addr, hex("00")).error(), AbiError::kDataTooShort);
    EXPECT_EQ(decode(addr, hex("01" + std::string(62, '0'))).error(), AbiError::kBadPadding);
    const Type flag[] = {bool_type()};
    EXPECT_EQ(decode(flag, hex(std::string(62, '0') + "02")).error(), AbiError::kBadPadding);
    const Type small[] = {uint_type(64)};
    EXPECT_EQ(decode(small, hex(std::string(46, '0') + "010000000000000000")).error(), AbiError::kBadPadding);

    const Type dyn[] = {bytes_type()};
    // Offset beyond the data.
    EXPECT_EQ(decode(dyn, hex(std::string(62, '0') + "40")).error(), AbiError::kBadOffset);
    // Offset that does not fit in 64 bits.
    EXPECT_EQ(decode(dyn, hex("ff" + std::string(62, '0'))).error(), AbiError::kBadOffset);
    // Length beyond the data.
    EXPECT_EQ(decode(dyn, hex(std::string(62, '0') + "20" + std::string(62, '0') + "21")).error(),
              AbiError::kBadOffset);
    // Length fits but the padded payload is cut short.
    EXPECT_EQ(decode(dyn, hex(std::string(62, '0') + "20" + std::string(62, '0') + "02" + "0102")).error(),
              AbiError::kDataTooShort);
    // Non-zero padding after the payload.
    EXPECT_EQ(decode(dyn, hex(std::string(62, '0') + "20" + std::string(62, '0') + "01" + "01" +
                              std::string(60, '0') + "09"))
                  .error(),
              AbiError::kBadPadding);
}

TEST(AbiTest, EveryTruncationFailsAndFlipsNeverCrash) {
    const auto types = mixed_types();
    const Bytes full = hex(kMixedArgs);
    for (std::size_t n = 0; n < full.size(); ++n) {
        auto r = decode(types, ByteView{full}.first(n));
        ASSERT_FALSE(r) << "truncated to " << n;
        EXPECT_TRUE(r.error() == AbiError::kDataTooShort || r.error() == AbiError::kBadOffset) << n;
    }
    for (std::size_t i = 0; i < full.size(); ++i) {
        Bytes mutated = full;
        mutated[i] ^= 0x80;
        auto r = decode(types, mutated);
        if (!r) continue;
        // Whatever still decodes is a valid value list: it encodes and decodes back to itself.
        auto again = encode(types, *r);
        ASSERT_TRUE(again) << i;
        auto back = decode(types, *again);
        ASSERT_TRUE(back) << i;
        EXPECT_EQ(*back, *r) << i;
    }
}

TEST(AbiTest, DecodesRevertReason) {
    // Solidity docs: revert("Not enough Ether provided.").
    const Bytes data =
        hex("08c379a0"
            "0000000000000000000000000000000000000000000000000000000000000020"
            "000000000000000000000000000000000000000000000000000000000000001a"
            "4e6f7420656e6f7567682045746865722070726f76696465642e000000000000");
    auto reason = decode_revert_reason(data);
    ASSERT_TRUE(reason);
    EXPECT_EQ(*reason, "Not enough Ether provided.");
    EXPECT_EQ(decode_revert_reason(hex("4e487b71")).error(), AbiError::kNotError);  // Panic(uint256)
    EXPECT_EQ(decode_revert_reason({}).error(), AbiError::kNotError);
    EXPECT_EQ(decode_revert_reason(hex("08c379a0")).error(), AbiError::kDataTooShort);
}

TEST(AbiTest, DecodesCustomError) {
    const Type types[] = {address_type(), uint_type()};
    const Value values[] = {kAnvil1, std::uint64_t{42}};
    auto data = encode_call(selector("NotLeader(address,uint256)"), types, values);
    ASSERT_TRUE(data);
    auto err = decode_custom_error(*data, types);
    ASSERT_TRUE(err);
    EXPECT_EQ(to_hex(err->selector, false), "63dd705a");
    ASSERT_EQ(err->args.size(), 2u);
    EXPECT_EQ(std::get<Address>(err->args[0].v), kAnvil1);
    EXPECT_EQ(std::get<U256>(err->args[1].v), U256{42});
    EXPECT_EQ(decode_custom_error(hex("63dd70"), types).error(), AbiError::kDataTooShort);
    EXPECT_EQ(decode_custom_error(hex("63dd705a00"), types).error(), AbiError::kDataTooShort);
}

}  // namespace
}  // namespace baton::abi
