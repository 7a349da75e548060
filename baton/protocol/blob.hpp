// SPDX-License-Identifier: MIT
#pragma once

// The blob data codec (Ecotone; OP-PROTOCOL.md §2, op-service eth/blob.go). A blob is 4096 field
// elements of 32 bytes. Each round packs 127 bytes of the stream into 4 field elements: 31 bytes
// in bytes 1..31 of each, and 3 more bytes (x, y, z) split into 6-bit pieces in the top bytes.
//
//   stream = version:u8 (0) ++ length:u24 ++ data ++ zero padding      (1024 rounds, 130048 bytes)
//
// Decisions (following op-node, the reference for decoding):
// - The top two bits of field element 0's top byte are not checked (op-node reads only its low six
//   bits); those of every other field element decoded are (kInvalidFieldElement). A real blob cannot
//   have them set anyway: field elements are below the BLS modulus.
// - Rounds are decoded only up to the declared length; everything after must be zero. A nonzero
//   byte inside the decoded rounds but past the length is kExtraneousDataFieldElement, one in the
//   undecoded rest kExtraneousData (op-node's two errors; both mean "invalid blob").

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace baton::protocol {

inline constexpr std::size_t kBlobSize = 131072;
inline constexpr std::size_t kMaxBlobDataSize = 130044;  // (4*31+3)*1024 - 4
inline constexpr std::uint8_t kBlobEncodingVersion = 0;

enum class [[nodiscard]] BlobError{
    kInputTooLarge,               // encode: more than kMaxBlobDataSize bytes
    kWrongBlobSize,               // decode: the blob is not kBlobSize bytes
    kInvalidEncodingVersion,      // stream byte 0 (blob byte 1) is not 0
    kInvalidLength,               // declared length > kMaxBlobDataSize
    kInvalidFieldElement,         // a decoded field element has one of its top two bits set
    kExtraneousDataFieldElement,  // nonzero decoded data past the declared length
    kExtraneousData,              // nonzero blob byte past the decoded rounds
};

const char* to_string(BlobError e) noexcept;

struct BlobFailure {
    BlobError error;
    std::size_t offset = 0;  // blob offset of the offending byte (0 for size/length errors)
};

// A kBlobSize-byte blob holding `data`.
Result<Bytes, BlobError> encode_blob(ByteView data);

Result<Bytes, BlobFailure> decode_blob(ByteView blob);

}  // namespace baton::protocol
