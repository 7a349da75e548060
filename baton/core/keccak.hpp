// SPDX-License-Identifier: MIT
#pragma once

// Ethereum's Keccak-256: the original Keccak submission with multi-rate padding 0x01 ... 0x80, which
// differs from FIPS-202 SHA3-256 (domain byte 0x06). Every hash in Ethereum (tx hashes, selectors,
// addresses, event topics) uses this variant.

#include <baton/core/bytes.hpp>

#include <cstddef>
#include <cstdint>

namespace baton {

// One-shot Keccak-256 of `data`.
B256 keccak256(ByteView data) noexcept;

// Incremental Keccak-256 for hashing data that is not contiguous (e.g. type byte ++ RLP payload).
class Keccak256 {
public:
    Keccak256() noexcept = default;
    void update(ByteView data) noexcept;
    // Finishes the hash; the object must not be updated afterwards.
    B256 finalize() noexcept;

private:
    static constexpr std::size_t kRate = 136;  // (1600 - 2 * 256) / 8 bytes absorbed per permutation
    std::uint64_t state_[25]{};
    std::uint8_t buffer_[kRate]{};
    std::size_t buffered_{0};
};

}  // namespace baton
