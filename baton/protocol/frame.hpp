// SPDX-License-Identifier: MIT
#pragma once

// Frames: the unit a batcher transaction carries (OP-PROTOCOL.md §3).
//
//   frame = channel_id[16] ++ frame_number:u16 ++ frame_data_length:u32 ++ frame_data ++ is_last:u8
//
// Decisions:
// - `frame_data_length > kMaxFrameLen` is rejected before the data is read, as op-node does, so a
//   length word alone never makes us look (or allocate) past the limit.
// - `is_last` must be 0 or 1 (spec and op-node); kona's "anything but 1 is false" is not followed.
// - Errors name the field that ran short and carry the byte offset (from the start of the view the
//   decoder was given) at which the field starts, like evmone's flat EOF validation errors.

#include <baton/core/bytes.hpp>
#include <baton/core/result.hpp>

#include <cstddef>
#include <cstdint>

namespace baton::protocol {

using ChannelId = FixedBytes<16>;

inline constexpr std::size_t kFrameOverhead = 23;         // fixed bytes around frame_data
inline constexpr std::uint32_t kMaxFrameLen = 1'000'000;  // max frame_data_length

struct Frame {
    ChannelId id{};
    std::uint16_t number = 0;
    Bytes data;
    bool is_last = false;

    friend bool operator==(const Frame&, const Frame&) = default;
};

enum class [[nodiscard]] FrameError{
    kTruncatedChannelId,    // fewer than 16 bytes for channel_id
    kTruncatedFrameNumber,  // fewer than 2 bytes for frame_number
    kTruncatedDataLength,   // fewer than 4 bytes for frame_data_length
    kDataTooLong,           // frame_data_length > kMaxFrameLen
    kTruncatedData,         // fewer than frame_data_length bytes of frame_data
    kTruncatedIsLast,       // no byte left for is_last
    kInvalidIsLast,         // is_last is neither 0 nor 1
};

const char* to_string(FrameError e) noexcept;

// True for the kTruncated* errors (the input ended inside the frame).
bool is_truncation(FrameError e) noexcept;

struct FrameFailure {
    FrameError error;
    std::size_t offset;  // where the failing field starts, relative to the view passed in

    friend bool operator==(const FrameFailure&, const FrameFailure&) = default;
};

// Decodes one frame from the front of `in` and advances `in` past it. On error `in` is unchanged.
Result<Frame, FrameFailure> decode_frame(ByteView& in);

// Size of the encoded frame: kFrameOverhead + data size.
inline std::size_t encoded_size(const Frame& frame) noexcept {
    return kFrameOverhead + frame.data.size();
}

// Appends the encoding of `frame`. The caller guarantees data.size() <= kMaxFrameLen (asserted):
// an encoder that wrote an undecodable frame would be a bug, not bad input.
void encode_frame(Bytes& out, const Frame& frame);
Bytes encode_frame(const Frame& frame);

}  // namespace baton::protocol
