// SPDX-License-Identifier: MIT
#include <baton/protocol/channel_out.hpp>

#include <algorithm>

namespace baton::protocol {

const char* to_string(ChannelOutError e) noexcept {
    switch (e) {
        case ChannelOutError::kClosed:
            return "channel is closed";
        case ChannelOutError::kNotClosed:
            return "channel is not closed yet";
        case ChannelOutError::kEmptyBatch:
            return "empty batch";
        case ChannelOutError::kTooLarge:
            return "channel would exceed MAX_RLP_BYTES_PER_CHANNEL";
        case ChannelOutError::kFrameSizeTooSmall:
            return "max frame size leaves no room for frame data";
        case ChannelOutError::kTooManyFrames:
            return "channel needs more than 65536 frames";
    }
    return "unknown channel-out error";
}

void append_rlp_string(Bytes& out, ByteView s) {
    if (s.size() == 1 && s[0] < 0x80) {
        out.push_back(s[0]);
        return;
    }
    if (s.size() < 56) {
        out.push_back(static_cast<std::uint8_t>(0x80 + s.size()));
    } else {
        std::size_t len_of_len = 0;
        for (auto n = s.size(); n != 0; n >>= 8) ++len_of_len;
        out.push_back(static_cast<std::uint8_t>(0xB7 + len_of_len));
        append_be(out, s.size(), len_of_len);
    }
    append(out, s);
}

Result<void, ChannelOutError> ChannelOut::add_batch(ByteView batch) {
    if (closed_) return unexpected(ChannelOutError::kClosed);
    if (batch.empty()) return unexpected(ChannelOutError::kEmptyBatch);
    const std::size_t before = rlp_.size();
    append_rlp_string(rlp_, batch);
    if (rlp_.size() > max_rlp_bytes_) {
        rlp_.resize(before);
        return unexpected(ChannelOutError::kTooLarge);
    }
    ++batch_count_;
    return {};
}

Result<void, ChannelOutError> ChannelOut::close() {
    if (closed_) return unexpected(ChannelOutError::kClosed);
    compressed_ = compress_channel(rlp_, algo_, level_);
    closed_ = true;
    return {};
}

Result<std::vector<Frame>, ChannelOutError> ChannelOut::frames(std::size_t max_frame_size) const {
    if (!closed_) return unexpected(ChannelOutError::kNotClosed);
    return split_into_frames(id_, compressed_, max_frame_size);
}

Result<std::vector<Frame>, ChannelOutError> split_into_frames(const ChannelId& id, ByteView channel_data,
                                                              std::size_t max_frame_size) {
    if (max_frame_size <= kFrameOverhead) return unexpected(ChannelOutError::kFrameSizeTooSmall);
    const std::size_t max_data = std::min<std::size_t>(max_frame_size - kFrameOverhead, kMaxFrameLen);
    const std::size_t count = channel_data.empty() ? 1 : (channel_data.size() + max_data - 1) / max_data;
    if (count > 65536) return unexpected(ChannelOutError::kTooManyFrames);

    std::vector<Frame> frames;
    frames.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t start = i * max_data;
        const auto chunk = channel_data.subspan(start, std::min(max_data, channel_data.size() - start));
        frames.push_back(
            Frame{id, static_cast<std::uint16_t>(i), Bytes(chunk.begin(), chunk.end()), i + 1 == count});
    }
    return frames;
}

}  // namespace baton::protocol
