// SPDX-License-Identifier: MIT
#include <baton/core/keccak.hpp>

#include <algorithm>
#include <cstring>

namespace baton {
namespace {

constexpr std::uint64_t kRoundConstants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

// Rho offsets and pi destinations along the lane walk starting at (1, 0).
constexpr unsigned kRho[24] = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                               27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};
constexpr unsigned kPi[24] = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                              15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};

constexpr std::uint64_t rotl(std::uint64_t x, unsigned n) noexcept {
    return (x << n) | (x >> ((64 - n) & 63));
}

void keccak_f1600(std::uint64_t (&a)[25]) noexcept {
    for (std::uint64_t rc : kRoundConstants) {
        // theta (written out: the modulo-indexed loop form runs about 2x slower with g++ -O2)
        const std::uint64_t c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20];
        const std::uint64_t c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21];
        const std::uint64_t c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22];
        const std::uint64_t c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23];
        const std::uint64_t c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24];
        const std::uint64_t d[5] = {c4 ^ rotl(c1, 1), c0 ^ rotl(c2, 1), c1 ^ rotl(c3, 1), c2 ^ rotl(c4, 1),
                                    c3 ^ rotl(c0, 1)};
        for (int y = 0; y < 25; y += 5) {
            a[y] ^= d[0];
            a[y + 1] ^= d[1];
            a[y + 2] ^= d[2];
            a[y + 3] ^= d[3];
            a[y + 4] ^= d[4];
        }
        // rho and pi
        std::uint64_t current = a[1];
        // Fully unrolled, the table lookups and rotation counts become constants.
#pragma GCC unroll 24
        for (int i = 0; i < 24; ++i) {
            const unsigned j = kPi[i];
            const std::uint64_t next = a[j];
            a[j] = rotl(current, kRho[i]);
            current = next;
        }
        // chi
        for (int y = 0; y < 25; y += 5) {
            const std::uint64_t r0 = a[y];
            const std::uint64_t r1 = a[y + 1];
            const std::uint64_t r2 = a[y + 2];
            const std::uint64_t r3 = a[y + 3];
            const std::uint64_t r4 = a[y + 4];
            a[y] = r0 ^ (~r1 & r2);
            a[y + 1] = r1 ^ (~r2 & r3);
            a[y + 2] = r2 ^ (~r3 & r4);
            a[y + 3] = r3 ^ (~r4 & r0);
            a[y + 4] = r4 ^ (~r0 & r1);
        }
        // iota
        a[0] ^= rc;
    }
}

std::uint64_t load_le64(const std::uint8_t* p) noexcept {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

}  // namespace

void Keccak256::update(ByteView data) noexcept {
    std::size_t pos = 0;
    if (buffered_ > 0) {
        const std::size_t take = std::min(kRate - buffered_, data.size());
        if (take > 0) std::memcpy(buffer_ + buffered_, data.data(), take);
        buffered_ += take;
        pos = take;
        if (buffered_ < kRate) return;
        for (std::size_t i = 0; i < kRate / 8; ++i) state_[i] ^= load_le64(buffer_ + 8 * i);
        keccak_f1600(state_);
        buffered_ = 0;
    }
    while (data.size() - pos >= kRate) {
        for (std::size_t i = 0; i < kRate / 8; ++i) state_[i] ^= load_le64(data.data() + pos + 8 * i);
        keccak_f1600(state_);
        pos += kRate;
    }
    const std::size_t rest = data.size() - pos;
    if (rest > 0) std::memcpy(buffer_, data.data() + pos, rest);
    buffered_ = rest;
}

B256 Keccak256::finalize() noexcept {
    // Original Keccak padding (pad10*1 with domain bit 0x01), not SHA-3's 0x06.
    std::memset(buffer_ + buffered_, 0, kRate - buffered_);
    buffer_[buffered_] ^= 0x01;
    buffer_[kRate - 1] ^= 0x80;
    for (std::size_t i = 0; i < kRate / 8; ++i) state_[i] ^= load_le64(buffer_ + 8 * i);
    keccak_f1600(state_);
    B256 out{};
    for (std::size_t i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(state_[i / 8] >> (8 * (i % 8)));
    buffered_ = 0;
    return out;
}

B256 keccak256(ByteView data) noexcept {
    Keccak256 h;
    h.update(data);
    return h.finalize();
}

}  // namespace baton
