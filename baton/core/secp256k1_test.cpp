// SPDX-License-Identifier: MIT
#include <baton/core/secp256k1.hpp>

#include <baton/core/address.hpp>
#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>

#include <gtest/gtest.h>

namespace baton {
namespace {

// anvil's first dev account (public test key).
constexpr const char* kAnvilKey0 = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

PrivateKey key_from(std::string_view hex) {
    auto k = PrivateKey::from_hex(hex);
    EXPECT_TRUE(k);
    return *k;
}

U256 u256_hex(std::string_view q) {
    auto v = parse_quantity(q);
    EXPECT_TRUE(v) << q;
    return v ? *v : U256{};
}

TEST(Secp256k1Test, AddressFromAnvilKey) {
    EXPECT_EQ(to_checksum_hex(address_from_private_key(key_from(kAnvilKey0))),
              "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
}

TEST(Secp256k1Test, SignAndRecoverRoundTrip) {
    const PrivateKey key = key_from(kAnvilKey0);
    for (std::string_view msg : {"", "baton", "leader election"}) {
        const B256 hash = keccak256(as_view(msg));
        auto sig = sign_hash(hash, key);
        ASSERT_TRUE(sig);
        EXPECT_LE(sig->y_parity, 1);
        auto who = recover_address(hash, *sig);
        ASSERT_TRUE(who);
        EXPECT_EQ(*who, address_from_private_key(key));
        // A different hash recovers someone else (or fails), never the signer.
        B256 other = hash;
        other[0] ^= 1;
        auto not_signer = recover_address(other, *sig);
        if (not_signer) {
            EXPECT_NE(*not_signer, address_from_private_key(key));
        }
    }
}

TEST(Secp256k1Test, Eip155ExampleSignatureIsDeterministic) {
    // EIP-155 worked example: key 0x46..46 signs this hash with RFC 6979 nonces.
    const PrivateKey key = key_from("0x4646464646464646464646464646464646464646464646464646464646464646");
    const B256 hash =
        *decode_hex_fixed<32>("daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    auto sig = sign_hash(hash, key);
    ASSERT_TRUE(sig);
    EXPECT_EQ(to_decimal(sig->r),
              "18515461264373351373200002665853028612451056578545711640558177340181847433846");
    EXPECT_EQ(to_decimal(sig->s),
              "46948507304638947509940763649030358759909902576025900602547168820602576006531");
    EXPECT_EQ(sig->y_parity, 0);
    EXPECT_EQ(to_hex(*recover_address(hash, *sig)), "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
}

TEST(Secp256k1Test, RejectsInvalidPrivateKeys) {
    EXPECT_EQ(PrivateKey::from_bytes(B256{}).error(), SignatureError::kInvalidPrivateKey);
    // The curve order n itself is out of range.
    EXPECT_EQ(
        PrivateKey::from_hex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141").error(),
        SignatureError::kInvalidPrivateKey);
    EXPECT_TRUE(PrivateKey::from_hex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140"));
    EXPECT_EQ(PrivateKey::from_hex("0x1234").error(), SignatureError::kInvalidPrivateKey);
    EXPECT_EQ(PrivateKey::from_hex("zz").error(), SignatureError::kInvalidPrivateKey);
}

TEST(Secp256k1Test, RejectsOutOfRangeAndHighS) {
    const PrivateKey key = key_from(kAnvilKey0);
    const B256 hash = keccak256(as_view("x"));
    const Signature good = *sign_hash(hash, key);
    const U256 n = u256_hex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

    Signature s = good;
    s.r = U256{0};
    EXPECT_EQ(recover_address(hash, s).error(), SignatureError::kInvalidR);
    s.r = n;
    EXPECT_EQ(recover_address(hash, s).error(), SignatureError::kInvalidR);
    s = good;
    s.s = U256{0};
    EXPECT_EQ(recover_address(hash, s).error(), SignatureError::kInvalidS);
    s.s = n;
    EXPECT_EQ(recover_address(hash, s).error(), SignatureError::kInvalidS);
    // (r, n - s, !y) is the same signature mirrored into the upper half: EIP-2 forbids it.
    s = good;
    s.s = n - good.s;
    s.y_parity = static_cast<std::uint8_t>(good.y_parity ^ 1);
    EXPECT_EQ(recover_address(hash, s).error(), SignatureError::kHighS);
    s = good;
    s.y_parity = 2;
    EXPECT_EQ(recover_address(hash, s).error(), SignatureError::kInvalidYParity);
}

}  // namespace
}  // namespace baton
