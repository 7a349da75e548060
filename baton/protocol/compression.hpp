// SPDX-License-Identifier: MIT
#pragma once

// Channel compression (OP-PROTOCOL.md §4). With b0 the first byte of a channel:
// - (b0 & 0x0F) == 8 or 15: the whole channel is a zlib stream (RFC 1950);
// - b0 == 0x01: brotli (RFC 7932) of the remaining bytes, valid only from Fjord;
// - anything else (and an empty channel): invalid.
//
// Decisions:
// - Decompression is a stream read with an output cap (MAX_RLP_BYTES_PER_CHANNEL, passed in: the
//   fork choice belongs to the caller). It never fails after detection: it returns the bytes it
//   produced and how the stream ended, because a truncated or corrupt stream still yields the
//   batches wholly before the cut (op-node reads batches until the reader errors).
// - kLimitReached means more output existed past the cap; exactly `cap` bytes with a clean end is
//   kComplete.
// - Bytes after the end of a complete zlib/brotli stream are ignored, as Go's readers do.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace baton::protocol {

inline constexpr std::size_t kMaxRlpBytesPerChannel = 10'000'000;        // before Fjord
inline constexpr std::size_t kMaxRlpBytesPerChannelFjord = 100'000'000;  // from Fjord
inline constexpr std::uint8_t kChannelVersionBrotli = 0x01;

enum class CompressionAlgo : std::uint8_t { kZlib, kBrotli };

const char* to_string(CompressionAlgo a) noexcept;

enum class [[nodiscard]] CompressionError{
    kEmptyChannel,       // no first byte to decide on
    kUnknownVersion,     // first byte is neither zlib nor a known channel version
    kBrotliBeforeFjord,  // version 0x01 while Fjord is not active
};

const char* to_string(CompressionError e) noexcept;

// Which compression the channel uses, from its first byte.
Result<CompressionAlgo, CompressionError> detect_compression(ByteView channel, bool fjord_active) noexcept;

enum class DecompressStatus : std::uint8_t {
    kComplete,      // the stream ended properly within the cap
    kTruncated,     // the input ran out before the end of the stream
    kCorrupt,       // the stream is malformed (bad header, bad data, bad checksum)
    kLimitReached,  // the cap was reached and the stream had more output
};

const char* to_string(DecompressStatus s) noexcept;

struct Decompressed {
    CompressionAlgo algo = CompressionAlgo::kZlib;
    Bytes data;  // everything produced before the stream ended, failed or hit the cap
    DecompressStatus status = DecompressStatus::kComplete;
};

// Detects and decompresses a whole channel, producing at most `max_output` bytes.
Result<Decompressed, CompressionError> decompress_channel(ByteView channel, bool fjord_active,
                                                          std::size_t max_output);

// The raw codecs, without channel version bytes (the brotli one is also used for vectors).
Decompressed decompress_zlib(ByteView stream, std::size_t max_output);
Decompressed decompress_brotli(ByteView stream, std::size_t max_output);

// Compressors for channel-out. `level` is zlib's 0..9 or brotli's quality 0..11 (clamped).
// compress_channel prefixes the brotli channel version byte; zlib streams carry none.
Bytes compress_zlib(ByteView data, int level = 9);
Bytes compress_brotli(ByteView data, int quality = 11);
Bytes compress_channel(ByteView data, CompressionAlgo algo, int level);

}  // namespace baton::protocol
