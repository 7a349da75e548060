// SPDX-License-Identifier: MIT
#pragma once

// The receiving side of channels (OP-PROTOCOL.md §4): assembling a channel from frames, and
// reading the batches out of a ready channel.
//
// Decisions:
// - `Channel` is the data structure and its rules (op-node's Channel.AddFrame). Which frames a
//   stage feeds it, timeouts and eviction are derivation policy and live in baton/derive.
// - AddFrame rejects, in op-node's order: a frame of another channel; a closing frame for an
//   already closed channel; a duplicate number; a number at or above the closing number of a closed
//   channel. A closing frame prunes buffered frames numbered above it.
// - Size accounting is Σ(len(data) + 200), except that a closing frame that prunes resets it to
//   its own size: op-node's prune loop (and kona's `retain`) subtracts every frame it visits, kept
//   ones included. The size drives pre-Holocene channel-bank eviction, so we match them exactly.
// - `ChannelReader` decompresses a ready channel's bytes with a cap (MAX_RLP_BYTES_PER_CHANNEL, a
//   parameter) and splits the stream into RLP byte strings, one per batch (`batch_type ++ content`).
//   It stops at the first problem, and every batch wholly before it stays valid. An empty string or
//   a bad batch type is returned as is: the batch decoder rejects it (and the stage then drops the
//   rest of the channel, as op-node does).
// - The RLP string reader is Go rlp.Stream.Bytes(): canonical sizes only (a single byte < 0x80 as
//   0x81 xx, a long form for < 56 bytes, a length with a leading zero are errors); a list is an error.
//   An item that would end past the cap is kSizeLimit when the decompressor had more output.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>
#include <baton/protocol/compression.hpp>
#include <baton/protocol/frame.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace baton::protocol {

// Per-frame overhead in a channel's size accounting.
inline constexpr std::size_t kFrameSizeOverhead = 200;

enum class [[nodiscard]] ChannelError{
    kWrongChannel,     // frame.id differs from the channel's id
    kAlreadyClosed,    // a second closing frame
    kDuplicateFrame,   // a frame number already present
    kFrameAfterClose,  // number >= the closing frame's number of a closed channel
};

const char* to_string(ChannelError e) noexcept;

class Channel {
public:
    explicit Channel(const ChannelId& id) : id_(id) {}

    const ChannelId& id() const noexcept { return id_; }

    // On error the channel is unchanged.
    Result<void, ChannelError> add_frame(Frame frame);

    bool is_closed() const noexcept { return end_number_.has_value(); }
    // Closed and every number 0..end present.
    bool is_ready() const noexcept;
    // Σ(len(frame.data) + kFrameSizeOverhead) over the frames held.
    std::size_t size() const noexcept { return size_; }
    std::size_t frame_count() const noexcept { return frames_.size(); }
    std::optional<std::uint16_t> end_number() const noexcept { return end_number_; }
    std::uint16_t highest_number() const noexcept { return highest_number_; }

    // The frames' data concatenated in number order. Only meaningful when is_ready().
    Bytes data() const;

private:
    ChannelId id_;
    std::map<std::uint16_t, Bytes> frames_;
    std::optional<std::uint16_t> end_number_;
    std::uint16_t highest_number_ = 0;
    std::size_t size_ = 0;
};

// How reading a channel's batches ended.
enum class ChannelEnd : std::uint8_t {
    kComplete,     // the stream ended cleanly after the last batch
    kTruncated,    // the compressed stream was cut (inside a batch or between batches)
    kCorrupt,      // the compressed stream is malformed
    kDecodeError,  // the decompressed stream holds something other than a canonical RLP string
    kSizeLimit,    // a batch would extend past MAX_RLP_BYTES_PER_CHANNEL
};

const char* to_string(ChannelEnd e) noexcept;

struct ChannelContent {
    CompressionAlgo algo = CompressionAlgo::kZlib;
    std::vector<Bytes> batches;  // each `batch_type ++ content`, RLP string header removed
    ChannelEnd end = ChannelEnd::kComplete;
    std::size_t end_offset = 0;  // offset in the decompressed stream where reading stopped
};

// Walks already decompressed channel bytes one batch at a time, each batch a view into the stream
// (valid as long as the stream is). Memory stays that of the stream however many batches it holds:
// 100 MB of zeros is 100 M one-byte batches, which as separate `Bytes` took 5.5 GB. `stream_status`
// says how decompression ended, to tell an item cut by the cap (kSizeLimit) or by a
// truncated/corrupt stream from a malformed one.
class BatchSplitter {
public:
    BatchSplitter(ByteView decompressed, DecompressStatus stream_status) noexcept
        : stream_(decompressed), status_(stream_status) {}

    // The next batch, or std::nullopt once the stream is exhausted; then end() says why.
    std::optional<ByteView> next();

    // Valid once next() returned std::nullopt.
    ChannelEnd end() const noexcept { return end_; }
    // Offset in the stream just past the last batch returned.
    std::size_t end_offset() const noexcept { return pos_; }

private:
    ByteView stream_;
    DecompressStatus status_;
    std::size_t pos_ = 0;
    bool done_ = false;
    ChannelEnd end_ = ChannelEnd::kComplete;
};

// Splits already decompressed channel bytes into owned batches, all at once. For tests and small
// channels: every batch is a separate allocation, so a stream of many tiny batches costs many times
// its size; decoders of untrusted channels walk them with BatchSplitter or ChannelReader instead.
ChannelContent split_batches(ByteView decompressed, DecompressStatus stream_status);

// Pulls batches out of one channel, one at a time, like op-node's ChannelInReader.
class ChannelReader {
public:
    // Detects the compression (CompressionError if the channel is unusable) and decompresses up
    // to `max_rlp_bytes`.
    static Result<ChannelReader, CompressionError> open(ByteView channel, bool fjord_active,
                                                        std::size_t max_rlp_bytes);

    // The next batch, or std::nullopt once the channel is exhausted; then end() says why.
    std::optional<Bytes> next_batch();

    CompressionAlgo algo() const noexcept { return algo_; }
    // Valid once next_batch() returned std::nullopt.
    ChannelEnd end() const noexcept { return end_; }
    std::size_t end_offset() const noexcept { return pos_; }

private:
    ChannelReader(CompressionAlgo algo, Bytes data, DecompressStatus status)
        : algo_(algo), data_(std::move(data)), status_(status) {}

    CompressionAlgo algo_;
    Bytes data_;
    DecompressStatus status_;
    std::size_t pos_ = 0;
    bool done_ = false;
    ChannelEnd end_ = ChannelEnd::kComplete;
};

// Reads every batch of a channel at once (split_batches' cost: for tests and channels we built).
Result<ChannelContent, CompressionError> read_channel(ByteView channel, bool fjord_active,
                                                      std::size_t max_rlp_bytes);

}  // namespace baton::protocol
