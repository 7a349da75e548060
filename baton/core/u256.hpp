// SPDX-License-Identifier: MIT
#pragma once

// U256: the unsigned 256-bit integer of the EVM (balances, wei amounts, fees, uint256 ABI words).
// Stored as four 64-bit limbs, least significant first, so arithmetic is plain carry loops.
// Operators +, - and * wrap modulo 2^256 like the EVM; the checked_* functions report overflow
// instead, which is what fee and balance arithmetic should use.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace baton {

enum class [[nodiscard]] U256Error{
    kOverflow,       // result or input does not fit in 256 bits (or in u64 for to_u64)
    kUnderflow,      // subtraction below zero
    kTooLong,        // more than 32 big-endian bytes
    kMissingPrefix,  // quantity text without "0x"
    kEmpty,          // "0x" with no digits
    kInvalidDigit,   // a non-hex (or non-decimal) character
    kDivisionByZero,
};

const char* to_string(U256Error e) noexcept;

struct U256 {
    std::array<std::uint64_t, 4> limbs{};  // limbs[0] is the least significant

    constexpr U256() noexcept = default;
    // Implicit so that `U256 fee = 21000;` and comparisons with small literals read naturally.
    constexpr U256(std::uint64_t v) noexcept : limbs{v, 0, 0, 0} {}  // NOLINT(google-explicit-constructor)

    static U256 from_be(const B256& word) noexcept;
    // Accepts up to 32 big-endian bytes (leading zeros allowed); more is kTooLong.
    static Result<U256, U256Error> from_be(ByteView bytes) noexcept;
    B256 to_be() const noexcept;
    // Minimal big-endian bytes: no leading zero byte, and empty for 0 (the RLP integer form).
    Bytes to_be_minimal() const;

    bool is_zero() const noexcept { return (limbs[0] | limbs[1] | limbs[2] | limbs[3]) == 0; }
    bool fits_u64() const noexcept { return (limbs[1] | limbs[2] | limbs[3]) == 0; }
    // kOverflow when the value needs more than 64 bits.
    Result<std::uint64_t, U256Error> to_u64() const noexcept;
    // Number of significant bits (0 for 0).
    unsigned bit_length() const noexcept;
    unsigned byte_length() const noexcept { return (bit_length() + 7) / 8; }

    friend bool operator==(const U256&, const U256&) noexcept = default;
    friend std::strong_ordering operator<=>(const U256& a, const U256& b) noexcept {
        for (int i = 3; i >= 0; --i) {
            if (a.limbs[i] != b.limbs[i]) return a.limbs[i] <=> b.limbs[i];
        }
        return std::strong_ordering::equal;
    }
};

// Wrapping arithmetic (mod 2^256).
U256 operator+(const U256& a, const U256& b) noexcept;
U256 operator-(const U256& a, const U256& b) noexcept;
U256 operator*(const U256& a, const U256& b) noexcept;

// Checked arithmetic.
Result<U256, U256Error> checked_add(const U256& a, const U256& b) noexcept;
Result<U256, U256Error> checked_sub(const U256& a, const U256& b) noexcept;
Result<U256, U256Error> checked_mul(const U256& a, const U256& b) noexcept;

struct U256DivMod {
    U256 quotient;
    std::uint64_t remainder;
};
// Division by a 64-bit divisor (fee scalars, decimal printing); kDivisionByZero for 0.
Result<U256DivMod, U256Error> divmod(const U256& a, std::uint64_t divisor) noexcept;

// JSON-RPC quantity: "0x" followed by 1..64 hex digits, either case. Leading zeros are accepted
// (some nodes send them); output never has them. "0x" alone is kEmpty.
Result<U256, U256Error> parse_quantity(std::string_view text) noexcept;
std::string to_quantity(const U256& v);

// Decimal text, e.g. for logs and CLI amounts. Parsing rejects signs, spaces and overflow.
Result<U256, U256Error> parse_decimal(std::string_view text) noexcept;
std::string to_decimal(const U256& v);

}  // namespace baton
