// SPDX-License-Identifier: MIT
#include <baton/core/secp256k1.hpp>

#include <baton/core/hex.hpp>
#include <baton/core/keccak.hpp>

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <cstring>

namespace baton {

const char* to_string(SignatureError e) noexcept {
    switch (e) {
        case SignatureError::kInvalidPrivateKey:
            return "invalid private key";
        case SignatureError::kInvalidR:
            return "signature r out of range";
        case SignatureError::kInvalidS:
            return "signature s out of range";
        case SignatureError::kHighS:
            return "signature s in upper half of the curve order (EIP-2)";
        case SignatureError::kInvalidYParity:
            return "invalid y parity";
        case SignatureError::kRecoveryFailed:
            return "public key recovery failed";
        case SignatureError::kSigningFailed:
            return "signing failed";
    }
    return "unknown signature error";
}

namespace {

// The curve order n and n/2 (EIP-2 bound for s).
const U256 kCurveOrder = U256::from_be(B256{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                            0xff, 0xff, 0xff, 0xff, 0xfe, 0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48,
                                            0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41});
const U256 kHalfCurveOrder = U256::from_be(
    B256{0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
         0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0});

// One context for the process: created on first use (thread-safe static init), never mutated
// afterwards, which libsecp256k1 documents as safe to share between threads.
const secp256k1_context* context() noexcept {
    static secp256k1_context* const ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    return ctx;
}

FixedBytes<64> serialize_uncompressed(const secp256k1_pubkey& pubkey) noexcept {
    std::uint8_t buf[65];
    std::size_t len = sizeof(buf);
    secp256k1_ec_pubkey_serialize(context(), buf, &len, &pubkey, SECP256K1_EC_UNCOMPRESSED);
    FixedBytes<64> out{};
    std::memcpy(out.data(), buf + 1, 64);
    return out;
}

}  // namespace

Result<PrivateKey, SignatureError> PrivateKey::from_bytes(const B256& secret) noexcept {
    if (secp256k1_ec_seckey_verify(context(), secret.data()) != 1) {
        return unexpected(SignatureError::kInvalidPrivateKey);
    }
    return PrivateKey(secret);
}

Result<PrivateKey, SignatureError> PrivateKey::from_hex(std::string_view text) noexcept {
    auto secret = decode_hex_fixed<32>(text);
    if (!secret) return unexpected(SignatureError::kInvalidPrivateKey);
    auto key = from_bytes(*secret);
    volatile std::uint8_t* p = secret->data();
    for (std::size_t i = 0; i < 32; ++i) p[i] = 0;
    return key;
}

PrivateKey::~PrivateKey() {
    // volatile so the clearing store is not optimised away as dead.
    volatile std::uint8_t* p = secret_.data();
    for (std::size_t i = 0; i < secret_.size(); ++i) p[i] = 0;
}

Result<Signature, SignatureError> sign_hash(const B256& hash, const PrivateKey& key) noexcept {
    secp256k1_ecdsa_recoverable_signature sig;
    if (secp256k1_ecdsa_sign_recoverable(context(), &sig, hash.data(), key.secret().data(), nullptr,
                                         nullptr) != 1) {
        return unexpected(SignatureError::kSigningFailed);
    }
    std::uint8_t compact[64];
    int recid = 0;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(context(), compact, &recid, &sig);
    Signature out;
    out.r = *U256::from_be(ByteView{compact, 32});
    out.s = *U256::from_be(ByteView{compact + 32, 32});
    out.y_parity = static_cast<std::uint8_t>(recid);
    return out;
}

Result<Address, SignatureError> recover_address(const B256& hash, const Signature& sig) noexcept {
    if (sig.r.is_zero() || sig.r >= kCurveOrder) return unexpected(SignatureError::kInvalidR);
    if (sig.s.is_zero() || sig.s >= kCurveOrder) return unexpected(SignatureError::kInvalidS);
    if (sig.s > kHalfCurveOrder) return unexpected(SignatureError::kHighS);
    if (sig.y_parity > 1) return unexpected(SignatureError::kInvalidYParity);

    std::uint8_t compact[64];
    const B256 r = sig.r.to_be();
    const B256 s = sig.s.to_be();
    std::memcpy(compact, r.data(), 32);
    std::memcpy(compact + 32, s.data(), 32);
    secp256k1_ecdsa_recoverable_signature rsig;
    if (secp256k1_ecdsa_recoverable_signature_parse_compact(context(), &rsig, compact, sig.y_parity) != 1) {
        return unexpected(SignatureError::kRecoveryFailed);
    }
    secp256k1_pubkey pubkey;
    if (secp256k1_ecdsa_recover(context(), &pubkey, &rsig, hash.data()) != 1) {
        return unexpected(SignatureError::kRecoveryFailed);
    }
    return address_from_public_key(serialize_uncompressed(pubkey));
}

Address address_from_private_key(const PrivateKey& key) noexcept {
    secp256k1_pubkey pubkey;
    // Cannot fail: PrivateKey is only constructed from a verified secret.
    const int ok = secp256k1_ec_pubkey_create(context(), &pubkey, key.secret().data());
    (void)ok;
    return address_from_public_key(serialize_uncompressed(pubkey));
}

Address address_from_public_key(const FixedBytes<64>& public_key) noexcept {
    const B256 h = keccak256(public_key);
    Address out{};
    std::memcpy(out.data(), h.data() + 12, 20);
    return out;
}

}  // namespace baton
