// SPDX-License-Identifier: MIT
#include <baton/protocol/compression.hpp>

#include <baton/core/assert.hpp>

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>

namespace baton::protocol {
namespace {

// Output is produced in chunks so that the cap is enforced without allocating it up front.
constexpr std::size_t kChunk = std::size_t{64} * 1024;

// zlib counts in uInt; feed it at most this much per call.
constexpr std::size_t kMaxZlibStep = UINT_MAX;

// Output room for the next step: one byte beyond the cap is requested so that "more output exists"
// can be told from a stream that ends exactly at the cap; that byte is never kept.
std::size_t chunk_room(std::size_t chunk, std::size_t left_under_cap) noexcept {
    return left_under_cap >= chunk ? chunk : left_under_cap + 1;
}

}  // namespace

const char* to_string(CompressionAlgo a) noexcept {
    switch (a) {
        case CompressionAlgo::kZlib:
            return "zlib";
        case CompressionAlgo::kBrotli:
            return "brotli";
    }
    return "unknown";
}

const char* to_string(CompressionError e) noexcept {
    switch (e) {
        case CompressionError::kEmptyChannel:
            return "empty channel";
        case CompressionError::kUnknownVersion:
            return "unknown channel version / compression type";
        case CompressionError::kBrotliBeforeFjord:
            return "brotli channel before Fjord";
    }
    return "unknown compression error";
}

const char* to_string(DecompressStatus s) noexcept {
    switch (s) {
        case DecompressStatus::kComplete:
            return "complete";
        case DecompressStatus::kTruncated:
            return "truncated stream";
        case DecompressStatus::kCorrupt:
            return "corrupt stream";
        case DecompressStatus::kLimitReached:
            return "decompressed size limit reached";
    }
    return "unknown";
}

Result<CompressionAlgo, CompressionError> detect_compression(ByteView channel, bool fjord_active) noexcept {
    if (channel.empty()) return unexpected(CompressionError::kEmptyChannel);
    const auto b0 = channel[0];
    const auto low = b0 & 0x0F;
    if (low == 8 || low == 15) return CompressionAlgo::kZlib;
    if (b0 == kChannelVersionBrotli) {
        if (!fjord_active) return unexpected(CompressionError::kBrotliBeforeFjord);
        return CompressionAlgo::kBrotli;
    }
    return unexpected(CompressionError::kUnknownVersion);
}

Decompressed decompress_zlib(ByteView stream, std::size_t max_output) {
    Decompressed out;
    out.algo = CompressionAlgo::kZlib;
    z_stream zs{};
    if (inflateInit(&zs) != Z_OK) {
        out.status = DecompressStatus::kCorrupt;  // only on allocation failure
        return out;
    }
    std::size_t in_pos = 0;
    std::array<std::uint8_t, kChunk> buf{};
    for (;;) {
        if (zs.avail_in == 0 && in_pos < stream.size()) {
            const auto step = std::min(stream.size() - in_pos, kMaxZlibStep);
            zs.next_in = const_cast<Bytef*>(stream.data() + in_pos);  // zlib's API is not const
            zs.avail_in = static_cast<uInt>(step);
            in_pos += step;
        }
        const std::size_t room = chunk_room(buf.size(), max_output - out.data.size());
        zs.next_out = buf.data();
        zs.avail_out = static_cast<uInt>(room);
        const int rc = inflate(&zs, Z_NO_FLUSH);
        const std::size_t produced = room - zs.avail_out;
        const std::size_t keep = std::min(produced, max_output - out.data.size());
        out.data.insert(out.data.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(keep));
        if (produced > keep) {
            out.status = DecompressStatus::kLimitReached;
            break;
        }
        if (rc == Z_STREAM_END) {
            out.status = DecompressStatus::kComplete;
            break;
        }
        if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_STREAM_ERROR || rc == Z_MEM_ERROR) {
            out.status = DecompressStatus::kCorrupt;
            break;
        }
        // Z_OK or Z_BUF_ERROR: no progress is possible only when all input is used up.
        if (produced == 0 && zs.avail_in == 0 && in_pos == stream.size()) {
            out.status = DecompressStatus::kTruncated;
            break;
        }
    }
    inflateEnd(&zs);
    return out;
}

Decompressed decompress_brotli(ByteView stream, std::size_t max_output) {
    Decompressed out;
    out.algo = CompressionAlgo::kBrotli;
    BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    if (state == nullptr) {
        out.status = DecompressStatus::kCorrupt;  // only on allocation failure
        return out;
    }
    std::size_t avail_in = stream.size();
    const std::uint8_t* next_in = stream.data();
    std::array<std::uint8_t, kChunk> buf{};
    for (;;) {
        const std::size_t room = chunk_room(buf.size(), max_output - out.data.size());
        std::size_t avail_out = room;
        std::uint8_t* next_out = buf.data();
        const auto rc =
            BrotliDecoderDecompressStream(state, &avail_in, &next_in, &avail_out, &next_out, nullptr);
        const std::size_t produced = room - avail_out;
        const std::size_t keep = std::min(produced, max_output - out.data.size());
        out.data.insert(out.data.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(keep));
        if (produced > keep) {
            out.status = DecompressStatus::kLimitReached;
            break;
        }
        if (rc == BROTLI_DECODER_RESULT_SUCCESS) {
            out.status = DecompressStatus::kComplete;
            break;
        }
        if (rc == BROTLI_DECODER_RESULT_ERROR) {
            out.status = DecompressStatus::kCorrupt;
            break;
        }
        if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) {
            // All input was handed over at once, so "more input" means the stream was cut.
            out.status = DecompressStatus::kTruncated;
            break;
        }
        // BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: loop with a fresh buffer.
    }
    BrotliDecoderDestroyInstance(state);
    return out;
}

Result<Decompressed, CompressionError> decompress_channel(ByteView channel, bool fjord_active,
                                                          std::size_t max_output) {
    auto algo = detect_compression(channel, fjord_active);
    if (!algo) return unexpected(algo.error());
    if (*algo == CompressionAlgo::kZlib) return decompress_zlib(channel, max_output);
    return decompress_brotli(channel.subspan(1), max_output);
}

Bytes compress_zlib(ByteView data, int level) {
    level = std::clamp(level, 0, 9);
    // compressBound is exact worst case for a single deflate call over the whole input.
    BATON_ASSERT(data.size() <= kMaxZlibStep);
    uLongf size = compressBound(static_cast<uLong>(data.size()));
    Bytes out(size);
    const int rc = compress2(out.data(), &size, data.data(), static_cast<uLong>(data.size()), level);
    BATON_ASSERT(rc == Z_OK);  // only fails on allocation failure or a too small buffer
    out.resize(size);
    return out;
}

Bytes compress_brotli(ByteView data, int quality) {
    quality = std::clamp(quality, BROTLI_MIN_QUALITY, BROTLI_MAX_QUALITY);
    std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
    BATON_ASSERT(size != 0);  // 0 means the input is too large to bound
    Bytes out(size);
    const auto ok = BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, data.size(),
                                          data.data(), &size, out.data());
    BATON_ASSERT(ok == BROTLI_TRUE);
    out.resize(size);
    return out;
}

Bytes compress_channel(ByteView data, CompressionAlgo algo, int level) {
    if (algo == CompressionAlgo::kZlib) return compress_zlib(data, level);
    Bytes out;
    out.push_back(kChannelVersionBrotli);
    append(out, compress_brotli(data, level));
    return out;
}

}  // namespace baton::protocol
