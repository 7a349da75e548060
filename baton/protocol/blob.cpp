// SPDX-License-Identifier: MIT
#include <baton/protocol/blob.hpp>

#include <algorithm>
#include <array>

namespace baton::protocol {
namespace {

constexpr std::size_t kRounds = 1024;
constexpr std::size_t kRoundData = 127;                    // stream bytes per round
constexpr std::size_t kRoundBlob = 128;                    // blob bytes per round (4 field elements)
constexpr std::size_t kStreamSize = kRounds * kRoundData;  // 4 header bytes + kMaxBlobDataSize
constexpr std::size_t kHeaderSize = 4;
static_assert(kStreamSize == kHeaderSize + kMaxBlobDataSize);

}  // namespace

const char* to_string(BlobError e) noexcept {
    switch (e) {
        case BlobError::kInputTooLarge:
            return "blob input too large";
        case BlobError::kWrongBlobSize:
            return "blob is not 131072 bytes";
        case BlobError::kInvalidEncodingVersion:
            return "invalid blob encoding version";
        case BlobError::kInvalidLength:
            return "invalid blob data length";
        case BlobError::kInvalidFieldElement:
            return "invalid field element (top bits set)";
        case BlobError::kExtraneousDataFieldElement:
            return "extraneous data in decoded field elements";
        case BlobError::kExtraneousData:
            return "extraneous data past the decoded field elements";
    }
    return "unknown blob error";
}

Result<Bytes, BlobError> encode_blob(ByteView data) {
    if (data.size() > kMaxBlobDataSize) return unexpected(BlobError::kInputTooLarge);
    Bytes blob(kBlobSize, 0);
    if (data.empty()) return blob;  // version 0, length 0: all zero

    // The stream is only as long as the rounds that carry data; the rest of the blob stays zero.
    const std::size_t used = kHeaderSize + data.size();
    const std::size_t rounds = (used + kRoundData - 1) / kRoundData;
    Bytes stream(rounds * kRoundData, 0);
    stream[0] = kBlobEncodingVersion;
    stream[1] = static_cast<std::uint8_t>(data.size() >> 16);
    stream[2] = static_cast<std::uint8_t>(data.size() >> 8);
    stream[3] = static_cast<std::uint8_t>(data.size());
    std::copy(data.begin(), data.end(), stream.begin() + kHeaderSize);

    for (std::size_t r = 0; r < rounds; ++r) {
        const std::uint8_t* in = stream.data() + r * kRoundData;
        std::uint8_t* out = blob.data() + r * kRoundBlob;
        // Stream layout per round: A[31] x B[31] y C[31] z D[31].
        const std::uint8_t x = in[31];
        const std::uint8_t y = in[63];
        const std::uint8_t z = in[95];
        out[0] = x & 0x3F;
        std::copy_n(in, 31, out + 1);
        out[32] = static_cast<std::uint8_t>((y & 0x0F) | ((x & 0xC0) >> 2));
        std::copy_n(in + 32, 31, out + 33);
        out[64] = z & 0x3F;
        std::copy_n(in + 64, 31, out + 65);
        out[96] = static_cast<std::uint8_t>(((z & 0xC0) >> 2) | ((y & 0xF0) >> 4));
        std::copy_n(in + 96, 31, out + 97);
    }
    return blob;
}

Result<Bytes, BlobFailure> decode_blob(ByteView blob) {
    if (blob.size() != kBlobSize) return unexpected(BlobFailure{BlobError::kWrongBlobSize, 0});
    if (blob[1] != kBlobEncodingVersion)
        return unexpected(BlobFailure{BlobError::kInvalidEncodingVersion, 1});
    const std::size_t length = static_cast<std::size_t>(load_be(blob.subspan(2, 3)));
    if (length > kMaxBlobDataSize) return unexpected(BlobFailure{BlobError::kInvalidLength, 2});

    // Round 0 is always decoded; later rounds only while data remains (op-node's loop).
    const std::size_t used = kHeaderSize + length;
    const std::size_t rounds = std::max<std::size_t>(1, (used + kRoundData - 1) / kRoundData);
    Bytes stream(rounds * kRoundData, 0);
    for (std::size_t r = 0; r < rounds; ++r) {
        const std::uint8_t* in = blob.data() + r * kRoundBlob;
        std::uint8_t* out = stream.data() + r * kRoundData;
        std::array<std::uint8_t, 4> top{};
        for (std::size_t fe = 0; fe < 4; ++fe) {
            top[fe] = in[fe * 32];
            if (!(r == 0 && fe == 0) && (top[fe] & 0xC0) != 0) {
                return unexpected(BlobFailure{BlobError::kInvalidFieldElement, r * kRoundBlob + fe * 32});
            }
            std::copy_n(in + fe * 32 + 1, 31, out + fe * 32);
        }
        out[31] = static_cast<std::uint8_t>((top[0] & 0x3F) | ((top[1] & 0x30) << 2));
        out[63] = static_cast<std::uint8_t>((top[1] & 0x0F) | ((top[3] & 0x0F) << 4));
        out[95] = static_cast<std::uint8_t>((top[2] & 0x3F) | ((top[3] & 0x30) << 2));
    }
    for (std::size_t i = used; i < stream.size(); ++i) {
        if (stream[i] != 0) {
            return unexpected(
                BlobFailure{BlobError::kExtraneousDataFieldElement, (i / kRoundData) * kRoundBlob});
        }
    }
    for (std::size_t i = rounds * kRoundBlob; i < kBlobSize; ++i) {
        if (blob[i] != 0) return unexpected(BlobFailure{BlobError::kExtraneousData, i});
    }
    return Bytes(stream.begin() + kHeaderSize, stream.begin() + static_cast<std::ptrdiff_t>(used));
}

}  // namespace baton::protocol
