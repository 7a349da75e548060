// SPDX-License-Identifier: MIT
#pragma once

// Byte containers shared by every layer. Wire data is held in value types: owning `Bytes`, borrowed
// `ByteView`, fixed-width `B256` (hashes, words) and `Address`.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace baton {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

template <std::size_t N>
using FixedBytes = std::array<std::uint8_t, N>;

using B256 = FixedBytes<32>;
using Address = FixedBytes<20>;

inline ByteView as_view(std::string_view s) noexcept {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

inline Bytes to_bytes(ByteView v) {
    return {v.begin(), v.end()};
}

inline void append(Bytes& out, ByteView v) {
    out.insert(out.end(), v.begin(), v.end());
}

// Reads a big-endian unsigned integer of `bytes.size()` <= 8 bytes.
inline std::uint64_t load_be(ByteView bytes) noexcept {
    std::uint64_t v = 0;
    for (auto b : bytes) v = (v << 8) | b;
    return v;
}

// Appends `value` as a big-endian integer of exactly `width` bytes (width <= 8).
inline void append_be(Bytes& out, std::uint64_t value, std::size_t width) {
    for (std::size_t i = width; i-- > 0;) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

}  // namespace baton
