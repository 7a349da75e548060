// SPDX-License-Identifier: MIT
#pragma once

// Hex text <-> bytes. Decoding accepts an optional "0x"/"0X" prefix and either letter case; it
// rejects an odd number of digits and any non-hex character, reporting the offending offset.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace baton {

enum class [[nodiscard]] HexError{
    kOddLength,     // an odd number of hex digits
    kInvalidDigit,  // a character outside [0-9a-fA-F]
    kWrongLength,   // decoded size differs from the fixed size asked for
};

const char* to_string(HexError e) noexcept;

struct HexFailure {
    HexError error;
    std::size_t offset;  // offset in the input text (after any prefix is counted) where it failed
};

Result<Bytes, HexFailure> decode_hex(std::string_view text);

template <std::size_t N>
Result<FixedBytes<N>, HexFailure> decode_hex_fixed(std::string_view text) {
    auto bytes = decode_hex(text);
    if (!bytes) return unexpected(bytes.error());
    if (bytes->size() != N) return unexpected(HexFailure{HexError::kWrongLength, 0});
    FixedBytes<N> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = (*bytes)[i];
    return out;
}

// Lower-case hex with a "0x" prefix (or none when `prefix` is false).
std::string to_hex(ByteView bytes, bool prefix = true);

}  // namespace baton
