// SPDX-License-Identifier: MIT
#pragma once

// The sending side of a channel (OP-PROTOCOL.md §4, op-batcher's ChannelOut): batches in, frames out.
//
//   channel = compress( rlp_string(batch_0) ++ rlp_string(batch_1) ++ ... )
//
// Decisions:
// - Batches are given already encoded (`batch_type ++ content`); the channel only RLP-wraps each as a
//   byte string, so protocol's batch codecs and this file stay independent.
// - Compression runs once, at close(), over the whole uncompressed stream: the caller (the batcher's
//   channel builder) decides when a channel is full from input_bytes() / a trial compression, and
//   op-batcher's shadow compressor does the same in effect. This keeps ChannelOut deterministic.
// - The channel id comes from the caller: randomness stays out of protocol.
// - `max_frame_size` is the size of an encoded frame including its 23-byte overhead (op-batcher's
//   MaxFrameSize); a batcher tx is that plus the version byte. Frames are cut greedily, the last one
//   closes the channel, and data that fits exactly ends without an extra empty frame. An empty
//   compressed stream cannot happen (zlib and brotli always emit a header).

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/protocol/compression.hpp>
#include <baton/protocol/frame.hpp>

#include <cstddef>
#include <vector>

namespace baton::protocol {

enum class [[nodiscard]] ChannelOutError{
    kClosed,             // add_batch after close
    kNotClosed,          // frames() before close
    kEmptyBatch,         // a batch must hold at least its type byte
    kTooLarge,           // the RLP stream would exceed the channel's max_rlp_bytes
    kFrameSizeTooSmall,  // max_frame_size leaves no room for data
    kTooManyFrames,      // more than 65536 frames would be needed
};

const char* to_string(ChannelOutError e) noexcept;

class ChannelOut {
public:
    // `level`: zlib 0..9 or brotli quality 0..11. `max_rlp_bytes` should be the reader's
    // MAX_RLP_BYTES_PER_CHANNEL so that everything written can be read back.
    ChannelOut(const ChannelId& id, CompressionAlgo algo, int level = 9,
               std::size_t max_rlp_bytes = kMaxRlpBytesPerChannel)
        : id_(id), algo_(algo), level_(level), max_rlp_bytes_(max_rlp_bytes) {}

    const ChannelId& id() const noexcept { return id_; }
    CompressionAlgo algo() const noexcept { return algo_; }

    // Appends one encoded batch as an RLP byte string. On error nothing is added.
    Result<void, ChannelOutError> add_batch(ByteView batch);

    std::size_t batch_count() const noexcept { return batch_count_; }
    // Uncompressed RLP stream size so far.
    std::size_t input_bytes() const noexcept { return rlp_.size(); }
    // The uncompressed RLP stream so far (what a reader decompresses to).
    ByteView rlp_stream() const noexcept { return rlp_; }

    // Compresses; no batch may be added afterwards. Closing twice is kClosed.
    Result<void, ChannelOutError> close();
    bool is_closed() const noexcept { return closed_; }

    // The compressed channel bytes (empty until closed).
    ByteView compressed() const noexcept { return compressed_; }

    // Splits the compressed channel into frames numbered from 0, each at most `max_frame_size`
    // encoded bytes, the last one closing.
    Result<std::vector<Frame>, ChannelOutError> frames(std::size_t max_frame_size) const;

private:
    ChannelId id_;
    CompressionAlgo algo_;
    int level_;
    std::size_t max_rlp_bytes_;
    Bytes rlp_;
    std::size_t batch_count_ = 0;
    bool closed_ = false;
    Bytes compressed_;
};

// Appends `s` as a canonical RLP byte string (what ChannelOut does to each batch).
void append_rlp_string(Bytes& out, ByteView s);

// Splits `channel_data` into frames of at most `max_frame_size` encoded bytes (see ChannelOut).
Result<std::vector<Frame>, ChannelOutError> split_into_frames(const ChannelId& id, ByteView channel_data,
                                                              std::size_t max_frame_size);

}  // namespace baton::protocol
