// SPDX-License-Identifier: MIT
#pragma once

// ECDSA over secp256k1 as Ethereum uses it, backed by libsecp256k1 (the only place in Baton that
// links it). Signatures are recoverable: (r, s, y_parity). Signing always yields a low-s
// signature (libsecp256k1 normalises), and recovery rejects high s (EIP-2) so a transaction has
// exactly one valid signature.
//
// Private keys are never printed: PrivateKey has no formatter and clears its bytes on destruction.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/core/u256.hpp>

#include <cstdint>
#include <string_view>

namespace baton {

enum class [[nodiscard]] SignatureError{
    kInvalidPrivateKey,  // zero, >= the curve order n, or not 32 bytes / not hex
    kInvalidR,           // r == 0 or r >= n
    kInvalidS,           // s == 0 or s >= n
    kHighS,              // s > n/2 (EIP-2)
    kInvalidYParity,     // y_parity not 0 or 1
    kRecoveryFailed,     // no public key for this hash and signature
    kSigningFailed,      // libsecp256k1 refused to sign (should not happen with a valid key)
};

const char* to_string(SignatureError e) noexcept;

struct Signature {
    U256 r;
    U256 s;
    std::uint8_t y_parity{0};

    friend bool operator==(const Signature&, const Signature&) = default;
};

class PrivateKey {
public:
    static Result<PrivateKey, SignatureError> from_bytes(const B256& secret) noexcept;
    // 64 hex digits with optional 0x. The text is not echoed in any error.
    static Result<PrivateKey, SignatureError> from_hex(std::string_view text) noexcept;

    PrivateKey(const PrivateKey&) = default;
    PrivateKey& operator=(const PrivateKey&) = default;
    ~PrivateKey();

    const B256& secret() const noexcept { return secret_; }

private:
    explicit PrivateKey(const B256& secret) noexcept : secret_(secret) {}
    B256 secret_;
};

// Signs a 32-byte message hash (RFC 6979 nonces, low s).
Result<Signature, SignatureError> sign_hash(const B256& hash, const PrivateKey& key) noexcept;
// Recovers the signer's address; validates r, s (incl. EIP-2 low s) and y_parity first.
Result<Address, SignatureError> recover_address(const B256& hash, const Signature& sig) noexcept;
// keccak256(uncompressed public key without the 0x04 prefix)[12..32].
Address address_from_private_key(const PrivateKey& key) noexcept;
// Same derivation from a 64-byte uncompressed public key (x ++ y).
Address address_from_public_key(const FixedBytes<64>& public_key) noexcept;

}  // namespace baton
