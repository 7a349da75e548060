// SPDX-License-Identifier: MIT
#include <baton/core/keccak.hpp>

#include <baton/core/hex.hpp>

#include <gtest/gtest.h>

#include <string>

namespace baton {
namespace {

std::string hash_hex(std::string_view s) {
    return to_hex(keccak256(as_view(s)), false);
}

TEST(KeccakTest, EmptyInput) {
    EXPECT_EQ(hash_hex(""), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
}

TEST(KeccakTest, ShortInputs) {
    EXPECT_EQ(hash_hex("dog"), "41791102999c339c844880b23950704cc43aa840f3739e365323cda4dfa89e7a");
    // Differs from SHA3-256("abc") = 3a985da7...: guards against the FIPS-202 0x06 padding.
    EXPECT_EQ(hash_hex("abc"), "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
}

TEST(KeccakTest, EventTopicAndSelector) {
    EXPECT_EQ(hash_hex("ConfigUpdate(uint256,uint8,bytes)"),
              "1d2b0bda21d56b8bd12d4f94ebacffdfb35f5e226f84b461103bb8beab6353be");
    EXPECT_EQ(hash_hex("transfer(address,uint256)").substr(0, 8), "a9059cbb");
}

TEST(KeccakTest, InputsAroundTheRateBoundary) {
    // 135, 136 and 137 bytes straddle the 136-byte rate: one or two permutations of padding.
    // Expected values from independent implementations (Foundry `cast keccak`, js-sha3).
    EXPECT_EQ(hash_hex(std::string(135, 'a')),
              "34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446");
    EXPECT_EQ(hash_hex(std::string(136, 'a')),
              "a6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e");
    EXPECT_EQ(hash_hex(std::string(137, 'a')),
              "d869f639c7046b4929fc92a4d988a8b22c55fbadb802c0c66ebcd484f1915f39");
    EXPECT_EQ(hash_hex(std::string(200, 'a')),
              "96ea54061def936c4be90b518992fdc6f12f535068a256229aca54267b4d084d");
}

TEST(KeccakTest, IncrementalMatchesOneShot) {
    std::string data;
    for (int i = 0; i < 1000; ++i) data += static_cast<char>(i * 7 + 3);
    const B256 expected = keccak256(as_view(data));
    for (std::size_t split : {0ul, 1ul, 135ul, 136ul, 137ul, 500ul, 999ul, 1000ul}) {
        Keccak256 h;
        h.update(as_view(data).first(split));
        h.update(as_view(data).subspan(split));
        EXPECT_EQ(h.finalize(), expected) << "split at " << split;
    }
    Keccak256 bytewise;
    for (char c : data) bytewise.update(as_view(std::string_view(&c, 1)));
    EXPECT_EQ(bytewise.finalize(), expected);
}

}  // namespace
}  // namespace baton
