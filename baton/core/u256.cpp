// SPDX-License-Identifier: MIT
#include <baton/core/u256.hpp>

#include <algorithm>
#include <bit>

namespace baton {

const char* to_string(U256Error e) noexcept {
    switch (e) {
        case U256Error::kOverflow:
            return "integer overflow";
        case U256Error::kUnderflow:
            return "integer underflow";
        case U256Error::kTooLong:
            return "more than 32 bytes";
        case U256Error::kMissingPrefix:
            return "quantity without 0x prefix";
        case U256Error::kEmpty:
            return "no digits";
        case U256Error::kInvalidDigit:
            return "invalid digit";
        case U256Error::kDivisionByZero:
            return "division by zero";
    }
    return "unknown u256 error";
}

U256 U256::from_be(const B256& word) noexcept {
    U256 out;
    for (std::size_t i = 0; i < 4; ++i) {
        out.limbs[3 - i] = load_be(ByteView{word}.subspan(8 * i, 8));
    }
    return out;
}

Result<U256, U256Error> U256::from_be(ByteView bytes) noexcept {
    if (bytes.size() > 32) return unexpected(U256Error::kTooLong);
    B256 word{};
    std::copy(bytes.begin(), bytes.end(), word.begin() + static_cast<std::ptrdiff_t>(32 - bytes.size()));
    return from_be(word);
}

B256 U256::to_be() const noexcept {
    B256 out{};
    for (std::size_t i = 0; i < 4; ++i) {
        const std::uint64_t limb = limbs[3 - i];
        for (std::size_t j = 0; j < 8; ++j) out[8 * i + j] = static_cast<std::uint8_t>(limb >> (56 - 8 * j));
    }
    return out;
}

Bytes U256::to_be_minimal() const {
    const B256 word = to_be();
    const std::size_t skip = 32 - byte_length();
    return Bytes(word.begin() + static_cast<std::ptrdiff_t>(skip), word.end());
}

Result<std::uint64_t, U256Error> U256::to_u64() const noexcept {
    if (!fits_u64()) return unexpected(U256Error::kOverflow);
    return limbs[0];
}

unsigned U256::bit_length() const noexcept {
    for (int i = 3; i >= 0; --i) {
        if (limbs[i] != 0)
            return 64u * static_cast<unsigned>(i) + static_cast<unsigned>(std::bit_width(limbs[i]));
    }
    return 0;
}

namespace {

// -Wpedantic flags the bare __int128 keyword; __extension__ marks the deliberate GNU use.
__extension__ using Uint128 = unsigned __int128;

// a + b, returning the carry out of the top limb.
std::uint64_t add_carry(const U256& a, const U256& b, U256& out) noexcept {
    std::uint64_t carry = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const std::uint64_t s = a.limbs[i] + b.limbs[i];
        const std::uint64_t c1 = s < a.limbs[i] ? 1 : 0;
        const std::uint64_t t = s + carry;
        const std::uint64_t c2 = t < s ? 1 : 0;
        out.limbs[i] = t;
        carry = c1 | c2;
    }
    return carry;
}

std::uint64_t sub_borrow(const U256& a, const U256& b, U256& out) noexcept {
    std::uint64_t borrow = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const std::uint64_t d = a.limbs[i] - b.limbs[i];
        const std::uint64_t b1 = a.limbs[i] < b.limbs[i] ? 1 : 0;
        const std::uint64_t t = d - borrow;
        const std::uint64_t b2 = d < borrow ? 1 : 0;
        out.limbs[i] = t;
        borrow = b1 | b2;
    }
    return borrow;
}

// Full 512-bit product; `high_nonzero` tells whether anything landed above 2^256.
U256 mul_wide(const U256& a, const U256& b, bool& high_nonzero) noexcept {
    std::uint64_t r[8] = {};
    for (std::size_t i = 0; i < 4; ++i) {
        Uint128 carry = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            const Uint128 cur = static_cast<Uint128>(a.limbs[i]) * b.limbs[j] + r[i + j] + carry;
            r[i + j] = static_cast<std::uint64_t>(cur);
            carry = cur >> 64;
        }
        r[i + 4] = static_cast<std::uint64_t>(carry);
    }
    high_nonzero = (r[4] | r[5] | r[6] | r[7]) != 0;
    U256 out;
    for (std::size_t i = 0; i < 4; ++i) out.limbs[i] = r[i];
    return out;
}

int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

U256 operator+(const U256& a, const U256& b) noexcept {
    U256 out;
    (void)add_carry(a, b, out);
    return out;
}

U256 operator-(const U256& a, const U256& b) noexcept {
    U256 out;
    (void)sub_borrow(a, b, out);
    return out;
}

U256 operator*(const U256& a, const U256& b) noexcept {
    bool high = false;
    return mul_wide(a, b, high);
}

Result<U256, U256Error> checked_add(const U256& a, const U256& b) noexcept {
    U256 out;
    if (add_carry(a, b, out) != 0) return unexpected(U256Error::kOverflow);
    return out;
}

Result<U256, U256Error> checked_sub(const U256& a, const U256& b) noexcept {
    U256 out;
    if (sub_borrow(a, b, out) != 0) return unexpected(U256Error::kUnderflow);
    return out;
}

Result<U256, U256Error> checked_mul(const U256& a, const U256& b) noexcept {
    bool high = false;
    U256 out = mul_wide(a, b, high);
    if (high) return unexpected(U256Error::kOverflow);
    return out;
}

Result<U256DivMod, U256Error> divmod(const U256& a, std::uint64_t divisor) noexcept {
    if (divisor == 0) return unexpected(U256Error::kDivisionByZero);
    U256DivMod out{};
    Uint128 rem = 0;
    for (int i = 3; i >= 0; --i) {
        const Uint128 cur = (rem << 64) | a.limbs[i];
        out.quotient.limbs[i] = static_cast<std::uint64_t>(cur / divisor);
        rem = cur % divisor;
    }
    out.remainder = static_cast<std::uint64_t>(rem);
    return out;
}

Result<U256, U256Error> parse_quantity(std::string_view text) noexcept {
    if (text.size() < 2 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X')) {
        return unexpected(U256Error::kMissingPrefix);
    }
    std::string_view digits = text.substr(2);
    if (digits.empty()) return unexpected(U256Error::kEmpty);
    while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
    if (digits.size() > 64) {
        for (char c : digits) {
            if (hex_digit(c) < 0) return unexpected(U256Error::kInvalidDigit);
        }
        return unexpected(U256Error::kOverflow);
    }
    U256 out;
    std::size_t shift = 0;
    for (std::size_t i = digits.size(); i-- > 0; shift += 4) {
        const int d = hex_digit(digits[i]);
        if (d < 0) return unexpected(U256Error::kInvalidDigit);
        out.limbs[shift / 64] |= static_cast<std::uint64_t>(d) << (shift % 64);
    }
    return out;
}

std::string to_quantity(const U256& v) {
    static constexpr char kDigits[] = "0123456789abcdef";
    if (v.is_zero()) return "0x0";
    std::string out = "0x";
    const unsigned nibbles = (v.bit_length() + 3) / 4;
    for (unsigned i = nibbles; i-- > 0;) {
        out += kDigits[(v.limbs[i / 16] >> (4 * (i % 16))) & 0xf];
    }
    return out;
}

Result<U256, U256Error> parse_decimal(std::string_view text) noexcept {
    if (text.empty()) return unexpected(U256Error::kEmpty);
    U256 out;
    for (char c : text) {
        if (c < '0' || c > '9') return unexpected(U256Error::kInvalidDigit);
        auto times_ten = checked_mul(out, U256{10});
        if (!times_ten) return unexpected(times_ten.error());
        auto next = checked_add(*times_ten, U256{static_cast<std::uint64_t>(c - '0')});
        if (!next) return unexpected(next.error());
        out = *next;
    }
    return out;
}

std::string to_decimal(const U256& v) {
    if (v.is_zero()) return "0";
    std::string out;
    U256 rest = v;
    while (!rest.is_zero()) {
        // Divisor is a non-zero constant, so divmod cannot fail.
        const U256DivMod qr = *divmod(rest, 10);
        out += static_cast<char>('0' + qr.remainder);
        rest = qr.quotient;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

}  // namespace baton
