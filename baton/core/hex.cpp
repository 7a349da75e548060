// SPDX-License-Identifier: MIT
#include <baton/core/hex.hpp>

namespace baton {

const char* to_string(HexError e) noexcept {
    switch (e) {
        case HexError::kOddLength:
            return "odd number of hex digits";
        case HexError::kInvalidDigit:
            return "invalid hex digit";
        case HexError::kWrongLength:
            return "wrong decoded length";
    }
    return "unknown hex error";
}

namespace {
int digit_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

Result<Bytes, HexFailure> decode_hex(std::string_view text) {
    std::size_t start = 0;
    if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) start = 2;
    const std::size_t digits = text.size() - start;
    if (digits % 2 != 0) return unexpected(HexFailure{HexError::kOddLength, text.size()});
    Bytes out;
    out.reserve(digits / 2);
    for (std::size_t i = start; i < text.size(); i += 2) {
        const int hi = digit_value(text[i]);
        if (hi < 0) return unexpected(HexFailure{HexError::kInvalidDigit, i});
        const int lo = digit_value(text[i + 1]);
        if (lo < 0) return unexpected(HexFailure{HexError::kInvalidDigit, i + 1});
        out.push_back(static_cast<std::uint8_t>((hi << 4) | lo));
    }
    return out;
}

std::string to_hex(ByteView bytes, bool prefix) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2 + 2);
    if (prefix) out += "0x";
    for (auto b : bytes) {
        out += kDigits[b >> 4];
        out += kDigits[b & 0x0f];
    }
    return out;
}

}  // namespace baton
