// SPDX-License-Identifier: MIT
#include <baton/protocol/frame.hpp>

#include <baton/core/assert.hpp>

#include <algorithm>

namespace baton::protocol {

const char* to_string(FrameError e) noexcept {
    switch (e) {
        case FrameError::kTruncatedChannelId:
            return "truncated frame: channel_id";
        case FrameError::kTruncatedFrameNumber:
            return "truncated frame: frame_number";
        case FrameError::kTruncatedDataLength:
            return "truncated frame: frame_data_length";
        case FrameError::kDataTooLong:
            return "frame_data_length exceeds MaxFrameLen";
        case FrameError::kTruncatedData:
            return "truncated frame: frame_data";
        case FrameError::kTruncatedIsLast:
            return "truncated frame: is_last";
        case FrameError::kInvalidIsLast:
            return "invalid is_last byte";
    }
    return "unknown frame error";
}

bool is_truncation(FrameError e) noexcept {
    switch (e) {
        case FrameError::kTruncatedChannelId:
        case FrameError::kTruncatedFrameNumber:
        case FrameError::kTruncatedDataLength:
        case FrameError::kTruncatedData:
        case FrameError::kTruncatedIsLast:
            return true;
        case FrameError::kDataTooLong:
        case FrameError::kInvalidIsLast:
            return false;
    }
    return false;
}

Result<Frame, FrameFailure> decode_frame(ByteView& in) {
    std::size_t pos = 0;
    const auto remaining = [&] { return in.size() - pos; };

    Frame frame;
    if (remaining() < frame.id.size()) return unexpected(FrameFailure{FrameError::kTruncatedChannelId, pos});
    std::copy_n(in.begin(), frame.id.size(), frame.id.begin());
    pos += frame.id.size();

    if (remaining() < 2) return unexpected(FrameFailure{FrameError::kTruncatedFrameNumber, pos});
    frame.number = static_cast<std::uint16_t>(load_be(in.subspan(pos, 2)));
    pos += 2;

    if (remaining() < 4) return unexpected(FrameFailure{FrameError::kTruncatedDataLength, pos});
    const auto length = load_be(in.subspan(pos, 4));
    if (length > kMaxFrameLen) return unexpected(FrameFailure{FrameError::kDataTooLong, pos});
    pos += 4;

    if (remaining() < length) return unexpected(FrameFailure{FrameError::kTruncatedData, pos});
    const auto data = in.subspan(pos, static_cast<std::size_t>(length));
    pos += data.size();

    if (remaining() < 1) return unexpected(FrameFailure{FrameError::kTruncatedIsLast, pos});
    const auto is_last = in[pos];
    if (is_last > 1) return unexpected(FrameFailure{FrameError::kInvalidIsLast, pos});
    pos += 1;

    frame.data.assign(data.begin(), data.end());
    frame.is_last = is_last == 1;
    in = in.subspan(pos);
    return frame;
}

void encode_frame(Bytes& out, const Frame& frame) {
    BATON_ASSERT(frame.data.size() <= kMaxFrameLen);
    out.reserve(out.size() + encoded_size(frame));
    out.insert(out.end(), frame.id.begin(), frame.id.end());
    append_be(out, frame.number, 2);
    append_be(out, frame.data.size(), 4);
    append(out, frame.data);
    out.push_back(frame.is_last ? 1 : 0);
}

Bytes encode_frame(const Frame& frame) {
    Bytes out;
    encode_frame(out, frame);
    return out;
}

}  // namespace baton::protocol
